"""Threads, forked and spawned processes and plain `python` subprocesses writing one bucket at once.

Every store must give exact results: all writes listed once, one winner of a
conditional create, every part of a multipart upload fed from several processes.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest

import s3_support
from s3_support import REGION

MIB = 1 << 20


def run_processes(method: str, jobs: list[tuple]) -> list:
    """Run each (function, *args) in its own process, released together; their results."""
    context = multiprocessing.get_context(method)
    results = context.Queue()
    barrier = context.Barrier(len(jobs))
    processes = [context.Process(target=s3_support.run_reporting, args=(results, barrier, *job)) for job in jobs]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    errors = [detail for status, detail in outcomes if status == "error"]
    assert errors == []
    return [detail for _, detail in outcomes]


def all_keys(s3, bucket: str) -> list[str]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return [entry["Key"] for page in pages for entry in page.get("Contents", [])]


def test_threads_put_into_one_bucket(aws):
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="threads")
    with ThreadPoolExecutor(max_workers=6) as pool:
        counts = list(pool.map(lambda n: s3_support.put_objects("threads", f"t{n}", 8), range(6)))
    assert sum(counts) == 48
    assert all_keys(s3, "threads") == sorted(f"t{n}-{i:03d}" for n in range(6) for i in range(8))


def test_conditional_create_has_one_winner_among_threads(aws):
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="contended")
    start = threading.Barrier(8)

    def contend(n: int) -> str:
        start.wait(timeout=30)
        return s3_support.conditional_put("contended", "lock", f"owner-{n}".encode())

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(contend, range(8)))
    assert outcomes.count("won") == 1
    assert sorted(set(outcomes) - {"won"}) == ["PreconditionFailed"]
    winner = outcomes.index("won")
    assert s3.get_object(Bucket="contended", Key="lock")["Body"].read() == f"owner-{winner}".encode()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_processes_put_into_one_bucket(shared_store_url, method):
    from moto_shared import mock_aws

    with mock_aws(store=shared_store_url):
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="processes")
        counts = run_processes(method, [(s3_support.put_objects, "processes", f"p{n}", 5) for n in range(3)])
        assert sum(counts) == 15
        assert all_keys(s3, "processes") == sorted(f"p{n}-{i:03d}" for n in range(3) for i in range(5))


def test_conditional_create_has_one_winner_among_processes(shared_store_url):
    from moto_shared import mock_aws

    with mock_aws(store=shared_store_url):
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="contended")
        outcomes = run_processes("fork", [(s3_support.conditional_put, "contended", "lock", f"p{n}".encode())
                                          for n in range(5)])
        assert outcomes.count("won") == 1
        assert outcomes.count("PreconditionFailed") == 4
        assert s3.get_object(Bucket="contended", Key="lock")["Body"].read() in {f"p{n}".encode() for n in range(5)}


def test_multipart_parts_from_several_processes(shared_store_url):
    from moto_shared import mock_aws

    with mock_aws(store=shared_store_url):
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="parts")
        upload_id = s3.create_multipart_upload(Bucket="parts", Key="assembled")["UploadId"]
        size = 5 * MIB
        batches = run_processes("fork", [(s3_support.upload_parts, "parts", "assembled", upload_id, numbers, size)
                                         for numbers in ([1, 4], [2, 5], [3])])
        parts = sorted(part for batch in batches for part in batch)
        assert [number for number, _ in parts] == [1, 2, 3, 4, 5]
        listed = s3.list_parts(Bucket="parts", Key="assembled", UploadId=upload_id)["Parts"]
        assert [(p["PartNumber"], p["ETag"]) for p in listed] == [(n, etag) for n, etag in parts]
        s3.complete_multipart_upload(Bucket="parts", Key="assembled", UploadId=upload_id, MultipartUpload={
            "Parts": [{"PartNumber": n, "ETag": etag} for n, etag in parts]})
        body = s3.get_object(Bucket="parts", Key="assembled")["Body"]
        for number in range(1, 6):
            assert body.read(size) == bytes([number]) * size
        assert body.read() == b""


def test_python_subprocess_sees_and_writes_the_same_bucket(shared_store_url):
    from moto_shared import mock_aws

    with mock_aws(store=shared_store_url):
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="subprocess")
        s3.put_object(Bucket="subprocess", Key="from-parent", Body=b"parent")
        script = (
            "import boto3\n"
            "s3 = boto3.client('s3', region_name='us-east-1')\n"
            "body = s3.get_object(Bucket='subprocess', Key='from-parent')['Body'].read()\n"
            "s3.put_object(Bucket='subprocess', Key='from-child', Body=body + b'+child')\n"
        )
        subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
        assert s3.get_object(Bucket="subprocess", Key="from-child")["Body"].read() == b"parent+child"
