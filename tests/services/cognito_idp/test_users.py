"""Users as administrators manage them, and ListUsers with filters and pages."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from cognito_support import PASSWORD, error_of, make_user


def attributes_of(user: dict, key: str = "Attributes") -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in user[key]}


def test_admin_create_user_starts_in_force_change_password(idp, pool_id):
    user = idp.admin_create_user(
        UserPoolId=pool_id,
        Username="alice",
        TemporaryPassword="Temp-pass1",
        UserAttributes=[{"Name": "email", "Value": "alice@example.com"}],
    )["User"]

    assert user["Username"] == "alice"
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert user["Enabled"] is True
    assert attributes_of(user)["email"] == "alice@example.com"
    assert len(attributes_of(user)["sub"]) == 36


def test_admin_create_existing_user_is_refused(idp, pool_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="alice")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="alice")
    assert error_of(excinfo) == ("UsernameExistsException", "User account already exists.")


def test_temporary_password_must_be_long_enough(idp, pool_id):
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="alice", TemporaryPassword="short")
    assert error_of(excinfo) == ("InvalidPasswordException", "Password did not conform with policy: Password not long enough")


def test_temporary_password_skips_character_classes_like_moto(idp, pool_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="alice", TemporaryPassword="all-lowercase-and-long")
    assert idp.admin_get_user(UserPoolId=pool_id, Username="alice")["UserStatus"] == "FORCE_CHANGE_PASSWORD"


@pytest.mark.parametrize(
    "password, reason",
    [
        ("alllowercase1!", "Password must have uppercase characters"),
        ("ALLUPPERCASE1!", "Password must have lowercase characters"),
        ("NoNumbers!!", "Password must have numeric characters"),
        ("NoSymbols123", "Password must have symbol characters"),
    ],
)
def test_password_policy_reasons(idp, pool_id, password, reason):
    idp.admin_create_user(UserPoolId=pool_id, Username="alice")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_set_user_password(UserPoolId=pool_id, Username="alice", Password=password, Permanent=True)
    assert error_of(excinfo) == ("InvalidPasswordException", f"Password did not conform with policy: {reason}")


def test_relaxed_policy_accepts_simple_password(idp):
    pool_id = idp.create_user_pool(
        PoolName="p",
        Policies={"PasswordPolicy": {"MinimumLength": 6, "RequireSymbols": False, "RequireUppercase": False}},
    )["UserPool"]["Id"]
    idp.admin_create_user(UserPoolId=pool_id, Username="bob", TemporaryPassword="abc123")
    assert idp.admin_get_user(UserPoolId=pool_id, Username="bob")["UserStatus"] == "FORCE_CHANGE_PASSWORD"


def test_generated_temporary_password_lets_resend_reissue(idp, pool_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="alice")
    user = idp.admin_create_user(UserPoolId=pool_id, Username="alice", MessageAction="RESEND")["User"]
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"

    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="nobody", MessageAction="RESEND")
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.")


def test_attribute_outside_the_schema_is_kept_like_moto(idp, pool_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="a", UserAttributes=[{"Name": "custom:nope", "Value": "x"}])
    attributes = idp.admin_get_user(UserPoolId=pool_id, Username="a")["UserAttributes"]
    assert {"Name": "custom:nope", "Value": "x"} in attributes

    idp.admin_delete_user_attributes(UserPoolId=pool_id, Username="a", UserAttributeNames=["custom:nope"])
    with pytest.raises(ClientError) as excinfo:
        idp.admin_delete_user_attributes(UserPoolId=pool_id, Username="a", UserAttributeNames=["custom:nope"])
    assert error_of(excinfo) == (
        "InvalidParameterException",
        "Invalid user attributes: user.custom:nope: Attribute does not exist in the schema.\n",
    )


def test_required_attribute_must_be_given(idp):
    pool_id = idp.create_user_pool(PoolName="p", Schema=[{"Name": "email", "Required": True}])["UserPool"]["Id"]
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="a")
    assert error_of(excinfo)[0] == "InvalidParameterException"
    assert "email" in error_of(excinfo)[1]


def test_admin_get_and_delete_user(idp, pool_id):
    make_user(idp, pool_id, email="alice@example.com")

    user = idp.admin_get_user(UserPoolId=pool_id, Username="alice")
    assert user["UserStatus"] == "CONFIRMED"
    assert attributes_of(user, "UserAttributes")["email"] == "alice@example.com"

    idp.admin_delete_user(UserPoolId=pool_id, Username="alice")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_get_user(UserPoolId=pool_id, Username="alice")
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.")
    assert idp.list_users(UserPoolId=pool_id)["Users"] == []


def test_update_and_delete_attributes(idp):
    pool_id = idp.create_user_pool(PoolName="p", Schema=[{"Name": "tier", "AttributeDataType": "String"}])["UserPool"]["Id"]
    make_user(idp, pool_id, email="a@example.com", email_verified="true")

    idp.admin_update_user_attributes(
        UserPoolId=pool_id,
        Username="alice",
        UserAttributes=[{"Name": "email", "Value": "new@example.com"}, {"Name": "custom:tier", "Value": "gold"}],
    )
    attributes = attributes_of(idp.admin_get_user(UserPoolId=pool_id, Username="alice"), "UserAttributes")
    assert attributes["email"] == "new@example.com"
    assert attributes["email_verified"] == "false"
    assert attributes["custom:tier"] == "gold"

    idp.admin_delete_user_attributes(UserPoolId=pool_id, Username="alice", UserAttributeNames=["custom:tier"])
    attributes = attributes_of(idp.admin_get_user(UserPoolId=pool_id, Username="alice"), "UserAttributes")
    assert "custom:tier" not in attributes
    assert idp.list_users(UserPoolId=pool_id, Filter='email = "new@example.com"')["Users"][0]["Username"] == "alice"
    assert idp.list_users(UserPoolId=pool_id, Filter='email = "a@example.com"')["Users"] == []


def test_sub_cannot_be_changed(idp, pool_id):
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        idp.admin_update_user_attributes(UserPoolId=pool_id, Username="alice", UserAttributes=[{"Name": "sub", "Value": "x"}])
    assert error_of(excinfo)[0] == "InvalidParameterException"


def test_set_password_temporary_and_permanent(idp, pool_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="alice")

    idp.admin_set_user_password(UserPoolId=pool_id, Username="alice", Password=PASSWORD, Permanent=True)
    assert idp.admin_get_user(UserPoolId=pool_id, Username="alice")["UserStatus"] == "CONFIRMED"

    idp.admin_set_user_password(UserPoolId=pool_id, Username="alice", Password=PASSWORD, Permanent=False)
    assert idp.admin_get_user(UserPoolId=pool_id, Username="alice")["UserStatus"] == "FORCE_CHANGE_PASSWORD"


def test_disable_and_enable(idp, pool_id, client_id):
    make_user(idp, pool_id)

    idp.admin_disable_user(UserPoolId=pool_id, Username="alice")
    assert idp.admin_get_user(UserPoolId=pool_id, Username="alice")["Enabled"] is False
    assert idp.list_users(UserPoolId=pool_id, Filter='status = "Disabled"')["Users"][0]["Username"] == "alice"
    with pytest.raises(ClientError) as excinfo:
        idp.initiate_auth(
            ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD}
        )
    assert error_of(excinfo) == ("NotAuthorizedException", "User is disabled.")

    idp.admin_enable_user(UserPoolId=pool_id, Username="alice")
    assert idp.admin_get_user(UserPoolId=pool_id, Username="alice")["Enabled"] is True


def test_admin_reset_password_needs_verified_contact(idp, pool_id, client_id):
    make_user(idp, pool_id, username="noemail")
    with pytest.raises(ClientError) as excinfo:
        idp.admin_reset_user_password(UserPoolId=pool_id, Username="noemail")
    assert error_of(excinfo)[0] == "InvalidParameterException"

    make_user(idp, pool_id, email="alice@example.com", email_verified="true")
    idp.admin_reset_user_password(UserPoolId=pool_id, Username="alice")

    assert idp.admin_get_user(UserPoolId=pool_id, Username="alice")["UserStatus"] == "RESET_REQUIRED"
    with pytest.raises(ClientError) as excinfo:
        idp.initiate_auth(
            ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD}
        )
    assert error_of(excinfo) == ("PasswordResetRequiredException", "Password reset required for the user")


@pytest.fixture
def people(idp, pool_id):
    for name, email, given in [("ann", "ann@a.com", "Ann"), ("anna", "anna@b.com", "Anna"), ("bob", "bob@a.com", "Bob")]:
        idp.admin_create_user(
            UserPoolId=pool_id,
            Username=name,
            UserAttributes=[{"Name": "email", "Value": email}, {"Name": "given_name", "Value": given}],
        )
    idp.admin_set_user_password(UserPoolId=pool_id, Username="bob", Password=PASSWORD, Permanent=True)
    return pool_id


@pytest.mark.parametrize(
    "filter_, expected",
    [
        ('username = "ann"', ["ann"]),
        ('username ^= "ann"', ["ann", "anna"]),
        ('email = "bob@a.com"', ["bob"]),
        ('email ^= "ann"', ["ann", "anna"]),
        ('given_name ^= "A"', ["ann", "anna"]),
        ('cognito:user_status = "CONFIRMED"', ["bob"]),
        ('cognito:user_status = "FORCE_CHANGE_PASSWORD"', ["ann", "anna"]),
        ('status = "Enabled"', ["ann", "anna", "bob"]),
        ('email = "nobody@a.com"', []),
    ],
)
def test_list_users_filters(idp, people, filter_, expected):
    users = idp.list_users(UserPoolId=people, Filter=filter_)["Users"]
    assert sorted(u["Username"] for u in users) == expected


def test_list_users_filter_by_sub(idp, people):
    sub = attributes_of(idp.admin_get_user(UserPoolId=people, Username="anna"), "UserAttributes")["sub"]
    assert [u["Username"] for u in idp.list_users(UserPoolId=people, Filter=f'sub = "{sub}"')["Users"]] == ["anna"]


@pytest.mark.parametrize("filter_", ['email == "x"', "email = x", 'address = "x"', 'custom:tier = "x"'])
def test_list_users_bad_filter(idp, people, filter_):
    with pytest.raises(ClientError) as excinfo:
        idp.list_users(UserPoolId=people, Filter=filter_)
    assert error_of(excinfo)[0] == "InvalidParameterException"


def test_list_users_pages_and_attributes_to_get(idp, people):
    first = idp.list_users(UserPoolId=people, Limit=2, AttributesToGet=["email"])
    second = idp.list_users(UserPoolId=people, Limit=2, PaginationToken=first["PaginationToken"], AttributesToGet=["email"])

    users = first["Users"] + second["Users"]
    assert [u["Username"] for u in users] == ["ann", "anna", "bob"]
    assert all([a["Name"] for a in u["Attributes"]] == ["email"] for u in users)
    assert "PaginationToken" not in second


def test_filtered_pages(idp, people):
    first = idp.list_users(UserPoolId=people, Limit=1, Filter='email ^= "ann"')
    second = idp.list_users(UserPoolId=people, Limit=1, Filter='email ^= "ann"', PaginationToken=first["PaginationToken"])
    assert [u["Username"] for u in first["Users"] + second["Users"]] == ["ann", "anna"]
    assert "PaginationToken" not in second


def test_email_as_username(idp):
    pool_id = idp.create_user_pool(PoolName="p", UsernameAttributes=["email"])["UserPool"]["Id"]
    user = idp.admin_create_user(UserPoolId=pool_id, Username="Carol@example.com")["User"]

    assert user["Username"] == attributes_of(user)["sub"]
    assert attributes_of(user)["email"] == "Carol@example.com"
    assert idp.admin_get_user(UserPoolId=pool_id, Username="Carol@example.com")["Username"] == user["Username"]
    with pytest.raises(ClientError) as duplicate:
        idp.admin_create_user(UserPoolId=pool_id, Username="Carol@example.com")
    assert error_of(duplicate) == ("UsernameExistsException", "An account with the given email already exists.")
    idp.admin_create_user(UserPoolId=pool_id, Username="dave@example.com")
    with pytest.raises(ClientError) as taken:
        idp.admin_update_user_attributes(
            UserPoolId=pool_id, Username="dave@example.com", UserAttributes=[{"Name": "email", "Value": "Carol@example.com"}]
        )
    assert error_of(taken) == ("AliasExistsException", "An account with the given email already exists.")
    with pytest.raises(ClientError) as not_email:
        idp.admin_create_user(UserPoolId=pool_id, Username="carol")
    assert error_of(not_email)[0] == "InvalidParameterException"


def test_verified_email_alias_signs_in(idp):
    pool_id = idp.create_user_pool(PoolName="p", AliasAttributes=["email"])["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="c", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    make_user(idp, pool_id, username="dave", email="dave@example.com", email_verified="true")
    make_user(idp, pool_id, username="erin", email="erin@example.com")

    result = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "dave@example.com", "PASSWORD": PASSWORD},
    )
    assert "AccessToken" in result["AuthenticationResult"]
    with pytest.raises(ClientError) as unverified:
        idp.initiate_auth(
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "erin@example.com", "PASSWORD": PASSWORD},
        )
    assert error_of(unverified)[0] == "UserNotFoundException"
    with pytest.raises(ClientError) as email_username:
        idp.admin_create_user(UserPoolId=pool_id, Username="x@example.com")
    assert error_of(email_username)[0] == "InvalidParameterException"


def test_case_insensitive_usernames(idp):
    pool_id = idp.create_user_pool(PoolName="p", UsernameConfiguration={"CaseSensitive": False})["UserPool"]["Id"]
    idp.admin_create_user(UserPoolId=pool_id, Username="Frank")

    assert idp.admin_get_user(UserPoolId=pool_id, Username="FRANK")["Username"] == "Frank"
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool_id, Username="frank")
    assert error_of(excinfo)[0] == "UsernameExistsException"
