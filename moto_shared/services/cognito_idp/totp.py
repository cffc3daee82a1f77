"""RFC 6238 time-based one-time passwords, as authenticator apps (and pyotp) compute them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time

STEP_SECONDS = 30
DIGITS = 6
#: Codes of the neighbouring time steps are accepted too, for clock drift.
ALLOWED_DRIFT_STEPS = 1


def new_secret() -> str:
    """A base32 shared secret (160 bits), shown to the user as SecretCode."""
    return base64.b32encode(secrets.token_bytes(20)).decode()


def code_at(secret: str, moment: float) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(moment) // STEP_SECONDS), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def matches(secret: str, code: str) -> bool:
    now = time.time()
    candidates = [code_at(secret, now + drift * STEP_SECONDS) for drift in range(-ALLOWED_DRIFT_STEPS, ALLOWED_DRIFT_STEPS + 1)]
    return any(hmac.compare_digest(candidate, code) for candidate in candidates)
