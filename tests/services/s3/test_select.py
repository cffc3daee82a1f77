"""SelectObjectContent: the SQL subset over CSV and JSON, its event stream and its errors."""

from __future__ import annotations

import bz2
import gzip
import json

import pytest

from s3_support import error_of

CSV = "name,city,age\nana,lisbon,31\nbo,oslo,45\ncy,lisbon,27\n"
LINES = "\n".join(json.dumps(row) for row in [
    {"name": "ana", "tags": ["a"], "age": 31}, {"name": "bo", "age": 45, "extra": None}, {"name": "cy", "age": 27}])


def select(s3, bucket, key, expression, input_serialization, output_serialization=None, **extra) -> list[dict]:
    response = s3.select_object_content(
        Bucket=bucket, Key=key, Expression=expression, ExpressionType="SQL",
        InputSerialization=input_serialization, OutputSerialization=output_serialization or {"JSON": {}}, **extra)
    return list(response["Payload"])


def records(events: list[dict]) -> bytes:
    return b"".join(event["Records"]["Payload"] for event in events if "Records" in event)


@pytest.fixture
def data(s3, bucket) -> str:
    s3.put_object(Bucket=bucket, Key="people.csv", Body=CSV)
    s3.put_object(Bucket=bucket, Key="people.csv.gz", Body=gzip.compress(CSV.encode()))
    s3.put_object(Bucket=bucket, Key="people.jsonl", Body=LINES)
    s3.put_object(Bucket=bucket, Key="people.jsonl.bz2", Body=bz2.compress(LINES.encode()))
    return bucket


def test_the_answer_is_records_stats_and_end(s3, data):
    events = select(s3, data, "people.jsonl", "SELECT * FROM S3Object", {"JSON": {"Type": "LINES"}},
                    {"JSON": {"RecordDelimiter": ","}})
    assert [next(iter(event)) for event in events] == ["Records", "Stats", "End"]
    assert records(events) == b'{"name":"ana","tags":["a"],"age":31},{"name":"bo","age":45,"extra":null},' \
                              b'{"name":"cy","age":27},'
    assert events[1]["Stats"]["Details"] == {"BytesScanned": len(LINES), "BytesProcessed": len(LINES),
                                             "BytesReturned": len(records(events))}


def test_csv_with_a_header_row(s3, data):
    csv_input = {"CSV": {"FileHeaderInfo": "USE"}}
    assert records(select(s3, data, "people.csv", "SELECT s.name, s.age FROM S3Object s WHERE s.city = 'lisbon'",
                          csv_input)) == b'{"name":"ana","age":"31"}\n{"name":"cy","age":"27"}\n'
    assert records(select(s3, data, "people.csv", "select count(*) from s3object s where s.age > 30",
                          csv_input)) == b'{"_1":2}\n'
    assert records(select(s3, data, "people.csv", "SELECT * FROM S3Object LIMIT 1", csv_input,
                          {"CSV": {"FieldDelimiter": ";"}})) == b"ana;lisbon;31\n"
    assert records(select(s3, data, "people.csv", "SELECT * FROM S3Object s WHERE s.\"name\" = 'bo'",
                          csv_input)) == b'{"name":"bo","city":"oslo","age":"45"}\n'


def test_csv_without_a_header_row_is_positional(s3, data):
    assert records(select(s3, data, "people.csv", "SELECT COUNT(*) FROM S3Object", {"CSV": {}},
                          {"CSV": {"RecordDelimiter": "|"}})) == b"4|"
    assert records(select(s3, data, "people.csv", "SELECT s._1 FROM S3Object s WHERE s._2 = 'oslo'",
                          {"CSV": {}})) == b'{"_1":"bo"}\n'


def test_compressed_input(s3, data):
    assert records(select(s3, data, "people.csv.gz", "SELECT count(*) AS n FROM S3Object",
                          {"CSV": {"FileHeaderInfo": "IGNORE"}, "CompressionType": "GZIP"})) == b'{"n":3}\n'
    events = select(s3, data, "people.jsonl.bz2", "SELECT * FROM S3Object s WHERE s.age < 30 OR s.name = 'ana'",
                    {"JSON": {"Type": "LINES"}, "CompressionType": "BZIP2"}, RequestProgress={"Enabled": True})
    assert records(events) == b'{"name":"ana","tags":["a"],"age":31}\n{"name":"cy","age":27}\n'
    progress = next(event["Progress"]["Details"] for event in events if "Progress" in event)
    assert progress["BytesScanned"] < progress["BytesProcessed"] == len(LINES)


def test_json_document_paths(s3, bucket):
    s3.put_object(Bucket=bucket, Key="doc.json", Body=json.dumps({"team": [{"n": 1}, {"n": 2}], "flag": True}))
    s3.put_object(Bucket=bucket, Key="list.json", Body=json.dumps([1, 2]))
    document = {"JSON": {"Type": "DOCUMENT"}}
    assert records(select(s3, bucket, "doc.json", "SELECT * FROM S3Object[*].team[*] t WHERE t.n >= 2",
                          document)) == b'{"n":2}\n'
    assert records(select(s3, bucket, "doc.json", "SELECT s.team[0].n, s.flag FROM S3Object s", document)) == (
        b'{"n":1,"flag":true}\n')
    # Values that aren't objects are wrapped; a path that leads nowhere projects an empty record.
    assert records(select(s3, bucket, "list.json", "SELECT * FROM S3Object", document)) == b'{"_1":[1,2]}\n'
    assert records(select(s3, bucket, "list.json", "SELECT * FROM S3Object[*].missing", document)) == b"{}\n"


def test_no_matching_rows_sends_no_records_event(s3, data):
    events = select(s3, data, "people.jsonl", "SELECT * FROM S3Object s WHERE s.name = 'nobody'",
                    {"JSON": {"Type": "LINES"}})
    assert [next(iter(event)) for event in events] == ["Stats", "End"]


def test_errors(s3, data):
    def error(expression="SELECT * FROM S3Object", key="people.csv", **overrides):
        params = {"Bucket": data, "Key": key, "Expression": expression, "ExpressionType": "SQL",
                  "InputSerialization": {"CSV": {}}, "OutputSerialization": {"CSV": {}}, **overrides}
        return error_of(s3.select_object_content, **params)

    assert error(key="missing") == ("NoSuchKey", 404)
    assert error(Bucket="no-such-bucket") == ("NoSuchBucket", 404)
    assert error("SELECT * FROM elsewhere") == ("ParseUnexpectedToken", 400)
    assert error("SELECT * FROM S3Object WHERE") == ("ParseUnexpectedToken", 400)
    assert error("SELECT * FROM S3Object s WHERE s.a LIKE 'x%'") == ("ParseUnexpectedToken", 400)
    assert error(InputSerialization={"CSV": {}, "CompressionType": "GZIP"}) == ("InvalidCompressionFormat", 400)
    assert error(key="people.jsonl", InputSerialization={"JSON": {"Type": "LINES"}}, Expression="SELECT * FROM "
                 "S3Object", OutputSerialization={"JSON": {}}, ScanRange={"Start": 0}) == ("NotImplemented", 501)
    s3.put_object(Bucket=data, Key="cold", Body=b"a,b", StorageClass="GLACIER")
    assert error(key="cold") == ("InvalidObjectState", 403)
