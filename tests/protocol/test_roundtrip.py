"""Round trip for every operation of every implemented service: params -> botocore client -> our parser -> params.

Params are drawn from each operation's input shape; a real botocore client
(endpoint rules, S3 virtual hosts, aws-chunked uploads, checksums) turns them
into the request our parser must read back.

A few members are owned by the client: it computes or rewrites them
(checksums, MD5s, SSE-C keys, lengths), so we don't draw them (CLIENT_OWNED);
others it fills in when they are absent (CLIENT_DEFAULTS, idempotency
tokens). Both are ignored when the client added them on its own.

Operations that share their method and URI with another can't be told apart
on the wire, so they are skipped here (SAME_ROUTE): deprecated ones parse as
their current twin (tested in test_parsers.py).
"""

from __future__ import annotations

import string
from datetime import datetime, timezone

import pytest
from botocore.model import Shape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moto_shared.protocol import load_service_model, parse_request
from moto_shared.services import IMPLEMENTED
from tests.protocol.botocore_capture import CapturingClient

CLIENT_OWNED = frozenset(
    {
        "ChecksumAlgorithm",
        "ChecksumCRC32",
        "ChecksumCRC32C",
        "ChecksumCRC64NVME",
        "ChecksumSHA1",
        "ChecksumSHA256",
        "ContentMD5",
        "ContentLength",
        "SSECustomerKey",
        "SSECustomerKeyMD5",
        "CopySourceSSECustomerKey",
        "CopySourceSSECustomerKeyMD5",
    }
)
CLIENT_DEFAULTS = frozenset({"ChecksumMode", "EncodingType"})
#: Only the s3express-control host tells it from ListBuckets (GET /); we don't route on hosts.
S3_EXPRESS_CONTROL = {
    ("s3", "ListDirectoryBuckets"): "same route as ListBuckets; only its s3express-control host differs"
}

TEXT = string.ascii_letters + string.digits + " -_.:/@+=,"
HEADER_TEXT = string.ascii_letters + string.digits + "-_.:/+="
MAX_DEPTH = 3


def _bounded(shape: Shape, low: int, high: int) -> tuple[int, int]:
    minimum = int(shape.metadata.get("min", low))
    maximum = int(shape.metadata.get("max", high))
    return max(low, minimum), max(max(low, minimum), min(high, maximum))


def strategy(shape: Shape, location: str | None = None, depth: int = 0) -> st.SearchStrategy:
    """Valid values of a shape, as a botocore client takes them."""
    type_name = shape.type_name
    if type_name == "structure":
        return _structure(shape, depth)
    if type_name == "list":
        size = _bounded(shape, 1, 3)
        return st.lists(strategy(shape.member, location, depth + 1), min_size=size[0], max_size=size[1])
    if type_name == "map":
        key_text = string.ascii_lowercase if location == "headers" else string.ascii_letters
        keys = _text(shape.key, key_text) if not shape.key.enum else st.sampled_from(shape.key.enum)
        return st.dictionaries(keys, strategy(shape.value, None, depth + 1), min_size=1, max_size=2)
    if type_name == "string":
        if shape.enum:
            return st.sampled_from(shape.enum)
        return _text(shape, HEADER_TEXT if location in ("header", "uri") else TEXT)
    if type_name in ("integer", "long", "short", "byte"):
        low, high = _bounded(shape, 0, 2**31 - 1)
        return st.integers(min_value=low, max_value=high)
    if type_name in ("float", "double"):
        return st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)
    if type_name == "boolean":
        return st.booleans()
    if type_name == "timestamp":
        return st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(timezone.utc)).map(
            lambda moment: moment.replace(microsecond=0)
        )
    if type_name == "blob":
        low, high = _bounded(shape, 1, 16)
        return st.binary(min_size=low, max_size=high)
    raise AssertionError(f"no strategy for {type_name}")


def _text(shape: Shape, alphabet: str) -> st.SearchStrategy:
    low, high = _bounded(shape, 1, 12)
    return st.text(alphabet, min_size=low, max_size=high).map(str.strip).filter(lambda text: len(text) >= low)


