"""User pools: lifecycle, listing, settings, MFA configuration and domains."""

from __future__ import annotations

import re

import pytest
from botocore.exceptions import ClientError
from cognito_support import error_of


def test_create_user_pool_returns_region_scoped_id_and_defaults(idp):
    pool = idp.create_user_pool(PoolName="users")["UserPool"]

    assert re.fullmatch(r"us-east-1_[0-9A-Za-z]{9}", pool["Id"])
    assert pool["Arn"] == f"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{pool['Id']}"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    assert pool["MfaConfiguration"] == "OFF"
    assert pool["EstimatedNumberOfUsers"] == 0
    assert {"sub", "email", "email_verified"} <= {a["Name"] for a in pool["SchemaAttributes"]}


def test_describe_user_pool_includes_custom_schema_and_user_count(idp):
    pool_id = idp.create_user_pool(
        PoolName="users",
        Schema=[{"Name": "tier", "AttributeDataType": "String", "Mutable": True}, {"Name": "email", "Required": True}],
    )["UserPool"]["Id"]
    idp.admin_create_user(
        UserPoolId=pool_id, Username="u1", UserAttributes=[{"Name": "email", "Value": "u1@example.com"}]
    )

    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]

    schema = {a["Name"]: a for a in pool["SchemaAttributes"]}
    assert schema["custom:tier"]["AttributeDataType"] == "String"
    assert schema["email"]["Required"] is True
    assert pool["EstimatedNumberOfUsers"] == 1


def test_describe_unknown_pool_is_resource_not_found(idp):
    with pytest.raises(ClientError) as excinfo:
        idp.describe_user_pool(UserPoolId="us-east-1_nope12345")
    assert error_of(excinfo) == ("ResourceNotFoundException", "User pool us-east-1_nope12345 does not exist.")


def test_alias_and_username_attributes_are_exclusive(idp):
    with pytest.raises(ClientError) as excinfo:
        idp.create_user_pool(PoolName="p", AliasAttributes=["email"], UsernameAttributes=["email"])
    assert error_of(excinfo)[0] == "InvalidParameterException"


def test_update_user_pool_replaces_settings_and_resets_omitted_ones(idp):
    pool_id = idp.create_user_pool(PoolName="p", MfaConfiguration="OFF", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]

    idp.update_user_pool(UserPoolId=pool_id, Policies={"PasswordPolicy": {"MinimumLength": 12}})

    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert pool["Policies"]["PasswordPolicy"]["RequireSymbols"] is True
    assert "AutoVerifiedAttributes" not in pool
    assert pool["Name"] == "p"


def test_list_user_pools_pages_through_every_pool(idp):
    created = {idp.create_user_pool(PoolName=f"p{i}")["UserPool"]["Id"] for i in range(5)}

    seen, token, pages = [], None, 0
    while True:
        page = idp.list_user_pools(MaxResults=2, **({"NextToken": token} if token else {}))
        seen += [p["Id"] for p in page["UserPools"]]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break

    assert sorted(seen) == sorted(created)
    assert pages == 3


def test_delete_user_pool_removes_it_and_its_clients(idp):
    pool_id = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c")["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="u")
    idp.create_group(UserPoolId=pool_id, GroupName="g")

    idp.delete_user_pool(UserPoolId=pool_id)

    assert idp.list_user_pools(MaxResults=60)["UserPools"] == []
    with pytest.raises(ClientError) as excinfo:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH", AuthParameters={"USERNAME": "u", "SRP_A": "1"})
    assert error_of(excinfo)[0] == "ResourceNotFoundException"


def test_deletion_protection_blocks_delete(idp):
    pool_id = idp.create_user_pool(PoolName="p", DeletionProtection="ACTIVE")["UserPool"]["Id"]

    with pytest.raises(ClientError) as excinfo:
        idp.delete_user_pool(UserPoolId=pool_id)

    assert error_of(excinfo)[0] == "InvalidParameterException"
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Id"] == pool_id


