"""ListStreams, DescribeStream, GetShardIterator, GetRecords.

Each stream has one shard covering a contiguous range of the table's
sequence numbers. A shard iterator is "<stream arn>|<next sequence>", so it
stays valid in any process.
"""

from __future__ import annotations

from moto_shared.errors import AWSError, validation_error
from moto_shared.services.dynamodb import storage, streams
from moto_shared.services.dynamodb.model import Table

MAX_RECORDS = 1000


def _stream_not_found(arn: str) -> AWSError:
    return AWSError("ResourceNotFoundException", f"Requested resource not found: Stream: {arn} not found")


def _find(ctx, arn: str) -> tuple[Table, dict]:
    """The table and stream description of a stream ARN (ctx under dynamodb's name)."""
    name = streams.table_name_of(arn)
    record = ctx.store.get(storage.table_key(ctx, name)) if name else None
    for stream in (record or {}).get("Streams", ()):
        if stream["StreamArn"] == arn:
            return Table(record), stream
    raise _stream_not_found(arn)


def _end(ctx, table: Table, stream: dict) -> int:
    """One past the last sequence number the stream can hold today."""
    if stream["EndSequence"] is not None:
        return stream["EndSequence"]
    return (ctx.store.get(streams.counter_key(ctx, table.name)) or 0) + 1


def list_streams(
    ctx, TableName: str | None = None, Limit: int = 100, ExclusiveStartStreamArn: str | None = None
) -> dict:
    ctx = streams.dynamodb_context(ctx)
    names = [TableName] if TableName else ctx.store.lex_range(storage.tables_index(ctx))
    records = ctx.store.get_many([storage.table_key(ctx, name) for name in names])
    found = [
        {"StreamArn": s["StreamArn"], "TableName": record["TableName"], "StreamLabel": s["StreamLabel"]}
        for record in records
        if record
        for s in record.get("Streams", ())
    ]
    if ExclusiveStartStreamArn:
        arns = [s["StreamArn"] for s in found]
        found = found[arns.index(ExclusiveStartStreamArn) + 1 :] if ExclusiveStartStreamArn in arns else []
    result = {"Streams": found[:Limit]}
    if len(found) > Limit:
        result["LastEvaluatedStreamArn"] = found[Limit - 1]["StreamArn"]
    return result


def describe_stream(ctx, StreamArn: str, Limit: int | None = None, ExclusiveStartShardId: str | None = None) -> dict:
    ctx = streams.dynamodb_context(ctx)
    table, stream = _find(ctx, StreamArn)
    sequence_range = {"StartingSequenceNumber": streams.format_sequence(stream["StartSequence"])}
    if stream["EndSequence"] is not None:
        sequence_range["EndingSequenceNumber"] = streams.format_sequence(stream["EndSequence"] - 1)
    shards = [{"ShardId": streams.shard_id(stream), "SequenceNumberRange": sequence_range}]
    if ExclusiveStartShardId:
        shards = []
    return {
        "StreamDescription": {
            "StreamArn": stream["StreamArn"],
            "StreamLabel": stream["StreamLabel"],
            "StreamStatus": "ENABLED" if stream["EndSequence"] is None else "DISABLED",
            "StreamViewType": stream["StreamViewType"],
            "CreationRequestDateTime": stream["CreationRequestDateTime"],
            "TableName": table.name,
            "KeySchema": table.record["KeySchema"],
            "Shards": shards,
        }
    }


def get_shard_iterator(
    ctx, StreamArn: str, ShardId: str, ShardIteratorType: str, SequenceNumber: str | None = None
) -> dict:
    ctx = streams.dynamodb_context(ctx)
    table, stream = _find(ctx, StreamArn)
    if ShardId != streams.shard_id(stream):
        raise AWSError(
            "ResourceNotFoundException", f"Requested resource not found: Shard: {ShardId} in Stream: {StreamArn} not found"
        )
    if ShardIteratorType == "TRIM_HORIZON":
        position = stream["StartSequence"]
    elif ShardIteratorType == "LATEST":
        position = _end(ctx, table, stream)
    else:
        if SequenceNumber is None or not SequenceNumber.isdigit():
            raise validation_error(f"Invalid SequenceNumber for ShardIteratorType {ShardIteratorType}")
        position = int(SequenceNumber) + (ShardIteratorType == "AFTER_SEQUENCE_NUMBER")
    return {"ShardIterator": f"{StreamArn}|{position}"}


def get_records(ctx, ShardIterator: str, Limit: int = MAX_RECORDS) -> dict:
    ctx = streams.dynamodb_context(ctx)
    arn, _, position = ShardIterator.rpartition("|")
    if not position.isdigit():
        raise validation_error("Invalid ShardIterator")
    if not 1 <= Limit <= MAX_RECORDS:
        raise validation_error(
            f"1 validation error detected: Value '{Limit}' at 'limit' failed to satisfy constraint: "
            f"Member must have value less than or equal to {MAX_RECORDS}"
        )
    table, stream = _find(ctx, arn)
    start = max(int(position), stream["StartSequence"])
    end = _end(ctx, table, stream)
    records = streams.read_records(ctx, table.name, start, end, Limit)
    following = start + len(records)
    result = {"Records": records}
    if stream["EndSequence"] is None or following < end:
        result["NextShardIterator"] = f"{arn}|{following}"
    return result
