"""Checksums: the CRC implementations, and S3's verification, storage and return of them."""

from __future__ import annotations

import base64
import hashlib
import os
import zlib

import pytest

from moto_shared.services.s3.checksums import CRCS, Hasher, checksum_b64, composite, full_object_crc
from s3_support import error_of

#: The standard check values: the CRC of b"123456789".
CHECK_VALUES = {"CRC32": 0xCBF43926, "CRC32C": 0xE3069283, "CRC64NVME": 0xAE8B14860A799888}


@pytest.mark.parametrize("algorithm", sorted(CHECK_VALUES))
def test_crc_check_values(algorithm):
    assert CRCS[algorithm].update(b"123456789") == CHECK_VALUES[algorithm]


@pytest.mark.parametrize("algorithm", sorted(CHECK_VALUES))
def test_crc_is_incremental_and_combines(algorithm):
    crc = CRCS[algorithm]
    first, second = os.urandom(777), os.urandom(1234)
    whole = crc.update(first + second)
    assert crc.update(second, crc.update(first)) == whole
    assert crc.combine(crc.update(first), crc.update(second), len(second)) == whole


def test_pure_python_crc32_matches_zlib():
    data = os.urandom(4096)
    table_driven = type(CRCS["CRC32"])(32, 0x04C11DB7)
    assert table_driven.update(data) == zlib.crc32(data)


def test_full_object_crc_from_parts():
    parts = [os.urandom(300), os.urandom(50), os.urandom(1)]
    pieces = [(checksum_b64("CRC64NVME", part), len(part)) for part in parts]
    assert full_object_crc("CRC64NVME", pieces) == checksum_b64("CRC64NVME", b"".join(parts))


def test_composite_checksum_format():
    values = [checksum_b64("SHA256", b"a"), checksum_b64("SHA256", b"b")]
    raw = hashlib.sha256(hashlib.sha256(b"a").digest() + hashlib.sha256(b"b").digest()).digest()
    assert composite("SHA256", values) == f"{base64.b64encode(raw).decode()}-2"


def test_hasher_digest_sizes():
    assert len(Hasher("CRC32C").digest()) == 4
    assert len(Hasher("CRC64NVME").digest()) == 8
    assert len(Hasher("SHA1").digest()) == 20


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"])
def test_put_object_checksum_is_stored_and_returned(s3, bucket, algorithm):
    body = b"checksummed body"
    expected = checksum_b64(algorithm, body)
    # botocore computes CRC32C/CRC64NVME only with awscrt installed, so those values are given precomputed.
    how = {"ChecksumAlgorithm": algorithm} if algorithm in ("CRC32", "SHA1", "SHA256") else {
        f"Checksum{algorithm}": expected}
    put = s3.put_object(Bucket=bucket, Key="k", Body=body, **how)
    assert put[f"Checksum{algorithm}"] == expected
    got = s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert got["Body"].read() == body
    assert got[f"Checksum{algorithm}"] == expected
    assert got["ChecksumType"] == "FULL_OBJECT"
    assert s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")[f"Checksum{algorithm}"] == expected


def test_default_crc32_from_botocore(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"default")
    assert put["ChecksumCRC32"] == checksum_b64("CRC32", b"default")
    listed = s3.list_objects_v2(Bucket=bucket)["Contents"][0]
    assert listed["ChecksumAlgorithm"] == ["CRC32"]


def test_wrong_checksum_is_rejected(s3, bucket):
    wrong = checksum_b64("SHA256", b"something else")
    assert error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"data", ChecksumSHA256=wrong) == ("BadDigest", 400)
    assert error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"data", ChecksumCRC32="short")[0] == "InvalidRequest"
    assert error_of(s3.get_object, Bucket=bucket, Key="k") == ("NoSuchKey", 404)


def test_range_reads_carry_no_checksum(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"0123456789")
    ranged = s3.get_object(Bucket=bucket, Key="k", Range="bytes=0-3", ChecksumMode="ENABLED")
    assert ranged["Body"].read() == b"0123"
    assert "ChecksumCRC32" not in ranged
