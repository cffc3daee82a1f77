"""HTTP request -> (service, operation, params): the mirror image of botocore's serializers.

`parse_request` identifies the service (`identify.py`), loads its model
(`models.py`), picks the wire protocol the request uses, finds the operation
(X-Amz-Target, Action, or the REST routing table in `routing.py`) and turns
the wire values back into the Python values a botocore client takes.

Each protocol is one class. Converting values is driven by per-shape
converters compiled once per operation (a closure per shape that dispatches
on nothing at call time), so a JSON call costs a json.loads plus one pass
over the data.
"""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, BinaryIO, Callable, Iterable, Mapping, NamedTuple
from urllib.parse import quote, unquote, urlsplit
from xml.etree import ElementTree

from botocore.model import OperationModel, ServiceModel

from moto_shared.errors import AWSError
from moto_shared.protocol import s3_post, sqs_legacy
from moto_shared.protocol.chunked import ChunkedEncodingError, decode_chunked
from moto_shared.protocol.http import Headers, HttpRequest, HttpResponse, get_header
from moto_shared.protocol.identify import PRESIGN_QUERY_KEYS, identify
from moto_shared.protocol.model_cache import ModelCache
from moto_shared.protocol.models import UnknownService, load_service_model
from moto_shared.protocol.routing import host_label_reader, routing_table
from moto_shared.protocol.shapes import (
    BadValue,
    Converter,
    Ec2Compiler,
    JsonCompiler,
    MissingMembers,
    QueryCompiler,
    ShapeCompiler,
    XmlCompiler,
    header_converter,
    identity,
    lower_camel,
    text_converter,
)


@dataclass
class ParsedRequest:
    """What the dispatcher needs to call an operation.

    presigned_expires_at: set for presigned-URL requests (query-string auth);
        the service decides whether the URL is still valid at call time.
    respond: reshapes the serialized answer of a request the model doesn't
        describe (S3's browser POST, see `s3_post.py`).
    """

    service_model: ServiceModel
    operation_model: OperationModel
    params: dict[str, Any]
    region: str
    access_key_id: str | None
    presigned_expires_at: datetime | None = None
    respond: Callable[[HttpResponse], HttpResponse] | None = None


class WireRequest:
    """An HttpRequest taken apart once: what every protocol parser reads.

    A plain class with slots rather than a dataclass: one is built per request.
    """

    __slots__ = ("method", "path", "query_pairs", "query", "headers", "body", "host", "host_prefix")

    def __init__(
        self,
        method: str,
        path: str,
        query_pairs: list[tuple[str, str]],
        query: dict[str, str],
        headers: Headers,
        body: bytes | BinaryIO,
        host: str = "",
        host_prefix: str = "",
    ) -> None:
        self.method = method
        self.path = path
        self.query_pairs = query_pairs
        self.query = query
        self.headers = headers
        self.body = body
        self.host = host
        self.host_prefix = host_prefix

    @classmethod
    def from_http(cls, request: HttpRequest) -> "WireRequest":
        parts = urlsplit(request.url)
        pairs = parse_form(parts.query) if parts.query else []
        headers = request.headers if isinstance(request.headers, Headers) else Headers(request.headers)
        body = request.body if request.body is not None else b""
        return cls(
            request.method.upper(),
            parts.path or "/",
            pairs,
            dict(pairs),
            headers,
            body.encode("utf-8") if isinstance(body, str) else body,  # botocore's form bodies are str
            get_header(headers, "host") or parts.netloc,
        )

    def body_bytes(self) -> bytes:
        """The whole body (only for protocols whose bodies are small documents)."""
        body = self.body
        if isinstance(body, bytes):
            return body
        if isinstance(body, (bytearray, memoryview)):
            return bytes(body)
        if hasattr(body, "read"):
            self.body = body.read() or b""
        else:
            self.body = b"".join(body)
        return self.body


