"""The expression language: every operator and function, and AWS's error messages."""

from __future__ import annotations

import pytest

from ddb_support import error_of

ITEM = {
    "pk": {"S": "a"},
    "sk": {"N": "1"},
    "name": {"S": "widget"},
    "price": {"N": "10"},
    "tags": {"SS": ["red", "blue"]},
    "nums": {"NS": ["1", "2"]},
    "parts": {"L": [{"S": "bolt"}, {"M": {"dims": {"N": "3"}}}]},
    "meta": {"M": {"who": {"S": "ann"}, "flag": {"BOOL": True}}},
    "nothing": {"NULL": True},
    "bin1": {"B": b"\x01\x02\x03"},
}
KEY = {"pk": ITEM["pk"], "sk": ITEM["sk"]}


@pytest.fixture
def stored(ddb, table):
    ddb.put_item(TableName=table, Item=ITEM)
    return table


def _holds(ddb, table, condition, values=None, names=None) -> bool:
    kwargs = {"ExpressionAttributeNames": {"#n": "name", **(names or {})}}
    if values:
        kwargs["ExpressionAttributeValues"] = values
    if "#n" not in condition:
        condition = f"({condition}) AND attribute_exists(#n)"
    try:
        ddb.delete_item(TableName=table, Key=KEY, ConditionExpression=f"NOT ({condition})", **kwargs)
    except ddb.exceptions.ConditionalCheckFailedException:
        return True
    ddb.put_item(TableName=table, Item=ITEM)
    return False


@pytest.mark.parametrize(
    "condition, values, expected",
    [
        ("price = :v", {":v": {"N": "10.0"}}, True),
        ("price <> :v", {":v": {"N": "10"}}, False),
        ("absent <> :v", {":v": {"N": "10"}}, True),
        ("price < :v", {":v": {"N": "11"}}, True),
        ("price <= :v", {":v": {"N": "9"}}, False),
        ("price > :v", {":v": {"S": "9"}}, False),
        ("price >= :v", {":v": {"N": "10"}}, True),
        ("price BETWEEN :a AND :b", {":a": {"N": "5"}, ":b": {"N": "10"}}, True),
        ("price IN (:a, :b)", {":a": {"N": "1"}, ":b": {"N": "10"}}, True),
        ("#n IN (:a)", {":a": {"S": "other"}}, False),
        ("begins_with(#n, :p)", {":p": {"S": "wid"}}, True),
        ("begins_with(bin1, :p)", {":p": {"B": b"\x01\x02"}}, True),
        ("contains(tags, :t)", {":t": {"S": "red"}}, True),
        ("contains(nums, :t)", {":t": {"N": "2.0"}}, True),
        ("contains(#n, :t)", {":t": {"S": "dge"}}, True),
        ("contains(parts, :t)", {":t": {"S": "bolt"}}, True),
        ("attribute_type(meta, :t)", {":t": {"S": "M"}}, True),
        ("attribute_type(nothing, :t)", {":t": {"S": "NULL"}}, True),
        ("size(tags) = :two AND size(#n) = :six", {":two": {"N": "2"}, ":six": {"N": "6"}}, True),
        ("size(bin1) > :two", {":two": {"N": "2"}}, True),
        ("parts[1].dims = :three AND meta.who = :ann", {":three": {"N": "3"}, ":ann": {"S": "ann"}}, True),
        ("attribute_exists(meta.flag) AND attribute_not_exists(meta.gone)", None, True),
        ("NOT price = :v OR price = :v AND price <> :v", {":v": {"N": "10"}}, False),
        ("(NOT price = :v OR price = :v) AND price <> :v", {":v": {"N": "10"}}, False),
        ("price = :v OR price = :w AND price = :w", {":v": {"N": "10"}, ":w": {"N": "0"}}, True),
    ],
)
def test_condition_semantics(ddb, stored, condition, values, expected):
    assert _holds(ddb, stored, condition, values) is expected


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"ConditionExpression": "name = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
         "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name"),
        ({"ConditionExpression": "a = :v", "ExpressionAttributeValues": {":v": {"S": "x"}, ":w": {"S": "y"}}},
         "1 validation error detected: Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"),
        ({"ConditionExpression": "a = :v", "ExpressionAttributeNames": {"#x": "x"}, "ExpressionAttributeValues": {":v": {"S": "x"}}},
         "1 validation error detected: Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}"),
        ({"ConditionExpression": "a = :v"},
         "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v"),
        ({"ConditionExpression": "#a = b"},
         "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #a"),
        ({"ConditionExpression": "a = = b"}, 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"'),
        ({"ConditionExpression": "a = b AND"}, 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"'),
        ({"ConditionExpression": "a BETWEEN :hi AND :lo", "ExpressionAttributeValues": {":hi": {"N": "5"}, ":lo": {"N": "1"}}},
         "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower "
         "bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"),
        ({"ConditionExpression": "a BETWEEN :lo AND :hi", "ExpressionAttributeValues": {":lo": {"NULL": True}, ":hi": {"N": "1"}}},
         "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, "
         "operand type: NULL"),
        ({"ConditionExpression": "((a < b))"}, "Invalid ConditionExpression: The expression has redundant parentheses;"),
        ({"ConditionExpression": "NOT ((a < b))"}, "Invalid ConditionExpression: The expression has redundant parentheses;"),
        ({"ConditionExpression": "fancy(a)"}, "Invalid ConditionExpression: Invalid function name; function: fancy"),
        ({"ConditionExpression": "size(a)"},
         "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"),
        ({"ConditionExpression": "begins_with(a)"},
         "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: "
         "begins_with, number of operands: 1"),
        ({"ConditionExpression": "attribute_type(a, :t)", "ExpressionAttributeValues": {":t": {"S": "X"}}},
         "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"),
        ({"ConditionExpression": " "},
         "1 validation error detected: Invalid ConditionExpression: The expression can not be empty;"),
        ({"ExpressionAttributeValues": {":v": {"S": "x"}}},
         "ExpressionAttributeValues can only be specified when using expressions"),
        ({"ConditionExpression": "a = v", "ExpressionAttributeValues": {"v": {"S": "x"}}},
         'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"'),
        ({"ConditionExpression": "#a = :v", "ExpressionAttributeNames": {"a": "a", "#a": "a"},
          "ExpressionAttributeValues": {":v": {"S": "x"}}},
         'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"'),
    ],
)
def test_expression_errors(ddb, table, kwargs, message):
    """PutItem reports request-constraint errors with AWS's "1 validation error detected: " prefix."""
    assert error_of(ddb.put_item, TableName=table, Item=KEY, **kwargs) == ("ValidationException", message)


