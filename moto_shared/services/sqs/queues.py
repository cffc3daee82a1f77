"""Queue operations: create, find, list, attributes, tags, permissions, purge, delete."""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import time
from typing import Any

from moto_shared.context import RequestContext
from moto_shared.services.sqs import attributes as queue_attributes
from moto_shared.services.sqs import exceptions
from moto_shared.services.sqs.indexes import count_messages, drop_messages
from moto_shared.services.sqs.storage import QueueRef, queue_names_index, ref_by_arn, ref_by_name, ref_by_url
from moto_shared.store.base import Reads, Txn

STANDARD_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
FIFO_NAME = re.compile(r"^[A-Za-z0-9_-]{1,75}\.fifo$")
#: Sorts after every character a queue name may hold, to bound a prefix range.
AFTER_NAME_CHARACTERS = "~"
MAX_LIST_RESULTS = 1000
MAX_TAGS = 50
TAG_KEY_LENGTH = "Tag keys must be between 1 and 128 characters in length."
#: SQS refuses a second PurgeQueue on a queue within this many seconds of the last one.
PURGE_INTERVAL_SECONDS = 60
#: Moto's switch for test suites that purge more often: "false" lifts the limit.
STRICT_PURGE_ENV = "MOTO_SQS_ENFORCE_STRICT_QUEUE_PURGE_BEHAVIOUR"
MAX_PERMISSION_ACTIONS = 7
PERMISSION_ACTIONS = (
    "*",
    "ChangeMessageVisibility",
    "DeleteMessage",
    "GetQueueAttributes",
    "GetQueueUrl",
    "ListDeadLetterSourceQueues",
    "PurgeQueue",
    "ReceiveMessage",
    "SendMessage",
)


def create_queue(ctx: RequestContext, QueueName: str, Attributes: dict | None = None, tags: dict | None = None) -> dict:
    """Create a queue, or return the URL of an existing one with the same attribute values."""
    requested = queue_attributes.trimmed_names(Attributes or {})
    fifo = str(requested.get("FifoQueue", "false")).strip().lower() == "true"
    if fifo and not FIFO_NAME.match(QueueName):
        raise exceptions.invalid_parameter_value(
            "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, "
            "must end with .fifo suffix and be 1 to 80 in length."
        )
    if not fifo and not STANDARD_NAME.match(QueueName):
        raise exceptions.invalid_parameter_value(
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
        )
    settings = queue_attributes.normalize(requested, fifo=fifo, creating=True)
    check_tags(QueueName, tags or {})
    ref = ref_by_name(ctx, QueueName)

    def create(txn: Txn) -> None:
        existing = txn.get(ref.record)
        if existing is not None:
            for name, value in settings.items():
                if current_value(existing, name) != value:
                    raise exceptions.queue_name_exists(name)
            return
        now = int(time.time())
        defaults = {**queue_attributes.DEFAULTS, **(queue_attributes.FIFO_DEFAULTS if fifo else {})}
        queue = {
            "name": QueueName,
            "arn": ref.arn,
            "fifo": fifo,
            "attributes": defaults,
            "created": now,
            "last_modified": now,
            "tags": dict(tags or {}),
        }
        apply_attributes(txn, ref, queue, {name: value for name, value in settings.items() if name != "FifoQueue"})
        txn.put(ref.record, queue)
        txn.lex_add(queue_names_index(ctx), QueueName)

    ctx.store.transact(create)
    return {"QueueUrl": ref.url}


def current_value(queue: dict, name: str) -> str | None:
    """An attribute as CreateQueue compares it (a standard queue's FifoQueue is "false")."""
    if name == "FifoQueue":
        return "true" if queue["fifo"] else "false"
    return queue["attributes"].get(name)


