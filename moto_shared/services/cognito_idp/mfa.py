"""A user's second factors: software tokens (TOTP, really checked) and SMS (code CONFIRMATION_CODE).

The user record members involved are listed in records.py; sign-in asks for
a factor through records.second_factor.
"""

from __future__ import annotations

from typing import Any

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.services.cognito_idp import totp
from moto_shared.services.cognito_idp.auth import authenticated_user
from moto_shared.services.cognito_idp.exceptions import invalid_parameter
from moto_shared.services.cognito_idp.users import update_user

#: SetUserMFAPreference member -> the factor it configures.
PREFERENCE_MEMBERS = {"SMSMfaSettings": "SMS_MFA", "SoftwareTokenMfaSettings": "SOFTWARE_TOKEN_MFA"}


def with_preferences(user: dict[str, Any], settings: dict[str, dict[str, bool]]) -> dict[str, Any]:
    """The user with SMSMfaSettings / SoftwareTokenMfaSettings applied."""
    enabled = list(user.get("MfaSettings", []))
    preferred = user.get("PreferredMfa")
    for member, factor in PREFERENCE_MEMBERS.items():
        if member not in settings:
            continue
        wanted = settings[member]
        if wanted.get("Enabled") and factor == "SOFTWARE_TOKEN_MFA" and not (user.get("SoftwareToken") or {}).get("Verified"):
            raise invalid_parameter("User has not verified software token mfa")
        if wanted.get("Enabled") and factor not in enabled:
            enabled.append(factor)
        if not wanted.get("Enabled") and factor in enabled:
            enabled.remove(factor)
        if wanted.get("PreferredMfa") and wanted.get("Enabled"):
            preferred = factor
        elif preferred == factor:
            preferred = None
    return {**user, "MfaSettings": enabled, "PreferredMfa": preferred if preferred in enabled else None}


def set_user_mfa_preference(ctx: RequestContext, AccessToken: str, **settings: Any) -> dict[str, Any]:
    pool, user_key, _ = authenticated_user(ctx, AccessToken)
    update_user(ctx, pool["Id"], user_key, lambda pool, user: with_preferences(user, settings))
    return {}


def admin_set_user_mfa_preference(ctx: RequestContext, Username: str, UserPoolId: str, **settings: Any) -> dict[str, Any]:
    update_user(ctx, UserPoolId, Username, lambda pool, user: with_preferences(user, settings))
    return {}


def associate_software_token(ctx: RequestContext, AccessToken: str | None = None, Session: str | None = None) -> dict[str, Any]:
    """A new TOTP secret for the user, usable once VerifySoftwareToken has seen a code from it."""
    if AccessToken is None:
        raise invalid_parameter("AssociateSoftwareToken needs an AccessToken (MFA_SETUP sessions aren't emulated).")
    pool, user_key, _ = authenticated_user(ctx, AccessToken)
    secret = totp.new_secret()
    update_user(ctx, pool["Id"], user_key, lambda pool, user: {**user, "SoftwareToken": {"Secret": secret, "Verified": False}})
    return {"SecretCode": secret}


def verify_software_token(
    ctx: RequestContext, UserCode: str, AccessToken: str | None = None, Session: str | None = None, **_device: Any
) -> dict[str, Any]:
    if AccessToken is None:
        raise invalid_parameter("VerifySoftwareToken needs an AccessToken (MFA_SETUP sessions aren't emulated).")
    pool, user_key, _ = authenticated_user(ctx, AccessToken)

    def verify(pool: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
        token = user.get("SoftwareToken")
        if token is None:
            raise invalid_parameter("User has not associated a software token.")
        if not totp.matches(token["Secret"], UserCode):
            raise AWSError("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
        return {**user, "SoftwareToken": {**token, "Verified": True}}

    update_user(ctx, pool["Id"], user_key, verify)
    return {"Status": "SUCCESS"}
