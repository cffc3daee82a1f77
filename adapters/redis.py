"""The Redis-protocol store: real Redis (redis://, rediss://, unix://) and fakeredis alike.

fakeredis speaks redis-py's API, so one adapter serves both; only how the
client is built differs (`open_store` here, `moto_shared.adapters.fakeredis`).

Layout of one namespace, all keys under the Redis Cluster hash tag
`ms:{<name>}:` so that a namespace's transactions stay on one slot:

    ms:{n}:format      the namespace's FORMAT_VERSION (set on first use)
    ms:{n}:r:<key>     records (msgpack)
    ms:{n}:i:<index>   lex indexes (ZSET, score 0) and score indexes (ZSET)
    ms:{n}:c:<key>     counters (INCRBY)
    ms:{n}:t:<topic>   topic versions (INCR)
    ms:{n}:b:<token>:<k>  chunk k of a blob; an empty blob has one empty chunk
    ms:namespaces      the registry of namespace names (SET)

A blob id is `<token>.<size>.<chunk size>`: it says which chunks exist, so
reading or deleting a blob needs no metadata of its own.

Commands are sent as raw pipelines on a connection each thread keeps: every
method is one round trip. A transaction costs one round trip per read (WATCH
and the read travel together) plus one for MULTI/writes/EXEC, which also
unlinks the chunks of the blobs it deletes; but a record read whose value this
process saw last (`_RecordCache`) costs none: the commit is then one EVALSHA of
`CHECK_AND_WRITE`, which writes only if those records still hold the values
read. A blob is written a few chunks per round trip; a small one (up to
CHUNKS_PER_WRITE chunks) costs none of its own: it travels in front of the
thread's next round trip, usually the transaction that names it.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import re
import select
import socket
import threading
import time
import weakref
from abc import abstractmethod
from collections import OrderedDict
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Sequence, TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from moto_shared.adapters.common import DEFAULT_CHUNK_SIZE, check_namespace_name, chunk_spans, new_blob_id, rechunk
from moto_shared.store import mask_url
from moto_shared.store.base import INF, Namespace, Reads, Store, StoreError, Txn
from moto_shared.store.codec import FORMAT_VERSION, decode, encode

T = TypeVar("T")

#: Seconds to wait for a connection and for the PING on open: a bad URL fails within about this long.
CONNECT_TIMEOUT = 2.0
#: Seconds to wait for any later reply: Redis answers in microseconds, so this only catches a dead server.
REPLY_TIMEOUT = 60.0
REGISTRY_KEY = "ms:namespaces"
#: How often `wait` re-reads a topic's version: the cross-process wake-up latency.
POLL_INTERVAL = 0.01
#: Keys per UNLINK/SCAN batch, so wiping a big namespace never blocks Redis for long.
BATCH = 1000
#: Blob chunks sent per round trip: few, so that a write holds only a few chunks in memory.
CHUNKS_PER_WRITE = 2
#: Arguments at least this long travel as buffers of their own, never copied into a bigger one.
BIG_ARGUMENT = 8192
#: A transaction that keeps conflicting this many times is reported, not retried forever.
MAX_ATTEMPTS = 10_000
#: How long a thread polls its socket for a reply before it sleeps in a blocking read (`_await_reply`).
REPLY_POLL_SECONDS = 0.0002
#: Records whose last seen value a store remembers (`_RecordCache`), and the biggest value it keeps:
#: at most some 16 MiB per process.
CACHED_RECORDS = 2048
CACHED_VALUE_BYTES = 8192
#: Seconds a record found changed by another writer is read from Redis again instead of the cache:
#: a record several processes keep writing (a shared queue) would otherwise cost a wasted round trip
#: on most transactions.
CONTENDED_SECONDS = 1.0
#: The longest write command `CHECK_AND_WRITE` runs: Lua's unpack stops near 8000 values. A commit
#: with a longer one (a ZADD of thousands of members) goes through WATCH and MULTI/EXEC instead.
SCRIPT_COMMAND_LIMIT = 4000

#: Commits a transaction whose record reads came from the cache. KEYS are those records, the first
#: ARGV[1] of them present with values ARGV[2..], the others absent; then come the buffered writes,
#: each as its length and its arguments. Answers the positions in KEYS of the records that changed,
#: having written nothing; none if it wrote.
CHECK_AND_WRITE = """
local present = tonumber(ARGV[1])
local changed = {}
for i = 1, #KEYS do
  local value = redis.call('GET', KEYS[i])
  if (i <= present and value ~= ARGV[i + 1]) or (i > present and value) then
    changed[#changed + 1] = i
  end
end
if #changed > 0 then
  return changed
end
local at = present + 2
while at <= #ARGV do
  local last = at + tonumber(ARGV[at])
  redis.call(unpack(ARGV, at + 1, last))
  at = last + 1
end
return changed
"""
CHECK_AND_WRITE_SHA = hashlib.sha1(CHECK_AND_WRITE.encode()).hexdigest()


def _lex_bound(value: str | None, inclusive: bool, unbounded: bytes) -> bytes:
    if value is None:
        return unbounded
    return (b"[" if inclusive else b"(") + value.encode()


def _limit(limit: int | None) -> tuple:
    return () if limit is None else (b"LIMIT", 0, limit)


def _lex_command(key, start, stop, start_inclusive, stop_inclusive, reverse, limit) -> tuple:
    low = _lex_bound(start, start_inclusive, b"-")
    high = _lex_bound(stop, stop_inclusive, b"+")
    if reverse:
        return ("ZREVRANGEBYLEX", key, high, low, *_limit(limit))
    return ("ZRANGEBYLEX", key, low, high, *_limit(limit))


def _score_command(key, min_score, max_score, reverse, limit) -> tuple:
    low, high = repr(float(min_score)), repr(float(max_score))
    if reverse:
        return ("ZREVRANGEBYSCORE", key, high, low, b"WITHSCORES", *_limit(limit))
    return ("ZRANGEBYSCORE", key, low, high, b"WITHSCORES", *_limit(limit))


def _members(reply: list[bytes]) -> list[str]:
    return [member.decode() for member in reply]


def _pairs(reply: list) -> list[tuple[str, float]]:
    """WITHSCORES replies: flat [member, score, ...] from Redis, [[member, score], ...] from in-process fakeredis."""
    if reply and isinstance(reply[0], list):
        return [(member.decode(), float(score)) for member, score in reply]
    return [(reply[i].decode(), float(reply[i + 1])) for i in range(0, len(reply), 2)]


def _value(data: bytes | None) -> Any:
    return None if data is None else decode(data)


def _pack(commands: Sequence[tuple]) -> list[bytes]:
    """The commands in the Redis protocol, as redis-py's packer writes them, in half its instructions.

    Small pieces are joined into one buffer (one write on the socket); big values are
    kept as buffers of their own so that blob chunks are never copied.
    """
    buffers = []
    pieces = []
    for command in commands:
        pieces.append(b"*%d\r\n" % len(command))
        for argument in command:
            data = argument if type(argument) is bytes else str(argument).encode()
            if len(data) < BIG_ARGUMENT:
                pieces.append(b"$%d\r\n%s\r\n" % (len(data), data))
            else:
                pieces.append(b"$%d\r\n" % len(data))
                buffers += (b"".join(pieces), data)
                pieces = [b"\r\n"]
    buffers.append(b"".join(pieces))
    return buffers


def _unlink_commands(keys: Sequence[str]) -> list[tuple]:
    return [("UNLINK", *keys[first : first + BATCH]) for first in range(0, len(keys), BATCH)]


_BLOB_ID = re.compile(r"([0-9a-f]+)\.([0-9]+)\.([1-9][0-9]*)")


class _Blob(NamedTuple):
    """What a blob id says: the token its chunk keys are made of, its size and its chunk size."""

    id: str
    token: str
    size: int
    chunk_size: int

    @classmethod
    def parse(cls, blob_id: str) -> _Blob | None:
        """None for an id that names no blob this adapter could have written."""
        found = _BLOB_ID.fullmatch(blob_id)
        return found and cls(blob_id, found[1], int(found[2]), int(found[3]))

    @property
    def chunk_count(self) -> int:
        """At least one: an empty blob keeps an empty chunk, whose presence shows that the blob exists."""
        return max(1, -(-self.size // self.chunk_size))


class _Keys:
    """Redis key names of one namespace."""

    def __init__(self, name: str) -> None:
        self.prefix = f"ms:{{{name}}}:"
        self.format = self.prefix + "format"

    def record(self, key: str) -> str:
        return self.prefix + "r:" + key

    def index(self, name: str) -> str:
        return self.prefix + "i:" + name

    def counter(self, key: str) -> str:
        return self.prefix + "c:" + key

    def topic(self, name: str) -> str:
        return self.prefix + "t:" + name

    def blob_chunk(self, token: str, number: int) -> str:
        return f"{self.prefix}b:{token}:{number}"

    def blob_chunks(self, blob_ids: Iterable[str]) -> list[str]:
        """Every chunk key of the blobs; ids that name no blob are skipped."""
        blobs = filter(None, map(_Blob.parse, blob_ids))
        return [self.blob_chunk(blob.token, number) for blob in blobs for number in range(blob.chunk_count)]


class _Contended(NamedTuple):
    """The cache entry of a record another writer changed: not served, nor refilled, before `until`."""

    until: float


class _RecordCache:
    """The last value this process saw of each of a few thousand records (bytes, or None: absent).

    A transaction reads a record from here instead of from Redis, and its commit checks in
    Redis that the record still holds that value (`CHECK_AND_WRITE`): a stale entry costs
    a re-run of the function, never a wrong answer. Shared by the threads of one process.

    Values are remembered in batches that were current together (one MGET's replies, or
    everything a transaction read and wrote, at its commit), and a `snapshot` answers only
    from one batch: so values a function gets in one read were all current at one moment,
    as from Redis, even when they are stale. (A function may act on such a pair before its
    commit is checked: DynamoDB's table memo keys a table record by the stamp read with it.)
    """

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._lock = threading.Lock()
        self._batches = itertools.count()
        #: Redis key -> (batch, value) or _Contended.
        self._entries: OrderedDict[str, tuple[int, bytes | None] | _Contended] = OrderedDict()

    def snapshot(self, keys: Sequence[str]) -> list[bytes | None] | None:
        """The values of keys if one batch holds them all, else None."""
        with self._lock:
            entries = [self._entries.get(key) for key in keys]
            if any(type(entry) is not tuple for entry in entries) or len({entry[0] for entry in entries}) != 1:
                return None
            for key in keys:
                self._entries.move_to_end(key)
            return [entry[1] for entry in entries]

    def remember(self, values: Iterable[tuple[str, bytes | None]]) -> None:
        """Values current together, just read from or written to Redis; one too big to keep drops its entry."""
        with self._lock:
            batch = next(self._batches)
            now = None
            for key, data in values:
                entry = self._entries.get(key)
                if type(entry) is _Contended:
                    now = now or time.monotonic()
                    if entry.until > now:
                        continue
                if data is not None and len(data) > CACHED_VALUE_BYTES:
                    self._entries.pop(key, None)
                    continue
                self._entries[key] = (batch, data)
                self._entries.move_to_end(key)
            self._evict()

    def contended(self, keys: Iterable[str]) -> None:
        """Records another writer changed: read them from Redis for CONTENDED_SECONDS."""
        entry = _Contended(time.monotonic() + CONTENDED_SECONDS)
        with self._lock:
            for key in keys:
                self._entries[key] = entry
                self._entries.move_to_end(key)
            self._evict()

    def _evict(self) -> None:
        while len(self._entries) > CACHED_RECORDS:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _await_reply(sock: socket.socket | None) -> None:
    """Poll for a reply a short while (REPLY_POLL_SECONDS) before reading it, which may block.

    Redis answers a request on the same machine in some 20 us, but a thread asleep in
    a blocking read takes longer than that to be woken: a round trip took 70-100 us
    blocking on our 2-core machines, 30 us polling. Each poll yields the CPU, to a Redis
    server sharing it, say. (select, not a non-blocking recv: redis-py's sockets have a
    timeout, and Python waits for such a socket before any recv.)
    """
    if not isinstance(sock, socket.socket):  # not connected, or fakeredis's in-process FakeSocket
        return
    deadline = time.perf_counter() + REPLY_POLL_SECONDS
    try:
        while not select.select((sock,), (), (), 0)[0] and time.perf_counter() < deadline:
            os.sched_yield()
    except (OSError, ValueError):
        pass  # a closed socket: the read reports it


def _give_back(pool: redis.ConnectionPool, connection: redis.Connection, pid: int) -> None:
    """Return a connection to its pool, unless this is a forked child: the socket is its parent's."""
    if os.getpid() == pid:
        pool.release(connection)


class _Connection:
    """A connection of the pool used for raw pipelines: commands out in one write, replies back in order.

    Each thread keeps one per store (`RedisStore._connection`) rather than taking one from
    redis-py's pool per round trip, which costs some 20 us of locks and checks. It goes
    back to the pool when it is dropped (its thread ended) or released.
    """

    def __init__(self, pool: redis.ConnectionPool) -> None:
        self.pid = os.getpid()
        #: Set after an error: replies may be left unread and any WATCH is gone with the socket.
        self.broken = False
        #: A transaction holds WATCHes on it, so a transaction nested in it must take another connection.
        self.in_transaction = False
        #: Writes that travel in front of the next round trip (a small blob's chunks, see `hold`).
        self._held: list[tuple] = []
        self._connection = pool.get_connection()
        self.release = weakref.finalize(self, _give_back, pool, self._connection, self.pid)

    def hold(self, *commands: tuple) -> None:
        """Send these writes in front of the next round trip instead of in one of their own.

        Only for writes nobody can see before a later round trip of this thread
        makes them reachable (a new blob, named by a record committed later).
        A held write that fails fails that round trip; one never followed by a
        round trip is dropped, and nothing named it.
        """
        self._held += commands

    def flush(self) -> None:
        if self._held:
            self.run()

    def run(self, *commands: tuple) -> list[Any]:
        if self.broken:
            # Never reconnect silently: a transaction on this connection would lose its WATCHes.
            raise redis.ConnectionError("this store connection was closed after an error")
        held, self._held = self._held, []
        connection = self._connection
        unread = len(held) + len(commands)
        try:
            connection.send_packed_command(_pack((*held, *commands)), check_health=False)
            _await_reply(connection._sock)
            # A held write's error reply raises here, like any other.
            for _ in held:
                connection.read_response(disable_decoding=True)
                unread -= 1
            replies = []
            for _ in commands:
                replies.append(connection.read_response(disable_decoding=True))
                unread -= 1
            return replies
        except BaseException as error:
            # An error reply to the last command leaves nothing unread (NOSCRIPT, say): the connection is in step.
            if unread > 1 or not isinstance(error, redis.ResponseError):
                # Replies may be left unread: the connection is out of step, never reuse it.
                self.broken = True
                connection.disconnect()
            raise


class _RedisReads(Reads):
    """Reads expressed as one command each; `_read` decides how it is sent."""

    _keys: _Keys

    @abstractmethod
    def _read(self, key: str, command: tuple) -> Any:
        """Send one read command about key and return its raw reply."""

    def get(self, key: str) -> Any:
        redis_key = self._keys.record(key)
        return _value(self._read(redis_key, ("GET", redis_key)))

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
        if limit == 0:
            return []
        key = self._keys.index(index)
        return _members(self._read(key, _lex_command(key, start, stop, start_inclusive, stop_inclusive, reverse, limit)))

    def score_range(
        self,
        index: str,
        min_score: float = -INF,
        max_score: float = INF,
        *,
        reverse: bool = False,
        limit: int | None = None,
    ) -> list[tuple[str, float]]:
        if limit == 0:
            return []
        key = self._keys.index(index)
        return _pairs(self._read(key, _score_command(key, min_score, max_score, reverse, limit)))

    def score_of(self, index: str, member: str) -> float | None:
        key = self._keys.index(index)
        score = self._read(key, ("ZSCORE", key, member))
        return None if score is None else float(score)

    def index_size(self, index: str) -> int:
        key = self._keys.index(index)
        return self._read(key, ("ZCARD", key))


# What `RedisTxn.commit` did: plain strings, as an Enum member costs a slow lookup on every use.
#: The writes are applied.
COMMITTED = "committed"
#: A watched key changed: back off, then run the function again.
CONFLICT = "conflict"
#: A record read from the cache had changed (or Redis had lost the script): run the function again now.
RERUN = "rerun"


class RedisTxn(_RedisReads, Txn):
    """Optimistic: WATCH each key as it is first read, buffer writes, MULTI/EXEC at commit.

    With a record cache, a record read it can answer is checked at commit instead
    (`CHECK_AND_WRITE`): no round trip for the read, none for a WATCH. The cache answers
    a `get_many` from one of its batches or not at all (the values come from one moment),
    and only until the transaction's first read from Redis: as with WATCH alone, a value
    the function reads is never older than one it read before it.
    """

    def __init__(self, keys: _Keys, connection: _Connection, cache: _RecordCache | None) -> None:
        self._keys = keys
        self._connection = connection
        self._cache = cache
        self._watched: set[str] = set()
        #: Set by the first read sent to Redis: later reads go to Redis too.
        self._read_redis = False
        #: Record reads and this transaction's own record writes, by Redis key (None = absent).
        self._seen: dict[str, bytes | None] = {}
        #: Record reads the cache answered, with the value used: the commit checks them.
        self._cached: dict[str, bytes | None] = {}
        self._writes: list[tuple] = []

    def _watch_and_run(self, keys: Iterable[str], command: tuple) -> Any:
        self._read_redis = True
        new = [key for key in keys if key not in self._watched]
        self._watched.update(new)
        if not new:
            return self._connection.run(command)[0]
        return self._connection.run(("WATCH", *new), command)[1]

    def _read(self, key: str, command: tuple) -> Any:
        return self._watch_and_run((key,), command)

    def get(self, key: str) -> Any:
        return self.get_many((key,))[0]

    def get_many(self, keys: Sequence[str]) -> list[Any]:
        redis_keys = [self._keys.record(key) for key in keys]
        missing = list(dict.fromkeys(key for key in redis_keys if key not in self._seen))
        if missing and self._cache is not None and not self._read_redis:
            missing = self._read_cached(missing)
        if missing:
            found = self._watch_and_run(missing, ("MGET", *missing))
            self._seen.update(zip(missing, found))
            if self._cache is not None:
                self._cache.remember(zip(missing, found))
        return [_value(self._seen[key]) for key in redis_keys]

    def _read_cached(self, redis_keys: list[str]) -> list[str]:
        """Read these records from the cache (checked at commit) if one batch holds them all; the keys left to read."""
        found = self._cache.snapshot(redis_keys)
        if found is None:
            return redis_keys
        self._seen.update(zip(redis_keys, found))
        self._cached.update(zip(redis_keys, found))
        return []

    def put(self, key: str, value: Any) -> None:
        redis_key = self._keys.record(key)
        data = self._seen[redis_key] = encode(value)
        self._writes.append(("SET", redis_key, data))

    def delete(self, *keys: str) -> None:
        if keys:
            redis_keys = [self._keys.record(key) for key in keys]
            self._seen.update(dict.fromkeys(redis_keys))
            self._writes.append(("UNLINK", *redis_keys))

    def lex_add(self, index: str, *members: str) -> None:
        if members:
            self._writes.append(("ZADD", self._keys.index(index), *(part for m in members for part in (0, m))))

    def lex_remove(self, index: str, *members: str) -> None:
        if members:
            self._writes.append(("ZREM", self._keys.index(index), *members))

    def score_add(self, index: str, scores: dict[str, float]) -> None:
        if scores:
            pairs = (part for member, score in scores.items() for part in (float(score), member))
            self._writes.append(("ZADD", self._keys.index(index), *pairs))

    def score_remove(self, index: str, *members: str) -> None:
        if members:
            self._writes.append(("ZREM", self._keys.index(index), *members))

    def drop_index(self, *indexes: str) -> None:
        if indexes:
            self._writes.append(("UNLINK", *(self._keys.index(index) for index in indexes)))

    def blob_delete(self, *blob_ids: str) -> None:
        self._writes += _unlink_commands(self._keys.blob_chunks(blob_ids))

    def notify(self, topic: str) -> None:
        self._writes.append(("INCR", self._keys.topic(topic)))

    def commit(self) -> str:
        """Apply the buffered writes atomically, unless a watched key or a record read from the cache changed."""
        if self._cached and any(len(command) > SCRIPT_COMMAND_LIMIT for command in self._writes):
            if not self._watch_cached():
                return RERUN
        if self._cached:
            outcome = self._check_and_write()
        elif self._watched or self._writes:
            outcome = CONFLICT if self._exec(*self._writes) is None else COMMITTED
        else:
            return COMMITTED
        if outcome is COMMITTED and self._cache is not None:
            # At the commit every record read was still current (checked or watched): one batch with the writes.
            self._cache.remember(self._seen.items())
        return outcome

    def _exec(self, *commands: tuple) -> list | None:
        """MULTI, commands, EXEC: their results, or None if a watched key changed."""
        results = self._connection.run(("MULTI",), *commands, ("EXEC",))[-1]
        for result in results or ():
            if isinstance(result, Exception):
                raise result
        return results

    def _check_and_write(self) -> str:
        """One EVALSHA (inside MULTI/EXEC if keys are watched too) checks the cached reads and writes."""
        keys = sorted(self._cached, key=lambda key: self._cached[key] is None)  # present ones first
        present = [self._cached[key] for key in keys if self._cached[key] is not None]
        writes = [part for command in self._writes for part in (len(command), *command)]
        script = ("EVALSHA", CHECK_AND_WRITE_SHA, len(keys), *keys, len(present), *present, *writes)
        try:
            if self._watched:
                results = self._exec(script)
                if results is None:
                    return CONFLICT
                changed = results[0]
            else:
                changed = self._connection.run(script)[0]
        except redis.exceptions.NoScriptError:
            # Redis lost its scripts (restarted, SCRIPT FLUSH): nothing was written.
            self._connection.run(("SCRIPT", "LOAD", CHECK_AND_WRITE))
            return RERUN
        if changed:
            self._cache.contended(keys[position - 1] for position in changed)
            return RERUN
        return COMMITTED

    def _watch_cached(self) -> bool:
        """Watch the cached reads and check them now, for a commit too big for the script; False if one changed."""
        keys = list(self._cached)
        current = self._connection.run(("WATCH", *keys), ("MGET", *keys))[1]
        self._watched.update(keys)
        if not self._still_current(current):
            self._connection.run(("UNWATCH",))
            return False
        self._cached.clear()
        return True

    def _still_current(self, current: list[bytes | None]) -> bool:
        """Compare the cached reads with their current values (in order); the changed ones become contended."""
        changed = [key for key, data in zip(self._cached, current) if self._cached[key] != data]
        self._cache.contended(changed)
        return not changed

    def abandon(self) -> bool:
        """Drop the watches (they would stay on the connection for its next transaction).

        False if a record read from the cache has changed: the function's error may come
        from a stale value, so it must run again rather than be reported.
        """
        commands = [("MGET", *self._cached)] if self._cached else []
        if self._watched:
            commands.append(("UNWATCH",))
        if not commands or self._connection.broken:
            return True
        replies = self._connection.run(*commands)
        return not self._cached or self._still_current(replies[0])


class RedisNamespace(_RedisReads, Namespace):
    def __init__(self, store: RedisStore, name: str) -> None:
        self.name = name
        self._store = store
        self._keys = _Keys(name)

    def __repr__(self) -> str:
        return f"<RedisNamespace {self.name!r} of {self._store!r}>"

    def _run(self, *commands: tuple) -> list[Any]:
        return self._store._connection().run(*commands)

    def _read(self, key: str, command: tuple) -> Any:
        return self._run(command)[0]

    def get_many(self, keys: Sequence[str]) -> list[Any]:
        if not keys:
            return []
        return [_value(data) for data in self._run(("MGET", *map(self._keys.record, keys)))[0]]

    def put(self, key: str, value: Any) -> None:
        redis_key, data = self._keys.record(key), encode(value)
        self._run(("SET", redis_key, data))
        self._remember(((redis_key, data),))

    def delete(self, *keys: str) -> int:
        if not keys:
            return 0
        redis_keys = [self._keys.record(key) for key in keys]
        existed = self._run(("UNLINK", *redis_keys))[0]
        self._remember((key, None) for key in redis_keys)
        return existed

    def _remember(self, values: Iterable[tuple[str, bytes | None]]) -> None:
        cache = self._store._records()
        if cache is not None:
            cache.remember(values)

    def incr(self, key: str, amount: int = 1) -> int:
        return self._run(("INCRBY", self._keys.counter(key), amount))[0]

    def transact(self, fn: Callable[[Txn], T]) -> T:
        connection = self._store._connection()
        # A transaction opened from inside another one's function can't share its WATCHes.
        nested = connection.in_transaction
        if nested:
            connection.flush()  # what it holds must reach Redis before anything this other connection commits
            connection = _Connection(self._store.client.connection_pool)
        connection.in_transaction = True
        try:
            return self._transact_on(connection, self._store._records(), fn)
        finally:
            connection.in_transaction = False
            if nested:
                connection.release()

    def _transact_on(self, connection: _Connection, cache: _RecordCache | None, fn: Callable[[Txn], T]) -> T:
        for attempt in range(MAX_ATTEMPTS):
            txn = RedisTxn(self._keys, connection, cache)
            try:
                result = fn(txn)
            except BaseException as error:
                if txn.abandon() or not isinstance(error, Exception):
                    raise
                continue  # the error came from a cached record another writer had changed: run again
            outcome = txn.commit()
            if outcome is COMMITTED:
                return result
            if outcome is CONFLICT:
                # Another writer won: back off a little, with jitter so that retries spread out.
                time.sleep(random.uniform(0, min(0.0005 * 2 ** min(attempt, 6), 0.03)))
        raise StoreError(f"transaction in namespace {self.name!r} kept conflicting after {MAX_ATTEMPTS} attempts")

    def blob_write(self, chunks: Iterable[bytes]) -> tuple[str, int]:
        token = new_blob_id()
        size = count = 0
        batch = []
        try:
            for piece in rechunk(chunks, DEFAULT_CHUNK_SIZE):
                batch.append(("SET", self._keys.blob_chunk(token, count), piece))
                size += len(piece)
                count += 1
                if len(batch) == CHUNKS_PER_WRITE:
                    self._run(*batch)
                    batch.clear()
            if not count:
                # An empty blob still gets its chunk 0: that is how a read tells it from a deleted one.
                batch.append(("SET", self._keys.blob_chunk(token, 0), b""))
                count = 1
            if count == len(batch):
                # The whole blob in one batch: it travels in front of this thread's next round trip
                # (the transaction that names it, usually), as nothing can read it before that.
                self._store._connection().hold(*batch)
            elif batch:
                self._run(*batch)
        except BaseException:
            self._run(*_unlink_commands([self._keys.blob_chunk(token, number) for number in range(count)]))
            raise
        return f"{token}.{size}.{DEFAULT_CHUNK_SIZE}", size

    def blob_read(self, blob_id: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Reads the first chunk now, so that a missing blob raises KeyError here as in every adapter."""
        blob = _Blob.parse(blob_id)
        if blob is None:
            raise self._no_blob(blob_id)
        spans = chunk_spans(blob.size, blob.chunk_size, start, end)
        first = next(spans, None)
        if first is None:
            if not self._run(("EXISTS", self._keys.blob_chunk(blob.token, 0)))[0]:
                raise self._no_blob(blob_id)
            return iter(())
        return self._read_chunks(blob, self._read_chunk(blob, first), spans)

    def _read_chunks(self, blob: _Blob, first: bytes, spans: Iterator[tuple[int, int, int]]) -> Iterator[bytes]:
        yield first
        for span in spans:
            yield self._read_chunk(blob, span)

    def _read_chunk(self, blob: _Blob, span: tuple[int, int, int]) -> bytes:
        number, offset, stop = span
        piece = self._run(("GETRANGE", self._keys.blob_chunk(blob.token, number), offset, stop - 1))[0]
        if len(piece) != stop - offset:
            raise self._no_blob(blob.id)  # GETRANGE answers b"" for a missing key
        return piece

    def _no_blob(self, blob_id: str) -> KeyError:
        return KeyError(f"no blob {blob_id!r} in namespace {self.name!r}")

    def blob_delete(self, *blob_ids: str) -> None:
        doomed = self._keys.blob_chunks(blob_ids)
        if doomed:
            self._run(*_unlink_commands(doomed))

    def version(self, topic: str) -> int:
        return int(self._run(("GET", self._keys.topic(topic)))[0] or 0)

    def notify(self, topic: str) -> None:
        self._run(("INCR", self._keys.topic(topic)))

    def wait(self, topic: str, seen: int, timeout: float) -> int:
        """Poll the version: simple, and wakes a waiter in any process within POLL_INTERVAL."""
        deadline = time.monotonic() + timeout
        while True:
            current = self.version(topic)
            remaining = deadline - time.monotonic()
            if current != seen or remaining <= 0:
                return current
            time.sleep(min(POLL_INTERVAL, remaining))


class RedisStore(Store):
    """One redis-py client (one connection pool) per process, shared by every namespace and thread."""

    def __init__(self, url: str, client: redis.Redis, child_url: Callable[[], str | None]) -> None:
        self.url = url
        self.client = client
        self._child_url = child_url
        self._per_thread = threading.local()
        self._cache = _RecordCache() if self._load_script() else None

    def _load_script(self) -> bool:
        """Load CHECK_AND_WRITE; False on a server without Lua (fakeredis without lupa): no cache then."""
        try:
            self.client.script_load(CHECK_AND_WRITE)
        except redis.ResponseError:
            return False
        return True

    def _records(self) -> _RecordCache | None:
        """This process's record cache; a forked child starts an empty one (its parent's lock may be held)."""
        cache = self._cache
        if cache is not None and cache.pid != os.getpid():
            cache = self._cache = _RecordCache()
        return cache

    def __repr__(self) -> str:
        return f"<RedisStore {mask_url(self.url)}>"

    def _connection(self) -> _Connection:
        """This thread's connection; a new one after an error, or in a forked child."""
        connection = getattr(self._per_thread, "connection", None)
        if connection is None or connection.broken or connection.pid != os.getpid():
            connection = self._per_thread.connection = _Connection(self.client.connection_pool)
        return connection

    def namespace(self, name: str) -> Namespace:
        handle = RedisNamespace(self, check_namespace_name(name))
        _, _, found = handle._run(
            ("SADD", REGISTRY_KEY, name),
            ("SET", handle._keys.format, FORMAT_VERSION, "NX"),
            ("GET", handle._keys.format),
        )
        self._check_format(name, found)
        return handle

    def _check_format(self, name: str, found: bytes) -> None:
        where = f"namespace {name!r} of {mask_url(self.url)}"
        if not found.isdigit():
            raise StoreError(f"{where} holds data in an unknown format {found!r}; wipe it or use another namespace")
        if int(found) > FORMAT_VERSION:
            raise StoreError(
                f"{where} holds data in format {int(found)}, newer than this moto-shared's {FORMAT_VERSION}: "
                "upgrade moto-shared, or wipe the namespace"
            )
        if int(found) != FORMAT_VERSION:
            raise StoreError(f"{where} holds data in old format {int(found)}, which this moto-shared can't read")

    def list_namespaces(self) -> list[str]:
        return sorted(member.decode() for member in self.client.smembers(REGISTRY_KEY))

    def wipe_namespace(self, name: str) -> None:
        """SCAN + UNLINK the namespace's own keys: other namespaces and other users of the database stay."""
        keys = _Keys(check_namespace_name(name))
        self._connection().flush()  # this thread's held writes are wiped too, not left to land afterwards
        if self._records() is not None:
            self._cache.clear()
        self.client.srem(REGISTRY_KEY, name)
        batch = []
        for key in self.client.scan_iter(match=keys.prefix + "*", count=BATCH):
            batch.append(key)
            if len(batch) >= BATCH:
                self.client.unlink(*batch)
                batch.clear()
        if batch:
            self.client.unlink(*batch)

    def child_url(self) -> str | None:
        return self._child_url()

    def close(self) -> None:
        self.client.close()


def open_store(url: str) -> RedisStore:
    """Connect and PING, so that a wrong or unreachable URL fails now and fast, not at first use."""
    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=CONNECT_TIMEOUT, retry=Retry(NoBackoff(), 0)
        )
        client.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise StoreError(f"can't use the Redis store at {mask_url(url)!r}: {exc}") from None
    client.connection_pool.connection_kwargs["socket_timeout"] = REPLY_TIMEOUT
    client.connection_pool.disconnect()
    return RedisStore(url, client, child_url=lambda: url)
