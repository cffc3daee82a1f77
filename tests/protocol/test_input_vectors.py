"""botocore's input protocol vectors, read backwards: our parser must recover `params` from `serialized`.

Models: the cases of one `input/<protocol>.json` file share their shapes, so
each file becomes ONE service model holding all of its operations, and the
parser must route to the right one (52 operations for rest-json). Legacy
cases reuse operation names with different shapes, so each legacy case gets a
model holding just its operation.

Normalisation is only what botocore's client does to what it is given:
timestamps (epoch numbers, strings) become aware datetimes, blobs given as
str become bytes, header-prefix map keys are compared lower-cased (header
names are case-insensitive; HttpRequest keeps them lower-cased), and an
idempotency token the params leave out is the one the client fills in (the
vectors fix it to CLIENT_FILLED_TOKEN, as botocore's own test run does).

A vector lists only what its test checks, so three kinds of request are
completed with what botocore's client really sends, and nothing else:
- a gzip-compressed request has no "body" (it is binary): the body is
  botocore's serialization of the params, compressed by botocore itself;
- an awsJson request that checks only the host has no X-Amz-Target: the
  header is added as botocore always sends it;
- a client endpoint with a base path ("example.com/custom") puts that path
  in front of the URI: the server is mounted there, so it sees the rest.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from botocore.compress import maybe_compress_request
from botocore.config import Config
from botocore.model import OperationModel, ServiceModel, Shape
from botocore.serialize import create_serializer

from moto_shared.protocol.http import Headers, HttpRequest
from moto_shared.protocol.parsers import WireRequest, parse_operation
from moto_shared.protocol.shapes import parse_timestamp
from tests.protocol.skipped_cases import INPUT as SKIPPED

VECTORS = Path(__file__).parent / "vectors"
#: The token botocore's protocol tests make its client generate (they patch uuid4).
CLIENT_FILLED_TOKEN = "00000000-0000-4000-8000-000000000000"
FILES = sorted(
    path for path in [*VECTORS.glob("input/*.json"), *VECTORS.glob("legacy/input/*.json")] if "cbor" not in path.name
)


def _case_name(file: Path, suite: dict, case: dict, index: int) -> str:
    relative = file.relative_to(VECTORS).as_posix()
    label = case.get("id") or f"{suite['description']} #{index}"
    return f"{relative}::{label}"


def _file_model(suites: list[dict]) -> dict:
    metadata: dict = {}
    shapes: dict = {}
    operations: dict = {}
    for suite in suites:
        metadata = {**suite["metadata"], **metadata}
        shapes.update(suite["shapes"])
        for case in suite["cases"]:
            operations[case["given"]["name"]] = case["given"]
    return {"metadata": metadata, "shapes": shapes, "operations": operations}


def _cases():
    for file in FILES:
        suites = json.loads(file.read_text())
        shared = _file_model(suites) if file.parent.name == "input" and file.parent.parent == VECTORS else None
        for suite in suites:
            for index, case in enumerate(suite["cases"]):
                if shared is None:
                    model = {
                        "metadata": suite["metadata"],
                        "shapes": suite["shapes"],
                        "operations": {case["given"]["name"]: case["given"]},
                    }
                else:
                    model = shared
                name = _case_name(file, suite, case, index)
                marks = [pytest.mark.skip(reason=SKIPPED[name])] if name in SKIPPED else []
                yield pytest.param(model, case, id=name, marks=marks)


def _request(case: dict, operation_model: OperationModel) -> HttpRequest:
    serialized = case["serialized"]
    host, _, base_path = serialized.get("host", "example.com").partition("/")
    uri = serialized["uri"]
    if base_path:
        uri = uri.removeprefix("/" + base_path.strip("/")) or "/"
    headers = Headers(serialized.get("headers", {}))
    headers.setdefault("host", host)
    protocol = operation_model.metadata["protocol"]
    if protocol == "json" and "x-amz-target" not in headers:
        headers["X-Amz-Target"] = f"{operation_model.metadata['targetPrefix']}.{operation_model.name}"
    if "body" in serialized:
        body = serialized["body"]
    elif operation_model.request_compression:
        body = _compressed_body(case, operation_model)
    else:
        body = ""
    return HttpRequest(
        method=serialized.get("method") or case["given"].get("http", {}).get("method", "POST"),
        url=f"https://{host}{uri}",
        headers=headers,
        body=body.encode("utf-8") if isinstance(body, str) else body,
    )


def _compressed_body(case: dict, operation_model: OperationModel) -> bytes:
    """The body botocore's client sends for a compressed operation: its serialization, compressed by botocore."""
    request_dict = create_serializer(operation_model.metadata["protocol"]).serialize_to_request(
        case["params"], operation_model
    )
    config = Config(request_min_compression_size_bytes=1)
    maybe_compress_request(config, request_dict, operation_model)
    return request_dict["body"]


def _expected(value: Any, shape: Shape) -> Any:
    """params as a botocore client would hold them after its own normalisation."""
    if value is None:
        return None
    type_name = shape.type_name
    if type_name == "structure":
        if shape.is_document_type:
            return value
        # botocore's serializers leave out members set to None
        return {name: _expected(item, shape.members[name]) for name, item in value.items() if item is not None}
    if type_name == "list":
        return [_expected(item, shape.member) for item in value]
    if type_name == "map":
        lower = shape.serialization.get("location") == "headers"
        return {(key.lower() if lower else key): _expected(item, shape.value) for key, item in value.items()}
    if type_name == "timestamp":
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(value, timezone.utc)
        return parse_timestamp(value) if isinstance(value, str) else value
    if type_name == "blob":
        return value.encode("utf-8") if isinstance(value, str) else value
    if type_name in ("float", "double"):
        return float(value)
    return value


def _with_client_filled_token(params: dict, operation_model: OperationModel) -> dict:
    """botocore fills a top-level idempotency token the caller left out (botocore.handlers)."""
    shape = operation_model.input_shape
    if shape is None:
        return params
    filled = {name: CLIENT_FILLED_TOKEN for name in shape.members if shape.members[name].metadata.get("idempotencyToken")}
    return {**filled, **params}


def _comparable(value: Any) -> Any:
    """Make NaN equal to itself and read streams, so == compares what matters."""
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if hasattr(value, "read"):
        return value.read()
    return value


@pytest.mark.parametrize(("model", "case"), list(_cases()))
def test_parser_recovers_params(model: dict, case: dict) -> None:
    service_model = ServiceModel(model, service_name="protocoltest")
    wire = WireRequest.from_http(_request(case, service_model.operation_model(case["given"]["name"])))
    operation_model, params = parse_operation(wire, service_model)
    assert operation_model.name == case["given"]["name"]
    expected = _expected(_with_client_filled_token(case.get("params", {}), operation_model), operation_model.input_shape) if operation_model.input_shape else {}
    assert _comparable(params) == _comparable(expected)
