"""How tables and items are laid out in the store, and the one place items are written.

Keys (all through `ctx.key`, so scoped to account and region):

* `table|<name>`: the table's description (a `Table` record); lex index
  `tables` lists the names.
* `item|<table>|<record id>`: one record per item. The record id is built
  from the Key alone (attribute names and encoded values), so GetItem,
  DeleteItem and UpdateItem read an item and its table in one round trip.
* lex index `part|<table>|<view>|<encoded partition key>` per partition of the
  table (view "") and of each secondary index: members are the encoded sort
  key, `\\x00`, then (for indexes) the item's table key, so Query is a lex range.
* lex index `scan|<table>|<view>`: members are a 20-bit bucket of the partition
  key followed by the keys, so a parallel Scan segment is a contiguous range.
* stream records and their sequence counter, see `streams.py`.

`Writer` does every write inside the caller's transaction: item record,
index memberships and stream record together, so they can never disagree,
even across processes.
"""

from __future__ import annotations

import hashlib
from typing import Iterable

from moto_shared.context import RequestContext
from moto_shared.services.dynamodb import streams
from moto_shared.services.dynamodb.exceptions import table_not_found
from moto_shared.services.dynamodb.model import (
    KEY_SEPARATOR,
    Table,
    View,
    in_view,
    range_part_of,
    table_name,
    view_token,
)
from moto_shared.services.dynamodb.values import encode_key_value

SCAN_BUCKET_BITS = 20
SCAN_BUCKETS = 1 << SCAN_BUCKET_BITS


def table_key(ctx: RequestContext, name: str) -> str:
    return ctx.key("table", table_name(name))


def tables_index(ctx: RequestContext) -> str:
    return ctx.key("tables")


def record_id(key: dict) -> str:
    """An item's id from its Key alone (names sorted), so no schema is needed to find it."""
    return KEY_SEPARATOR.join(f"{name}{KEY_SEPARATOR}{encode_key_value(key[name])}" for name in sorted(key))


def item_key(ctx: RequestContext, name: str, key: dict) -> str:
    return ctx.key("item", f"{table_name(name)}|{record_id(key)}")


def _item_key_from_token(ctx: RequestContext, table: Table, token: str) -> str:
    hash_part, range_part = token.split(KEY_SEPARATOR, 1)
    parts = {table.hash_key: hash_part}
    if table.range_key:
        parts[table.range_key] = range_part
    rid = KEY_SEPARATOR.join(f"{name}{KEY_SEPARATOR}{parts[name]}" for name in sorted(parts))
    return ctx.key("item", f"{table.name}|{rid}")


def partition_index(ctx: RequestContext, table_name: str, view: View, hash_part: str) -> str:
    return ctx.key("part", f"{table_name}|{view.name}|{hash_part}")


def scan_index(ctx: RequestContext, table_name: str, view: View) -> str:
    return ctx.key("scan", f"{table_name}|{view.name}")


def bucket_of(hash_part: str) -> int:
    """The top bits of the partition key's MD5: an even spread, and Scan then visits partitions in the
    order AWS's scans return them for simple string keys."""
    digest = hashlib.md5(hash_part.encode("utf-8", "surrogatepass"), usedforsecurity=False).digest()
    return int.from_bytes(digest[:4], "big") >> (32 - SCAN_BUCKET_BITS)


def partition_member(table: Table, view: View, item: dict) -> str:
    """Member of the view's partition index: sort key, separator, table key (indexes only)."""
    suffix = "" if view.is_table else table.key_token(item)
    return f"{range_part_of(view, item)}{KEY_SEPARATOR}{suffix}"


def _table_key_token(view: View, member: str, separators_before: int) -> str:
    """The table key at the end of an index member, after the view's key (whose sort part may hold separators)."""
    return member.split(KEY_SEPARATOR, separators_before + max(1, len(view.range_keys)) - 1)[-1]


def scan_member(table: Table, view: View, item: dict) -> str:
    token = view_token(view, item)
    bucket = bucket_of(token.split(KEY_SEPARATOR, 1)[0])
    suffix = "" if view.is_table else KEY_SEPARATOR + table.key_token(item)
    return f"{bucket:05x}{token}{suffix}"


