"""PutItem, GetItem, UpdateItem, DeleteItem: return values, conditions, types, limits."""

from __future__ import annotations

import pytest

from ddb_support import create_table, error_of

KEY = {"pk": {"S": "a"}, "sk": {"N": "1"}}


def _get(ddb, table, key=KEY):
    return ddb.get_item(TableName=table, Key=key).get("Item")


def test_put_and_get_all_types(ddb, table):
    item = {
        **KEY,
        "s": {"S": "text"},
        "n": {"N": "12.50"},
        "b": {"B": b"\x00\x01"},
        "ss": {"SS": ["x", "y"]},
        "ns": {"NS": ["1", "2.0"]},
        "bs": {"BS": [b"a", b"b"]},
        "m": {"M": {"inner": {"L": [{"S": "v"}, {"NULL": True}, {"BOOL": False}]}}},
        "empty": {"S": ""},
    }
    ddb.put_item(TableName=table, Item=item)
    stored = _get(ddb, table)
    assert stored["n"] == {"N": "12.5"}
    assert sorted(stored["ns"]["NS"]) == ["1", "2"]
    assert stored["b"] == {"B": b"\x00\x01"}
    assert set(stored["bs"]["BS"]) == {b"a", b"b"}
    assert stored["m"] == item["m"]
    assert stored["empty"] == {"S": ""}


def test_put_return_values_all_old(ddb, table):
    assert "Attributes" not in ddb.put_item(TableName=table, Item={**KEY, "v": {"S": "1"}}, ReturnValues="ALL_OLD")
    old = ddb.put_item(TableName=table, Item={**KEY, "v": {"S": "2"}}, ReturnValues="ALL_OLD")["Attributes"]
    assert old == {**KEY, "v": {"S": "1"}}
    code, message = error_of(ddb.put_item, TableName=table, Item=KEY, ReturnValues="ALL_NEW")
    assert (code, message) == ("ValidationException", "Return values set to invalid value")