def apply_attributes(txn: Txn, ref: QueueRef, queue: dict, settings: dict[str, str | None]) -> None:
    """Merge validated attributes into a queue record, keeping the dead-letter source index right."""
    merged = dict(queue["attributes"])
    for name, value in settings.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    if "KmsMasterKeyId" in settings and settings["KmsMasterKeyId"] is not None:
        merged.setdefault("KmsDataKeyReusePeriodSeconds", "300")
        if "SqsManagedSseEnabled" not in settings:
            merged["SqsManagedSseEnabled"] = "false"
    if queue["fifo"]:
        queue_attributes.check_fifo_throughput(merged)
    old_target = queue_attributes.redrive_target(queue["attributes"])
    new_target = queue_attributes.redrive_target(merged)
    if new_target is not None:
        check_dead_letter_target(txn, ref, queue, merged["RedrivePolicy"], new_target[0])
    if old_target != new_target:
        old_ref = ref_by_arn(ref.scope, old_target[0]) if old_target else None
        if old_ref is not None:
            txn.lex_remove(old_ref.dead_letter_sources, ref.name)
        if new_target is not None:
            txn.lex_add(ref_by_arn(ref.scope, new_target[0]).dead_letter_sources, ref.name)
    queue["attributes"] = merged
    queue["last_modified"] = int(time.time())


def check_dead_letter_target(txn: Txn, ref: QueueRef, queue: dict, policy: str, target_arn: str) -> None:
    """The dead-letter queue must exist in the same account and region, be of the same type, and allow us."""
    target = ref_by_arn(ref.scope, target_arn)
    same_place = target is not None and (target.scope.account_id, target.scope.region) == (
        ref.scope.account_id,
        ref.scope.region,
    )
    dead_letter_queue = txn.get(target.record) if same_place else None
    if dead_letter_queue is None:
        raise exceptions.invalid_parameter("RedrivePolicy", policy, "Dead letter target does not exist.")
    if dead_letter_queue["fifo"] != queue["fifo"]:
        raise exceptions.invalid_parameter(
            "RedrivePolicy",
            policy,
            "Dead-letter queue must be the same type of queue (standard or FIFO) as the source queue.",
        )
    if not queue_attributes.allows_dead_letter_source(dead_letter_queue["attributes"], ref.arn):
        raise exceptions.invalid_parameter(
            "RedrivePolicy", policy, f"Queue {target_arn} does not allow {ref.arn} to use it as a dead-letter queue."
        )


def get_queue_url(ctx: RequestContext, QueueName: str, QueueOwnerAWSAccountId: str | None = None) -> dict:
    ref = ref_by_name(ctx, QueueName, QueueOwnerAWSAccountId)
    ref.load(ctx.store)
    return {"QueueUrl": ref.url}


def list_queues(
    ctx: RequestContext, QueueNamePrefix: str | None = None, NextToken: str | None = None, MaxResults: int | None = None
) -> dict:
    names = page_of_names(ctx.store, queue_names_index(ctx), QueueNamePrefix or "", NextToken, MaxResults)
    result: dict[str, Any] = {}
    if names.items:
        result["QueueUrls"] = [ref_by_name(ctx, name).url for name in names.items]
    if names.next_token:
        result["NextToken"] = names.next_token
    return result


def list_dead_letter_source_queues(
    ctx: RequestContext, QueueUrl: str, NextToken: str | None = None, MaxResults: int | None = None
) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    ref.load(ctx.store)
    names = page_of_names(ctx.store, ref.dead_letter_sources, "", NextToken, MaxResults)
    result: dict[str, Any] = {"queueUrls": [QueueRef(ref.scope, name).url for name in names.items]}
    if names.next_token:
        result["NextToken"] = names.next_token
    return result


class Page:
    def __init__(self, items: list[str], next_token: str | None) -> None:
        self.items, self.next_token = items, next_token


def page_of_names(reads: Reads, index: str, prefix: str, next_token: str | None, max_results: int | None) -> Page:
    """One page of a lex index of queue names; NextToken (opaque) is the last name returned.

    As in SQS, pages (and NextToken) only exist when MaxResults is given.
    """
    if max_results is not None and not 1 <= max_results <= MAX_LIST_RESULTS:
        raise exceptions.invalid_parameter(
            "MaxResults", max_results, f"MaxResults must be an integer between 1 and {MAX_LIST_RESULTS}."
        )
    start, start_inclusive = prefix or None, True
    if next_token:
        try:
            start, start_inclusive = base64.urlsafe_b64decode(next_token.encode()).decode(), False
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise exceptions.invalid_parameter("NextToken", next_token, "Invalid NextToken value.") from None
    limit = MAX_LIST_RESULTS if max_results is None else max_results
    names = reads.lex_range(
        index,
        start,
        prefix + AFTER_NAME_CHARACTERS if prefix else None,
        start_inclusive=start_inclusive,
        limit=limit + 1,
    )
    if max_results is None or len(names) <= limit:
        return Page(names[:limit], None)
    return Page(names[:limit], base64.urlsafe_b64encode(names[limit - 1].encode()).decode())


