"""Results and AWSErrors turned into HTTP responses the way AWS sends them.

The mirror image of botocore's `parsers.py`: one serializer per protocol
(query, ec2, json, rest-json, rest-xml), each walking the operation's output
shape, so that botocore reads our responses back exactly. Per-shape work
(element names, header bindings, formatters) is compiled once and cached by
the XML and JSON helpers and by `_RestLayout`.

The named quirks are S3's: its errors are a bare `<Error>` document and its
request ids travel in `x-amz-request-id` / `x-amz-id-2`, where every other
rest-xml service uses `<ErrorResponse>` and `x-amzn-RequestId`; and
GetBucketLocation's answer is the text of the root element.
"""

from __future__ import annotations

import base64
import json
from typing import Callable, Iterator

from moto_shared.errors import AWSError
from moto_shared.protocol import event_stream, serialize_json, xml_writer
from moto_shared.protocol.http import Headers, HttpResponse
from moto_shared.protocol.model_cache import ModelCache
from moto_shared.protocol.serialize_scalars import (
    base64_text,
    boolean_text,
    float_text,
    timestamp_formatter,
    to_bytes,
    to_datetime,
)
from moto_shared.protocol.xml_writer import escape_text, namespace_attr

#: Chunk size used when a streaming payload is handed over as a file object.
STREAM_CHUNK_SIZE = 1024 * 1024

_S3_SERVICE_IDS = frozenset({"S3"})
_S3_XML_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
#: Outputs botocore can't model and reads as the text of the root element instead
#: (botocore.handlers.parse_get_bucket_location): (serviceId, operation) -> that member.
_ROOT_TEXT_OUTPUTS = {("S3", "GetBucketLocation"): "LocationConstraint"}


def serialize_result(operation_model, result: dict, *, request_id: str) -> HttpResponse:
    """The HTTP response for a successful call of `operation_model` returning `result`."""
    serializer = _SERIALIZERS[operation_model.service_model.protocol]
    return serializer.serialize_result(operation_model, result or {}, request_id)


def serialize_error(service_model, error: AWSError, *, request_id: str, operation_model=None) -> HttpResponse:
    """The HTTP response for `error`, completed from its error shape in `service_model`."""
    serializer = _SERIALIZERS[service_model.protocol]
    details = _ErrorDetails(service_model, error)
    return serializer.serialize_error(details, request_id, operation_model)


# --- errors -----------------------------------------------------------------


def _error_index(service_model) -> dict:
    """Error shapes by shape name, then by `error.code` (query code)."""
    index = {shape.name: shape for shape in service_model.error_shapes}
    for shape in service_model.error_shapes:
        index.setdefault(shape.error_code, shape)
    return index


_error_indexes = ModelCache(_error_index)


def find_error_shape(service_model, code: str):
    """The modelled error shape for a code: by shape name, else by its `error.code` (query code)."""
    return _error_indexes(service_model).get(code)


class _ErrorDetails:
    """An AWSError with what the wire needs filled in from its error shape.

    shape: the modelled error shape, or None.
    name: the shape's name (json `__type`, rest-json `x-amzn-ErrorType`).
    query_code: the legacy code (query/ec2/rest-xml `<Code>`, `x-amzn-query-error`).
    """

    def __init__(self, service_model, error: AWSError) -> None:
        self.error = error
        self.service_model = service_model
        self.shape = shape = find_error_shape(service_model, error.code)
        error_trait = shape.metadata.get("error", {}) if shape is not None else {}
        server_fault = _has_fault_trait(shape)
        self.status = error.status or error_trait.get("httpStatusCode") or (500 if server_fault else 400)
        if error.sender_fault is not None:
            self.sender_fault = error.sender_fault
        elif "senderFault" in error_trait:
            self.sender_fault = bool(error_trait["senderFault"])
        else:
            self.sender_fault = not server_fault and self.status < 500
        self.name = shape.name if shape is not None else error.code
        self.query_code = shape.error_code if shape is not None else error.code

    @property
    def fault_type(self) -> str:
        return "Sender" if self.sender_fault else "Receiver"

    def modelled_fields(self) -> dict:
        """Fields that are members of the error shape, with the message under its member's name."""
        members = self.shape.members if self.shape is not None else {}
        fields = {name: value for name, value in self.error.fields.items() if name in members}
        message_member = _message_member(self.shape)
        if message_member is not None and self.error.message:
            fields.setdefault(message_member, self.error.message)
        return fields

    def plain_fields(self) -> dict:
        """Fields the error shape doesn't model, written as plain elements / keys."""
        members = self.shape.members if self.shape is not None else {}
        return {name: value for name, value in self.error.fields.items() if name not in members and value is not None}


