"""Users as administrators see them: the Admin* user operations and ListUsers."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from moto_shared.context import RequestContext
from moto_shared.services.cognito_idp import attributes, passwords, records
from moto_shared.errors import AWSError
from moto_shared.services.cognito_idp.exceptions import invalid_parameter, not_authorized, username_exists
from moto_shared.store.base import Reads, Txn

#: The one confirmation / verification code this mock sends, so tests can type it (see docs).
CONFIRMATION_CODE = "123456"
CODE_VALIDITY = timedelta(hours=1)
PHONE_NUMBER = re.compile(r"^\+[0-9]{4,15}$")


def mask(attribute: str, value: str) -> str:
    """A destination as Cognito shows it: a***@e*** or +*******1234."""
    if attribute == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain[:1]}***"
    return "+" + "*" * max(len(value) - 5, 0) + value[-4:]


def code_delivery(user: dict[str, Any], candidates: tuple[str, ...] = ("phone_number", "email")) -> dict[str, str] | None:
    """Where a code for this user goes: the first of candidates the user has, SMS before email."""
    for attribute in candidates:
        value = user["Attributes"].get(attribute)
        if value:
            return {
                "Destination": mask(attribute, value),
                "DeliveryMedium": "SMS" if attribute == "phone_number" else "EMAIL",
                "AttributeName": attribute,
            }
    return None


def verified_delivery(user: dict[str, Any]) -> dict[str, str]:
    """Where a password reset code goes; AWS refuses when the user has no verified contact."""
    verified = tuple(a for a in ("phone_number", "email") if user["Attributes"].get(f"{a}_verified") == "true")
    delivery = code_delivery(user, verified)
    if delivery is None:
        raise invalid_parameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
    return delivery


def check_sign_in_name(pool: dict[str, Any], username: str, values: dict[str, str]) -> str | None:
    """Validate a new username against the pool's sign-in settings.

    Returns the attribute the username fills in (email / phone_number) for
    pools that sign in with an attribute instead of a username, else None.
    """
    looks_like = "email" if "@" in username else "phone_number" if PHONE_NUMBER.match(username) else None
    username_attributes = pool.get("UsernameAttributes", [])
    if username_attributes:
        if looks_like not in username_attributes:
            raise invalid_parameter("Username should be either an email or a phone number.")
        values[looks_like] = username
        return looks_like
    if looks_like in pool.get("AliasAttributes", []):
        readable = "email" if looks_like == "email" else "phone number"
        raise invalid_parameter(f"Username cannot be of {readable} format, since user pool is configured for {readable} alias.")
    return None


def check_unique_sign_in_attributes(
    reader: Reads, ctx: RequestContext, pool: dict[str, Any], user_key: str, values: dict, error_code: str
) -> None:
    """An email or phone number used as a username belongs to one user only.

    A new user taking one hears UsernameExistsException, an existing user
    changing to one AliasExistsException, as Cognito answers.
    """
    for attribute in pool.get("UsernameAttributes", []):
        value = values.get(attribute)
        if value is None:
            continue
        index = records.by_attribute_index(ctx, pool["Id"], attribute)
        owners = reader.lex_range(index, value + records.SEPARATOR, value + "\x01")
        if any(m.split(records.SEPARATOR, 1)[1] != user_key for m in owners):
            readable = "email" if attribute == "email" else "phone number"
            raise AWSError(error_code, f"An account with the given {readable} already exists.")


def new_user(ctx: RequestContext, pool: dict[str, Any], username: str, values: dict[str, str], *, status: str, password: str, temporary: bool) -> dict[str, Any]:
    """A user record; pools signing in by email/phone name the user by its sub, as AWS does."""
    sub = str(uuid.uuid4())
    internal_name = sub if pool.get("UsernameAttributes") else username
    now = ctx.now()
    return {
        "Username": internal_name,
        "Attributes": {"sub": sub, **values},
        "Enabled": True,
        "UserStatus": status,
        "UserCreateDate": now,
        "UserLastModifiedDate": now,
        "Password": passwords.credential(pool["Id"], internal_name, password, temporary_since=now if temporary else None),
    }


def insert_user(ctx: RequestContext, pool: dict[str, Any], user: dict[str, Any], duplicate_message: str) -> str:
    """Add a user atomically: of concurrent creations of one name, exactly one succeeds."""
    user_key = records.user_key_of(pool, user["Username"])

    def insert(txn: Txn) -> None:
        if txn.get(records.user_record_key(ctx, pool["Id"], user_key)) is not None:
            raise username_exists(duplicate_message)
        check_unique_sign_in_attributes(txn, ctx, pool, user_key, user["Attributes"], "UsernameExistsException")
        records.write_user(txn, ctx, pool["Id"], user_key, None, user)

    ctx.store.transact(insert)
    return user_key


def update_user(ctx: RequestContext, pool_id: str, username: str, change) -> dict[str, Any]:
    """Apply change(pool, user) -> new user to an existing user, atomically; returns the new user."""

    def apply(txn: Txn) -> dict[str, Any]:
        pool = records.load_pool(txn, ctx, pool_id)
        user_key, user = records.require_user(txn, ctx, pool, username)
        updated = change(pool, user)
        if updated != user:
            updated["UserLastModifiedDate"] = ctx.now()
            check_unique_sign_in_attributes(txn, ctx, pool, user_key, updated["Attributes"], "AliasExistsException")
            records.write_user(txn, ctx, pool_id, user_key, user, updated)
        return updated

    return ctx.store.transact(apply)


def admin_create_user(
    ctx: RequestContext,
    UserPoolId: str,
    Username: str,
    UserAttributes: list[dict[str, str]] | None = None,
    TemporaryPassword: str | None = None,
    MessageAction: str | None = None,
    **_delivery_and_triggers: Any,
) -> dict[str, Any]:
    """Create a user in FORCE_CHANGE_PASSWORD (or, with RESEND, issue a new temporary password)."""
    pool = records.load_pool(ctx.store, ctx, UserPoolId)
    if TemporaryPassword is not None:
        passwords.check_temporary(pool, TemporaryPassword)
    password = TemporaryPassword or passwords.temporary(pool)
    if MessageAction == "RESEND":
        return {"User": records.user_type(_resend_invitation(ctx, UserPoolId, Username, password))}
    values = attributes.validate(pool["Schema"], UserAttributes or [], creating=True)
    check_sign_in_name(pool, Username, values)
    attributes.check_required(pool["Schema"], values)
    user = new_user(ctx, pool, Username, values, status="FORCE_CHANGE_PASSWORD", password=password, temporary=True)
    insert_user(ctx, pool, user, "User account already exists.")
    return {"User": records.user_type(user)}


def _resend_invitation(ctx: RequestContext, pool_id: str, username: str, password: str) -> dict[str, Any]:
    def reissue(pool: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
        if user["UserStatus"] != "FORCE_CHANGE_PASSWORD":
            raise AWSError("UnsupportedUserStateException", f"User {username} is not in FORCE_CHANGE_PASSWORD state")
        credential = passwords.credential(pool_id, user["Username"], password, temporary_since=ctx.now())
        return {**user, "Password": credential}

    return update_user(ctx, pool_id, username, reissue)


def admin_get_user(ctx: RequestContext, UserPoolId: str, Username: str) -> dict[str, Any]:
    pool = records.load_pool(ctx.store, ctx, UserPoolId)
    _, user = records.require_user(ctx.store, ctx, pool, Username)
    described = records.user_type(user)
    described["UserAttributes"] = described.pop("Attributes")
    return {**described, **records.mfa_description(user)}


def admin_delete_user(ctx: RequestContext, UserPoolId: str, Username: str) -> dict[str, Any]:
    def delete(txn: Txn) -> None:
        pool = records.load_pool(txn, ctx, UserPoolId)
        user_key, user = records.require_user(txn, ctx, pool, Username)
        records.delete_user(txn, ctx, UserPoolId, user_key, user)

    ctx.store.transact(delete)
    return {}


def changed_attributes(pool: dict[str, Any], user: dict[str, Any], new_attributes: list[dict[str, str]]) -> dict[str, Any]:
    """The user with attributes set; a changed email/phone is unverified unless set verified too."""
    values = attributes.validate(pool["Schema"], new_attributes, creating=False)
    merged = {**user["Attributes"], **values}
    for contact in ("email", "phone_number"):
        changed = contact in values and values[contact] != user["Attributes"].get(contact)
        if changed and f"{contact}_verified" not in values:
            merged[f"{contact}_verified"] = "false"
    return {**user, "Attributes": merged}


def removed_attributes(pool: dict[str, Any], user: dict[str, Any], names: list[str]) -> dict[str, Any]:
    unknown = [name for name in names if name not in pool["Schema"] and name not in user["Attributes"]]
    if unknown:
        raise invalid_parameter(
            "Invalid user attributes: " + "".join(f"user.{name}: Attribute does not exist in the schema.\n" for name in unknown)
        )
    for name in names:
        definition = pool["Schema"].get(name)
        if definition is not None and (definition["Required"] or not definition["Mutable"]):
            raise invalid_parameter(f"Cannot delete a required or immutable attribute: {name}")
    return {**user, "Attributes": {k: v for k, v in user["Attributes"].items() if k not in names}}


def admin_update_user_attributes(
    ctx: RequestContext, UserPoolId: str, Username: str, UserAttributes: list[dict[str, str]], **_triggers: Any
) -> dict[str, Any]:
    update_user(ctx, UserPoolId, Username, lambda pool, user: changed_attributes(pool, user, UserAttributes))
    return {}


def admin_delete_user_attributes(
    ctx: RequestContext, UserPoolId: str, Username: str, UserAttributeNames: list[str]
) -> dict[str, Any]:
    update_user(ctx, UserPoolId, Username, lambda pool, user: removed_attributes(pool, user, UserAttributeNames))
    return {}


def with_password(pool: dict[str, Any], user: dict[str, Any], password: str, *, permanent: bool, now) -> dict[str, Any]:
    """The user with a new password: CONFIRMED if permanent, else FORCE_CHANGE_PASSWORD."""
    passwords.check(pool, password)
    credential = passwords.credential(pool["Id"], user["Username"], password, temporary_since=None if permanent else now)
    status = "CONFIRMED" if permanent else "FORCE_CHANGE_PASSWORD"
    return {**user, "Password": credential, "UserStatus": status, "PasswordResetCodeSentAt": None}


def admin_set_user_password(
    ctx: RequestContext, UserPoolId: str, Username: str, Password: str, Permanent: bool = False
) -> dict[str, Any]:
    now = ctx.now()
    update_user(ctx, UserPoolId, Username, lambda pool, user: with_password(pool, user, Password, permanent=Permanent, now=now))
    return {}


def admin_enable_user(ctx: RequestContext, UserPoolId: str, Username: str) -> dict[str, Any]:
    update_user(ctx, UserPoolId, Username, lambda pool, user: {**user, "Enabled": True})
    return {}


def admin_disable_user(ctx: RequestContext, UserPoolId: str, Username: str) -> dict[str, Any]:
    update_user(ctx, UserPoolId, Username, lambda pool, user: {**user, "Enabled": False})
    return {}


def admin_reset_user_password(ctx: RequestContext, UserPoolId: str, Username: str, **_triggers: Any) -> dict[str, Any]:
    """The user must sign in with a code from ForgotPassword's ConfirmForgotPassword (RESET_REQUIRED)."""
    now = ctx.now()

    def reset(pool: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
        if not user["Enabled"]:
            raise not_authorized("User is disabled")
        if user["UserStatus"] in ("FORCE_CHANGE_PASSWORD", "UNCONFIRMED"):
            raise not_authorized("User password cannot be reset in the current state.")
        verified_delivery(user)
        return {**user, "UserStatus": "RESET_REQUIRED", "PasswordResetCodeSentAt": now}

    update_user(ctx, UserPoolId, Username, reset)
    return {}


def list_users(
    ctx: RequestContext,
    UserPoolId: str,
    AttributesToGet: list[str] | None = None,
    Limit: int | None = None,
    PaginationToken: str | None = None,
    Filter: str | None = None,
) -> dict[str, Any]:
    """One page of users, read from the pool's user index or, with a Filter, an attribute index."""
    pool = records.load_pool(ctx.store, ctx, UserPoolId)
    limit = Limit or 60
    if not 1 <= limit <= 60:
        raise invalid_parameter("Limit must be between 0 and 60.")
    index, start, stop = ctx.key("pool-users", UserPoolId), None, None
    if Filter:
        name, is_prefix, value = attributes.parse_filter(Filter)
        if name == "username":
            value = records.user_key_of(pool, value)
            start, stop = value, value + (records.LEX_MAX if is_prefix else "\x00")
        else:
            index = records.by_attribute_index(ctx, UserPoolId, name)
            start = value if is_prefix else value + records.SEPARATOR
            stop = value + (records.LEX_MAX if is_prefix else "\x01")
    members, next_token = records.page(ctx.store, index, PaginationToken, limit, stop=stop, start=start)
    user_keys = [m.split(records.SEPARATOR, 1)[-1] for m in members]
    users = ctx.store.get_many([records.user_record_key(ctx, UserPoolId, k) for k in user_keys])
    result: dict[str, Any] = {"Users": [records.user_type(u, AttributesToGet) for u in users if u is not None]}
    if next_token:
        result["PaginationToken"] = next_token
    return result

