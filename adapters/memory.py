"""The in-process store: plain dicts and chunked sorted lists behind one lock per namespace.

The fastest store, shared by every thread of one process and by nothing else.
Values are kept msgpack-encoded, exactly as Redis keeps them, so callers get a
fresh object on every read and the observable behaviour (copies, refused
values, transaction semantics) matches the Redis adapter.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right, insort
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

from moto_shared.adapters.common import DEFAULT_CHUNK_SIZE, check_namespace_name, chunk_spans, new_blob_id, rechunk
from moto_shared.store.base import INF, Namespace, Reads, Store, Txn
from moto_shared.store.codec import decode, encode

T = TypeVar("T")


class _SortedChunks:
    """A sorted list kept as chunks of at most 2 * LOAD items, so that an insert or a delete moves one chunk.

    One flat list would move everything after the position on every change: a
    queue of 100,000 messages paid that on each receive. A position is a pair
    (chunk number, offset in it); (len(chunks), 0) is the end.
    """

    LOAD = 512

    def __init__(self) -> None:
        self._chunks: list[list] = []
        self._maxes: list = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def add(self, item) -> None:
        chunks, maxes = self._chunks, self._maxes
        self._length += 1
        if not chunks:
            chunks.append([item])
            maxes.append(item)
            return
        number = bisect_left(maxes, item)
        if number == len(maxes):
            number -= 1
            chunks[number].append(item)
            maxes[number] = item
        else:
            insort(chunks[number], item)
        chunk = chunks[number]
        if len(chunk) > 2 * self.LOAD:
            chunks.insert(number + 1, chunk[self.LOAD :])
            del chunk[self.LOAD :]
            maxes[number] = chunk[-1]
            maxes.insert(number + 1, chunks[number + 1][-1])

    def remove(self, item) -> None:
        """Remove an item that is present."""
        number = bisect_left(self._maxes, item)
        chunk = self._chunks[number]
        del chunk[bisect_left(chunk, item)]
        self._length -= 1
        if chunk:
            self._maxes[number] = chunk[-1]
        else:
            del self._chunks[number], self._maxes[number]

    def position(self, value, *, after: bool, key=None) -> tuple[int, int]:
        """Where value would go: before its equals (bisect_left), or after them when after=True (bisect_right)."""
        bisect = bisect_right if after else bisect_left
        number = bisect(self._maxes, value, key=key)
        if number == len(self._maxes):
            return number, 0
        return number, bisect(self._chunks[number], value, key=key)

    def end(self) -> tuple[int, int]:
        return len(self._chunks), 0

    def between(self, low: tuple[int, int], high: tuple[int, int], reverse: bool, limit: int | None) -> list:
        """The items from position low up to high, possibly reversed, at most limit of them."""
        (first, first_offset), (last, last_offset) = low, high
        numbers = range(first, min(last, len(self._chunks) - 1) + 1)
        found: list = []
        for number in reversed(numbers) if reverse else numbers:
            chunk = self._chunks[number]
            start = first_offset if number == first else 0
            stop = last_offset if number == last else len(chunk)
            if limit is not None:
                wanted = limit - len(found)
                if reverse:
                    start = max(start, stop - wanted)
                else:
                    stop = min(stop, start + wanted)
            if start < stop:
                found += reversed(chunk[start:stop]) if reverse else chunk[start:stop]
            if limit is not None and len(found) >= limit:
                break
        return found


class _LexIndex:
    """Sorted members for ranges plus a set for O(1) membership."""

    def __init__(self) -> None:
        self.members = _SortedChunks()
        self.present: set[str] = set()

    def __len__(self) -> int:
        return len(self.present)

    def add(self, member: str) -> None:
        if member not in self.present:
            self.present.add(member)
            self.members.add(member)

    def remove(self, member: str) -> None:
        if member in self.present:
            self.present.discard(member)
            self.members.remove(member)

    def range(self, start, stop, start_inclusive, stop_inclusive, reverse, limit) -> list[str]:
        members = self.members
        low = (0, 0) if start is None else members.position(start, after=not start_inclusive)
        high = members.end() if stop is None else members.position(stop, after=stop_inclusive)
        return members.between(low, high, reverse, limit)


class _ScoreIndex:
    """member -> score, plus (score, member) pairs kept sorted for ranges."""

    def __init__(self) -> None:
        self.scores: dict[str, float] = {}
        self.ordered = _SortedChunks()

    def __len__(self) -> int:
        return len(self.scores)

    def add(self, member: str, score: float) -> None:
        score = float(score)
        old = self.scores.get(member)
        if old == score:
            return
        if old is not None:
            self.ordered.remove((old, member))
        self.scores[member] = score
        self.ordered.add((score, member))

    def remove(self, member: str) -> None:
        old = self.scores.pop(member, None)
        if old is not None:
            self.ordered.remove((old, member))

    def range(self, min_score, max_score, reverse, limit) -> list[tuple[str, float]]:
        ordered = self.ordered
        low = ordered.position(min_score, after=False, key=_score)
        high = ordered.position(max_score, after=True, key=_score)
        return [(member, score) for score, member in ordered.between(low, high, reverse, limit)]


def _score(pair: tuple[float, str]) -> float:
    return pair[0]


class _NamespaceData:
    """Everything one namespace holds; guarded by `lock`, which also wakes topic waiters."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.records: dict[str, bytes] = {}
        self.indexes: dict[str, _LexIndex | _ScoreIndex] = {}
        self.counters: dict[str, int] = {}
        self.blobs: dict[str, tuple[int, list[bytes]]] = {}
        self.topics: dict[str, int] = {}

    def clear(self) -> None:
        with self.lock:
            for part in (self.records, self.indexes, self.counters, self.blobs, self.topics):
                part.clear()
            self.changed.notify_all()

    def index(self, name: str, kind: type) -> Any:
        """The index called name, created if missing; refuses to use a lex index as a score one."""
        found = self.indexes.get(name)
        if found is None:
            found = self.indexes[name] = kind()
        elif not isinstance(found, kind):
            raise TypeError(f"index {name!r} is a {type(found).__name__[1:]}, not a {kind.__name__[1:]}")
        return found

    def existing_index(self, name: str, kind: type) -> Any:
        found = self.indexes.get(name)
        if found is not None and not isinstance(found, kind):
            raise TypeError(f"index {name!r} is a {type(found).__name__[1:]}, not a {kind.__name__[1:]}")
        return found

    def drop_if_empty(self, name: str) -> None:
        """Redis deletes an empty sorted set; so do we, so both adapters agree."""
        if not self.indexes.get(name, True):
            del self.indexes[name]

    # -- writes, applied with the lock held -------------------------------------------------

    def delete(self, keys: Sequence[str]) -> int:
        return sum(self.records.pop(key, None) is not None for key in keys)

    def lex_add(self, index: str, members: Sequence[str]) -> None:
        target = self.index(index, _LexIndex)
        for member in members:
            target.add(member)

    def lex_remove(self, index: str, members: Sequence[str]) -> None:
        target = self.existing_index(index, _LexIndex)
        if target is not None:
            for member in members:
                target.remove(member)
            self.drop_if_empty(index)

    def score_add(self, index: str, scores: dict[str, float]) -> None:
        target = self.index(index, _ScoreIndex)
        for member, score in scores.items():
            target.add(member, score)

    def score_remove(self, index: str, members: Sequence[str]) -> None:
        target = self.existing_index(index, _ScoreIndex)
        if target is not None:
            for member in members:
                target.remove(member)
            self.drop_if_empty(index)

    def drop_index(self, indexes: Sequence[str]) -> None:
        for index in indexes:
            self.indexes.pop(index, None)

    def blob_delete(self, blob_ids: Sequence[str]) -> None:
        for blob_id in blob_ids:
            self.blobs.pop(blob_id, None)

    def notify(self, topic: str) -> None:
        self.topics[topic] = self.topics.get(topic, 0) + 1
        self.changed.notify_all()


