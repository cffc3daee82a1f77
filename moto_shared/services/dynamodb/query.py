"""Query and Scan, on tables and on secondary indexes.

Query turns the key condition into a lex range of one partition index; Scan
reads a range of the view's scan index (a parallel Scan segment is a
contiguous range of buckets). Both read a page of members, fetch the items
with one `get_many`, and stop at Limit or after 1 MB of scanned data, as AWS
does, so each call costs O(log n + page).
"""

from __future__ import annotations

from moto_shared.errors import validation_error
from moto_shared.services.dynamodb import storage
from moto_shared.services.dynamodb.expressions import (
    And,
    Between,
    Compare,
    Function,
    Path,
    Value,
    condition_paths,
    evaluate,
    project,
)
from moto_shared.services.dynamodb.inputs import (
    CONSUMED_CAPACITY_MODES,
    SELECT_VALUES,
    RequestExpressions,
    check_enum,
    consumed_capacity,
    read_units,
)
from moto_shared.services.dynamodb.model import (
    KEY_SEPARATOR,
    RANGE_PART_SEPARATOR,
    Table,
    View,
    hash_part_of,
    in_view,
)
from moto_shared.services.dynamodb.values import (
    check_key_value,
    encode_key_value,
    encode_prefix,
    normalize_item,
    type_of,
)

PAGE_BYTES = 1024 * 1024
FETCH_CHUNK = 100
MAX_SEGMENTS = 1_000_000
_FLIPPED = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_NEXT = "\x01"  # the smallest character after KEY_SEPARATOR


# --- key conditions --------------------------------------------------------------


def _conjuncts(node) -> list:
    if isinstance(node, And):
        return _conjuncts(node.left) + _conjuncts(node.right)
    return [node]


def _key_predicate(node) -> tuple[str, str, list[dict]]:
    """(attribute, operator, values) of one key condition term."""
    if isinstance(node, Compare):
        left, right, op = node.left, node.right, node.op
        if isinstance(left, Value) and isinstance(right, Path):
            left, right, op = right, left, _FLIPPED.get(op, op)
        if op in _FLIPPED and isinstance(left, Path) and isinstance(right, Value) and len(left.elements) == 1:
            return left.elements[0], op, [right.value]
        if isinstance(left, Path) and isinstance(right, Path):
            raise validation_error(
                "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
            )
        raise validation_error(f"Invalid operator used in KeyConditionExpression: {node.op}")
    if isinstance(node, Between) and isinstance(node.operand, Path):
        return node.operand.elements[0], "BETWEEN", [node.low.value, node.high.value]
    if isinstance(node, Function) and node.name == "begins_with" and isinstance(node.args[1], Value):
        return node.args[0].elements[0], "begins_with", [node.args[1].value]
    label = node.name if isinstance(node, Function) else type(node).__name__.upper()
    raise validation_error(f"Invalid operator used in KeyConditionExpression: {label}")


def _range_bounds(operator: str, values: list[dict]) -> tuple[str | None, str | None, bool]:
    """(start, stop, stop_inclusive) over partition members "<sort key>\\x00<suffix>"."""
    encoded = [encode_key_value(v) for v in values]
    if operator == "=":
        return encoded[0] + KEY_SEPARATOR, encoded[0] + _NEXT, False
    if operator == "<":
        return None, encoded[0] + KEY_SEPARATOR, False
    if operator == "<=":
        return None, encoded[0] + _NEXT, False
    if operator == ">":
        return encoded[0] + _NEXT, None, False
    if operator == ">=":
        return encoded[0] + KEY_SEPARATOR, None, False
    if operator == "BETWEEN":
        return encoded[0] + KEY_SEPARATOR, encoded[1] + _NEXT, False
    start, stop = encode_prefix(values[0])
    return start, stop, False


def _first_missing(view: View, names) -> str:
    """The key attribute AWS names when a key condition leaves one out: partition keys first, then sort keys in order."""
    return next(name for name in view.key_names if name not in names)


