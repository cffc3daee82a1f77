"""Values of botocore shapes turned into JSON-ready data (json and rest-json bodies).

A converter is compiled once per shape (weak cache keyed by the shape). Shapes
whose values are already JSON-ready (strings, integers, booleans) get no
converter at all, so a typical response costs little more than json.dumps.
"""

from __future__ import annotations

import json
import weakref
from functools import partial
from typing import Callable, Optional

from moto_shared.protocol.serialize_scalars import base64_text, json_float, timestamp_formatter
from moto_shared.protocol.xml_writer import NON_BODY_LOCATIONS

Converter = Optional[Callable[[object], object]]


def dumps(data) -> bytes:
    """Compact JSON bytes; floats are already made JSON-safe by the converters."""
    return json.dumps(data, separators=(",", ":"), default=str).encode("utf-8")


def to_json(shape, value):
    """`value` of `shape` as JSON-ready data."""
    convert = converter(shape)
    return value if convert is None else convert(value)


_CONVERTERS: "weakref.WeakKeyDictionary[object, Converter]" = weakref.WeakKeyDictionary()


def converter(shape) -> Converter:
    """The converter of a shape, or None when its values go into JSON unchanged."""
    try:
        return _CONVERTERS[shape]
    except KeyError:
        convert = _CONVERTERS[shape] = _build_converter(shape)
        return convert


def _build_converter(shape) -> Converter:
    type_name = shape.type_name
    if type_name == "structure":
        return None if shape.is_document_type else partial(_convert_structure, shape)
    if type_name == "list":
        convert_item = converter(shape.member)
        if convert_item is None:
            return list
        return lambda value: [None if item is None else convert_item(item) for item in value]
    if type_name == "map":
        convert_value = converter(shape.value)
        if convert_value is None:
            return None
        return lambda value: {key: None if item is None else convert_value(item) for key, item in value.items()}
    if type_name == "timestamp":
        return timestamp_formatter(shape, "unixTimestamp")
    if type_name == "blob":
        return base64_text
    if type_name in ("float", "double"):
        return json_float
    return None


_LAYOUTS: "weakref.WeakKeyDictionary[object, list]" = weakref.WeakKeyDictionary()


def _layout(shape) -> dict[str, tuple[str, Converter]]:
    """member name -> (JSON key, converter) for every body member of a structure."""
    layout = _LAYOUTS.get(shape)
    if layout is None:
        layout = _LAYOUTS[shape] = {
            member_name: (member_shape.serialization.get("name", member_name), converter(member_shape))
            for member_name, member_shape in shape.members.items()
            if member_shape.serialization.get("location") not in NON_BODY_LOCATIONS
        }
    return layout


def _convert_structure(shape, value: dict) -> dict:
    """Walks the value's keys, not the shape's: results are usually far sparser than their shapes."""
    layout = _layout(shape)
    converted = {}
    for member_name, member_value in value.items():
        if member_value is not None:
            binding = layout.get(member_name)
            if binding is not None:
                json_key, convert = binding
                converted[json_key] = member_value if convert is None else convert(member_value)
    return converted
