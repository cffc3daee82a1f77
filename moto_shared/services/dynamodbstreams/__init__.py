"""DynamoDB Streams: reading the change records DynamoDB writes (see dynamodb/streams.py)."""

from moto_shared.services.dynamodbstreams.operations import (
    describe_stream,
    get_records,
    get_shard_iterator,
    list_streams,
)

__all__ = ["describe_stream", "get_records", "get_shard_iterator", "list_streams"]
