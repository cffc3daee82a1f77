"""Sign-in: auth flows, challenges (NEW_PASSWORD_REQUIRED, SRP's PASSWORD_VERIFIER), tokens, sign-out.

Every piece of a sign-in in progress (challenge sessions, SRP's server
secret, refresh tokens, revocations) lives in the store, so one process can
start a flow and another finish it, and a sign-out is seen everywhere.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import time
import uuid
from typing import Any

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError, not_implemented
from moto_shared.services.cognito_idp import attributes, clients, passwords, records, srp, tokens, totp
from moto_shared.services.cognito_idp.exceptions import (
    incorrect_credentials,
    invalid_parameter,
    invalid_session,
    not_authorized,
    user_not_found,
)
from moto_shared.services.cognito_idp.groups import groups_of
from moto_shared.services.cognito_idp.users import CONFIRMATION_CODE, code_delivery, with_password
from moto_shared.store.base import Txn

PASSWORD_FLOWS = {"USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"}
REFRESH_FLOWS = {"REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"}
USER_API_FLOWS = {"USER_PASSWORD_AUTH", "USER_SRP_AUTH", *REFRESH_FLOWS}
ADMIN_API_FLOWS = {"ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH", "USER_SRP_AUTH", *REFRESH_FLOWS}
#: Flows AWS has that we don't emulate: answered as NotImplemented rather than as bad input.
UNEMULATED_FLOWS = {"CUSTOM_AUTH", "USER_AUTH"}
#: The AuthFlowType values, in the order AWS lists them in its validation message.
AUTH_FLOWS = ("ADMIN_NO_SRP_AUTH", "ADMIN_USER_PASSWORD_AUTH", "USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN",
              "CUSTOM_AUTH", "USER_PASSWORD_AUTH")
ACCESS_SCOPE = "aws.cognito.signin.user.admin"
TIMESTAMP = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d{1,2} \d{2}:\d{2}:\d{2} UTC \d{4}$")


def _issuer(ctx: RequestContext, pool_id: str) -> str:
    return f"https://cognito-idp.{ctx.region}.amazonaws.com/{pool_id}"


def _required(parameters: dict[str, str], name: str) -> str:
    value = parameters.get(name)
    if not value:
        raise invalid_parameter(f"Missing required parameter {name}")
    return value


# --- tokens -----------------------------------------------------------------


def _claims(ctx, pool, client, user, signin, groups, origin_jti, now) -> tuple[dict, dict]:
    """(id token claims, access token claims) as Cognito issues them."""
    pool_id, client_id = pool["Id"], client["ClientId"]
    common = {
        "sub": user["Attributes"]["sub"],
        **({"cognito:groups": [g["GroupName"] for g in groups]} if groups else {}),
        "iss": _issuer(ctx, pool_id),
        "origin_jti": origin_jti,
        "event_id": str(uuid.uuid4()),
        "auth_time": signin["AuthTime"],
        "iat": now,
    }
    user_claims = {
        name: value == "true" if name.endswith("_verified") else value
        for name, value in user["Attributes"].items()
        if name != "sub"
    }
    roles = [g["RoleArn"] for g in groups if g.get("RoleArn")]
    role_claims = {"cognito:roles": roles, "cognito:preferred_role": roles[0]} if roles else {}
    id_claims = {
        **common,
        **user_claims,
        **role_claims,
        "cognito:username": user["Username"],
        "aud": client_id,
        "token_use": "id",
        "exp": now + clients.token_validity_seconds(client, "IdToken"),
        "jti": str(uuid.uuid4()),
    }
    access_claims = {
        **common,
        "client_id": client_id,
        "token_use": "access",
        "scope": ACCESS_SCOPE,
        "exp": now + clients.token_validity_seconds(client, "AccessToken"),
        "jti": str(uuid.uuid4()),
        "username": user["Username"],
    }
    return id_claims, access_claims


def _authentication_result(ctx, pool, client, user_key, user, origin_jti=None) -> dict[str, Any]:
    """Tokens for a user; a new sign-in (with a refresh token) unless origin_jti continues one."""
    key = tokens.signing_key(ctx, pool["Id"])
    groups = groups_of(ctx.store, ctx, pool["Id"], user_key)
    now = int(time.time())
    result: dict[str, Any] = {"TokenType": "Bearer", "ExpiresIn": clients.token_validity_seconds(client, "AccessToken")}
    if origin_jti is None:
        origin_jti = str(uuid.uuid4())
        refresh_token = secrets.token_urlsafe(96)
        signin = {
            "UserPoolId": pool["Id"],
            "ClientId": client["ClientId"],
            "UserKey": user_key,
            "AuthTime": now,
            "RefreshToken": refresh_token,
            "RefreshExpires": now + clients.token_validity_seconds(client, "RefreshToken"),
            "Revoked": False,
        }
        _record_signin(ctx, pool["Id"], user_key, origin_jti, signin)
        result["RefreshToken"] = refresh_token
    else:
        signin = ctx.store.get(ctx.key("signin", origin_jti))
    id_claims, access_claims = _claims(ctx, pool, client, user, signin, groups, origin_jti, now)
    result["IdToken"] = tokens.encode(key, id_claims)
    result["AccessToken"] = tokens.encode(key, access_claims)
    return {"AuthenticationResult": result}


def _record_signin(ctx: RequestContext, pool_id: str, user_key: str, origin_jti: str, signin: dict) -> None:
    def record(txn: Txn) -> None:
        if txn.get(records.user_record_key(ctx, pool_id, user_key)) is None:
            raise user_not_found()
        txn.put(ctx.key("signin", origin_jti), signin)
        txn.put(ctx.key("refresh", signin["RefreshToken"]), origin_jti)
        txn.lex_add(ctx.key("user-signins", pool_id, user_key), origin_jti)

    ctx.store.transact(record)


def authenticated_user(ctx: RequestContext, access_token: str) -> tuple[dict, str, dict]:
    """(pool, user_key, user) of a valid, unrevoked access token."""
    claims = tokens.unverified_claims(access_token) or {}
    pool_id = str(claims.get("iss", "")).rpartition("/")[2]
    origin_jti = str(claims.get("origin_jti", ""))
    pool, key, signin = ctx.store.get_many(
        [ctx.key("pool", pool_id), ctx.key("signing-key", pool_id), ctx.key("signin", origin_jti)]
    )
    if pool is None or key is None:
        raise not_authorized("Invalid Access Token")
    tokens.verify(key, access_token, "access")
    if signin is None or signin["Revoked"]:
        raise not_authorized("Access Token has been revoked")
    user = ctx.store.get(records.user_record_key(ctx, pool_id, signin["UserKey"]))
    if user is None:
        raise user_not_found()
    if not user["Enabled"]:
        raise not_authorized("User is disabled.")
    return pool, signin["UserKey"], user


def revoke_signins(txn: Txn, ctx: RequestContext, pool_id: str, user_key: str) -> None:
    """Revoke every sign-in of a user: its access and refresh tokens stop working."""
    origin_jtis = txn.lex_range(ctx.key("user-signins", pool_id, user_key))
    signin_keys = [ctx.key("signin", jti) for jti in origin_jtis]
    for signin_key, signin in zip(signin_keys, txn.get_many(signin_keys)):
        if signin is not None and not signin["Revoked"]:
            txn.put(signin_key, {**signin, "Revoked": True})


# --- flows ------------------------------------------------------------------


def _unknown_user(client: dict[str, Any]) -> AWSError:
    """Clients that hide user existence answer an unknown user like a wrong password."""
    if client.get("PreventUserExistenceErrors") == "ENABLED":
        return incorrect_credentials()
    return user_not_found()


def _check_enabled(user: dict[str, Any]) -> None:
    if not user["Enabled"]:
        raise not_authorized("User is disabled.")


def _check_can_sign_in(user: dict[str, Any]) -> None:
    """Checked before the password, as Cognito does: an unconfirmed user hears so even with a wrong password."""
    _check_enabled(user)
    if user["UserStatus"] == "UNCONFIRMED":
        raise AWSError("UserNotConfirmedException", "User is not confirmed.")


def _after_password(ctx, pool, client, user_key, user) -> dict[str, Any]:
    """What a correct password leads to, given the user's status."""
    status = user["UserStatus"]
    if status == "RESET_REQUIRED":
        raise AWSError("PasswordResetRequiredException", "Password reset required for the user")
    if status == "FORCE_CHANGE_PASSWORD":
        if passwords.temporary_expired(pool, user, ctx.now()):
            raise not_authorized("Temporary password has expired and must be reset by an administrator.")
        return _new_password_challenge(ctx, pool, client, user_key, user)
    factor = records.second_factor(user)
    if factor is not None:
        return _mfa_challenge(ctx, pool, client, user_key, user, factor)
    return _authentication_result(ctx, pool, client, user_key, user)


