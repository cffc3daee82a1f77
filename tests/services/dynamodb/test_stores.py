"""One end-to-end pass over every store: the layout (records, lex indexes, streams) behaves the same."""

from __future__ import annotations

from ddb_support import create_table
from moto_shared import mock_aws


def test_lifecycle_on_each_store(store_url, _client):
    with mock_aws(store=store_url):
        client = _client
        create_table(
            client, "stored", range_key=("sk", "N"), attributes={"g": "S"},
            GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )
        for i in range(-3, 4):
            client.put_item(TableName="stored", Item={"pk": {"S": "p"}, "sk": {"N": str(i)}, "g": {"S": "x"}})
        found = client.query(TableName="stored", KeyConditionExpression="pk = :p AND sk > :z",
                             ExpressionAttributeValues={":p": {"S": "p"}, ":z": {"N": "-2"}})["Items"]
        assert [i["sk"]["N"] for i in found] == ["-1", "0", "1", "2", "3"]
        by_g = client.query(TableName="stored", IndexName="by-g", KeyConditionExpression="g = :x",
                            ExpressionAttributeValues={":x": {"S": "x"}})
        assert by_g["Count"] == 7
        assert client.describe_table(TableName="stored")["Table"]["ItemCount"] == 7
        client.delete_table(TableName="stored")
        create_table(client, "stored")
        assert client.scan(TableName="stored")["Count"] == 0
        client.delete_table(TableName="stored")
        assert client.list_tables()["TableNames"] == []
