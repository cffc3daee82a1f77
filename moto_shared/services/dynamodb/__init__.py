"""DynamoDB: tables, items, the expression language, queries, transactions and PartiQL.

Operations are the module-level names below; the dispatcher finds them by
`botocore.xform_name(OperationName)`.
"""

from moto_shared.services.dynamodb.items import (
    batch_get_item,
    batch_write_item,
    delete_item,
    get_item,
    put_item,
    update_item,
)
from moto_shared.services.dynamodb.partiql import batch_execute_statement, execute_statement, execute_transaction
from moto_shared.services.dynamodb.query import query, scan
from moto_shared.services.dynamodb.transactions import transact_get_items, transact_write_items
from moto_shared.services.dynamodb.tables import (
    create_table,
    delete_table,
    describe_continuous_backups,
    describe_endpoints,
    describe_limits,
    describe_table,
    describe_time_to_live,
    list_tables,
    list_tags_of_resource,
    tag_resource,
    untag_resource,
    update_table,
    update_time_to_live,
)

__all__ = [
    "batch_execute_statement",
    "batch_get_item",
    "batch_write_item",
    "create_table",
    "delete_item",
    "delete_table",
    "describe_continuous_backups",
    "describe_endpoints",
    "describe_limits",
    "describe_table",
    "describe_time_to_live",
    "execute_statement",
    "execute_transaction",
    "get_item",
    "list_tables",
    "list_tags_of_resource",
    "put_item",
    "query",
    "scan",
    "tag_resource",
    "transact_get_items",
    "transact_write_items",
    "untag_resource",
    "update_item",
    "update_table",
    "update_time_to_live",
]