def _open_challenge(ctx: RequestContext, client: dict[str, Any], state: dict[str, Any], token: str) -> None:
    expires = time.time() + client.get("AuthSessionValidity", 3) * 60
    ctx.store.put(ctx.key("challenge", token), {**state, "ClientId": client["ClientId"], "Expires": expires})


def _new_password_challenge(ctx, pool, client, user_key, user) -> dict[str, Any]:
    session = secrets.token_urlsafe(96)
    _open_challenge(ctx, client, {"ChallengeName": "NEW_PASSWORD_REQUIRED", "UserPoolId": pool["Id"], "UserKey": user_key}, session)
    missing = [n for n, d in pool["Schema"].items() if d["Required"] and n != "sub" and n not in user["Attributes"]]
    return {
        "ChallengeName": "NEW_PASSWORD_REQUIRED",
        "Session": session,
        "ChallengeParameters": {
            "USER_ID_FOR_SRP": user["Username"],
            "requiredAttributes": json.dumps([f"userAttributes.{n}" for n in missing]),
            "userAttributes": json.dumps({k: v for k, v in user["Attributes"].items() if k != "sub"}),
        },
    }


def _mfa_challenge(ctx, pool, client, user_key, user, factor: str) -> dict[str, Any]:
    session = secrets.token_urlsafe(96)
    _open_challenge(ctx, client, {"ChallengeName": factor, "UserPoolId": pool["Id"], "UserKey": user_key}, session)
    parameters = {"USER_ID_FOR_SRP": user["Username"]}
    delivery = code_delivery(user, ("phone_number",)) if factor == "SMS_MFA" else None
    if delivery:
        parameters["CODE_DELIVERY_DELIVERY_MEDIUM"] = delivery["DeliveryMedium"]
        parameters["CODE_DELIVERY_DESTINATION"] = delivery["Destination"]
    return {"ChallengeName": factor, "Session": session, "ChallengeParameters": parameters}


