"""Reading callgrind's dump files."""

from __future__ import annotations

import pytest

from benchmarks.instructions import timed_instructions


def test_reads_the_totals_line():
    dump = b"version: 1\ncreator: callgrind-3.19.0\nevents: Ir\nsummary: 100603443\ntotals: 100603443\n"
    assert timed_instructions(dump) == 100603443


def test_a_dump_without_totals_is_refused():
    with pytest.raises(ValueError):
        timed_instructions(b"events: Ir\n")