def get_queue_attributes(ctx: RequestContext, QueueUrl: str, AttributeNames: list[str] | None = None) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    names = set(AttributeNames or ())
    for name in names:
        if name != "All" and name not in queue_attributes.READABLE:
            raise exceptions.invalid_attribute_name(name)
    if not names:
        ref.load(ctx.store)
        return {}
    wants_all = "All" in names
    wants_counts = wants_all or any(name.startswith("ApproximateNumberOf") for name in names)

    def read(txn: Txn) -> dict[str, str]:
        queue = ref.load(txn)
        values = {
            **queue["attributes"],
            "QueueArn": queue["arn"],
            "CreatedTimestamp": str(queue["created"]),
            "LastModifiedTimestamp": str(queue["last_modified"]),
        }
        if wants_counts:
            values.update(count_messages(txn, ref, time.time()))
        return values

    values = ctx.store.transact(read)
    selected = values if wants_all else {name: value for name, value in values.items() if name in names}
    return {"Attributes": selected} if selected else {}


def set_queue_attributes(ctx: RequestContext, QueueUrl: str, Attributes: dict) -> dict:
    ref = ref_by_url(ctx, QueueUrl)

    def update(txn: Txn) -> None:
        queue = ref.load(txn)
        settings = queue_attributes.normalize(Attributes, fifo=queue["fifo"], creating=False)
        apply_attributes(txn, ref, queue, settings)
        txn.put(ref.record, queue)

    ctx.store.transact(update)
    return {}


def purge_queue(ctx: RequestContext, QueueUrl: str) -> dict:
    ref = ref_by_url(ctx, QueueUrl)

    def purge(txn: Txn) -> None:
        queue = ref.load(txn)
        now = time.time()
        recently_purged = now - queue.get("purged_at", -PURGE_INTERVAL_SECONDS) < PURGE_INTERVAL_SECONDS
        if recently_purged and os.environ.get(STRICT_PURGE_ENV, "true").lower() != "false":
            raise exceptions.purge_queue_in_progress(ref.name, PURGE_INTERVAL_SECONDS)
        queue["purged_at"] = now
        txn.put(ref.record, queue)
        drop_messages(txn, ref)

    ctx.store.transact(purge)
    return {}


def delete_queue(ctx: RequestContext, QueueUrl: str) -> dict:
    """Delete a queue and all it holds (its own dead-letter sources index stays: their policies still name it)."""
    ref = ref_by_url(ctx, QueueUrl)

    def delete(txn: Txn) -> None:
        queue = ref.load(txn)
        target = queue_attributes.redrive_target(queue["attributes"])
        target_ref = ref_by_arn(ref.scope, target[0]) if target else None
        if target_ref is not None:
            txn.lex_remove(target_ref.dead_letter_sources, ref.name)
        drop_messages(txn, ref)
        expiring = [key for key, _ in txn.score_range(ref.expiring)]
        if expiring:
            txn.delete(*expiring)
        txn.delete(ref.record, ref.sequence)
        txn.drop_index(ref.expiring)
        txn.lex_remove(queue_names_index(ref.scope), ref.name)
        txn.notify(ref.arrivals)

    ctx.store.transact(delete)
    return {}


def check_tags(queue_name: str, tags: dict[str, str]) -> None:
    if len(tags) > MAX_TAGS:
        raise exceptions.invalid_parameter_value(f"Too many tags added for queue {queue_name}.")
    for key, value in tags.items():
        if not 1 <= len(key) <= 128:
            raise exceptions.invalid_parameter_value(TAG_KEY_LENGTH)
        if len(value) > 256:
            raise exceptions.invalid_parameter_value("Tag values must be less than 256 characters in length.")


