"""Turning an operation's expression or legacy parameters into trees, and reporting capacity.

Every item operation accepts either expressions (with
ExpressionAttributeNames/Values) or the legacy parameters, never both;
`RequestExpressions` applies that rule and AWS's "unused names/values" check
once per request.
"""

from __future__ import annotations

import math

from moto_shared.errors import validation_error
from moto_shared.services.dynamodb import legacy
from moto_shared.services.dynamodb.expressions import ExpressionScope
from moto_shared.services.dynamodb.values import item_size

RETURN_VALUES = ("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW")
# Enum value sets in the order AWS lists them in its messages (not botocore's order).
CONSUMED_CAPACITY_MODES = ("INDEXES", "TOTAL", "NONE")
SELECT_VALUES = ("SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES")


class RequestExpressions:
    """The expressions of one request, parsed with its names and values."""

    def __init__(self, params: dict, expression_params: tuple[str, ...], legacy_params: tuple[str, ...]) -> None:
        self.params = params
        if not params:  # most puts and gets: no expression, legacy parameter, name or value to check
            self.scope = ExpressionScope(None, None)
            return
        used_expressions = [name for name in expression_params if params.get(name) is not None]
        used_legacy = [name for name in legacy_params if params.get(name) is not None]
        if used_expressions and used_legacy:
            raise validation_error(
                "Can not use both expression and non-expression parameters in the same request: "
                f"Non-expression parameters: {{{', '.join(used_legacy)}}} "
                f"Expression parameters: {{{', '.join(used_expressions)}}}"
            )
        names, values = params.get("ExpressionAttributeNames"), params.get("ExpressionAttributeValues")
        if not used_expressions:
            if names is not None:
                raise validation_error("ExpressionAttributeNames can only be specified when using expressions")
            if values is not None:
                raise validation_error("ExpressionAttributeValues can only be specified when using expressions")
        self.scope = ExpressionScope(names, values)

    def condition(self, expression_param: str, legacy_param: str | None = None, style: str = "expected"):
        """A condition tree from an expression, or from Expected / *Filter / KeyConditions, or None."""
        expression = self.params.get(expression_param)
        if expression is not None:
            return self.scope.condition(expression, expression_param)
        conditions = self.params.get(legacy_param) if legacy_param else None
        if not conditions:
            return None
        operator = self.params.get("ConditionalOperator")
        if style == "expected":
            return legacy.expected_to_tree(conditions, operator)
        return legacy.conditions_to_tree(conditions, operator)

    def projection(self):
        expression = self.params.get("ProjectionExpression")
        if expression is not None:
            return self.scope.projection(expression)
        names = self.params.get("AttributesToGet")
        return legacy.attributes_to_projection(names) if names else None

    def update(self):
        expression = self.params.get("UpdateExpression")
        if expression is not None:
            return self.scope.update(expression)
        return legacy.attribute_updates_to_actions(self.params.get("AttributeUpdates") or {})

    def finish(self) -> None:
        self.scope.finish()


def check_enum(value: str | None, member: str, allowed: tuple[str, ...]) -> None:
    """AWS's request validator: enum members are case-sensitive and named in camelCase."""
    if value is not None and value not in allowed:
        raise validation_error(
            f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(allowed)}]"
        )


def check_return_values(value: str | None, allowed: tuple[str, ...]) -> str:
    value = value or "NONE"
    if value not in allowed:
        raise validation_error("Return values set to invalid value")
    return value


def capacity_units(items: list[dict | None], *, write: bool, consistent: bool = False) -> float:
    """Units AWS would charge: 1 per KB written, 1 (or 0.5 eventually consistent) per 4 KB read."""
    block = 1024 if write else 4096
    units = sum(max(1, math.ceil(item_size(item or {}) / block)) for item in items) or 1
    return float(units) if write or consistent else units / 2


def read_units(scanned_bytes: int, consistent: bool) -> float:
    """Units of a Query or Scan: charged on the total bytes read, not per item."""
    units = max(1, math.ceil(scanned_bytes / 4096))
    return float(units) if consistent else units / 2


def item_capacity(mode: str | None, table_name: str, items: list[dict | None], *, write: bool,
                  consistent: bool = False) -> dict:
    """`consumed_capacity` of an item operation: the items are sized only when the request asks for it."""
    if mode not in ("TOTAL", "INDEXES"):
        return {}
    return consumed_capacity(mode, table_name, capacity_units(items, write=write, consistent=consistent))


def consumed_capacity(mode: str | None, table_name: str, units: float, units_member: str | None = None) -> dict:
    """The ConsumedCapacity member, present only when the request asked for it.

    `units_member` ("ReadCapacityUnits") repeats the units by kind, as TransactGetItems reports them.
    """
    if mode not in ("TOTAL", "INDEXES"):
        return {}
    table_units = {"CapacityUnits": units, **({units_member: units} if units_member else {})}
    capacity = {"TableName": table_name, **table_units}
    if mode == "INDEXES":
        capacity["Table"] = dict(table_units)
    return {"ConsumedCapacity": capacity}
