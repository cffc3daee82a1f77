"""Scalar wire formats shared by every serializer: timestamps, floats, blobs.

Services hand results over in Python types (tz-aware datetimes, bytes,
floats); the vectors and some services also use epoch numbers or strings, so
each formatter accepts all of them.
"""

from __future__ import annotations

import base64
import math
from datetime import datetime, timezone
from decimal import Decimal

from botocore.utils import parse_timestamp

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def to_datetime(value) -> datetime:
    """A tz-aware UTC datetime from a datetime (naive means UTC), epoch number or text."""
    if isinstance(value, datetime):
        if value.tzinfo is timezone.utc:
            return value
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
    if isinstance(value, (int, float, Decimal)):
        return datetime.fromtimestamp(float(value), timezone.utc)
    return parse_timestamp(value).astimezone(timezone.utc)


def epoch_seconds(value) -> int | float:
    """Seconds since the epoch: an int for whole seconds, else millisecond precision."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value
    else:
        moment = to_datetime(value)
        seconds = (moment - _EPOCH).total_seconds()
    whole = int(seconds)
    return whole if whole == seconds else round(seconds, 3)


def iso8601(value) -> str:
    """ISO 8601 in UTC with milliseconds, the way AWS writes XML timestamps."""
    # to_datetime's answer is always in UTC, so its text ends in "+00:00"
    return to_datetime(value).isoformat(timespec="milliseconds")[:-6] + "Z"


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def http_date(value) -> str:
    """RFC 822 / HTTP-date ("Sun, 25 Jan 2015 08:00:00 GMT"), whole seconds, as email.utils.formatdate
    writes it (from the datetime's fields: formatdate's round trip through epoch seconds cost as much
    as the rest of a small S3 response)."""
    moment = to_datetime(value)
    return (
        f"{_WEEKDAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month]} {moment.year:04d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} GMT"
    )


#: timestampFormat trait -> formatter.
TIMESTAMP_FORMATTERS = {
    "iso8601": iso8601,
    "unixTimestamp": epoch_seconds,
    "rfc822": http_date,
}


def timestamp_formatter(shape, default: str):
    """The formatter for a timestamp shape: its timestampFormat trait, else the protocol's default."""
    return TIMESTAMP_FORMATTERS[shape.serialization.get("timestampFormat", default)]


def float_text(value) -> str:
    """A float as text, with the NaN / Infinity / -Infinity spellings AWS protocols use."""
    value = float(value)
    return repr(value) if math.isfinite(value) else special_float(value)


def special_float(value: float) -> str:
    """The spelling of a non-finite float."""
    if math.isnan(value):
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def json_float(value):
    """A float for a JSON body: a number when finite, else its string spelling."""
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return special_float(value)
    return value


def to_bytes(value) -> bytes:
    """Blob members may be given as text; the wire carries their UTF-8 bytes."""
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def base64_text(value) -> str:
    """A blob as base64 text (query/XML/JSON bodies and headers)."""
    return base64.b64encode(to_bytes(value)).decode("ascii")


def boolean_text(value) -> str:
    return "true" if value else "false"
