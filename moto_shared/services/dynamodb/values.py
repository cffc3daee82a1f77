"""DynamoDB attribute values: validation, numbers, ordering, sizes and key encoding.

Items are kept exactly as the wire describes them (`{"S": "x"}`, `{"N": "1.5"}`,
`{"B": b".."}`, `{"SS": [...]}`, `{"M": {...}}`, ...), so what a client stores
is what it reads back, with numbers in DynamoDB's canonical form.

Sort keys are encoded into strings whose code point order equals DynamoDB's
order (numeric for N, bytewise for B, UTF-8 for S), so the store's lex indexes
answer Query range conditions in O(log n + page).
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import Any

from moto_shared.errors import validation_error
from moto_shared.services.dynamodb.exceptions import ConstraintError

#: DynamoDB numbers have 38 significant digits; an arithmetic result that needs more is refused, not rounded.
ARITHMETIC_CONTEXT = decimal.Context(prec=38, Emax=999, Emin=-999, traps=[decimal.Inexact, decimal.InvalidOperation])
#: Wide enough that normalizing a number DynamoDB accepts (or refuses for its size) never rounds it.
_EXACT_CONTEXT = decimal.Context(prec=200)
MAX_ITEM_BYTES = 400 * 1024

SCALAR_TYPES = ("S", "N", "B")
SET_TYPES = {"SS": "S", "NS": "N", "BS": "B"}
ALL_TYPES = ("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL")
_SET_NAMES = {"SS": "string", "NS": "number", "BS": "binary"}
_TYPE_SET = frozenset(ALL_TYPES)
_NUMBER_TEXT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
#: An integer already in canonical form and range (38 digits at most): kept as it is, no Decimal needed.
_CANONICAL_INTEGER = re.compile(r"-?[1-9][0-9]{0,37}|0")


def parse_number(text: str) -> Decimal:
    """The Decimal of an N string, with DynamoDB's range and precision errors.

    AWS accepts only plain decimal notation: no spaces, underscores, quotes, NaN or Infinity,
    all of which Python's Decimal would take.
    """
    if not isinstance(text, str) or not _NUMBER_TEXT.fullmatch(text):
        raise validation_error(f"The parameter cannot be converted to a numeric value: {text}")
    return check_number(Decimal(text))


def check_number(value: Decimal) -> Decimal:
    """Reject what DynamoDB can't store: > 38 significant digits, overflow, underflow."""
    if value.is_zero():
        return Decimal(0)
    normalized = value.normalize(_EXACT_CONTEXT)
    if len(normalized.as_tuple().digits) > 38:
        raise validation_error("Attempting to store more than 38 significant digits in a Number")
    if normalized.adjusted() > 125:
        raise validation_error(
            "Number overflow. Attempting to store a number with magnitude larger than supported range"
        )
    if normalized.adjusted() < -130:
        raise validation_error(
            "Number underflow. Attempting to store a number with magnitude smaller than supported range"
        )
    return normalized


def format_number(value: Decimal) -> str:
    """DynamoDB's canonical text of a number: no exponent, no trailing zeros."""
    if value.is_zero():
        return "0"
    return format(value.normalize(_EXACT_CONTEXT), "f")


def number(value: Decimal | int) -> dict:
    """An N attribute value from a Python number."""
    return {"N": format_number(Decimal(value))}


def add_numbers(left: str, right: str, subtract: bool = False) -> str:
    """left ± right with DynamoDB's precision rules (inexact results are refused)."""
    a, b = parse_number(left), parse_number(right)
    try:
        result = ARITHMETIC_CONTEXT.subtract(a, b) if subtract else ARITHMETIC_CONTEXT.add(a, b)
    except decimal.Inexact:
        raise validation_error("Attempting to store more than 38 significant digits in a Number")
    return format_number(check_number(result))