class _MemoryReads(Reads):
    """Reads of committed data, each under the namespace lock (reentrant inside transact)."""

    _data: _NamespaceData

    def get(self, key: str) -> Any:
        data = self._data.records.get(key)
        return None if data is None else decode(data)

    def get_many(self, keys: Sequence[str]) -> list[Any]:
        with self._data.lock:
            found = [self._data.records.get(key) for key in keys]
        return [None if data is None else decode(data) for data in found]

    def lex_range(
        self,
        index: str,
        start: str | None = None,
        stop: str | None = None,
        *,
        start_inclusive: bool = True,
        stop_inclusive: bool = False,
        reverse: bool = False,
        limit: int | None = None,
    ) -> list[str]:
        with self._data.lock:
            target = self._data.existing_index(index, _LexIndex)
            if target is None:
                return []
            return target.range(start, stop, start_inclusive, stop_inclusive, reverse, limit)

    def score_range(
        self,
        index: str,
        min_score: float = -INF,
        max_score: float = INF,
        *,
        reverse: bool = False,
        limit: int | None = None,
    ) -> list[tuple[str, float]]:
        with self._data.lock:
            target = self._data.existing_index(index, _ScoreIndex)
            if target is None:
                return []
            return target.range(min_score, max_score, reverse, limit)

    def score_of(self, index: str, member: str) -> float | None:
        with self._data.lock:
            target = self._data.existing_index(index, _ScoreIndex)
            return None if target is None else target.scores.get(member)

    def index_size(self, index: str) -> int:
        return len(self._data.indexes.get(index, ()))


