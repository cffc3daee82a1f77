"""Resource-based policies of tables: kept on the table record, versioned by revision id.

A revision id is the time of the change in microseconds, so later revisions
compare greater (as AWS's do); putting the same document again keeps the
current revision.
"""

from __future__ import annotations

import time

from moto_shared.errors import AWSError
from moto_shared.services.dynamodb import storage
from moto_shared.services.dynamodb.exceptions import table_not_found
from moto_shared.services.dynamodb.model import table_name
from moto_shared.services.dynamodb.tables import modify_table

NO_POLICY = "NO_POLICY"
_NOT_FOUND = "Resource-based policy not found for the provided ResourceArn: "


def _policy_not_found(detail: str) -> AWSError:
    return AWSError("PolicyNotFoundException", _NOT_FOUND + detail)


def _check_expected_revision(record: dict, expected: str | None) -> None:
    """Optimistic locking: ExpectedRevisionId must name the current revision (NO_POLICY: none)."""
    current = (record.get("ResourcePolicy") or {}).get("RevisionId")
    name = record["TableName"]
    if expected is None or expected == current:
        return
    if expected == NO_POLICY:
        if current is not None:
            raise _policy_not_found(f"Requested policy update expecting none to be present for table {name}, "
                                    f"but a policy exists with revision id {current}.")
        return
    if current is None:
        raise _policy_not_found(record["TableArn"])
    raise _policy_not_found(f"Requested update for policy with revision id {expected}, but the policy "
                            f"associated to target table {name} has revision id {current}.")


def _modify(ctx, arn: str, change) -> dict:
    name = table_name(arn)
    if ctx.store.get(storage.table_key(ctx, name)) is None:
        raise table_not_found(name)
    return modify_table(ctx, name, change)


def put_resource_policy(ctx, ResourceArn: str, Policy: str, ExpectedRevisionId: str | None = None,
                        ConfirmRemoveSelfResourceAccess: bool = False) -> dict:
    def put(record):
        _check_expected_revision(record, ExpectedRevisionId)
        current = record.get("ResourcePolicy")
        if current is None or current["Policy"] != Policy:
            record["ResourcePolicy"] = {"Policy": Policy, "RevisionId": str(time.time_ns() // 1000)}

    record = _modify(ctx, ResourceArn, put)
    return {"RevisionId": record["ResourcePolicy"]["RevisionId"]}


def get_resource_policy(ctx, ResourceArn: str) -> dict:
    name = table_name(ResourceArn)
    record = ctx.store.get(storage.table_key(ctx, name))
    if record is None:
        raise table_not_found(name)
    if not record.get("ResourcePolicy"):
        raise _policy_not_found(ResourceArn)
    return dict(record["ResourcePolicy"])


def delete_resource_policy(ctx, ResourceArn: str, ExpectedRevisionId: str | None = None) -> dict:
    def delete(record):
        if not record.get("ResourcePolicy"):
            raise _policy_not_found(ResourceArn)
        _check_expected_revision(record, ExpectedRevisionId)
        del record["ResourcePolicy"]

    _modify(ctx, ResourceArn, delete)
    return {}
