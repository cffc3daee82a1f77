"""Every writer stores an item's size with it (Query and Scan read it for the 1 MB page and capacity)."""

from __future__ import annotations

import uuid

from ddb_support import REGION, create_table
from moto_shared import mock_aws
from moto_shared.services.dynamodb.storage import record_id
from moto_shared.services.dynamodb.values import item_size
from moto_shared.store import open_store


def _stored_records(namespace, table: str, items: list[dict]) -> list:
    keys = [f"dynamodb|123456789012|{REGION}|item|{table}|{record_id({'pk': item['pk']})}" for item in items]
    return namespace.get_many(keys)


def test_each_writer_stores_the_size_it_would_compute(_client):
    name = f"ddb-sizes-{uuid.uuid4().hex[:8]}"
    with mock_aws(store="memory://", namespace=name):
        create_table(_client, "sized", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        _client.put_item(TableName="sized", Item={"pk": {"S": "put"}, "n": {"N": "1.50"}, "tags": {"SS": ["é", "b"]}})
        _client.put_item(TableName="sized", Item={"pk": {"S": "updated"}, "v": {"S": "short"}})
        _client.update_item(TableName="sized", Key={"pk": {"S": "updated"}}, UpdateExpression="SET v = :v, m = :m",
                            ExpressionAttributeValues={":v": {"S": "x" * 300}, ":m": {"M": {"l": {"L": [{"N": "7"}]}}}})
        _client.batch_write_item(RequestItems={"sized": [{"PutRequest": {"Item": {"pk": {"S": "batch"}, "b": {"B": b"12"}}}}]})
        _client.transact_write_items(TransactItems=[
            {"Put": {"TableName": "sized", "Item": {"pk": {"S": "transact"}, "ok": {"BOOL": True}}}},
            {"Update": {"TableName": "sized", "Key": {"pk": {"S": "put"}}, "UpdateExpression": "ADD n :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        ])
        _client.execute_statement(Statement="INSERT INTO sized VALUE {'pk': 'partiql', 'note': 'inserted'}")
        _client.execute_statement(Statement="UPDATE sized SET note = 'longer than before' WHERE pk = 'partiql'")
        backup = _client.create_backup(TableName="sized", BackupName="bkp")["BackupDetails"]["BackupArn"]
        _client.restore_table_from_backup(TargetTableName="restored", BackupArn=backup)

        namespace = open_store("memory://").namespace(name)
        for table in ("sized", "restored"):
            items = _client.scan(TableName=table)["Items"]
            assert len(items) == 5
            for item, (size, stored) in zip(items, _stored_records(namespace, table, items)):
                assert stored == item
                assert size == item_size(item)
