"""Blob pieces are regrouped into fixed-size chunks the same way by every adapter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from moto_shared.adapters.common import rechunk


@given(pieces=st.lists(st.binary(max_size=50), max_size=8), size=st.integers(1, 24))
def test_pieces_are_regrouped_into_chunks_of_exactly_size_bytes(pieces, size):
    data = b"".join(pieces)
    chunks = list(rechunk(iter(pieces), size))
    assert chunks == [data[start : start + size] for start in range(0, len(data), size)]
    assert all(type(chunk) is bytes for chunk in chunks)


def test_a_body_in_one_small_piece_is_passed_on_uncopied():
    body = b"x" * 1024
    assert list(rechunk([body], 1 << 20))[0] is body
