"""How the Redis adapter talks to its server: round trips, per-thread connections, recovery after errors."""

from __future__ import annotations

import gc
import multiprocessing
import socket
import threading
import time

import pytest
import redis

import moto_shared.adapters.redis as redis_adapter
from moto_shared.adapters.common import DEFAULT_CHUNK_SIZE


def test_a_small_blob_travels_with_the_next_round_trip(redis_ns, round_trips):
    blob_id, _ = redis_ns.blob_write([b"small ", b"blob"])
    assert round_trips == []
    assert b"".join(redis_ns.blob_read(blob_id, 2)) == b"all blob"
    redis_ns.blob_delete(blob_id)
    assert round_trips == [["SET", "GETRANGE"], ["UNLINK"]]


def test_a_held_blob_reaches_redis_before_a_nested_transaction_commits(redis_store, redis_ns):
    blob_id, _ = redis_ns.blob_write([b"data"])
    token = blob_id.split(".")[0]
    landed = []

    def outer(txn):
        # The nested transaction runs on another connection: the held blob must not arrive after its commit.
        redis_ns.transact(lambda inner: inner.put("names-the-blob", blob_id))
        landed.append(bool(redis_store.client.keys(f"*{token}*")))

    redis_ns.transact(outer)
    assert landed and all(landed)


def test_a_big_blob_is_written_a_few_chunks_per_round_trip(redis_ns, round_trips):
    chunks = 2 * redis_adapter.CHUNKS_PER_WRITE + 1
    blob_id, size = redis_ns.blob_write([b"x" * (chunks * DEFAULT_CHUNK_SIZE)])
    assert [len(commands) for commands in round_trips] == [redis_adapter.CHUNKS_PER_WRITE] * 2 + [1]
    assert sum(len(piece) for piece in redis_ns.blob_read(blob_id)) == size


def test_a_transaction_deletes_blobs_in_its_commit(redis_ns, round_trips):
    blob_id, _ = redis_ns.blob_write([b"data"])
    redis_ns.get("anything")  # the blob's held write goes out with this
    round_trips.clear()

    def drop(txn):
        txn.get("record")
        txn.blob_delete(blob_id)

    redis_ns.transact(drop)
    assert round_trips == [["WATCH", "MGET"], ["MULTI", "UNLINK", "EXEC"]]
    with pytest.raises(KeyError):
        redis_ns.blob_read(blob_id)


def test_a_thread_keeps_one_connection_and_gives_it_back_when_it_ends(redis_store, redis_ns):
    seen = []

    def work():
        for _ in range(3):
            redis_ns.get("k")
            seen.append(redis_store._connection())
        redis_ns.transact(lambda txn: txn.get("k"))
        seen.append(redis_store._connection())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert len(seen) == 4 and all(connection is seen[0] for connection in seen)
    raw = seen[0]._connection
    seen.clear()
    gc.collect()
    pool = redis_store.client.connection_pool
    # The pool hands out the connection it got back last.
    taken = pool.get_connection()
    try:
        assert taken is raw
    finally:
        pool.release(taken)


def test_an_error_mid_round_trip_replaces_the_connection(redis_store, redis_ns, monkeypatch):
    redis_ns.put("k", 1)
    failing = redis_store._connection()

    def fail(*args, **kwargs):
        raise redis.TimeoutError("simulated")

    monkeypatch.setattr(failing._connection, "read_response", fail)
    with pytest.raises(redis.TimeoutError):
        redis_ns.get("k")
    # Never used again, even by someone who kept it (a transaction's WATCHes died with its socket).
    with pytest.raises(redis.ConnectionError):
        failing.run(("GET", "k"))
    assert redis_ns.get("k") == 1
    assert redis_store._connection() is not failing


def _use_in_child(store, ns, parent_connection, result) -> None:
    ns.put("child", ns.get("parent") + 1)
    result.put(store._connection() is not parent_connection)


def test_a_forked_child_never_uses_its_parents_socket(shared_store, shared_ns):
    shared_ns.put("parent", 1)
    parent_connection = shared_store._connection()
    context = multiprocessing.get_context("fork")
    result = context.Queue()
    child = context.Process(target=_use_in_child, args=(shared_store, shared_ns, parent_connection, result))
    child.start()
    assert result.get(timeout=15) is True
    child.join(15)
    assert child.exitcode == 0
    assert shared_ns.get("child") == 2
    assert shared_store._connection() is parent_connection


@pytest.mark.parametrize(
    "commands",
    [
        [("GET", "ms:{n}:r:k")],
        [("MULTI",), ("SET", "ms:{n}:r:é", b"\x00\r\n"), ("ZADD", "i", 0, "a", 1.5, "b"), ("EXEC",)],
        [("SET", "big", b"x" * 100_000), ("GETRANGE", "big", 0, -1), ("SET", "small", b"")],
    ],
)
def test_commands_are_packed_as_redis_py_packs_them(commands):
    packer = redis.Connection()
    assert b"".join(redis_adapter._pack(commands)) == b"".join(packer.pack_commands(commands))


def test_waiting_for_a_reply_polls_only_a_short_while():
    """A socket with a timeout (as redis-py's) is polled for REPLY_POLL_SECONDS at most, never read."""
    ours, theirs = socket.socketpair()
    ours.settimeout(2.0)
    started = time.perf_counter()
    redis_adapter._await_reply(ours)  # nothing to read: gives up after the poll time
    assert time.perf_counter() - started < 0.05
    theirs.sendall(b"+OK\r\n")
    redis_adapter._await_reply(ours)
    assert ours.recv(16) == b"+OK\r\n"  # left for the reader
    ours.close()
    redis_adapter._await_reply(ours)  # a closed socket: the read reports it
    redis_adapter._await_reply(None)
    theirs.close()


def test_round_trips_still_answer_when_the_reply_takes_longer_than_the_poll(redis_ns, monkeypatch):
    monkeypatch.setattr(redis_adapter, "REPLY_POLL_SECONDS", 0.0)
    redis_ns.put("slow", {"n": 1})
    assert redis_ns.transact(lambda txn: txn.get("slow")) == {"n": 1}
