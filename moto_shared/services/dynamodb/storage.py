"""How tables and items are laid out in the store, and the one place items are written.

Keys (all through `ctx.key`, so scoped to account and region):

* `table|<name>`: the table's description (a `Table` record); lex index
  `tables` lists the names. `tablestamp|<name>`: renewed with every change of
  the description, so a process that decoded it once reads only the stamp.
* `item|<table>|<record id>`: one record per item, `[size, item]` (`item_record`):
  the writer has sized the item for the 400 KB limit, so Query and Scan read
  sizes for their 1 MB pages instead of recomputing them. The record id is built
  from the Key alone (attribute names and encoded values), so GetItem,
  DeleteItem and UpdateItem read an item and its table's stamp in one round
  trip (PutItem too, with the key attributes of the table it remembers).
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
import uuid
from operator import itemgetter
from typing import Callable, Iterable, Sequence, TypeVar

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
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
from moto_shared.services.dynamodb.values import encode_key_value, item_size

T = TypeVar("T")

SCAN_BUCKET_BITS = 20
SCAN_BUCKETS = 1 << SCAN_BUCKET_BITS


def table_key(ctx: RequestContext, name: str) -> str:
    return ctx.key("table", table_name(name))


def stamp_key(ctx: RequestContext, name: str) -> str:
    """A random value renewed with every change of the table's record: cheaper to read than the record."""
    return ctx.key("tablestamp", table_name(name))


def tables_index(ctx: RequestContext) -> str:
    return ctx.key("tables")


def record_id(key: dict) -> str:
    """An item's id from its Key alone (names sorted), so no schema is needed to find it."""
    return KEY_SEPARATOR.join(f"{name}{KEY_SEPARATOR}{encode_key_value(key[name])}" for name in sorted(key))


def item_key(ctx: RequestContext, name: str, key: dict) -> str:
    return ctx.key("item", f"{table_name(name)}|{record_id(key)}")


def item_record(item: dict, size: int) -> list:
    """What an item's record holds: its size (as `values.item_size` counts it), then the item."""
    return [size, item]


def item_of(record: list | None) -> dict | None:
    """The item of a record read from the store (None for none)."""
    return None if record is None else record[1]


def items_of(records: Iterable[list | None]) -> list[dict | None]:
    return list(map(item_of, records))


_ABSENT = (0, None)


def sized_items(records: Iterable[list | None]) -> list:
    """(size, item) of each record read from the store, (0, None) where there is none."""
    return [_ABSENT if record is None else record for record in records]


_size_of_record, _item_of_record = itemgetter(0), itemgetter(1)


def whole_items(records: list[list | None]) -> tuple[list[dict], int] | None:
    """The items of records read from the store and their total size, or None if a record is missing.

    Query and Scan take a chunk of records whole this way when no filter, index or Limit looks at each one.
    """
    if None in records:
        return None
    return list(map(_item_of_record, records)), sum(map(_size_of_record, records))


def _item_keys_from_tokens(ctx: RequestContext, table: Table, tokens: Iterable[str]) -> list[str]:
    """Item record keys from table key tokens ("<hash part>\\x00<range part>"): `item_key` without decoding."""
    prefix = ctx.key("item", f"{table.name}|")
    hash_name = table.hash_key + KEY_SEPARATOR
    if not table.range_key:
        return [prefix + hash_name + token.split(KEY_SEPARATOR, 1)[0] for token in tokens]
    range_name = KEY_SEPARATOR + table.range_key + KEY_SEPARATOR
    if table.hash_key < table.range_key:  # record ids list the key's names in sorted order
        return [prefix + hash_name + token.replace(KEY_SEPARATOR, range_name, 1) for token in tokens]
    keys = []
    for token in tokens:
        hash_part, range_part = token.split(KEY_SEPARATOR, 1)
        keys.append(f"{prefix}{range_name[1:]}{range_part}{KEY_SEPARATOR}{hash_name}{hash_part}")
    return keys


def _item_keys_in_partition(ctx: RequestContext, table: Table, hash_part: str, members: list[str]) -> list[str]:
    """`_item_keys_from_tokens` for the members of a table partition ("<range part>\\x00"): its keys differ only
    in their range parts."""
    if not table.range_key or table.hash_key > table.range_key:
        return _item_keys_from_tokens(ctx, table, [f"{hash_part}{KEY_SEPARATOR}{member[:-1]}" for member in members])
    head = _item_keys_from_tokens(ctx, table, [hash_part + KEY_SEPARATOR])[0]
    return [head + member[:-1] for member in members]


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
        return _item_keys_in_partition(ctx, table, hash_part, members)
    return _item_keys_from_tokens(ctx, table, (_table_key_token(view, m, 1) for m in members))


def item_keys_from_scan(ctx: RequestContext, table: Table, view: View, members: list[str]) -> list[str]:
    if view.is_table:
        return _item_keys_from_tokens(ctx, table, (m[5:] for m in members))
    return _item_keys_from_tokens(ctx, table, (_table_key_token(view, m[5:], 2) for m in members))


