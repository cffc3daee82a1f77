"""STS operations. Issued keys are recorded in the store (core.accounts), so every process honours them."""

from __future__ import annotations

import base64
import json
import random
import re
import string
from datetime import timedelta

from moto_shared.context import RequestContext
from moto_shared.core.accounts import TEMPORARY_KEY_PREFIX, identity_of, remember_credentials
from moto_shared.errors import AWSError

#: What GetCallerIdentity answers for long-term (non-STS) credentials, as Moto does.
DEFAULT_USER_ID = "AKIAIOSFODNN7EXAMPLE"
ROLE_ARN = re.compile(r"^arn:(?P<partition>[\w-]+):iam::(?P<account>\d{12}):role/(?:.*/)?(?P<name>[\w+=,.@-]+)$")
SESSION_NAME = re.compile(r"^[\w+=,.@-]{2,64}$")


def _validation_error(message: str) -> AWSError:
    return AWSError("ValidationError", message, 400)


def _random_id(length: int, alphabet: str = string.ascii_uppercase + string.digits) -> str:
    return "".join(random.choices(alphabet, k=length))


def _check_duration(duration: int, low: int, high: int) -> None:
    if not low <= duration <= high:
        raise _validation_error(
            f"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy "
            f"constraint: Member must have value {'greater than or equal to ' + str(low) if duration < low else 'less than or equal to ' + str(high)}"
        )


def _check_session_name(name: str) -> None:
    if not SESSION_NAME.match(name):
        raise _validation_error(
            f"1 validation error detected: Value '{name}' at 'roleSessionName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64"
        )


def _issue(ctx: RequestContext, identity: dict, duration: int) -> dict:
    """Create, remember and return a Credentials structure for identity."""
    access_key_id = TEMPORARY_KEY_PREFIX + _random_id(16)
    expiration = ctx.now().replace(microsecond=0) + timedelta(seconds=duration)
    remember_credentials(ctx.store, access_key_id, {**identity, "expiration": expiration})
    return {
        "AccessKeyId": access_key_id,
        "SecretAccessKey": _random_id(40, string.ascii_letters + string.digits + "+/"),
        "SessionToken": "FQoGZXIvYXdzE" + _random_id(300, string.ascii_letters + string.digits),
        "Expiration": expiration,
    }


def _assumed_role(ctx: RequestContext, role_arn: str, session_name: str, duration: int) -> tuple[dict, dict]:
    match = ROLE_ARN.match(role_arn)
    if not match:
        raise _validation_error(f"{role_arn} is invalid")
    _check_session_name(session_name)
    _check_duration(duration, 900, 43200)
    account_id = match["account"]
    role_id = "AROA" + _random_id(17)
    assumed = {
        "AssumedRoleId": f"{role_id}:{session_name}",
        "Arn": f"arn:{match['partition']}:sts::{account_id}:assumed-role/{match['name']}/{session_name}",
    }
    identity = {"account_id": account_id, "arn": assumed["Arn"], "user_id": assumed["AssumedRoleId"]}
    return _issue(ctx, identity, duration), assumed


def get_caller_identity(ctx: RequestContext) -> dict:
    identity = identity_of(ctx.store, ctx.access_key_id)
    if identity:
        return {"UserId": identity["user_id"], "Account": identity["account_id"], "Arn": identity["arn"]}
    return {
        "UserId": DEFAULT_USER_ID,
        "Account": ctx.account_id,
        "Arn": f"arn:{ctx.partition}:sts::{ctx.account_id}:user/moto",
    }


def assume_role(ctx: RequestContext, RoleArn: str, RoleSessionName: str, DurationSeconds: int = 3600, **_) -> dict:
    credentials, assumed = _assumed_role(ctx, RoleArn, RoleSessionName, DurationSeconds)
    return {"Credentials": credentials, "AssumedRoleUser": assumed, "PackedPolicySize": 6}


def assume_role_with_web_identity(
    ctx: RequestContext,
    RoleArn: str,
    RoleSessionName: str,
    WebIdentityToken: str,
    DurationSeconds: int = 3600,
    ProviderId: str | None = None,
    **_,
) -> dict:
    claims = _unverified_jwt_claims(WebIdentityToken)
    credentials, assumed = _assumed_role(ctx, RoleArn, RoleSessionName, DurationSeconds)
    audience = claims.get("aud", "sts.amazonaws.com")
    return {
        "Credentials": credentials,
        "AssumedRoleUser": assumed,
        "SubjectFromWebIdentityToken": str(claims.get("sub", "moto-subject")),
        "Provider": ProviderId or claims.get("iss", "www.amazon.com"),
        "Audience": audience if isinstance(audience, str) else audience[0],
        "PackedPolicySize": 6,
    }


def get_session_token(ctx: RequestContext, DurationSeconds: int = 43200, **_) -> dict:
    _check_duration(DurationSeconds, 900, 129600)
    caller = get_caller_identity(ctx)
    identity = {"account_id": caller["Account"], "arn": caller["Arn"], "user_id": caller["UserId"]}
    return {"Credentials": _issue(ctx, identity, DurationSeconds)}


def _unverified_jwt_claims(token: str) -> dict:
    """The payload of a JWT, unverified (we trust any identity provider); {} for opaque tokens."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    try:
        payload = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except ValueError:
        return {}
    return claims if isinstance(claims, dict) else {}
