"""The value codec: exact round trips, refusals, and no pickle."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import msgpack
import pytest

from moto_shared.store.codec import FORMAT_VERSION, decode, encode


@pytest.mark.parametrize(
    "value",
    [
        datetime(2024, 1, 1, tzinfo=timezone.utc),
        datetime(1, 1, 1, tzinfo=timezone.utc),
        datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc),
        Decimal("3.14159265358979323846264338327950288419716939937510"),
        Decimal("-1E+400"),
        Decimal("0.000"),
        {1, "two", b"three"},
        frozenset({Decimal("1.1")}),
        b"\x00\x01",
        {"nested": [{"set": {1}}, {"when": datetime(2024, 1, 1, tzinfo=timezone.utc)}]},
        {1: "int keys", None: "none key"},
    ],
)
def test_round_trip(value):
    decoded = decode(encode(value))
    assert decoded == value
    assert type(decoded) is type(value)


def test_datetime_keeps_its_instant_and_comes_back_in_utc():
    value = datetime(2024, 6, 1, 8, 0, 0, 1, tzinfo=timezone(timedelta(hours=5, minutes=45)))
    decoded = decode(encode(value))
    assert decoded == value
    assert decoded.tzinfo == timezone.utc
    assert decoded.utcoffset() == timedelta(0)


def test_datetimes_are_msgpack_timestamps():
    """Readable by any msgpack library, and packed without a Python callback."""
    packed = encode(datetime(2024, 1, 1, 0, 0, 0, 5, tzinfo=timezone.utc))
    assert msgpack.unpackb(packed) == msgpack.Timestamp(1704067200, 5000)


def test_datetime_subclasses_are_stored_as_datetimes():
    """freezegun's FakeDatetime is a subclass, which msgpack's C packer hands to our callback."""

    class FrozenDatetime(datetime):
        pass

    value = FrozenDatetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=timezone.utc)
    decoded = decode(encode(value))
    assert type(decoded) is datetime and decoded == value


def test_decimal_keeps_exponent_and_digits():
    assert str(decode(encode(Decimal("1.2300")))) == "1.2300"


def test_tuples_come_back_as_lists():
    assert decode(encode((1, (2, 3)))) == [1, [2, 3]]


def test_naive_datetime_is_refused():
    with pytest.raises(TypeError, match="naive datetime"):
        encode({"at": datetime(2024, 1, 1)})


@pytest.mark.parametrize("value", [object(), complex(1, 2), {"x": Exception()}])
def test_unsupported_types_are_refused(value):
    with pytest.raises(TypeError, match="can't store"):
        encode(value)


def test_unknown_extension_type_is_refused_not_misread():
    with pytest.raises(ValueError, match="unknown msgpack extension type 42"):
        decode(msgpack.packb(msgpack.ExtType(42, b"future")))


def test_bytes_and_str_stay_distinct():
    assert decode(encode([b"a", "a"])) == [b"a", "a"]


def test_format_version_is_an_integer():
    assert isinstance(FORMAT_VERSION, int) and FORMAT_VERSION >= 1
