"""Wire values -> Python values, shape by shape.

A compiler walks a shape once and returns a converter: a closure that turns
one wire value (a json.loads value, a query-key tree node, an XML element,
a header or URI string) into what a botocore client takes. Converters hold
everything decided from the model (member names, list styles, timestamp
handling), so converting costs one pass over the data and no lookups in the
model. `parsers.py` compiles them once per operation.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Iterable, Mapping
from xml.etree import ElementTree

from botocore.model import Shape

Converter = Callable[[Any], Any]


# --- errors ---------------------------------------------------------------------


class MissingMembers(Exception):
    """Required members absent; path grows as the exception climbs out of nested shapes."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(names)
        self.names = names
        self.path: list[str] = []


class BadValue(Exception):
    """A wire value that can't be read as its shape's type."""


def lower_camel(name: str) -> str:
    return name[:1].lower() + name[1:]


# --- scalar conversion ----------------------------------------------------------


def _epoch_to_datetime(value: float) -> datetime:
    try:
        return datetime.fromtimestamp(value, timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise BadValue(f"timestamp out of range: {value!r}") from None


def parse_timestamp(text: str) -> datetime:
    """A tz-aware datetime from any of AWS's wire formats (epoch, ISO 8601, RFC 822)."""
    text = text.strip()
    try:
        return _epoch_to_datetime(float(text))
    except ValueError:
        pass
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise BadValue(f"invalid timestamp {text!r}") from None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _text_to_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise BadValue(f"invalid integer {text!r}") from None


def text_to_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise BadValue(f"invalid number {text!r}") from None


def _text_to_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise BadValue(f"invalid boolean {text!r}")


def _base64_to_bytes(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise BadValue("invalid base64 blob") from None


def _json_header(text: str) -> Any:
    try:
        return json.loads(base64.b64decode(text))
    except (binascii.Error, ValueError):
        raise BadValue("invalid base64-encoded JSON header") from None


def identity(text: str) -> str:
    """The converter of text that stays text."""
    return text


def text_converter(shape: Shape) -> Converter:
    """How a string from the wire (query, XML text, header, URI) becomes a value of shape."""
    type_name = shape.type_name
    if type_name in ("integer", "long", "short", "byte"):
        return _text_to_int
    if type_name in ("float", "double"):
        return text_to_float
    if type_name == "boolean":
        return _text_to_bool
    if type_name == "timestamp":
        return parse_timestamp
    if type_name == "blob":
        return _base64_to_bytes
    if shape.serialization.get("jsonvalue"):
        return _json_header
    return identity


# --- shape compilers ------------------------------------------------------------


def _memo_key(shape: Shape) -> tuple:
    """Shapes convert alike when their name and the member traits on them agree."""
    traits = tuple(sorted((k, v) for k, v in shape.serialization.items() if isinstance(v, (str, bool, int))))
    return shape.name, traits


class ShapeCompiler:
    """Builds one converter per shape, dispatching on type once at build time.

    Recursive shapes (DynamoDB's AttributeValue) get a forwarding stub while
    they are being built. Subclasses provide `_structure`, `_list`, `_map`,
    `_scalar`, and `structure(shape, required)` for a REST input's body.
    """

    def __init__(self) -> None:
        self._memo: dict[tuple, Converter] = {}

    def compile(self, shape: Shape) -> Converter:
        key = _memo_key(shape)
        converter = self._memo.get(key)
        if converter is None:
            built: list[Converter] = []
            self._memo[key] = lambda value: built[0](value)
            converter = getattr(self, "_" + shape.type_name, self._scalar)(shape)
            built.append(converter)
            self._memo[key] = converter
        return converter

    def _scalar(self, shape: Shape) -> Converter:
        raise NotImplementedError

    def structure(self, shape: Shape, required: tuple[str, ...]) -> Converter:
        raise NotImplementedError


def struct_converter(fields: Mapping[str, tuple[str, Converter]], required: tuple[str, ...]) -> Converter:
    """A converter for a structure read from a dict of wire name -> wire value."""

    def convert(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise BadValue("expected a structure")
        out = {}
        for key, item in value.items():
            field = fields.get(key)
            if field is None or item is None:
                continue
            name, member = field
            try:
                out[name] = member(item)
            except MissingMembers as missing:
                missing.path.append(lower_camel(name))
                raise
        if required:
            absent = [name for name in required if name not in out]
            if absent:
                raise MissingMembers(absent)
        return out

    return convert


def _indexed(convert: Converter, items: Iterable[Any]) -> list[Any]:
    """Convert list elements, naming the element like AWS does if one misses a member."""
    out = []
    for number, item in enumerate(items, 1):
        try:
            out.append(None if item is None else convert(item))
        except MissingMembers as missing:
            missing.path.append(f"{number}.member")
            raise
    return out


class JsonCompiler(ShapeCompiler):
    """Values from json.loads -> Python values (json and rest-json bodies)."""

    def _structure(self, shape: Shape) -> Converter:
        if shape.is_document_type:
            return identity
        return self.structure(shape, tuple(shape.required_members))

    def structure(self, shape: Shape, required: tuple[str, ...]) -> Converter:
        """A structure's body members; a REST input shape checks its required members itself."""
        fields = {
            member.serialization.get("name", name): (name, self.compile(member))
            for name, member in shape.members.items()
            if "location" not in member.serialization
        }
        return struct_converter(fields, required)

    def _list(self, shape: Shape) -> Converter:
        member = self.compile(shape.member)

        def convert(value: Any) -> list:
            if not isinstance(value, list):
                raise BadValue("expected a list")
            return _indexed(member, value)

        return convert

    def _map(self, shape: Shape) -> Converter:
        key, member = self.compile(shape.key), self.compile(shape.value)
        if key is _json_string:  # a JSON object's keys are strings already: nothing to check
            key = None

        def convert(value: Any) -> dict:
            if not isinstance(value, dict):
                raise BadValue("expected a map")
            if key is None:
                return {k: None if v is None else member(v) for k, v in value.items()}
            return {key(k): None if v is None else member(v) for k, v in value.items()}

        return convert

    def _scalar(self, shape: Shape) -> Converter:
        type_name = shape.type_name
        if type_name in ("integer", "long", "short", "byte"):
            return _json_int
        if type_name in ("float", "double"):
            return _json_float
        if type_name == "boolean":
            return _json_bool
        if type_name == "timestamp":
            return _json_timestamp
        if type_name == "blob":
            return _json_blob
        return _json_string


def _json_string(value: Any) -> str:
    if type(value) is not str:
        raise BadValue(_misplaced_json(value, "String"))
    return value


def _misplaced_json(value: Any, wanted: str) -> str:
    """AWS's JSON services name the JSON token they got (Jackson's names), e.g. for {"S": 123}."""
    if isinstance(value, dict):
        return "Start of structure or map found where not expected"
    if isinstance(value, list):
        return "Start of list found where not expected"
    if value is None:
        token = "VALUE_NULL"
    elif type(value) is bool:
        token = "TRUE_VALUE" if value else "FALSE_VALUE"
    else:
        token = "NUMBER_VALUE"
    return f"{token} cannot be converted to {wanted}"


def _json_int(value: Any) -> int:
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    raise BadValue(f"expected an integer, got {value!r}")


def _json_float(value: Any) -> float:
    if type(value) in (int, float):
        return float(value)
    if type(value) is str:
        converted = text_to_float(value)
        if math.isnan(converted) or math.isinf(converted):
            return converted
    raise BadValue(f"expected a number, got {value!r}")


def _json_bool(value: Any) -> bool:
    if type(value) is not bool:
        raise BadValue(f"expected a boolean, got {value!r}")
    return value


def _json_timestamp(value: Any) -> datetime:
    if type(value) in (int, float):
        return _epoch_to_datetime(value)
    if type(value) is str:
        return parse_timestamp(value)
    raise BadValue(f"expected a timestamp, got {value!r}")


def _json_blob(value: Any) -> bytes:
    if type(value) is not str:
        raise BadValue(f"expected a base64 string, got {value!r}")
    return _base64_to_bytes(value)


class QueryCompiler(ShapeCompiler):
    """A tree of query keys split on "." -> Python values (query protocol)."""

    def _member_name(self, member: Shape, default: str) -> str:
        return member.serialization.get("name", default)

    def _structure(self, shape: Shape) -> Converter:
        fields = {}
        for name, member in shape.members.items():
            field = (name, self.compile(member))
            fields[self._member_name(member, name)] = field
            if member.type_name == "list" and member.serialization.get("flattened"):
                # botocore names a flattened list's entries after its member's locationName
                # (AWS documents the list's own name): accept both.
                fields.setdefault(member.member.serialization.get("name", name), field)
        return struct_converter(fields, tuple(shape.required_members))

    def _list(self, shape: Shape) -> Converter:
        member = self.compile(shape.member)
        entries_key = None if shape.serialization.get("flattened") else shape.member.serialization.get("name", "member")

        def convert(node: Any) -> list:
            if node == "":
                return []
            if entries_key is not None:
                if not isinstance(node, dict):
                    raise BadValue("expected a list")
                node = node.get(entries_key, {})
            return _indexed(member, _ordered(node))

        return convert

    def _map(self, shape: Shape) -> Converter:
        key, value = self.compile(shape.key), self.compile(shape.value)
        key_name = self._member_name(shape.key, "key")
        value_name = self._member_name(shape.value, "value")
        flattened = shape.serialization.get("flattened")

        def convert(node: Any) -> dict:
            if node == "":
                return {}
            if not flattened:
                if not isinstance(node, dict):
                    raise BadValue("expected a map")
                node = node.get("entry", {})
            out = {}
            for entry in _ordered(node):
                if not isinstance(entry, dict) or key_name not in entry:
                    raise BadValue("map entry without a key")
                out[key(entry[key_name])] = value(entry[value_name]) if value_name in entry else None
            return out

        return convert

    def _scalar(self, shape: Shape) -> Converter:
        convert = text_converter(shape)

        def scalar(node: Any) -> Any:
            if not isinstance(node, str):
                raise BadValue(f"expected a single value for {shape.name}")
            return convert(node)

        return scalar


class Ec2Compiler(QueryCompiler):
    """EC2's query dialect: capitalized locationName or queryName, lists always `Name.N`."""

    def _member_name(self, member: Shape, default: str) -> str:
        serialization = member.serialization
        if "queryName" in serialization:
            return serialization["queryName"]
        if "name" in serialization:
            name = serialization["name"]
            return name[:1].upper() + name[1:]
        return default

    def _structure(self, shape: Shape) -> Converter:
        fields = {}
        for name, member in shape.members.items():
            field = (name, self.compile(member))
            fields[self._member_name(member, name)] = field
            # EC2 documents capitalized names; botocore sends the bare member name. Accept both.
            fields.setdefault(name[:1].upper() + name[1:], field)
        return struct_converter(fields, tuple(shape.required_members))

    def _list(self, shape: Shape) -> Converter:
        member = self.compile(shape.member)

        def convert(node: Any) -> list:
            if node == "":
                return []
            return _indexed(member, _ordered(node))

        return convert


def _ordered(node: Any) -> list:
    """The values of a {"1": ..., "2": ...} query node in index order."""
    if not isinstance(node, dict):
        raise BadValue("expected indexed entries")
    try:
        return [value for _, value in sorted(node.items(), key=lambda item: int(item[0]))]
    except ValueError:
        raise BadValue("list index is not a number") from None


def _local(tag: str) -> str:
    """An XML tag or attribute name without its namespace."""
    return tag.rpartition("}")[2].rpartition(":")[2]


class XmlCompiler(ShapeCompiler):
    """ElementTree elements -> Python values (rest-xml)."""

    def _structure(self, shape: Shape) -> Converter:
        return self.structure(shape, tuple(shape.required_members))

    def structure(self, shape: Shape, required: tuple[str, ...]) -> Converter:
        """A structure's converter; the input shape's own checks its required members later."""
        elements: dict[str, tuple[str, Converter, str | None]] = {}
        attributes: dict[str, tuple[str, Converter]] = {}
        for name, member in shape.members.items():
            serialization = member.serialization
            if "location" in serialization:
                continue
            wire_name = _local(serialization.get("name", name))
            if serialization.get("xmlAttribute"):
                attributes[wire_name] = (name, text_converter(member))
            elif member.type_name == "list" and serialization.get("flattened"):
                elements[wire_name] = (name, self.compile(member.member), "list")
            elif member.type_name == "map" and serialization.get("flattened"):
                elements[wire_name] = (name, self._map_entry(member), "map")
            else:
                elements[wire_name] = (name, self.compile(member), None)

        def convert(element: ElementTree.Element) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for key, value in element.attrib.items():
                field = attributes.get(_local(key))
                if field is not None:
                    out[field[0]] = field[1](value)
            for child in element:
                field = elements.get(_local(child.tag))
                if field is None:
                    continue
                name, member, repeated = field
                try:
                    if repeated is None:
                        out[name] = member(child)
                    elif repeated == "list":
                        out.setdefault(name, []).append(member(child))
                    else:
                        key, value = member(child)
                        out.setdefault(name, {})[key] = value
                except MissingMembers as missing:
                    missing.path.append(lower_camel(name))
                    raise
            if required:
                absent = [name for name in required if name not in out]
                if absent:
                    raise MissingMembers(absent)
            return out

        return convert

    def _map_entry(self, shape: Shape) -> Callable[[ElementTree.Element], tuple]:
        key, value = self.compile(shape.key), self.compile(shape.value)
        key_name = _local(shape.key.serialization.get("name", "key"))
        value_name = _local(shape.value.serialization.get("name", "value"))

        def entry(element: ElementTree.Element) -> tuple:
            found_key = found_value = None
            for child in element:
                tag = _local(child.tag)
                if tag == key_name:
                    found_key = key(child)
                elif tag == value_name:
                    found_value = value(child)
            if found_key is None:
                raise BadValue("map entry without a key")
            return found_key, found_value

        return entry

    def _list(self, shape: Shape) -> Converter:
        member = self.compile(shape.member)
        member_name = _local(shape.member.serialization.get("name", "member"))
        return lambda element: _indexed(member, [child for child in element if _local(child.tag) == member_name])

    def _map(self, shape: Shape) -> Converter:
        entry = self._map_entry(shape)
        return lambda element: dict(entry(child) for child in element if _local(child.tag) == "entry")

    def _scalar(self, shape: Shape) -> Converter:
        convert = text_converter(shape)
        return lambda element: convert(element.text or "")


# --- header values --------------------------------------------------------------


def header_converter(shape: Shape) -> Converter:
    """Header values: scalars as text, lists comma-separated (quoted strings, HTTP dates)."""
    if shape.type_name != "list":
        return text_converter(shape)
    member = shape.member
    convert = text_converter(member)
    if member.type_name == "timestamp" and member.serialization.get("timestampFormat", "rfc822") == "rfc822":
        split = _split_http_dates
    elif member.type_name == "string":
        split = _split_quoted
    else:
        split = _split_commas
    return lambda value: [convert(item) for item in split(value)] if value.strip() else []


def _split_commas(value: str) -> list[str]:
    return [item.strip() for item in value.split(",")]


def _split_http_dates(value: str) -> list[str]:
    """`Mon, 16 Dec 2019 23:48:18 GMT, Tue, ...`: every second comma separates dates."""
    parts = [part.strip() for part in value.split(",")]
    return [", ".join(parts[index : index + 2]) for index in range(0, len(parts), 2)]


def _split_quoted(value: str) -> list[str]:
    """Split a header list on commas outside double quotes, unescaping quoted items."""
    items, current, quoted, escaped = [], [], False, False
    for char in value:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    items.append("".join(current).strip())
    return items
