"""How values are turned into bytes for every store: msgpack plus a few extension types.

One codec for every adapter means a value read back is the same whichever
store holds it, and decoding always yields a fresh object, so a caller that
mutates what it read never changes stored data. Never pickle: stored data may
be read by another process or another version of this library.

Extension types (codes are part of FORMAT_VERSION; never renumber them):

* tz-aware `datetime`: microseconds since the epoch and the UTC offset in
  microseconds. Naive datetimes are refused (their meaning depends on the
  machine reading them).
* `Decimal`: its exact string form, so 38+ significant digits survive.
* `set` / `frozenset`: their members as a msgpack array.

Tuples come back as lists, as with any msgpack array.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import msgpack

#: The layout of stored data. Bump it (and teach the adapters to migrate or
#: refuse) whenever stored bytes change meaning.
FORMAT_VERSION = 2

_DATETIME = 1
_DECIMAL = 2
_SET = 3
_FROZENSET = 4

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _microseconds(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


_per_thread = threading.local()


def _payload_packer() -> msgpack.Packer:
    """A packer for extension payloads, kept per thread: msgpack.packb called from inside another
    pack (as `default` is) costs some 15 us for a fresh packer's buffer, more than the record itself."""
    packer = getattr(_per_thread, "packer", None)
    if packer is None:
        packer = _per_thread.packer = msgpack.Packer()
    return packer


def _encode_ext(value: Any) -> msgpack.ExtType:
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is None:
            raise TypeError(f"can't store naive datetime {value!r}: give it a tzinfo (e.g. timezone.utc)")
        payload = [_microseconds(value - _EPOCH), _microseconds(offset)]
        return msgpack.ExtType(_DATETIME, _payload_packer().pack(payload))
    if isinstance(value, Decimal):
        return msgpack.ExtType(_DECIMAL, str(value).encode("ascii"))
    if isinstance(value, (set, frozenset)):
        code = _FROZENSET if isinstance(value, frozenset) else _SET
        return msgpack.ExtType(code, encode(list(value)))
    raise TypeError(f"can't store a value of type {type(value).__name__}: {value!r}")


def _decode_ext(code: int, data: bytes) -> Any:
    if code == _DATETIME:
        since_epoch, offset = msgpack.unpackb(data)
        moment = _EPOCH + timedelta(microseconds=since_epoch)  # already in UTC, the common case
        return moment.astimezone(timezone(timedelta(microseconds=offset))) if offset else moment
    if code == _DECIMAL:
        return Decimal(data.decode("ascii"))
    if code == _SET:
        return set(decode(data))
    if code == _FROZENSET:
        return frozenset(decode(data))
    raise ValueError(f"unknown msgpack extension type {code}: data written by a newer moto-shared?")


def encode(value: Any) -> bytes:
    """Bytes for value; raises TypeError for values the store can't hold faithfully."""
    return msgpack.packb(value, default=_encode_ext, use_bin_type=True, datetime=False)


def decode(data: bytes) -> Any:
    """The value encode() was given (tuples come back as lists)."""
    return msgpack.unpackb(data, ext_hook=_decode_ext, raw=False, strict_map_key=False, timestamp=0)