def parse_form(text: str) -> list[tuple[str, str]]:
    """`name=value&...` pairs, as parse_qsl(text, keep_blank_values=True) reads them.

    Written out because parse_qsl's generality (bytes, separators, limits) costs
    more than the parsing on the short query strings and forms of most calls.
    """
    pairs = []
    for field in text.split("&"):
        if field:
            name, _, value = field.partition("=")
            if "%" in field or "+" in field:
                name, value = unquote(name.replace("+", " ")), unquote(value.replace("+", " "))
            pairs.append((name, value))
    return pairs


def parse_request(request: HttpRequest) -> ParsedRequest:
    """Identify and parse a request; raises AWSError for anything a client got wrong."""
    wire = WireRequest.from_http(request)
    identity = identify(wire.headers, wire.host, wire.query)
    if identity.service is None:
        raise AWSError(
            "UnknownService",
            f"Could not tell which AWS service this request is for (got {identity.claimed or 'no service hint'!r}).",
            400,
        )
    try:
        service_model = load_service_model(identity.service)
    except UnknownService:
        raise AWSError("UnknownService", f"Unknown AWS service {identity.service!r}.", 400) from None
    wire.host_prefix = identity.host_prefix
    if wire.method == "POST" and identity.service == "s3" and s3_post.is_bucket_post(wire):
        return _browser_post(wire, service_model, identity, urlsplit(request.url).scheme or "https")
    if identity.presigned_expires_at is not None:
        wire.headers = _with_query_headers(wire)
    operation_model, params = parse_operation(wire, service_model)
    return ParsedRequest(
        operation_model.service_model,
        operation_model,
        params,
        identity.region,
        identity.access_key_id,
        identity.presigned_expires_at,
    )


def _browser_post(wire: WireRequest, service_model: ServiceModel, identity, scheme: str) -> ParsedRequest:
    """S3's browser POST upload, read as PutObject (`s3_post.py`)."""
    try:
        post = s3_post.parse_browser_post(wire, service_model, scheme)
    except AWSError as error:
        error.service_model = service_model
        raise
    return ParsedRequest(
        service_model=service_model,
        operation_model=post.operation_model,
        params=post.params,
        region=post.region or identity.region,
        access_key_id=post.access_key_id or identity.access_key_id,
        respond=post.respond,
    )


#: Query keys of a presigned URL that carry its signature, not a request header.
_PRESIGN_QUERY_KEYS = frozenset(
    {"x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires", "x-amz-signedheaders",
     "x-amz-signature", "x-amz-security-token"}
)


def _with_query_headers(wire: WireRequest) -> Headers:
    """A presigned URL carries `x-amz-*` headers (x-amz-meta-*, x-amz-tagging...) as query parameters;
    botocore puts them there, and S3 applies them as the headers they name."""
    moved = [
        (key.lower(), value)
        for key, value in wire.query_pairs
        if key.lower().startswith("x-amz-") and key.lower() not in _PRESIGN_QUERY_KEYS
    ]
    if not moved:
        return wire.headers
    headers = Headers.from_lowercase(wire.headers.items())
    for key, value in moved:
        headers.setdefault(key, value)
    return headers


def parse_operation(wire: WireRequest, service_model: ServiceModel) -> tuple[OperationModel, dict[str, Any]]:
    """Find the operation a request calls, and its params.

    A request in another protocol than the model's own is read with the model
    as that protocol speaks it, so the operation model returned also
    serializes the answer in the request's protocol.
    """
    accepted = _accepted_protocols(service_model)
    protocol = _protocol_of(wire, accepted)
    if protocol != accepted.own:
        service_model = load_service_model(service_model.service_name, protocol)
    parser = _PARSERS[protocol]
    try:
        operation_model, found_already = parser.find_operation(wire, service_model)
        return operation_model, parser.parse(wire, operation_model, found_already)
    except AWSError as error:
        error.service_model = service_model  # so the error is written in the request's own protocol
        raise


class _AcceptedProtocols(NamedTuple):
    """The protocols a service model accepts, read from its metadata once (every request asks)."""

    own: str  # the model's own protocol
    default: str  # what a request that names no other protocol speaks
    json_by_target: bool  # X-Amz-Target means json, although the model lists another protocol first
    query_by_form: bool  # an Action or a form body means query