def load_table(ctx: RequestContext, reads, name: str) -> Table:
    """A Table of its own, for code that changes the record (UpdateTable); readers use `read_tables`."""
    record = reads.get(table_key(ctx, name))
    if record is None:
        raise table_not_found()
    return Table(record)


def put_table(ctx: RequestContext, txn, record: dict) -> None:
    """Store a table's record with a new stamp: every change of a table goes through here or `delete_table`."""
    name = record["TableName"]
    txn.put(table_key(ctx, name), record)
    txn.put(stamp_key(ctx, name), uuid.uuid4().hex)


def delete_table(ctx: RequestContext, txn, name: str) -> None:
    txn.delete(table_key(ctx, name), stamp_key(ctx, name))


#: Decoded tables of this process by (namespace, table key), with the stamp of the record they came from.
#: Never trusted alone: a call reads the table's stamp with its items and uses the Table only if they match.
_known_tables: dict[tuple[str, str], tuple[str, Table]] = {}
MAX_KNOWN_TABLES = 1024


def _slot(ctx: RequestContext, name: str) -> tuple[str, str]:
    return ctx.store.name, table_key(ctx, name)


def table_of(ctx: RequestContext, name: str, record: dict | None, stamp: str | None) -> Table:
    """The Table of a record and stamp read together (ResourceNotFound if no record), remembered by stamp.

    The Table is shared by every caller in the process: read it, never change its record.
    """
    if record is None:
        raise table_not_found()
    slot = _slot(ctx, name)
    known = _known_tables.get(slot)
    if stamp is not None and known is not None and known[0] == stamp:
        return known[1]
    table = Table(record)
    if stamp is not None:  # tables stored before stamps existed are read whole every time
        if len(_known_tables) >= MAX_KNOWN_TABLES:
            _known_tables.clear()
        _known_tables[slot] = (stamp, table)
    return table


def known_table(ctx: RequestContext, name: str, stamp: str | None) -> Table | None:
    """The remembered Table if stamp (just read from the store) is still its record's stamp."""
    known = _known_tables.get(_slot(ctx, name))
    return known[1] if stamp is not None and known is not None and known[0] == stamp else None


def guessed_table(ctx: RequestContext, name: str) -> Table | None:
    """The Table this process last read for name, to plan reads with before its stamp comes back with them."""
    known = _known_tables.get(_slot(ctx, name))
    return None if known is None else known[1]


def read_tables(ctx: RequestContext, reads, names: Iterable[str], keys: Sequence[str] = ()) -> tuple[dict, list]:
    """Tables by name (ResourceNotFound for a missing one) and the values of keys, read as one snapshot.

    One round trip (the tables' stamps with the keys) when this process knows the tables; else a second,
    which reads the records and the keys again together.
    """
    names = list(dict.fromkeys(names))
    known = [_known_tables.get(_slot(ctx, name)) for name in names]
    if all(known):
        values = reads.get_many([stamp_key(ctx, name) for name in names] + list(keys))
        if all(remembered == stamp for (remembered, _), stamp in zip(known, values)):  # remembered ones aren't None
            return {name: table for name, (_, table) in zip(names, known)}, values[len(names) :]
    return _read_records(ctx, reads, names, keys)


def _read_records(ctx: RequestContext, reads, names: list[str], keys: Sequence[str] = ()) -> tuple[dict, list]:
    """`read_tables` for tables this process doesn't know (or knows an old version of): records, stamps, keys."""
    values = reads.get_many([table_key(ctx, name) for name in names] + [stamp_key(ctx, name) for name in names]
                            + list(keys))
    tables = {name: table_of(ctx, name, values[i], values[len(names) + i]) for i, name in enumerate(names)}
    return tables, values[2 * len(names) :]


class TableChanged(Exception):
    """The table's stamp differs from the guess a read was planned with: plan again with this table."""

    def __init__(self, table: Table) -> None:
        super().__init__(table.name)
        self.table = table


class TableReads:
    """Reads of one table's items planned with a guessed Table, checked without a round trip of their own.

    The first `get_many` fetches the table's stamp along with the items and raises `TableChanged` if the
    guess was wrong; `check` confirms the table of a read that fetched no item.
    """

    def __init__(self, ctx: RequestContext, table: Table, checked: bool) -> None:
        self.ctx = ctx
        self.table = table
        self.checked = checked

    def lex_range(self, *args, **kwargs) -> list[str]:
        return self.ctx.store.lex_range(*args, **kwargs)

    def get_many(self, keys: list[str]) -> list:
        if self.checked:
            return self.ctx.store.get_many(keys)
        stamp, *values = self.ctx.store.get_many([stamp_key(self.ctx, self.table.name), *keys])
        self._check(stamp)
        return values

    def check(self) -> None:
        if not self.checked:
            self._check(self.ctx.store.get(stamp_key(self.ctx, self.table.name)))

    def _check(self, stamp: str | None) -> None:
        self.checked = True
        if known_table(self.ctx, self.table.name, stamp) is not self.table:
            tables, _ = _read_records(self.ctx, self.ctx.store, [self.table.name])
            raise TableChanged(tables[self.table.name])


