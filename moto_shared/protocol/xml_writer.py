"""Values of botocore shapes written as XML text (query, ec2 and rest-xml bodies).

Each shape's layout (element names, attributes, namespaces, formatters) is
worked out once and cached per shape object (`model_cache`), so a
response costs one pass of string appends. Structures resolve their layout
lazily, which keeps recursive shapes finite.

The element names mirror what botocore's XML parser looks for: `member` (or
the list member's locationName) for list items, `entry`/`key`/`value` for
maps, repeated elements for flattened lists and maps.
"""

from __future__ import annotations

import re
from typing import Callable

from moto_shared.protocol.model_cache import ModelCache
from moto_shared.protocol.serialize_scalars import base64_text, boolean_text, float_text, timestamp_formatter

Writer = Callable[[object, list], None]
#: A scalar member's element: (start tag, end tag, text formatter); structures write these inline.
ScalarElement = tuple[str, str, Callable[[object], str]]
_CONTAINER_TYPES = frozenset({"structure", "list", "map"})

#: Members placed outside the body by REST protocols (uri/querystring bindings only apply to requests).
NON_BODY_LOCATIONS = frozenset({"header", "headers", "statusCode"})

_TEXT_SPECIALS = re.compile(r"[&<>\r]")
_ATTR_SPECIALS = re.compile(r"[&<>\"\r\n\t]")
# Carriage returns, newlines and tabs are escaped because XML parsers normalise them away.
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#xD;", "\n": "&#xA;", "\t": "&#x9;"}


def _escape_match(match: re.Match) -> str:
    return _ESCAPES[match.group()]


def escape_text(text: str) -> str:
    """Element text, escaped so that a parser gives back exactly `text`."""
    # Plain `in` tests beat a regex search on the short, clean texts that are nearly all of them.
    if "&" in text or "<" in text or ">" in text or "\r" in text:
        return _TEXT_SPECIALS.sub(_escape_match, text)
    return text


def escape_attr(text: str) -> str:
    """An attribute value, escaped so that a parser gives back exactly `text`."""
    if _ATTR_SPECIALS.search(text) is None:
        return text
    return _ATTR_SPECIALS.sub(_escape_match, text)


def namespace_attr(xml_namespace) -> str:
    """` xmlns="uri"` or ` xmlns:prefix="uri"` for an xmlNamespace trait (dict or bare uri)."""
    if not xml_namespace:
        return ""
    if isinstance(xml_namespace, str):
        return f' xmlns="{escape_attr(xml_namespace)}"'
    prefix = xml_namespace.get("prefix")
    name = f"xmlns:{prefix}" if prefix else "xmlns"
    return f' {name}="{escape_attr(xml_namespace["uri"])}"'


def element_name(shape, member_name: str) -> str:
    """The element a structure member is written as (botocore's `_member_key_name`)."""
    if shape.type_name == "list" and shape.serialization.get("flattened"):
        item_name = shape.member.serialization.get("name")
        if item_name:
            return item_name
    return shape.serialization.get("name", member_name)


def scalar_text(shape) -> Callable[[object], str]:
    """The text formatter of a scalar shape (also used for XML attributes and plain fields)."""
    type_name = shape.type_name
    if type_name == "boolean":
        return boolean_text
    if type_name in ("float", "double"):
        return float_text
    if type_name == "timestamp":
        to_text = timestamp_formatter(shape, "iso8601")
        return lambda value: str(to_text(value))
    if type_name == "blob":
        return base64_text
    return str


class _StructureLayout:
    """How one structure shape is written: namespace, attribute members, element members."""

    __slots__ = ("namespace", "attributes", "elements")

    def __init__(self, shape) -> None:
        self.namespace = namespace_attr(shape.serialization.get("xmlNamespace"))
        self.attributes: list[tuple[str, str, Callable]] = []
        # Looked up per value key: results are usually far sparser than their shapes.
        self.elements: dict[str, Writer | ScalarElement] = {}
        for member_name, member_shape in shape.members.items():
            serialization = member_shape.serialization
            if serialization.get("location") in NON_BODY_LOCATIONS:
                continue
            if serialization.get("xmlAttribute"):
                attr_name = serialization.get("name", member_name)
                self.attributes.append((member_name, attr_name, scalar_text(member_shape)))
            elif member_shape.type_name in _CONTAINER_TYPES:
                self.elements[member_name] = compile_writer(member_shape, element_name(member_shape, member_name))
            else:
                self.elements[member_name] = _scalar_element(member_shape, element_name(member_shape, member_name))