def _password_auth(ctx, pool, client, parameters) -> dict[str, Any]:
    username = _required(parameters, "USERNAME")
    password = _required(parameters, "PASSWORD")
    clients.check_secret_hash(client, parameters.get("SECRET_HASH"), username)
    found = records.find_user(ctx.store, ctx, pool, username)
    if found is None:
        raise _unknown_user(client)
    user_key, user = found
    _check_can_sign_in(user)
    if not passwords.matches(pool["Id"], user, password):
        raise incorrect_credentials()
    return _after_password(ctx, pool, client, user_key, user)


def _srp_auth(ctx, pool, client, parameters) -> dict[str, Any]:
    username = _required(parameters, "USERNAME")
    srp_a = _required(parameters, "SRP_A")
    clients.check_secret_hash(client, parameters.get("SECRET_HASH"), username)
    try:
        big_a = int(srp_a, 16)
    except ValueError:
        raise invalid_parameter("SRP_A is not a hexadecimal number.") from None
    found = records.find_user(ctx.store, ctx, pool, username)
    if found is None:
        raise _unknown_user(client)
    user_key, user = found
    _check_can_sign_in(user)
    challenge = srp.start(user["Password"]["verifier"])
    secret_block = base64.b64encode(secrets.token_bytes(64)).decode()
    state = {
        "ChallengeName": "PASSWORD_VERIFIER",
        "UserPoolId": pool["Id"],
        "UserKey": user_key,
        "SrpA": format(big_a, "x"),
        "SrpSmallB": format(challenge.b, "x"),
        "SrpB": format(challenge.big_b, "x"),
    }
    _open_challenge(ctx, client, state, secret_block)
    return {
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {
            "SALT": user["Password"]["salt"],
            "SECRET_BLOCK": secret_block,
            "SRP_B": state["SrpB"],
            "USERNAME": user["Username"],
            "USER_ID_FOR_SRP": user["Username"],
        },
    }


