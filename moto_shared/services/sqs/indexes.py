"""Index bookkeeping shared by the message operations (see `storage` for the layout)."""

from __future__ import annotations

import math
from typing import Any, Iterator, Mapping

from moto_shared.services.sqs.storage import QueueRef
from moto_shared.store.base import INF, Reads, Txn

MAX_RECEIVE = 10


def walk(reads: Reads, index: str, page: int) -> Iterator[list[tuple[str, float]]]:
    """Pages of a score index, lowest score first.

    Re-reads from the start with a growing limit. Inside a transaction the
    index is stable (its own index writes are invisible); read outside one, it
    may move between pages, so a member can come twice or be missed, and the
    caller checks each member's record.
    """
    seen = 0
    while True:
        members = reads.score_range(index, limit=seen + page)
        if len(members) > seen:
            yield members[seen:]
        if len(members) < seen + page:
            return
        seen = len(members)


def remove_message(txn: Txn, ref: QueueRef, record: Mapping[str, Any]) -> None:
    """Drop a message's record and index entries (its FIFO group's lock is the caller's business)."""
    message_id = record["id"]
    txn.delete(ref.message(message_id))
    txn.score_remove(ref.visible, message_id)
    if record["delayed"]:
        txn.score_remove(ref.delayed, message_id)
    if record["sequence"] is not None and record["group"] is not None:
        txn.score_remove(ref.group(record["group"]), message_id)


def refresh_group(txn: Txn, ref: QueueRef, group: str, now: float) -> bool:
    """Recompute when a FIFO group can next be received; True if that is now.

    A group is locked until the last of its in-flight messages becomes
    visible; those are always at its head, at most MAX_RECEIVE of them, so
    reading that many plus one (a message this transaction just deleted is
    still in the index, its record reads as None) suffices.
    """
    members = [m for m, _ in txn.score_range(ref.group(group), limit=MAX_RECEIVE + 1)]
    records = [record for record in txn.get_many([ref.message(m) for m in members]) if record is not None]
    if not records:
        txn.score_remove(ref.groups, group)
        return False
    in_flight = [r["visible_at"] for r in records if r["receive_count"] and r["visible_at"] > now]
    ready_at = max(in_flight) if in_flight else records[0]["visible_at"]
    txn.score_add(ref.groups, {group: ready_at})
    return ready_at <= now


def drop_messages(txn: Txn, ref: QueueRef) -> None:
    """Delete every message of a queue: the one place allowed to touch them all."""
    message_ids = [member for member, _ in txn.score_range(ref.visible)]
    if message_ids:
        txn.delete(*(ref.message(message_id) for message_id in message_ids))
    groups = [ref.group(group) for group, _ in txn.score_range(ref.groups)]
    txn.drop_index(ref.visible, ref.delayed, ref.groups, *groups)


def count_messages(reads: Reads, ref: QueueRef, now: float) -> dict[str, str]:
    """The Approximate* counts from the indexes.

    Costs O(in flight + delayed), never O(visible): the visible count is the
    index size minus the messages scored in the future.
    """
    later = math.nextafter(now, INF)
    not_yet_visible = len(reads.score_range(ref.visible, later, INF))
    delayed = len(reads.score_range(ref.delayed, later, INF))
    return {
        "ApproximateNumberOfMessages": str(reads.index_size(ref.visible) - not_yet_visible),
        "ApproximateNumberOfMessagesNotVisible": str(not_yet_visible - delayed),
        "ApproximateNumberOfMessagesDelayed": str(delayed),
    }