class MemoryTxn(_MemoryReads, Txn):
    """Buffers writes, applied together at commit: records by their final state, the rest as calls."""

    def __init__(self, data: _NamespaceData) -> None:
        self._data = data
        #: This transaction's record writes by key (None = deleted): what its own reads see.
        self._written: dict[str, bytes | None] = {}
        self._writes: list[Callable[[], Any]] = []
        self._blobs_to_delete: list[str] = []

    def get(self, key: str) -> Any:
        data = self._written[key] if key in self._written else self._data.records.get(key)
        return None if data is None else decode(data)

    def get_many(self, keys: Sequence[str]) -> list[Any]:
        written, records = self._written, self._data.records
        found = [written[key] if key in written else records.get(key) for key in keys]
        return [None if data is None else decode(data) for data in found]

    def put(self, key: str, value: Any) -> None:
        self._written[key] = encode(value)

    def delete(self, *keys: str) -> None:
        self._written.update(dict.fromkeys(keys))

    def lex_add(self, index: str, *members: str) -> None:
        self._writes.append(lambda: self._data.lex_add(index, members))

    def lex_remove(self, index: str, *members: str) -> None:
        self._writes.append(lambda: self._data.lex_remove(index, members))

    def score_add(self, index: str, scores: dict[str, float]) -> None:
        scores = {member: float(score) for member, score in scores.items()}
        self._writes.append(lambda: self._data.score_add(index, scores))

    def score_remove(self, index: str, *members: str) -> None:
        self._writes.append(lambda: self._data.score_remove(index, members))

    def drop_index(self, *indexes: str) -> None:
        self._writes.append(lambda: self._data.drop_index(indexes))

    def blob_delete(self, *blob_ids: str) -> None:
        self._blobs_to_delete.extend(blob_ids)

    def notify(self, topic: str) -> None:
        self._writes.append(lambda: self._data.notify(topic))

    def commit(self) -> None:
        records = self._data.records
        for key, data in self._written.items():  # each record's last write is its final state
            if data is None:
                records.pop(key, None)
            else:
                records[key] = data
        for write in self._writes:
            write()
        self._data.blob_delete(self._blobs_to_delete)


class MemoryNamespace(_MemoryReads, Namespace):
    def __init__(self, name: str, data: _NamespaceData) -> None:
        self.name = name
        self._data = data

    def __repr__(self) -> str:
        return f"<MemoryNamespace {self.name!r}>"

    def put(self, key: str, value: Any) -> None:
        data = encode(value)
        with self._data.lock:  # never in the middle of a transaction's read and commit
            self._data.records[key] = data

    def delete(self, *keys: str) -> int:
        with self._data.lock:
            return self._data.delete(keys)

    def incr(self, key: str, amount: int = 1) -> int:
        with self._data.lock:
            value = self._data.counters[key] = self._data.counters.get(key, 0) + amount
            return value

    def transact(self, fn: Callable[[Txn], T]) -> T:
        with self._data.lock:
            txn = MemoryTxn(self._data)
            result = fn(txn)
            txn.commit()
            return result

    def blob_write(self, chunks: Iterable[bytes]) -> tuple[str, int]:
        pieces = list(rechunk(chunks, DEFAULT_CHUNK_SIZE))
        size = sum(map(len, pieces))
        blob_id = new_blob_id()
        with self._data.lock:
            self._data.blobs[blob_id] = (size, pieces)
        return blob_id, size

    def blob_read(self, blob_id: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        found = self._data.blobs.get(blob_id)
        if found is None:
            raise KeyError(f"no blob {blob_id!r} in namespace {self.name!r}")
        size, pieces = found
        spans = chunk_spans(size, DEFAULT_CHUNK_SIZE, start, end)
        return (pieces[number][offset:stop] for number, offset, stop in spans)

    def blob_delete(self, *blob_ids: str) -> None:
        with self._data.lock:
            self._data.blob_delete(blob_ids)

    def version(self, topic: str) -> int:
        return self._data.topics.get(topic, 0)

    def notify(self, topic: str) -> None:
        with self._data.lock:
            self._data.notify(topic)

    def wait(self, topic: str, seen: int, timeout: float) -> int:
        with self._data.changed:
            self._data.changed.wait_for(lambda: self._data.topics.get(topic, 0) != seen, timeout)
            return self._data.topics.get(topic, 0)


class MemoryStore(Store):
    """Namespaces of one process. A wiped namespace is emptied in place, so handles stay valid."""

    def __init__(self, url: str = "memory://") -> None:
        self.url = url
        self._lock = threading.Lock()
        self._namespaces: dict[str, MemoryNamespace] = {}
        self._registered: set[str] = set()

    def __repr__(self) -> str:
        return f"<MemoryStore {self.url}>"

    def namespace(self, name: str) -> Namespace:
        check_namespace_name(name)
        with self._lock:
            self._registered.add(name)
            handle = self._namespaces.get(name)
            if handle is None:
                handle = self._namespaces[name] = MemoryNamespace(name, _NamespaceData())
            return handle

    def list_namespaces(self) -> list[str]:
        with self._lock:
            return sorted(self._registered)

    def wipe_namespace(self, name: str) -> None:
        check_namespace_name(name)
        with self._lock:
            self._registered.discard(name)
            handle = self._namespaces.get(name)
        if handle is not None:
            handle._data.clear()

    def child_url(self) -> None:
        """Plain dicts can't be reached from another process."""
        return None

    def close(self) -> None:
        """Nothing to release: the data goes when the last handle does."""


def open_store(url: str) -> MemoryStore:
    return MemoryStore(url)
