"""STS operations. Issued keys are recorded in the store (core.accounts), so every process honours them."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import string
from datetime import timedelta

from moto_shared.context import RequestContext
from moto_shared.core.accounts import TEMPORARY_KEY_PREFIX, identity_of, remember_credentials
from moto_shared.errors import AWSError
from moto_shared.services.sts.saml import parse_assertion

#: What GetCallerIdentity answers for long-term (non-STS) credentials, as Moto does.
DEFAULT_USER_ID = "AKIAIOSFODNN7EXAMPLE"
ROLE_ARN = re.compile(r"^arn:(?P<partition>[\w-]+):iam::(?P<account>\d{12}):role/(?:.*/)?(?P<name>[\w+=,.@-]+)$")
NAME_CHARACTERS = re.compile(r"^[\w+=,.@-]*$")
MAX_SESSION_POLICY_LENGTH = 2048
#: Session tokens vary in length on AWS; ours have the length Moto's have.
SESSION_TOKEN_LENGTH = 356
SESSION_TOKEN_PREFIX = "FQoGZXIvYXdzE"


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


def _check_session_policy(policy: str | None) -> None:
    if policy is not None and len(policy) > MAX_SESSION_POLICY_LENGTH:
        raise _validation_error(
            "1 validation error detected: Value at 'policy' failed to satisfy constraint: "
            f"Member must have length less than or equal to {MAX_SESSION_POLICY_LENGTH}"
        )


def _check_name(value: str, member: str, max_length: int) -> None:
    """Session and federated user names: [\\w+=,.@-], 2 to max_length characters."""
    if not NAME_CHARACTERS.match(value) or not 2 <= len(value) <= max_length:
        raise _validation_error(
            f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: "
            f"Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and {max_length}"
        )


def _issue(ctx: RequestContext, identity: dict, duration: int) -> dict:
    """Create, remember and return a Credentials structure for identity."""
    access_key_id = TEMPORARY_KEY_PREFIX + _random_id(16)
    expiration = ctx.now().replace(microsecond=0) + timedelta(seconds=duration)
    remember_credentials(ctx.store, access_key_id, {**identity, "expiration": expiration})
    return {
        "AccessKeyId": access_key_id,
        "SecretAccessKey": _random_id(40, string.ascii_letters + string.digits + "+/"),
        "SessionToken": SESSION_TOKEN_PREFIX
        + _random_id(SESSION_TOKEN_LENGTH - len(SESSION_TOKEN_PREFIX), string.ascii_letters + string.digits),
        "Expiration": expiration,
    }


def _assumed_role(ctx: RequestContext, role_arn: str, session_name: str, duration: int) -> tuple[dict, dict]:
    match = ROLE_ARN.match(role_arn)
    if not match:
        raise _validation_error(f"{role_arn} is invalid")
    _check_name(session_name, "roleSessionName", 64)
    _check_duration(duration, 900, 43200)
    account_id = match["account"]
    role_id = "AROA" + _random_id(17)
    assumed = {
        "AssumedRoleId": f"{role_id}:{session_name}",
        "Arn": f"arn:{ctx.partition}:sts::{account_id}:assumed-role/{match['name']}/{session_name}",
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


def assume_role_with_saml(
    ctx: RequestContext,
    RoleArn: str,
    PrincipalArn: str,
    SAMLAssertion: str,
    DurationSeconds: int | None = None,
    Policy: str | None = None,
    **_,
) -> dict:
    """Assume a role as the SAML assertion's subject; its RoleSessionName and SessionDuration attributes apply."""
    _check_session_policy(Policy)
    assertion = parse_assertion(SAMLAssertion)
    session_name = assertion.session_name or assertion.subject
    duration = DurationSeconds or assertion.session_duration or 3600
    credentials, assumed = _assumed_role(ctx, RoleArn, session_name, duration)
    provider_name = PrincipalArn.rsplit("saml-provider/", 1)[-1]
    account_id = assumed["Arn"].split(":")[4]
    qualifier = hashlib.sha1(f"{assertion.issuer}{account_id}/{provider_name}".encode()).digest()
    return {
        "Credentials": credentials,
        "AssumedRoleUser": assumed,
        "Subject": assertion.subject,
        "SubjectType": assertion.subject_type,
        "Issuer": assertion.issuer,
        "Audience": assertion.audience,
        "NameQualifier": base64.b64encode(qualifier).decode(),
        "PackedPolicySize": 6,
    }


def get_session_token(ctx: RequestContext, DurationSeconds: int = 43200, **_) -> dict:
    _check_duration(DurationSeconds, 900, 129600)
    return {"Credentials": _issue(ctx, _caller(ctx), DurationSeconds)}


def get_federation_token(
    ctx: RequestContext, Name: str, DurationSeconds: int = 43200, Policy: str | None = None, **_
) -> dict:
    """Credentials for a federated user of the caller's account."""
    _check_name(Name, "name", 32)
    _check_duration(DurationSeconds, 900, 129600)
    _check_session_policy(Policy)
    account_id = _caller(ctx)["account_id"]
    user = {
        "FederatedUserId": f"{account_id}:{Name}",
        "Arn": f"arn:{ctx.partition}:sts::{account_id}:federated-user/{Name}",
    }
    identity = {"account_id": account_id, "arn": user["Arn"], "user_id": user["FederatedUserId"]}
    return {"Credentials": _issue(ctx, identity, DurationSeconds), "FederatedUser": user, "PackedPolicySize": 6}


def get_access_key_info(ctx: RequestContext, AccessKeyId: str) -> dict:
    """The account a key belongs to: the one STS issued it for, else the account requests act in."""
    identity = identity_of(ctx.store, AccessKeyId)
    return {"Account": identity["account_id"] if identity else ctx.account_id}


def _caller(ctx: RequestContext) -> dict:
    """The calling identity in the form credentials are remembered under."""
    caller = get_caller_identity(ctx)
    return {"account_id": caller["Account"], "arn": caller["Arn"], "user_id": caller["UserId"]}


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
