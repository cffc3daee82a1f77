"""The floor's record-and-replay, and the verdicts the benchmark report draws from its figures."""

from __future__ import annotations

import io

import pytest

from benchmarks.clients import Clients, Recorder, replayer
from benchmarks.latency import LatencyResults
from benchmarks.report import cross_process_verdicts, latency_verdicts, scale_verdicts
from benchmarks.scale import ScaleResult
from moto_shared import mock_aws


def test_replayed_responses_parse_like_the_recorded_ones_without_any_mock():
    recorder = Recorder()
    with mock_aws(store="memory://"):
        recording = Clients(instrument=recorder)
        queue_url = recording["sqs"].create_queue(QueueName="floor")["QueueUrl"]
        identity = recording["sts"].get_caller_identity()
    assert sorted(recorder.responses) == ["before-send.sqs.CreateQueue", "before-send.sts.GetCallerIdentity"]
    # No mock is active now: a call that wasn't replayed would go to the network and fail.
    floor = Clients(instrument=replayer(recorder.responses))
    for _ in range(2):
        assert floor["sqs"].create_queue(QueueName="floor")["QueueUrl"] == queue_url
        assert floor["sts"].get_caller_identity()["Arn"] == identity["Arn"]


def test_the_floor_reads_the_request_body_as_a_transport_would():
    """botocore frames an S3 upload (aws-chunked, CRC32 trailer) only as its body is read."""
    recorder = Recorder()
    with mock_aws(store="memory://"):
        recording = Clients(instrument=recorder)
        recording["s3"].create_bucket(Bucket="floor")
        recording["s3"].put_object(Bucket="floor", Key="key", Body=b"x" * 10)
    floor = Clients(instrument=replayer(recorder.responses))
    body = io.BytesIO(b"x" * 10)
    floor["s3"].put_object(Bucket="floor", Key="key", Body=body)
    assert body.tell() == 10


def _latency(figures: dict[str, dict[str, float]]) -> LatencyResults:
    results = LatencyResults(["floor", "ours:memory", "ours:redis", "moto"])
    results.samples = {w: {name: [value] for name, value in by_name.items()} for w, by_name in figures.items()}
    return results


def test_latency_verdicts_against_floor_and_moto():
    results = _latency({
        "a": {"floor": 1.0, "ours:memory": 1.2, "ours:redis": 1.5, "moto": 3.0},
        "b": {"floor": 2.0, "ours:memory": 2.8, "ours:redis": 3.0, "moto": 2.9},
    })
    verdicts = {v.target: v for v in latency_verdicts(results, ["a", "b"])}
    memory_floor = verdicts["ours:memory <= 1.3x floor on every workload"]
    assert not memory_floor.passed and memory_floor.detail == "worst: b at 1.40x"
    assert verdicts["ours:redis <= 1.8x floor on every workload"].passed
    assert verdicts["ours:memory faster than Moto in-process on every workload"].passed
    assert not verdicts["ours:redis faster than Moto in-process on every workload"].passed


def test_a_workload_that_could_not_be_measured_fails_its_targets():
    results = _latency({"a": {"floor": 1.0, "ours:redis": 1.1, "moto": 3.0}})
    verdicts = {v.target: v.passed for v in latency_verdicts(results, ["a"])}
    assert verdicts == {
        "ours:memory <= 1.3x floor on every workload": False,
        "ours:redis <= 1.8x floor on every workload": True,
        "ours:memory faster than Moto in-process on every workload": False,
        "ours:redis faster than Moto in-process on every workload": True,
    }


def test_cross_process_and_scale_verdicts():
    throughput = {"ours:fakeredis": {2: 900.0, 4: 1000.0}, "moto-server": {2: 300.0, 4: 400.0}}
    (verdict,) = cross_process_verdicts(throughput)
    assert not verdict.passed and verdict.detail == "2 processes: 3.00x, 4 processes: 2.50x"
    scale = [ScaleResult("list", (1000, 100000), (1.0, 1.4)), ScaleResult("get", (1000, 100000), failure="boom")]
    assert [v.passed for v in scale_verdicts(scale)] == [True, False]


def test_a_ratio_pairs_the_implementations_round_by_round():
    results = LatencyResults(["floor", "ours"])
    # Round 3 was a slow stretch for the floor only: pairing by round keeps it from skewing the ratio.
    results.samples["w"] = {"floor": [1.0, 2.0, 3.0], "ours": [1.2, 2.4, 1.5]}
    assert results.ratio("w", "ours", "floor") == pytest.approx(1.2)
    results.samples["w"]["ours"] = [1.2, 2.4]  # failed in its last round
    assert results.ratio("w", "ours", "floor") is None