def _refresh_auth(ctx, pool, client, parameters) -> dict[str, Any]:
    refresh_token = _required(parameters, "REFRESH_TOKEN")
    origin_jti = ctx.store.get(ctx.key("refresh", refresh_token))
    signin = ctx.store.get(ctx.key("signin", origin_jti)) if origin_jti else None
    if signin is None or signin["ClientId"] != client["ClientId"]:
        raise not_authorized("Invalid Refresh Token")
    if signin["Revoked"]:
        raise not_authorized("Refresh Token has been revoked")
    if signin["RefreshExpires"] <= time.time():
        raise not_authorized("Refresh Token has expired")
    user = ctx.store.get(records.user_record_key(ctx, pool["Id"], signin["UserKey"]))
    if user is None:
        raise not_authorized("User does not exist.")
    _check_enabled(user)
    names = (user["Username"], user["Attributes"]["sub"], parameters.get("USERNAME", user["Username"]))
    clients.check_secret_hash(client, parameters.get("SECRET_HASH"), *names)
    return _authentication_result(ctx, pool, client, signin["UserKey"], user, origin_jti=origin_jti)


FLOW_HANDLERS = {
    "USER_PASSWORD_AUTH": _password_auth,
    "ADMIN_USER_PASSWORD_AUTH": _password_auth,
    "ADMIN_NO_SRP_AUTH": _password_auth,
    "USER_SRP_AUTH": _srp_auth,
    "REFRESH_TOKEN_AUTH": _refresh_auth,
    "REFRESH_TOKEN": _refresh_auth,
}


def _initiate(ctx, pool, client, flow: str, parameters: dict[str, str], api_flows: set[str]) -> dict[str, Any]:
    if flow in UNEMULATED_FLOWS:
        raise not_implemented("cognito-idp", f"{ctx.operation} with AuthFlow {flow}")
    if flow not in FLOW_HANDLERS:
        raise invalid_parameter(
            f"1 validation error detected: Value '{flow}' at 'authFlow' failed to satisfy constraint: "
            f"Member must satisfy enum value set: {list(AUTH_FLOWS)}"
        )
    if flow not in api_flows:
        raise invalid_parameter("Initiate Auth method not supported")
    if not clients.flow_allowed(client, flow):
        raise invalid_parameter(f"{flow} flow not enabled for this client")
    return FLOW_HANDLERS[flow](ctx, pool, client, parameters)


def initiate_auth(
    ctx: RequestContext, AuthFlow: str, ClientId: str, AuthParameters: dict[str, str] | None = None, **_context: Any
) -> dict[str, Any]:
    client = records.load_client(ctx.store, ctx, ClientId)
    pool = records.load_pool(ctx.store, ctx, client["UserPoolId"])
    return _initiate(ctx, pool, client, AuthFlow, AuthParameters or {}, USER_API_FLOWS)


def admin_initiate_auth(
    ctx: RequestContext,
    UserPoolId: str,
    ClientId: str,
    AuthFlow: str,
    AuthParameters: dict[str, str] | None = None,
    **_context: Any,
) -> dict[str, Any]:
    pool = records.load_pool(ctx.store, ctx, UserPoolId)
    client = records.load_client(ctx.store, ctx, ClientId, UserPoolId)
    return _initiate(ctx, pool, client, AuthFlow, AuthParameters or {}, ADMIN_API_FLOWS)


# --- challenges -----------------------------------------------------------


