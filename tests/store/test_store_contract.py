"""The store contract: every adapter must pass every test here identically."""

from __future__ import annotations

import threading
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from moto_shared.adapters.common import DEFAULT_CHUNK_SIZE
from moto_shared.store.base import INF

MIB = 1024 * 1024


# -- records ---------------------------------------------------------------------------------


def test_get_missing_record_is_none(ns):
    assert ns.get("nothing") is None


def test_put_get_round_trips_every_supported_type(ns):
    value = {
        "text": "héllo 中",
        "bytes": b"\x00\xff",
        "int": -(2**63),
        "float": 1.5,
        "none": None,
        "bool": True,
        "list": [1, [2, 3]],
        "when": datetime(2024, 2, 29, 12, 30, 1, 123456, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        "price": Decimal("12345678901234567890.123456789012345678901"),
        "tags": {"a", "b"},
        "frozen": frozenset({1, 2}),
        7: "int key",
    }
    ns.put("k", value)
    assert ns.get("k") == value


def test_put_overwrites(ns):
    ns.put("k", 1)
    ns.put("k", 2)
    assert ns.get("k") == 2


def test_reads_return_copies(ns):
    ns.put("k", {"list": [1]})
    ns.get("k")["list"].append(2)
    assert ns.get("k") == {"list": [1]}


def test_naive_datetime_is_refused_and_nothing_stored(ns):
    with pytest.raises(TypeError, match="naive datetime"):
        ns.put("k", {"when": datetime(2024, 1, 1)})
    assert ns.get("k") is None


def test_get_many_keeps_order_and_gives_none_for_missing(ns):
    ns.put("a", 1)
    ns.put("c", 3)
    assert ns.get_many(["c", "b", "a", "c"]) == [3, None, 1, 3]
    assert ns.get_many([]) == []


def test_delete_counts_existing_records(ns):
    ns.put("a", 1)
    ns.put("b", 2)
    assert ns.delete("a", "b", "missing") == 2
    assert ns.get_many(["a", "b"]) == [None, None]
    assert ns.delete() == 0


def test_keys_may_contain_separators_and_unicode(ns):
    ns.put("sqs|123|us-east-1|queue|a|b:c", "x")
    ns.put("ключ", "y")
    assert ns.get_many(["sqs|123|us-east-1|queue|a|b:c", "ключ"]) == ["x", "y"]


# -- counters --------------------------------------------------------------------------------


def test_incr_starts_at_zero_and_adds(ns):
    assert ns.incr("c") == 1
    assert ns.incr("c", 10) == 11
    assert ns.incr("c", -20) == -9
    assert ns.incr("c", 0) == -9


def test_counters_and_records_are_separate(ns):
    ns.put("same", "record")
    assert ns.incr("same") == 1
    assert ns.get("same") == "record"


# -- lex indexes -----------------------------------------------------------------------------

WORDS = ["a", "b", "ba", "bb", "c", "z", "é", "中", "😀"]


def _lex_index(ns, members=WORDS):
    ns.transact(lambda txn: txn.lex_add("idx", *reversed(members)))


def test_lex_range_is_code_point_ordered(ns):
    _lex_index(ns)
    assert ns.lex_range("idx") == WORDS
    assert ns.index_size("idx") == len(WORDS)


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"start": "b", "stop": "c"}, ["b", "ba", "bb"]),
        ({"start": "b", "stop": "c", "stop_inclusive": True}, ["b", "ba", "bb", "c"]),
        ({"start": "b", "stop": "c", "start_inclusive": False}, ["ba", "bb"]),
        ({"start": "bb"}, ["bb", "c", "z", "é", "中", "😀"]),
        ({"stop": "b"}, ["a"]),
        ({"start": "b", "stop": "c", "reverse": True}, ["bb", "ba", "b"]),
        ({"start": "b", "reverse": True, "limit": 2}, ["😀", "中"]),
        ({"start": "b", "limit": 2}, ["b", "ba"]),
        ({"start": "b", "start_inclusive": False, "stop": "c", "stop_inclusive": True, "reverse": True}, ["c", "bb", "ba"]),
        ({"limit": 0}, []),
        ({"start": "x", "stop": "b"}, []),
        ({"start": "bz", "stop": "c"}, []),
        ({"limit": 100}, WORDS),
    ],
)
def test_lex_range_bounds(ns, kwargs, expected):
    _lex_index(ns)
    assert ns.lex_range("idx", **kwargs) == expected


