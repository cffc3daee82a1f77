"""The gap diagnostics: every request answered in place and again, the real answer reaching boto3, idle reads."""

from __future__ import annotations

import pytest

from benchmarks import gaps
from benchmarks.report import gaps_section
from benchmarks.workloads import WORKLOADS, Workload
from moto_shared.core import mock


def _workload(name: str):
    return next(w for w in WORKLOADS if w.name == name)


def test_each_repeatable_request_gets_in_place_and_warm_times():
    """The workloads' own checks hold throughout: each receive still finds a message to delete."""
    workloads = [_workload("s3.put_object 1KB"), _workload("sqs send+receive+delete")]
    costs = gaps.handler_costs(workloads, "memory://", calls=4)
    assert [cost.request for cost in costs] == ["s3.put_object 1KB", "SendMessage", "ReceiveMessage"]
    for cost in costs:
        assert cost.in_place > 0 and cost.warm > 0
        assert cost.ratio == pytest.approx(cost.in_place / cost.warm)
    assert mock.current() is None


def test_a_workload_that_fails_gets_no_row_and_the_others_still_do():
    def broken(clients, state):
        raise RuntimeError("not built yet")

    failing = Workload("broken", "sts", lambda clients: None, broken)
    costs = gaps.handler_costs([failing, _workload("sts.get_caller_identity")], "memory://", calls=2)
    assert [cost.request for cost in costs] == ["sts.get_caller_identity"]
    assert mock.current() is None


def test_reads_after_idle_work_are_timed_per_gap_and_leave_no_namespace():
    from moto_shared.store import open_store

    store = open_store("fakeredis://")
    before = store.list_namespaces()
    medians = gaps.round_trip_after_idle("fakeredis://", samples=20)
    assert list(medians) == list(gaps.IDLE_GAPS_US)
    assert all(0 < seconds < 1 for seconds in medians.values())
    assert store.list_namespaces() == before


def test_the_report_section_shows_both_tables():
    costs = [gaps.HandlerCost("dynamodb.put_item", 150e-6, 100e-6)]
    text = "\n".join(gaps_section(costs, {0: 30e-6, 1000: 90e-6}))
    assert "| dynamodb.put_item | 150 | 100 | 1.50x |" in text
    assert "| median read (us) | 30 | 90 |" in text
    assert "median read" not in "\n".join(gaps_section(costs, None))


def test_round_trips_to_redis_are_counted_and_timed_per_call(redis_url):
    """The counts are the adapter's design: a write commits in one round trip, a read of known records in
    one, and the SQS cycle sends, receives (the index, then the commit) and deletes in four."""
    names = ["sts.get_caller_identity", "s3.put_object 1KB", "sqs send+receive+delete", "dynamodb.get_item"]
    waits = gaps.redis_waits([_workload(name) for name in names], redis_url, calls=5)
    assert [(wait.workload, wait.round_trips) for wait in waits] == list(zip(names, [0, 1, 4, 1]))
    assert waits[0].waiting == 0 < waits[0].call
    assert all(0 < wait.waiting < wait.call < 1 for wait in waits[1:])
    assert mock.current() is None


def test_the_report_splits_the_redis_ratio_into_waiting_and_the_rest():
    from benchmarks.latency import LatencyResults

    latency = LatencyResults(["floor", "ours:memory", "ours:redis"])
    latency.samples["dynamodb.put_item"] = {"floor": [400e-6], "ours:memory": [520e-6], "ours:redis": [720e-6]}
    waits = [gaps.RedisWait("dynamodb.put_item", 1.0, 200e-6, 800e-6)]
    text = "\n".join(gaps_section([], None, waits, latency))
    assert "| dynamodb.put_item | 1.00 | 200 | 25% | 0.45x | 0.50x |" in text
    assert "round trips per call" not in "\n".join(gaps_section([], None, None, latency))
