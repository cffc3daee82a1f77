"""Backups, point-in-time recovery and restores."""

from __future__ import annotations

from ddb_support import error_of


def _put(ddb, table: str, count: int) -> None:
    for number in range(count):
        ddb.put_item(TableName=table, Item={"pk": {"S": f"p{number}"}, "v": {"N": str(number)}})


def test_backup_snapshot_survives_later_writes_and_restores(ddb, hash_table):
    _put(ddb, hash_table, 3)
    details = ddb.create_backup(TableName=hash_table, BackupName="nightly")["BackupDetails"]
    assert (details["BackupName"], details["BackupStatus"], details["BackupType"]) == ("nightly", "AVAILABLE", "USER")
    _put(ddb, hash_table, 5)

    source = ddb.describe_backup(BackupArn=details["BackupArn"])["BackupDescription"]["SourceTableDetails"]
    assert (source["TableName"], source["ItemCount"]) == (hash_table, 3)

    restored = ddb.restore_table_from_backup(TargetTableName="copy", BackupArn=details["BackupArn"])["TableDescription"]
    assert (restored["TableName"], restored["ItemCount"]) == ("copy", 3)
    assert restored["RestoreSummary"]["SourceBackupArn"] == details["BackupArn"]
    assert ddb.get_item(TableName="copy", Key={"pk": {"S": "p2"}})["Item"]["v"] == {"N": "2"}
    assert ddb.scan(TableName="copy")["Count"] == 3


def test_list_and_delete_backups(ddb, hash_table, table):
    arns = [ddb.create_backup(TableName=name, BackupName="bkp")["BackupDetails"]["BackupArn"] for name in (hash_table, table)]
    assert len(set(arns)) == 2
    assert len(ddb.list_backups()["BackupSummaries"]) == 2
    assert [s["BackupArn"] for s in ddb.list_backups(TableName=table)["BackupSummaries"]] == [arns[1]]

    deleted = ddb.delete_backup(BackupArn=arns[0])["BackupDescription"]["BackupDetails"]
    assert deleted["BackupStatus"] == "DELETED"
    assert len(ddb.list_backups()["BackupSummaries"]) == 1
    assert error_of(ddb.describe_backup, BackupArn=arns[0]) == ("BackupNotFoundException", f"Backup not found: {arns[0]}")


def test_backup_and_restore_errors(ddb, hash_table):
    assert error_of(ddb.create_backup, TableName="nothere", BackupName="bkp") == (
        "TableNotFoundException", "Table not found: nothere"
    )
    arn = ddb.create_backup(TableName=hash_table, BackupName="bkp")["BackupDetails"]["BackupArn"]
    assert error_of(ddb.restore_table_from_backup, TargetTableName=hash_table, BackupArn=arn) == (
        "TableAlreadyExistsException", f"Table already exists: {hash_table}"
    )


def test_point_in_time_recovery_gates_restores(ddb, hash_table):
    _put(ddb, hash_table, 2)
    code, _ = error_of(ddb.restore_table_to_point_in_time, SourceTableName=hash_table, TargetTableName="copy")
    assert code == "PointInTimeRecoveryUnavailableException"

    spec = {"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7}
    recovery = ddb.update_continuous_backups(TableName=hash_table, PointInTimeRecoverySpecification=spec)[
        "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert (recovery["PointInTimeRecoveryStatus"], recovery["RecoveryPeriodInDays"]) == ("ENABLED", 7)
    described = ddb.describe_continuous_backups(TableName=hash_table)["ContinuousBackupsDescription"]
    assert described["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"

    restored = ddb.restore_table_to_point_in_time(SourceTableName=hash_table, TargetTableName="copy")
    assert restored["TableDescription"]["ItemCount"] == 2
    assert error_of(ddb.restore_table_to_point_in_time, SourceTableName="nothere", TargetTableName="xyz") == (
        "SourceTableNotFoundException", "Source table not found: nothere"
    )

    disabled = ddb.update_continuous_backups(
        TableName=hash_table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False}
    )["ContinuousBackupsDescription"]
    assert disabled == {"ContinuousBackupsStatus": "ENABLED",
                        "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}
    assert error_of(ddb.describe_continuous_backups, TableName="nothere") == (
        "TableNotFoundException", "Table not found: nothere"
    )
