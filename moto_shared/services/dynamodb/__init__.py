"""DynamoDB: tables, items, the expression language, queries, transactions and PartiQL.

Operations are the module-level names below; the dispatcher finds them by
`botocore.xform_name(OperationName)`.
"""

from moto_shared.services.dynamodb.backups import (
    create_backup,
    delete_backup,
    describe_backup,
    describe_continuous_backups,
    list_backups,
    restore_table_from_backup,
    restore_table_to_point_in_time,
    update_continuous_backups,
)
from moto_shared.services.dynamodb.items import (
    batch_get_item,
    batch_write_item,
    delete_item,
    get_item,
    put_item,
    update_item,
)
from moto_shared.services.dynamodb.policies import delete_resource_policy, get_resource_policy, put_resource_policy
from moto_shared.services.dynamodb.partiql import batch_execute_statement, execute_statement, execute_transaction
from moto_shared.services.dynamodb.query import query, scan
from moto_shared.services.dynamodb.transactions import transact_get_items, transact_write_items
from moto_shared.services.dynamodb.transfers import (
    describe_export,
    describe_import,
    export_table_to_point_in_time,
    import_table,
    list_exports,
    list_imports,
)
from moto_shared.services.dynamodb.tables import (
    create_table,
    delete_table,
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
    "create_backup",
    "create_table",
    "delete_backup",
    "delete_item",
    "delete_resource_policy",
    "delete_table",
    "describe_backup",
    "describe_continuous_backups",
    "describe_endpoints",
    "describe_export",
    "describe_import",
    "describe_limits",
    "describe_table",
    "describe_time_to_live",
    "execute_statement",
    "execute_transaction",
    "export_table_to_point_in_time",
    "get_item",
    "get_resource_policy",
    "import_table",
    "list_backups",
    "list_exports",
    "list_imports",
    "list_tables",
    "list_tags_of_resource",
    "put_item",
    "put_resource_policy",
    "query",
    "restore_table_from_backup",
    "restore_table_to_point_in_time",
    "scan",
    "tag_resource",
    "transact_get_items",
    "transact_write_items",
    "untag_resource",
    "update_continuous_backups",
    "update_item",
    "update_table",
    "update_time_to_live",
]