def _checked_type(value: Any) -> str:
    """The type tag of a request's attribute value, which must have exactly one."""
    if type(value) is dict and len(value) == 1:  # the common case, without building a list
        kind = next(iter(value))
        if kind in _TYPE_SET:
            return kind
    kinds = [kind for kind in value if kind in ALL_TYPES] if isinstance(value, dict) else []
    if len(kinds) > 1:
        raise validation_error(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
        )
    if not kinds:
        raise validation_error("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
    return kinds[0]


def type_of(value: dict) -> str:
    """The single type tag of an attribute value."""
    return next(iter(value))


def normalize_value(value: Any) -> dict:
    """Validate an attribute value from a request and return its canonical form.

    Numbers get their canonical text; empty sets and duplicate set members are
    refused with AWS's messages.
    """
    kind = _checked_type(value)
    raw = value[kind]
    if kind == "S":  # the common case first
        return {"S": raw}
    if kind == "N":
        if type(raw) is str and _CANONICAL_INTEGER.fullmatch(raw):
            return {"N": raw}
        return {"N": format_number(parse_number(raw))}
    if kind in SET_TYPES:
        if not raw:
            raise ConstraintError(
                f"One or more parameter values were invalid: An {_SET_NAMES[kind]} set  may not be empty"
            )
        members = [format_number(parse_number(m)) for m in raw] if kind == "NS" else list(raw)
        if len(set(members)) != len(members):
            shown = ", ".join(m if isinstance(m, str) else repr(m) for m in raw)
            raise validation_error(
                f"One or more parameter values were invalid: Input collection [{shown}] contains duplicates."
            )
        return {kind: members}
    if kind == "M":
        return {"M": {name: normalize_value(member) for name, member in raw.items()}}
    if kind == "L":
        return {"L": [normalize_value(member) for member in raw]}
    if kind == "NULL" and raw is not True:
        raise validation_error(
            "One or more parameter values were invalid: Null attribute value types must have the value of true"
        )
    return {kind: raw}


def normalize_item(item: dict) -> dict:
    """Validate every attribute of an item (or of a key)."""
    return {name: normalize_value(value) for name, value in item.items()}


def decimal_of(value: dict) -> Decimal:
    return Decimal(value["N"])


def values_equal(a: dict | None, b: dict | None) -> bool:
    """DynamoDB equality: same type and value; sets compare as sets, numbers numerically."""
    if a is None or b is None:
        return False
    kind = type_of(a)
    if kind != type_of(b):
        return False
    if kind == "N":
        return decimal_of(a) == decimal_of(b)
    if kind == "NS":
        return {Decimal(x) for x in a[kind]} == {Decimal(x) for x in b[kind]}
    if kind in SET_TYPES:
        return set(a[kind]) == set(b[kind])
    if kind == "L":
        return len(a["L"]) == len(b["L"]) and all(values_equal(x, y) for x, y in zip(a["L"], b["L"]))
    if kind == "M":
        return a["M"].keys() == b["M"].keys() and all(values_equal(v, b["M"][k]) for k, v in a["M"].items())
    return a[kind] == b[kind]


def compare(a: dict | None, b: dict | None) -> int | None:
    """-1/0/1 for ordered scalars of one type (N, S, B); None when they can't be ordered."""
    if a is None or b is None:
        return None
    kind = type_of(a)
    if kind not in SCALAR_TYPES or kind != type_of(b):
        return None
    left, right = (decimal_of(a), decimal_of(b)) if kind == "N" else (a[kind], b[kind])
    return (left > right) - (left < right)


def _number_size(text: str) -> int:
    """Stored numbers are canonical (no exponent): their significant digits are the text's, zeros trimmed."""
    if "e" in text or "E" in text:
        digits = len(Decimal(text).normalize(_EXACT_CONTEXT).as_tuple().digits)
    else:
        digits = max(len(text.lstrip("+-").replace(".", "").strip("0")), 1)
    return (digits + 1) // 2 + 1


def _text_size(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def value_size(value: dict) -> int:
    """Bytes an attribute value counts for, as AWS documents item size (Query and Scan size every item)."""
    ((kind, raw),) = value.items()
    if kind == "S":
        return _text_size(raw)
    if kind == "N":
        return _number_size(raw)
    if kind == "B":
        return len(raw)
    if kind == "SS":
        return sum(map(_text_size, raw))
    if kind == "BS":
        return sum(map(len, raw))
    if kind == "NS":
        return sum(map(_number_size, raw))
    if kind == "M":
        return 3 + sum(_text_size(k) + value_size(v) + 1 for k, v in raw.items())
    if kind == "L":
        return 3 + sum(value_size(v) + 1 for v in raw)
    return 1


def item_size(item: dict) -> int:
    total = 0
    for name, value in item.items():
        total += len(name) if name.isascii() else len(name.encode("utf-8"))
        text = value.get("S")  # the common case, inline: Query and Scan size every item they read
        total += (len(text) if text.isascii() else len(text.encode("utf-8"))) if text is not None else value_size(value)
    return total


def check_item_size(item: dict, *, updated: bool = False, size: int | None = None) -> int:
    """400 KB per item; UpdateItem words the error for the item it would produce.

    Returns the item's size (the writer stores it), computed unless the caller gives it.
    """
    if size is None:
        size = item_size(item)
    if size > MAX_ITEM_BYTES:
        raise validation_error(f"Item size {'to update ' if updated else ''}has exceeded the maximum allowed size")
    return size


def value_length(value: dict) -> int | None:
    """What the size() function returns: string/binary length, member count; None otherwise."""
    kind = type_of(value)
    raw = value[kind]
    if kind == "S":
        return len(raw)
    if kind in ("B", "L", "M") or kind in SET_TYPES:
        return len(raw)
    return None


# --- order-preserving key encoding -------------------------------------------------

#: Exponent offset so that every DynamoDB exponent (-130..125) is three digits.
_EXPONENT_BIAS = 200


def _encode_number(text: str) -> str:
    value = Decimal(text).normalize(_EXACT_CONTEXT)
    if value.is_zero():
        return "2"
    sign, digits, _ = value.as_tuple()
    exponent = value.adjusted() + _EXPONENT_BIAS
    mantissa = "".join(map(str, digits))
    if not sign:
        return f"3{exponent:03d}{mantissa}"
    complement = "".join(str(9 - d) for d in digits)
    return f"1{999 - exponent:03d}{complement}~"


def _encode_string(text: str) -> str:
    # \x00 separates key parts inside index members; escaping keeps it out of values
    # while preserving order (\x00 -> \x01\x01 < \x01 -> \x01\x02 < \x02).
    return text.replace("\x01", "\x01\x02").replace("\x00", "\x01\x01")


def encode_key_value(value: dict) -> str:
    """A key attribute as a string that sorts as DynamoDB sorts it (no \\x00 inside)."""
    text = value.get("S")
    if text is not None:  # the common case first
        return _encode_string(text)
    kind = type_of(value)
    if kind == "N":
        return _encode_number(value["N"])
    if kind == "B":
        return value["B"].hex()
    return _encode_string(value["S"])


def encode_prefix(value: dict) -> tuple[str, str]:
    """The lex range [start, stop) of encoded keys that begin with value (begins_with)."""
    encoded = encode_key_value(value)
    if type_of(value) == "B":
        return encoded, encoded + "g"
    return encoded, encoded + "\U0010ffff"


def check_key_value(name: str, value: dict, expected_type: str, *, index_name: str | None = None) -> None:
    """A key attribute must be of its declared type, and S/B keys can't be empty."""
    actual = next(iter(value))  # `type_of`, inline: every key of every call passes here
    if actual != expected_type:
        if index_name:
            raise validation_error(
                "One or more parameter values were invalid: Type mismatch for Index Key "
                f"{name} Expected: {expected_type} Actual: {actual} IndexName: {index_name}"
            )
        raise validation_error(
            f"One or more parameter values were invalid: Type mismatch for key {name} expected: {expected_type} actual: {actual}"
        )
    if actual != "N" and not value[actual]:  # key types are S, N and B
        if index_name:
            raise validation_error(
                "One or more parameter values are not valid. A value specified for a secondary index key "
                f"is not supported. The AttributeValue for a key attribute cannot contain an empty string value. "
                f"IndexName: {index_name}, IndexKey: {name}"
            )
        raise validation_error(
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            f"cannot contain an empty string value. Key: {name}"
        )