def _has_fault_trait(shape) -> bool:
    """Smithy's `fault` trait (server error) is not among botocore's parsed metadata."""
    return shape is not None and bool(getattr(shape, "_shape_model", {}).get("fault"))


def _message_member(shape) -> str | None:
    """The error shape's member carrying the message ("message" or "Message"), if modelled."""
    if shape is None:
        return None
    for member_name in shape.members:
        if member_name.lower() == "message":
            return member_name
    return None


# --- shared helpers -----------------------------------------------------------


def _byte_response(status: int, headers: Headers, body: bytes) -> HttpResponse:
    dict.__setitem__(headers, "content-length", str(len(body)))  # already lower-case: skip Headers' lower()
    return HttpResponse(status, headers, body)


def _xml_response(status: int, headers: Headers, parts: list[str]) -> HttpResponse:
    return _byte_response(status, headers, "".join(parts).encode("utf-8"))


def _add_headers(headers: Headers, extra: dict) -> None:
    """Headers.update would bypass the lower-casing in Headers.__setitem__."""
    for name, value in extra.items():
        headers[name] = value


def _plain_elements(fields: dict, parts: list) -> None:
    """Unmodelled error fields, as `<Name>text</Name>`."""
    for name, value in fields.items():
        parts.append(f"<{name}>{escape_text(str(value))}</{name}>")


def _stream_chunks(stream) -> Iterator[bytes]:
    """A file object read in bounded chunks, so large downloads never sit in memory whole."""
    try:
        while chunk := stream.read(STREAM_CHUNK_SIZE):
            yield chunk
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()


# --- query and ec2 ------------------------------------------------------------


class QuerySerializer:
    """`<OpResponse><OpResult>...</OpResult><ResponseMetadata/></OpResponse>` and `<ErrorResponse>`."""

    content_type = "text/xml"

    def serialize_result(self, operation_model, result: dict, request_id: str) -> HttpResponse:
        root = f"{operation_model.name}Response"
        namespace = namespace_attr(operation_model.service_model.metadata.get("xmlNamespace"))
        parts = [f"<{root}{namespace}>"]
        self._write_output(operation_model.output_shape, result, request_id, parts)
        parts.append(f"</{root}>")
        return _xml_response(200, self._headers(request_id), parts)

    def _write_output(self, shape, result: dict, request_id: str, parts: list) -> None:
        if shape is not None:
            wrapper = shape.serialization.get("resultWrapper")
            if wrapper:
                parts.append(xml_writer.open_tag(shape, wrapper, result))
                xml_writer.write_members(shape, result, parts)
                parts.append(f"</{wrapper}>")
            else:
                xml_writer.write_members(shape, result, parts)
        parts.append(f"<ResponseMetadata><RequestId>{escape_text(request_id)}</RequestId></ResponseMetadata>")

    def _headers(self, request_id: str) -> Headers:
        return Headers.from_lowercase((("content-type", self.content_type), ("x-amzn-requestid", request_id)))

    def serialize_error(self, details: _ErrorDetails, request_id: str, operation_model) -> HttpResponse:
        namespace = namespace_attr(details.service_model.metadata.get("xmlNamespace"))
        parts = [f"<ErrorResponse{namespace}><Error><Type>{details.fault_type}</Type>"]
        _write_error_members(details, parts)
        parts.append(f"</Error><RequestId>{escape_text(request_id)}</RequestId></ErrorResponse>")
        return _xml_response(details.status, self._error_headers(details, request_id), parts)

    def _error_headers(self, details: _ErrorDetails, request_id: str) -> Headers:
        headers = self._headers(request_id)
        _add_headers(headers, details.error.headers)
        return headers