@pytest.mark.parametrize("condition", ["(a < b)", "((a < b) AND c < d)", "(a = b) OR ((c = d) AND (e = f))"])
def test_parentheses_that_group_are_accepted(ddb, table, condition):
    ddb.put_item(TableName=table, Item=KEY, ConditionExpression=f"attribute_not_exists(pk) OR {condition}")
    assert ddb.get_item(TableName=table, Key=KEY)["Item"] == KEY


def test_reserved_words_are_case_insensitive_and_aliases_work(ddb, stored):
    code, message = error_of(
        ddb.update_item, TableName=stored, Key=KEY, UpdateExpression="SET Status = :s",
        ExpressionAttributeValues={":s": {"S": "x"}},
    )
    assert message == "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: Status"
    ddb.update_item(
        TableName=stored, Key=KEY, UpdateExpression="SET #s = :s",
        ExpressionAttributeNames={"#s": "Status"}, ExpressionAttributeValues={":s": {"S": "x"}},
    )
    assert ddb.get_item(TableName=stored, Key=KEY)["Item"]["Status"] == {"S": "x"}


def test_update_functions(ddb, stored):
    ddb.update_item(
        TableName=stored, Key=KEY,
        UpdateExpression="SET price = price - :one, seen = if_not_exists(seen, :zero) + :one, "
        "parts = list_append(:front, parts), meta.flag = :f",
        ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}, ":front": {"L": [{"S": "nut"}]},
                                   ":f": {"BOOL": False}},
    )
    item = ddb.get_item(TableName=stored, Key=KEY)["Item"]
    assert item["price"] == {"N": "9"}
    assert item["seen"] == {"N": "1"}
    assert item["parts"]["L"][:2] == [{"S": "nut"}, {"S": "bolt"}]
    assert item["meta"]["M"]["flag"] == {"BOOL": False}


def test_constraint_errors_have_no_prefix_outside_single_item_writes(ddb, table):
    code, message = error_of(
        ddb.get_item, TableName=table, Key=KEY, ProjectionExpression="a", ExpressionAttributeNames={"#x": "x"},
    )
    assert (code, message) == ("ValidationException", "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}")
