"""Bucket configurations stored and returned as given: tagging, policy, CORS,
lifecycle, encryption, public access block, ownership controls, website and
event notifications.

They live in the bucket record's "config" map, so the object operations that
need one (notifications, default encryption) get it with the bucket at no
extra read.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.services.s3 import exceptions, notifications
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
}
#: What GetBucketEncryption shows for a bucket without its own configuration: SSE-S3, S3's default.
DEFAULT_ENCRYPTION = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                                 "BucketKeyEnabled": False}]}
CORS_METHODS = frozenset({"GET", "PUT", "HEAD", "POST", "DELETE"})


def _set_config(ctx: RequestContext, bucket_name: str, name: str, value: Any) -> dict:
    """Replace (or, with value None, remove) one configuration; returns the updated bucket."""

    def update(txn: Txn) -> dict:
        bucket = require_bucket(txn, bucket_name)
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


def put_bucket_tagging(ctx: RequestContext, Bucket: str, Tagging: dict, **_: Any) -> dict:
    tags = validate_tag_set(Tagging.get("TagSet") or [], MAX_BUCKET_TAGS)
    _set_config(ctx, Bucket, "tagging", tags)
    return {}


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
    if not rules:
        raise exceptions.malformed_xml()
    minimum_size = TransitionDefaultMinimumObjectSize or "all_storage_classes_128K"
    _set_config(ctx, Bucket, "lifecycle", {"Rules": rules, "TransitionDefaultMinimumObjectSize": minimum_size})
    return {"TransitionDefaultMinimumObjectSize": minimum_size}


def get_bucket_lifecycle_configuration(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    return dict(_get_config(ctx, Bucket, "lifecycle"))


def delete_bucket_lifecycle(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    _set_config(ctx, Bucket, "lifecycle", None)
    return {}


def put_bucket_encryption(ctx: RequestContext, Bucket: str, ServerSideEncryptionConfiguration: dict,
                          **_: Any) -> dict:
    if not ServerSideEncryptionConfiguration.get("Rules"):
        raise exceptions.malformed_xml()
    _set_config(ctx, Bucket, "encryption", ServerSideEncryptionConfiguration)
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
    for name, entries in configuration.items():
        for entry in entries if isinstance(entries, list) else ():
            if not entry.get("Events") or not all(event.startswith("s3:") for event in entry["Events"]):
                raise exceptions.invalid_argument("The event is not supported for notifications", name,
                                                  ",".join(entry.get("Events", ())))
    require_bucket(ctx.store, Bucket)
    notifications.send_test_events(ctx, Bucket, configuration, validate=not SkipDestinationValidation)
    _set_config(ctx, Bucket, "notification", configuration or None)
    return {}


def get_bucket_notification_configuration(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    return dict(require_bucket(ctx.store, Bucket)["config"].get("notification", {}))
