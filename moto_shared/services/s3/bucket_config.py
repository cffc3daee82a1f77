"""Bucket configurations stored and returned as given: tagging, policy, CORS,
lifecycle, encryption, public access block, ownership controls, website, event
notifications, transfer acceleration, replication, inventory and logging
(validated as S3 does, but no log is ever written).

They live in the bucket record's "config" map, so the object operations that
need one (notifications, default encryption) get it with the bucket at no
extra read.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any, Callable

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.protocol import ResultWithStatus
from moto_shared.services.s3 import exceptions, notifications
from moto_shared.services.s3.acl import LOG_DELIVERY
from moto_shared.services.s3.state import bucket_key, require_bucket
from moto_shared.services.s3.tagging import MAX_BUCKET_TAGS, tag_set, validate_tag_set
from moto_shared.store.base import Txn

#: config name -> (error code, message) S3 answers when it is absent.
MISSING = {
    "tagging": ("NoSuchTagSet", "The TagSet does not exist"),
    "policy": ("NoSuchBucketPolicy", "The bucket policy does not exist"),
    "cors": ("NoSuchCORSConfiguration", "The CORS configuration does not exist"),
    "lifecycle": ("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist"),
    "public_access_block": ("NoSuchPublicAccessBlockConfiguration",
                            "The public access block configuration was not found"),
    "ownership": ("OwnershipControlsNotFoundError", "The bucket ownership controls were not found"),
    "website": ("NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration"),
    "replication": ("ReplicationConfigurationNotFoundError", "The replication configuration was not found"),
}
#: What GetBucketEncryption shows for a bucket without its own configuration: SSE-S3, S3's default.
DEFAULT_ENCRYPTION = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                                 "BucketKeyEnabled": False}]}
CORS_METHODS = frozenset({"GET", "PUT", "HEAD", "POST", "DELETE"})


def _set_config(ctx: RequestContext, bucket_name: str, name: str, value: Any,
                check: Callable[[dict], None] | None = None) -> dict:
    """Replace (or, with value None, remove) one configuration; returns the updated bucket.

    check(bucket) may refuse the change; it runs in the same transaction, so what it checks still holds
    when the configuration is written.
    """

    def update(txn: Txn) -> dict:
        bucket = require_bucket(txn, bucket_name)
        if check is not None:
            check(bucket)
        config = {key: item for key, item in bucket["config"].items() if key != name}
        if value is not None:
            config[name] = value
        updated = {**bucket, "config": config}
        txn.put(bucket_key(bucket_name), updated)
        return updated

    return ctx.store.transact(update)


def _get_config(ctx: RequestContext, bucket_name: str, name: str) -> Any:
    value = require_bucket(ctx.store, bucket_name)["config"].get(name)
    if value is None:
        code, message = MISSING[name]
        raise exceptions.no_such_configuration(code, message, bucket_name)
    return value


def put_bucket_tagging(ctx: RequestContext, Bucket: str, Tagging: dict, **_: Any) -> ResultWithStatus:
    """S3 answers 204 No Content here, which the model (200) doesn't say."""
    tags = validate_tag_set(Tagging.get("TagSet") or [], MAX_BUCKET_TAGS)
    _set_config(ctx, Bucket, "tagging", tags or None)  # an empty TagSet removes the tagging
    return ResultWithStatus(204)