def _read_accepted_protocols(service_model: ServiceModel) -> _AcceptedProtocols:
    """awsQueryCompatible services (SQS) moved from query to json and still accept form-encoded
    query requests, although their model lists only json."""
    metadata = service_model.metadata
    protocols = metadata.get("protocols") or [metadata.get("protocol")]
    return _AcceptedProtocols(
        own=service_model.protocol,
        default=protocols[0],
        json_by_target=len(protocols) > 1 and "json" in protocols,
        query_by_form="query" in protocols or "awsQueryCompatible" in metadata,
    )


_accepted_protocols = ModelCache(_read_accepted_protocols)


def _protocol_of(wire: WireRequest, accepted: _AcceptedProtocols) -> str:
    """The protocol this request speaks, among those the service accepts."""
    headers = wire.headers
    if get_header(headers, "x-amz-target") is not None:
        if accepted.json_by_target:
            return "json"
    elif accepted.query_by_form and ("Action" in wire.query or _is_form(headers)):
        return "query"
    protocol = accepted.default
    if protocol not in _PARSERS:
        raise AWSError("InvalidRequest", f"moto-shared can't parse the {protocol!r} protocol.", 400)
    return protocol


def _is_form(headers: Headers) -> bool:
    return get_header(headers, "content-type", "").startswith("application/x-www-form-urlencoded")


# --- protocol parsers -------------------------------------------------------------


class _OperationPlan(NamedTuple):
    """What parsing one operation needs, built on its first call."""

    protocol_plan: Any
    host_labels: Callable[[str], dict[str, str]] | None
    compressible: bool  # botocore may gzip the request body


def _gunzip(wire: WireRequest) -> None:
    """Undo the gzip request compression botocore applies to operations that allow it."""
    try:
        wire.body = gzip.decompress(wire.body_bytes())
    except (OSError, EOFError):
        raise BadValue("The request body is not valid gzip.") from None
    wire.headers = _without_encoding(wire.headers, "gzip")


def _without_encoding(headers: Headers, encoding: str) -> Headers:
    """A copy of headers with one transport encoding taken out of Content-Encoding (the rest is the user's)."""
    headers = Headers.from_lowercase(headers)
    value = dict.pop(headers, "content-encoding", "")
    if value != encoding:  # the usual case, the transport encoding alone, leaves no header
        remaining = [token for token in (token.strip() for token in value.split(",")) if token and token != encoding]
        if remaining:
            headers["content-encoding"] = ",".join(remaining)
    return headers


class _ProtocolParser:
    """One wire protocol: find the operation, then read its params.

    find_operation returns the operation and what it already read on the way
    (REST: the URI label values; query: the form fields), which read reuses.
    """

    #: the error code for an unreadable body or value
    malformed_code = "SerializationException"

    def __init__(self) -> None:
        self._plan = ModelCache(self._build_operation_plan)

    def find_operation(self, wire: WireRequest, service_model: ServiceModel) -> tuple[OperationModel, dict]:
        raise NotImplementedError

    def _build_operation_plan(self, operation_model: OperationModel) -> _OperationPlan:
        return _OperationPlan(
            self.build_plan(operation_model),
            host_label_reader(operation_model),
            bool(operation_model.request_compression),
        )

    def parse(self, wire: WireRequest, operation_model: OperationModel, found_already: dict) -> dict[str, Any]:
        protocol_plan, host_labels, compressible = self._plan(operation_model)
        try:
            if compressible and "gzip" in get_header(wire.headers, "content-encoding", ""):
                _gunzip(wire)
            params = self.read(wire, protocol_plan, found_already)
            if host_labels is not None:
                for name, value in host_labels(wire.host).items():
                    params.setdefault(name, value)
            return params
        except MissingMembers as missing:
            raise self.missing_error(missing) from None
        except BadValue as bad:
            raise AWSError(self.malformed_code, str(bad), 400) from None

    def build_plan(self, operation_model: OperationModel) -> Any:
        raise NotImplementedError

    def read(self, wire: WireRequest, plan: Any, found_already: dict) -> dict[str, Any]:
        raise NotImplementedError

    def missing_error(self, missing: MissingMembers) -> AWSError:
        """JSON-style services: every missing member, with its lowerCamel path."""
        prefix = ".".join(reversed(missing.path))
        paths = [f"{prefix}.{lower_camel(name)}" if prefix else lower_camel(name) for name in missing.names]
        count = len(paths)
        details = "; ".join(
            f"Value null at '{path}' failed to satisfy constraint: Member must not be null" for path in paths
        )
        return AWSError(
            "ValidationException",
            f"{count} validation error{'s' if count > 1 else ''} detected: {details}",
            400,
        )


