"""Resource-based policies: revisions and optimistic locking."""

from __future__ import annotations

import json

from ddb_support import error_of

_NOT_FOUND = "Resource-based policy not found for the provided ResourceArn: "


def _policy(action: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": [action], "Resource": "*"}]})


def _arn(ddb, table: str) -> str:
    return ddb.describe_table(TableName=table)["Table"]["TableArn"]


def test_revisions_change_only_with_the_document(ddb, hash_table):
    arn = _arn(ddb, hash_table)
    first = ddb.put_resource_policy(ResourceArn=arn, Policy=_policy("dynamodb:*"))["RevisionId"]
    assert ddb.put_resource_policy(ResourceArn=arn, Policy=_policy("dynamodb:*"))["RevisionId"] == first
    second = ddb.put_resource_policy(ResourceArn=arn, Policy=_policy("dynamodb:GetItem"), ExpectedRevisionId=first)[
        "RevisionId"]
    assert second > first
    stored = ddb.get_resource_policy(ResourceArn=arn)
    assert (stored["Policy"], stored["RevisionId"]) == (_policy("dynamodb:GetItem"), second)


def test_expected_revision_is_checked(ddb, hash_table):
    arn = _arn(ddb, hash_table)
    revision = ddb.put_resource_policy(ResourceArn=arn, Policy=_policy("dynamodb:*"), ExpectedRevisionId="NO_POLICY")[
        "RevisionId"]
    assert error_of(ddb.put_resource_policy, ResourceArn=arn, Policy=_policy("x:y"), ExpectedRevisionId="NO_POLICY") == (
        "PolicyNotFoundException",
        _NOT_FOUND + f"Requested policy update expecting none to be present for table {hash_table}, "
        f"but a policy exists with revision id {revision}.",
    )
    assert error_of(ddb.delete_resource_policy, ResourceArn=arn, ExpectedRevisionId="old") == (
        "PolicyNotFoundException",
        _NOT_FOUND + f"Requested update for policy with revision id old, but the policy associated to target "
        f"table {hash_table} has revision id {revision}.",
    )
    ddb.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=revision)
    assert error_of(ddb.get_resource_policy, ResourceArn=arn) == ("PolicyNotFoundException", _NOT_FOUND + arn)


def test_unknown_table(ddb, hash_table):
    arn = _arn(ddb, hash_table) + "x"
    assert error_of(ddb.get_resource_policy, ResourceArn=arn) == (
        "ResourceNotFoundException", f"Requested resource not found: Table: {hash_table}x not found"
    )
