"""Item operations: PutItem, GetItem, UpdateItem, DeleteItem, BatchGetItem, BatchWriteItem.

Each write is one store transaction that reads the table and the item,
checks the condition, and writes the item with its index and stream changes
(`storage.Writer`), so a conditional put has exactly one winner and
`SET n = n + :one` never loses an increment, across threads and processes.
"""

from __future__ import annotations

from moto_shared.errors import validation_error
from moto_shared.services.dynamodb import storage
from moto_shared.services.dynamodb.exceptions import conditional_check_failed, constraint_prefix
from moto_shared.services.dynamodb.expressions import apply_update, evaluate, project
from moto_shared.services.dynamodb.inputs import (
    CONSUMED_CAPACITY_MODES,
    RETURN_VALUES,
    RequestExpressions,
    capacity_units,
    check_enum,
    check_return_values,
    consumed_capacity,
    item_capacity,
)
from moto_shared.services.dynamodb.model import Table
from moto_shared.services.dynamodb.values import check_item_size, item_size, normalize_item

MAX_BATCH_GET = 100
#: BatchGetItem returns at most 16 MB; the keys past it come back as UnprocessedKeys.
MAX_BATCH_GET_BYTES = 16 * 1024 * 1024
MAX_BATCH_WRITE = 25

_CONDITION_PARAMS = ("ConditionExpression",)
_EXPECTED_PARAMS = ("Expected",)


def reject_key_updates(table: Table, actions) -> None:
    for action in actions:
        name = action.path.elements[0]
        if name in table.key_names and len(action.path.elements) == 1:
            raise validation_error(
                f"One or more parameter values were invalid: Cannot update attribute {name}. This attribute is part of the key"
            )


def check_new_item(table: Table, item: dict | None, size: int | None = None) -> int | None:
    """The checks of an item to write; returns its size (computed unless given). None, a deletion, has none."""
    if item is None:
        return None
    size = check_item_size(item, size=size)
    table.check_item_keys(item)
    return size


def write_item(ctx, table_name: str, key_of, condition, make_new, return_on_failure: str | None = None):
    """One conditional write in one transaction; make_new(old, table) gives the new item (None deletes),
    checked against the table (`check_new_item`), and its size (None: not known yet).

    key_of(table) gives the item's Key (validated against the table): the table is read in the transaction,
    with the item, so a put costs one read and one commit. Returns (old, new). Used by PutItem, UpdateItem,
    DeleteItem and PartiQL.
    """

    def write(txn):
        writer = storage.Writer(ctx, txn)
        table, record, old = writer.load_item(table_name, key_of)
        if condition is not None and not evaluate(condition, old):
            raise conditional_check_failed(old, return_on_failure)
        new, new_size = make_new(old, table)
        writer.write(table, old, new, new_size, record)
        writer.finish()
        return old, new

    return ctx.store.transact(write)


def _checked_condition(params: dict, return_values: str | None, consumed_capacity: str | None):
    """What PutItem and DeleteItem validate alike: their ReturnValues, and the condition (expression or Expected)."""
    check_enum(consumed_capacity, "returnConsumedCapacity", CONSUMED_CAPACITY_MODES)
    checked_return_values = check_return_values(return_values, ("NONE", "ALL_OLD"))
    with constraint_prefix():
        expressions = RequestExpressions(params, _CONDITION_PARAMS, _EXPECTED_PARAMS)
        condition = expressions.condition("ConditionExpression", "Expected")
        expressions.finish()
    return checked_return_values, condition


def put_item(ctx, TableName: str, Item: dict, ReturnValues: str | None = None,
             ReturnConsumedCapacity: str | None = None, ReturnValuesOnConditionCheckFailure: str | None = None,
             **params) -> dict:
    return_values, condition = _checked_condition(params, ReturnValues, ReturnConsumedCapacity)
    with constraint_prefix():
        item = normalize_item(Item)
    size = item_size(item)

    def key_of(table: Table) -> dict:
        check_new_item(table, item, size)
        return table.key_of(item)

    # The item was checked by key_of, against the very table the write goes to.
    old, _ = write_item(ctx, TableName, key_of, condition, lambda old, table: (item, size),
                        ReturnValuesOnConditionCheckFailure)
    result = {"Attributes": old} if return_values == "ALL_OLD" and old else {}
    return {**result, **item_capacity(ReturnConsumedCapacity, TableName, [item], write=True)}


