"""SendMessage(Batch) and `deliver`: validation, FIFO deduplication and sequencing, enqueueing.

A send is one transaction that writes the message record, indexes it and
notifies the queue's arrival topic, which wakes long polls in any process.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from moto_shared.context import RequestContext
from moto_shared.core import ids
from moto_shared.services.sqs import exceptions
from moto_shared.services.sqs.batches import check_batch, run_batch
from moto_shared.services.sqs.checksums import md5_of_attributes, md5_of_body
from moto_shared.services.sqs.storage import QueueRef, parse_arn, ref_by_url
from moto_shared.store.base import INF, Namespace, Txn

MAX_DELAY_SECONDS = 900
MAX_MESSAGE_ATTRIBUTES = 10
MAX_BATCH_BYTES = 1048576
#: How long a FIFO deduplication id (and a receive attempt id) is remembered.
DEDUP_WINDOW_SECONDS = 300
#: FIFO sends sweep expired dedup/attempt records once every this many messages.
SWEEP_EVERY = 16
SWEEP_LIMIT = 32
INVALID_CHARACTERS = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,256}$")
ATTRIBUTE_TYPE = re.compile(r"^(String|Number|Binary)(\..+)?$")
#: MessageGroupId, MessageDeduplicationId, ReceiveRequestAttemptId: 1-128 alphanumeric or punctuation.
FIFO_TOKEN = re.compile(r"^[\x21-\x7e]{1,128}$")
NOT_FOR_QUEUE_TYPE = "The request include parameter that is not valid for this queue type."


@dataclass
class Draft:
    """A validated message about to be enqueued (everything but its id and times)."""

    body: str
    md5_body: str
    attributes: dict[str, dict[str, Any]]
    system_attributes: dict[str, dict[str, Any]]
    delay: int
    group: str | None
    dedup: str | None


def send_message(
    ctx: RequestContext,
    QueueUrl: str,
    MessageBody: str,
    DelaySeconds: int | None = None,
    MessageAttributes: dict | None = None,
    MessageSystemAttributes: dict | None = None,
    MessageDeduplicationId: str | None = None,
    MessageGroupId: str | None = None,
) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    entry = {
        "MessageBody": MessageBody,
        "DelaySeconds": DelaySeconds,
        "MessageAttributes": MessageAttributes,
        "MessageSystemAttributes": MessageSystemAttributes,
        "MessageDeduplicationId": MessageDeduplicationId,
        "MessageGroupId": MessageGroupId,
    }

    def send(txn: Txn) -> dict:
        enqueuer = Enqueuer(txn, ref, ref.load(txn), time.time(), ctx.account_id)
        return enqueuer.send(draft_message(enqueuer.queue, entry))

    return ctx.store.transact(send)


def send_message_batch(ctx: RequestContext, QueueUrl: str, Entries: list[dict]) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    check_batch(Entries, "SendMessageBatchRequestEntry")
    size = sum(message_size(entry.get("MessageBody", ""), entry.get("MessageAttributes")) for entry in Entries)
    if size > MAX_BATCH_BYTES:
        raise exceptions.batch_request_too_long(MAX_BATCH_BYTES, size)

    def send(txn: Txn) -> dict:
        enqueuer = Enqueuer(txn, ref, ref.load(txn), time.time(), ctx.account_id)
        if enqueuer.queue["fifo"]:
            for entry in Entries:  # SQS fails the whole request, not the entry, for these
                check_fifo_identifiers(enqueuer.queue, entry)
        return run_batch(Entries, lambda entry: enqueuer.send(draft_message(enqueuer.queue, entry)))

    return ctx.store.transact(send)


def deliver(store: Namespace, queue_arn: str, body: str, attributes: dict | None = None) -> str:
    """Send a message to a queue named by ARN, for other services (S3/SNS notifications).

    Goes through SendMessage itself, so validation, FIFO rules and long-poll
    wake-ups are the same; raises QueueDoesNotExist if there is no such queue.
    Returns the message id.
    """
    arn_parts = parse_arn(queue_arn)
    if arn_parts is None:
        raise exceptions.queue_does_not_exist()
    partition, region, account_id, name = arn_parts
    ctx = RequestContext(
        service="sqs",
        operation="SendMessage",
        region=region,
        account_id=account_id,
        request_id=ids.random_uuid(),
        store=store,
        partition=partition,
    )
    sent = send_message(ctx, QueueUrl=QueueRef(ctx, name).url, MessageBody=body, MessageAttributes=attributes)
    return sent["MessageId"]


def draft_message(queue: Mapping[str, Any], entry: Mapping[str, Any]) -> Draft:
    """Validate one SendMessage(Batch) entry against its queue, as SQS does."""
    settings = queue["attributes"]
    body = entry.get("MessageBody")
    if not body:
        raise exceptions.missing_parameter("MessageBody")
    check_characters(body)
    # Most messages have no attributes: skipping the cleaners then is a measurable part of a send.
    given, given_system = entry.get("MessageAttributes"), entry.get("MessageSystemAttributes")
    attributes = clean_message_attributes(given) if given else {}
    system_attributes = clean_system_attributes(given_system) if given_system else {}
    limit = int(settings["MaximumMessageSize"])
    if message_size(body, attributes) > limit:
        raise exceptions.invalid_parameter_value(
            f"One or more parameters are invalid. Reason: Message must be shorter than {limit} bytes."
        )
    delay, group, dedup = entry.get("DelaySeconds"), entry.get("MessageGroupId"), entry.get("MessageDeduplicationId")
    if delay is not None and not 0 <= delay <= MAX_DELAY_SECONDS:
        raise exceptions.invalid_parameter(
            "DelaySeconds", delay, f"DelaySeconds must be >= 0 and <= {MAX_DELAY_SECONDS}."
        )
    if group is not None and not FIFO_TOKEN.match(group):
        raise exceptions.invalid_parameter(
            "MessageGroupId",
            group,
            "MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.",
        )
    if queue["fifo"]:
        if delay:
            raise exceptions.invalid_parameter("DelaySeconds", delay, NOT_FOR_QUEUE_TYPE)
        delay = None  # FIFO queues take 0 per message but only ever delay by the queue's DelaySeconds
        check_fifo_identifiers(queue, entry)
        if dedup is None:
            dedup = hashlib.sha256(body.encode("utf-8")).hexdigest()
        elif not FIFO_TOKEN.match(dedup):
            raise exceptions.invalid_parameter(
                "MessageDeduplicationId",
                dedup,
                "MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.",
            )
    elif dedup is not None:
        raise exceptions.invalid_parameter("MessageDeduplicationId", dedup, NOT_FOR_QUEUE_TYPE)
    if delay is None:
        delay = int(settings["DelaySeconds"])
    return Draft(body, md5_of_body(body), attributes, system_attributes, delay, group, dedup)


def check_fifo_identifiers(queue: Mapping[str, Any], entry: Mapping[str, Any]) -> None:
    """A FIFO message needs a group id, and a deduplication id unless the queue derives one from the body."""
    if entry.get("MessageGroupId") is None:
        raise exceptions.missing_parameter("MessageGroupId")
    if entry.get("MessageDeduplicationId") is None and queue["attributes"]["ContentBasedDeduplication"] != "true":
        raise exceptions.invalid_parameter_value(
            "The queue should either have ContentBasedDeduplication enabled or "
            "MessageDeduplicationId provided explicitly"
        )


def check_characters(text: str) -> None:
    if INVALID_CHARACTERS.search(text):
        raise exceptions.invalid_message_contents(
            "Invalid characters found. Valid unicode characters are "
            "#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF"
        )


def message_size(body: str, attributes: Mapping[str, Mapping[str, Any]] | None) -> int:
    """What counts against MaximumMessageSize: the body plus each attribute's name, type and value."""
    size = len(body.encode("utf-8"))
    for name, attribute in (attributes or {}).items():
        value = attribute.get("BinaryValue") or attribute.get("StringValue") or ""
        size += len(name.encode("utf-8")) + len(str(attribute.get("DataType", "")).encode("utf-8"))
        size += len(value) if isinstance(value, bytes) else len(value.encode("utf-8"))
    return size


