"""The store interface every adapter implements and every service uses.

Services never see Redis or dicts: they see a `Namespace` (a handle on one
namespace of one store) and, inside `Namespace.transact`, a `Txn`. Keeping the
interface this small is what lets one contract suite prove that the memory,
fakeredis and Redis adapters behave identically.

Data model, per namespace:

* **records**: `key -> value`; values are anything `moto_shared.store.codec`
  can encode (msgpack plus datetime, Decimal, bytes, set).
* **lex indexes**: an ordered set of strings, read by lexicographic (code
  point) range. S3 keys, DynamoDB sort keys, queue names.
* **score indexes**: `member -> float score`, read by score range. SQS
  visibility times, insertion order.
* **counters**: integers changed atomically with `incr`.
* **blobs**: large byte strings written once in chunks and read by range,
  never loaded whole.
* **topics**: change counters that `wait` can block on (SQS long polling).

An index name and a record key live in separate spaces, but one index name
must be used either as a lex index or as a score index, never both.

Consistency: every method of `Namespace` is atomic on its own, and
`transact` runs a read-decide-write function atomically over any number of
keys and indexes (linearizable: it behaves as if no other writer ran between
its first read and its commit). Adapters may retry the function on conflict,
so it must have no side effects besides the `Txn` it is given.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")

#: Open-ended range bounds for `lex_range` / `score_range`.
INF = float("inf")


class StoreError(Exception):
    """A store can't be used (bad URL, unreachable server, unknown data format).

    Raised with a message that names the URL (password masked) and the
    environment variable it came from, so the user knows what to fix.
    """


class Reads(ABC):
    """Reads shared by `Namespace` (each atomic) and `Txn` (watched for conflicts)."""

    @abstractmethod
    def get(self, key: str) -> Any:
        """The record's value, or None if there is none."""

    @abstractmethod
    def get_many(self, keys: Sequence[str]) -> list[Any]:
        """Values of several records in one round trip (None where missing)."""

    @abstractmethod
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
        """Members of a lex index between start and stop, in code point order.

        None means unbounded. With reverse=True the members come in descending
        order (start is still the lower bound). limit caps the count returned.
        """

    @abstractmethod
    def score_range(
        self,
        index: str,
        min_score: float = -INF,
        max_score: float = INF,
        *,
        reverse: bool = False,
        limit: int | None = None,
    ) -> list[tuple[str, float]]:
        """(member, score) pairs with min_score <= score <= max_score, by score then member."""

    @abstractmethod
    def score_of(self, index: str, member: str) -> float | None:
        """One member's score, or None if it is not in the index."""

    @abstractmethod
    def index_size(self, index: str) -> int:
        """Number of members of a lex or score index."""


class Txn(Reads):
    """The view a transaction function gets.

    Reads see committed data plus this transaction's own record writes
    (`get`/`get_many` return what `put` set earlier in the same function).
    Index reads do not reflect this transaction's own index writes.
    Writes are buffered and applied all together at commit, or not at all
    if the function raises.
    """

    @abstractmethod
    def put(self, key: str, value: Any) -> None: ...

    @abstractmethod
    def delete(self, *keys: str) -> None: ...

    @abstractmethod
    def lex_add(self, index: str, *members: str) -> None: ...

    @abstractmethod
    def lex_remove(self, index: str, *members: str) -> None: ...

    @abstractmethod
    def score_add(self, index: str, scores: dict[str, float]) -> None:
        """Insert members or change their scores."""

    @abstractmethod
    def score_remove(self, index: str, *members: str) -> None: ...

    @abstractmethod
    def drop_index(self, *indexes: str) -> None:
        """Remove whole indexes (a deleted bucket's key index, say)."""

    @abstractmethod
    def blob_delete(self, *blob_ids: str) -> None:
        """Delete blobs once the transaction commits (the record that pointed at them is gone)."""

    @abstractmethod
    def notify(self, topic: str) -> None:
        """Wake `wait`ers on topic once the transaction commits."""


class Namespace(Reads):
    """One namespace of one store: the only thing services hold."""

    name: str

    @abstractmethod
    def put(self, key: str, value: Any) -> None: ...

    @abstractmethod
    def delete(self, *keys: str) -> int:
        """Delete records; returns how many existed."""

    @abstractmethod
    def incr(self, key: str, amount: int = 1) -> int:
        """Add to an integer counter (created at 0) and return the new value."""

    @abstractmethod
    def transact(self, fn: Callable[[Txn], T]) -> T:
        """Run fn(txn) atomically and return its result.

        fn may run more than once (optimistic adapters retry on conflict), so
        it must not have side effects outside txn. If fn raises, nothing is
        written and the exception propagates.
        """

    @abstractmethod
    def blob_write(self, chunks: Iterable[bytes]) -> tuple[str, int]:
        """Store a new blob from an iterable of byte chunks; returns (blob_id, size).

        The blob is invisible until a record that names its id is committed,
        so a failed upload never leaves a half-written object behind.
        Memory use is bounded by the chunk size, whatever the blob's size.
        """

    @abstractmethod
    def blob_read(self, blob_id: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Yield bytes [start, end) of a blob (end None = to the end), reading only the chunks needed."""

    @abstractmethod
    def blob_delete(self, *blob_ids: str) -> None: ...

    @abstractmethod
    def version(self, topic: str) -> int:
        """The topic's change counter (0 if never notified)."""

    @abstractmethod
    def notify(self, topic: str) -> None:
        """Bump the topic's counter and wake its waiters (in any process)."""

    @abstractmethod
    def wait(self, topic: str, seen: int, timeout: float) -> int:
        """Block until version(topic) != seen or timeout seconds pass; return the version."""


class Store(ABC):
    """A connection to one backing store, shared by every thread of a process."""

    url: str

    @abstractmethod
    def namespace(self, name: str) -> Namespace:
        """A handle on a namespace, created (and its format version recorded) on first use.

        Raises StoreError if the namespace holds data in an unknown or newer format.
        """

    @abstractmethod
    def list_namespaces(self) -> list[str]: ...

    @abstractmethod
    def wipe_namespace(self, name: str) -> None:
        """Delete every key of one namespace, and nothing else."""

    @abstractmethod
    def child_url(self) -> str | None:
        """The URL another process must open to reach this store's data, or None if it can't.

        A server-backed store answers its own URL; the embedded fakeredis store
        starts serving its data over TCP on first call; the memory store answers
        None. Hand this to subprocesses (e.g. as MOTO_SHARED_STORE).
        """

    @abstractmethod
    def close(self) -> None: ...
