"""The server half of Cognito's SRP-6a login (USER_SRP_AUTH).

Cognito uses SRP-6a over the 3072-bit group of RFC 5054 with SHA-256,
k = H(N | g), x = H(salt | H(pool_name | user_id_for_srp ":" password)),
and derives the session key with HKDF-SHA256 (info "Caldera Derived Key",
16 bytes). The client proves it knows the key by an HMAC over pool name,
user id, the opaque SECRET_BLOCK and a timestamp. Integers are hashed as
"padded hex" (even length, with a 00 prefix when the top bit is set), which
is what every Cognito client library does, so we must match it exactly.

We store only the salt and the verifier v = g^x mod N, never the password:
USER_PASSWORD_AUTH checks a password by recomputing its verifier.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
HKDF_INFO = b"Caldera Derived Key\x01"


def pad_hex(value: int | str) -> str:
    """Hex as Cognito clients hash it: even length, 00-prefixed if the top bit is set."""
    text = value if isinstance(value, str) else format(value, "x")
    if len(text) % 2:
        return "0" + text
    if text[0] in "89abcdefABCDEF":
        return "00" + text
    return text


def _hash_hex(hex_text: str) -> str:
    return hashlib.sha256(bytes.fromhex(hex_text)).hexdigest()


K = int(_hash_hex(pad_hex(N) + pad_hex(G)), 16)


def pool_name(pool_id: str) -> str:
    """The part of the pool id after the region, which SRP mixes into x and the signature."""
    return pool_id.split("_", 1)[1]


def new_salt() -> str:
    return pad_hex(secrets.randbits(128) | 1 << 127)


def verifier(pool_id: str, user_id: str, password: str, salt: str) -> str:
    """v = g^x mod N as hex: what we keep instead of the password."""
    identity = hashlib.sha256(f"{pool_name(pool_id)}{user_id}:{password}".encode()).hexdigest()
    x = int(_hash_hex(pad_hex(salt) + identity), 16)
    return format(pow(G, x, N), "x")


@dataclass(frozen=True)
class ServerChallenge:
    """The server's ephemeral pair for one login; b stays in the store, B goes to the client."""

    b: int
    big_b: int


def start(verifier_hex: str) -> ServerChallenge:
    v = int(verifier_hex, 16)
    while True:
        b = secrets.randbits(1024) % N
        big_b = (K * v + pow(G, b, N)) % N
        if big_b:
            return ServerChallenge(b, big_b)


def expected_signature(
    *,
    pool_id: str,
    user_id: str,
    verifier_hex: str,
    challenge: ServerChallenge,
    big_a: int,
    secret_block: str,
    timestamp: str,
) -> str | None:
    """The PASSWORD_CLAIM_SIGNATURE a client knowing the password sends, or None if A is unsafe."""
    if big_a % N == 0:
        return None
    u = int(_hash_hex(pad_hex(big_a) + pad_hex(challenge.big_b)), 16)
    if u == 0:
        return None
    v = int(verifier_hex, 16)
    shared = pow(big_a * pow(v, u, N), challenge.b, N)
    prk = hmac.new(bytes.fromhex(pad_hex(u)), bytes.fromhex(pad_hex(shared)), hashlib.sha256).digest()
    key = hmac.new(prk, HKDF_INFO, hashlib.sha256).digest()[:16]
    message = pool_name(pool_id).encode() + user_id.encode() + base64.b64decode(secret_block) + timestamp.encode()
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
