"""ReceiveMessage: exactly once per visibility timeout, FIFO group locks, long polling, redrive.

A receive is one transaction: it picks the messages receivable now from a
score index, reads their records and moves them to the end of the visibility
timeout in the same commit. The records are watched, so of two receivers
(threads or processes) that pick the same message only one commits; the other
runs again and never gets it. A standard queue's index itself is read without
a watch, so that sends and deletes don't make receives run again. Messages
past their retention period or their maxReceiveCount are dropped or moved to
the dead-letter queue on the way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence

from moto_shared.context import RequestContext
from moto_shared.core import ids
from moto_shared.services.sqs import attributes as queue_attributes
from moto_shared.services.sqs import exceptions
from moto_shared.services.sqs.checksums import md5_of_attributes
from moto_shared.services.sqs.indexes import MAX_RECEIVE, refresh_group, remove_message, walk
from moto_shared.services.sqs.sending import DEDUP_WINDOW_SECONDS, FIFO_TOKEN, Enqueuer
from moto_shared.services.sqs.storage import QueueRef, encode_receipt_handle, found_queue, ref_by_arn, ref_by_url
from moto_shared.store.base import Reads, Txn

MAX_VISIBILITY_TIMEOUT = 43200
MAX_WAIT_SECONDS = 20
ALL = "All"


@dataclass
class Receipt:
    """What one receive transaction decided."""

    messages: list[dict] = field(default_factory=list)
    wait_seconds: int = 0
    next_ready_at: float | None = None


def receive_message(
    ctx: RequestContext,
    QueueUrl: str,
    AttributeNames: list[str] | None = None,
    MessageSystemAttributeNames: list[str] | None = None,
    MessageAttributeNames: list[str] | None = None,
    MaxNumberOfMessages: int | None = None,
    VisibilityTimeout: int | None = None,
    WaitTimeSeconds: int | None = None,
    ReceiveRequestAttemptId: str | None = None,
) -> dict:
    """Receive up to MaxNumberOfMessages, long polling on the queue's arrival topic when asked to.

    A receive that finds messages (most do) costs one transaction: the topic's
    version is read only once one came back empty and a wait may follow.
    """
    ref = ref_by_url(ctx, QueueUrl)
    count = 1 if MaxNumberOfMessages is None else MaxNumberOfMessages
    if not 1 <= count <= MAX_RECEIVE:
        raise exceptions.invalid_parameter(
            "MaxNumberOfMessages", count, f"Must be between 1 and {MAX_RECEIVE}, if provided."
        )
    if VisibilityTimeout is not None and not 0 <= VisibilityTimeout <= MAX_VISIBILITY_TIMEOUT:
        raise exceptions.invalid_parameter(
            "VisibilityTimeout", VisibilityTimeout, f"Must be between 0 and {MAX_VISIBILITY_TIMEOUT}, if provided."
        )
    if WaitTimeSeconds is not None and not 0 <= WaitTimeSeconds <= MAX_WAIT_SECONDS:
        raise exceptions.invalid_parameter(
            "WaitTimeSeconds", WaitTimeSeconds, f"Must be >= 0 and <= {MAX_WAIT_SECONDS}, if provided."
        )
    if ReceiveRequestAttemptId is not None and not FIFO_TOKEN.match(ReceiveRequestAttemptId):
        raise exceptions.invalid_parameter(
            "ReceiveRequestAttemptId",
            ReceiveRequestAttemptId,
            "It can only include alphanumeric and punctuation characters. 1 to 128 in length.",
        )

    def receive(txn: Txn) -> Receipt:
        return Receiver(txn, ctx.store, ref, time.time(), count, VisibilityTimeout).run(ReceiveRequestAttemptId)

    remaining: float | None = WaitTimeSeconds
    seen: int | None = None  # the arrival topic's version, read only once a receive found nothing
    while True:
        receipt = ctx.store.transact(receive)
        if remaining is None:
            remaining = receipt.wait_seconds
        if receipt.messages or remaining <= 0:
            break
        if seen is None:
            # Receive once more after reading the version, so that an arrival
            # between the empty receive and the read can't be slept through.
            seen = ctx.store.version(ref.arrivals)
            continue
        pause = remaining
        if receipt.next_ready_at is not None:
            pause = min(pause, max(receipt.next_ready_at - time.time(), 0.01))
        started = time.monotonic()
        # The version wait returns was read before the next receive: the one to wait on after it.
        current = ctx.store.wait(ref.arrivals, seen, pause)
        if current == seen:
            remaining -= pause
        else:
            remaining -= time.monotonic() - started
        seen = current
    system_names = {*(AttributeNames or ()), *(MessageSystemAttributeNames or ())}
    messages = [render(record, system_names, MessageAttributeNames or ()) for record in receipt.messages]
    return {"Messages": messages} if messages else {}


class Receiver:
    """One receive transaction: picks visible messages, dead-letters and expires on the way."""

    def __init__(self, txn: Txn, store: Reads, ref: QueueRef, now: float, count: int,
                 visibility_timeout: int | None) -> None:
        self.txn, self.store, self.ref, self.now, self.count = txn, store, ref, now, count
        self.visibility_timeout = visibility_timeout
        #: Read with the first records the receive needs, in the same round trip (see `_read`).
        self.queue: dict[str, Any] | None = None
        self.retention = 0
        self.redrive: tuple[str, int] | None = None
        self.dead_letter: Enqueuer | None = None
        self.receipt = Receipt()

    def run(self, attempt_id: str | None) -> Receipt:
        fifo = self.ref.fifo
        if fifo and attempt_id is not None and self._repeat_attempt(attempt_id):
            return self.receipt
        if fifo:
            self._receive_fifo()
        else:
            self._receive_standard()
        if self.queue is None:  # nothing was due: the queue must still exist, and its wait time counts
            self._read([])
        picked = self.receipt.messages
        if fifo and attempt_id is not None and picked:
            expires = self.now + DEDUP_WINDOW_SECONDS
            attempt = {
                "messages": [[m["id"], m["receipt"]] for m in picked],
                "visible_at": picked[0]["visible_at"],
                "expires": expires,
            }
            self.txn.put(self.ref.attempt(attempt_id), attempt)
            self.txn.score_add(self.ref.expiring, {self.ref.attempt(attempt_id): expires})
        return self.receipt

    @property
    def full(self) -> bool:
        return len(self.receipt.messages) == self.count

    def _due(self, reads: Reads, index: str) -> Iterator[list[str]]:
        """Pages of the index's members receivable now, lowest score first.

        Reading on past now costs no extra read, and tells when the first of
        the others becomes receivable, which a long poll needs.
        """
        for page in walk(reads, index, self.count):
            due = [member for member, score in page if score <= self.now]
            if due:
                yield due
            if len(due) < len(page):
                self.receipt.next_ready_at = page[len(due)][1]
                return

    def _receive_standard(self) -> None:
        # The visible index is read outside the transaction's watch, so that a receive conflicts only
        # with writers of the messages it takes, not with every send, receive and delete on the queue.
        # The (watched) records say which of them are still receivable.
        for due in self._due(self.store, self.ref.visible):
            for record in self._read([self.ref.message(member) for member in due]):
                if record is not None and record["visible_at"] <= self.now and self._keep(record):
                    self._mark_received(record)
                    if self.full:
                        return

    def _receive_fifo(self) -> None:
        """Take whole runs of each ready group, in group order, so a group's order is kept."""
        for groups in self._due(self.txn, self.ref.groups):
            for group in groups:
                self._receive_group(group)
                if self.full:
                    return

    def _receive_group(self, group: str) -> None:
        """Receive the head of one ready group, then lock it (or fix its score if nothing was taken)."""
        txn, ref = self.txn, self.ref
        taken = self._take_from_group(group)
        if taken:
            txn.score_add(ref.groups, {group: self.now + self.visibility_timeout})
        else:
            refresh_group(txn, ref, group, self.now)

    def _take_from_group(self, group: str) -> int:
        taken = 0
        for page in walk(self.txn, self.ref.group(group), self.count):
            for record in self._read([self.ref.message(member) for member, _ in page]):
                if record is not None and record["visible_at"] > self.now:
                    return taken
                if record is not None and self._keep(record):
                    self._mark_received(record)
                    taken += 1
                    if self.full:
                        return taken
        return taken

    def _read(self, keys: list[str]) -> list[Any]:
        """Records by key; the first read also fetches the queue record and takes its settings.

        The indexes say what to read before the queue record is needed (its
        name tells standard from FIFO), so the queue costs no round trip of its own.
        """
        if self.queue is not None:
            return self.txn.get_many(keys)
        queue, *records = self.txn.get_many([self.ref.record, *keys])
        self.queue = found_queue(queue)
        settings = queue["attributes"]
        if self.visibility_timeout is None:
            self.visibility_timeout = int(settings["VisibilityTimeout"])
        self.retention = int(settings["MessageRetentionPeriod"])
        self.redrive = queue_attributes.redrive_target(settings)
        self.receipt.wait_seconds = int(settings["ReceiveMessageWaitTimeSeconds"])
        return records

    def _keep(self, record: dict) -> bool:
        """False if the message expired or went to the dead-letter queue instead of being received."""
        if record["sent_ms"] / 1000 + self.retention <= self.now:
            remove_message(self.txn, self.ref, record)
            return False
        if self.redrive is not None and record["receive_count"] >= self.redrive[1]:
            target = self._dead_letter_queue()
            if target is not None:
                remove_message(self.txn, self.ref, record)
                moved = dict(record, receipt=None, sequence=None, visible_at=self.now, delayed=False)
                target.insert(dict(moved, dead_letter_source=self.ref.arn))
                return False
        return True

    def _dead_letter_queue(self) -> Enqueuer | None:
        if self.dead_letter is None:
            target = ref_by_arn(self.ref.scope, self.redrive[0])
            queue = self.txn.get(target.record) if target else None
            if queue is None:
                return None
            self.dead_letter = Enqueuer(self.txn, target, queue, self.now, self.ref.scope.account_id)
        return self.dead_letter

    def _mark_received(self, record: dict) -> None:
        txn, ref = self.txn, self.ref
        record["receive_count"] += 1
        record["first_receive_ms"] = record["first_receive_ms"] or int(self.now * 1000)
        record["received_at"] = self.now
        record["receipt"] = ids.random_hex()
        record["visible_at"] = self.now + self.visibility_timeout
        if record["delayed"]:
            txn.score_remove(ref.delayed, record["id"])
            record["delayed"] = False
        txn.put(ref.message(record["id"]), record)
        txn.score_add(ref.visible, {record["id"]: record["visible_at"]})
        self.receipt.messages.append(record)

    def _repeat_attempt(self, attempt_id: str) -> bool:
        """Answer a retried FIFO receive with the same messages and handles if none changed since.

        A retry within the window resets the visibility timeout, as SQS does.
        """
        txn, ref = self.txn, self.ref
        [attempt] = self._read([ref.attempt(attempt_id)])
        if attempt is None or attempt["expires"] <= self.now:
            return False
        records = txn.get_many([ref.message(message_id) for message_id, _ in attempt["messages"]])
        if any(
            record is None or record["receipt"] != token or record["visible_at"] != attempt["visible_at"]
            for record, (_, token) in zip(records, attempt["messages"])
        ):
            return False
        deadline = self.now + self.visibility_timeout
        txn.put(ref.attempt(attempt_id), dict(attempt, visible_at=deadline))
        for record in records:
            record["visible_at"] = deadline
            txn.put(ref.message(record["id"]), record)
            txn.score_add(ref.visible, {record["id"]: deadline})
            txn.score_add(ref.groups, {record["group"]: deadline})
        self.receipt.messages = records
        return True


