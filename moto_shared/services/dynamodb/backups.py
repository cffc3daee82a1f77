"""On-demand backups, point-in-time recovery and restores.

A backup is one store record holding a snapshot of the table's description
and all its items, taken in one transaction; lex index `backups` lists their
ARNs for ListBackups. Point-in-time recovery is a flag on the table record:
we keep no history, so a point-in-time restore copies the table as it is now
(the latest restorable time).
"""

from __future__ import annotations

import time
import uuid

from moto_shared.errors import AWSError, validation_error
from moto_shared.services.dynamodb import storage
from moto_shared.services.dynamodb.model import Table, table_name
from moto_shared.services.dynamodb.tables import PRIVATE_FIELDS, add_table, describe, modify_table, table_arn

DEFAULT_RECOVERY_DAYS = 35
#: Table fields a restored table doesn't inherit: its identity, its streams and its policy.
_NOT_RESTORED = ("TableArn", "TableId", "CreationDateTime", "Streams", "LatestStreamLabel", "LatestStreamArn",
                 "StreamSpecification", "ResourcePolicy", "PointInTimeRecovery", "RestoreSummary")


def _table_not_found(name: str) -> AWSError:
    return AWSError("TableNotFoundException", f"Table not found: {name}")


def _backup_not_found(arn: str) -> AWSError:
    return AWSError("BackupNotFoundException", f"Backup not found: {arn}")


def _table_exists(name: str) -> AWSError:
    return AWSError("TableAlreadyExistsException", f"Table already exists: {name}")


def _backup_key(ctx, arn: str) -> str:
    return ctx.key("backup", arn)


def _backups_index(ctx) -> str:
    return ctx.key("backups")


def snapshot(ctx, txn, name: str, missing: AWSError) -> tuple[Table, list[dict]]:
    """A table and all its items, read in the caller's transaction."""
    record = txn.get(storage.table_key(ctx, name))
    if record is None:
        raise missing
    table = Table(record)
    members = txn.lex_range(storage.scan_index(ctx, table.name, table.base))
    records = txn.get_many(storage.item_keys_from_scan(ctx, table, table.base, members))
    return table, [item for item in storage.items_of(records) if item is not None]


def _details(backup: dict) -> dict:
    return {name: backup[name] for name in ("BackupArn", "BackupName", "BackupSizeBytes", "BackupStatus",
                                            "BackupType", "BackupCreationDateTime")}


def _description(backup: dict, status: str | None = None) -> dict:
    source = backup["Table"]
    return {
        "BackupDetails": {**_details(backup), **({"BackupStatus": status} if status else {})},
        "SourceTableDetails": {
            "TableName": source["TableName"],
            "TableId": source["TableId"],
            "TableArn": source["TableArn"],
            "TableSizeBytes": 0,
            "KeySchema": source["KeySchema"],
            "TableCreationDateTime": source["CreationDateTime"],
            "ProvisionedThroughput": {k: v for k, v in source["ProvisionedThroughput"].items()
                                      if k in ("ReadCapacityUnits", "WriteCapacityUnits")},
            "ItemCount": len(backup["Items"]),
            "BillingMode": source["BillingModeSummary"]["BillingMode"],
        },
    }


def create_backup(ctx, TableName: str, BackupName: str) -> dict:
    name = table_name(TableName)

    def create(txn):
        table, items = snapshot(ctx, txn, name, _table_not_found(name))
        now = ctx.now()
        arn = f"{table.record['TableArn']}/backup/{int(time.time() * 1000):017d}-{uuid.uuid4().hex[:8]}"
        backup = {
            "BackupArn": arn,
            "BackupName": BackupName,
            "BackupSizeBytes": 0,
            "BackupStatus": "AVAILABLE",
            "BackupType": "USER",
            "BackupCreationDateTime": now,
            "Table": {k: v for k, v in table.record.items() if k not in PRIVATE_FIELDS},
            "Items": items,
        }
        txn.put(_backup_key(ctx, arn), backup)
        txn.lex_add(_backups_index(ctx), arn)
        return backup

    return {"BackupDetails": _details(ctx.store.transact(create))}


def _load_backup(ctx, arn: str, reads=None) -> dict:
    backup = (reads or ctx.store).get(_backup_key(ctx, arn))
    if backup is None:
        raise _backup_not_found(arn)
    return backup


def describe_backup(ctx, BackupArn: str) -> dict:
    return {"BackupDescription": _description(_load_backup(ctx, BackupArn))}


def delete_backup(ctx, BackupArn: str) -> dict:
    def delete(txn):
        backup = _load_backup(ctx, BackupArn, txn)
        txn.delete(_backup_key(ctx, BackupArn))
        txn.lex_remove(_backups_index(ctx), BackupArn)
        return backup

    return {"BackupDescription": _description(ctx.store.transact(delete), status="DELETED")}