_layout = ModelCache(_StructureLayout)


def write_members(shape, value: dict, parts: list) -> None:
    """Append the child elements of a structure value (no enclosing element)."""
    _write_elements(_layout(shape).elements, value, parts)


def _write_elements(elements: dict[str, Writer | ScalarElement], value: dict, parts: list) -> None:
    append = parts.append
    for member_name, member_value in value.items():
        if member_value is not None:
            writer = elements.get(member_name)
            if writer is None:
                continue
            if writer.__class__ is tuple:  # most members are scalars: written here, saving two calls each
                start, end, to_text = writer
                text = to_text(member_value)
                if "&" in text or "<" in text or ">" in text or "\r" in text:
                    text = _TEXT_SPECIALS.sub(_escape_match, text)
                append(start + text + end)
            else:
                writer(member_value, parts)


def open_tag(shape, name: str, value: dict) -> str:
    """The start tag of a structure element, with its namespace and attribute members."""
    layout = _layout(shape)
    attrs = layout.namespace
    for member_name, attr_name, to_text in layout.attributes:
        member_value = value.get(member_name)
        if member_value is not None:
            attrs += f' {attr_name}="{escape_attr(to_text(member_value))}"'
    return f"<{name}{attrs}>"


def _structure_writer(shape, name: str) -> Writer:
    """Resolves the shape's layout on first use (recursive shapes stay finite), then holds it."""
    end = f"</{name}>"
    layout: _StructureLayout | None = None

    def write_structure(value: dict, parts: list) -> None:
        nonlocal layout
        if layout is None:
            layout = _layout(shape)
        parts.append(open_tag(shape, name, value) if layout.attributes else f"<{name}{layout.namespace}>")
        _write_elements(layout.elements, value, parts)
        parts.append(end)

    return write_structure


def _no_writers_yet(shape) -> dict[str, Writer]:
    return {}


_writers_by_name = ModelCache(_no_writers_yet)


def compile_writer(shape, name: str) -> Writer:
    """A function appending a value of `shape` as element(s) named `name`; cached per shape and name."""
    by_name = _writers_by_name(shape)
    writer = by_name.get(name)
    if writer is None:
        writer = by_name[name] = _build_writer(shape, name)
    return writer


def _build_writer(shape, name: str) -> Writer:
    type_name = shape.type_name
    if type_name == "structure":
        return _structure_writer(shape, name)
    if type_name not in _CONTAINER_TYPES:
        start, end, to_text = _scalar_element(shape, name)
        return lambda value, parts: parts.append(start + escape_text(to_text(value)) + end)
    namespace = namespace_attr(shape.serialization.get("xmlNamespace"))
    start, end = f"<{name}{namespace}>", f"</{name}>"
    if type_name == "list":
        return _list_writer(shape, name, start, end)
    return _map_writer(shape, start, end)


def _scalar_element(shape, name: str) -> ScalarElement:
    namespace = namespace_attr(shape.serialization.get("xmlNamespace"))
    return f"<{name}{namespace}>", f"</{name}>", scalar_text(shape)


def _list_writer(shape, name: str, start: str, end: str) -> Writer:
    if shape.serialization.get("flattened"):
        write_item = compile_writer(shape.member, name)

        def write_flattened(value, parts):
            for item in value:
                if item is not None:
                    write_item(item, parts)

        return write_flattened
    write_item = compile_writer(shape.member, shape.member.serialization.get("name", "member"))

    def write_wrapped(value, parts):
        parts.append(start)
        for item in value:
            if item is not None:
                write_item(item, parts)
        parts.append(end)

    return write_wrapped


def _map_writer(shape, start: str, end: str) -> Writer:
    write_key = compile_writer(shape.key, shape.key.serialization.get("name") or "key")
    write_value = compile_writer(shape.value, shape.value.serialization.get("name") or "value")

    if shape.serialization.get("flattened"):

        def write_flattened(value, parts):
            for key, item in value.items():
                if item is None:
                    continue
                parts.append(start)
                write_key(key, parts)
                write_value(item, parts)
                parts.append(end)

        return write_flattened

    def write_entries(value, parts):
        parts.append(start)
        for key, item in value.items():
            if item is None:
                continue
            parts.append("<entry>")
            write_key(key, parts)
            write_value(item, parts)
            parts.append("</entry>")
        parts.append(end)

    return write_entries
