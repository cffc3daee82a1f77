"""A table's shape, read from its stored description: keys, attribute types, indexes.

`Table` wraps the stored record (the DescribeTable shape plus a few private
fields) so operations ask questions ("which view answers this query?", "what
is this item's key?") instead of digging through dicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from moto_shared.errors import validation_error
from moto_shared.services.dynamodb.values import check_key_value, encode_key_value, normalize_value, value_size

MAX_HASH_KEY_BYTES = 2048
MAX_RANGE_KEY_BYTES = 1024

#: Separates the partition and sort parts of an encoded key (values never contain it).
KEY_SEPARATOR = "\x00"
#: Between the sort-key attributes of a multi-attribute index key: sorts below every encoded character,
#: so "a" then "b" orders as the tuple (a, b); one KEY_SEPARATOR per attribute, so members still split.
RANGE_PART_SEPARATOR = "\x00\x01"
#: Between the partition-key attributes of a multi-attribute index key; no encoded value contains it.
HASH_PART_SEPARATOR = "\x01\x03"


@dataclass(frozen=True)
class View:
    """The table itself (name "") or one of its secondary indexes: something Query and Scan read."""

    name: str
    hash_keys: tuple[str, ...]
    range_keys: tuple[str, ...]
    projection_type: str = "ALL"
    non_key_attributes: tuple[str, ...] = ()
    is_global: bool = False

    # cached: asked on every item a call reads or writes
    @cached_property
    def is_table(self) -> bool:
        return self.name == ""

    @cached_property
    def key_names(self) -> tuple[str, ...]:
        """Global indexes may have up to four partition-key and four sort-key attributes; tables one of each."""
        return self.hash_keys + self.range_keys


def table_name(name_or_arn: str) -> str:
    """Every TableName parameter accepts the table's name or its ARN."""
    if ":table/" in name_or_arn:
        return name_or_arn.split(":table/", 1)[1].split("/")[0]
    return name_or_arn


def _keys_of(key_schema: list[dict]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(partition-key attributes, sort-key attributes), in key-schema order."""
    return tuple(
        tuple(k["AttributeName"] for k in key_schema if k["KeyType"] == kind) for kind in ("HASH", "RANGE")
    )


def _view(index: dict, is_global: bool) -> View:
    projection = index.get("Projection", {})
    return View(
        index["IndexName"],
        *_keys_of(index["KeySchema"]),
        projection.get("ProjectionType", "ALL"),
        tuple(projection.get("NonKeyAttributes", ())),
        is_global,
    )


class Table:
    """A stored table description with the questions operations ask of it."""

    def __init__(self, record: dict) -> None:
        self.record = record
        self.name: str = record["TableName"]
        self.base = View("", *_keys_of(record["KeySchema"]))
        self.key_names = self.base.key_names
        self.hash_key = self.base.hash_keys[0]
        self.range_key = self.base.range_keys[0] if self.base.range_keys else None
        self.attribute_types = {a["AttributeName"]: a["AttributeType"] for a in record["AttributeDefinitions"]}
        self.indexes = [_view(i, True) for i in record.get("GlobalSecondaryIndexes", ())] + [
            _view(i, False) for i in record.get("LocalSecondaryIndexes", ())
        ]
        #: The table and its indexes: every view an item is written to.
        self.views = (self.base, *self.indexes)
        self._key_types = tuple((name, self.attribute_types[name]) for name in self.key_names)

    @property
    def stream_view_type(self) -> str | None:
        spec = self.record.get("StreamSpecification") or {}
        return spec.get("StreamViewType") if spec.get("StreamEnabled") else None

    def view(self, index_name: str | None) -> View:
        if index_name is None:
            return self.base
        for view in self.indexes:
            if view.name == index_name:
                return view
        raise validation_error(
            f"The table does not have the specified index: {index_name}"
        )

    def key_of(self, item: dict) -> dict:
        return {name: item[name] for name in self.key_names}

    def parse_key(self, key: dict) -> dict:
        """Validate a Key parameter: exactly the key attributes, of their types."""
        self._check_key_names(key)
        return self.check_key({name: normalize_value(value) for name, value in key.items()})

    def check_key(self, key: dict) -> dict:
        """`parse_key` of a Key already normalized (`values.normalize_item`)."""
        self._check_key_names(key)
        for name, expected_type in self._key_types:
            value = key[name]
            if expected_type not in value:  # a normalized value has one type tag
                raise validation_error("The provided key element does not match the schema")
            check_key_value(name, value, expected_type)
        check_key_sizes(self.base, key)
        return key

    def _check_key_names(self, key: dict) -> None:
        if len(key) != len(self.key_names) or not all(name in key for name in self.key_names):
            raise validation_error("The provided key element does not match the schema")

    def check_item_keys(self, item: dict) -> None:
        """An item to write must carry its key attributes, and index keys of the right types."""
        for name, expected_type in self._key_types:
            if name not in item:
                raise validation_error(f"One or more parameter values were invalid: Missing the key {name} in the item")
            check_key_value(name, item[name], expected_type)
        for view in self.indexes:
            for name in view.key_names:
                if name in item:
                    check_key_value(name, item[name], self.attribute_types[name], index_name=view.name)
        for view in self.views:
            check_key_sizes(view, item)

    def key_token(self, key: dict) -> str:
        """The item's primary key as one string: the id of its record and its scan-index member."""
        return view_token(self.base, key)

    def projected(self, view: View, item: dict) -> dict:
        """What a secondary index holds of an item (its projection)."""
        if view.projection_type == "ALL" or view.is_table:
            return item
        wanted = set(self.key_names) | set(view.key_names)
        if view.projection_type == "INCLUDE":
            wanted |= set(view.non_key_attributes)
        return {name: value for name, value in item.items() if name in wanted}


def _key_size(names: tuple[str, ...], item: dict) -> int:
    size = 0
    for name in names:
        value = item.get(name)
        if value is not None:
            size += value_size(value)
    return size


def check_key_sizes(view: View, item: dict) -> None:
    """AWS's key size limits, over all of a key's attributes (the missing space in "of2048" is AWS's)."""
    if _key_size(view.hash_keys, item) > MAX_HASH_KEY_BYTES:
        raise validation_error(
            f"One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of{MAX_HASH_KEY_BYTES} bytes"
        )
    if _key_size(view.range_keys, item) > MAX_RANGE_KEY_BYTES:
        raise validation_error(
            "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit "
            f"of {MAX_RANGE_KEY_BYTES} bytes"
        )


def hash_part_of(view: View, item: dict) -> str:
    """The encoded partition key of an item in a view: names its partition index."""
    return HASH_PART_SEPARATOR.join(encode_key_value(item[name]) for name in view.hash_keys)


def range_part_of(view: View, item: dict) -> str:
    """The encoded sort key of an item in a view, ordered as the tuple of its sort-key attributes."""
    return RANGE_PART_SEPARATOR.join(encode_key_value(item[name]) for name in view.range_keys)


def view_token(view: View, item: dict) -> str:
    """A view's key of an item encoded so that string order is DynamoDB's order within a partition."""
    return f"{hash_part_of(view, item)}{KEY_SEPARATOR}{range_part_of(view, item)}"


def in_view(view: View, item: dict) -> bool:
    """Sparse indexes: an item appears in an index only if it has all the index's key attributes."""
    return all(name in item for name in view.key_names)