def get_item(ctx, TableName: str, Key: dict, ConsistentRead: bool = False,
             ReturnConsumedCapacity: str | None = None, **params) -> dict:
    check_enum(ReturnConsumedCapacity, "returnConsumedCapacity", CONSUMED_CAPACITY_MODES)
    expressions = RequestExpressions(params, ("ProjectionExpression",), ("AttributesToGet",))
    projection = expressions.projection()
    expressions.finish()
    key = normalize_item(Key)
    tables, (record,) = storage.read_tables(ctx, ctx.store, [TableName], [storage.item_key(ctx, TableName, key)])
    tables[TableName].check_key(key)
    item = storage.item_of(record)
    result = {}
    if item is not None:
        result["Item"] = project(item, projection) if projection else item
    return {**result, **item_capacity(ReturnConsumedCapacity, TableName, [item], write=False,
                                      consistent=bool(ConsistentRead))}


def update_item(ctx, TableName: str, Key: dict, ReturnValues: str | None = None,
                ReturnConsumedCapacity: str | None = None, ReturnValuesOnConditionCheckFailure: str | None = None,
                **params) -> dict:
    check_enum(ReturnConsumedCapacity, "returnConsumedCapacity", CONSUMED_CAPACITY_MODES)
    return_values = check_return_values(ReturnValues, RETURN_VALUES)
    with constraint_prefix():
        expressions = RequestExpressions(params, ("ConditionExpression", "UpdateExpression"), ("Expected", "AttributeUpdates"))
        actions = expressions.update()
        condition = expressions.condition("ConditionExpression", "Expected")
        expressions.finish()

    def key_of(table: Table) -> dict:
        key = table.parse_key(Key)
        reject_key_updates(table, actions)
        return key

    def updated(old: dict | None, table: Table) -> tuple[dict, int]:
        new = apply_update(old if old is not None else table.parse_key(Key), actions)
        size = check_item_size(new, updated=True)
        table.check_item_keys(new)
        return new, size

    old, new = write_item(ctx, TableName, key_of, condition, updated, ReturnValuesOnConditionCheckFailure)
    updated_paths = [action.path for action in actions]
    attributes = {
        "ALL_OLD": old,
        "ALL_NEW": new,
        "UPDATED_OLD": project(old, updated_paths) if old else None,
        "UPDATED_NEW": project(new, updated_paths),
    }.get(return_values)
    result = {"Attributes": attributes} if attributes else {}
    return {**result, **item_capacity(ReturnConsumedCapacity, TableName, [new], write=True)}


def delete_item(ctx, TableName: str, Key: dict, ReturnValues: str | None = None,
                ReturnConsumedCapacity: str | None = None, ReturnValuesOnConditionCheckFailure: str | None = None,
                **params) -> dict:
    return_values, condition = _checked_condition(params, ReturnValues, ReturnConsumedCapacity)
    old, _ = write_item(
        ctx, TableName, lambda table: table.parse_key(Key), condition, lambda old, table: (None, None),
        ReturnValuesOnConditionCheckFailure,
    )
    result = {"Attributes": old} if return_values == "ALL_OLD" and old else {}
    return {**result, **item_capacity(ReturnConsumedCapacity, TableName, [old], write=True)}


def _check_duplicates(keys: list[tuple[str, dict]]) -> None:
    ids = [(name, storage.record_id(key)) for name, key in keys]
    if len(set(ids)) != len(ids):
        raise validation_error("Provided list of item keys contains duplicates")


