"""The JWKS route function and the SRP server math, called directly (no HTTP)."""

from __future__ import annotations

import uuid

import jwt
from pycognito.aws_srp import AWSSRP

from moto_shared.context import RequestContext
from moto_shared.services import cognito_idp
from moto_shared.services.cognito_idp import srp, tokens
from moto_shared.store import open_store


def context() -> RequestContext:
    return RequestContext(
        service="cognito-idp",
        operation="Test",
        region="us-east-1",
        account_id="123456789012",
        request_id="test",
        store=open_store("memory://").namespace(f"cognito-unit-{uuid.uuid4().hex}"),
    )


def route_for(path: str):
    for method, pattern, handler in cognito_idp.PUBLIC_ROUTES:
        match = pattern.match(path)
        if match and method == "GET":
            return handler, match
    raise AssertionError(f"no route for {path}")


def test_jwks_route_serves_the_key_that_signs_tokens():
    ctx = context()
    pool_id = cognito_idp.create_user_pool(ctx, PoolName="p")["UserPool"]["Id"]
    handler, match = route_for(f"/{pool_id}/.well-known/jwks.json")

    document = handler(ctx, match)
    token = tokens.encode(tokens.signing_key(ctx, pool_id), {"token_use": "id", "sub": "s", "exp": 2**40})

    assert handler(ctx, match) == document
    [key] = document["keys"]
    assert key["kid"] == jwt.get_unverified_header(token)["kid"]
    assert jwt.decode(token, jwt.PyJWK(key), algorithms=["RS256"])["sub"] == "s"


def test_jwks_of_unknown_pool_is_empty_and_mints_no_key():
    ctx = context()
    handler, match = route_for("/us-east-1_nothere12/.well-known/jwks.json")
    assert handler(ctx, match) == {"keys": []}
    assert ctx.store.get(ctx.key("signing-key", "us-east-1_nothere12")) is None


def test_srp_server_agrees_with_an_independent_client():
    """pycognito computes the client side; our server must derive the same signature."""
    pool_id, user, password = "us-east-1_AbCdEfGhI", "alice", "Secret-pass1"
    salt = srp.new_salt()
    verifier = srp.verifier(pool_id, user, password, salt)
    challenge = srp.start(verifier)
    client = AWSSRP(username=user, password=password, pool_id=pool_id, client_id="c", client=object())
    secret_block = "c2VjcmV0LWJsb2Nr"

    answer = client.process_challenge(
        {"USER_ID_FOR_SRP": user, "SALT": salt, "SRP_B": format(challenge.big_b, "x"), "SECRET_BLOCK": secret_block},
        {"USERNAME": user},
    )
    expected = srp.expected_signature(
        pool_id=pool_id,
        user_id=user,
        verifier_hex=verifier,
        challenge=challenge,
        big_a=client.large_a_value,
        secret_block=secret_block,
        timestamp=answer["TIMESTAMP"],
    )

    assert expected == answer["PASSWORD_CLAIM_SIGNATURE"]
    wrong = AWSSRP(username=user, password="Wrong-pass1", pool_id=pool_id, client_id="c", client=object())
    wrong_answer = wrong.process_challenge(
        {"USER_ID_FOR_SRP": user, "SALT": salt, "SRP_B": format(challenge.big_b, "x"), "SECRET_BLOCK": secret_block},
        {"USERNAME": user},
    )
    assert wrong_answer["PASSWORD_CLAIM_SIGNATURE"] != srp.expected_signature(
        pool_id=pool_id, user_id=user, verifier_hex=verifier, challenge=challenge,
        big_a=wrong.large_a_value, secret_block=secret_block, timestamp=wrong_answer["TIMESTAMP"],
    )


def test_unsafe_client_value_is_refused():
    challenge = srp.start(srp.verifier("us-east-1_AbCdEfGhI", "u", "p", srp.new_salt()))
    assert srp.expected_signature(
        pool_id="us-east-1_AbCdEfGhI", user_id="u", verifier_hex="5", challenge=challenge,
        big_a=srp.N, secret_block="", timestamp="",
    ) is None
