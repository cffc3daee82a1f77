"""Random ids that must be unique but need not be secret: request ids, blob ids, message ids.

uuid.uuid4() makes a system call (os.urandom) and builds a UUID object for every
id, which shows in the per-call cost. A generator of our own, seeded from
os.urandom, gives 128 random bits without either and leaves the user's `random`
sequence alone. Forked children reseed, so siblings never repeat each other's ids.
"""

from __future__ import annotations

import os
import random

#: The version (4) and variant (RFC 4122) bits of a random UUID.
_UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID4_SET = (0x4000 << 64) | (0x8000 << 48)

_generator = random.Random()
os.register_at_fork(after_in_child=_generator.seed)


def random_hex() -> str:
    """32 random hex digits (the form of uuid.uuid4().hex)."""
    return f"{_generator.getrandbits(128):032x}"


def random_uuid() -> str:
    """A random (version 4) UUID's text, as str(uuid.uuid4()) gives it."""
    text = f"{_generator.getrandbits(128) & _UUID4_CLEAR | _UUID4_SET:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
