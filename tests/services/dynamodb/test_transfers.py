"""ImportTable from S3 and ExportTableToPointInTime to S3, with their Describe and List calls."""

from __future__ import annotations

import gzip
import json

import pytest
from ddb_support import REGION, error_of

BUCKET = "transfers"
KEYED_BY_PK = {
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "BillingMode": "PAY_PER_REQUEST",
}


@pytest.fixture
def s3(ddb, _session):
    client = _session.client("s3")
    client.create_bucket(Bucket=BUCKET)
    return client


def _import(ddb, name="imported", prefix=None, **kwargs):
    source = {"S3Bucket": kwargs.pop("bucket", BUCKET), **({"S3KeyPrefix": prefix} if prefix else {})}
    kwargs.setdefault("InputFormat", "DYNAMODB_JSON")
    description = ddb.import_table(S3BucketSource=source, TableCreationParameters={"TableName": name, **KEYED_BY_PK},
                                   **kwargs)["ImportTableDescription"]
    assert ddb.describe_import(ImportArn=description["ImportArn"])["ImportTableDescription"] == description
    return description


def _pks(ddb, table):
    return sorted(item["pk"]["S"] for item in ddb.scan(TableName=table)["Items"])


def test_import_dynamodb_json_with_and_without_newlines_and_binary(ddb, s3):
    lines = [{"Item": {"pk": {"S": f"a{n}"}, "blob": {"B": "YmFy"}, "tags": {"SS": ["x"]}}} for n in range(3)]
    body = "\n".join(json.dumps(line) for line in lines) + json.dumps({"Item": {"pk": {"S": "b"}}})
    s3.put_object(Bucket=BUCKET, Key="part-1", Body=body)

    description = _import(ddb, InputCompressionType="NONE")

    assert description["ImportStatus"] == "COMPLETED"
    assert (description["ProcessedItemCount"], description["ImportedItemCount"], description["ErrorCount"]) == (4, 4, 0)
    assert description["ProcessedSizeBytes"] == len(body)
    assert description["ImportArn"].startswith(description["TableArn"] + "/import/")
    assert _pks(ddb, "imported") == ["a0", "a1", "a2", "b"]
    assert ddb.get_item(TableName="imported", Key={"pk": {"S": "a1"}})["Item"]["blob"] == {"B": b"bar"}


def test_import_reads_gzip_objects_under_the_prefix_only(ddb, s3):
    s3.put_object(Bucket=BUCKET, Key="in/one.json.gz", Body=gzip.compress(b'{"Item": {"pk": {"S": "in"}}}'))
    s3.put_object(Bucket=BUCKET, Key="out/two.json.gz", Body=gzip.compress(b'{"Item": {"pk": {"S": "out"}}}'))

    description = _import(ddb, prefix="in/", InputCompressionType="GZIP")

    assert (description["ImportStatus"], description["ImportedItemCount"]) == ("COMPLETED", 1)
    assert _pks(ddb, "imported") == ["in"]


def test_import_reads_every_listing_page(ddb, s3, monkeypatch):
    monkeypatch.setenv("MOTO_S3_DEFAULT_MAX_KEYS", "2")  # S3 listings of 2 keys a page
    for n in range(5):
        s3.put_object(Bucket=BUCKET, Key=f"part-{n}", Body=json.dumps({"Item": {"pk": {"S": f"k{n}"}}}))
    assert _import(ddb)["ImportedItemCount"] == 5
    assert _pks(ddb, "imported") == [f"k{n}" for n in range(5)]


def test_import_csv_types_keys_from_the_definitions(ddb, s3):
    s3.put_object(Bucket=BUCKET, Key="rows.csv", Body="pk;count;note\nk1;5;hello\nk2;7;\n")
    ddb.import_table(
        S3BucketSource={"S3Bucket": BUCKET}, InputFormat="CSV", InputFormatOptions={"Csv": {"Delimiter": ";"}},
        TableCreationParameters={"TableName": "csv", **KEYED_BY_PK},
    )
    assert ddb.get_item(TableName="csv", Key={"pk": {"S": "k1"}})["Item"] == {
        "pk": {"S": "k1"}, "count": {"S": "5"}, "note": {"S": "hello"}}
    assert ddb.get_item(TableName="csv", Key={"pk": {"S": "k2"}})["Item"] == {"pk": {"S": "k2"}, "count": {"S": "7"}}