def _operation(service_model: ServiceModel, name: str) -> OperationModel | None:
    return _operations_by_name(service_model).get(name)


#: A service's operation models by name: botocore's own cache (`instance_cache`) costs more per lookup.
_operations_by_name = ModelCache(
    lambda service_model: {name: service_model.operation_model(name) for name in service_model.operation_names}
)


class JsonParser(_ProtocolParser):
    """awsJson 1.0/1.1: operation in X-Amz-Target, params in a JSON body."""

    def find_operation(self, wire, service_model):
        target = get_header(wire.headers, "x-amz-target")
        if not target:
            raise AWSError("UnknownOperationException", "Missing X-Amz-Target header.", 400)
        name = target.rpartition(".")[2]
        operation_model = _operation(service_model, name)
        if operation_model is None:
            raise AWSError("UnknownOperationException", f"Unknown operation {target!r}.", 400)
        return operation_model, {}

    def build_plan(self, operation_model):
        shape = operation_model.input_shape
        return None if shape is None else JsonCompiler().compile(shape)

    def read(self, wire, plan, found_already):
        body = wire.body_bytes()
        document = _load_json(body) if body and not body.isspace() else {}  # isspace, unlike strip, copies nothing
        if plan is None:
            return {}
        return plan(document)


#: The scanner of the decoder json.loads uses when given no options.
_scan_json = json.JSONDecoder().scan_once


def _load_json(body: bytes) -> Any:
    """json.loads(body), for a JSON object; what it accepts and refuses, at less cost for the usual body.

    A body that starts with "{" (no BOM, not UTF-16/32) is UTF-8 to json.loads: it is decoded and
    scanned here as json.loads would, without its encoding detection and whitespace regexes.
    """
    try:
        if body[:1] == b"{" and body[1:2] != b"\x00":
            text = body.decode("utf-8", "surrogatepass")
            document, end = _scan_json(text, 0)
            if end != len(text) and text[end:].strip(" \t\n\r"):
                raise ValueError("extra data after the JSON document")
        else:
            document = json.loads(body)
    except (ValueError, UnicodeDecodeError, StopIteration):
        raise BadValue("Start of structure or map found where not expected.") from None
    if not isinstance(document, dict):
        raise BadValue("Start of structure or map found where not expected.")
    return document


#: Named quirks adding the fields a query request implies by its URL: service -> fn(host, path, fields) -> pairs.
_IMPLIED_QUERY_FIELDS = {sqs_legacy.SERVICE_NAME: sqs_legacy.queue_url_from_path}


