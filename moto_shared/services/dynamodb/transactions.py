"""TransactWriteItems and TransactGetItems.

A write transaction is ONE store transaction over every item it names: all
conditions are checked against the same snapshot and either every write
commits or none does, even while other processes write the same items.
ClientRequestToken makes a retried transaction a no-op for 10 minutes.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from typing import Callable

from moto_shared.errors import AWSError, validation_error
from moto_shared.services.dynamodb import storage
from moto_shared.services.dynamodb.exceptions import transaction_canceled
from moto_shared.services.dynamodb.expressions import apply_update, evaluate, project
from moto_shared.services.dynamodb.inputs import RequestExpressions, capacity_units, consumed_capacity
from moto_shared.services.dynamodb.items import check_new_item, reject_key_updates
from moto_shared.services.dynamodb.model import Table
from moto_shared.services.dynamodb.values import normalize_item

MAX_TRANSACTION_ITEMS = 100
IDEMPOTENCY_SECONDS = 600
_ACTIONS = ("ConditionCheck", "Put", "Delete", "Update")


def _check_count(items: list, what: str) -> None:
    if not 1 <= len(items) <= MAX_TRANSACTION_ITEMS:
        raise validation_error(
            f"1 validation error detected at '{what}' failed to satisfy constraint: "
            f"Member must have length less than or equal to {MAX_TRANSACTION_ITEMS}."
        )


def _load_schemas(ctx, names: list[str]) -> dict[str, Table]:
    return storage.read_tables(ctx, ctx.store, names)[0]


@dataclass
class WriteStep:
    """One write of a transaction: which item, its condition, and its new value.

    make_new(old, table) returns the new item (None deletes it); a step
    without make_new only checks its condition. failure_code is the
    CancellationReason code when the condition fails.
    """

    table_name: str
    key: dict
    condition: object = None
    make_new: Callable[[dict | None, Table], dict | None] | None = None
    return_on_failure: str | None = None
    failure_code: str = "ConditionalCheckFailed"


def _step(kind: str, request: dict, schema: Table) -> WriteStep:
    """A TransactWriteItems entry (ConditionCheck, Put, Delete or Update) as a WriteStep."""
    expressions = RequestExpressions(request, ("ConditionExpression", "UpdateExpression"), ())
    actions = expressions.update() if kind == "Update" else None
    condition = expressions.condition("ConditionExpression")
    expressions.finish()
    step = WriteStep(request["TableName"], {}, condition, None, request.get("ReturnValuesOnConditionCheckFailure"))
    if kind == "ConditionCheck" and condition is None:
        raise validation_error("The ConditionCheck operation requires a ConditionExpression")
    if kind == "Put":
        item = normalize_item(request["Item"])
        check_new_item(schema, item)
        step.key, step.make_new = schema.key_of(item), lambda old, table: item
        return step
    step.key = schema.check_key(normalize_item(request["Key"]))
    if kind == "Delete":
        step.make_new = lambda old, table: None
    elif kind == "Update":
        reject_key_updates(schema, actions)
        step.make_new = lambda old, table: apply_update(old if old is not None else dict(step.key), actions)
    return step


def digest_of(items: list) -> str:
    """A fingerprint of a request, to tell a retry (same token, same request) from a misuse."""
    canonical = json.dumps(items, sort_keys=True, default=lambda value: repr(value))
    return hashlib.sha256(canonical.encode()).hexdigest()


def transact_write_items(ctx, TransactItems: list, ClientRequestToken: str | None = None,
                         ReturnConsumedCapacity: str | None = None, ReturnItemCollectionMetrics: str | None = None) -> dict:
    _check_count(TransactItems, "transactItems")
    requests = []
    for entry in TransactItems:
        kinds = [kind for kind in _ACTIONS if kind in entry]
        if len(kinds) != 1:
            raise validation_error("TransactItems can only contain one of Check, Put, Update or Delete")
        requests.append((kinds[0], entry[kinds[0]]))
    schemas = _load_schemas(ctx, [request["TableName"] for _, request in requests])
    steps = [_step(kind, request, schemas[request["TableName"]]) for kind, request in requests]
    run_write_transaction(ctx, steps, ClientRequestToken, digest_of(TransactItems))
    result = {}
    if ReturnConsumedCapacity in ("TOTAL", "INDEXES"):
        result["ConsumedCapacity"] = [
            consumed_capacity(ReturnConsumedCapacity, name, 2.0 * sum(1 for step in steps if step.table_name == name))[
                "ConsumedCapacity"
            ]
            for name in schemas
        ]
    return result


def run_write_transaction(ctx, steps: list[WriteStep], token: str | None = None, digest: str = "") -> None:
    """Check every condition, then write every item, in ONE store transaction (or raise and write nothing)."""
    targets = [(step.table_name, step.key) for step in steps]
    if len({(name, storage.record_id(key)) for name, key in targets}) != len(targets):
        raise validation_error("Transaction request cannot include multiple operations on one item")
    token_key = ctx.key("txtoken", token) if token else None

    def run(txn):
        if token_key:
            seen = txn.get(token_key)
            if seen and seen["expires"] > time.time():
                if seen["digest"] != digest:
                    raise AWSError(
                        "IdempotentParameterMismatchException",
                        "Transaction with the same ClientRequestToken has different parameters",
                    )
                return
            txn.put(token_key, {"digest": digest, "expires": time.time() + IDEMPOTENCY_SECONDS})
        writer = storage.Writer(ctx, txn)
        olds = writer.load([name for name, _ in targets], targets)
        reasons = [_reason(step, old) for step, old in zip(steps, olds)]
        if any(reason["Code"] != "None" for reason in reasons):
            raise transaction_canceled(reasons)
        for step, old in zip(steps, olds):
            if step.make_new is not None:
                table = writer.tables[step.table_name]
                new = step.make_new(old, table)
                writer.write(table, old, new, check_new_item(table, new))
        writer.finish()

    ctx.store.transact(run)


def _reason(step: WriteStep, old: dict | None) -> dict:
    if step.condition is None or evaluate(step.condition, old):
        return {"Code": "None"}
    reason = {"Code": step.failure_code, "Message": "The conditional request failed"}
    if step.return_on_failure == "ALL_OLD" and old:
        reason["Item"] = old
    return reason


def transact_get_items(ctx, TransactItems: list, ReturnConsumedCapacity: str | None = None) -> dict:
    _check_count(TransactItems, "transactItems")
    gets = []
    for entry in TransactItems:
        request = entry["Get"]
        expressions = RequestExpressions(request, ("ProjectionExpression",), ())
        projection = expressions.projection()
        expressions.finish()
        gets.append((request["TableName"], normalize_item(request["Key"]), projection))
    schemas = _load_schemas(ctx, [name for name, _, _ in gets])
    for name, key, _ in gets:
        schemas[name].check_key(key)
    items = storage.items_of(ctx.store.get_many([storage.item_key(ctx, name, key) for name, key, _ in gets]))
    responses = [
        {"Item": project(item, projection) if projection else item} if item is not None else {}
        for (_, _, projection), item in zip(gets, items)
    ]
    result = {"Responses": responses}
    if ReturnConsumedCapacity in ("TOTAL", "INDEXES"):
        result["ConsumedCapacity"] = [
            consumed_capacity(ReturnConsumedCapacity, name, 2 * capacity_units(
                [i for (n, _, _), i in zip(gets, items) if n == name], write=False, consistent=True),
                "ReadCapacityUnits")["ConsumedCapacity"]
            for name in schemas
        ]
    return result
