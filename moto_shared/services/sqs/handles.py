"""Operations by receipt handle: DeleteMessage(Batch) and ChangeMessageVisibility(Batch)."""

from __future__ import annotations

import time

from moto_shared.context import RequestContext
from moto_shared.services.sqs import exceptions
from moto_shared.services.sqs.batches import check_batch, run_batch
from moto_shared.services.sqs.indexes import refresh_group, remove_message
from moto_shared.services.sqs.receiving import MAX_VISIBILITY_TIMEOUT
from moto_shared.services.sqs.storage import QueueRef, decode_receipt_handle, ref_by_url
from moto_shared.store.base import Txn


def delete_message(ctx: RequestContext, QueueUrl: str, ReceiptHandle: str) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    # MessageChanges loads the queue first: a missing queue is reported before a bad handle.
    ctx.store.transact(lambda txn: MessageChanges(txn, ref).delete(ReceiptHandle, decode_receipt_handle(ReceiptHandle)))
    return {}


def delete_message_batch(ctx: RequestContext, QueueUrl: str, Entries: list[dict]) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    check_batch(Entries, "DeleteMessageBatchRequestEntry")

    def delete(txn: Txn) -> dict:
        changes = MessageChanges(txn, ref)
        return run_batch(
            Entries,
            lambda entry: changes.delete(entry["ReceiptHandle"], decode_receipt_handle(entry["ReceiptHandle"])),
        )

    return ctx.store.transact(delete)


def change_message_visibility(ctx: RequestContext, QueueUrl: str, ReceiptHandle: str, VisibilityTimeout: int) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    ctx.store.transact(
        lambda txn: MessageChanges(txn, ref).change_visibility(
            ReceiptHandle, decode_receipt_handle(ReceiptHandle), VisibilityTimeout
        )
    )
    return {}


def change_message_visibility_batch(ctx: RequestContext, QueueUrl: str, Entries: list[dict]) -> dict:
    ref = ref_by_url(ctx, QueueUrl)
    check_batch(Entries, "ChangeMessageVisibilityBatchRequestEntry")

    def change(txn: Txn) -> dict:
        changes = MessageChanges(txn, ref)
        return run_batch(
            Entries,
            lambda entry: changes.change_visibility(
                entry["ReceiptHandle"], decode_receipt_handle(entry["ReceiptHandle"]), entry.get("VisibilityTimeout", 0)
            ),
        )

    return ctx.store.transact(change)


class MessageChanges:
    """Deletes and visibility changes by receipt handle, inside one transaction."""

    def __init__(self, txn: Txn, ref: QueueRef) -> None:
        self.txn, self.ref, self.now = txn, ref, time.time()
        self.queue = ref.load(txn)

    def delete(self, handle: str, decoded: tuple[str, str]) -> dict:
        """Delete the message if the handle is its latest one.

        A stale handle on a standard queue succeeds without deleting, as the
        DeleteMessage docs say; on a FIFO queue an expired handle is an error.
        """
        message_id, token = decoded
        record = self.txn.get(self.ref.message(message_id))
        if record is None:
            return {}
        current = record["receipt"] == token
        if self.queue["fifo"] and (not current or record["visible_at"] <= self.now):
            raise exceptions.invalid_parameter("ReceiptHandle", handle, "The receipt handle has expired.")
        if current:
            remove_message(self.txn, self.ref, record)
            if self.queue["fifo"] and refresh_group(self.txn, self.ref, record["group"], self.now):
                self.txn.notify(self.ref.arrivals)
        return {}

    def change_visibility(self, handle: str, decoded: tuple[str, str], timeout: int) -> dict:
        """Change the visibility of the message's current receive.

        SQS accepts an earlier receive's handle here too (unlike DeleteMessage),
        and applies the change to the message as it is now.
        """
        if not 0 <= timeout <= MAX_VISIBILITY_TIMEOUT:
            raise exceptions.invalid_parameter(
                "VisibilityTimeout", timeout, f"Must be between 0 and {MAX_VISIBILITY_TIMEOUT}, if provided."
            )
        message_id, _ = decoded
        txn, ref = self.txn, self.ref
        record = txn.get(ref.message(message_id))
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
