"""Values of botocore shapes turned into JSON-ready data (json and rest-json bodies).

A converter is compiled once per shape (cached per shape object). Shapes
whose values are already JSON-ready (strings, integers, booleans) get no
converter at all, so a typical response costs little more than json.dumps.
"""

from __future__ import annotations

import json
from typing import Callable, Iterable, Optional

from moto_shared.protocol.model_cache import ModelCache
from moto_shared.protocol.serialize_scalars import base64_text, json_float, timestamp_formatter
from moto_shared.protocol.xml_writer import NON_BODY_LOCATIONS

Converter = Optional[Callable[[object], object]]


def _json_default(value: object) -> object:
    """What JSON can't encode by itself: any iterable a service gives for a list (a set, a generator) is an array.

    That is what lets lists of strings and numbers skip conversion. Anything else goes as its str().
    """
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    return str(value)


#: json.dumps with options builds a new encoder per call; one shared encoder is safe (it keeps no state).
_ENCODER = json.JSONEncoder(separators=(",", ":"), default=_json_default)


def dumps(data) -> bytes:
    """Compact JSON bytes; floats are already made JSON-safe by the converters."""
    return _ENCODER.encode(data).encode("utf-8")


def to_json(shape, value):
    """`value` of `shape` as JSON-ready data."""
    convert = converter(shape)
    return value if convert is None else convert(value)


def _build_converter(shape) -> Converter:
    type_name = shape.type_name
    if type_name == "structure":
        return None if shape.is_document_type else _structure_converter(shape)
    if type_name == "list":
        convert_item = converter(shape.member)
        if convert_item is None:
            return None
        return lambda value: [None if item is None else convert_item(item) for item in value]
    if type_name == "map":
        convert_value = converter(shape.value)
        if convert_value is None:
            return None
        if shape.value.type_name == "structure":
            return _map_of_structures_converter(shape.value, convert_value)
        return lambda value: {key: None if item is None else convert_value(item) for key, item in value.items()}
    if type_name == "timestamp":
        return timestamp_formatter(shape, "unixTimestamp")
    if type_name == "blob":
        return base64_text
    if type_name in ("float", "double"):
        return json_float
    return None


#: The converter of a shape, or None when its values go into JSON unchanged.
converter = ModelCache(_build_converter)


def _layout(shape) -> dict[str, tuple[str, Converter]]:
    """member name -> (JSON key, converter) for every body member of a structure."""
    return {
        member_name: (member_shape.serialization.get("name", member_name), converter(member_shape))
        for member_name, member_shape in shape.members.items()
        if member_shape.serialization.get("location") not in NON_BODY_LOCATIONS
    }


def _unchanged_members(shape) -> frozenset[str]:
    """A structure's members written under their own name with no converter.

    A value holding only these (and no None) goes into JSON as it is.
    """
    return frozenset(name for name, (key, convert) in _layout(shape).items() if key == name and convert is None)


unchanged_members = ModelCache(_unchanged_members)


def _map_of_structures_converter(value_shape, convert_value: Callable[[dict], dict]) -> Callable[[dict], dict]:
    """A map of structures (a DynamoDB item: name -> {"S": ...}) that needs no conversion is passed on as it is.

    That is checked without a call per value; a value that needs converting makes the map convert them all.
    """

    def convert_map(value: dict) -> dict:
        unchanged = unchanged_members(value_shape)
        for item in value.values():
            if item is None or not item.keys() <= unchanged or None in item.values():
                return {key: None if item is None else convert_value(item) for key, item in value.items()}
        return value

    return convert_map


def _structure_converter(shape) -> Callable[[dict], dict]:
    """Resolves the layout on first use (recursive shapes stay finite), then holds it.

    Walks the value's keys, not the shape's: results are usually far sparser than their shapes.
    A value whose members all go out unchanged (a DynamoDB `{"S": ...}`) is passed through as it is.
    """
    layout: dict[str, tuple[str, Converter]] | None = None
    unchanged: frozenset[str] = frozenset()  # members written under their own name, with no converter

    def convert_structure(value: dict) -> dict:
        nonlocal layout, unchanged
        if layout is None:
            unchanged = unchanged_members(shape)
            layout = _layout(shape)
        if value.keys() <= unchanged and None not in value.values():
            return value
        converted = {}
        for member_name, member_value in value.items():
            if member_value is not None:
                binding = layout.get(member_name)
                if binding is not None:
                    json_key, convert = binding
                    converted[json_key] = member_value if convert is None else convert(member_value)
        return converted

    return convert_structure