def _write_error_members(details: _ErrorDetails, parts: list) -> None:
    """`<Code>`, `<Message>`, then the error's fields (modelled ones per the shape)."""
    parts.append(f"<Code>{escape_text(details.query_code)}</Code>")
    if details.error.message:
        parts.append(f"<Message>{escape_text(details.error.message)}</Message>")
    modelled = details.modelled_fields()
    modelled.pop(_message_member(details.shape), None)  # already written as <Message>
    if modelled:
        xml_writer.write_members(details.shape, modelled, parts)
    _plain_elements(details.plain_fields(), parts)


class EC2Serializer(QuerySerializer):
    """EC2's variant: no result wrapper, `<requestId>` first, `<Response><Errors>` for errors."""

    def _write_output(self, shape, result: dict, request_id: str, parts: list) -> None:
        parts.append(f"<requestId>{escape_text(request_id)}</requestId>")
        if shape is not None:
            xml_writer.write_members(shape, result, parts)

    def serialize_error(self, details: _ErrorDetails, request_id: str, operation_model) -> HttpResponse:
        parts = ["<Response><Errors><Error>"]
        _write_error_members(details, parts)
        parts.append(f"</Error></Errors><RequestID>{escape_text(request_id)}</RequestID></Response>")
        return _xml_response(details.status, self._error_headers(details, request_id), parts)


# --- json ---------------------------------------------------------------------


def _json_content_type(service_model) -> str:
    return f"application/x-amz-json-{service_model.metadata.get('jsonVersion', '1.0')}"


class _JSONOutput:
    """What a json-protocol operation's answers share, worked out once per operation model."""

    __slots__ = ("content_type", "shape", "stream_member", "convert")

    def __init__(self, operation_model) -> None:
        self.content_type = _json_content_type(operation_model.service_model)
        self.shape = shape = operation_model.output_shape
        self.stream_member = _event_stream_member(shape)
        self.convert = serialize_json.converter(shape) if shape is not None else None


_json_output = ModelCache(_JSONOutput)
_EMPTY_JSON = b"{}"


class JSONSerializer:
    """The json protocol (1.0 / 1.1): a JSON body, the request id in `x-amzn-RequestId`."""

    def serialize_result(self, operation_model, result: dict, request_id: str) -> HttpResponse:
        output = _json_output(operation_model)
        headers = Headers.from_lowercase((("content-type", output.content_type), ("x-amzn-requestid", request_id)))
        if output.stream_member is not None:
            return self._event_stream_response(output.shape, output.stream_member, result, headers)
        if not result or output.shape is None:
            return _byte_response(200, headers, _EMPTY_JSON)
        body = result if output.convert is None else output.convert(result)
        return _byte_response(200, headers, serialize_json.dumps(body))

    @staticmethod
    def _event_stream_response(shape, stream_member: str, result: dict, headers: Headers) -> HttpResponse:
        """An event stream answer: the other members in an initial-response event, then the events."""
        initial = {name: value for name, value in result.items() if name != stream_member}
        body = serialize_json.to_json(shape, initial)
        messages = [
            event_stream.encode_message(
                {":event-type": "initial-response", ":message-type": "event", ":content-type": "application/json"},
                serialize_json.dumps(body),
            )
        ]
        messages += _event_messages(
            shape.members[stream_member],
            result.get(stream_member) or [],
            lambda member_shape, _, value: serialize_json.dumps(serialize_json.to_json(member_shape, value)),
            "application/json",
        )
        headers["content-type"] = event_stream.CONTENT_TYPE
        return HttpResponse(200, headers, messages)

    @staticmethod
    def _headers(service_model, request_id: str) -> Headers:
        return Headers.from_lowercase(
            (("content-type", _json_content_type(service_model)), ("x-amzn-requestid", request_id))
        )

    def serialize_error(self, details: _ErrorDetails, request_id: str, operation_model) -> HttpResponse:
        headers = self._headers(details.service_model, request_id)
        if "awsQueryCompatible" in details.service_model.metadata:
            headers["x-amzn-query-error"] = f"{details.query_code};{details.fault_type}"
        _add_headers(headers, details.error.headers)
        body = {"__type": details.name, **_json_error_members(details)}
        return _byte_response(details.status, headers, serialize_json.dumps(body))


