"""Operations by receipt handle: DeleteMessage(Batch) and ChangeMessageVisibility(Batch)."""

from __future__ import annotations

import time
from typing import Sequence

from moto_shared.context import RequestContext
from moto_shared.services.sqs import exceptions
from moto_shared.services.sqs.batches import check_batch, run_batch
from moto_shared.services.sqs.indexes import refresh_group, remove_message
from moto_shared.services.sqs.receiving import MAX_VISIBILITY_TIMEOUT
from moto_shared.services.sqs.storage import QueueRef, decode_receipt_handle, found_queue, ref_by_url
from moto_shared.store.base import Txn


def delete_message(ctx: RequestContext, QueueUrl: str, ReceiptHandle: str) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    ctx.store.transact(lambda txn: MessageChanges(txn, ref, (ReceiptHandle,)).delete(ReceiptHandle))
    return {}


def delete_message_batch(ctx: RequestContext, QueueUrl: str, Entries: list[dict]) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    check_batch(Entries, "DeleteMessageBatchRequestEntry")

    def delete(txn: Txn) -> dict:
        changes = MessageChanges(txn, ref, [entry["ReceiptHandle"] for entry in Entries])
        return run_batch(Entries, lambda entry: changes.delete(entry["ReceiptHandle"]))

    return ctx.store.transact(delete)


def change_message_visibility(ctx: RequestContext, QueueUrl: str, ReceiptHandle: str, VisibilityTimeout: int) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    ctx.store.transact(
        lambda txn: MessageChanges(txn, ref, (ReceiptHandle,)).change_visibility(ReceiptHandle, VisibilityTimeout)
    )
    return {}


def change_message_visibility_batch(ctx: RequestContext, QueueUrl: str, Entries: list[dict]) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    check_batch(Entries, "ChangeMessageVisibilityBatchRequestEntry")

    def change(txn: Txn) -> dict:
        changes = MessageChanges(txn, ref, [entry["ReceiptHandle"] for entry in Entries])
        return run_batch(
            Entries,
            lambda entry: changes.change_visibility(entry["ReceiptHandle"], entry.get("VisibilityTimeout", 0)),
        )

    return ctx.store.transact(change)


class MessageChanges:
    """Deletes and visibility changes by receipt handle, inside one transaction.

    The queue record and the records of every message the handles name are
    read together, in one round trip. A missing queue is reported before a
    bad handle, and a bad handle before anything else about its entry.
    """

    def __init__(self, txn: Txn, ref: QueueRef, handles: Sequence[str]) -> None:
        self.txn, self.ref, self.now = txn, ref, time.time()
        self.decoded: dict[str, tuple[str, str] | None] = {}
        message_ids, keys = [], [ref.record]
        for handle in handles:
            decoded = self.decoded[handle] = decode_receipt_handle(handle)
            if decoded is not None:
                message_ids.append(decoded[0])
                keys.append(ref.message(decoded[0]))
        queue, *records = txn.get_many(keys)
        self.queue = found_queue(queue)
        #: The messages as this transaction left them (None once deleted), by id.
        self.records: dict[str, dict | None] = dict(zip(message_ids, records))

    def _decoded(self, handle: str) -> tuple[str, str]:
        decoded = self.decoded[handle]
        if decoded is None:
            raise exceptions.receipt_handle_is_invalid(handle)
        return decoded

    def delete(self, handle: str) -> dict:
        """Delete the message if the handle is its latest one.

        A stale handle on a standard queue succeeds without deleting, as the
        DeleteMessage docs say; on a FIFO queue an expired handle is an error.
        """
        message_id, token = self._decoded(handle)
        record = self.records[message_id]
        if record is None:
            return {}
        current = record["receipt"] == token
        if self.queue["fifo"] and (not current or record["visible_at"] <= self.now):
            raise exceptions.invalid_parameter("ReceiptHandle", handle, "The receipt handle has expired.")
        if current:
            remove_message(self.txn, self.ref, record)
            self.records[message_id] = None
            if self.queue["fifo"] and refresh_group(self.txn, self.ref, record["group"], self.now):
                self.txn.notify(self.ref.arrivals)
        return {}

    def change_visibility(self, handle: str, timeout: int) -> dict:
        """Change the visibility of the message's current receive.

        SQS accepts an earlier receive's handle here too (unlike DeleteMessage),
        and applies the change to the message as it is now.
        """
        message_id, _ = self._decoded(handle)
        if not 0 <= timeout <= MAX_VISIBILITY_TIMEOUT:
            raise exceptions.invalid_parameter(
                "VisibilityTimeout", timeout, f"Must be between 0 and {MAX_VISIBILITY_TIMEOUT}, if provided."
            )
        txn, ref = self.txn, self.ref
        record = self.records[message_id]
        if record is None or record["receipt"] is None:
            raise exceptions.stale_receipt_handle(handle)
        if record["visible_at"] <= self.now:
            raise exceptions.message_not_in_flight()
        if self.now + timeout - record["received_at"] > MAX_VISIBILITY_TIMEOUT:
            raise exceptions.invalid_parameter(
                "VisibilityTimeout",
                timeout,
                f"Total VisibilityTimeout for the message is beyond the limit [{MAX_VISIBILITY_TIMEOUT} seconds]",
            )
        record["visible_at"] = self.now + timeout
        txn.put(ref.message(message_id), record)
        txn.score_add(ref.visible, {message_id: record["visible_at"]})
        became_visible = timeout == 0
        if self.queue["fifo"]:
            became_visible = refresh_group(txn, ref, record["group"], self.now)
        if became_visible:
            txn.notify(ref.arrivals)
        return {}
