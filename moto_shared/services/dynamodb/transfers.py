"""Import from S3 (ImportTable) and export to S3 (ExportTableToPointInTime), with their Describe and List calls.

Both run to completion inside the request, so the description they return
already says COMPLETED or FAILED (AWS answers IN_PROGRESS and works for
minutes; a waiter polling Describe* sees the final state at once). S3 is
reached through `services/s3/access.py`, i.e. through S3's own operations.

* Import: every object under `S3KeyPrefix` is read (GZIP or uncompressed; ZSTD
  where Python has `compression.zstd`), parsed as DynamoDB JSON (one
  `{"Item": {...}}` object after another) or CSV, and the new table and all
  its items are written in ONE store transaction, so no other process sees a
  half-imported table. An object that can't be parsed or forms an invalid
  item counts one error and the rest of it is skipped, as AWS documents; any
  error makes the import FAILED, keeping the items that were imported.
  A missing bucket fails the import (`S3NoSuchBucket`) without a table.
* Export: the table is read in one snapshot and written as AWS lays an
  export out: `<prefix>/AWSDynamoDB/<export id>/` holds `_started`,
  `manifest-summary.json`, `manifest-files.json` (with `.md5` checksum files,
  base64 MD5) and `data/<random>.json.gz` (gzipped DynamoDB JSON lines). We keep
  no history, so the data is the table as it is at the request, whatever `ExportTime`.

Records: `import|<arn>` / `export|<arn>` with lex indexes `imports` / `exports` for the List calls.
"""

from __future__ import annotations

import base64
import csv
import gzip
import hashlib
import io
import json
import time
import uuid
import zlib

from moto_shared.errors import AWSError, validation_error
from moto_shared.services.dynamodb import storage
from moto_shared.services.dynamodb.backups import point_in_time_unavailable, snapshot
from moto_shared.services.dynamodb.exceptions import table_in_use
from moto_shared.services.dynamodb.model import Table, table_name
from moto_shared.services.dynamodb.tables import add_table, new_table_record
from moto_shared.services.dynamodb.values import check_item_size, item_size, normalize_item
from moto_shared.services.s3 import access as s3

MAX_LIST_RESULTS = 25
MIN_TOKEN_LENGTH = 112
_MANIFEST_VERSION = "2020-06-30"
_NO_SUCH_BUCKET = ("S3NoSuchBucket", "The specified bucket does not exist")


def _job_id() -> str:
    """AWS's import and export ids: 14 digits of milliseconds, a dash, 8 hex digits."""
    return f"{int(time.time() * 1000):014d}-{uuid.uuid4().hex[:8]}"


#: The member naming a job of each kind ("import" / "export", also the first part of its record's key).
_ARN_FIELD = {"import": "ImportArn", "export": "ExportArn"}


def _index(ctx, kind: str) -> str:
    return ctx.key(f"{kind}s")


def _store_job(ctx, txn, kind: str, description: dict) -> None:
    arn = description[_ARN_FIELD[kind]]
    txn.put(ctx.key(kind, arn), description)
    txn.lex_add(_index(ctx, kind), arn)


def _load_job(ctx, kind: str, arn: str) -> dict:
    description = ctx.store.get(ctx.key(kind, arn))
    if description is None:
        code = "ImportNotFoundException" if kind == "import" else "ExportNotFoundException"
        raise AWSError(code, f"{kind.capitalize()} not found: {arn}")
    return description


