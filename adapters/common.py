"""Rules every adapter applies the same way, so that they behave identically."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from moto_shared.core.ids import random_hex
from moto_shared.store.base import StoreError

#: Blobs are stored and read in pieces of this size, which bounds memory use.
DEFAULT_CHUNK_SIZE = 1024 * 1024

_NAMESPACE_NAME = re.compile(r"[A-Za-z0-9._-]{1,120}")


def check_namespace_name(name: str) -> str:
    """Refuse names that could break out of a key prefix or a Redis Cluster hash tag."""
    if not isinstance(name, str) or not _NAMESPACE_NAME.fullmatch(name):
        raise StoreError(f"invalid namespace name {name!r}: use 1 to 120 of A-Z a-z 0-9 . _ -")
    return name


def new_blob_id() -> str:
    return random_hex()


def rechunk(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    """Regroup arbitrary pieces into pieces of exactly `size` bytes (the last one shorter).

    Holds at most one outgoing piece plus one incoming piece, whatever the total; a
    piece that already has the right size (a small body's only one) is passed on uncopied.
    """
    pending: list[bytes] = []
    pending_size = 0
    for piece in chunks:
        pending.append(piece)
        pending_size += len(piece)
        if pending_size >= size:
            joined = b"".join(pending)
            whole = pending_size - pending_size % size
            for start in range(0, whole, size):
                yield joined[start : start + size]
            pending = [joined[whole:]] if whole < pending_size else []
            pending_size -= whole
    if pending_size:
        yield b"".join(pending)


def chunk_spans(size: int, chunk_size: int, start: int, end: int | None) -> Iterator[tuple[int, int, int]]:
    """(chunk number, offset in chunk, end offset in chunk) for each chunk bytes [start, end) touch."""
    end = size if end is None else min(end, size)
    start = max(start, 0)
    position = start
    while position < end:
        number, offset = divmod(position, chunk_size)
        stop = min(chunk_size, end - number * chunk_size)
        yield number, offset, stop
        position = (number + 1) * chunk_size