def read_table(ctx: RequestContext, name: str, read: Callable[[Table, TableReads], T]) -> T:
    """Run read(table, reads) on the current table, with the table's stamp read in the same round trip as its
    items.

    With no guess the table is read first (one round trip more). A wrong guess, or an error the guess may
    have caused, is checked against the store and the read runs again on the table found there.
    """
    table = guessed_table(ctx, name)
    checked = table is None
    if checked:
        table = _read_records(ctx, ctx.store, [name])[0][name]
    while True:
        reads = TableReads(ctx, table, checked)
        try:
            try:
                result = read(table, reads)
            except AWSError:
                reads.check()
                raise
            reads.check()
            return result
        except TableChanged as changed:
            table, checked = changed.table, True


def view_indexes(ctx: RequestContext, table: Table, view: View, reads) -> list[str]:
    """Every index a view uses (its scan index and one per partition), to drop them."""
    names = [scan_index(ctx, table.name, view)]
    hash_parts = {m[5:].split(KEY_SEPARATOR, 1)[0] for m in reads.lex_range(scan_index(ctx, table.name, view))}
    names += [partition_index(ctx, table.name, view, part) for part in hash_parts]
    return names


class Writer:
    """All item writes of one transaction: records, index memberships, stream records.

    `load` reads tables, items and stream counters in one round trip (`load_item`: one item whose Key
    depends on its table's schema); `write` buffers an item's change with its index and stream changes;
    `finish` stores the advanced stream counters.
    """

    def __init__(self, ctx: RequestContext, txn) -> None:
        self.ctx = ctx
        self.txn = txn
        self.tables: dict[str, Table | None] = {}
        self.stream_counters: dict[str, int] = {}
        self._dirty_counters: set[str] = set()

    def load(self, table_names: Iterable[str], keys: list[tuple[str, dict]]) -> list[dict | None]:
        """Read the tables (raising ResourceNotFound) and the items of (table name, Key) pairs."""
        return self._load(table_names, [item_key(self.ctx, name, key) for name, key in keys])

    def _load(self, table_names: Iterable[str], records: list[str]) -> list[dict | None]:
        """`load` by the items' record keys."""
        names = list(dict.fromkeys(table_names))
        counter_keys = [streams.counter_key(self.ctx, name) for name in names]
        tables, values = read_tables(self.ctx, self.txn, names, counter_keys + records)
        self.tables.update(tables)
        for name, counter in zip(names, values):
            self.stream_counters[name] = counter or 0
        return items_of(values[len(names) :])

    def load_item(self, name: str, key_of: Callable[[Table], dict]) -> tuple[Table, str, dict | None]:
        """Read a table and one item whose Key comes from the table (key_of may raise AWS's validation errors).

        Returns (table, the item's record key, item). The item is read with the table, at the Key the
        process's guess of the table gives, so one round trip suffices unless the table changed since this
        process last read it.
        """
        guess = guessed_table(self.ctx, name)
        guessed = None
        if guess is not None:
            try:
                guessed = item_key(self.ctx, name, key_of(guess))
            except AWSError:
                pass  # maybe only the guess is wrong: the table read below decides
        found = self._load([name], [guessed] if guessed is not None else [])
        table = self.tables[name]
        if table is guess and guessed is not None:
            return table, guessed, found[0]
        record = item_key(self.ctx, name, key_of(table))
        if record == guessed:
            return table, record, found[0]
        return table, record, item_of(self.txn.get(record))

    def write(self, table: Table, old: dict | None, new: dict | None, new_size: int | None = None,
              record: str | None = None) -> None:
        """Replace an item (old -> new; None = absent), keeping every index and the stream in step.

        new_size is new's `item_size`, and record its record key, when the caller has them already (from
        its 400 KB check, from `load_item`).
        """
        if old is None and new is None:
            return
        ctx, txn = self.ctx, self.txn
        if record is None:
            record = item_key(ctx, table.name, table.key_of(new if new is not None else old))
        if new is None:
            txn.delete(record)
        else:
            if new_size is None:
                new_size = item_size(new)
            txn.put(record, item_record(new, new_size))
        for view in table.views:
            self._reindex(table, view, old, new)
        view_type = table.stream_view_type
        if view_type:
            sequence = self.stream_counters[table.name] + 1
            self.stream_counters[table.name] = sequence
            self._dirty_counters.add(table.name)
            image_size = new_size if new is not None else item_size(old)
            streams.append_record(ctx, txn, table, sequence, old, new, image_size)

    def _reindex(self, table: Table, view: View, old: dict | None, new: dict | None) -> None:
        old_in, new_in = old is not None and in_view(view, old), new is not None and in_view(view, new)
        if old_in and new_in and all(old[name] == new[name] for name in view.key_names):
            return  # the same item with the same key in this view (values are canonical): same entries
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