def get_bucket_tagging(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    return {"TagSet": tag_set(_get_config(ctx, Bucket, "tagging"))}


def delete_bucket_tagging(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    _set_config(ctx, Bucket, "tagging", None)
    return {}


def put_bucket_policy(ctx: RequestContext, Bucket: str, Policy: str, **_: Any) -> dict:
    try:
        valid = isinstance(json.loads(Policy), dict)
    except ValueError:
        valid = False
    if not valid:
        raise AWSError("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'", 400)
    _set_config(ctx, Bucket, "policy", Policy)
    return {}


def get_bucket_policy(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    return {"Policy": _get_config(ctx, Bucket, "policy")}


def delete_bucket_policy(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    _set_config(ctx, Bucket, "policy", None)
    return {}


def put_bucket_cors(ctx: RequestContext, Bucket: str, CORSConfiguration: dict, **_: Any) -> dict:
    rules = CORSConfiguration.get("CORSRules") or []
    if not rules or len(rules) > 100:
        raise exceptions.malformed_xml()
    for rule in rules:
        for method in rule.get("AllowedMethods", ()):
            if method not in CORS_METHODS:
                raise exceptions.invalid_request(
                    f"Found unsupported HTTP method in CORS config. Unsupported method is {method}")
    _set_config(ctx, Bucket, "cors", rules)
    return {}


def get_bucket_cors(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    return {"CORSRules": _get_config(ctx, Bucket, "cors")}


def delete_bucket_cors(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    _set_config(ctx, Bucket, "cors", None)
    return {}


def put_bucket_lifecycle_configuration(ctx: RequestContext, Bucket: str, LifecycleConfiguration: dict | None = None,
                                       TransitionDefaultMinimumObjectSize: str | None = None, **_: Any) -> dict:
    rules = (LifecycleConfiguration or {}).get("Rules") or []
    if not rules or not all(_is_valid_lifecycle_rule(rule) for rule in rules):
        raise exceptions.malformed_xml()
    minimum_size = TransitionDefaultMinimumObjectSize or "all_storage_classes_128K"
    _set_config(ctx, Bucket, "lifecycle", {"Rules": rules, "TransitionDefaultMinimumObjectSize": minimum_size})
    return {"TransitionDefaultMinimumObjectSize": minimum_size}


_FILTER_CONDITIONS = ("Prefix", "Tag", "And", "ObjectSizeGreaterThan", "ObjectSizeLessThan")


def _is_valid_lifecycle_rule(rule: dict) -> bool:
    """What S3's schema check rejects as MalformedXML: a rule needs exactly one of Filter and the legacy
    Prefix, a filter at most one condition, an expiration either a time or ExpiredObjectDeleteMarker,
    and a noncurrent version transition both its days and its storage class."""
    if ("Filter" in rule) == ("Prefix" in rule):
        return False
    if sum(condition in rule.get("Filter", {}) for condition in _FILTER_CONDITIONS) > 1:
        return False
    expiration = rule.get("Expiration", {})
    if "ExpiredObjectDeleteMarker" in expiration and ("Days" in expiration or "Date" in expiration):
        return False
    return all("NoncurrentDays" in transition and "StorageClass" in transition
               for transition in rule.get("NoncurrentVersionTransitions", ()))


def get_bucket_lifecycle_configuration(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    return dict(_get_config(ctx, Bucket, "lifecycle"))


def delete_bucket_lifecycle(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    _set_config(ctx, Bucket, "lifecycle", None)
    return {}


def put_bucket_encryption(ctx: RequestContext, Bucket: str, ServerSideEncryptionConfiguration: dict,
                          **_: Any) -> dict:
    if not ServerSideEncryptionConfiguration.get("Rules"):
        raise exceptions.malformed_xml()
    # S3 shows BucketKeyEnabled on every rule, false unless it was asked for.
    rules = [{**rule, "BucketKeyEnabled": rule.get("BucketKeyEnabled", False)}
             for rule in ServerSideEncryptionConfiguration["Rules"]]
    _set_config(ctx, Bucket, "encryption", {**ServerSideEncryptionConfiguration, "Rules": rules})
    return {}


def get_bucket_encryption(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    bucket = require_bucket(ctx.store, Bucket)
    return {"ServerSideEncryptionConfiguration": bucket["config"].get("encryption", DEFAULT_ENCRYPTION)}


def delete_bucket_encryption(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    _set_config(ctx, Bucket, "encryption", None)
    return {}


def put_public_access_block(ctx: RequestContext, Bucket: str, PublicAccessBlockConfiguration: dict,
                            **_: Any) -> dict:
    _set_config(ctx, Bucket, "public_access_block", PublicAccessBlockConfiguration)
    return {}


def get_public_access_block(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    return {"PublicAccessBlockConfiguration": _get_config(ctx, Bucket, "public_access_block")}


def delete_public_access_block(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    _set_config(ctx, Bucket, "public_access_block", None)
    return {}


def put_bucket_ownership_controls(ctx: RequestContext, Bucket: str, OwnershipControls: dict, **_: Any) -> dict:
    if not OwnershipControls.get("Rules"):
        raise exceptions.malformed_xml()
    _set_config(ctx, Bucket, "ownership", OwnershipControls)
    return {}


def get_bucket_ownership_controls(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    return {"OwnershipControls": _get_config(ctx, Bucket, "ownership")}


def delete_bucket_ownership_controls(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    _set_config(ctx, Bucket, "ownership", None)
    return {}


def put_bucket_website(ctx: RequestContext, Bucket: str, WebsiteConfiguration: dict, **_: Any) -> dict:
    if not (WebsiteConfiguration.get("IndexDocument") or WebsiteConfiguration.get("RedirectAllRequestsTo")):
        raise exceptions.invalid_argument("A value for IndexDocument Suffix must be provided if "
                                          "RedirectAllRequestsTo is empty")
    _set_config(ctx, Bucket, "website", WebsiteConfiguration)
    return {}


def get_bucket_website(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    return dict(_get_config(ctx, Bucket, "website"))


def delete_bucket_website(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    _set_config(ctx, Bucket, "website", None)
    return {}


def _with_ids(configurations: list[dict]) -> list[dict]:
    """S3 names every notification configuration that comes without an Id."""
    return [{"Id": secrets.token_hex(16), **configuration} for configuration in configurations]


def put_bucket_notification_configuration(ctx: RequestContext, Bucket: str, NotificationConfiguration: dict,
                                          SkipDestinationValidation: bool = False, **_: Any) -> dict:
    configuration = {
        name: _with_ids(value) if isinstance(value, list) else value
        for name, value in NotificationConfiguration.items()
    }
    bucket = require_bucket(ctx.store, Bucket)
    for name, entries in configuration.items():
        for entry in entries if isinstance(entries, list) else ():
            _validate_notification(name, entry, bucket["region"])
    notifications.send_test_events(ctx, Bucket, configuration, validate=not SkipDestinationValidation)
    _set_config(ctx, Bucket, "notification", configuration or None)
    return {}


#: Notification configuration kind -> (its ARN member, the service that ARN must name).
NOTIFICATION_DESTINATIONS = {
    "QueueConfigurations": ("QueueArn", "sqs"),
    "TopicConfigurations": ("TopicArn", "sns"),
    "LambdaFunctionConfigurations": ("LambdaFunctionArn", "lambda"),
}
NOTIFICATION_EVENTS = (
    "s3:IntelligentTiering", "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete",
    "s3:LifecycleExpiration:DeleteMarkerCreated", "s3:LifecycleTransition", "s3:ObjectAcl:Put",
    "s3:ObjectCreated:*", "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:Post", "s3:ObjectCreated:Put", "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated", "s3:ObjectRestore:*", "s3:ObjectRestore:Completed",
    "s3:ObjectRestore:Delete", "s3:ObjectRestore:Post", "s3:ObjectTagging:*", "s3:ObjectTagging:Delete",
    "s3:ObjectTagging:Put", "s3:ReducedRedundancyLostObject", "s3:Replication:*",
    "s3:Replication:OperationFailedReplication", "s3:Replication:OperationMissedThreshold",
    "s3:Replication:OperationNotTracked", "s3:Replication:OperationReplicatedAfterThreshold",
)
_ARN = re.compile(r"^arn:aws[a-z-]*:(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]+):\d{12}:.+$")


def _validate_notification(kind: str, entry: dict, bucket_region: str) -> None:
    """S3's checks on one destination: a well-formed ARN of the right service, in the bucket's region,
    for events S3 knows."""
    arn_member, service = NOTIFICATION_DESTINATIONS.get(kind, (None, None))
    if arn_member is not None:
        match = _ARN.match(entry.get(arn_member, ""))
        if match is None or match["service"] != service:
            raise exceptions.invalid_argument("The ARN is not well formed", arn_member, entry.get(arn_member))
        if match["region"] != bucket_region:
            raise exceptions.invalid_argument("The notification destination service region is not valid for the "
                                              "bucket location constraint", arn_member, entry[arn_member])
    for event in entry.get("Events") or [""]:
        if event not in NOTIFICATION_EVENTS:
            raise exceptions.invalid_argument(f"The event '{event}' is not supported for notifications. Supported "
                                              f"events are as follows: {list(NOTIFICATION_EVENTS)}", kind, event)


def get_bucket_notification_configuration(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    return dict(require_bucket(ctx.store, Bucket)["config"].get("notification", {}))


def put_bucket_accelerate_configuration(ctx: RequestContext, Bucket: str, AccelerateConfiguration: dict,
                                        **_: Any) -> dict:
    status = AccelerateConfiguration.get("Status")
    if status not in ("Enabled", "Suspended"):
        raise exceptions.malformed_xml()
    if "." in Bucket:
        raise exceptions.invalid_request("S3 Transfer Acceleration is not supported for buckets with periods (.) "
                                         "in their names")
    # Suspending acceleration that was never enabled leaves the bucket without a status, as in S3.
    if status == "Suspended" and "accelerate" not in require_bucket(ctx.store, Bucket)["config"]:
        return {}
    _set_config(ctx, Bucket, "accelerate", status)
    return {}


def get_bucket_accelerate_configuration(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    status = require_bucket(ctx.store, Bucket)["config"].get("accelerate")
    return {"Status": status} if status else {}


def put_bucket_replication(ctx: RequestContext, Bucket: str, ReplicationConfiguration: dict, **_: Any) -> dict:
    def require_versioning(bucket: dict) -> None:
        if bucket.get("versioning") != "Enabled":
            raise AWSError("InvalidRequest", "Versioning must be 'Enabled' on the bucket to apply a replication "
                           "configuration", 400, BucketName=Bucket)

    rules = [_replication_rule(rule) for rule in ReplicationConfiguration.get("Rules") or []]
    _set_config(ctx, Bucket, "replication", {**ReplicationConfiguration, "Rules": rules}, check=require_versioning)
    return {}


def _replication_rule(rule: dict) -> dict:
    """S3 fills in what a rule leaves out: an id, priority 1, the empty filter, no delete-marker replication."""
    return {"ID": secrets.token_hex(16), "Priority": 1, "Filter": {"Prefix": ""},
            "DeleteMarkerReplication": {"Status": "Disabled"}, **rule}


def get_bucket_replication(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    return {"ReplicationConfiguration": _get_config(ctx, Bucket, "replication")}


def delete_bucket_replication(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    _set_config(ctx, Bucket, "replication", None)
    return {}


def put_bucket_inventory_configuration(ctx: RequestContext, Bucket: str, Id: str, InventoryConfiguration: dict,
                                       **_: Any) -> dict:
    def update(txn: Txn) -> None:
        bucket = require_bucket(txn, Bucket)
        inventories = {**bucket["config"].get("inventory", {}),
                       InventoryConfiguration.get("Id", Id): InventoryConfiguration}
        txn.put(bucket_key(Bucket), {**bucket, "config": {**bucket["config"], "inventory": inventories}})

    ctx.store.transact(update)
    return {}


def get_bucket_inventory_configuration(ctx: RequestContext, Bucket: str, Id: str, **_: Any) -> dict:
    configuration = require_bucket(ctx.store, Bucket)["config"].get("inventory", {}).get(Id)
    if configuration is None:
        raise exceptions.no_such_configuration("NoSuchConfiguration", "The specified configuration does not exist.",
                                               Bucket)
    return {"InventoryConfiguration": configuration}


def list_bucket_inventory_configurations(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    inventories = require_bucket(ctx.store, Bucket)["config"].get("inventory", {})
    return {"InventoryConfigurationList": list(inventories.values()), "IsTruncated": False}


def delete_bucket_inventory_configuration(ctx: RequestContext, Bucket: str, Id: str, **_: Any) -> dict:
    def update(txn: Txn) -> None:
        bucket = require_bucket(txn, Bucket)
        inventories = {name: item for name, item in bucket["config"].get("inventory", {}).items() if name != Id}
        txn.put(bucket_key(Bucket), {**bucket, "config": {**bucket["config"], "inventory": inventories}})

    ctx.store.transact(update)
    return {}


def get_bucket_policy_status(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    """Public means some Allow statement names every principal ("*") without a Condition to narrow it."""
    statements = json.loads(_get_config(ctx, Bucket, "policy")).get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    return {"PolicyStatus": {"IsPublic": any(_is_public(statement) for statement in statements)}}


def _is_public(statement: dict) -> bool:
    principal = statement.get("Principal")
    if isinstance(principal, dict):
        principal = principal.get("AWS")
    principals = principal if isinstance(principal, list) else [principal]
    return statement.get("Effect") == "Allow" and "*" in principals and not statement.get("Condition")


LOGGING_SERVICE_PRINCIPAL = "logging.s3.amazonaws.com"
LOGGING_GRANT_PERMISSIONS = frozenset({"FULL_CONTROL", "READ", "WRITE"})


def put_bucket_logging(ctx: RequestContext, Bucket: str, BucketLoggingStatus: dict, **_: Any) -> dict:
    """S3 checks that it could deliver logs: the target exists, lets the log delivery service write, and shares
    the source bucket's region."""
    enabled = BucketLoggingStatus.get("LoggingEnabled")
    if enabled:
        source = require_bucket(ctx.store, Bucket)
        target = ctx.store.get(bucket_key(enabled["TargetBucket"]))
        if target is None:
            raise AWSError("InvalidTargetBucketForLogging", "The target bucket for logging does not exist", 400,
                           TargetBucket=enabled["TargetBucket"])
        if not _accepts_log_delivery(target):
            raise AWSError("InvalidTargetBucketForLogging", "You must either provide the necessary permissions to "
                           "the logging service using a bucket policy or give the log-delivery group WRITE and "
                           "READ_ACP permissions to the target bucket", 400, TargetBucket=enabled["TargetBucket"])
        if target["region"] != source["region"]:
            raise AWSError("CrossLocationLoggingProhibited", "Cross S3 location logging not allowed. ", 403,
                           TargetBucketLocation=target["region"])
        if any(grant.get("Permission") not in LOGGING_GRANT_PERMISSIONS for grant in enabled.get("TargetGrants", ())):
            raise exceptions.malformed_xml()
    _set_config(ctx, Bucket, "logging", enabled or None)
    return {}


def _accepts_log_delivery(target: dict) -> bool:
    """The log-delivery group may WRITE and READ_ACP, or a bucket policy allows the logging service principal."""
    group_permissions = {grant["Permission"] for grant in target["config"].get("acl") or ()
                         if grant.get("Grantee", {}).get("URI") == LOG_DELIVERY}
    if {"WRITE", "READ_ACP"} <= group_permissions:
        return True
    statements = json.loads(target["config"].get("policy") or "{}").get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        principal = statement.get("Principal")
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        services = services if isinstance(services, list) else [services]
        if statement.get("Effect") == "Allow" and LOGGING_SERVICE_PRINCIPAL in services:
            return True
    return False


def get_bucket_logging(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    enabled = require_bucket(ctx.store, Bucket)["config"].get("logging")
    return {"LoggingEnabled": enabled} if enabled else {}
