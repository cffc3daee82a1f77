"""User attributes: the pool schema, validation of what callers send, and ListUsers filters."""

from __future__ import annotations

import re
from typing import Any

from moto_shared.services.cognito_idp.exceptions import invalid_parameter

_STRING = {"AttributeDataType": "String", "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "2048"}}
_BOOLEAN = {"AttributeDataType": "Boolean"}
STANDARD_SCHEMA: dict[str, dict[str, Any]] = {
    "sub": {"AttributeDataType": "String", "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "2048"}},
    **{
        name: _STRING
        for name in (
            "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username",
            "profile", "picture", "website", "email", "gender", "zoneinfo", "locale", "phone_number", "address",
        )
    },
    "birthdate": {"AttributeDataType": "String", "StringAttributeConstraints": {"MinLength": "10", "MaxLength": "10"}},
    "email_verified": _BOOLEAN,
    "phone_number_verified": _BOOLEAN,
    "updated_at": {"AttributeDataType": "Number", "NumberAttributeConstraints": {"MinValue": "0"}},
    "identities": {"AttributeDataType": "String"},
}
CUSTOM_PREFIX = "custom:"
#: Attributes ListUsers can filter on (besides username), as AWS documents them.
FILTERABLE = ("email", "phone_number", "name", "given_name", "family_name", "preferred_username", "sub")
#: Filter names that aren't attributes: cognito:user_status is UserStatus, status is Enabled/Disabled.
STATUS_FILTERS = ("cognito:user_status", "status")


def build_schema(requested: list[dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """The pool's schema, name -> SchemaAttributeType, from CreateUserPool's Schema."""
    schema = {
        name: {"Name": name, "DeveloperOnlyAttribute": False, "Mutable": name != "sub", "Required": name == "sub", **shape}
        for name, shape in STANDARD_SCHEMA.items()
    }
    for attribute in requested or []:
        add_schema_attribute(schema, attribute, standard_allowed=True)
    return schema


def add_schema_attribute(schema: dict[str, dict[str, Any]], attribute: dict[str, Any], *, standard_allowed: bool) -> None:
    name = attribute.get("Name", "")
    if name in STANDARD_SCHEMA:
        if not standard_allowed or name == "sub":
            raise invalid_parameter(f"Existing attribute already has name {name}.")
        schema[name] = {**schema[name], **{k: attribute[k] for k in ("Mutable", "Required") if k in attribute}}
        return
    if not name or len(name) > 20:
        raise invalid_parameter(f"Invalid custom attribute name {name!r}: it must be 1 to 20 characters.")
    if attribute.get("Required"):
        raise invalid_parameter("Required custom attributes are not supported currently.")
    full_name = CUSTOM_PREFIX + name
    if full_name in schema:
        raise invalid_parameter(f"Existing attribute already has name {full_name}.")
    data_type = attribute.get("AttributeDataType", "String")
    constraints = {
        "String": {"StringAttributeConstraints": attribute.get("StringAttributeConstraints", {})},
        "Number": {"NumberAttributeConstraints": attribute.get("NumberAttributeConstraints", {})},
    }.get(data_type, {})
    schema[full_name] = {
        "Name": full_name,
        "AttributeDataType": data_type,
        "DeveloperOnlyAttribute": attribute.get("DeveloperOnlyAttribute", False),
        "Mutable": attribute.get("Mutable", True),
        "Required": False,
        **constraints,
    }


def validate(schema: dict[str, dict[str, Any]], attributes: list[dict[str, str]], *, creating: bool) -> dict[str, str]:
    """Name -> value of the attributes a caller sets, checked against the schema."""
    values: dict[str, str] = {}
    for attribute in attributes:
        name, value = attribute.get("Name", ""), attribute.get("Value", "")
        definition = schema.get(name)
        if definition is None:
            raise invalid_parameter(f"user.{name}: Attribute does not exist in the schema.")
        if name == "sub" or (not creating and not definition["Mutable"]):
            raise invalid_parameter(f"Cannot modify an immutable attribute: {name}")
        _check_value(definition, value)
        values[name] = value
    return values


def _check_value(definition: dict[str, Any], value: str) -> None:
    name, data_type = definition["Name"], definition["AttributeDataType"]
    if data_type == "Boolean" and value not in ("true", "false"):
        raise invalid_parameter(f"Invalid value for attribute {name}: expected true or false.")
    if data_type == "Number":
        try:
            float(value)
        except ValueError:
            raise invalid_parameter(f"Invalid value for attribute {name}: expected a number.") from None
    max_length = definition.get("StringAttributeConstraints", {}).get("MaxLength")
    if max_length is not None and len(value) > int(max_length):
        raise invalid_parameter(f"Invalid value for attribute {name}: longer than {max_length} characters.")


def check_required(schema: dict[str, dict[str, Any]], values: dict[str, str]) -> None:
    missing = [name for name, d in schema.items() if d["Required"] and name != "sub" and name not in values]
    if missing:
        raise invalid_parameter(
            "Attributes did not conform to the schema: "
            + "".join(f"{name}: The attribute {name} is required\n" for name in missing)
        )


_FILTER = re.compile(r'^\s*(?P<name>[\w:]+)\s*(?P<op>\^?=)\s*"(?P<value>(?:[^"\\]|\\.)*)"\s*$')


def parse_filter(text: str) -> tuple[str, bool, str]:
    """(attribute, is_prefix, value) from a ListUsers filter such as `email ^= "ann"`."""
    match = _FILTER.match(text)
    if match is None:
        raise invalid_parameter("Error while parsing filter.")
    name = match["name"]
    if name not in FILTERABLE + STATUS_FILTERS + ("username",):
        raise invalid_parameter(f"Invalid search attribute: {name}")
    return name, match["op"] == "^=", re.sub(r"\\(.)", r"\1", match["value"])