def _plan_query(table: Table, view: View, condition) -> tuple[str, tuple]:
    """(encoded partition key, sort-key bounds) of a key condition.

    Every partition-key attribute needs `=`; sort-key attributes go left to right without gaps,
    all with `=` but the last given, which may use any key operator.
    """
    terms = [_key_predicate(node) for node in _conjuncts(condition)]
    if len(terms) > max(2, len(view.key_names)):
        raise validation_error("Conditions can be of length 1 or 2 only")
    if len(terms) > len(view.key_names):
        raise validation_error(
            f"The number of query conditions ({len(terms)}) exceeds the number of key attributes defined in the "
            f"schema ({len(view.key_names)})"
        )
    by_name = {}
    for name, operator, values in terms:
        if name in by_name:
            raise validation_error("KeyConditionExpressions must only contain one condition per key")
        if name not in view.key_names:
            raise validation_error(
                f"Query condition missed key schema element: {_first_missing(view, [term[0] for term in terms])}"
            )
        for value in values:
            if type_of(value) != table.attribute_types[name]:
                raise validation_error(
                    "One or more parameter values were invalid: Condition parameter type does not match schema type"
                )
        if operator == "=":
            check_key_value(name, values[0], table.attribute_types[name])
        by_name[name] = (operator, values)
    given_ranges = [name for name in view.range_keys if name in by_name]
    if any(name not in by_name for name in view.hash_keys + view.range_keys[:len(given_ranges)]):
        raise validation_error(f"Query condition missed key schema element: {_first_missing(view, by_name)}")
    if any(by_name[name][0] != "=" for name in view.hash_keys + tuple(given_ranges[:-1])):
        raise validation_error("Query key condition not supported")
    hash_part = hash_part_of(view, {name: by_name[name][1][0] for name in view.hash_keys})
    if not given_ranges:
        return hash_part, (None, None, False)
    last = given_ranges[-1]
    range_operator, range_values = by_name[last]
    if range_operator == "begins_with" and table.attribute_types[last] == "N":
        raise validation_error(
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N"
        )
    start, stop, stop_inclusive = _range_bounds(range_operator, range_values)
    prefix = "".join(encode_key_value(by_name[name][1][0]) + RANGE_PART_SEPARATOR for name in given_ranges[:-1])
    if prefix:
        # members of this prefix sort between it and the same text with the separator's last character raised
        start = prefix + start if start is not None else prefix
        stop = prefix + stop if stop is not None else prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return hash_part, (start, stop, stop_inclusive)


#: Plans of key conditions by the identity of (table, view, condition tree): a repeated query gets the same
#: Table (while its stamp holds) and, from the expression cache, the same tree, so its plan is looked up.
#: Entries hold their keys' objects, so an id can't be reused while its entry lives.
_plans: dict[tuple[int, int, int], tuple[Table, View, object, tuple[str, tuple]]] = {}
MAX_PLANS = 1024


def _planned_query(table: Table, view: View, condition) -> tuple[str, tuple]:
    """`_plan_query`, remembered."""
    slot = (id(table), id(view), id(condition))
    known = _plans.get(slot)
    if known is not None and known[0] is table and known[1] is view and known[2] is condition:
        return known[3]
    plan = _plan_query(table, view, condition)
    if len(_plans) >= MAX_PLANS:
        _plans.clear()
    _plans[slot] = (table, view, condition, plan)
    return plan


# --- shared reading loop -----------------------------------------------------------


def _view_and_select(table: Table, index_name: str | None, select: str | None, projection, projection_param: str,
                     consistent: bool):
    """The view to read, after AWS's checks of Select against the index and the projection asked for."""
    check_enum(select, "select", SELECT_VALUES)
    view = table.view(index_name)
    if consistent and view.is_global:
        raise validation_error("Consistent reads are not supported on global secondary indexes")
    if select == "ALL_PROJECTED_ATTRIBUTES" and view.is_table:
        raise validation_error(
            "One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is not supported "
            "for a table without secondary indexes" if not table.indexes else
            "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"
        )
    if select == "ALL_ATTRIBUTES" and view.is_global and view.projection_type != "ALL":
        raise validation_error(
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
            f"secondary index {view.name} because its projection type is not ALL"
        )
    if select == "SPECIFIC_ATTRIBUTES" and not projection:
        raise validation_error(
            "1 validation error detected: Must specify the AttributesToGet or ProjectionExpression "
            "when choosing to get SPECIFIC_ATTRIBUTES"
        )
    if projection and select not in (None, "SPECIFIC_ATTRIBUTES"):
        selection = "only the Count" if select == "COUNT" else select
        raise validation_error(
            f"1 validation error detected: Cannot specify the {projection_param} when choosing to get {selection}"
        )
    return view