def list_backups(ctx, TableName: str | None = None, BackupType: str = "ALL", Limit: int | None = None,
                 ExclusiveStartBackupArn: str | None = None, TimeRangeLowerBound=None, TimeRangeUpperBound=None) -> dict:
    arns = ctx.store.lex_range(_backups_index(ctx), ExclusiveStartBackupArn, None, start_inclusive=False)
    backups = [b for b in ctx.store.get_many([_backup_key(ctx, arn) for arn in arns]) if b is not None]
    wanted = table_name(TableName) if TableName else None
    summaries = [
        {**_details(b), "TableName": b["Table"]["TableName"], "TableId": b["Table"]["TableId"],
         "TableArn": b["Table"]["TableArn"]}
        for b in backups
        if (wanted is None or b["Table"]["TableName"] == wanted)
        and BackupType in ("ALL", b["BackupType"])
        and (TimeRangeLowerBound is None or b["BackupCreationDateTime"] >= TimeRangeLowerBound)
        and (TimeRangeUpperBound is None or b["BackupCreationDateTime"] < TimeRangeUpperBound)
    ]
    result = {"BackupSummaries": summaries[:Limit] if Limit else summaries}
    if Limit and len(summaries) > Limit:
        result["LastEvaluatedBackupArn"] = summaries[Limit - 1]["BackupArn"]
    return result


def _restore(ctx, txn, source: dict, items: list[dict], target: str, summary: dict) -> dict:
    """A new table shaped like `source` holding `items`, written in the caller's transaction."""
    now = ctx.now()
    arn = table_arn(ctx, target)
    record = {k: v for k, v in source.items() if k not in _NOT_RESTORED}
    record.update({
        "TableName": target,
        "TableArn": arn,
        "TableId": str(uuid.uuid4()),
        "CreationDateTime": now,
        "RestoreSummary": {**summary, "RestoreDateTime": now, "RestoreInProgress": False},
        "Tags": [],
        "TimeToLive": {"TimeToLiveStatus": "DISABLED"},
        "Streams": [],
    })
    for field in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        for index in record.get(field, ()):
            index["IndexArn"] = f"{arn}/index/{index['IndexName']}"
    add_table(ctx, txn, record, _table_exists(target))
    table = Table(record)
    writer = storage.Writer(ctx, txn)
    writer.tables[target] = table
    writer.stream_counters[target] = 0
    for item in items:
        writer.write(table, None, item)
    return record


def restore_table_from_backup(ctx, TargetTableName: str, BackupArn: str, **_ignored) -> dict:
    def restore(txn):
        backup = _load_backup(ctx, BackupArn, txn)
        source = backup["Table"]
        summary = {"SourceBackupArn": BackupArn, "SourceTableArn": source["TableArn"]}
        return _restore(ctx, txn, source, backup["Items"], TargetTableName, summary)

    record = ctx.store.transact(restore)
    return {"TableDescription": describe(ctx, Table(record))}


def restore_table_to_point_in_time(ctx, TargetTableName: str, SourceTableName: str | None = None,
                                   SourceTableArn: str | None = None, **_ignored) -> dict:
    name = table_name(SourceTableName or SourceTableArn or "")

    def restore(txn):
        table, items = snapshot(ctx, txn, name, AWSError("SourceTableNotFoundException",
                                                          f"Source table not found: {name}"))
        if txn.get(storage.table_key(ctx, TargetTableName)) is not None:
            raise _table_exists(TargetTableName)
        if not table.record.get("PointInTimeRecovery"):
            raise point_in_time_unavailable(name)
        summary = {"SourceTableArn": table.record["TableArn"]}
        return _restore(ctx, txn, table.record, items, TargetTableName, summary)

    record = ctx.store.transact(restore)
    return {"TableDescription": describe(ctx, Table(record))}


def point_in_time_unavailable(name: str) -> AWSError:
    return AWSError("PointInTimeRecoveryUnavailableException",
                    f"Point in time recovery is not enabled for table '{name}'")


def _continuous_backups(record: dict) -> dict:
    recovery = record.get("PointInTimeRecovery")
    description = {"PointInTimeRecoveryStatus": "ENABLED" if recovery else "DISABLED"}
    if recovery:
        description.update({
            "RecoveryPeriodInDays": recovery["RecoveryPeriodInDays"],
            "EarliestRestorableDateTime": recovery["EnabledAt"],
            "LatestRestorableDateTime": recovery["EnabledAt"],
        })
    return {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": description}


def describe_continuous_backups(ctx, TableName: str) -> dict:
    name = table_name(TableName)
    record = ctx.store.get(storage.table_key(ctx, name))
    if record is None:
        raise _table_not_found(name)
    return {"ContinuousBackupsDescription": _continuous_backups(record)}


def update_continuous_backups(ctx, TableName: str, PointInTimeRecoverySpecification: dict) -> dict:
    name = table_name(TableName)
    enabled = PointInTimeRecoverySpecification["PointInTimeRecoveryEnabled"]
    days = PointInTimeRecoverySpecification.get("RecoveryPeriodInDays", DEFAULT_RECOVERY_DAYS)
    if not 1 <= days <= DEFAULT_RECOVERY_DAYS:
        raise validation_error(f"RecoveryPeriodInDays must be between 1 and {DEFAULT_RECOVERY_DAYS}")
    if ctx.store.get(storage.table_key(ctx, name)) is None:
        raise _table_not_found(name)

    def set_recovery(record):
        current = record.get("PointInTimeRecovery")
        if not enabled:
            record.pop("PointInTimeRecovery", None)
        elif not current or current["RecoveryPeriodInDays"] != days:
            enabled_at = current["EnabledAt"] if current else ctx.now().replace(microsecond=0)
            record["PointInTimeRecovery"] = {"RecoveryPeriodInDays": days, "EnabledAt": enabled_at}

    record = modify_table(ctx, name, set_recovery)
    return {"ContinuousBackupsDescription": _continuous_backups(record)}