def test_conditional_put_failure_returns_item_when_asked(ddb, table):
    ddb.put_item(TableName=table, Item={**KEY, "v": {"N": "1"}})
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException) as caught:
        ddb.put_item(
            TableName=table, Item=KEY, ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert caught.value.response["Error"]["Message"] == "The conditional request failed"
    assert caught.value.response["Item"] == {**KEY, "v": {"N": "1"}}


def test_key_validation(ddb, table):
    code, message = error_of(ddb.put_item, TableName=table, Item={"pk": {"S": "a"}})
    assert message == "One or more parameter values were invalid: Missing the key sk in the item"
    code, message = error_of(ddb.put_item, TableName=table, Item={"pk": {"N": "1"}, "sk": {"N": "1"}})
    assert message == "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"
    code, message = error_of(ddb.get_item, TableName=table, Key={"pk": {"S": "a"}})
    assert (code, message) == ("ValidationException", "The provided key element does not match the schema")
    code, message = error_of(ddb.put_item, TableName=table, Item={"pk": {"S": ""}, "sk": {"N": "1"}})
    assert "The AttributeValue for a key attribute cannot contain an empty string value. Key: pk" in message


@pytest.mark.parametrize(
    "value, message",
    [
        ({"N": "abc"}, "The parameter cannot be converted to a numeric value: abc"),
        ({"N": " 1.5"}, "The parameter cannot be converted to a numeric value:  1.5"),
        ({"N": "Infinity"}, "The parameter cannot be converted to a numeric value: Infinity"),
        ({"N": "1_000"}, "The parameter cannot be converted to a numeric value: 1_000"),
        ({"N": "1" * 39}, "Attempting to store more than 38 significant digits in a Number"),
        ({"N": "1E+126"}, "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        ({"N": "1E-131"}, "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
        ({"SS": []}, "1 validation error detected: One or more parameter values were invalid: An string set  may not be empty"),
        ({"SS": ["a", "a"]}, "One or more parameter values were invalid: Input collection [a, a] contains duplicates."),
    ],
)
def test_value_validation(ddb, table, value, message):
    assert error_of(ddb.put_item, TableName=table, Item={**KEY, "v": value}) == ("ValidationException", message)


def test_38_digit_numbers_are_exact(ddb, table):
    big = "1234567890123456789012345678901234567.8"
    ddb.put_item(TableName=table, Item={**KEY, "v": {"N": big}})
    ddb.update_item(
        TableName=table, Key=KEY, UpdateExpression="SET v = v + :tiny", ExpressionAttributeValues={":tiny": {"N": "0.1"}}
    )
    assert _get(ddb, table)["v"] == {"N": "1234567890123456789012345678901234567.9"}


def test_item_size_limit(ddb, table):
    code, message = error_of(ddb.put_item, TableName=table, Item={**KEY, "v": {"S": "x" * 400 * 1024}})
    assert (code, message) == ("ValidationException", "Item size has exceeded the maximum allowed size")
    ddb.put_item(TableName=table, Item={**KEY, "v": {"S": "x" * (400 * 1024 - 20)}})
    assert len(_get(ddb, table)["v"]["S"]) == 400 * 1024 - 20
    code, message = error_of(ddb.update_item, TableName=table, Key=KEY, UpdateExpression="SET w = :w",
                             ExpressionAttributeValues={":w": {"S": "x" * 100}})
    assert (code, message) == ("ValidationException", "Item size to update has exceeded the maximum allowed size")
    assert "w" not in _get(ddb, table)


@pytest.mark.parametrize(
    "return_values, expected",
    [
        ("NONE", None),
        ("ALL_OLD", {**KEY, "a": {"N": "1"}, "b": {"S": "keep"}}),
        ("UPDATED_OLD", {"a": {"N": "1"}}),
        ("ALL_NEW", {**KEY, "a": {"N": "2"}, "b": {"S": "keep"}, "c": {"S": "new"}}),
        ("UPDATED_NEW", {"a": {"N": "2"}, "c": {"S": "new"}}),
    ],
)
def test_update_return_values(ddb, table, return_values, expected):
    ddb.put_item(TableName=table, Item={**KEY, "a": {"N": "1"}, "b": {"S": "keep"}})
    response = ddb.update_item(
        TableName=table, Key=KEY, UpdateExpression="SET a = a + :one, c = :c",
        ExpressionAttributeValues={":one": {"N": "1"}, ":c": {"S": "new"}}, ReturnValues=return_values,
    )
    assert response.get("Attributes") == expected


def test_update_creates_missing_item(ddb, table):
    ddb.update_item(TableName=table, Key=KEY, UpdateExpression="REMOVE nothing")
    assert _get(ddb, table) == KEY


def test_update_nested_paths_and_lists(ddb, table):
    ddb.put_item(
        TableName=table,
        Item={**KEY, "doc": {"M": {"nums": {"L": [{"N": "0"}, {"N": "1"}, {"N": "2"}]}, "name": {"S": "n"}}}},
    )
    ddb.update_item(
        TableName=table, Key=KEY,
        UpdateExpression="SET doc.nums[1] = :x, doc.nums[9] = :y, doc.extra = list_append(:l, :l) REMOVE doc.#n, doc.nums[0]",
        ExpressionAttributeNames={"#n": "name"},
        ExpressionAttributeValues={":x": {"S": "x"}, ":y": {"S": "y"}, ":l": {"L": [{"N": "7"}]}},
    )
    doc = _get(ddb, table)["doc"]["M"]
    assert doc["nums"] == {"L": [{"S": "x"}, {"N": "2"}, {"S": "y"}]}
    assert doc["extra"] == {"L": [{"N": "7"}, {"N": "7"}]}
    assert "name" not in doc


def test_update_add_and_delete_sets(ddb, table):
    ddb.put_item(TableName=table, Item={**KEY, "tags": {"SS": ["a", "b"]}})
    ddb.update_item(
        TableName=table, Key=KEY, UpdateExpression="ADD tags :more, n :five",
        ExpressionAttributeValues={":more": {"SS": ["c"]}, ":five": {"N": "5"}},
    )
    ddb.update_item(
        TableName=table, Key=KEY, UpdateExpression="DELETE tags :gone", ExpressionAttributeValues={":gone": {"SS": ["a"]}}
    )
    item = _get(ddb, table)
    assert sorted(item["tags"]["SS"]) == ["b", "c"]
    assert item["n"] == {"N": "5"}
    ddb.update_item(
        TableName=table, Key=KEY, UpdateExpression="DELETE tags :all",
        ExpressionAttributeValues={":all": {"SS": ["b", "c"]}},
    )
    assert "tags" not in _get(ddb, table)


def test_update_errors(ddb, table):
    ddb.put_item(TableName=table, Item={**KEY, "s": {"S": "text"}})

    def update(expression, values=None, names=None):
        kwargs = {"ExpressionAttributeValues": values} if values else {}
        if names:
            kwargs["ExpressionAttributeNames"] = names
        return error_of(ddb.update_item, TableName=table, Key=KEY, UpdateExpression=expression, **kwargs)

    one = {":one": {"N": "1"}}
    assert update("SET s = s + :one", one)[1] == "An operand in the update expression has an incorrect data type"
    assert update("SET pk = :one", one)[1] == (
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
    )
    assert update("SET a = :one, a.b = :one", one)[1] == (
        "1 validation error detected: Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these "
        "paths; path one: [a], path two: [a, b]"
    )
    assert update("SET absent.x = :one", one)[1] == (
        "The document path provided in the update expression is invalid for update"
    )
    assert update("SET a = nothing")[1] == "The provided expression refers to an attribute that does not exist in the item"
    assert update("ADD s :s", {":s": {"S": "x"}})[1] == (
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, "
        "typeSet: ALLOWED_FOR_ADD_OPERAND"
    )
    assert update("SET a = :one SET b = :one", one)[1] == (
        '1 validation error detected: Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'
    )


def test_delete_item_with_condition_and_return_values(ddb, table):
    ddb.put_item(TableName=table, Item={**KEY, "v": {"N": "1"}})
    code, _ = error_of(
        ddb.delete_item, TableName=table, Key=KEY, ConditionExpression="v = :two",
        ExpressionAttributeValues={":two": {"N": "2"}},
    )
    assert code == "ConditionalCheckFailedException"
    old = ddb.delete_item(TableName=table, Key=KEY, ReturnValues="ALL_OLD")["Attributes"]
    assert old == {**KEY, "v": {"N": "1"}}
    assert _get(ddb, table) is None


def test_projection_and_attributes_to_get(ddb, table):
    ddb.put_item(TableName=table, Item={**KEY, "a": {"S": "x"}, "m": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}})
    projected = ddb.get_item(TableName=table, Key=KEY, ProjectionExpression="a, m.y")["Item"]
    assert projected == {"a": {"S": "x"}, "m": {"M": {"y": {"N": "2"}}}}
    assert ddb.get_item(TableName=table, Key=KEY, AttributesToGet=["a"])["Item"] == {"a": {"S": "x"}}
    code, message = error_of(
        ddb.get_item, TableName=table, Key=KEY, AttributesToGet=["a"], ProjectionExpression="a"
    )
    assert message == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"
    )


