"""DynamoDB Streams data, shared by the dynamodb service (which writes it) and dynamodbstreams (which reads it).

A table's stream records live under `streamrec|<table>|<sequence>` with a
per-table counter `streamseq|<table>`. `storage.Writer` appends a record in
the same transaction as the item write it describes, so sequence numbers
follow commit order across threads and processes, and GetRecords reads a
contiguous run of keys with one `get_many`.

A table keeps the history of its streams in its record (`Streams`): each
enabling of a stream is a new stream (new label and ARN) whose single shard
covers a range of sequence numbers.
"""

from __future__ import annotations

import dataclasses
import uuid

from moto_shared.context import RequestContext
from moto_shared.services.dynamodb.model import table_name

SEQUENCE_DIGITS = 21


def dynamodb_context(ctx: RequestContext) -> RequestContext:
    """dynamodbstreams reads dynamodb's keys: the same context under dynamodb's service name."""
    return dataclasses.replace(ctx, service="dynamodb")


def counter_key(ctx: RequestContext, name: str) -> str:
    return ctx.key("streamseq", table_name(name))


def record_key(ctx: RequestContext, table_name: str, sequence: int) -> str:
    return ctx.key("streamrec", f"{table_name}|{sequence:0{SEQUENCE_DIGITS}d}")


def format_sequence(sequence: int) -> str:
    return f"{sequence:0{SEQUENCE_DIGITS}d}"


def append_record(ctx: RequestContext, txn, table, sequence: int, old: dict | None, new: dict | None,
                  image_size: int) -> None:
    """Buffer the stream record of one item change in the writing transaction; image_size is the
    `item_size` of new (of old for a deletion)."""
    view_type = table.stream_view_type
    image = new if new is not None else old
    change = {
        "ApproximateCreationDateTime": ctx.now().replace(microsecond=0),
        "Keys": table.key_of(image),
        "SequenceNumber": format_sequence(sequence),
        "SizeBytes": image_size,
        "StreamViewType": view_type,
    }
    if new is not None and view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"):
        change["NewImage"] = new
    if old is not None and view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES"):
        change["OldImage"] = old
    record = {
        "eventID": uuid.uuid4().hex,
        "eventName": "INSERT" if old is None else "REMOVE" if new is None else "MODIFY",
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": ctx.region,
        "dynamodb": change,
    }
    txn.put(record_key(ctx, table.name, sequence), record)


def new_stream(ctx: RequestContext, table_record: dict, view_type: str, next_sequence: int) -> dict:
    """A stream description for a table whose next record will get next_sequence."""
    label = ctx.now().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
    return {
        "StreamArn": f"{table_record['TableArn']}/stream/{label}",
        "StreamLabel": label,
        "StreamViewType": view_type,
        "StartSequence": next_sequence,
        "EndSequence": None,
        "CreationRequestDateTime": ctx.now(),
    }


def shard_id(stream: dict) -> str:
    return f"shardId-{stream['StartSequence']:020d}-{stream['StreamLabel'][:10].replace('-', '')}"


def table_name_of(stream_arn: str) -> str | None:
    """arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label> -> name."""
    parts = stream_arn.split(":", 5)
    if len(parts) != 6 or not parts[5].startswith("table/"):
        return None
    return parts[5].split("/")[1]


def read_records(ctx: RequestContext, table_name: str, start: int, stop: int, limit: int) -> list[dict]:
    """Records with sequence in [start, stop), at most limit, in order (they are contiguous)."""
    count = max(0, min(limit, stop - start))
    values = ctx.store.get_many([record_key(ctx, table_name, s) for s in range(start, start + count)])
    records = []
    for value in values:
        if value is None:
            break
        records.append(value)
    return records