def clean_message_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Validated message attributes, keeping only the members SQS stores (DataType and one value)."""
    if len(attributes) > MAX_MESSAGE_ATTRIBUTES:
        raise exceptions.invalid_parameter_value(
            f"Number of message attributes [{len(attributes)}] exceeds the allowed maximum [{MAX_MESSAGE_ATTRIBUTES}]."
        )
    cleaned = {}
    for name, attribute in attributes.items():
        lowered = name.lower()
        if (
            not ATTRIBUTE_NAME.match(name)
            or name.startswith(".")
            or name.endswith(".")
            or ".." in name
            or lowered.startswith(("aws.", "amazon."))
        ):
            raise exceptions.invalid_parameter_value(
                f"The message attribute name '{name}' is invalid. Attribute name can contain A-Z, a-z, 0-9, "
                "underscore (_), hyphen (-), and period (.) characters."
            )
        cleaned[name] = clean_attribute_value(name, attribute)
    return cleaned


def clean_attribute_value(name: str, attribute: Mapping[str, Any]) -> dict[str, Any]:
    data_type = attribute.get("DataType")
    if not data_type:
        raise exceptions.invalid_parameter_value(
            f"The message attribute '{name}' must contain non-empty message attribute type."
        )
    kind = ATTRIBUTE_TYPE.match(data_type)
    if kind is None:
        raise exceptions.invalid_parameter_value(
            f"The message attribute '{name}' has an invalid message attribute type, "
            "the set of supported type prefixes is Binary, Number, and String."
        )
    value_member = "BinaryValue" if kind.group(1) == "Binary" else "StringValue"
    value = attribute.get(value_member)
    if value is None or len(value) == 0:
        raise exceptions.invalid_parameter_value(
            f"The message attribute '{name}' must contain non-empty message attribute value "
            f"for message attribute type '{data_type}'."
        )
    if kind.group(1) == "Number":
        try:
            Decimal(value)
        except InvalidOperation:
            raise exceptions.invalid_parameter_value(
                f"Can't cast the value of message (user) attribute '{name}' to a number."
            ) from None
    if value_member == "StringValue":
        check_characters(value)
    else:
        value = bytes(value)
    return {"DataType": data_type, value_member: value}


def clean_system_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Only AWSTraceHeader, a String, can be sent as a message system attribute."""
    for name, attribute in attributes.items():
        if name != "AWSTraceHeader":
            raise exceptions.invalid_parameter_value(f"Message system attribute name '{name}' is invalid.")
        if attribute.get("DataType") != "String":
            raise exceptions.invalid_parameter_value(
                f"The message system attribute '{name}' must be of type String."
            )
    return {name: clean_attribute_value(name, attribute) for name, attribute in attributes.items()}