class QueryParser(_ProtocolParser):
    """awsQuery: Action and params as form fields (POST body) or the query string (GET)."""

    malformed_code = "InvalidParameterValue"
    compiler = QueryCompiler

    def _fields(self, wire: WireRequest) -> list[tuple[str, str]]:
        if "gzip" in get_header(wire.headers, "content-encoding", ""):
            # The Action is inside the compressed body, so this can't wait until the operation is known.
            try:
                _gunzip(wire)
            except BadValue as bad:
                raise AWSError(self.malformed_code, str(bad), 400) from None
        pairs = list(wire.query_pairs)
        body = wire.body_bytes()
        if body:
            try:
                pairs.extend(parse_form(body.decode("utf-8")))
            except UnicodeDecodeError:
                raise AWSError("MalformedQueryString", "The request body is not valid UTF-8.", 400) from None
        return pairs

    def find_operation(self, wire, service_model):
        fields = self._fields(wire)
        action = dict(fields).get("Action")
        if not action:
            raise AWSError("MissingAction", "The request must contain the parameter Action.", 400)
        operation_model = _operation(service_model, action)
        if operation_model is None:
            raise AWSError("InvalidAction", f"The action {action} is not valid for this web service.", 400)
        implied = _IMPLIED_QUERY_FIELDS.get(service_model.service_name)
        if implied is not None:
            fields.extend(implied(wire.host, wire.path, fields))
        return operation_model, {"fields": fields}

    def build_plan(self, operation_model):
        shape = operation_model.input_shape
        return None if shape is None else self.compiler().compile(shape)

    def read(self, wire, plan, found_already):
        if plan is None:
            return {}
        fields = found_already.get("fields")
        return plan(_query_tree(self._fields(wire) if fields is None else fields))

    def missing_error(self, missing):
        return AWSError("MissingParameter", f"The request must contain the parameter {missing.names[0]}.", 400)


class Ec2Parser(QueryParser):
    """EC2's query dialect."""

    compiler = Ec2Compiler


