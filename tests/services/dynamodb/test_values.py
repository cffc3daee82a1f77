"""The value layer on its own: canonical numbers and the order-preserving key encoding."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from moto_shared.services.dynamodb.values import encode_key_value, format_number, item_size, normalize_value

numbers = (
    st.decimals(min_value=-(10**30), max_value=10**30, allow_nan=False, allow_infinity=False)
    .map(lambda d: d.normalize())
    .filter(lambda d: d.is_zero() or (len(d.as_tuple().digits) <= 38 and abs(d) > Decimal("1E-100")))
)


@settings(max_examples=100, deadline=None)
@given(st.lists(numbers, min_size=2, max_size=8))
def test_number_encoding_preserves_order(values):
    encoded = sorted(values, key=lambda d: encode_key_value({"N": format_number(d)}))
    assert encoded == sorted(values)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=6), min_size=2, max_size=8))
def test_binary_encoding_preserves_order(values):
    assert sorted(values, key=lambda b: encode_key_value({"B": b})) == sorted(values)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=6), min_size=2, max_size=8))
def test_string_encoding_preserves_utf8_order(values):
    by_encoding = sorted(values, key=lambda s: encode_key_value({"S": s}))
    assert [s.encode("utf-8", "surrogatepass") for s in by_encoding] == sorted(
        s.encode("utf-8", "surrogatepass") for s in values
    )


def test_numbers_are_canonical():
    assert normalize_value({"N": "0010.500"}) == {"N": "10.5"}
    assert normalize_value({"N": "1e3"}) == {"N": "1000"}
    assert normalize_value({"N": "-0"}) == {"N": "0"}
    assert normalize_value({"NS": ["1.0", "2"]}) == {"NS": ["1", "2"]}


def test_item_size_follows_aws_rules():
    assert item_size({"name": {"S": "abc"}}) == 7
    assert item_size({"n": {"N": "12345"}}) == 1 + 4
    assert item_size({"m": {"M": {"k": {"BOOL": True}}}}) == 1 + 3 + 1 + 1 + 1
