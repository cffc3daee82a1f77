"""Functions run in child processes by the store tests (importable by spawned children)."""

from __future__ import annotations

import time
from functools import partial

from moto_shared.store import open_store
from moto_shared.store.base import Namespace, Txn


def _count_one(txn: Txn, member: str) -> None:
    """Read-modify-write: bump a counter record and log the value we saw, under a unique member."""
    count = (txn.get("count") or 0) + 1
    txn.put("count", count)
    txn.score_add("log", {member: count})


def count_up_on(handle: Namespace, worker: str, rounds: int) -> None:
    for round_number in range(rounds):
        handle.transact(partial(_count_one, member=f"{worker}-{round_number}"))


def count_up(url: str, namespace: str, worker: str, rounds: int) -> None:
    count_up_on(open_store(url).namespace(namespace), worker, rounds)


def notify_later(url: str, namespace: str, topic: str, delay: float) -> None:
    handle = open_store(url).namespace(namespace)
    time.sleep(delay)
    handle.notify(topic)
