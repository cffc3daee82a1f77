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
#: DeveloperOnlyAttribute custom attributes are named dev:custom:<name>.
DEVELOPER_PREFIX = "dev:"
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


DATA_TYPES = ("Boolean", "Number", "String", "DateTime")
#: Constraint member -> (its bounds, the data type it applies to).
CONSTRAINTS = {
    "StringAttributeConstraints": (("MinLength", "MaxLength"), "String"),
    "NumberAttributeConstraints": (("MinValue", "MaxValue"), "Number"),
}
MAX_STRING_LENGTH = 2048


def _checked_constraints(name: str, member: str, given: dict[str, str]) -> dict[str, str]:
    """A String/NumberAttributeConstraints as given, with AWS's complaints about its bounds."""
    (low_name, high_name), data_type = CONSTRAINTS[member]
    bounds = {}
    for bound in (low_name, high_name):
        if bound in given:
            try:
                bounds[bound] = int(given[bound]) if data_type == "String" else float(given[bound])
            except ValueError:
                raise invalid_parameter(f"Invalid {member} for schema attribute {name}") from None
    if data_type == "String" and any(v > MAX_STRING_LENGTH for v in bounds.values()):
        raise invalid_parameter(f"user.{name}: String attributes cannot have a length of more than {MAX_STRING_LENGTH}")
    if low_name in bounds and high_name in bounds and bounds[high_name] < bounds[low_name]:
        kind = "length" if data_type == "String" else "value"
        raise invalid_parameter(f"user.{name}: Max {kind} cannot be less than min {kind}.")
    return {k: given[k] for k in (low_name, high_name) if k in given}


def add_schema_attribute(schema: dict[str, dict[str, Any]], attribute: dict[str, Any], *, standard_allowed: bool) -> None:
    """Add one SchemaAttributeType; standard attributes may only change their flags and constraints."""
    name = attribute.get("Name", "")
    data_type = attribute.get("AttributeDataType")
    if data_type is not None and data_type not in DATA_TYPES:
        raise invalid_parameter(
            f"Validation error detected: Value '{data_type}' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(DATA_TYPES)}]"
        )
    if name in STANDARD_SCHEMA:
        _redefine_standard(schema, attribute, standard_allowed=standard_allowed)
        return
    if not name or len(name) > 20:
        raise invalid_parameter(f"Invalid custom attribute name {name!r}: it must be 1 to 20 characters.")
    if data_type is None:
        raise invalid_parameter("Invalid AttributeDataType input, consider using the provided AttributeDataType enum.")
    if attribute.get("Required"):
        raise invalid_parameter("Required custom attributes are not supported currently.")
    developer_only = attribute.get("DeveloperOnlyAttribute", False)
    full_name = CUSTOM_PREFIX + name
    for existing in (full_name, DEVELOPER_PREFIX + full_name):
        if existing in schema:
            raise invalid_parameter(f"{full_name}: Existing attribute already has name {existing}.")
    definition = {
        "Name": DEVELOPER_PREFIX + full_name if developer_only else full_name,
        "AttributeDataType": data_type,
        "DeveloperOnlyAttribute": developer_only,
        "Mutable": attribute.get("Mutable", True),
        "Required": False,
    }
    for member, (_, applies_to) in CONSTRAINTS.items():
        if member in attribute and applies_to == data_type:
            definition[member] = _checked_constraints(full_name, member, attribute[member])
    schema[definition["Name"]] = definition


def _redefine_standard(schema: dict[str, dict[str, Any]], attribute: dict[str, Any], *, standard_allowed: bool) -> None:
    name = attribute["Name"]
    current = schema[name]
    if not standard_allowed or name == "sub":
        raise invalid_parameter(f"Existing attribute already has name {name}.")
    data_type = attribute.get("AttributeDataType", current["AttributeDataType"])
    if data_type != current["AttributeDataType"] or attribute.get("DeveloperOnlyAttribute"):
        raise invalid_parameter(
            f"You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute {name}"
        )
    redefined = {**current, **{k: attribute[k] for k in ("Mutable", "Required") if k in attribute}}
    for member, (_, applies_to) in CONSTRAINTS.items():
        if member in attribute and applies_to == data_type:
            redefined[member] = {**current.get(member, {}), **_checked_constraints(name, member, attribute[member])}
    schema[name] = redefined


def validate(schema: dict[str, dict[str, Any]], attributes: list[dict[str, str]], *, creating: bool) -> dict[str, str]:
    """Name -> value of the attributes a caller sets, checked against the schema.

    Attributes the schema doesn't define are kept as given: AWS refuses them,
    but Moto always accepted them and test suites rely on that (see docs).
    """
    values: dict[str, str] = {}
    for attribute in attributes:
        name, value = attribute.get("Name", ""), attribute.get("Value", "")
        definition = schema.get(name)
        if name == "sub" or (definition is not None and not creating and not definition["Mutable"]):
            raise invalid_parameter(f"Cannot modify an immutable attribute: {name}")
        if definition is not None:
            value = _checked_value(definition, value)
        values[name] = value
    return values


def _checked_value(definition: dict[str, Any], value: str) -> str:
    """The value as stored (booleans in lower case, as Cognito returns them), or InvalidParameterException."""
    name, data_type = definition["Name"], definition["AttributeDataType"]
    if data_type == "Boolean":
        if value.lower() not in ("true", "false"):
            raise invalid_parameter(f"Invalid value for attribute {name}: expected true or false.")
        return value.lower()
    if data_type == "Number":
        try:
            float(value)
        except ValueError:
            raise invalid_parameter(f"Invalid value for attribute {name}: expected a number.") from None
    max_length = definition.get("StringAttributeConstraints", {}).get("MaxLength")
    if max_length is not None and len(value) > int(max_length):
        raise invalid_parameter(f"Invalid value for attribute {name}: longer than {max_length} characters.")
    return value


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
        raise invalid_parameter("Error while parsing filter")
    name = match["name"]
    if name not in FILTERABLE + STATUS_FILTERS + ("username",):
        raise invalid_parameter(f"Invalid search attribute: {name}")
    return name, match["op"] == "^=", re.sub(r"\\(.)", r"\1", match["value"])