def test_lex_add_is_idempotent_and_remove_works(ns):
    ns.transact(lambda txn: txn.lex_add("idx", "a", "b", "a"))
    ns.transact(lambda txn: txn.lex_add("idx", "b"))
    assert ns.lex_range("idx") == ["a", "b"]
    ns.transact(lambda txn: txn.lex_remove("idx", "a", "missing"))
    assert ns.lex_range("idx") == ["b"]
    ns.transact(lambda txn: txn.lex_remove("idx", "b"))
    assert ns.lex_range("idx") == []
    assert ns.index_size("idx") == 0


def test_missing_index_reads_as_empty(ns):
    assert ns.lex_range("none") == []
    assert ns.score_range("none") == []
    assert ns.score_of("none", "m") is None
    assert ns.index_size("none") == 0


def test_drop_index(ns):
    _lex_index(ns)
    ns.transact(lambda txn: txn.score_add("scores", {"m": 1}))
    ns.transact(lambda txn: txn.drop_index("idx", "scores", "missing"))
    assert ns.lex_range("idx") == []
    assert ns.score_range("scores") == []


def test_indexes_and_records_are_separate(ns):
    ns.put("idx", "record")
    _lex_index(ns)
    assert ns.get("idx") == "record"
    assert ns.index_size("idx") == len(WORDS)


# -- score indexes ---------------------------------------------------------------------------


def _score_index(ns):
    ns.transact(lambda txn: txn.score_add("q", {"m3": 3, "m1": 1, "b2": 2, "a2": 2, "neg": -1.5, "big": 1e300}))


def test_score_range_orders_by_score_then_member(ns):
    _score_index(ns)
    assert ns.score_range("q") == [("neg", -1.5), ("m1", 1.0), ("a2", 2.0), ("b2", 2.0), ("m3", 3.0), ("big", 1e300)]
    assert ns.index_size("q") == 6


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"min_score": 1, "max_score": 2}, [("m1", 1.0), ("a2", 2.0), ("b2", 2.0)]),
        ({"min_score": 1.5, "max_score": 2.5}, [("a2", 2.0), ("b2", 2.0)]),
        ({"max_score": 1}, [("neg", -1.5), ("m1", 1.0)]),
        ({"min_score": 3, "max_score": INF}, [("m3", 3.0), ("big", 1e300)]),
        ({"min_score": 1, "max_score": 2, "reverse": True}, [("b2", 2.0), ("a2", 2.0), ("m1", 1.0)]),
        ({"limit": 2}, [("neg", -1.5), ("m1", 1.0)]),
        ({"reverse": True, "limit": 2}, [("big", 1e300), ("m3", 3.0)]),
        ({"min_score": 5, "max_score": 4}, []),
        ({"limit": 0}, []),
    ],
)
def test_score_range_bounds(ns, kwargs, expected):
    _score_index(ns)
    assert ns.score_range("q", **kwargs) == expected


def test_score_add_updates_and_remove(ns):
    _score_index(ns)
    ns.transact(lambda txn: txn.score_add("q", {"m1": 10.25}))
    assert ns.score_of("q", "m1") == 10.25
    assert ns.score_range("q", min_score=4, max_score=20) == [("m1", 10.25)]
    ns.transact(lambda txn: txn.score_remove("q", "m1", "missing"))
    assert ns.score_of("q", "m1") is None
    assert ns.index_size("q") == 5


# -- transactions ----------------------------------------------------------------------------


def test_transact_returns_the_function_result(ns):
    assert ns.transact(lambda txn: "done") == "done"


def test_transaction_reads_its_own_record_writes(ns):
    ns.put("a", 1)
    ns.put("b", 2)

    def fn(txn):
        seen = [txn.get("a")]
        txn.put("a", {"new": True})
        txn.delete("b")
        txn.put("c", 3)
        seen.append(txn.get("a"))
        seen.append(txn.get_many(["a", "b", "c", "d"]))
        return seen

    assert ns.transact(fn) == [1, {"new": True}, [{"new": True}, None, 3, None]]
    assert ns.get_many(["a", "b", "c"]) == [{"new": True}, None, 3]