def item_keys_from_partition(
    ctx: RequestContext, table: Table, view: View, hash_part: str, members: list[str]
) -> list[str]:
    if view.is_table:
        return [_item_key_from_token(ctx, table, f"{hash_part}{KEY_SEPARATOR}{m[:-1]}") for m in members]
    return [_item_key_from_token(ctx, table, _table_key_token(view, m, 1)) for m in members]


def item_keys_from_scan(ctx: RequestContext, table: Table, view: View, members: list[str]) -> list[str]:
    if view.is_table:
        return [_item_key_from_token(ctx, table, m[5:]) for m in members]
    return [_item_key_from_token(ctx, table, _table_key_token(view, m[5:], 2)) for m in members]


def load_table(ctx: RequestContext, reads, name: str) -> Table:
    record = reads.get(table_key(ctx, name))
    if record is None:
        raise table_not_found()
    return Table(record)


def view_indexes(ctx: RequestContext, table: Table, view: View, reads) -> list[str]:
    """Every index a view uses (its scan index and one per partition), to drop them."""
    names = [scan_index(ctx, table.name, view)]
    hash_parts = {m[5:].split(KEY_SEPARATOR, 1)[0] for m in reads.lex_range(scan_index(ctx, table.name, view))}
    names += [partition_index(ctx, table.name, view, part) for part in hash_parts]
    return names


class Writer:
    """All item writes of one transaction: records, index memberships, stream records.

    `load` reads tables, items and stream counters in one round trip; `write`
    buffers an item's change with its index and stream changes; `finish`
    stores the advanced stream counters.
    """

    def __init__(self, ctx: RequestContext, txn) -> None:
        self.ctx = ctx
        self.txn = txn
        self.tables: dict[str, Table | None] = {}
        self.stream_counters: dict[str, int] = {}
        self._dirty_counters: set[str] = set()

    def load(self, table_names: Iterable[str], keys: list[tuple[str, dict]]) -> list[dict | None]:
        """Read the tables (raising ResourceNotFound) and the items of (table name, Key) pairs."""
        names = list(dict.fromkeys(table_names))
        record_keys = [table_key(self.ctx, name) for name in names]
        counter_keys = [streams.counter_key(self.ctx, name) for name in names]
        item_keys = [item_key(self.ctx, name, key) for name, key in keys]
        values = self.txn.get_many(record_keys + counter_keys + item_keys)
        for index, name in enumerate(names):
            record = values[index]
            if record is None:
                raise table_not_found()
            self.tables[name] = Table(record)
            self.stream_counters[name] = values[len(names) + index] or 0
        return values[2 * len(names) :]

    def write(self, table: Table, old: dict | None, new: dict | None) -> None:
        """Replace an item (old -> new; None = absent), keeping every index and the stream in step."""
        if old is None and new is None:
            return
        ctx, txn = self.ctx, self.txn
        current = new if new is not None else old
        record = item_key(ctx, table.name, table.key_of(current))
        if new is None:
            txn.delete(record)
        else:
            txn.put(record, new)
        for view in (table.base, *table.indexes):
            self._reindex(table, view, old, new)
        view_type = table.stream_view_type
        if view_type:
            sequence = self.stream_counters[table.name] + 1
            self.stream_counters[table.name] = sequence
            self._dirty_counters.add(table.name)
            streams.append_record(ctx, txn, table, sequence, old, new)

    def _reindex(self, table: Table, view: View, old: dict | None, new: dict | None) -> None:
        old_in, new_in = old is not None and in_view(view, old), new is not None and in_view(view, new)
        old_entry = (view_token(view, old), partition_member(table, view, old)) if old_in else None
        new_entry = (view_token(view, new), partition_member(table, view, new)) if new_in else None
        if old_entry == new_entry:
            return
        ctx, txn = self.ctx, self.txn
        scan = scan_index(ctx, table.name, view)
        if old_entry:
            hash_part = old_entry[0].split(KEY_SEPARATOR, 1)[0]
            txn.lex_remove(partition_index(ctx, table.name, view, hash_part), old_entry[1])
            txn.lex_remove(scan, scan_member(table, view, old))
        if new_entry:
            hash_part = new_entry[0].split(KEY_SEPARATOR, 1)[0]
            txn.lex_add(partition_index(ctx, table.name, view, hash_part), new_entry[1])
            txn.lex_add(scan, scan_member(table, view, new))

    def finish(self) -> None:
        for name in self._dirty_counters:
            self.txn.put(streams.counter_key(self.ctx, name), self.stream_counters[name])