def batch_get_item(ctx, RequestItems: dict, ReturnConsumedCapacity: str | None = None) -> dict:
    requests = []
    for table_name, request in RequestItems.items():
        expressions = RequestExpressions(request, ("ProjectionExpression",), ("AttributesToGet",))
        projection = expressions.projection()
        expressions.finish()
        requests.append((table_name, [normalize_item(k) for k in request["Keys"]], projection, request))
    for table_name, keys, _, _ in requests:
        if len(keys) > MAX_BATCH_GET:
            raise validation_error(
                f"1 validation error detected: Value at 'requestItems.{table_name}.member.keys' failed to satisfy "
                f"constraint: Member must have length less than or equal to {MAX_BATCH_GET}"
            )
    pairs = [(name, key) for name, keys, _, _ in requests for key in keys]
    if len(pairs) > MAX_BATCH_GET:
        raise validation_error("Too many items requested for the BatchGetItem call")
    _check_duplicates(pairs)
    names = [name for name, *_ in requests]
    tables, records = storage.read_tables(ctx, ctx.store, names, [storage.item_key(ctx, name, key) for name, key in pairs])
    records = iter(storage.sized_items(records))
    responses, unprocessed, capacity = {}, {}, []
    returned_bytes = 0
    for table_name, keys, projection, request in requests:
        table = tables[table_name]
        found, left = [], []
        for key in keys:
            table.check_key(key)
            size, item = next(records)
            if left or (item is not None and returned_bytes + size > MAX_BATCH_GET_BYTES):
                left.append(key)
            elif item is not None:
                returned_bytes += size
                found.append(project(item, projection) if projection else item)
        responses[table_name] = found
        if left:
            unprocessed[table_name] = {**request, "Keys": left}
        units = capacity_units(found, write=False, consistent=bool(request.get("ConsistentRead")))
        capacity += [consumed_capacity(ReturnConsumedCapacity, table_name, units).get("ConsumedCapacity")]
    result = {"Responses": responses, "UnprocessedKeys": unprocessed}
    if ReturnConsumedCapacity in ("TOTAL", "INDEXES"):
        result["ConsumedCapacity"] = capacity
    return result


def batch_write_item(ctx, RequestItems: dict, ReturnConsumedCapacity: str | None = None,
                     ReturnItemCollectionMetrics: str | None = None) -> dict:
    count = sum(len(requests) for requests in RequestItems.values())
    if count > MAX_BATCH_WRITE:
        raise validation_error(
            "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
            f"Map value must satisfy constraint: [Member must have length less than or equal to {MAX_BATCH_WRITE}, "
            "Member must have length greater than or equal to 1]"
        )
    names = list(RequestItems)
    schemas, _ = storage.read_tables(ctx, ctx.store, names)
    changes = []  # (table name, key, new item or None, its size)
    for name, requests in RequestItems.items():
        for request in requests:
            if "PutRequest" in request:
                item = normalize_item(request["PutRequest"]["Item"])
                size = check_new_item(schemas[name], item)
                changes.append((name, schemas[name].key_of(item), item, size))
            else:
                key = schemas[name].check_key(normalize_item(request["DeleteRequest"]["Key"]))
                changes.append((name, key, None, None))
    _check_duplicates([(name, key) for name, key, _, _ in changes])

    def write(txn):
        writer = storage.Writer(ctx, txn)
        olds = writer.load(names, [(name, key) for name, key, _, _ in changes])
        for (name, _, new, size), old in zip(changes, olds):
            writer.write(writer.tables[name], old, new, size)
        writer.finish()

    ctx.store.transact(write)
    result = {"UnprocessedItems": {}}
    if ReturnConsumedCapacity in ("TOTAL", "INDEXES"):
        result["ConsumedCapacity"] = [
            consumed_capacity(ReturnConsumedCapacity, name, capacity_units(
                [new for n, _, new, _ in changes if n == name], write=True))["ConsumedCapacity"]
            for name in names
        ]
    if ReturnItemCollectionMetrics == "SIZE":
        result["ItemCollectionMetrics"] = {}
    return result
