"""RS256 JSON Web Tokens signed with each pool's own RSA key.

The private key is generated on first use (2048-bit, as Cognito's) and kept
in the store as PKCS#8 PEM, so every process signs with the same key and any
JWT library can check our tokens against the pool's JWKS.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from moto_shared.context import RequestContext
from moto_shared.services.cognito_idp.exceptions import not_authorized
from moto_shared.store.base import Txn


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _int_b64url(value: int) -> str:
    return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@lru_cache(maxsize=64)
def _private_key(pem: str) -> rsa.RSAPrivateKey:
    """Parsing a PEM costs milliseconds; the same PEM always gives the same key."""
    return serialization.load_pem_private_key(pem.encode(), password=None)


def signing_key(ctx: RequestContext, pool_id: str) -> dict[str, str]:
    """The pool's {"kid", "pem"}, generated on first use.

    Generation happens outside the transaction (it is slow and random); the
    transaction keeps whichever key was stored first, so concurrent first
    uses in several processes agree on one key.
    """
    record_key = ctx.key("signing-key", pool_id)
    stored = ctx.store.get(record_key)
    if stored is not None:
        return stored
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    candidate = {
        "kid": base64.b64encode(hashlib.sha256(public_der).digest()).decode(),
        "pem": private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
    }

    def keep_first(txn: Txn) -> dict[str, str]:
        existing = txn.get(record_key)
        if existing is not None:
            return existing
        txn.put(record_key, candidate)
        return candidate

    return ctx.store.transact(keep_first)


def jwks(ctx: RequestContext, pool_id: str) -> dict[str, Any]:
    """The pool's JSON Web Key Set, as served at .well-known/jwks.json."""
    key = signing_key(ctx, pool_id)
    numbers = _private_key(key["pem"]).public_key().public_numbers()
    return {
        "keys": [
            {
                "alg": "RS256",
                "e": _int_b64url(numbers.e),
                "kid": key["kid"],
                "kty": "RSA",
                "n": _int_b64url(numbers.n),
                "use": "sig",
            }
        ]
    }


def encode(key: dict[str, str], claims: dict[str, Any]) -> str:
    header = {"kid": key["kid"], "alg": "RS256"}
    signing_input = ".".join(
        _b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
    )
    signature = _private_key(key["pem"]).sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64url(signature)}"


def unverified_claims(token: str) -> dict[str, Any] | None:
    """The payload of something shaped like a JWT, or None; says nothing about its validity."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(_b64url_decode(parts[1]))
    except ValueError:
        return None
    return claims if isinstance(claims, dict) else None


def verify(key: dict[str, str], token: str, token_use: str) -> dict[str, Any]:
    """The claims of a token we signed with key, or NotAuthorizedException as Cognito words it."""
    label = {"access": "Access Token", "id": "Id Token"}[token_use]
    invalid = not_authorized(f"Invalid {label}")
    signing_input, _, signature = token.rpartition(".")
    claims = unverified_claims(token)
    if claims is None or claims.get("token_use") != token_use:
        raise invalid
    try:
        header = json.loads(_b64url_decode(signing_input.split(".")[0]))
        _private_key(key["pem"]).public_key().verify(
            _b64url_decode(signature), signing_input.encode(), padding.PKCS1v15(), hashes.SHA256()
        )
    except (ValueError, InvalidSignature):
        raise invalid from None
    if header.get("kid") != key["kid"]:
        raise invalid
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] <= time.time():
        raise not_authorized(f"{label} has expired")
    return claims