def _read(reads, table: Table, view: View, fetch_members, member_keys, limit: int | None, filter_node,
          projection, select: str | None) -> dict:
    """Walk members page by page: fetch items, filter, project; stop at Limit or 1 MB.

    Returns the response members and the bytes scanned (for consumed capacity).
    """
    items, scanned, size, last = [], 0, 0, None
    sparse = not view.is_table  # only an index may lack an item
    whole_chunks = filter_node is None and not sparse and limit is None  # no item needs looking at by itself
    remaining = limit
    after = None
    exhausted = False
    while not exhausted and (remaining is None or remaining > 0) and size < PAGE_BYTES:
        chunk = min(FETCH_CHUNK, remaining) if remaining is not None else FETCH_CHUNK
        members = fetch_members(after, chunk)
        exhausted = len(members) < chunk
        if not members:
            break
        after = members[-1]
        records = reads.get_many(member_keys(members))
        whole = storage.whole_items(records) if whole_chunks else None
        if whole is not None and size + whole[1] < PAGE_BYTES:
            chunk_items, chunk_bytes = whole
            items += chunk_items
            scanned += len(chunk_items)
            size += chunk_bytes
            last = chunk_items[-1]
            continue
        for item_bytes, item in storage.sized_items(records):
            if item is None or (sparse and not in_view(view, item)):
                continue
            scanned += 1
            size += item_bytes
            last = item
            if remaining is not None:
                remaining -= 1
            if filter_node is None or evaluate(filter_node, item):
                items.append(item)
            if remaining == 0 or size >= PAGE_BYTES:
                break
    result = {"Count": len(items), "ScannedCount": scanned}
    if select != "COUNT":
        if not view.is_table and select != "ALL_ATTRIBUTES":
            items = [table.projected(view, item) for item in items]
        result["Items"] = [project(item, projection) for item in items] if projection else items
    stopped_early = (limit is not None and scanned == limit) or size >= PAGE_BYTES
    if last is not None and stopped_early:
        key_names = dict.fromkeys(table.key_names + view.key_names)
        result["LastEvaluatedKey"] = {name: last[name] for name in key_names}
    return result, size


def _projection_param(params: dict) -> str:
    """Which parameter asked for the projection: AWS names it when refusing one."""
    return "ProjectionExpression" if params.get("ProjectionExpression") is not None else "AttributesToGet"


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise validation_error(
            f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1"
        )


def start_key_of(table: Table, view: View, start_key: dict | None) -> dict | None:
    if start_key is None:
        return None
    start_key = normalize_item(start_key)
    if not all(name in start_key for name in dict.fromkeys(table.key_names + view.key_names)):
        raise validation_error("The provided starting key is invalid: The provided key element does not match the schema")
    return start_key


# --- operations ------------------------------------------------------------------


def run_query(ctx, table: Table, view: View, key_condition, filter_node, projection, *, select: str | None = None,
              limit: int | None = None, forward: bool = True, start_key: dict | None = None,
              reads=None) -> tuple[dict, int]:
    """Query one view with parsed trees; returns the response members and the bytes scanned.

    reads (default: the store) is where index ranges and items are read (`storage.TableReads`).
    """
    reads = reads or ctx.store
    hash_part, (start, stop, _) = _planned_query(table, view, key_condition)
    index = storage.partition_index(ctx, table.name, view, hash_part)
    first_after = storage.partition_member(table, view, start_key) if start_key else None

    def fetch(after: str | None, count: int) -> list[str]:
        after = after or first_after
        if forward:
            low, low_inclusive = (after, False) if after is not None and (start is None or after >= start) else (start, True)
            return reads.lex_range(index, low, stop, start_inclusive=low_inclusive, limit=count)
        high = after if after is not None and (stop is None or after < stop) else stop
        return reads.lex_range(index, start, high, reverse=True, limit=count)

    def item_keys(members: list[str]) -> list[str]:
        return storage.item_keys_from_partition(ctx, table, view, hash_part, members)

    return _read(reads, table, view, fetch, item_keys, limit, filter_node, projection, select)


def run_scan(ctx, table: Table, view: View, filter_node, projection, *, select: str | None = None,
             limit: int | None = None, start_key: dict | None = None, segment: tuple[str, str | None] = ("", None),
             reads=None) -> tuple[dict, int]:
    """Scan one view (or one parallel segment of it) with parsed trees; reads as for `run_query`."""
    reads = reads or ctx.store
    low, high = segment
    index = storage.scan_index(ctx, table.name, view)
    first_after = storage.scan_member(table, view, start_key) if start_key else None

    def fetch(after: str | None, count: int) -> list[str]:
        after = after or first_after
        if after is not None and after >= low:
            return reads.lex_range(index, after, high, start_inclusive=False, limit=count)
        return reads.lex_range(index, low, high, limit=count)

    def item_keys(members: list[str]) -> list[str]:
        return storage.item_keys_from_scan(ctx, table, view, members)

    return _read(reads, table, view, fetch, item_keys, limit, filter_node, projection, select)


