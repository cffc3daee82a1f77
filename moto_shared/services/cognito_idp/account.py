"""What users do for themselves: sign-up and confirmation, forgotten passwords, and the
operations authorised by their own access token."""

from __future__ import annotations

from typing import Any

from moto_shared.context import RequestContext
from moto_shared.services.cognito_idp import attributes, clients, passwords, records
from moto_shared.services.cognito_idp.auth import authenticated_user
from moto_shared.services.cognito_idp.exceptions import (
    code_mismatch,
    expired_code,
    incorrect_credentials,
    invalid_parameter,
    not_authorized,
    user_not_found,
)
from moto_shared.services.cognito_idp.users import (
    CODE_VALIDITY,
    CONFIRMATION_CODE,
    changed_attributes,
    check_sign_in_name,
    code_delivery,
    insert_user,
    new_user,
    removed_attributes,
    update_user,
    verified_delivery,
    with_password,
)
from moto_shared.store.base import Txn


def _pool_of_client(ctx: RequestContext, client_id: str, secret_hash: str | None, username: str) -> dict[str, Any]:
    """The client's pool, once a given SecretHash proved the caller knows the client's secret.

    AWS also refuses a missing SecretHash here; Moto never asked for one on
    these self-service calls and suites rely on that (see docs). Sign-in
    flows still require it.
    """
    client = records.load_client(ctx.store, ctx, client_id)
    if secret_hash is not None:
        clients.check_secret_hash(client, secret_hash, username)
    return records.load_pool(ctx.store, ctx, client["UserPoolId"])


def _check_code(code: str) -> None:
    if code != CONFIRMATION_CODE:
        raise code_mismatch()


def _auto_verified(pool: dict[str, Any]) -> tuple[str, ...]:
    """The attributes a sign-up code verifies, SMS first as Cognito prefers."""
    auto = pool.get("AutoVerifiedAttributes", [])
    return tuple(a for a in ("phone_number", "email") if a in auto)


