"""Software-token (TOTP) and SMS second factors: setup, preferences and the sign-in challenges."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

import pytest
from botocore.exceptions import ClientError
from cognito_support import error_of, make_user, sign_in

from moto_shared.services.cognito_idp import CONFIRMATION_CODE


def totp_now(secret: str) -> str:
    """RFC 6238 as an authenticator app computes it (written here independently of the service)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return str((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000).zfill(6)


def wrong_code(secret: str) -> str:
    return str((int(totp_now(secret)) + 1) % 1_000_000).zfill(6)


@pytest.fixture
def token_user(idp, pool_id, client_id) -> tuple[str, str]:
    """(access token, TOTP secret) of a user with a verified software token."""
    make_user(idp, pool_id)
    access_token = sign_in(idp, client_id)["AccessToken"]
    secret = idp.associate_software_token(AccessToken=access_token)["SecretCode"]
    assert idp.verify_software_token(AccessToken=access_token, UserCode=totp_now(secret))["Status"] == "SUCCESS"
    return access_token, secret


def test_wrong_code_does_not_verify_the_token(idp, pool_id, client_id):
    make_user(idp, pool_id)
    access_token = sign_in(idp, client_id)["AccessToken"]
    secret = idp.associate_software_token(AccessToken=access_token)["SecretCode"]

    with pytest.raises(ClientError) as mismatch:
        idp.verify_software_token(AccessToken=access_token, UserCode=wrong_code(secret))
    with pytest.raises(ClientError) as unverified:
        idp.set_user_mfa_preference(AccessToken=access_token, SoftwareTokenMfaSettings={"Enabled": True})

    assert error_of(mismatch) == ("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
    assert error_of(unverified) == ("InvalidParameterException", "User has not verified software token mfa")


def test_preferences_show_in_admin_get_user(idp, pool_id, token_user):
    access_token, _ = token_user
    idp.set_user_mfa_preference(
        AccessToken=access_token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    idp.admin_set_user_mfa_preference(UserPoolId=pool_id, Username="alice", SMSMfaSettings={"Enabled": True})
    both = idp.admin_get_user(UserPoolId=pool_id, Username="alice")

    idp.admin_set_user_mfa_preference(
        UserPoolId=pool_id, Username="alice",
        SoftwareTokenMfaSettings={"Enabled": False}, SMSMfaSettings={"Enabled": False},
    )
    none = idp.get_user(AccessToken=access_token)

    assert (both["UserMFASettingList"], both["PreferredMfaSetting"]) == (["SOFTWARE_TOKEN_MFA", "SMS_MFA"], "SOFTWARE_TOKEN_MFA")
    assert (none["UserMFASettingList"], none["PreferredMfaSetting"]) == ([], "")


def test_sign_in_asks_for_the_software_token(idp, client_id, token_user):
    access_token, secret = token_user
    idp.set_user_mfa_preference(AccessToken=access_token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    parameters = {"USERNAME": "alice", "PASSWORD": "Correct-horse1"}

    def challenge() -> str:
        answer = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=parameters)
        assert answer["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
        return answer["Session"]

    with pytest.raises(ClientError) as mismatch:
        idp.respond_to_auth_challenge(
            ClientId=client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge(),
            ChallengeResponses={"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": wrong_code(secret)},
        )
    tokens = idp.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge(),
        ChallengeResponses={"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": totp_now(secret)},
    )["AuthenticationResult"]

    assert error_of(mismatch) == ("CodeMismatchException", "Invalid code received for user")
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"


def test_sms_challenge_takes_the_confirmation_code(idp, pool_id, client_id):
    make_user(idp, pool_id, phone_number="+15555550100")
    idp.admin_set_user_mfa_preference(UserPoolId=pool_id, Username="alice", SMSMfaSettings={"Enabled": True})
    answer = idp.admin_initiate_auth(
        UserPoolId=pool_id, ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": "Correct-horse1"},
    )
    tokens = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool_id, ClientId=client_id, ChallengeName="SMS_MFA", Session=answer["Session"],
        ChallengeResponses={"USERNAME": "alice", "SMS_MFA_CODE": CONFIRMATION_CODE},
    )["AuthenticationResult"]

    assert answer["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS"
    assert answer["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "+*******0100"
    assert tokens["TokenType"] == "Bearer"


def test_pool_mfa_config_validation(idp, pool_id):
    with pytest.raises(ClientError) as no_factor:
        idp.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="ON")
    on = idp.set_user_pool_mfa_config(
        UserPoolId=pool_id, MfaConfiguration="ON", SoftwareTokenMfaConfiguration={"Enabled": True}
    )
    off = idp.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="OFF")

    assert error_of(no_factor) == (
        "InvalidParameterException",
        "At least one of [SmsMfaConfiguration] or [SoftwareTokenMfaConfiguration] must be provided.",
    )
    assert on["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert "SoftwareTokenMfaConfiguration" not in off and off["MfaConfiguration"] == "OFF"
