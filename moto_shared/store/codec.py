"""How values are turned into bytes for every store: msgpack plus a few extension types.

One codec for every adapter means a value read back is the same whichever
store holds it, and decoding always yields a fresh object, so a caller that
mutates what it read never changes stored data. Never pickle: stored data may
be read by another process or another version of this library.

Extension types (codes are part of FORMAT_VERSION; never renumber them):

* tz-aware `datetime`: msgpack's own Timestamp type, packed and unpacked in
  C (a Python callback per datetime cost more than the rest of a record).
  It keeps the instant, not the UTC offset: values come back in UTC, which is
  how every protocol writes them anyway. Naive datetimes are refused (their
  meaning depends on the machine reading them). Code 1 held format 1-2's
  datetimes and stays retired.
* `Decimal`: its exact string form, so 38+ significant digits survive.
* `set` / `frozenset`: their members as a msgpack array.

Tuples come back as lists, as with any msgpack array.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import msgpack

#: The layout of stored data. Bump it (and teach the adapters to migrate or
#: refuse) whenever stored bytes change meaning.
FORMAT_VERSION = 3

_DECIMAL = 2
_SET = 3
_FROZENSET = 4


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _encode_ext(value: Any) -> msgpack.ExtType | msgpack.Timestamp:
    """Types msgpack can't pack itself, and datetime subclasses (freezegun's), which it leaves to us."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError(f"can't store naive datetime {value!r}: give it a tzinfo (e.g. timezone.utc)")
        since_epoch = value - _EPOCH
        return msgpack.Timestamp(since_epoch.days * 86_400 + since_epoch.seconds, since_epoch.microseconds * 1000)
    if isinstance(value, Decimal):
        return msgpack.ExtType(_DECIMAL, str(value).encode("ascii"))
    if isinstance(value, (set, frozenset)):
        code = _FROZENSET if isinstance(value, frozenset) else _SET
        return msgpack.ExtType(code, encode(list(value)))
    raise TypeError(f"can't store a value of type {type(value).__name__}: {value!r}")


def _decode_ext(code: int, data: bytes) -> Any:
    if code == _DECIMAL:
        return Decimal(data.decode("ascii"))
    if code == _SET:
        return set(decode(data))
    if code == _FROZENSET:
        return frozenset(decode(data))
    raise ValueError(f"unknown msgpack extension type {code}: data written by a newer moto-shared?")


def encode(value: Any) -> bytes:
    """Bytes for value; raises TypeError for values the store can't hold faithfully."""
    return msgpack.packb(value, default=_encode_ext, use_bin_type=True, datetime=True)


def decode(data: bytes) -> Any:
    """The value encode() was given (tuples come back as lists, datetimes in UTC)."""
    return msgpack.unpackb(data, ext_hook=_decode_ext, raw=False, strict_map_key=False, timestamp=3)