def test_legacy_expected_and_attribute_updates(ddb, table):
    ddb.put_item(TableName=table, Item={**KEY, "v": {"N": "1"}})
    ddb.update_item(
        TableName=table, Key=KEY,
        AttributeUpdates={"v": {"Action": "ADD", "Value": {"N": "2"}}, "w": {"Action": "PUT", "Value": {"S": "x"}}},
        Expected={"v": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "5"}]}},
    )
    assert _get(ddb, table)["v"] == {"N": "3"}
    code, _ = error_of(ddb.put_item, TableName=table, Item=KEY, Expected={"v": {"Exists": False}})
    assert code == "ConditionalCheckFailedException"
    ddb.put_item(TableName=table, Item=KEY, Expected={"w": {"Value": {"S": "x"}}})
    assert _get(ddb, table) == KEY


def test_consumed_capacity(ddb, table):
    put = ddb.put_item(TableName=table, Item=KEY, ReturnConsumedCapacity="TOTAL")
    assert put["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 1.0}
    got = ddb.get_item(TableName=table, Key=KEY, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert got["ConsumedCapacity"]["CapacityUnits"] == 1.0
    assert "ConsumedCapacity" not in ddb.get_item(TableName=table, Key=KEY)


def test_missing_table(ddb):
    code, message = error_of(ddb.put_item, TableName="nothere", Item={"pk": {"S": "a"}})
    assert code == "ResourceNotFoundException"


def test_key_size_limits(ddb, table):
    """Hash keys up to 2048 bytes, range keys up to 1024 (the missing space in "of2048" is AWS's)."""
    ddb.put_item(TableName=table, Item={"pk": {"S": "x" * 2048}, "sk": {"N": "1"}})
    assert error_of(ddb.put_item, TableName=table, Item={"pk": {"S": "é" * 1025}, "sk": {"N": "1"}}) == (
        "ValidationException",
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
    )
    ranged = create_table(ddb, "ranged", range_key=("sk", "S"))
    assert error_of(ddb.get_item, TableName=ranged, Key={"pk": {"S": "a"}, "sk": {"S": "y" * 1025}}) == (
        "ValidationException",
        "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
    )


def test_item_operations_accept_table_arns(ddb, table):
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    ddb.put_item(TableName=arn, Item={**KEY, "v": {"S": "x"}})
    assert ddb.get_item(TableName=table, Key=KEY)["Item"]["v"] == {"S": "x"}
    assert ddb.scan(TableName=arn)["Count"] == 1


def test_missing_table_message_names_the_table_only_in_describe(ddb):
    assert error_of(ddb.get_item, TableName="nothere", Key=KEY) == ("ResourceNotFoundException", "Requested resource not found")
    assert error_of(ddb.describe_table, TableName="nothere") == (
        "ResourceNotFoundException", "Requested resource not found: Table: nothere not found"
    )