def test_import_counts_errors_keeps_valid_items_and_fails(ddb, s3):
    s3.put_object(Bucket=BUCKET, Key="good", Body='{"Item": {"pk": {"S": "ok"}}}')
    s3.put_object(Bucket=BUCKET, Key="bad", Body='{"pk": {"S": "no wrapper"}}\n{"Item": {"pk": {"S": "skipped"}}}')
    s3.put_object(Bucket=BUCKET, Key="wrong-key-type", Body='{"Item": {"pk": {"N": "1"}}}')

    description = _import(ddb)

    assert description["ImportStatus"] == "FAILED"
    assert (description["ProcessedItemCount"], description["ImportedItemCount"], description["ErrorCount"]) == (3, 1, 2)
    assert _pks(ddb, "imported") == ["ok"]


def test_import_counts_undecodable_objects_and_ill_typed_values(ddb, s3):
    s3.put_object(Bucket=BUCKET, Key="good.gz", Body=gzip.compress(b'{"Item": {"pk": {"S": "ok"}}}'))
    s3.put_object(Bucket=BUCKET, Key="not-gzip", Body=b'{"Item": {"pk": {"S": "plain"}}}')
    s3.put_object(Bucket=BUCKET, Key="ill-typed.gz", Body=gzip.compress(b'{"Item": {"pk": {"S": 5}}}'))
    s3.put_object(Bucket=BUCKET, Key="archived.gz", Body=gzip.compress(b'{"Item": {"pk": {"S": "cold"}}}'),
                  StorageClass="GLACIER")

    description = _import(ddb, InputCompressionType="GZIP")

    assert (description["ImportStatus"], description["ErrorCount"], description["ImportedItemCount"]) == ("FAILED", 3, 1)
    assert _pks(ddb, "imported") == ["ok"]


def test_import_from_a_missing_bucket_fails_without_a_table(ddb, s3):
    description = _import(ddb, bucket="no-such-bucket")
    assert (description["ImportStatus"], description["FailureCode"]) == ("FAILED", "S3NoSuchBucket")
    assert description["FailureMessage"] == "The specified bucket does not exist"
    assert ddb.list_tables()["TableNames"] == []


