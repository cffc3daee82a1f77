"""The embedded fakeredis server: one FakeServer seen in-process and over TCP, with low latency."""

from __future__ import annotations

import time

from moto_shared.store import open_store


def test_child_url_is_stable_and_local(fakeredis_store):
    url = fakeredis_store.child_url()
    assert url.startswith("redis://127.0.0.1:") and url.endswith("/0")
    assert fakeredis_store.child_url() == url


def test_in_process_and_tcp_clients_see_each_others_writes(fakeredis_store, store_names):
    name = store_names(fakeredis_store)
    local = fakeredis_store.namespace(name)
    remote = open_store(fakeredis_store.child_url()).namespace(name)
    local.put("from-local", 1)
    remote.put("from-remote", 2)
    remote.transact(lambda txn: txn.lex_add("idx", "r"))
    assert remote.get("from-local") == 1
    assert local.get("from-remote") == 2
    assert local.lex_range("idx") == ["r"]
    assert name in open_store(fakeredis_store.child_url()).list_namespaces()


def test_watch_conflicts_are_detected_across_clients(fakeredis_store, store_names):
    name = store_names(fakeredis_store)
    local = fakeredis_store.namespace(name)
    remote = open_store(fakeredis_store.child_url()).namespace(name)
    local.put("k", 0)
    attempts = []

    def fn(txn):
        value = txn.get("k")
        attempts.append(value)
        if len(attempts) == 1:
            remote.put("k", 100)
        txn.put("k", value + 1)

    local.transact(fn)
    assert attempts == [0, 100]
    assert remote.get("k") == 101


def test_tcp_transactions_do_not_stall_on_nagle(fakeredis_store, store_names):
    """With Nagle on, each MULTI/EXEC pipeline waits ~40 ms for a delayed ACK."""
    remote = open_store(fakeredis_store.child_url()).namespace(store_names(fakeredis_store))
    remote.put("k", 0)
    started = time.perf_counter()
    for _ in range(20):
        remote.transact(lambda txn: txn.put("k", txn.get("k") + 1))
    average = (time.perf_counter() - started) / 20
    assert remote.get("k") == 20
    assert average < 0.02


def test_replies_larger_than_the_socket_buffer_arrive_whole(fakeredis_store, store_names):
    """A child reading a big blob or a wide MGET gets every byte (the server's socket is non-blocking)."""
    name = store_names(fakeredis_store)
    local = fakeredis_store.namespace(name)
    remote = open_store(fakeredis_store.child_url()).namespace(name)
    payload = bytes(range(256)) * 4096  # 1 MiB, unlike any neighbour
    for i in range(12):
        local.put(f"wide-{i}", payload)
    assert remote.get_many([f"wide-{i}" for i in range(12)]) == [payload] * 12
    blob_id, size = local.blob_write(iter([payload] * 6))
    assert size == 6 * len(payload)
    assert b"".join(remote.blob_read(blob_id)) == payload * 6