def _confirmed(pool: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """A signed-up user confirmed; the contact the code went to is now verified.

    An administrator-created user (FORCE_CHANGE_PASSWORD) can be confirmed too:
    AWS refuses, but Moto allowed it and suites use it to skip the
    new-password challenge (see docs).
    """
    if user["UserStatus"] not in ("UNCONFIRMED", "FORCE_CHANGE_PASSWORD"):
        raise not_authorized(f"User cannot be confirmed. Current status is {user['UserStatus']}")
    delivery = code_delivery(user, _auto_verified(pool))
    verified = {f"{delivery['AttributeName']}_verified": "true"} if delivery else {}
    return {**user, "UserStatus": "CONFIRMED", "Attributes": {**user["Attributes"], **verified}}


def sign_up(
    ctx: RequestContext,
    ClientId: str,
    Username: str,
    Password: str | None = None,
    SecretHash: str | None = None,
    UserAttributes: list[dict[str, str]] | None = None,
    **_context: Any,
) -> dict[str, Any]:
    pool = _pool_of_client(ctx, ClientId, SecretHash, Username)
    if Password is None:
        raise invalid_parameter("Missing required parameter Password")
    passwords.check(pool, Password)
    values = attributes.validate(pool["Schema"], UserAttributes or [], creating=True)
    check_sign_in_name(pool, Username, values)
    attributes.check_required(pool["Schema"], values)
    user = new_user(ctx, pool, Username, values, status="UNCONFIRMED", password=Password, temporary=False)
    insert_user(ctx, pool, user, "User already exists")
    result: dict[str, Any] = {"UserConfirmed": False, "UserSub": user["Attributes"]["sub"]}
    delivery = code_delivery(user, _auto_verified(pool))
    if delivery:
        result["CodeDeliveryDetails"] = delivery
    return result


def confirm_sign_up(
    ctx: RequestContext, ClientId: str, Username: str, ConfirmationCode: str, SecretHash: str | None = None, **_context: Any
) -> dict[str, Any]:
    pool = _pool_of_client(ctx, ClientId, SecretHash, Username)
    _check_code(ConfirmationCode)
    update_user(ctx, pool["Id"], Username, _confirmed)
    return {}


def admin_confirm_sign_up(ctx: RequestContext, UserPoolId: str, Username: str, **_triggers: Any) -> dict[str, Any]:
    update_user(ctx, UserPoolId, Username, _confirmed)
    return {}


def resend_confirmation_code(
    ctx: RequestContext, ClientId: str, Username: str, SecretHash: str | None = None, **_context: Any
) -> dict[str, Any]:
    pool = _pool_of_client(ctx, ClientId, SecretHash, Username)
    _, user = records.require_user(ctx.store, ctx, pool, Username)
    if user["UserStatus"] != "UNCONFIRMED":
        raise invalid_parameter("User is already confirmed.")
    delivery = code_delivery(user, _auto_verified(pool)) or code_delivery(user)
    if delivery is None:
        raise invalid_parameter("No email or phone number to send the code to.")
    return {"CodeDeliveryDetails": delivery}


def forgot_password(
    ctx: RequestContext, ClientId: str, Username: str, SecretHash: str | None = None, **_context: Any
) -> dict[str, Any]:
    """Send (pretend to) the password reset code; ConfirmForgotPassword takes CONFIRMATION_CODE."""
    pool = _pool_of_client(ctx, ClientId, SecretHash, Username)
    mechanisms = pool.get("AccountRecoverySetting", {}).get("RecoveryMechanisms", [])
    if [m["Name"] for m in mechanisms] == ["admin_only"]:
        raise not_authorized("Contact administrator to reset password.")
    now = ctx.now()

    def request_code(pool: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
        verified_delivery(user)
        return {**user, "PasswordResetCodeSentAt": now}

    user = update_user(ctx, pool["Id"], Username, request_code)
    return {"CodeDeliveryDetails": verified_delivery(user)}


def confirm_forgot_password(
    ctx: RequestContext,
    ClientId: str,
    Username: str,
    ConfirmationCode: str,
    Password: str,
    SecretHash: str | None = None,
    **_context: Any,
) -> dict[str, Any]:
    pool = _pool_of_client(ctx, ClientId, SecretHash, Username)
    now = ctx.now()

    def reset(pool: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
        sent_at = user.get("PasswordResetCodeSentAt")
        if sent_at is None or now - sent_at > CODE_VALIDITY:
            raise expired_code()
        _check_code(ConfirmationCode)
        return with_password(pool, user, Password, permanent=True, now=now)

    update_user(ctx, pool["Id"], Username, reset)
    return {}


def change_password(ctx: RequestContext, ProposedPassword: str, AccessToken: str, PreviousPassword: str | None = None) -> dict[str, Any]:
    pool, user_key, user = authenticated_user(ctx, AccessToken)
    if not passwords.matches(pool["Id"], user, PreviousPassword or ""):
        raise incorrect_credentials()
    now = ctx.now()
    update_user(ctx, pool["Id"], user_key, lambda pool, user: with_password(pool, user, ProposedPassword, permanent=True, now=now))
    return {}


def get_user(ctx: RequestContext, AccessToken: str) -> dict[str, Any]:
    _, _, user = authenticated_user(ctx, AccessToken)
    return {"Username": user["Username"], "UserAttributes": records.user_attributes(user), **records.mfa_description(user)}


def update_user_attributes(
    ctx: RequestContext, UserAttributes: list[dict[str, str]], AccessToken: str, **_triggers: Any
) -> dict[str, Any]:
    """Changed contacts that the pool auto-verifies get a code (CodeDeliveryDetailsList)."""
    pool, user_key, before = authenticated_user(ctx, AccessToken)
    after = update_user(ctx, pool["Id"], user_key, lambda pool, user: changed_attributes(pool, user, UserAttributes))
    changed = tuple(a for a in _auto_verified(pool) if after["Attributes"].get(a) != before["Attributes"].get(a))
    deliveries = [code_delivery(after, (attribute,)) for attribute in changed]
    return {"CodeDeliveryDetailsList": [d for d in deliveries if d]}


def delete_user_attributes(ctx: RequestContext, UserAttributeNames: list[str], AccessToken: str) -> dict[str, Any]:
    pool, user_key, _ = authenticated_user(ctx, AccessToken)
    update_user(ctx, pool["Id"], user_key, lambda pool, user: removed_attributes(pool, user, UserAttributeNames))
    return {}


def get_user_attribute_verification_code(ctx: RequestContext, AccessToken: str, AttributeName: str, **_triggers: Any) -> dict[str, Any]:
    _, _, user = authenticated_user(ctx, AccessToken)
    delivery = code_delivery(user, (AttributeName,)) if AttributeName in ("email", "phone_number") else None
    if delivery is None:
        raise invalid_parameter(f"The user has no {AttributeName} to verify.")
    return {"CodeDeliveryDetails": delivery}


def verify_user_attribute(ctx: RequestContext, AccessToken: str, AttributeName: str, Code: str) -> dict[str, Any]:
    pool, user_key, _ = authenticated_user(ctx, AccessToken)
    if AttributeName not in ("email", "phone_number"):
        raise invalid_parameter(f"Attribute {AttributeName} cannot be verified.")
    _check_code(Code)
    update_user(
        ctx, pool["Id"], user_key,
        lambda pool, user: {**user, "Attributes": {**user["Attributes"], f"{AttributeName}_verified": "true"}},
    )
    return {}


def delete_user(ctx: RequestContext, AccessToken: str) -> dict[str, Any]:
    pool, user_key, _ = authenticated_user(ctx, AccessToken)

    def delete(txn: Txn) -> None:
        user = txn.get(records.user_record_key(ctx, pool["Id"], user_key))
        if user is None:
            raise user_not_found()
        records.delete_user(txn, ctx, pool["Id"], user_key, user)

    ctx.store.transact(delete)
    return {}
