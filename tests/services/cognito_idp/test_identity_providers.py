"""Identity providers and resource servers: stored configuration, listed in pages, gone with their pool."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from cognito_support import error_of


def test_identity_provider_lifecycle(idp, pool_id):
    created = idp.create_identity_provider(
        UserPoolId=pool_id, ProviderName="Facebook", ProviderType="Facebook", ProviderDetails={"client_id": "a"}
    )["IdentityProvider"]
    with pytest.raises(ClientError) as duplicate:
        idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Facebook", ProviderType="Facebook", ProviderDetails={})
    updated = idp.update_identity_provider(
        UserPoolId=pool_id, ProviderName="Facebook", AttributeMapping={"email": "email"}
    )["IdentityProvider"]
    idp.delete_identity_provider(UserPoolId=pool_id, ProviderName="Facebook")
    with pytest.raises(ClientError) as gone:
        idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Facebook")

    assert created["ProviderDetails"] == {"client_id": "a"}
    assert error_of(duplicate)[0] == "DuplicateProviderException"
    assert (updated["ProviderDetails"], updated["AttributeMapping"]) == ({"client_id": "a"}, {"email": "email"})
    assert error_of(gone) == ("ResourceNotFoundException", "Identity provider Facebook does not exist.")


def test_identity_providers_page(idp, pool_id):
    for number in range(3):
        idp.create_identity_provider(UserPoolId=pool_id, ProviderName=f"p{number}", ProviderType="OIDC", ProviderDetails={})
    first = idp.list_identity_providers(UserPoolId=pool_id, MaxResults=2)
    second = idp.list_identity_providers(UserPoolId=pool_id, MaxResults=2, NextToken=first["NextToken"])

    assert [p["ProviderName"] for p in first["Providers"] + second["Providers"]] == ["p0", "p1", "p2"]
    assert "NextToken" not in second


def test_resource_servers(idp, pool_id):
    scopes = [{"ScopeName": "read", "ScopeDescription": "read it"}]
    idp.create_resource_server(UserPoolId=pool_id, Identifier="https://api", Name="api", Scopes=scopes)
    idp.create_resource_server(UserPoolId=pool_id, Identifier="https://bare", Name="bare")
    with pytest.raises(ClientError) as duplicate:
        idp.create_resource_server(UserPoolId=pool_id, Identifier="https://api", Name="api")
    listed = idp.list_resource_servers(UserPoolId=pool_id, MaxResults=10)["ResourceServers"]

    assert error_of(duplicate) == ("InvalidParameterException", f"https://api already exists in user pool {pool_id}.")
    assert idp.describe_resource_server(UserPoolId=pool_id, Identifier="https://api")["ResourceServer"]["Scopes"] == scopes
    assert [(s["Identifier"], "Scopes" in s) for s in listed] == [("https://api", True), ("https://bare", False)]


def test_resource_servers_list_in_creation_order_across_pages(idp, pool_id):
    identifiers = ["server2", "server10", "server1"]
    for identifier in identifiers:
        idp.create_resource_server(UserPoolId=pool_id, Identifier=identifier, Name=identifier)
    idp.delete_resource_server(UserPoolId=pool_id, Identifier="server10")
    idp.create_resource_server(UserPoolId=pool_id, Identifier="server10", Name="again")

    first = idp.list_resource_servers(UserPoolId=pool_id, MaxResults=2)
    second = idp.list_resource_servers(UserPoolId=pool_id, MaxResults=2, NextToken=first["NextToken"])

    assert [s["Identifier"] for s in first["ResourceServers"]] == ["server2", "server1"]
    assert [s["Identifier"] for s in second["ResourceServers"]] == ["server10"]
    assert "NextToken" not in second


def test_deleting_the_pool_removes_its_federation(idp):
    pool_id = idp.create_user_pool(PoolName="doomed")["UserPool"]["Id"]
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Google", ProviderType="Google", ProviderDetails={})
    idp.create_resource_server(UserPoolId=pool_id, Identifier="https://api", Name="api")
    idp.delete_user_pool(UserPoolId=pool_id)

    with pytest.raises(ClientError) as gone:
        idp.list_identity_providers(UserPoolId=pool_id, MaxResults=10)
    assert error_of(gone)[0] == "ResourceNotFoundException"
