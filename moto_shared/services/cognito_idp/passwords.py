"""Password policy, temporary passwords, and the SRP verifier we store instead of passwords."""

from __future__ import annotations

import secrets
import string
from datetime import datetime, timedelta
from typing import Any

from moto_shared.services.cognito_idp import srp
from moto_shared.services.cognito_idp.exceptions import invalid_password

DEFAULT_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}
SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "


def policy_of(pool: dict[str, Any]) -> dict[str, Any]:
    return {**DEFAULT_POLICY, **pool.get("Policies", {}).get("PasswordPolicy", {})}


def check(pool: dict[str, Any], password: str) -> None:
    """Raise InvalidPasswordException with AWS's reason for the first rule the password breaks."""
    policy = policy_of(pool)
    rules = (
        (len(password) >= policy["MinimumLength"], True, "Password not long enough"),
        (any(c.isupper() for c in password), policy["RequireUppercase"], "Password must have uppercase characters"),
        (any(c.islower() for c in password), policy["RequireLowercase"], "Password must have lowercase characters"),
        (any(c.isdigit() for c in password), policy["RequireNumbers"], "Password must have numeric characters"),
        (any(c in SYMBOLS for c in password), policy["RequireSymbols"], "Password must have symbol characters"),
    )
    for satisfied, required, reason in rules:
        if required and not satisfied:
            raise invalid_password(reason)


def check_temporary(pool: dict[str, Any], password: str) -> None:
    """A TemporaryPassword only has to be long enough.

    AWS applies the whole policy, but Moto never checked temporary passwords
    and test suites create users with random ones (see docs); the user still
    has to choose a conforming password when answering NEW_PASSWORD_REQUIRED.
    """
    if len(password) < policy_of(pool)["MinimumLength"]:
        raise invalid_password("Password not long enough")


def temporary(pool: dict[str, Any]) -> str:
    """A random password that satisfies the pool's policy, as Cognito sends new users."""
    length = max(policy_of(pool)["MinimumLength"], 12)
    required = [secrets.choice(chars) for chars in (string.ascii_uppercase, string.ascii_lowercase, string.digits, "!#%&*")]
    rest = [secrets.choice(string.ascii_letters + string.digits) for _ in range(length - len(required))]
    chars = required + rest
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def credential(pool_id: str, username: str, password: str, *, temporary_since: datetime | None = None) -> dict:
    """The stored form of a password: salt and SRP verifier (plus when a temporary one was issued)."""
    salt = srp.new_salt()
    return {
        "salt": salt,
        "verifier": srp.verifier(pool_id, username, password, salt),
        "temporary_since": temporary_since,
    }


def matches(pool_id: str, user: dict[str, Any], password: str) -> bool:
    stored = user.get("Password")
    if not stored:
        return False
    candidate = srp.verifier(pool_id, user["Username"], password, stored["salt"])
    return secrets.compare_digest(candidate, stored["verifier"])


def temporary_expired(pool: dict[str, Any], user: dict[str, Any], now: datetime) -> bool:
    issued = (user.get("Password") or {}).get("temporary_since")
    return issued is not None and now - issued > timedelta(days=policy_of(pool)["TemporaryPasswordValidityDays"])
