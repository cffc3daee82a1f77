"""boto3's threaded transfer manager with a 100 MB file: correct bytes, bounded memory.

Runs on the real Redis, where the stored bytes live outside this process, so
tracemalloc's peak measures only what the upload and download hold at once.
"""

from __future__ import annotations

import hashlib
import os
import tracemalloc

import boto3
import pytest
from boto3.s3.transfer import TransferConfig

from moto_shared import mock_aws
from s3_support import REGION

MIB = 1 << 20
FILE_SIZE = 100 * MIB


def file_md5(path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(MIB), b""):
            digest.update(chunk)
    return digest.hexdigest()


@pytest.mark.slow
@pytest.mark.redis
def test_upload_and_download_100_mb_with_bounded_memory(redis_url, tmp_path):
    source, target = tmp_path / "source.bin", tmp_path / "target.bin"
    seed = os.urandom(MIB)
    with open(source, "wb") as handle:
        for i in range(FILE_SIZE // MIB):
            handle.write(seed[i:] + seed[:i])
    config = TransferConfig(multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB, max_concurrency=4)
    with mock_aws(store=redis_url):
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="transfers")
        tracemalloc.start()
        try:
            s3.upload_file(str(source), "transfers", "big.bin", Config=config)
            _, upload_peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            s3.download_file("transfers", "big.bin", str(target), Config=config)
            _, download_peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        head = s3.head_object(Bucket="transfers", Key="big.bin")
    assert head["ContentLength"] == FILE_SIZE
    assert head["ETag"].endswith('-13"')
    assert file_md5(target) == file_md5(source)
    assert upload_peak < FILE_SIZE * 0.6, f"upload held {upload_peak / MIB:.0f} MiB"
    assert download_peak < FILE_SIZE * 0.6, f"download held {download_peak / MIB:.0f} MiB"
