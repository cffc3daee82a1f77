"""Where we follow Moto rather than AWS, because suites written against Moto rely on it (see docs)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from cognito_support import PASSWORD, error_of

from moto_shared.services.cognito_idp import CONFIRMATION_CODE


def test_client_without_explicit_flows_allows_password_sign_in(idp, pool_id):
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="plain")["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="alice", TemporaryPassword=PASSWORD)
    answer = idp.admin_initiate_auth(
        UserPoolId=pool_id, ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    )
    assert answer["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_sign_up_without_secret_hash_but_not_with_a_wrong_one(idp, pool_id):
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="secret", GenerateSecret=True)[
        "UserPoolClient"
    ]["ClientId"]
    idp.sign_up(ClientId=client_id, Username="alice", Password=PASSWORD)
    with pytest.raises(ClientError) as wrong:
        idp.sign_up(ClientId=client_id, Username="bob", Password=PASSWORD, SecretHash="bm9wZQ==")
    assert error_of(wrong) == ("NotAuthorizedException", f"Unable to verify secret hash for client {client_id}")


def test_confirm_sign_up_confirms_an_administrator_created_user(idp, pool_id):
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app")["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="alice", TemporaryPassword=PASSWORD)
    idp.confirm_sign_up(ClientId=client_id, Username="alice", ConfirmationCode=CONFIRMATION_CODE)
    assert idp.admin_get_user(UserPoolId=pool_id, Username="alice")["UserStatus"] == "CONFIRMED"


@pytest.mark.parametrize(
    "disable, message",
    [(True, "User is disabled"), (False, "User password cannot be reset in the current state.")],
)
def test_admin_reset_password_refuses_disabled_and_new_users(idp, pool_id, disable, message):
    idp.admin_create_user(UserPoolId=pool_id, Username="alice", TemporaryPassword=PASSWORD)
    if disable:
        idp.admin_disable_user(UserPoolId=pool_id, Username="alice")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_reset_user_password(UserPoolId=pool_id, Username="alice")
    assert error_of(excinfo) == ("NotAuthorizedException", message)


def test_hash_id_strategy_gives_the_same_ids_for_the_same_arguments(idp, monkeypatch):
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY", "HASH")
    monkeypatch.setenv("MOTO_COGNITO_IDP_USER_POOL_CLIENT_ID_STRATEGY", "HASH")
    first, again, other = (idp.create_user_pool(PoolName=name)["UserPool"]["Id"] for name in ("a", "a", "b"))
    clients = [
        idp.create_user_pool_client(UserPoolId=first, ClientName=name)["UserPoolClient"]["ClientId"]
        for name in ("app", "app", "other")
    ]

    assert first == again != other
    assert clients[0] == clients[1] != clients[2]
