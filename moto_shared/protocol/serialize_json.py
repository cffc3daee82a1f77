"""Values of botocore shapes turned into JSON-ready data (json and rest-json bodies).

A converter is compiled once per shape (cached per shape object). Shapes
whose values are already JSON-ready (strings, integers, booleans) get no
converter at all, so a typical response costs little more than json.dumps.
"""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring_ascii
from typing import Callable, Iterable, Optional

from moto_shared.protocol.model_cache import ModelCache
from moto_shared.protocol.serialize_scalars import base64_text, json_float, timestamp_formatter
from moto_shared.protocol.xml_writer import NON_BODY_LOCATIONS

Converter = Optional[Callable[[object], object]]


def _json_default(value: object) -> object:
    """What JSON can't encode by itself: any iterable a service gives for a list (a set, a generator) is an array,
    and bytes are a blob (base64 text, as JSON protocols write blobs).

    That is what lets lists of strings and numbers, and DynamoDB items, skip conversion. Anything else goes as
    its str().
    """
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64_text(value)
    if isinstance(value, Iterable) and not isinstance(value, str):
        return list(value)
    return str(value)


#: json.dumps with options builds a new encoder per call; one shared encoder is safe (it keeps no state).
#: No circular check: results are trees, and its bookkeeping per container costs a fifth of the encoding.
_ENCODER = json.JSONEncoder(separators=(",", ":"), default=_json_default, check_circular=False)
#: The C encoder behind it, made once: JSONEncoder.encode makes a new one per call, which costs more than
#: encoding a small result. Without a circular check it holds no state, so one serves every thread.
_C_ENCODE = (
    None if c_make_encoder is None
    else c_make_encoder(None, _json_default, encode_basestring_ascii, None, ":", ",", False, False, True)
)

#: DynamoDB's attribute value (also DynamoDB Streams'): its services keep items in wire shape, blobs as bytes
#: (which the encoder writes as base64) and no None members, so items go into JSON with no walk at all: a
#: Query page is one encoder call. Matched by name and members, as no other service's shape has both.
_WIRE_SHAPED_STRUCTURES = {"AttributeValue": frozenset({"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"})}


def _is_wire_shaped(shape) -> bool:
    return _WIRE_SHAPED_STRUCTURES.get(shape.name) == shape.members.keys()


def dumps(data) -> bytes:
    """Compact JSON bytes; floats are already made JSON-safe by the converters."""
    if _C_ENCODE is None:
        return _ENCODER.encode(data).encode("utf-8")
    return "".join(_C_ENCODE(data, 0)).encode("utf-8")


def to_json(shape, value):
    """`value` of `shape` as JSON-ready data."""
    convert = converter(shape)
    return value if convert is None else convert(value)


def _build_converter(shape) -> Converter:
    type_name = shape.type_name
    if type_name == "structure":
        return None if shape.is_document_type or _is_wire_shaped(shape) else _structure_converter(shape)
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
    """A map of structures that needs no conversion (every value holds only unchanged members) is passed on as it is.

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
    A value whose members all go out unchanged is passed through as it is.
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