def render(record: Mapping[str, Any], system_names: set[str], attribute_names: Sequence[str]) -> dict:
    """A received message as ReceiveMessage returns it, with only the attributes asked for."""
    message = {
        "MessageId": record["id"],
        "ReceiptHandle": encode_receipt_handle(record["id"], record["receipt"]),
        "MD5OfBody": record["md5_body"],
        "Body": record["body"],
    }
    if system_names:
        system = system_attribute_values(record)
        if ALL not in system_names:
            system = {name: value for name, value in system.items() if name in system_names}
        if system:
            message["Attributes"] = system
    attributes = {name: value for name, value in record["attributes"].items() if wanted(name, attribute_names)}
    if attributes:
        message["MessageAttributes"] = attributes
        message["MD5OfMessageAttributes"] = md5_of_attributes(attributes)
    return message


def system_attribute_values(record: Mapping[str, Any]) -> dict[str, str]:
    values = {
        "SenderId": record["sender_id"],
        "SentTimestamp": str(record["sent_ms"]),
        "ApproximateReceiveCount": str(record["receive_count"]),
        "ApproximateFirstReceiveTimestamp": str(record["first_receive_ms"]),
        "SequenceNumber": record["sequence"],
        "MessageDeduplicationId": record["dedup"],
        "MessageGroupId": record["group"],
        "DeadLetterQueueSourceArn": record["dead_letter_source"],
    }
    trace = record["system_attributes"].get("AWSTraceHeader")
    if trace is not None:
        values["AWSTraceHeader"] = trace["StringValue"]
    return {name: value for name, value in values.items() if value is not None}


def wanted(name: str, patterns: Sequence[str]) -> bool:
    """MessageAttributeNames matching: All, .*, prefix.* or an exact name."""
    for pattern in patterns:
        if pattern in (ALL, ".*") or pattern == name:
            return True
        if pattern.endswith(".*") and name.startswith(pattern[:-2]):
            return True
    return False
