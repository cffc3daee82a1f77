"""The legacy (pre-expression) parameters, translated into expression trees.

Expected, KeyConditions, QueryFilter and ScanFilter become condition trees;
AttributeUpdates becomes update actions; AttributesToGet becomes a
projection. One evaluator then serves both styles.
"""

from __future__ import annotations

from moto_shared.errors import validation_error
from moto_shared.services.dynamodb.expressions import (
    Action,
    And,
    Between,
    Compare,
    Function,
    In,
    Not,
    Or,
    Path,
    Value,
)
from moto_shared.services.dynamodb.values import normalize_value

_COMPARATORS = {"EQ": "=", "NE": "<>", "LE": "<=", "LT": "<", "GE": ">=", "GT": ">"}
_ARGUMENT_COUNTS = {"NOT_NULL": 0, "NULL": 0, "BETWEEN": 2}


def _comparison(name: str, operator: str, values: list[dict]):
    path = Path((name,))
    expected_count = _ARGUMENT_COUNTS.get(operator, 1)
    if operator != "IN" and len(values) != expected_count:
        raise validation_error(
            f"One or more parameter values were invalid: Invalid number of argument(s) for the {operator} ComparisonOperator"
        )
    operands = [Value(normalize_value(v)) for v in values]
    if operator in _COMPARATORS:
        return Compare(_COMPARATORS[operator], path, operands[0])
    if operator == "NOT_NULL":
        return Function("attribute_exists", (path,))
    if operator == "NULL":
        return Function("attribute_not_exists", (path,))
    if operator == "CONTAINS":
        return Function("contains", (path, operands[0]))
    if operator == "NOT_CONTAINS":
        return Not(Function("contains", (path, operands[0])))
    if operator == "BEGINS_WITH":
        return Function("begins_with", (path, operands[0]))
    if operator == "IN":
        return In(path, tuple(operands))
    if operator == "BETWEEN":
        return Between(path, operands[0], operands[1])
    raise validation_error(f"Unsupported ComparisonOperator: {operator}")


def _combine(conditions: list, conditional_operator: str | None):
    node = conditions[0]
    for condition in conditions[1:]:
        node = Or(node, condition) if conditional_operator == "OR" else And(node, condition)
    return node


def conditions_to_tree(conditions: dict, conditional_operator: str | None = None):
    """KeyConditions / QueryFilter / ScanFilter: {name: {ComparisonOperator, AttributeValueList}}."""
    return _combine(
        [_comparison(name, c["ComparisonOperator"], c.get("AttributeValueList", [])) for name, c in conditions.items()],
        conditional_operator,
    )


def expected_to_tree(expected: dict, conditional_operator: str | None = None):
    """Expected: per attribute, a comparison, an Exists test or a Value to equal."""
    conditions = []
    for name, spec in expected.items():
        if "ComparisonOperator" in spec:
            conditions.append(_comparison(name, spec["ComparisonOperator"], spec.get("AttributeValueList", [])))
        elif spec.get("Exists") is False:
            if "Value" in spec:
                raise validation_error(
                    "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: "
                    + name
                )
            conditions.append(Function("attribute_not_exists", (Path((name,)),)))
        elif "Value" in spec:
            conditions.append(Compare("=", Path((name,)), Value(normalize_value(spec["Value"]))))
        else:
            raise validation_error(
                f"One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: {name}"
            )
    return _combine(conditions, conditional_operator)


def attribute_updates_to_actions(updates: dict) -> list[Action]:
    """AttributeUpdates: {name: {Action: PUT|DELETE|ADD, Value}}."""
    actions = []
    for name, update in updates.items():
        path = Path((name,))
        action = update.get("Action", "PUT")
        value = Value(normalize_value(update["Value"])) if "Value" in update else None
        if action == "PUT":
            if value is None:
                raise validation_error(
                    "One or more parameter values were invalid: "
                    "Only DELETE action is allowed when no attribute value is specified"
                )
            actions.append(Action("SET", path, value))
        elif action == "DELETE":
            actions.append(Action("REMOVE", path) if value is None else Action("DELETE", path, value))
        else:
            actions.append(Action("ADD", path, value))
    return actions


def attributes_to_projection(names: list[str]) -> list[Path]:
    return [Path((name,)) for name in dict.fromkeys(names)]