def test_a_record_written_several_times_in_a_transaction_ends_as_its_last_write(ns):
    ns.put("deleted then put", "old")
    ns.put("put then deleted", "old")

    def fn(txn):
        txn.delete("deleted then put")
        txn.put("deleted then put", "new")
        txn.put("put then deleted", "new")
        txn.delete("put then deleted")
        txn.put("put twice", 1)
        txn.put("put twice", 2)

    ns.transact(fn)
    assert ns.get_many(["deleted then put", "put then deleted", "put twice"]) == ["new", None, 2]


def test_transaction_reads_return_copies(ns):
    ns.put("a", {"list": [1]})

    def fn(txn):
        txn.put("b", {"list": [1]})
        txn.get("b")["list"].append(2)
        txn.get("a")["list"].append(2)
        return txn.get_many(["a", "b"])

    assert ns.transact(fn) == [{"list": [1]}, {"list": [1]}]


def test_index_reads_in_a_transaction_ignore_its_own_index_writes(ns):
    ns.transact(lambda txn: txn.lex_add("idx", "old"))

    def fn(txn):
        txn.lex_add("idx", "new")
        txn.score_add("q", {"m": 1})
        return txn.lex_range("idx"), txn.score_range("q"), txn.index_size("idx"), txn.score_of("q", "m")

    assert ns.transact(fn) == (["old"], [], 1, None)
    assert ns.lex_range("idx") == ["new", "old"]


def test_writes_apply_in_order(ns):
    def fn(txn):
        txn.put("k", 1)
        txn.delete("k")
        txn.lex_add("idx", "a")
        txn.lex_remove("idx", "a")
        txn.score_add("q", {"m": 1})
        txn.score_add("q", {"m": 2})
        txn.put("j", 1)
        txn.delete("j")
        txn.put("j", 2)

    ns.transact(fn)
    assert ns.get_many(["k", "j"]) == [None, 2]
    assert ns.lex_range("idx") == []
    assert ns.score_range("q") == [("m", 2.0)]


class Boom(Exception):
    pass


def test_exception_in_transaction_writes_nothing(ns):
    ns.put("a", 1)
    ns.transact(lambda txn: txn.lex_add("idx", "keep"))
    blob_id, _ = ns.blob_write([b"data"])

    def fn(txn):
        assert txn.get("a") == 1
        txn.put("a", 2)
        txn.put("b", 2)
        txn.delete("a")
        txn.lex_add("idx", "new")
        txn.lex_remove("idx", "keep")
        txn.score_add("q", {"m": 1})
        txn.drop_index("idx")
        txn.blob_delete(blob_id)
        txn.notify("topic")
        raise Boom

    with pytest.raises(Boom):
        ns.transact(fn)
    assert ns.get_many(["a", "b"]) == [1, None]
    assert ns.lex_range("idx") == ["keep"]
    assert ns.score_range("q") == []
    assert ns.version("topic") == 0
    assert b"".join(ns.blob_read(blob_id)) == b"data"
    # The namespace still works afterwards (no watch or lock left behind).
    ns.transact(lambda txn: txn.put("a", txn.get("a") + 1))
    assert ns.get("a") == 2


def test_unstorable_value_fails_inside_the_transaction(ns):
    def fn(txn):
        txn.put("ok", 1)
        txn.put("bad", datetime(2024, 1, 1))

    with pytest.raises(TypeError):
        ns.transact(fn)
    assert ns.get("ok") is None


def test_transaction_deletes_blobs_and_notifies_on_commit(ns):
    blob_id, _ = ns.blob_write([b"data"])
    seen = ns.version("topic")

    def fn(txn):
        txn.blob_delete(blob_id)
        txn.notify("topic")

    ns.transact(fn)
    assert ns.version("topic") == seen + 1
    with pytest.raises(KeyError):
        ns.blob_read(blob_id)


def test_conflicting_transaction_is_retried_and_sees_the_new_value(ns):
    ns.put("k", 0)
    calls = []
    other_writer = threading.Thread(target=ns.transact, args=(lambda txn: txn.put("k", 100),))

    def fn(txn):
        value = txn.get("k")
        calls.append(value)
        if len(calls) == 1:
            other_writer.start()
            time.sleep(0.2)
        txn.put("k", value + 1)
        return value

    result = ns.transact(fn)
    other_writer.join(5)
    # Either the other writer waited for us (memory's lock) or it won and we were retried.
    assert (calls, result, ns.get("k")) in [([0], 0, 100), ([0, 100], 100, 101)]


