"""The Redis adapter's record cache: a transaction whose record reads this process saw last commits in one
round trip (EVALSHA of CHECK_AND_WRITE), and a stale entry costs a re-run, never a wrong answer."""

from __future__ import annotations

import hashlib
import multiprocessing
import threading
import uuid

import pytest

import moto_shared.adapters.redis as redis_adapter
from moto_shared.adapters.fakeredis import FakeRedisStore
from store_workers import count_up, count_up_on


@pytest.fixture
def own_store(redis_url):
    """A real Redis store of this test's own, so with an empty cache (`moto_shared.store.open_store` shares one)."""
    store = redis_adapter.open_store(redis_url)
    yield store
    store.close()


@pytest.fixture
def ns(own_store, store_names):
    """A fresh namespace of `own_store` (real Redis only, unlike the contract suite's `ns`)."""
    return own_store.namespace(store_names(own_store))


@pytest.fixture
def other_writer(redis_url, ns):
    """The same namespace through a store of its own, with its own cache: as another process sees it."""
    store = redis_adapter.open_store(redis_url)
    yield store.namespace(ns.name)
    store.close()


def _increment(txn, key="count"):
    value = (txn.get(key) or 0) + 1
    txn.put(key, value)
    return value


def test_a_record_this_process_wrote_last_commits_in_one_round_trip(ns, round_trips):
    ns.transact(_increment)
    round_trips.clear()
    assert ns.transact(_increment) == 2
    assert ns.transact(lambda txn: txn.get("count")) == 2  # a read-only transaction checks in one round trip too
    assert round_trips == [["EVALSHA"], ["EVALSHA"]]


def test_namespace_writes_and_transaction_reads_fill_the_cache(ns, round_trips):
    ns.put("put", 1)
    ns.delete("deleted")
    ns.transact(lambda txn: txn.get("read"))
    round_trips.clear()
    assert [ns.transact(lambda txn, key=key: txn.get(key)) for key in ("put", "deleted", "read")] == [1, None, None]
    assert round_trips == [["EVALSHA"]] * 3


def test_an_index_read_is_still_watched_and_guards_the_commit(ns, other_writer, round_trips):
    ns.transact(_increment)
    round_trips.clear()
    runs = []

    def count_members(txn):
        runs.append(txn.index_size("members"))
        if len(runs) == 1:
            other_writer.transact(lambda other: other.lex_add("members", "late"))
        txn.put("size", runs[-1])

    ns.transact(lambda txn: (txn.get("count"), count_members(txn)))
    ours = [["WATCH", "ZCARD"], ["MULTI", "EVALSHA", "EXEC"]]
    assert round_trips == [ours[0], ["MULTI", "ZADD", "EXEC"], ours[1], *ours]  # conflict, then run again
    assert runs == [0, 1] and ns.get("size") == 1


def test_a_record_another_writer_changed_is_read_again_and_nothing_is_lost(ns, other_writer, round_trips):
    ns.transact(_increment)
    other_writer.put("count", 10)
    round_trips.clear()
    assert ns.transact(_increment) == 11
    assert round_trips == [["EVALSHA"], ["WATCH", "MGET"], ["MULTI", "SET", "EXEC"]]
    assert other_writer.get("count") == 11


@pytest.mark.parametrize("contended_seconds", [redis_adapter.CONTENDED_SECONDS, 0])
def test_a_contended_record_is_read_from_redis_for_a_while(
    ns, other_writer, round_trips, monkeypatch, contended_seconds
):
    monkeypatch.setattr(redis_adapter, "CONTENDED_SECONDS", contended_seconds)
    ns.transact(_increment)
    other_writer.put("count", 10)
    ns.transact(_increment)  # finds its cached value stale: "count" is contended now
    round_trips.clear()
    assert ns.transact(_increment) == 12
    if contended_seconds:
        assert round_trips == [["WATCH", "MGET"], ["MULTI", "SET", "EXEC"]]
    else:
        assert round_trips == [["EVALSHA"]]


@pytest.mark.parametrize("first_read", ["index", "uncached record"])
def test_a_read_after_or_with_a_redis_read_is_never_older_than_it(ns, other_writer, first_read):
    """Like DynamoDB's table memo, a function may remember a record by a stamp read before or with it."""
    ns.transact(lambda txn: (txn.put("record", "old"), txn.put("stamp", "old")))
    other_writer.transact(lambda txn: (txn.put("record", "new"), txn.put("stamp", "new"), txn.lex_add("i", "m")))
    runs = []

    def read(txn):
        if first_read == "index":
            runs.append((txn.index_size("i"), *txn.get_many(["record"])))
        else:
            runs.append(tuple(txn.get_many(["uncached", "record"])))

    ns.transact(read)
    assert runs == [(1, "new")] if first_read == "index" else [(None, "new")]


def test_an_error_computed_from_a_stale_value_is_not_reported(ns, other_writer, round_trips):
    ns.transact(lambda txn: txn.get("bucket"))  # cached: absent
    other_writer.put("bucket", "created")

    def put_object(txn):
        if txn.get("bucket") is None:
            raise LookupError("NoSuchBucket")
        txn.put("object", "body")

    round_trips.clear()
    ns.transact(put_object)
    assert ns.get("object") == "body"
    assert round_trips[0] == ["MGET"]  # the cached "absent" is checked before the error would propagate


