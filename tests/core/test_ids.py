"""Random ids: the forms uuid4 gives, and no repeats across forked processes."""

from __future__ import annotations

import os
import re
import uuid

import pytest

from moto_shared.core import ids


def test_random_uuid_is_a_version_4_uuid_text():
    for _ in range(200):
        text = ids.random_uuid()
        parsed = uuid.UUID(text)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert str(parsed) == text


def test_random_hex_is_32_hex_digits_and_does_not_repeat():
    values = {ids.random_hex() for _ in range(1000)}
    assert len(values) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in values)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_forked_child_does_not_repeat_the_parents_ids():
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: send its next id and leave without running pytest's teardown
        os.close(read_end)
        os.write(write_end, ids.random_hex().encode())
        os._exit(0)
    os.close(write_end)
    parent_next = ids.random_hex()
    child_next = os.read(read_end, 64).decode()
    os.close(read_end)
    os.waitpid(pid, 0)
    assert len(child_next) == 32
    assert child_next != parent_next
