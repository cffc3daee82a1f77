"""Groups, membership, and groups in tokens."""

from __future__ import annotations

import jwt
import pytest
from botocore.exceptions import ClientError
from cognito_support import error_of, make_user, sign_in


def test_group_lifecycle(idp, pool_id):
    group = idp.create_group(UserPoolId=pool_id, GroupName="admins", Description="d", Precedence=1)["Group"]
    assert group["GroupName"] == "admins"
    assert idp.get_group(UserPoolId=pool_id, GroupName="admins")["Group"]["Description"] == "d"

    with pytest.raises(ClientError) as exists:
        idp.create_group(UserPoolId=pool_id, GroupName="admins")
    assert error_of(exists) == ("GroupExistsException", "A group with the name admins already exists.")

    idp.delete_group(UserPoolId=pool_id, GroupName="admins")
    with pytest.raises(ClientError) as gone:
        idp.get_group(UserPoolId=pool_id, GroupName="admins")
    assert error_of(gone) == ("ResourceNotFoundException", "Group not found.")


def test_list_groups_pages(idp, pool_id):
    for name in ("a", "b", "c"):
        idp.create_group(UserPoolId=pool_id, GroupName=name)
    first = idp.list_groups(UserPoolId=pool_id, Limit=2)
    second = idp.list_groups(UserPoolId=pool_id, Limit=2, NextToken=first["NextToken"])
    assert [g["GroupName"] for g in first["Groups"] + second["Groups"]] == ["a", "b", "c"]
    assert "NextToken" not in second


def test_membership(idp, pool_id):
    make_user(idp, pool_id, username="u1")
    make_user(idp, pool_id, username="u2")
    idp.create_group(UserPoolId=pool_id, GroupName="staff")
    idp.create_group(UserPoolId=pool_id, GroupName="ops")
    for user, group in [("u1", "staff"), ("u2", "staff"), ("u1", "ops")]:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=user, GroupName=group)

    members = idp.list_users_in_group(UserPoolId=pool_id, GroupName="staff")["Users"]
    assert sorted(u["Username"] for u in members) == ["u1", "u2"]
    groups = idp.admin_list_groups_for_user(UserPoolId=pool_id, Username="u1")["Groups"]
    assert sorted(g["GroupName"] for g in groups) == ["ops", "staff"]

    idp.admin_remove_user_from_group(UserPoolId=pool_id, Username="u1", GroupName="staff")
    assert [u["Username"] for u in idp.list_users_in_group(UserPoolId=pool_id, GroupName="staff")["Users"]] == ["u2"]

    idp.delete_group(UserPoolId=pool_id, GroupName="ops")
    assert idp.admin_list_groups_for_user(UserPoolId=pool_id, Username="u1")["Groups"] == []

    idp.admin_delete_user(UserPoolId=pool_id, Username="u2")
    assert idp.list_users_in_group(UserPoolId=pool_id, GroupName="staff")["Users"] == []


def test_adding_to_unknown_group_or_user(idp, pool_id):
    make_user(idp, pool_id)
    idp.create_group(UserPoolId=pool_id, GroupName="g")
    with pytest.raises(ClientError) as no_group:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username="alice", GroupName="nope")
    with pytest.raises(ClientError) as no_user:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username="nobody", GroupName="g")
    assert error_of(no_group)[0] == "ResourceNotFoundException"
    assert error_of(no_user)[0] == "UserNotFoundException"


def test_groups_and_roles_appear_in_tokens(idp, pool_id, client_id):
    make_user(idp, pool_id)
    role = "arn:aws:iam::123456789012:role/editor"
    idp.create_group(UserPoolId=pool_id, GroupName="viewers", Precedence=5)
    idp.create_group(UserPoolId=pool_id, GroupName="editors", Precedence=1, RoleArn=role)
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="alice", GroupName="viewers")
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="alice", GroupName="editors")

    tokens = sign_in(idp, client_id)
    id_claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    access_claims = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})

    assert id_claims["cognito:groups"] == ["editors", "viewers"]
    assert access_claims["cognito:groups"] == ["editors", "viewers"]
    assert id_claims["cognito:preferred_role"] == role