class Enqueuer:
    """Adds messages to one queue inside one transaction (a send, a batch, or dead-lettering).

    It remembers which FIFO groups it created, because a transaction's index
    reads don't see its own index writes.
    """

    def __init__(self, txn: Txn, ref: QueueRef, queue: dict, now: float, sender_id: str) -> None:
        self.txn, self.ref, self.queue, self.now, self.sender_id = txn, ref, queue, now, sender_id
        self.new_groups: set[str] = set()

    def send(self, draft: Draft) -> dict:
        """Enqueue a validated message and answer as SendMessage does (FIFO duplicates answer the original)."""
        txn, ref = self.txn, self.ref
        message_id = ids.random_uuid()
        sequence = None
        if self.queue["fifo"]:
            group_scope = draft.group if self.queue["attributes"]["DeduplicationScope"] == "messageGroup" else ""
            dedup_key = ref.dedup(group_scope, draft.dedup)
            original = txn.get(dedup_key)
            if original is not None and original["expires"] > self.now:
                message_id, sequence = original["message_id"], original["sequence"]
                return self._sent(draft, message_id, sequence)
            sequence = self._next_sequence()
            expires = self.now + DEDUP_WINDOW_SECONDS
            txn.put(dedup_key, {"message_id": message_id, "sequence": sequence, "expires": expires})
            txn.score_add(ref.expiring, {dedup_key: expires})
        self.insert(
            {
                "id": message_id,
                "body": draft.body,
                "md5_body": draft.md5_body,
                "attributes": draft.attributes,
                "system_attributes": draft.system_attributes,
                "sender_id": self.sender_id,
                "sent_ms": int(self.now * 1000),
                "group": draft.group,
                "dedup": draft.dedup,
                "sequence": sequence,
                "receive_count": 0,
                "first_receive_ms": None,
                "received_at": None,
                "receipt": None,
                "visible_at": self.now + draft.delay,
                "delayed": draft.delay > 0,
                "dead_letter_source": None,
            }
        )
        return self._sent(draft, message_id, sequence)

    def insert(self, record: dict) -> None:
        """Store a message record and index it; FIFO messages get their sequence number here if they lack one."""
        txn, ref = self.txn, self.ref
        if self.queue["fifo"] and record["sequence"] is None:
            record["sequence"] = self._next_sequence()
        txn.put(ref.message(record["id"]), record)
        txn.score_add(ref.visible, {record["id"]: record["visible_at"]})
        if record["delayed"]:
            txn.score_add(ref.delayed, {record["id"]: record["visible_at"]})
        if self.queue["fifo"]:
            group = record["group"]
            txn.score_add(ref.group(group), {record["id"]: int(record["sequence"])})
            if group not in self.new_groups and txn.score_of(ref.groups, group) is None:
                txn.score_add(ref.groups, {group: record["visible_at"]})
                self.new_groups.add(group)
        txn.notify(ref.arrivals)

    def _next_sequence(self) -> str:
        """The next FIFO sequence number (20 digits, as SQS shows them); sweeps expired records now and then."""
        number = (self.txn.get(self.ref.sequence) or 0) + 1
        self.txn.put(self.ref.sequence, number)
        if number % SWEEP_EVERY == 0:
            sweep_expired(self.txn, self.ref, self.now)
        return f"{number:020d}"

    @staticmethod
    def _sent(draft: Draft, message_id: str, sequence: str | None) -> dict:
        result = {"MessageId": message_id, "MD5OfMessageBody": draft.md5_body}
        if draft.attributes:
            result["MD5OfMessageAttributes"] = md5_of_attributes(draft.attributes)
        if draft.system_attributes:
            result["MD5OfMessageSystemAttributes"] = md5_of_attributes(draft.system_attributes)
        if sequence is not None:
            result["SequenceNumber"] = sequence
        return result


def sweep_expired(txn: Txn, ref: QueueRef, now: float) -> None:
    """Delete dedup and receive-attempt records whose 5-minute window has passed."""
    expired = [key for key, _ in txn.score_range(ref.expiring, -INF, now, limit=SWEEP_LIMIT)]
    if expired:
        txn.delete(*expired)
        txn.score_remove(ref.expiring, *expired)