def _token(arn: str) -> str:
    """A page token naming the last ARN returned, in the form ListImports requires: 16-hex-digit groups, >= 112."""
    text = arn.encode().hex()
    return text.ljust(max(MIN_TOKEN_LENGTH, -(-len(text) // 16) * 16), "0")


def _token_arn(token: str) -> str:
    try:
        return bytes.fromhex(token).rstrip(b"\0").decode()
    except ValueError:
        raise validation_error("Invalid NextToken") from None


def _page(ctx, kind: str, table_arn: str | None, size: int | None, token: str | None) -> tuple[list[dict], str | None]:
    """Descriptions in ARN order after the token's ARN (the last of the previous page), filtered by table."""
    size = size or MAX_LIST_RESULTS
    after = _token_arn(token) if token else None
    arns = ctx.store.lex_range(_index(ctx, kind), after, None, start_inclusive=after is None)
    found = []
    for description in ctx.store.get_many([ctx.key(kind, arn) for arn in arns]):
        if description is not None and table_arn in (None, description["TableArn"]):
            found.append(description)
    page = found[:size]
    return page, (_token(page[-1][_ARN_FIELD[kind]]) if len(found) > size else None)


# --- DynamoDB JSON <-> stored values ---------------------------------------------------


#: What each DynamoDB JSON type holds; the wire parser checks this against botocore's shapes, imports here.
_JSON_TYPES = {"S": str, "N": str, "B": str, "SS": list, "NS": list, "BS": list, "M": dict, "L": list,
               "NULL": bool, "BOOL": bool}


def _from_json(value) -> dict:
    """A DynamoDB JSON attribute value, checked, as the wire parser gives it: binaries as bytes."""
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError(f"Not an attribute value: {value!r}")
    (kind, inner), = value.items()
    if not isinstance(inner, _JSON_TYPES.get(kind, ())) or (
            kind in ("SS", "NS", "BS") and not all(isinstance(member, str) for member in inner)):
        raise ValueError(f"Not an attribute value: {value!r}")
    if kind == "B":
        return {"B": base64.b64decode(inner, validate=True)}
    if kind == "BS":
        return {"BS": [base64.b64decode(member, validate=True) for member in inner]}
    if kind == "M":
        return {"M": {name: _from_json(member) for name, member in inner.items()}}
    if kind == "L":
        return {"L": [_from_json(member) for member in inner]}
    return value


def _to_json(value: dict) -> dict:
    (kind, inner), = value.items()
    if kind == "B":
        return {"B": base64.b64encode(inner).decode()}
    if kind == "BS":
        return {"BS": [base64.b64encode(member).decode() for member in inner]}
    if kind == "M":
        return {"M": {name: _to_json(member) for name, member in inner.items()}}
    if kind == "L":
        return {"L": [_to_json(member) for member in inner]}
    return value


# --- ImportTable -----------------------------------------------------------------------


def _decompress(data: bytes, compression: str) -> bytes:
    """The object's bytes uncompressed; any decoder failure becomes a ValueError (one import error)."""
    if compression == "GZIP":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"Not valid GZIP data: {exc}") from None
    if compression == "ZSTD":
        try:
            from compression import zstd  # Python 3.14+
        except ImportError:
            raise ValueError("ZSTD input needs Python 3.14's compression.zstd") from None
        try:
            return zstd.decompress(data)
        except zstd.ZstdError as exc:
            raise ValueError(f"Not valid ZSTD data: {exc}") from None
    return data


def _json_items(text: str):
    """The JSON documents of a DynamoDB JSON object, one after another, with or without newlines between."""
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            return
        document, position = decoder.raw_decode(text, position)
        yield document


def _json_item(document) -> dict:
    if not isinstance(document, dict) or set(document) != {"Item"} or not isinstance(document["Item"], dict):
        raise ValueError("Each line must be a JSON object with exactly one member, Item")
    return {name: _from_json(value) for name, value in document["Item"].items()}


def _csv_value(kind: str, cell: str) -> dict:
    return {"B": base64.b64decode(cell, validate=True)} if kind == "B" else {kind: cell}


def _csv_items(text: str, table: Table, options: dict):
    """CSV rows as items: attributes in AttributeDefinitions (table and index keys) take their defined types
    (binaries base64), every other cell is a string; empty cells are left out. The header is HeaderList,
    else the first row."""
    reader = csv.reader(io.StringIO(text), delimiter=options.get("Delimiter") or ",")
    header = options.get("HeaderList") or next(reader, None)
    for row in reader:
        if len(row) > len(header):
            raise ValueError("A CSV row has more cells than the header has names")
        yield {name: _csv_value(table.attribute_types.get(name, "S"), cell)
               for name, cell in zip(header, row) if cell != ""}


class _ImportCounts:
    """The import description's counters, and the first error (its FailureMessage)."""

    def __init__(self) -> None:
        self.processed_items = self.imported_items = self.errors = self.processed_bytes = 0
        self.first_error: str | None = None

    def error(self, message: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or message


def _read_source(ctx, bucket: str, prefix: str, input_format: str, compression: str, options: dict,
                 table: Table, counts: _ImportCounts) -> list[dict]:
    """Every valid item of every object under the prefix; raises S3's NoSuchBucket."""
    items = []
    for key in s3.list_keys(ctx.store, ctx.account_id, bucket, prefix, partition=ctx.partition):
        try:
            data = s3.get_object_bytes(ctx.store, ctx.account_id, bucket, key, partition=ctx.partition)
            text = _decompress(data, compression).decode("utf-8")
            counts.processed_bytes += len(text.encode("utf-8"))
            is_json = input_format == "DYNAMODB_JSON"
            for document in _json_items(text) if is_json else _csv_items(text, table, options):
                counts.processed_items += 1
                item = normalize_item(_json_item(document) if is_json else document)
                check_item_size(item)
                table.check_item_keys(item)
                items.append(item)
                counts.imported_items += 1
        except (ValueError, csv.Error, AWSError) as exc:  # the object's remaining content is skipped
            # (an object S3 won't hand out, e.g. archived in GLACIER, is an error of its own too)
            counts.error(f"{key}: {exc.message if isinstance(exc, AWSError) else exc}")
    return items


def import_table(ctx, S3BucketSource: dict, InputFormat: str, TableCreationParameters: dict,
                 InputCompressionType: str = "NONE", InputFormatOptions: dict | None = None,
                 ClientToken: str | None = None) -> dict:
    if InputFormat == "ION":
        raise AWSError("NotImplemented", "ImportTable of ION input is not implemented", 501)
    params = TableCreationParameters
    record = new_table_record(
        ctx, params["TableName"], params["AttributeDefinitions"], params["KeySchema"],
        GlobalSecondaryIndexes=params.get("GlobalSecondaryIndexes"),
        BillingMode=params.get("BillingMode", "PROVISIONED"),
        ProvisionedThroughput=params.get("ProvisionedThroughput"),
        SSESpecification=params.get("SSESpecification"),
    )
    name = record["TableName"]
    if ctx.store.get(storage.table_key(ctx, name)) is not None:
        raise table_in_use(f"Table already exists: {name}")
    started = ctx.now()
    description = {
        "ImportArn": f"{record['TableArn']}/import/{_job_id()}",
        "TableArn": record["TableArn"],
        "TableId": record["TableId"],
        "S3BucketSource": S3BucketSource,
        "InputFormat": InputFormat,
        "InputCompressionType": InputCompressionType,
        "TableCreationParameters": TableCreationParameters,
        "StartTime": started,
        **({"InputFormatOptions": InputFormatOptions} if InputFormatOptions else {}),
        **({"ClientToken": ClientToken} if ClientToken else {}),
    }
    counts = _ImportCounts()
    try:
        items = _read_source(ctx, S3BucketSource["S3Bucket"], S3BucketSource.get("S3KeyPrefix") or "", InputFormat,
                             InputCompressionType, (InputFormatOptions or {}).get("Csv") or {}, Table(record), counts)
    except AWSError as exc:
        if exc.code != "NoSuchBucket":
            raise
        description.update(ImportStatus="FAILED", FailureCode=_NO_SUCH_BUCKET[0], FailureMessage=_NO_SUCH_BUCKET[1],
                           EndTime=ctx.now(), ErrorCount=0, ProcessedItemCount=0, ProcessedSizeBytes=0,
                           ImportedItemCount=0)
        ctx.store.transact(lambda txn: _store_job(ctx, txn, "import", description))
        return {"ImportTableDescription": description}
    description.update(ImportStatus="FAILED" if counts.errors else "COMPLETED", ErrorCount=counts.errors,
                       ProcessedItemCount=counts.processed_items, ProcessedSizeBytes=counts.processed_bytes,
                       ImportedItemCount=counts.imported_items, EndTime=ctx.now())
    if counts.first_error:
        description["FailureMessage"] = counts.first_error

    def create(txn):
        add_table(ctx, txn, record, table_in_use(f"Table already exists: {name}"))
        table = Table(record)
        writer = storage.Writer(ctx, txn)
        writer.tables[name] = table
        writer.stream_counters[name] = 0
        written = {}
        for item in items:  # items sharing a key overwrite one another, the last one stays
            written[storage.record_id(table.key_of(item))] = item
        for item in written.values():
            writer.write(table, None, item)
        _store_job(ctx, txn, "import", description)

    ctx.store.transact(create)
    return {"ImportTableDescription": description}


def describe_import(ctx, ImportArn: str) -> dict:
    return {"ImportTableDescription": _load_job(ctx, "import", ImportArn)}


def list_imports(ctx, TableArn: str | None = None, PageSize: int | None = None, NextToken: str | None = None) -> dict:
    page, token = _page(ctx, "import", TableArn, PageSize, NextToken)
    summaries = [{name: d[name] for name in ("ImportArn", "ImportStatus", "TableArn", "S3BucketSource", "InputFormat",
                                             "StartTime", "EndTime") if name in d} for d in page]
    return {"ImportSummaryList": summaries, **({"NextToken": token} if token else {})}


# --- ExportTableToPointInTime ----------------------------------------------------------


def _md5_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode()


def _timestamp(value) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _write_export(ctx, description: dict, items: list[dict]) -> None:
    """The export's objects in its bucket, as AWS lays them out; raises S3's NoSuchBucket."""
    bucket, prefix = description["S3Bucket"], description.get("S3Prefix")
    export_id = description["ExportArn"].rsplit("/", 1)[1]
    folder = f"{prefix.rstrip('/')}/AWSDynamoDB/{export_id}" if prefix else f"AWSDynamoDB/{export_id}"

    def put(key: str, body: bytes, content_type: str | None = None) -> str:
        return s3.put_object_bytes(ctx.store, ctx.account_id, bucket, key, body, content_type=content_type,
                                   partition=ctx.partition)

    put(f"{folder}/_started", b"")
    lines = "".join(json.dumps({"Item": {n: _to_json(v) for n, v in item.items()}}) + "\n" for item in items)
    data = gzip.compress(lines.encode("utf-8"), mtime=0)
    data_key = f"{folder}/data/{uuid.uuid4().hex[:26]}.json.gz"
    etag = put(data_key, data, "application/x-gzip").strip('"')
    files = json.dumps({"itemCount": len(items), "md5Checksum": _md5_b64(data), "etag": etag,
                        "dataFileS3Key": data_key}).encode() + b"\n"
    put(f"{folder}/manifest-files.json", files, "application/json")
    put(f"{folder}/manifest-files.md5", _md5_b64(files).encode())
    summary = json.dumps({
        "version": _MANIFEST_VERSION,
        "exportArn": description["ExportArn"],
        "startTime": _timestamp(description["StartTime"]),
        "endTime": _timestamp(description["EndTime"]),
        "tableArn": description["TableArn"],
        "tableId": description["TableId"],
        "exportTime": _timestamp(description["ExportTime"]),
        "s3Bucket": bucket,
        "s3Prefix": prefix,
        "s3SseAlgorithm": description["S3SseAlgorithm"],
        "s3SseKmsKeyId": description.get("S3SseKmsKeyId"),
        "manifestFilesS3Key": f"{folder}/manifest-files.json",
        "billedSizeBytes": description["BilledSizeBytes"],
        "itemCount": len(items),
        "outputFormat": description["ExportFormat"],
        "exportType": description["ExportType"],
    }).encode()
    put(f"{folder}/manifest-summary.json", summary, "application/json")
    put(f"{folder}/manifest-summary.md5", _md5_b64(summary).encode())
    description["ExportManifest"] = f"{folder}/manifest-summary.json"


def export_table_to_point_in_time(ctx, TableArn: str, S3Bucket: str, ExportTime=None, ClientToken: str | None = None,
                                  S3BucketOwner: str | None = None, S3Prefix: str | None = None,
                                  S3SseAlgorithm: str = "AES256", S3SseKmsKeyId: str | None = None,
                                  ExportFormat: str = "DYNAMODB_JSON", ExportType: str = "FULL_EXPORT",
                                  **_ignored) -> dict:
    if ExportFormat != "DYNAMODB_JSON" or ExportType != "FULL_EXPORT":
        raise AWSError("NotImplemented", "Only FULL_EXPORT in DYNAMODB_JSON is implemented", 501)
    if ":table/" not in TableArn:
        raise validation_error(f"Invalid TableArn: {TableArn}")
    name = table_name(TableArn)
    missing = AWSError("TableNotFoundException", f"Table not found: {TableArn}")

    def read(txn):
        table, items = snapshot(ctx, txn, name, missing)
        if not table.record.get("PointInTimeRecovery"):
            raise point_in_time_unavailable(name)
        return table, items

    table, items = ctx.store.transact(read)
    now = ctx.now()
    description = {
        "ExportArn": f"{table.record['TableArn']}/export/{_job_id()}",
        "TableArn": table.record["TableArn"],
        "TableId": table.record["TableId"],
        "ExportTime": ExportTime or now,
        "StartTime": now,
        "EndTime": now,
        "S3Bucket": S3Bucket,
        "S3BucketOwner": S3BucketOwner or ctx.account_id,
        "S3SseAlgorithm": S3SseAlgorithm,
        "ExportFormat": ExportFormat,
        "ExportType": ExportType,
        "BilledSizeBytes": sum(item_size(item) for item in items),
        "ItemCount": len(items),
        **({"S3Prefix": S3Prefix} if S3Prefix else {}),
        **({"S3SseKmsKeyId": S3SseKmsKeyId} if S3SseKmsKeyId else {}),
        **({"ClientToken": ClientToken} if ClientToken else {}),
    }
    try:
        _write_export(ctx, description, items)
        description["ExportStatus"] = "COMPLETED"
    except AWSError as exc:
        if exc.code != "NoSuchBucket":
            raise
        description.update(ExportStatus="FAILED", FailureCode=_NO_SUCH_BUCKET[0], FailureMessage=_NO_SUCH_BUCKET[1],
                           BilledSizeBytes=0, ItemCount=0)
    ctx.store.transact(lambda txn: _store_job(ctx, txn, "export", description))
    return {"ExportDescription": description}


def describe_export(ctx, ExportArn: str) -> dict:
    return {"ExportDescription": _load_job(ctx, "export", ExportArn)}


def list_exports(ctx, TableArn: str | None = None, MaxResults: int | None = None, NextToken: str | None = None) -> dict:
    page, token = _page(ctx, "export", TableArn, MaxResults, NextToken)
    summaries = [{"ExportArn": d["ExportArn"], "ExportStatus": d["ExportStatus"], "ExportType": d["ExportType"]}
                 for d in page]
    return {"ExportSummaries": summaries, **({"NextToken": token} if token else {})}
