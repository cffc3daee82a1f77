"""A JSON request whose value has the wrong JSON type gets AWS's SerializationException, as botocore reads it.

boto3 validates params before sending, so these requests come from clients with
validation off (or other SDKs); the error must still be DynamoDB's own, not a
generic XML error botocore can only read as code '400'.
"""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from moto_shared import mock_aws


@pytest.fixture
def dynamodb():
    with mock_aws():
        client = boto3.client(
            "dynamodb", region_name="us-east-1", config=Config(parameter_validation=False)
        )
        client.create_table(
            TableName="items",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield client


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (123, "NUMBER_VALUE cannot be converted to String"),
        (True, "TRUE_VALUE cannot be converted to String"),
        ({"a": 1}, "Start of structure or map found where not expected"),
        (["a"], "Start of list found where not expected"),
    ],
)
def test_wrong_json_type_is_a_serialization_exception(dynamodb, value, message) -> None:
    with pytest.raises(ClientError) as raised:
        dynamodb.put_item(TableName="items", Item={"pk": {"S": value}})
    error = raised.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("SerializationException", message)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert dynamodb.scan(TableName="items")["Count"] == 0