def test_import_validates_the_table_and_refuses_an_existing_one(ddb, s3):
    code, message = error_of(ddb.import_table, S3BucketSource={"S3Bucket": BUCKET}, InputFormat="DYNAMODB_JSON",
                             TableCreationParameters={"TableName": "tbl", **KEYED_BY_PK, "BillingMode": "PROVISIONED"})
    assert (code, message) == ("ValidationException", "One or more parameter values were invalid: ReadCapacityUnits "
                               "and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
    _import(ddb, name="tbl")
    assert error_of(_import, ddb, name="tbl") == ("ResourceInUseException", "Table already exists: tbl")


def test_list_imports_filters_by_table_and_pages(ddb, s3):
    arns = [_import(ddb, name=f"tbl{n}")["ImportArn"] for n in range(3)]
    assert sorted(s["ImportArn"] for s in ddb.list_imports()["ImportSummaryList"]) == sorted(arns)
    table_arn = ddb.describe_table(TableName="tbl1")["Table"]["TableArn"]
    assert [s["ImportArn"] for s in ddb.list_imports(TableArn=table_arn)["ImportSummaryList"]] == [arns[1]]
    first = ddb.list_imports(PageSize=2)
    second = ddb.list_imports(PageSize=2, NextToken=first["NextToken"])
    assert len(first["ImportSummaryList"]) == 2 and "NextToken" not in second
    assert {s["ImportArn"] for s in first["ImportSummaryList"] + second["ImportSummaryList"]} == set(arns)
    assert error_of(ddb.describe_import, ImportArn=arns[0] + "x")[0] == "ImportNotFoundException"


def _pitr_table(ddb, name="source"):
    ddb.create_table(TableName=name, **KEYED_BY_PK)
    ddb.update_continuous_backups(TableName=name,
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    return ddb.describe_table(TableName=name)["Table"]["TableArn"]


def test_export_writes_aws_layout_and_round_trips_through_import(ddb, s3):
    table_arn = _pitr_table(ddb)
    for n in range(3):
        ddb.put_item(TableName="source", Item={"pk": {"S": f"u{n}"}, "data": {"B": b"\x00\xff"}, "n": {"N": str(n)}})

    export = ddb.export_table_to_point_in_time(TableArn=table_arn, S3Bucket=BUCKET, S3Prefix="backups")["ExportDescription"]

    assert (export["ExportStatus"], export["ItemCount"], export["ExportFormat"]) == ("COMPLETED", 3, "DYNAMODB_JSON")
    assert ddb.describe_export(ExportArn=export["ExportArn"])["ExportDescription"] == export
    folder = f"backups/AWSDynamoDB/{export['ExportArn'].rsplit('/', 1)[1]}"
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix="backups/")["Contents"]}
    assert {f"{folder}/{name}" for name in ("_started", "manifest-summary.json", "manifest-files.json")} <= keys
    assert export["ExportManifest"] == f"{folder}/manifest-summary.json"
    summary = json.loads(s3.get_object(Bucket=BUCKET, Key=export["ExportManifest"])["Body"].read())
    assert (summary["exportArn"], summary["itemCount"], summary["tableArn"]) == (export["ExportArn"], 3, table_arn)
    manifest = json.loads(s3.get_object(Bucket=BUCKET, Key=summary["manifestFilesS3Key"])["Body"].read())
    data = gzip.decompress(s3.get_object(Bucket=BUCKET, Key=manifest["dataFileS3Key"])["Body"].read())
    rows = [json.loads(line) for line in data.decode().splitlines()]
    assert {"Item": {"pk": {"S": "u1"}, "data": {"B": "AP8="}, "n": {"N": "1"}}} in rows

    imported = _import(ddb, name="copy", prefix=f"{folder}/data/", InputCompressionType="GZIP")
    assert (imported["ImportStatus"], imported["ImportedItemCount"]) == ("COMPLETED", 3)
    assert ddb.get_item(TableName="copy", Key={"pk": {"S": "u2"}})["Item"]["data"] == {"B": b"\x00\xff"}


def test_export_errors(ddb, s3):
    missing = f"arn:aws:dynamodb:{REGION}:123456789012:table/missing"
    assert error_of(ddb.export_table_to_point_in_time, TableArn=missing, S3Bucket=BUCKET) == (
        "TableNotFoundException", f"Table not found: {missing}")
    ddb.create_table(TableName="plain", **KEYED_BY_PK)
    plain_arn = ddb.describe_table(TableName="plain")["Table"]["TableArn"]
    assert error_of(ddb.export_table_to_point_in_time, TableArn=plain_arn, S3Bucket=BUCKET) == (
        "PointInTimeRecoveryUnavailableException", "Point in time recovery is not enabled for table 'plain'")

    failed = ddb.export_table_to_point_in_time(TableArn=_pitr_table(ddb), S3Bucket="no-such-bucket")["ExportDescription"]
    assert (failed["ExportStatus"], failed["FailureCode"]) == ("FAILED", "S3NoSuchBucket")


def test_list_exports(ddb, s3):
    table_arn = _pitr_table(ddb)
    arns = {ddb.export_table_to_point_in_time(TableArn=table_arn, S3Bucket=BUCKET)["ExportDescription"]["ExportArn"]
            for _ in range(2)}
    summaries = ddb.list_exports(TableArn=table_arn)["ExportSummaries"]
    assert {s["ExportArn"] for s in summaries} == arns
    assert {(s["ExportStatus"], s["ExportType"]) for s in summaries} == {("COMPLETED", "FULL_EXPORT")}
    assert ddb.list_exports(TableArn=table_arn + "-other")["ExportSummaries"] == []