def _take_challenge(ctx: RequestContext, token: str, name: str, client_id: str) -> dict[str, Any]:
    """Load and consume a pending challenge, so each Session or SECRET_BLOCK is used once."""

    def take(txn: Txn) -> dict[str, Any] | None:
        state = txn.get(ctx.key("challenge", token))
        if state is not None:
            txn.delete(ctx.key("challenge", token))
        return state

    state = ctx.store.transact(take)
    if state is None or state["ChallengeName"] != name or state["ClientId"] != client_id:
        raise not_authorized("Invalid session for the user.")
    if state["Expires"] <= time.time():
        raise invalid_session()
    return state


def _answer_new_password(ctx, pool, client, session: str | None, responses: dict[str, str]) -> dict[str, Any]:
    if not session:
        raise invalid_parameter("Missing required parameter Session")
    username = _required(responses, "USERNAME")
    new_password = _required(responses, "NEW_PASSWORD")
    clients.check_secret_hash(client, responses.get("SECRET_HASH"), username)
    passwords.check(pool, new_password)
    given = [{"Name": k.removeprefix("userAttributes."), "Value": v} for k, v in responses.items() if k.startswith("userAttributes.")]
    values = attributes.validate(pool["Schema"], given, creating=False)
    state = _take_challenge(ctx, session, "NEW_PASSWORD_REQUIRED", client["ClientId"])
    user_key = state["UserKey"]

    def set_password(txn: Txn) -> dict[str, Any]:
        user = txn.get(records.user_record_key(ctx, pool["Id"], user_key))
        if user is None:
            raise user_not_found()
        updated = with_password(pool, user, new_password, permanent=True, now=ctx.now())
        updated["Attributes"] = {**user["Attributes"], **values}
        attributes.check_required(pool["Schema"], updated["Attributes"])
        updated["UserLastModifiedDate"] = ctx.now()
        records.write_user(txn, ctx, pool["Id"], user_key, user, updated)
        return updated

    user = ctx.store.transact(set_password)
    return _authentication_result(ctx, pool, client, user_key, user)


def _answer_password_verifier(ctx, pool, client, responses: dict[str, str]) -> dict[str, Any]:
    secret_block = _required(responses, "PASSWORD_CLAIM_SECRET_BLOCK")
    signature = _required(responses, "PASSWORD_CLAIM_SIGNATURE")
    timestamp = _required(responses, "TIMESTAMP")
    username = _required(responses, "USERNAME")
    clients.check_secret_hash(client, responses.get("SECRET_HASH"), username)
    if not TIMESTAMP.match(timestamp):
        raise invalid_parameter("TIMESTAMP format is invalid.")
    state = _take_challenge(ctx, secret_block, "PASSWORD_VERIFIER", client["ClientId"])
    user = ctx.store.get(records.user_record_key(ctx, pool["Id"], state["UserKey"]))
    if user is None:
        raise _unknown_user(client)
    _check_can_sign_in(user)
    expected = srp.expected_signature(
        pool_id=pool["Id"],
        user_id=user["Username"],
        verifier_hex=user["Password"]["verifier"],
        challenge=srp.ServerChallenge(int(state["SrpSmallB"], 16), int(state["SrpB"], 16)),
        big_a=int(state["SrpA"], 16),
        secret_block=secret_block,
        timestamp=timestamp,
    )
    if expected is None or not secrets.compare_digest(expected, signature):
        raise incorrect_credentials()
    return _after_password(ctx, pool, client, state["UserKey"], user)


#: MFA challenge -> the ChallengeResponses member carrying the code.
MFA_CODE_MEMBERS = {"SOFTWARE_TOKEN_MFA": "SOFTWARE_TOKEN_MFA_CODE", "SMS_MFA": "SMS_MFA_CODE"}


def _answer_mfa(ctx, pool, client, name: str, session: str | None, responses: dict[str, str]) -> dict[str, Any]:
    """A software token code is checked as TOTP against the user's secret; an SMS code is CONFIRMATION_CODE."""
    if not session:
        raise invalid_parameter("Missing required parameter Session")
    username = _required(responses, "USERNAME")
    code = _required(responses, MFA_CODE_MEMBERS[name])
    clients.check_secret_hash(client, responses.get("SECRET_HASH"), username)
    state = _take_challenge(ctx, session, name, client["ClientId"])
    user = ctx.store.get(records.user_record_key(ctx, pool["Id"], state["UserKey"]))
    if user is None:
        raise _unknown_user(client)
    _check_enabled(user)
    if name == "SOFTWARE_TOKEN_MFA":
        valid = totp.matches((user.get("SoftwareToken") or {}).get("Secret", ""), code)
    else:
        valid = code == CONFIRMATION_CODE
    if not valid:
        raise AWSError("CodeMismatchException", "Invalid code received for user")
    return _authentication_result(ctx, pool, client, state["UserKey"], user)