def _json_error_members(details: _ErrorDetails) -> dict:
    """The message (under the shape's message member if it models one) and the fields."""
    body = {} if _message_member(details.shape) else {"message": details.error.message}
    if details.shape is not None:
        body.update(serialize_json.to_json(details.shape, details.modelled_fields()))
    body.update(details.plain_fields())
    return body


# --- rest-json and rest-xml ---------------------------------------------------


def _event_stream_member(shape) -> str | None:
    """The output member that is an event stream, if any (botocore parses such bodies as messages)."""
    if shape is None:
        return None
    for name, member in shape.members.items():
        if member.serialization.get("eventstream"):
            return name
    return None


def _event_messages(stream_shape, events: list[dict], write_structure, structure_content_type: str) -> list[bytes]:
    """An event-stream payload: each {EventName: members} an operation returns, framed as its shape says.

    Members marked eventheader become typed message headers; the eventpayload
    member (bytes, text or a structure) or else the other members form the payload.
    """
    messages = []
    for event in events:
        ((event_name, value),) = event.items()
        event_shape = stream_shape.members[event_name]
        headers: dict[str, object] = {":event-type": event_name, ":message-type": "event"}
        payload = b""
        body_members = {}
        for member_name, member_value in value.items():
            member_shape = event_shape.members[member_name]
            if member_shape.serialization.get("eventheader"):
                headers[member_name] = _event_header_value(member_shape, member_value)
            elif not member_shape.serialization.get("eventpayload"):
                body_members[member_name] = member_value
            elif member_shape.type_name in ("blob", "string"):
                payload = to_bytes(member_value)
                headers[":content-type"] = "application/octet-stream" if member_shape.type_name == "blob" else "text/plain"
            else:
                payload = write_structure(member_shape, None, member_value)
                headers[":content-type"] = structure_content_type
        if body_members:
            payload = write_structure(event_shape, event_name, body_members)
            headers[":content-type"] = structure_content_type
        messages.append(event_stream.encode_message(headers, payload))
    return messages


def _event_header_value(shape, value) -> object:
    """Event headers are typed on the wire: the member's shape says which type."""
    type_name = shape.type_name
    if type_name == "timestamp":
        return to_datetime(value)
    if type_name == "blob":
        return to_bytes(value)
    if type_name in ("integer", "long", "byte", "short"):
        return int(value)
    if type_name == "boolean":
        return bool(value)
    return str(value)


class _RestLayout:
    """Where each member of a REST output (or error) shape goes: header, status code, payload, body."""

    __slots__ = ("headers", "header_maps", "status_member", "payload_member", "payload_shape", "has_body_members")

    def __init__(self, shape) -> None:
        #: member -> (lower-cased header name, formatter); placing looks up the result's few members here
        self.headers: dict[str, tuple[str, Callable]] = {}
        self.header_maps: list[tuple[str, str]] = []
        self.status_member: str | None = None
        self.payload_member: str | None = shape.serialization.get("payload")
        self.payload_shape = shape.members[self.payload_member] if self.payload_member else None
        self.has_body_members = any(member.serialization.get("location") not in ("header", "headers", "statusCode")
                                    for member in shape.members.values())
        for member_name, member_shape in shape.members.items():
            location = member_shape.serialization.get("location")
            if location == "header":
                header_name = member_shape.serialization.get("name", member_name)
                self.headers[member_name] = (header_name.lower(), _header_formatter(member_shape))
            elif location == "headers":
                self.header_maps.append((member_name, member_shape.serialization.get("name", "")))
            elif location == "statusCode":
                self.status_member = member_name

    def place_headers(self, value: dict, headers: Headers) -> None:
        bindings = self.headers
        for member_name, member_value in value.items():
            binding = bindings.get(member_name)
            if binding is not None and member_value is not None:
                header_name, to_text = binding
                dict.__setitem__(headers, header_name, to_text(member_value))
        for member_name, prefix in self.header_maps:
            for key, item in (value.get(member_name) or {}).items():
                headers[prefix + key] = str(item)

    def status(self, value: dict, default: int) -> int:
        if self.status_member is None:
            return default
        return int(value.get(self.status_member) or default)


