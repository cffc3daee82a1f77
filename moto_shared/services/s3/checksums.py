"""The checksums S3 accepts: CRC32, CRC32C, CRC64NVME, SHA1, SHA256, SHA512, MD5.

CRC32 and the hashes come from zlib/hashlib (C speed). CRC32C and CRC64NVME
use awscrt when it happens to be installed and otherwise a table-driven
pure-Python CRC, so the project needs no extra dependency. Every CRC can
also be *combined* (crc(A + B) from crc(A), crc(B) and len(B)), which is how
a multipart upload gets a FULL_OBJECT checksum without re-reading its parts.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from typing import Callable

try:  # optional speed-up, never a dependency
    from awscrt import checksums as _awscrt
except ImportError:  # pragma: no cover - depends on the environment
    _awscrt = None

#: Algorithms in the order S3 documents them; each has a Checksum<NAME> member.
ALGORITHMS = ("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256", "SHA512", "MD5")


def _reflect(value: int, width: int) -> int:
    return int(format(value, f"0{width}b")[::-1], 2)


class ReflectedCrc:
    """A reflected CRC with all-ones init and xor-out (CRC32, CRC32C, CRC64NVME all are).

    Values passed in and out are finalized CRCs, as S3 transmits them.
    """

    def __init__(self, width: int, poly: int, fast_update: Callable[[bytes, int], int] | None = None) -> None:
        self.width = width
        self.mask = (1 << width) - 1
        self.poly = _reflect(poly, width)
        self.table = [self._byte_crc(byte) for byte in range(256)]
        if fast_update is not None:
            self.update = fast_update  # a C function (zlib, awscrt): called without going through a method
        # x^(2^k) mod P, for combining in O(log n) multiplications.
        power = 1 << (width - 2)
        self._x2n = []
        for _ in range(64):
            self._x2n.append(power)
            power = self._multiply(power, power)

    def _byte_crc(self, byte: int) -> int:
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ self.poly if crc & 1 else crc >> 1
        return crc

    def update(self, data: bytes, crc: int = 0) -> int:
        table = self.table
        crc ^= self.mask
        for byte in data:
            crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
        return crc ^ self.mask

    def _multiply(self, a: int, b: int) -> int:
        """a * b modulo the polynomial, in the reflected bit order."""
        bit = 1 << (self.width - 1)
        product = 0
        while a:
            if a & bit:
                product ^= b
                a ^= bit
            bit >>= 1
            b = (b >> 1) ^ self.poly if b & 1 else b >> 1
        return product

    def combine(self, crc_a: int, crc_b: int, length_b: int) -> int:
        """The CRC of A + B, knowing only the CRCs of A and B and B's length."""
        shift = 1 << (self.width - 1)  # x^0
        k, n = 3, length_b  # length in bytes = 2^3 * bits
        while n:
            if n & 1:
                shift = self._multiply(self._x2n[k % 64], shift)
            n >>= 1
            k += 1
        return self._multiply(shift, crc_a) ^ crc_b


CRCS: dict[str, ReflectedCrc] = {
    "CRC32": ReflectedCrc(32, 0x04C11DB7, zlib.crc32),
    "CRC32C": ReflectedCrc(32, 0x1EDC6F41, _awscrt.crc32c if _awscrt else None),
    "CRC64NVME": ReflectedCrc(64, 0xAD93D23594C93659, getattr(_awscrt, "crc64nvme", None)),
}

_HASHES = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512, "MD5": hashlib.md5}


class Hasher:
    """Incremental digest of one algorithm; `digest()` is the raw big-endian bytes S3 base64-encodes."""

    def __init__(self, algorithm: str) -> None:
        self.algorithm = algorithm
        self._crc = CRCS.get(algorithm)
        self._hash = None if self._crc else _HASHES[algorithm]()
        self._value = 0

    def update(self, data: bytes) -> None:
        if self._crc:
            self._value = self._crc.update(data, self._value)
        else:
            self._hash.update(data)

    def digest(self) -> bytes:
        if self._crc:
            return self._value.to_bytes(self._crc.width // 8, "big")
        return self._hash.digest()

    def b64(self) -> str:
        return base64.b64encode(self.digest()).decode()


def digest_size(algorithm: str) -> int:
    crc = CRCS.get(algorithm)
    return crc.width // 8 if crc else _HASHES[algorithm]().digest_size


def checksum_b64(algorithm: str, data: bytes) -> str:
    hasher = Hasher(algorithm)
    hasher.update(data)
    return hasher.b64()


def composite(algorithm: str, part_checksums_b64: list[str]) -> str:
    """S3's COMPOSITE multipart checksum: checksum of the concatenated raw part checksums, '-<n>'."""
    raw = b"".join(base64.b64decode(value) for value in part_checksums_b64)
    return f"{checksum_b64(algorithm, raw)}-{len(part_checksums_b64)}"


def full_object_crc(algorithm: str, parts: list[tuple[str, int]]) -> str:
    """The CRC of the whole object from (base64 part CRC, part size) pairs, without reading data."""
    crc = CRCS[algorithm]
    total = None
    for value_b64, size in parts:
        value = int.from_bytes(base64.b64decode(value_b64), "big")
        total = value if total is None else crc.combine(total, value, size)
    return base64.b64encode((total or 0).to_bytes(crc.width // 8, "big")).decode()