def _respond(ctx, pool, client, name: str, session: str | None, responses: dict[str, str]) -> dict[str, Any]:
    if name in MFA_CODE_MEMBERS:
        return _answer_mfa(ctx, pool, client, name, session, responses)
    if name == "NEW_PASSWORD_REQUIRED":
        return _answer_new_password(ctx, pool, client, session, responses)
    if name == "PASSWORD_VERIFIER":
        return _answer_password_verifier(ctx, pool, client, responses)
    raise invalid_parameter(f"Challenge {name} is not expected for this session.")


def respond_to_auth_challenge(
    ctx: RequestContext,
    ClientId: str,
    ChallengeName: str,
    Session: str | None = None,
    ChallengeResponses: dict[str, str] | None = None,
    **_context: Any,
) -> dict[str, Any]:
    client = records.load_client(ctx.store, ctx, ClientId)
    pool = records.load_pool(ctx.store, ctx, client["UserPoolId"])
    return _respond(ctx, pool, client, ChallengeName, Session, ChallengeResponses or {})


def admin_respond_to_auth_challenge(
    ctx: RequestContext,
    UserPoolId: str,
    ClientId: str,
    ChallengeName: str,
    Session: str | None = None,
    ChallengeResponses: dict[str, str] | None = None,
    **_context: Any,
) -> dict[str, Any]:
    pool = records.load_pool(ctx.store, ctx, UserPoolId)
    client = records.load_client(ctx.store, ctx, ClientId, UserPoolId)
    return _respond(ctx, pool, client, ChallengeName, Session, ChallengeResponses or {})


# --- sign-out -------------------------------------------------------------


def global_sign_out(ctx: RequestContext, AccessToken: str) -> dict[str, Any]:
    pool, user_key, _ = authenticated_user(ctx, AccessToken)
    ctx.store.transact(lambda txn: revoke_signins(txn, ctx, pool["Id"], user_key))
    return {}


def admin_user_global_sign_out(ctx: RequestContext, UserPoolId: str, Username: str) -> dict[str, Any]:
    def sign_out(txn: Txn) -> None:
        pool = records.load_pool(txn, ctx, UserPoolId)
        user_key, _ = records.require_user(txn, ctx, pool, Username)
        revoke_signins(txn, ctx, UserPoolId, user_key)

    ctx.store.transact(sign_out)
    return {}


def revoke_token(ctx: RequestContext, Token: str, ClientId: str, ClientSecret: str | None = None, **_options: Any) -> dict[str, Any]:
    """Revoke a refresh token and the access tokens issued with it; unknown tokens are ignored (RFC 7009)."""
    client = records.load_client(ctx.store, ctx, ClientId)
    if client.get("ClientSecret") and not secrets.compare_digest(client["ClientSecret"], ClientSecret or ""):
        raise AWSError("UnauthorizedException", "Invalid client secret.")
    if not client["EnableTokenRevocation"]:
        raise AWSError("UnsupportedOperationException", "Token revocation is not enabled for this client.")
    if tokens.unverified_claims(Token) is not None:
        raise AWSError("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.")
    origin_jti = ctx.store.get(ctx.key("refresh", Token))
    if origin_jti is None:
        return {}

    def revoke(txn: Txn) -> None:
        signin = txn.get(ctx.key("signin", origin_jti))
        if signin is None:
            return
        if signin["ClientId"] != ClientId:
            raise AWSError("UnauthorizedException", "The token was not issued to this client.")
        txn.put(ctx.key("signin", origin_jti), {**signin, "Revoked": True})

    ctx.store.transact(revoke)
    return {}