_rest_layout = ModelCache(_RestLayout)


def _header_formatter(shape) -> Callable[[object], str]:
    """How a header-bound member is written: HTTP-dates, base64 JSON values, comma-joined lists."""
    type_name = shape.type_name
    if type_name == "timestamp":
        to_text = timestamp_formatter(shape, "rfc822")
        return lambda value: str(to_text(value))
    if type_name == "string" and shape.serialization.get("jsonvalue"):
        return lambda value: base64.b64encode(json.dumps(value, separators=(",", ":")).encode()).decode()
    if type_name == "list":
        item_text = _header_formatter(shape.member)
        quote = shape.member.type_name == "string"
        return lambda value: ",".join(
            _quote_header_item(item_text(item)) if quote else item_text(item) for item in value if item is not None
        )
    if type_name == "boolean":
        return boolean_text
    if type_name in ("float", "double"):
        return float_text
    if type_name == "blob":
        return base64_text
    return str


def _quote_header_item(text: str) -> str:
    """List items containing a comma or quote are quoted, as RFC 7230 lists require."""
    if "," in text or '"' in text:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return text


class _RestSerializer:
    """Shared REST logic: headers, status code, payload members, HEAD responses."""

    content_type = ""

    def serialize_result(self, operation_model, result: dict, request_id: str) -> HttpResponse:
        service_model = operation_model.service_model
        headers = self._headers(service_model, request_id)
        status = operation_model.http.get("responseCode", 200)
        shape = operation_model.output_shape
        if shape is None:
            return _byte_response(status, headers, b"")
        layout = _rest_layout(shape)
        layout.place_headers(result, headers)
        status = layout.status(result, status)
        if operation_model.http.get("method") == "HEAD":
            if layout.payload_member is None:
                headers.setdefault("content-type", self.content_type)
            return HttpResponse(status, headers, b"")
        if layout.payload_member is None:
            body = self._body(service_model, shape, None, result) if layout.has_body_members else b""
        else:
            payload = result.get(layout.payload_member)
            if layout.payload_shape.type_name in ("blob", "string"):
                return self._raw_payload(status, headers, layout.payload_shape, payload)
            if layout.payload_shape.serialization.get("eventstream"):
                headers["content-type"] = event_stream.CONTENT_TYPE
                return HttpResponse(status, headers, self._events(service_model, layout.payload_shape, payload or []))
            if payload is None:
                body = b""
            else:
                body = self._body(service_model, layout.payload_shape, layout.payload_member, payload)
        if body:
            headers.setdefault("content-type", self.content_type)
        return _byte_response(status, headers, body)

    @staticmethod
    def _raw_payload(status: int, headers: Headers, shape, payload) -> HttpResponse:
        """Blob/string payloads go out as they are; iterables of chunks are passed through unjoined."""
        headers.setdefault("content-type", "text/plain" if shape.type_name == "string" else "application/octet-stream")
        if payload is None:
            return _byte_response(status, headers, b"")
        if isinstance(payload, (bytes, bytearray, memoryview, str)):
            return _byte_response(status, headers, to_bytes(payload))
        if hasattr(payload, "read"):
            return HttpResponse(status, headers, _stream_chunks(payload))
        return HttpResponse(status, headers, payload)

    def _headers(self, service_model, request_id: str) -> Headers:
        return Headers.from_lowercase((("x-amzn-requestid", request_id),))

    def _body(self, service_model, shape, member_name: str | None, value: dict) -> bytes:
        raise NotImplementedError

    #: the :content-type of an event whose payload is a structure
    event_content_type = ""

    def _events(self, service_model, stream_shape, events: list[dict]) -> list[bytes]:
        def write(shape, root, value):
            return self._body(service_model, shape, root, value)

        return _event_messages(stream_shape, events, write, self.event_content_type)

    def _error_status_and_headers(self, details: _ErrorDetails, request_id: str) -> tuple[int, Headers]:
        headers = self._headers(details.service_model, request_id)
        status = details.status
        if details.shape is not None:
            layout = _rest_layout(details.shape)
            fields = details.error.fields
            layout.place_headers(fields, headers)
            status = layout.status(fields, status)
        _add_headers(headers, details.error.headers)
        return status, headers