def test_nested_transaction_leaves_the_outer_one_atomic(ns):
    """A transaction opened inside another's function commits on its own; the outer one still sees conflicts."""
    ns.put("k", 0)
    calls = []
    other_writer = threading.Thread(target=ns.transact, args=(lambda txn: txn.put("k", 100),))

    def inner(txn):
        txn.put("inner", (txn.get("inner") or 0) + 1)

    def outer(txn):
        value = txn.get("k")
        calls.append(value)
        ns.transact(inner)
        if len(calls) == 1:
            other_writer.start()
            time.sleep(0.2)
        txn.put("k", value + 1)

    ns.transact(outer)
    other_writer.join(5)
    # Either the other writer waited for us (memory's lock) or it won and we were retried: never a lost update.
    assert (calls, ns.get("k")) in [([0], 100), ([0, 100], 101)]
    assert ns.get("inner") == len(calls)


# -- blobs -----------------------------------------------------------------------------------


def _pattern(size: int) -> bytes:
    """Bytes whose value depends on their position, so that a misplaced range shows."""
    return (bytes(range(251)) * (size // 251 + 1))[:size]


def test_blob_multi_chunk_round_trip_and_ranges(ns):
    size = 2 * DEFAULT_CHUNK_SIZE + 12345
    data = _pattern(size)
    pieces = [data[i : i + 300_000] for i in range(0, size, 300_000)]
    blob_id, written = ns.blob_write(iter(pieces))
    assert written == size
    assert b"".join(ns.blob_read(blob_id)) == data
    boundary = DEFAULT_CHUNK_SIZE
    for start, end in [
        (0, 10),
        (boundary - 5, boundary + 5),
        (boundary, 2 * boundary),
        (boundary - 1, 2 * boundary + 1),
        (10, None),
        (size - 3, size + 100),
        (5, 5),
        (size + 10, None),
    ]:
        assert b"".join(ns.blob_read(blob_id, start, end)) == data[start:end]


def test_blob_read_fetches_only_needed_chunks(ns):
    blob_id, _ = ns.blob_write([_pattern(3 * DEFAULT_CHUNK_SIZE)])
    pieces = list(ns.blob_read(blob_id, DEFAULT_CHUNK_SIZE + 1, DEFAULT_CHUNK_SIZE + 3))
    assert [len(piece) for piece in pieces] == [2]


def test_empty_and_small_blobs(ns):
    empty_id, size = ns.blob_write([])
    assert size == 0
    assert list(ns.blob_read(empty_id)) == []
    small_id, size = ns.blob_write([b"ab", b"", b"c"])
    assert (size, b"".join(ns.blob_read(small_id))) == (3, b"abc")
    assert empty_id != small_id


def test_blob_delete(ns):
    blob_id, _ = ns.blob_write([_pattern(DEFAULT_CHUNK_SIZE + 1)])
    ns.blob_delete(blob_id, "missing")
    with pytest.raises(KeyError):
        ns.blob_read(blob_id)


def test_reading_a_missing_blob_raises_key_error_at_once(ns):
    empty_id, _ = ns.blob_write([])
    ns.blob_delete(empty_id)
    small_id, _ = ns.blob_write([b"data"])
    ns.transact(lambda txn: txn.blob_delete(small_id))
    for blob_id, start, end in [("missing", 0, None), (empty_id, 0, None), (small_id, 0, None), (small_id, 2, 2)]:
        with pytest.raises(KeyError):
            ns.blob_read(blob_id, start, end)


def test_failed_blob_write_leaves_nothing(ns, store):
    def upload():
        yield _pattern(DEFAULT_CHUNK_SIZE + 10)
        raise Boom

    with pytest.raises(Boom):
        ns.blob_write(upload())
    client = getattr(store, "client", None)
    if client is not None:
        assert list(client.scan_iter(match=f"ms:{{{ns.name}}}:b*")) == []


def test_big_blob_from_a_generator_uses_bounded_memory(ns):
    piece = b"x" * (64 * 1024)
    count = 20 * MIB // len(piece)
    # Far below the blob's 20 MiB; leaves room for the in-process fakeredis server's own buffers.
    bound = 8 * DEFAULT_CHUNK_SIZE
    tracemalloc.start()
    try:
        blob_id, size = ns.blob_write(piece for _ in range(count))
        stored, peak = tracemalloc.get_traced_memory()
        # Whatever the store keeps, writing never held much more than a few chunks at once.
        assert peak - stored < bound
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        total = 0
        for chunk in ns.blob_read(blob_id):
            assert len(chunk) <= DEFAULT_CHUNK_SIZE
            total += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
        assert peak - base < bound
    finally:
        tracemalloc.stop()
    assert size == total == 20 * MIB


# -- topics ----------------------------------------------------------------------------------


def test_topic_versions(ns):
    assert ns.version("t") == 0
    ns.notify("t")
    ns.notify("t")
    assert ns.version("t") == 2
    assert ns.version("other") == 0


def test_wait_returns_at_once_when_version_differs(ns):
    ns.notify("t")
    started = time.monotonic()
    assert ns.wait("t", 0, 5) == 1
    assert time.monotonic() - started < 0.5


def test_wait_times_out(ns):
    started = time.monotonic()
    assert ns.wait("t", 0, 0.1) == 0
    assert 0.09 <= time.monotonic() - started < 1


def test_wait_is_woken_by_another_thread(ns):
    woken = {}

    def waiter():
        started = time.monotonic()
        woken["version"] = ns.wait("t", 0, 5)
        woken["after"] = time.monotonic() - started

    thread = threading.Thread(target=waiter)
    thread.start()
    time.sleep(0.05)
    ns.notify("t")
    thread.join(5)
    assert woken["version"] == 1
    assert woken["after"] < 1


# -- namespaces ------------------------------------------------------------------------------


def test_namespaces_are_isolated(store, store_names):
    first, second = store.namespace(store_names(store)), store.namespace(store_names(store))
    first.put("k", 1)
    first.incr("c")
    first.notify("t")
    first.transact(lambda txn: txn.lex_add("idx", "a"))
    assert second.get("k") is None
    assert second.incr("c", 0) == 0
    assert second.version("t") == 0
    assert second.lex_range("idx") == []


def test_list_namespaces_and_wipe(store, store_names):
    kept_name, wiped_name = store_names(store), store_names(store)
    kept, wiped = store.namespace(kept_name), store.namespace(wiped_name)
    for handle in (kept, wiped):
        handle.put("k", 1)
        handle.incr("c")
        handle.notify("t")
        handle.transact(lambda txn: txn.score_add("q", {"m": 1}))
    blob_id, _ = wiped.blob_write([b"data"])
    assert {kept_name, wiped_name} <= set(store.list_namespaces())

    store.wipe_namespace(wiped_name)

    assert wiped_name not in store.list_namespaces()
    assert kept_name in store.list_namespaces()
    assert (wiped.get("k"), wiped.incr("c", 0), wiped.version("t"), wiped.index_size("q")) == (None, 0, 0, 0)
    assert (kept.get("k"), kept.incr("c", 0), kept.version("t"), kept.index_size("q")) == (1, 1, 1, 1)
    with pytest.raises(KeyError):
        wiped.blob_read(blob_id)
    # A handle outlives a wipe, and namespace() registers the name again.
    wiped.put("k", 2)
    assert store.namespace(wiped_name).get("k") == 2
    assert wiped_name in store.list_namespaces()


def test_wipe_leaves_keys_outside_namespaces_alone(store, store_names):
    client = getattr(store, "client", None)
    if client is None:
        pytest.skip("only a Redis-protocol store shares its database with other users")
    name = store_names(store)
    foreign = f"someone-else:{name}"
    client.set(foreign, b"theirs")
    try:
        store.namespace(name).put("k", 1)
        store.wipe_namespace(name)
        assert client.get(foreign) == b"theirs"
    finally:
        client.delete(foreign)


@pytest.mark.parametrize("bad", ["", "a b", "x{y}", "a*", "é", "n" * 121, "a:b"])
def test_invalid_namespace_names_are_refused(store, bad):
    from moto_shared.store import StoreError

    with pytest.raises(StoreError, match="invalid namespace name"):
        store.namespace(bad)
