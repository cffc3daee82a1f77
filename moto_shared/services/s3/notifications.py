"""S3 event notifications to SQS queues.

Events are sent after the write's transaction has committed, once per
committed write: a retried transaction never sends twice, and a write that
lost its condition sends nothing.
"""

from __future__ import annotations

import json
import time
from fnmatch import fnmatchcase
from urllib.parse import quote_plus

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.services.s3.state import account_canonical_id


def _iso(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _matches(configuration: dict, event: str, key: str) -> bool:
    if not any(fnmatchcase(f"s3:{event}", pattern) for pattern in configuration.get("Events", ())):
        return False
    for rule in configuration.get("Filter", {}).get("Key", {}).get("FilterRules", ()):
        name, value = rule.get("Name", "").lower(), rule.get("Value", "")
        if name == "prefix" and not key.startswith(value):
            return False
        if name == "suffix" and not key.endswith(value):
            return False
    return True


def _record(ctx: RequestContext, bucket: dict, configuration: dict, event: str, key: str, version: dict) -> dict:
    s3_object = {"key": quote_plus(key, safe="/"), "sequencer": f"{time.time_ns():016X}"}
    if not version.get("dm"):
        s3_object.update(size=version["size"], eTag=version["etag"].strip('"'))
    if bucket.get("versioning"):
        s3_object["versionId"] = version["id"]
    principal = f"AWS:{ctx.access_key_id or ctx.account_id}"
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": bucket["region"],
        "eventTime": _iso(ctx.now()),
        "eventName": event,
        "userIdentity": {"principalId": principal},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": ctx.request_id, "x-amz-id-2": ctx.request_id},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": configuration.get("Id", ""),
            "bucket": {
                "name": bucket["name"],
                "ownerIdentity": {"principalId": account_canonical_id(bucket["account"])},
                "arn": f"arn:{ctx.partition}:s3:::{bucket['name']}",
            },
            "object": s3_object,
        },
    }


def _deliver(ctx: RequestContext, queue_arn: str, message: dict) -> None:
    from moto_shared.services import sqs  # imported late: S3 works without SQS loaded

    sqs.deliver(ctx.store, queue_arn, json.dumps(message))


def emit(ctx: RequestContext, bucket: dict, event: str, key: str, version: dict) -> None:
    """Send `event` (e.g. "ObjectCreated:Put") for key to every queue configured for it."""
    configurations = bucket["config"].get("notification", {}).get("QueueConfigurations", ())
    for configuration in configurations:
        if _matches(configuration, event, key):
            record = _record(ctx, bucket, configuration, event, key, version)
            try:
                _deliver(ctx, configuration["QueueArn"], {"Records": [record]})
            except AWSError:
                pass  # a queue deleted since the configuration was put: S3 drops the event too


def send_test_events(ctx: RequestContext, bucket_name: str, configuration: dict, validate: bool) -> None:
    """The s3:TestEvent S3 sends to each queue when a notification configuration is put.

    That send is how S3 validates destinations: a queue that can't be reached
    fails the put unless validation is skipped.
    """
    unreachable = []
    for queue_arn in sorted({queue["QueueArn"] for queue in configuration.get("QueueConfigurations", ())}):
        try:
            _deliver(ctx, queue_arn, {
                "Service": "Amazon S3",
                "Event": "s3:TestEvent",
                "Time": _iso(ctx.now()),
                "Bucket": bucket_name,
                "RequestId": ctx.request_id,
                "HostId": ctx.request_id,
            })
        except AWSError:
            unreachable.append(queue_arn)
    if unreachable and validate:
        raise AWSError("InvalidArgument", "Unable to validate the following destination configurations", 400,
                       ArgumentName=unreachable[0], ArgumentValue="Destination does not exist")