class RestJSONSerializer(_RestSerializer):
    """rest-json: `x-amzn-ErrorType` plus a JSON body for errors."""

    content_type = "application/json"
    event_content_type = "application/json"

    def _body(self, service_model, shape, member_name, value) -> bytes:
        return serialize_json.dumps(serialize_json.to_json(shape, value))

    def serialize_error(self, details: _ErrorDetails, request_id: str, operation_model) -> HttpResponse:
        status, headers = self._error_status_and_headers(details, request_id)
        headers["x-amzn-ErrorType"] = details.name
        if operation_model is not None and operation_model.http.get("method") == "HEAD":
            return HttpResponse(status, headers, b"")
        headers["Content-Type"] = self.content_type
        return _byte_response(status, headers, serialize_json.dumps(_json_error_members(details)))


class RestXMLSerializer(_RestSerializer):
    """rest-xml: XML bodies; S3's `<Error>` documents and request-id headers as its named quirk."""

    content_type = "application/xml"
    event_content_type = "text/xml"

    def serialize_result(self, operation_model, result: dict, request_id: str) -> HttpResponse:
        service_id = operation_model.service_model.metadata.get("serviceId")
        root_text_member = _ROOT_TEXT_OUTPUTS.get((service_id, operation_model.name))
        if root_text_member is None:
            return super().serialize_result(operation_model, result, request_id)
        text = escape_text(str(result.get(root_text_member) or ""))
        headers = self._headers(operation_model.service_model, request_id)
        headers["Content-Type"] = self.content_type
        body = f'{_XML_DECLARATION}<{root_text_member} xmlns="{_S3_XML_NAMESPACE}">{text}</{root_text_member}>'
        return _byte_response(200, headers, body.encode("utf-8"))

    def _headers(self, service_model, request_id: str) -> Headers:
        if service_model.metadata.get("serviceId") in _S3_SERVICE_IDS:
            host_id = base64.b64encode(request_id.encode()).decode()
            return Headers.from_lowercase((("x-amz-request-id", request_id), ("x-amz-id-2", host_id)))
        return super()._headers(service_model, request_id)

    def _body(self, service_model, shape, member_name, value) -> bytes:
        root = shape.serialization.get("name") or (member_name if member_name else None) or shape.name
        parts = [_XML_DECLARATION]
        start = xml_writer.open_tag(shape, root, value)
        if "xmlns=" not in start and service_model.metadata.get("serviceId") in _S3_SERVICE_IDS:
            start = f'{start[:-1]} xmlns="{_S3_XML_NAMESPACE}">'
        parts.append(start)
        xml_writer.write_members(shape, value, parts)
        parts.append(f"</{root}>")
        return "".join(parts).encode("utf-8")

    def serialize_error(self, details: _ErrorDetails, request_id: str, operation_model) -> HttpResponse:
        status, headers = self._error_status_and_headers(details, request_id)
        if status == 304 or (operation_model is not None and operation_model.http.get("method") == "HEAD"):
            return HttpResponse(status, headers, b"")  # S3 sends 304 Not Modified with no body
        headers["Content-Type"] = self.content_type
        request_id_text = escape_text(request_id)
        if details.service_model.metadata.get("serviceId") in _S3_SERVICE_IDS:
            parts = [_XML_DECLARATION, "<Error>"]
            _write_error_members(details, parts)
            host_id = escape_text(headers["x-amz-id-2"])
            parts.append(f"<RequestId>{request_id_text}</RequestId><HostId>{host_id}</HostId></Error>")
        else:
            namespace = namespace_attr(details.service_model.metadata.get("xmlNamespace"))
            parts = [f"<ErrorResponse{namespace}><Error><Type>{details.fault_type}</Type>"]
            _write_error_members(details, parts)
            parts.append(f"</Error><RequestId>{request_id_text}</RequestId></ErrorResponse>")
        return _xml_response(status, headers, parts)


_SERIALIZERS = {
    "query": QuerySerializer(),
    "ec2": EC2Serializer(),
    "json": JSONSerializer(),
    "rest-json": RestJSONSerializer(),
    "rest-xml": RestXMLSerializer(),
}
