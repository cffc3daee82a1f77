"""The memory adapter's chunked sorted list answers exactly as one flat sorted list would."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from moto_shared.adapters.memory import _SortedChunks


class _Small(_SortedChunks):
    LOAD = 2  # chunks of up to 4, so that a few dozen items split and empty chunks often


@settings(max_examples=300, deadline=None)
@given(operations=st.lists(st.tuples(st.booleans(), st.integers(0, 40)), max_size=80),
       low=st.integers(-1, 41), high=st.integers(-1, 41), low_after=st.booleans(), high_after=st.booleans(),
       reverse=st.booleans(), limit=st.one_of(st.none(), st.integers(0, 10)))
def test_chunked_list_matches_a_flat_sorted_list(operations, low, high, low_after, high_after, reverse, limit):
    chunked, flat = _Small(), []
    for adding, value in operations:
        if adding and value not in flat:
            chunked.add(value)
            flat.insert(bisect_left(flat, value), value)
        elif not adding and value in flat:
            chunked.remove(value)
            flat.remove(value)
    assert len(chunked) == len(flat)
    assert chunked.between((0, 0), chunked.end(), False, None) == flat
    start = (bisect_right if low_after else bisect_left)(flat, low)
    stop = (bisect_right if high_after else bisect_left)(flat, high)
    expected = flat[start:stop][::-1] if reverse else flat[start:stop]
    if limit is not None:
        expected = expected[:limit]
    got = chunked.between(chunked.position(low, after=low_after), chunked.position(high, after=high_after),
                          reverse, limit)
    assert got == expected