def query(ctx, TableName: str, IndexName: str | None = None, Select: str | None = None, Limit: int | None = None,
          ConsistentRead: bool = False, ScanIndexForward: bool = True, ExclusiveStartKey: dict | None = None,
          ReturnConsumedCapacity: str | None = None, **params) -> dict:
    _check_limit(Limit)
    check_enum(ReturnConsumedCapacity, "returnConsumedCapacity", CONSUMED_CAPACITY_MODES)
    expressions = RequestExpressions(
        params,
        ("KeyConditionExpression", "FilterExpression", "ProjectionExpression"),
        ("KeyConditions", "QueryFilter", "AttributesToGet"),
    )
    key_condition = expressions.condition("KeyConditionExpression", "KeyConditions", style="conditions")
    filter_node = expressions.condition("FilterExpression", "QueryFilter", style="conditions")
    projection = expressions.projection()
    expressions.finish()
    if key_condition is None:
        raise validation_error("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")

    def read(table: Table, reads: storage.TableReads) -> tuple[dict, int]:
        view = _view_and_select(table, IndexName, Select, projection, _projection_param(params), ConsistentRead)
        if filter_node is not None and params.get("FilterExpression"):
            for path in condition_paths(filter_node):
                if path.elements[0] in view.key_names:
                    raise validation_error(
                        "Filter Expression can only contain non-primary key attributes: "
                        f"Primary key attribute: {path.elements[0]}"
                    )
        return run_query(
            ctx, table, view, key_condition, filter_node, projection, select=Select, limit=Limit,
            forward=ScanIndexForward, start_key=start_key_of(table, view, ExclusiveStartKey), reads=reads,
        )

    result, scanned_bytes = storage.read_table(ctx, TableName, read)
    units = read_units(scanned_bytes, consistent=bool(ConsistentRead))
    return {**result, **consumed_capacity(ReturnConsumedCapacity, TableName, units)}


def scan(ctx, TableName: str, IndexName: str | None = None, Select: str | None = None, Limit: int | None = None,
         ConsistentRead: bool = False, ExclusiveStartKey: dict | None = None, Segment: int | None = None,
         TotalSegments: int | None = None, ReturnConsumedCapacity: str | None = None, **params) -> dict:
    _check_limit(Limit)
    check_enum(ReturnConsumedCapacity, "returnConsumedCapacity", CONSUMED_CAPACITY_MODES)
    segment = _segment_bounds(Segment, TotalSegments)
    expressions = RequestExpressions(params, ("FilterExpression", "ProjectionExpression"), ("ScanFilter", "AttributesToGet"))
    filter_node = expressions.condition("FilterExpression", "ScanFilter", style="conditions")
    projection = expressions.projection()
    expressions.finish()

    def read(table: Table, reads: storage.TableReads) -> tuple[dict, int]:
        view = _view_and_select(table, IndexName, Select, projection, _projection_param(params), ConsistentRead)
        return run_scan(
            ctx, table, view, filter_node, projection, select=Select, limit=Limit,
            start_key=start_key_of(table, view, ExclusiveStartKey), segment=segment, reads=reads,
        )

    result, scanned_bytes = storage.read_table(ctx, TableName, read)
    units = read_units(scanned_bytes, consistent=bool(ConsistentRead))
    return {**result, **consumed_capacity(ReturnConsumedCapacity, TableName, units)}


def _segment_bounds(segment: int | None, total: int | None) -> tuple[str, str | None]:
    """The scan-index range of a parallel Scan segment: a contiguous run of buckets."""
    if segment is None and total is None:
        return "", None
    if total is None:
        raise validation_error(
            "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"
        )
    if segment is None:
        raise validation_error(
            "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"
        )
    if not 1 <= total <= MAX_SEGMENTS:
        raise validation_error(
            f"1 validation error detected: Value '{total}' at 'totalSegments' failed to satisfy constraint: "
            f"Member must have value less than or equal to {MAX_SEGMENTS}"
        )
    if not 0 <= segment < total:
        raise validation_error(
            "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
            f"Segment: {segment} is not less than TotalSegments: {total}"
        )
    first = segment * storage.SCAN_BUCKETS // total
    end = (segment + 1) * storage.SCAN_BUCKETS // total
    return f"{first:05x}", (f"{end:05x}" if end < storage.SCAN_BUCKETS else None)
