"""App clients: settings, secrets (SECRET_HASH) and the auth flows they allow."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from cognito_support import PASSWORD, error_of, make_user, secret_hash


def test_create_client_with_secret(idp, pool_id):
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", GenerateSecret=True)["UserPoolClient"]

    assert len(client["ClientId"]) == 26
    assert len(client["ClientSecret"]) >= 40
    described = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])["UserPoolClient"]
    assert described["ClientSecret"] == client["ClientSecret"]
    assert described["RefreshTokenValidity"] == 30


def test_client_of_another_pool_is_not_found(idp, pool_id, client_id):
    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    with pytest.raises(ClientError) as excinfo:
        idp.describe_user_pool_client(UserPoolId=other, ClientId=client_id)
    assert error_of(excinfo) == ("ResourceNotFoundException", f"User pool client {client_id} does not exist.")


def test_update_client_keeps_id_and_secret_and_resets_omitted_settings(idp, pool_id):
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", GenerateSecret=True, ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]

    updated = idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"], AccessTokenValidity=2)[
        "UserPoolClient"
    ]

    assert updated["ClientName"] == "app"
    assert updated["ClientSecret"] == client["ClientSecret"]
    assert updated["AccessTokenValidity"] == 2
    assert "ExplicitAuthFlows" not in updated


def test_token_validity_is_bounded(idp, pool_id):
    with pytest.raises(ClientError) as excinfo:
        idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName="app", AccessTokenValidity=2, TokenValidityUnits={"AccessToken": "days"}
        )
    assert error_of(excinfo)[0] == "InvalidParameterException"


def test_list_and_delete_clients(idp, pool_id):
    ids = [idp.create_user_pool_client(UserPoolId=pool_id, ClientName=f"c{i}")["UserPoolClient"]["ClientId"] for i in range(3)]

    first = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=2)
    second = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=2, NextToken=first["NextToken"])
    assert sorted(c["ClientId"] for c in first["UserPoolClients"] + second["UserPoolClients"]) == sorted(ids)
    assert "NextToken" not in second

    idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=ids[0])
    remaining = idp.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"]
    assert sorted(c["ClientId"] for c in remaining) == sorted(ids[1:])


def test_secret_hash_is_required_and_checked(idp, pool_id):
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", GenerateSecret=True, ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]
    client_id, secret = client["ClientId"], client["ClientSecret"]
    make_user(idp, pool_id)
    parameters = {"USERNAME": "alice", "PASSWORD": PASSWORD}

    with pytest.raises(ClientError) as missing:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=parameters)
    with pytest.raises(ClientError) as wrong:
        idp.initiate_auth(
            ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={**parameters, "SECRET_HASH": "bm9wZQ=="}
        )
    good = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={**parameters, "SECRET_HASH": secret_hash(secret, "alice", client_id)},
    )

    assert error_of(missing) == (
        "NotAuthorizedException",
        f"Client {client_id} is configured with secret but SECRET_HASH was not received",
    )
    assert error_of(wrong) == ("NotAuthorizedException", f"Unable to verify secret hash for client {client_id}")
    assert "AccessToken" in good["AuthenticationResult"]


@pytest.mark.parametrize(
    "flows, flow, allowed",
    [
        ([], "USER_PASSWORD_AUTH", False),
        (["ALLOW_USER_SRP_AUTH"], "USER_PASSWORD_AUTH", False),
        (["ALLOW_USER_PASSWORD_AUTH"], "USER_PASSWORD_AUTH", True),
        (["USER_PASSWORD_AUTH"], "USER_PASSWORD_AUTH", True),
        (["ALLOW_USER_PASSWORD_AUTH"], "ADMIN_USER_PASSWORD_AUTH", False),
        (["ADMIN_NO_SRP_AUTH"], "ADMIN_NO_SRP_AUTH", True),
        (["ALLOW_ADMIN_USER_PASSWORD_AUTH"], "ADMIN_USER_PASSWORD_AUTH", True),
    ],
)
def test_explicit_auth_flows_are_enforced(idp, pool_id, flows, flow, allowed):
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=flows)[
        "UserPoolClient"
    ]["ClientId"]
    make_user(idp, pool_id)
    parameters = {"USERNAME": "alice", "PASSWORD": PASSWORD}

    def attempt():
        if flow.startswith("ADMIN"):
            return idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id, AuthFlow=flow, AuthParameters=parameters)
        return idp.initiate_auth(ClientId=client_id, AuthFlow=flow, AuthParameters=parameters)

    if allowed:
        assert "AccessToken" in attempt()["AuthenticationResult"]
    else:
        with pytest.raises(ClientError) as excinfo:
            attempt()
        assert error_of(excinfo) == ("InvalidParameterException", f"{flow} flow not enabled for this client")


def test_mixing_legacy_and_allow_flows_is_refused(idp, pool_id):
    with pytest.raises(ClientError) as excinfo:
        idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ADMIN_NO_SRP_AUTH", "ALLOW_USER_SRP_AUTH"]
        )
    assert error_of(excinfo)[0] == "InvalidParameterException"