def _structure(shape: Shape, depth: int) -> st.SearchStrategy:
    members = {name: member for name, member in shape.members.items() if name not in CLIENT_OWNED}
    if depth >= MAX_DEPTH:  # stop recursive shapes: only scalars beyond this depth, where we can choose
        scalars = {name: member for name, member in members.items() if member.type_name not in _NESTING}
        members = (
            {name: member for name, member in members.items() if name in scalars or name in shape.required_members}
            if scalars
            else members
        )
    strategies = {name: _member(name, member, depth) for name, member in members.items()}
    one_member = st.one_of([value.map(lambda item, name=name: {name: item}) for name, value in strategies.items()])
    if shape.is_tagged_union:
        return one_member
    required = {name: value for name, value in strategies.items() if name in shape.required_members}
    optional = {name: value for name, value in strategies.items() if name not in required}
    if required or depth == 0 or not strategies:
        return st.fixed_dictionaries(required, optional=optional)
    # query and XML send an empty nested structure as nothing at all: always set one member
    return st.tuples(one_member, st.fixed_dictionaries({}, optional=optional)).map(lambda pair: {**pair[1], **pair[0]})


_NESTING = frozenset({"structure", "list", "map"})


def _member(name: str, member: Shape, depth: int) -> st.SearchStrategy:
    if name == "Bucket" and member.type_name == "string":  # botocore checks it and picks path or virtual host by it
        return st.from_regex(r"[a-z0-9]{3,12}", fullmatch=True)
    if name == "CopySource" and member.type_name == "string":  # botocore url-quotes it
        return st.from_regex(r"[a-z0-9]{3,8}/[a-z0-9]{1,8}", fullmatch=True)
    if member.serialization.get("hostLabel"):  # becomes a DNS label of the endpoint
        return st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True)
    return strategy(member, member.serialization.get("location"), depth + 1)


def _same_route_reason(service: str, operation: str) -> str | None:
    """Why an operation can't be round-tripped on its own route, if it can't."""
    if (service, operation) in S3_EXPRESS_CONTROL:
        return S3_EXPRESS_CONTROL[service, operation]
    model = load_service_model(service)
    operation_model = model.operation_model(operation)
    if not operation_model.deprecated or model.protocol not in ("rest-xml", "rest-json"):
        return None
    route = (operation_model.http["method"], operation_model.http["requestUri"])
    for name in model.operation_names:
        other = model.operation_model(name)
        if not other.deprecated and (other.http["method"], other.http["requestUri"]) == route:
            return f"deprecated, same route as {name}, parses as {name}"
    return None


def _operations():
    for service in IMPLEMENTED:
        for name in load_service_model(service).operation_names:
            reason = _same_route_reason(service, name)
            marks = [pytest.mark.skip(reason=reason)] if reason else []
            yield pytest.param(service, name, id=f"{service}.{name}", marks=marks)


_clients: dict[str, CapturingClient] = {}


def _client(service: str) -> CapturingClient:
    if service not in _clients:
        _clients[service] = CapturingClient(service)
    return _clients[service]


def _comparable(value):
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if hasattr(value, "read"):
        return value.read()
    return value


def _added_by_client(operation_model) -> frozenset[str]:
    shape = operation_model.input_shape
    tokens = (
        {name for name, member in shape.members.items() if member.metadata.get("idempotencyToken")} if shape else set()
    )
    return CLIENT_OWNED | CLIENT_DEFAULTS | tokens


@pytest.mark.parametrize(("service", "operation"), list(_operations()))
def test_parser_recovers_what_the_client_sent(service, operation):
    operation_model = load_service_model(service).operation_model(operation)
    params_strategy = _structure(operation_model.input_shape, 0) if operation_model.input_shape else st.just({})
    client = _client(service)
    added_by_client = _added_by_client(operation_model)

    @settings(max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(params_strategy)
    def round_trip(params):
        parsed = parse_request(client.request_for(operation, params))
        assert (parsed.service_model.service_name, parsed.operation_model.name) == (service, operation)
        recovered = {
            name: value
            for name, value in _comparable(parsed.params).items()
            if name in params or name not in added_by_client
        }
        assert recovered == _comparable(params)

    round_trip()