def test_an_error_computed_from_a_current_value_propagates_and_writes_nothing(ns, round_trips):
    ns.transact(lambda txn: txn.get("bucket"))
    round_trips.clear()

    def put_object(txn):
        txn.put("object", "body")
        if txn.get("bucket") is None:
            raise LookupError("NoSuchBucket")

    with pytest.raises(LookupError):
        ns.transact(put_object)
    assert round_trips == [["MGET"]]
    assert ns.get("object") is None


@pytest.mark.parametrize("also_watched", [False, True], ids=["alone", "in-multi"])
def test_a_script_redis_lost_is_loaded_again(ns, round_trips, monkeypatch, also_watched):
    ns.transact(_increment)
    # A script this Redis never saw stands in for one lost to a restart (SCRIPT FLUSH is server-wide).
    unknown = redis_adapter.CHECK_AND_WRITE + f"-- {uuid.uuid4()}\n"
    monkeypatch.setattr(redis_adapter, "CHECK_AND_WRITE", unknown)
    monkeypatch.setattr(redis_adapter, "CHECK_AND_WRITE_SHA", hashlib.sha1(unknown.encode()).hexdigest())
    round_trips.clear()

    def increment(txn):
        value = _increment(txn)
        if also_watched:
            txn.index_size("anything")
        return value

    assert ns.transact(increment) == 2
    assert ns.transact(increment) == 3
    commit = ["MULTI", "EVALSHA", "EXEC"] if also_watched else ["EVALSHA"]
    reads = [["WATCH", "ZCARD"]] if also_watched else []
    assert round_trips == [*reads, commit, ["SCRIPT"], *reads, commit, *reads, commit]


@pytest.mark.parametrize("write", ["lex_add", "delete"])
def test_a_commit_too_long_for_the_script_goes_through_multi_exec(ns, round_trips, write):
    ns.transact(_increment)
    names = [f"member-{number:05}" for number in range(2 * redis_adapter.SCRIPT_COMMAND_LIMIT)]
    ns.transact(lambda txn: [txn.put(name, 1) for name in names] if write == "delete" else None)
    round_trips.clear()

    def big(txn):
        _increment(txn)
        if write == "lex_add":
            txn.lex_add("names", *names)
        else:
            txn.delete(*names)

    ns.transact(big)
    assert round_trips[0] == ["WATCH", "MGET"]  # the cached read, watched and checked
    assert round_trips[1][0] == "MULTI" and len(round_trips) == 2
    assert ns.get("count") == 2
    if write == "lex_add":
        assert ns.index_size("names") == len(names)
    else:
        assert ns.get_many(names[:3] + names[-3:]) == [None] * 6


def test_a_big_value_is_not_cached(ns, round_trips):
    ns.transact(lambda txn: txn.put("big", "x" * (redis_adapter.CACHED_VALUE_BYTES + 1)))
    round_trips.clear()
    ns.transact(lambda txn: txn.get("big"))
    assert round_trips == [["WATCH", "MGET"], ["MULTI", "EXEC"]]


def test_a_store_without_lua_keeps_watching_every_read(fakeredis_store, store_names, round_trips):
    fake_ns = fakeredis_store.namespace(store_names(fakeredis_store))
    assert isinstance(fakeredis_store, FakeRedisStore) and fakeredis_store._records() is None
    over_tcp = redis_adapter.open_store(fakeredis_store.child_url())
    assert over_tcp._records() is None
    over_tcp.close()
    fake_ns.transact(_increment)
    round_trips.clear()
    fake_ns.transact(_increment)
    assert round_trips == [["WATCH", "MGET"], ["MULTI", "SET", "EXEC"]]


THREADS = 4
PROCESSES = 3
ROUNDS = 100


def test_threads_and_processes_count_exactly_with_the_cache(redis_url, ns, monkeypatch):
    # Never contended here: every transaction of this process's threads reads "count" from the cache.
    monkeypatch.setattr(redis_adapter, "CONTENDED_SECONDS", 0)
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=count_up, args=(redis_url, ns.name, f"p{i}", ROUNDS)) for i in range(PROCESSES)]
    threads = [threading.Thread(target=count_up_on, args=(ns, f"t{i}", ROUNDS)) for i in range(THREADS)]
    for worker in (*processes, *threads):
        worker.start()
    for worker in (*processes, *threads):
        worker.join(120)
    assert [process.exitcode for process in processes] == [0] * PROCESSES
    total = (PROCESSES + THREADS) * ROUNDS
    assert ns.get("count") == total
    assert sorted(score for _, score in ns.score_range("log")) == [float(n) for n in range(1, total + 1)]


def test_values_read_together_were_current_together(ns, other_writer):
    """A get_many is answered from one batch of the cache: never a pair that never existed in Redis."""
    ns.transact(lambda txn: txn.get_many(["record", "stamp"]))  # cached together: (None, None)
    other_writer.transact(lambda txn: (txn.put("record", "v2"), txn.put("stamp", 2)))
    ns.transact(lambda txn: txn.get_many(["stamp", "other"]))  # refreshes only the stamp, with "other"
    seen = []
    ns.transact(lambda txn: seen.append(txn.get_many(["record", "stamp"])))
    assert seen == [["v2", 2]]
