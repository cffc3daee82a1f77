"""Concurrent read-modify-write from threads and processes: nothing lost, nothing duplicated."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest

import moto_shared.store
from moto_shared.store import open_store
from store_workers import count_up, count_up_on, notify_later

THREADS = 8
PROCESSES = 4
ROUNDS = 150


def _assert_exact(ns, total: int) -> None:
    """Every transaction counted once, and no two of them saw the same count."""
    assert ns.get("count") == total
    log = ns.score_range("log")
    assert len(log) == total
    assert sorted(score for _, score in log) == [float(n) for n in range(1, total + 1)]


def test_threads(ns):
    threads = [threading.Thread(target=count_up_on, args=(ns, f"t{i}", ROUNDS)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    _assert_exact(ns, THREADS * ROUNDS)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_processes(shared_store, store_names, method):
    name = store_names(shared_store)
    context = multiprocessing.get_context(method)
    processes = [
        context.Process(target=count_up, args=(shared_store.child_url(), name, f"p{i}", ROUNDS))
        for i in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [process.exitcode for process in processes] == [0] * PROCESSES
    _assert_exact(shared_store.namespace(name), PROCESSES * ROUNDS)


def test_wait_is_woken_from_another_process(shared_store, store_names):
    name = store_names(shared_store)
    ns = shared_store.namespace(name)
    child = multiprocessing.get_context("fork").Process(
        target=notify_later, args=(shared_store.child_url(), name, "topic", 0.2)
    )
    started = time.monotonic()
    child.start()
    assert ns.wait("topic", 0, 10) == 1
    assert time.monotonic() - started < 2
    child.join(10)
    assert child.exitcode == 0


def _fork_and_run(target) -> int:
    process = multiprocessing.get_context("fork").Process(target=target)
    process.start()
    process.join(15)
    if process.exitcode is None:
        process.kill()
    return process.exitcode


def test_forked_child_reaches_the_parents_embedded_store(store_names):
    parent = open_store("fakeredis://fork-test")
    name = store_names(parent)
    parent.namespace(name).put("k", "from parent")

    def child():
        handle = open_store("fakeredis://fork-test").namespace(name)
        assert handle.get("k") == "from parent"
        handle.put("k", "from child")

    assert _fork_and_run(child) == 0
    assert parent.namespace(name).get("k") == "from child"


def test_locks_held_at_fork_time_do_not_deadlock_the_child(store_names):
    memory = open_store("memory://fork-safety")
    ns = memory.namespace(store_names(memory))
    ns.put("k", 1)
    holding, release = threading.Event(), threading.Event()

    def hold_locks():
        with moto_shared.store._lock:
            ns.transact(lambda txn: (holding.set(), release.wait(20)))

    holder = threading.Thread(target=hold_locks)
    holder.start()
    holding.wait(5)

    def child():
        # A fresh memory store: the parent's data (and its held lock) stayed behind.
        fresh = open_store("memory://fork-safety").namespace(ns.name)
        assert fresh.get("k") is None
        fresh.transact(lambda txn: txn.put("k", 2))
        assert fresh.get("k") == 2

    try:
        assert _fork_and_run(child) == 0
    finally:
        release.set()
        holder.join(5)
    assert ns.get("k") == 1