def test_mfa_config_is_stored(idp, pool_id):
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="OPTIONAL"
    )

    config = idp.get_user_pool_mfa_config(UserPoolId=pool_id)

    assert config["MfaConfiguration"] == "OPTIONAL"
    assert config["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["MfaConfiguration"] == "OPTIONAL"


def test_domain_lifecycle(idp, pool_id):
    idp.create_user_pool_domain(Domain="my-login", UserPoolId=pool_id)

    description = idp.describe_user_pool_domain(Domain="my-login")["DomainDescription"]
    assert description["UserPoolId"] == pool_id
    assert description["Status"] == "ACTIVE"
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Domain"] == "my-login"

    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    with pytest.raises(ClientError) as excinfo:
        idp.create_user_pool_domain(Domain="my-login", UserPoolId=other)
    assert error_of(excinfo)[0] == "InvalidParameterException"

    idp.delete_user_pool_domain(Domain="my-login", UserPoolId=pool_id)
    assert idp.describe_user_pool_domain(Domain="my-login")["DomainDescription"] == {}


def test_custom_domain_returns_cloudfront_domain(idp, pool_id):
    result = idp.create_user_pool_domain(
        Domain="auth.example.com",
        UserPoolId=pool_id,
        CustomDomainConfig={"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"},
    )
    assert result["CloudFrontDomain"].endswith(".cloudfront.net")


def test_update_user_pool_domain_moves_to_the_new_certificate(idp, pool_id):
    certificate = {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/new"}
    idp.create_user_pool_domain(Domain="auth.example.com", UserPoolId=pool_id)

    updated = idp.update_user_pool_domain(
        Domain="auth.example.com", UserPoolId=pool_id, CustomDomainConfig=certificate, ManagedLoginVersion=2
    )
    description = idp.describe_user_pool_domain(Domain="auth.example.com")["DomainDescription"]
    with pytest.raises(ClientError) as unknown:
        idp.update_user_pool_domain(Domain="other.example.com", UserPoolId=pool_id, CustomDomainConfig=certificate)

    assert updated["ManagedLoginVersion"] == 2
    assert description["CloudFrontDistribution"] == updated["CloudFrontDomain"]
    assert (description["CustomDomainConfig"], description["ManagedLoginVersion"]) == (certificate, 2)
    assert error_of(unknown)[0] == "InvalidParameterException"


def test_add_custom_attributes(idp, pool_id):
    idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[{"Name": "plan", "AttributeDataType": "String"}])

    names = {a["Name"] for a in idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]}
    assert "custom:plan" in names
    idp.admin_create_user(UserPoolId=pool_id, Username="u", UserAttributes=[{"Name": "custom:plan", "Value": "pro"}])
    with pytest.raises(ClientError) as excinfo:
        idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[{"Name": "email", "AttributeDataType": "String"}])
    assert error_of(excinfo)[0] == "InvalidParameterException"


@pytest.mark.parametrize(
    "attribute, message",
    [
        ({"Name": "x", "AttributeDataType": "Banana"},
         "Validation error detected: Value 'Banana' failed to satisfy constraint: "
         "Member must satisfy enum value set: [Boolean, Number, String, DateTime]"),
        ({"Name": "x"}, "Invalid AttributeDataType input, consider using the provided AttributeDataType enum."),
        ({"Name": "email", "AttributeDataType": "Number"},
         "You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email"),
        ({"Name": "email", "StringAttributeConstraints": {"MinLength": "many"}},
         "Invalid StringAttributeConstraints for schema attribute email"),
        ({"Name": "email", "StringAttributeConstraints": {"MaxLength": "2049"}},
         "user.email: String attributes cannot have a length of more than 2048"),
        ({"Name": "updated_at", "NumberAttributeConstraints": {"MinValue": "2", "MaxValue": "1"}},
         "user.updated_at: Max value cannot be less than min value."),
    ],
)
def test_schema_attribute_validation(idp, attribute, message):
    with pytest.raises(ClientError) as excinfo:
        idp.create_user_pool(PoolName="p", Schema=[attribute])
    assert excinfo.value.response["Error"] == {"Code": "InvalidParameterException", "Message": message}


def test_developer_only_attribute_is_named_dev_custom(idp):
    schema = [{"Name": "secret", "AttributeDataType": "Number", "DeveloperOnlyAttribute": True}]
    pool = idp.create_user_pool(PoolName="p", Schema=schema)["UserPool"]
    with pytest.raises(ClientError) as excinfo:
        idp.add_custom_attributes(UserPoolId=pool["Id"], CustomAttributes=schema)

    attribute = next(a for a in pool["SchemaAttributes"] if a["Name"] == "dev:custom:secret")
    assert attribute["DeveloperOnlyAttribute"] is True and "NumberAttributeConstraints" not in attribute
    assert excinfo.value.response["Error"]["Message"] == "custom:secret: Existing attribute already has name dev:custom:secret."