def _query_tree(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """`A.member.1.B=x` -> {"A": {"member": {"1": {"B": "x"}}}}."""
    tree: dict[str, Any] = {}
    for key, value in pairs:
        node = tree
        *parents, last = key.split(".")
        for part in parents:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        if not isinstance(node.get(last), dict):
            node[last] = value
    return tree


# --- REST ---------------------------------------------------------------------------


@dataclass
class _RestPlan:
    """Where each input member of a REST operation comes from, and how to convert it."""

    labels: list[tuple[str, str, Converter | None]]  # (URI label, member, converter or None: text as it is)
    query: list[tuple[str, str, str, Converter]]  # (query key, member, "list" or "scalar", converter)
    query_map: tuple[str, Converter, bool] | None  # (member, value converter, values are lists)
    headers: dict[str, list[tuple[str, Converter | None]]]  # lower-cased header -> [(member, converter or None)]
    prefix_headers: list[tuple[str, str, Converter]]  # (lower-cased prefix, member, value converter)
    payload: tuple[str, str, Converter | None] | None  # (member, "stream"/"blob"/"string"/"any"/"document", converter)
    body: Converter | None  # the body members when there is no payload member
    required: tuple[str, ...]
    #: required list members read from a header or the query string: a client sends an empty list as
    #: nothing at all there, so an absent one can only mean []
    empty_if_absent: tuple[str, ...] = ()
    #: the prefixes of prefix_headers alone, for one str.startswith per request header
    header_prefixes: tuple[str, ...] = ()


def _unless_identity(convert: Converter) -> Converter | None:
    """None for the converter that keeps text as it is, so that reading a request skips calling it."""
    return None if convert is identity else convert


#: Services addressed by virtual host (`bucket.s3.amazonaws.com`): the host label is the first URI label.
_VIRTUAL_HOST_ENDPOINTS = frozenset({"s3"})


@lru_cache(maxsize=1024)
def _host_prefix_path(host_prefix: str) -> str:
    """`/<bucket>` for a virtual-host bucket: a client repeats its few buckets, quote is costly."""
    return "/" + quote(host_prefix)


class _RestParser(_ProtocolParser):
    """Shared by rest-json and rest-xml: URI labels, query string, headers, payload."""

    body_compiler: type[ShapeCompiler]
    unknown_route_code = "UnknownOperationException"
    unknown_route_status = 404

    def find_operation(self, wire, service_model):
        path = wire.path
        if wire.host_prefix and service_model.metadata.get("endpointPrefix") in _VIRTUAL_HOST_ENDPOINTS:
            path = _host_prefix_path(wire.host_prefix) + ("" if path == "/" else path)
        found = routing_table(service_model).find(wire.method, path, wire.query, wire.headers)
        if found is None:
            raise AWSError(
                self.unknown_route_code,
                f"No operation of {service_model.service_name} matches {wire.method} {wire.path}.",
                self.unknown_route_status,
            )
        return found

    def build_plan(self, operation_model):
        shape = operation_model.input_shape
        if shape is None:
            return _RestPlan([], [], None, {}, [], None, None, ())
        compiler = self.body_compiler()
        labels, query, prefix_headers = [], [], []
        headers: dict[str, list[tuple[str, Converter | None]]] = {}
        query_map = None
        for name, member in shape.members.items():
            location = member.serialization.get("location")
            wire_name = member.serialization.get("name", name)
            if location == "uri":
                labels.append((wire_name, name, _unless_identity(text_converter(member))))
            elif location == "querystring":
                if member.type_name == "map":
                    value_is_list = member.value.type_name == "list"
                    value_shape = member.value.member if value_is_list else member.value
                    query_map = (name, text_converter(value_shape), value_is_list)
                elif member.type_name == "list":
                    query.append((wire_name, name, "list", text_converter(member.member)))
                else:
                    query.append((wire_name, name, "scalar", text_converter(member)))
            elif location == "header":
                headers.setdefault(wire_name.lower(), []).append((name, _unless_identity(header_converter(member))))
            elif location == "headers":
                prefix_headers.append((wire_name.lower(), name, text_converter(member.value)))
        payload = body = None
        payload_name = shape.serialization.get("payload")
        if payload_name:
            member = shape.members[payload_name]
            if member.type_name == "blob":
                kind = "stream" if member.serialization.get("streaming") else "blob"
                payload = (payload_name, kind, None)
            elif member.type_name == "string":
                payload = (payload_name, "string", None)
            elif member.is_document_type:
                payload = (payload_name, "any", None)
            else:
                payload = (payload_name, "document", compiler.compile(member))
        elif any("location" not in member.serialization for member in shape.members.values()):
            body = compiler.structure(shape, ())
        empty_if_absent = tuple(
            name
            for name in shape.required_members
            if shape.members[name].type_name == "list"
            and shape.members[name].serialization.get("location") in ("header", "querystring")
        )
        return _RestPlan(
            labels, query, query_map, headers, prefix_headers, payload, body, tuple(shape.required_members),
            empty_if_absent, tuple(prefix for prefix, _, _ in prefix_headers),
        )

    def load_document(self, body: bytes) -> Any:
        raise NotImplementedError

    def load_any(self, body: bytes) -> Any:
        """A document-type payload (any JSON value)."""
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise BadValue("The payload is not valid JSON.") from None

    def read(self, wire, plan: _RestPlan, found_already):
        params: dict[str, Any] = {}
        for label, name, convert in plan.labels:
            if label in found_already:
                value = found_already[label]
                params[name] = value if convert is None else convert(value)
        if wire.query_pairs:
            self._read_query(wire, plan, params)
        headers = wire.headers
        if "aws-chunked" in get_header(headers, "content-encoding", "") or _is_streaming(headers):
            headers = self._dechunk(wire)
        # A request carries a dozen headers where S3's inputs bind dozens: walk the request's.
        bound_headers, prefixes = plan.headers, plan.header_prefixes
        for header, value in headers.items():
            bound = bound_headers.get(header)
            if bound is not None:
                for name, convert in bound:
                    params[name] = value if convert is None else convert(value)
            if prefixes and header.startswith(prefixes):
                for prefix, name, convert in plan.prefix_headers:
                    if header.startswith(prefix):
                        params.setdefault(name, {})[header[len(prefix) :]] = convert(value)
        if plan.payload is not None:
            self._read_payload(wire, headers, plan.payload, params)
        elif plan.body is not None:
            body = wire.body_bytes()
            if body.strip():
                params.update(plan.body(self.load_document(body)))
        for name in plan.empty_if_absent:
            params.setdefault(name, [])
        for name in plan.required:
            if name not in params:
                raise MissingMembers([name for name in plan.required if name not in params])
        return params

    def _read_query(self, wire: WireRequest, plan: _RestPlan, params: dict) -> None:
        claimed = set()
        for key, name, kind, convert in plan.query:
            claimed.add(key)
            if kind == "list":
                values = [convert(value) for pair_key, value in wire.query_pairs if pair_key == key]
                if values:
                    params[name] = values
            elif key in wire.query:
                params[name] = convert(wire.query[key])
        if plan.query_map is not None:
            name, convert, value_is_list = plan.query_map
            found: dict[str, Any] = {}
            for key, value in wire.query_pairs:
                if key in claimed or key in PRESIGN_QUERY_KEYS:
                    continue
                if value_is_list:
                    found.setdefault(key, []).append(convert(value))
                else:
                    found.setdefault(key, convert(value))
            if found:
                params[name] = found

    def _dechunk(self, wire: WireRequest) -> Headers:
        """Strip aws-chunked framing; its trailers and decoded length read as headers."""
        try:
            wire.body, trailers = decode_chunked(wire.body)
        except ChunkedEncodingError as error:
            raise AWSError("IncompleteBody", f"Invalid aws-chunked body: {error}", 400) from None
        headers = _without_encoding(wire.headers, "aws-chunked")
        headers.update(trailers)
        decoded_length = get_header(headers, "x-amz-decoded-content-length")
        if decoded_length is not None:
            headers["content-length"] = decoded_length
        return headers

    def _read_payload(self, wire: WireRequest, headers: Headers, payload: tuple, params: dict) -> None:
        name, kind, convert = payload
        if kind == "stream":
            stream = _as_stream(wire.body, headers)
            if stream is not None:
                params[name] = stream
            return
        body = wire.body_bytes()
        if not body:
            return
        if kind == "blob":
            params[name] = body
        elif kind == "string":
            try:
                params[name] = body.decode("utf-8")
            except UnicodeDecodeError:
                raise BadValue("payload is not valid UTF-8") from None
        elif kind == "any":
            params[name] = self.load_any(body)
        elif body.strip() and body.strip() != b"{}":  # botocore sends {} when the payload is absent
            try:
                params[name] = convert(self.load_document(body))
            except MissingMembers as missing:
                missing.path.append(lower_camel(name))  # missing inside the payload document, not beside it
                raise


def _as_stream(body: Any, headers: Mapping[str, str]) -> BinaryIO | None:
    """A streaming payload as a readable file object, or None if there is no body."""
    if isinstance(body, (bytes, bytearray, memoryview)):
        return io.BytesIO(body) if body else None
    if hasattr(body, "read"):
        return None if headers.get("content-length") == "0" else body
    return _IterableReader(body)


class _IterableReader(io.RawIOBase):
    """A file object over an iterable of byte chunks, read lazily."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            self._pending = next(self._chunks, None)
            if self._pending is None:
                self._pending = b""
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class RestJsonParser(_RestParser):
    """restJson1: REST routing, JSON body."""

    body_compiler = JsonCompiler

    def load_document(self, body):
        return _load_json(body)


class RestXmlParser(_RestParser):
    """restXml (S3): REST routing, XML body."""

    body_compiler = XmlCompiler
    malformed_code = "MalformedXML"
    unknown_route_code = "MethodNotAllowed"
    unknown_route_status = 405

    def load_document(self, body):
        try:
            return ElementTree.fromstring(body)
        except ElementTree.ParseError:
            raise BadValue(
                "The XML you provided was not well-formed or did not validate against our published schema"
            ) from None

    def missing_error(self, missing):
        if missing.path:
            # A required element missing inside the XML body: S3 says the document doesn't match its schema.
            return AWSError(
                "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema",
                400,
            )
        return AWSError("MissingParameter", f"The request must contain the parameter {missing.names[0]}.", 400)


def _is_streaming(headers: Headers) -> bool:
    """SigV4 streaming uploads are chunk-framed even when a client leaves out Content-Encoding: aws-chunked."""
    return get_header(headers, "x-amz-content-sha256", "").startswith("STREAMING-")


_PARSERS: dict[str, _ProtocolParser] = {
    "json": JsonParser(),
    "query": QueryParser(),
    "ec2": Ec2Parser(),
    "rest-json": RestJsonParser(),
    "rest-xml": RestXmlParser(),
}
