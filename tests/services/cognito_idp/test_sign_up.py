"""Self-service: sign-up and confirmation, forgotten passwords, and access-token operations."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from cognito_support import PASSWORD, error_of, make_user, sign_in

from moto_shared.services.cognito_idp import CONFIRMATION_CODE


def sign_up(idp, client_id, username="gina", email="gina@example.com"):
    return idp.sign_up(
        ClientId=client_id, Username=username, Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": email}]
    )


def test_sign_up_creates_unconfirmed_user_and_sends_code(idp, pool_id, client_id):
    result = sign_up(idp, client_id)

    assert result["UserConfirmed"] is False
    assert result["CodeDeliveryDetails"] == {"Destination": "g***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    user = idp.admin_get_user(UserPoolId=pool_id, Username="gina")
    assert user["UserStatus"] == "UNCONFIRMED"
    assert {a["Name"]: a["Value"] for a in user["UserAttributes"]}["sub"] == result["UserSub"]
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id, "gina")
    assert error_of(excinfo) == ("UserNotConfirmedException", "User is not confirmed.")


def test_unconfirmed_user_is_told_before_any_password_check(idp, client_id):
    """Cognito answers UserNotConfirmedException even to a wrong password, and at the SRP start."""
    sign_up(idp, client_id)

    with pytest.raises(ClientError) as wrong_password:
        sign_in(idp, client_id, "gina", password="Wrong-password1")
    with pytest.raises(ClientError) as srp_start:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH", AuthParameters={"USERNAME": "gina", "SRP_A": "abc123"})

    assert error_of(wrong_password) == ("UserNotConfirmedException", "User is not confirmed.")
    assert error_of(srp_start) == ("UserNotConfirmedException", "User is not confirmed.")


def test_sign_up_twice_and_weak_password(idp, client_id):
    sign_up(idp, client_id)
    with pytest.raises(ClientError) as duplicate:
        sign_up(idp, client_id)
    with pytest.raises(ClientError) as weak:
        idp.sign_up(ClientId=client_id, Username="hal", Password="weak")
    assert error_of(duplicate) == ("UsernameExistsException", "User already exists")
    assert error_of(weak)[0] == "InvalidPasswordException"


def test_confirm_sign_up_checks_the_code(idp, pool_id, client_id):
    sign_up(idp, client_id)

    with pytest.raises(ClientError) as excinfo:
        idp.confirm_sign_up(ClientId=client_id, Username="gina", ConfirmationCode="000000")
    assert error_of(excinfo) == ("CodeMismatchException", "Invalid verification code provided, please try again.")

    idp.confirm_sign_up(ClientId=client_id, Username="gina", ConfirmationCode=CONFIRMATION_CODE)
    user = idp.admin_get_user(UserPoolId=pool_id, Username="gina")
    assert user["UserStatus"] == "CONFIRMED"
    assert {a["Name"]: a["Value"] for a in user["UserAttributes"]}["email_verified"] == "true"
    assert "AccessToken" in sign_in(idp, client_id, "gina")

    with pytest.raises(ClientError) as again:
        idp.confirm_sign_up(ClientId=client_id, Username="gina", ConfirmationCode=CONFIRMATION_CODE)
    assert error_of(again) == ("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")


def test_admin_confirm_sign_up(idp, pool_id, client_id):
    sign_up(idp, client_id)
    idp.admin_confirm_sign_up(UserPoolId=pool_id, Username="gina")
    assert idp.admin_get_user(UserPoolId=pool_id, Username="gina")["UserStatus"] == "CONFIRMED"


def test_resend_confirmation_code(idp, client_id):
    sign_up(idp, client_id)
    details = idp.resend_confirmation_code(ClientId=client_id, Username="gina")["CodeDeliveryDetails"]
    assert details["DeliveryMedium"] == "EMAIL"


def test_forgot_password_flow(idp, pool_id, client_id):
    make_user(idp, pool_id, email="alice@example.com", email_verified="true")

    details = idp.forgot_password(ClientId=client_id, Username="alice")["CodeDeliveryDetails"]
    assert details == {"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    with pytest.raises(ClientError) as wrong:
        idp.confirm_forgot_password(ClientId=client_id, Username="alice", ConfirmationCode="111111", Password="Brand-new1")
    assert error_of(wrong)[0] == "CodeMismatchException"

    idp.confirm_forgot_password(
        ClientId=client_id, Username="alice", ConfirmationCode=CONFIRMATION_CODE, Password="Brand-new1"
    )
    assert "AccessToken" in sign_in(idp, client_id, password="Brand-new1")
    with pytest.raises(ClientError) as old:
        sign_in(idp, client_id)
    assert error_of(old) == ("NotAuthorizedException", "Incorrect username or password.")
    with pytest.raises(ClientError) as reused:
        idp.confirm_forgot_password(
            ClientId=client_id, Username="alice", ConfirmationCode=CONFIRMATION_CODE, Password="Brand-new2"
        )
    assert error_of(reused) == ("ExpiredCodeException", "Invalid code provided, please request a code again.")


def test_forgot_password_without_verified_contact(idp, pool_id, client_id):
    make_user(idp, pool_id, email="alice@example.com")
    with pytest.raises(ClientError) as excinfo:
        idp.forgot_password(ClientId=client_id, Username="alice")
    assert error_of(excinfo)[0] == "InvalidParameterException"


def test_change_password(idp, pool_id, client_id):
    make_user(idp, pool_id)
    token = sign_in(idp, client_id)["AccessToken"]

    with pytest.raises(ClientError) as wrong:
        idp.change_password(PreviousPassword="Wrong-pass1", ProposedPassword="Brand-new1", AccessToken=token)
    assert error_of(wrong)[0] == "NotAuthorizedException"

    idp.change_password(PreviousPassword=PASSWORD, ProposedPassword="Brand-new1", AccessToken=token)
    assert "AccessToken" in sign_in(idp, client_id, password="Brand-new1")


def test_get_user_and_update_attributes_with_access_token(idp, pool_id, client_id):
    make_user(idp, pool_id, email="alice@example.com", email_verified="true")
    token = sign_in(idp, client_id)["AccessToken"]

    result = idp.update_user_attributes(
        AccessToken=token,
        UserAttributes=[{"Name": "email", "Value": "alice@new.com"}, {"Name": "given_name", "Value": "Alice"}],
    )
    assert result["CodeDeliveryDetailsList"] == [
        {"Destination": "a***@n***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    ]
    user = idp.get_user(AccessToken=token)
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert user["Username"] == "alice"
    assert attributes["given_name"] == "Alice"
    assert attributes["email_verified"] == "false"

    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=CONFIRMATION_CODE)
    idp.delete_user_attributes(AccessToken=token, UserAttributeNames=["given_name"])
    attributes = {a["Name"]: a["Value"] for a in idp.get_user(AccessToken=token)["UserAttributes"]}
    assert attributes["email_verified"] == "true"
    assert "given_name" not in attributes


def test_delete_user_with_access_token(idp, pool_id, client_id):
    make_user(idp, pool_id)
    token = sign_in(idp, client_id)["AccessToken"]

    idp.delete_user(AccessToken=token)

    assert idp.list_users(UserPoolId=pool_id)["Users"] == []
    with pytest.raises(ClientError) as excinfo:
        idp.get_user(AccessToken=token)
    assert error_of(excinfo)[0] in ("NotAuthorizedException", "UserNotFoundException")