def tag_queue(ctx: RequestContext, QueueUrl: str, Tags: dict) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    if not Tags:
        raise exceptions.missing_parameter("Tags")

    def tag(txn: Txn) -> None:
        queue = ref.load(txn)
        merged = {**queue["tags"], **Tags}
        check_tags(ref.name, merged)
        queue["tags"] = merged
        txn.put(ref.record, queue)

    ctx.store.transact(tag)
    return {}


def untag_queue(ctx: RequestContext, QueueUrl: str, TagKeys: list[str]) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    if not TagKeys:
        raise exceptions.invalid_parameter_value(TAG_KEY_LENGTH)

    def untag(txn: Txn) -> None:
        queue = ref.load(txn)
        queue["tags"] = {key: value for key, value in queue["tags"].items() if key not in TagKeys}
        txn.put(ref.record, queue)

    ctx.store.transact(untag)
    return {}


def list_queue_tags(ctx: RequestContext, QueueUrl: str) -> dict:
    tags = ref_by_url(ctx, QueueUrl).load(ctx.store)["tags"]
    return {"Tags": tags} if tags else {}


def add_permission(
    ctx: RequestContext, QueueUrl: str, Label: str, AWSAccountIds: list[str], Actions: list[str]
) -> dict:
    """Grant accounts actions on the queue: a statement in its Policy, as SQS records it."""
    ref = ref_by_url(ctx, QueueUrl)
    if not Actions:
        raise exceptions.missing_parameter("Actions")
    if not AWSAccountIds:
        raise exceptions.invalid_parameter("PrincipalId", "[]", "Unable to verify.")
    if len(Actions) > MAX_PERMISSION_ACTIONS:
        raise exceptions.over_limit(f"{len(Actions)} Actions were found, maximum allowed is {MAX_PERMISSION_ACTIONS}.")
    for action in Actions:
        if action not in PERMISSION_ACTIONS:
            raise exceptions.invalid_parameter(
                "ActionName", f"SQS:{action}", "Only the queue owner is allowed to invoke this action."
            )

    def grant(txn: Txn) -> None:
        queue = ref.load(txn)
        policy = json.loads(queue["attributes"].get("Policy") or "null") or {
            "Version": "2012-10-17",
            "Id": f"{queue['arn']}/SQSDefaultPolicy",
            "Statement": [],
        }
        statements = policy.setdefault("Statement", [])
        if any(statement.get("Sid") == Label for statement in statements):
            raise exceptions.invalid_parameter("Label", Label, "Already exists.")
        principals = [f"arn:{ref.scope.partition}:iam::{account}:root" for account in AWSAccountIds]
        actions = [f"SQS:{action}" for action in Actions]
        statements.append(
            {
                "Sid": Label,
                "Effect": "Allow",
                "Principal": {"AWS": principals[0] if len(principals) == 1 else principals},
                "Action": actions[0] if len(actions) == 1 else actions,
                "Resource": queue["arn"],
            }
        )
        queue["attributes"]["Policy"] = json.dumps(policy, separators=(",", ":"))
        txn.put(ref.record, queue)

    ctx.store.transact(grant)
    return {}


def remove_permission(ctx: RequestContext, QueueUrl: str, Label: str) -> dict:
    ref = ref_by_url(ctx, QueueUrl)

    def revoke(txn: Txn) -> None:
        queue = ref.load(txn)
        policy = json.loads(queue["attributes"].get("Policy") or "null") or {"Statement": []}
        statements = policy.get("Statement", [])
        kept = [statement for statement in statements if statement.get("Sid") != Label]
        if len(kept) == len(statements):
            raise exceptions.invalid_parameter("Label", Label, "can't find label on existing policy.")
        if kept:
            queue["attributes"]["Policy"] = json.dumps({**policy, "Statement": kept}, separators=(",", ":"))
        else:
            del queue["attributes"]["Policy"]
        txn.put(ref.record, queue)

    ctx.store.transact(revoke)
    return {}
