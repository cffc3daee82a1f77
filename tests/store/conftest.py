"""Fixtures for the store contract suite (`redis_url` comes from tests/conftest.py).

Every contract test runs once per adapter: memory, fakeredis in-process,
fakeredis over TCP (the `child_url` server) and real Redis. Each test gets a
namespace of its own, wiped afterwards, so runs can share one Redis database.
"""

from __future__ import annotations

import uuid

import pytest

import moto_shared.adapters.redis as redis_adapter
from moto_shared.adapters.fakeredis import FakeRedisStore
from moto_shared.adapters.memory import MemoryStore
from moto_shared.store import open_store
from moto_shared.store.base import Store

ADAPTERS = ["memory", "fakeredis", "fakeredis-tcp", "redis"]
CROSS_PROCESS_ADAPTERS = ["fakeredis-tcp", "redis"]
REDIS_PROTOCOL_ADAPTERS = ["fakeredis", "fakeredis-tcp", "redis"]


@pytest.fixture(scope="session")
def fakeredis_store() -> FakeRedisStore:
    """An embedded fakeredis store of the suite's own, apart from the process-wide default."""
    store = FakeRedisStore("fakeredis://store-tests")
    yield store
    store.close()


def _open_adapter(request, kind: str) -> Store:
    if kind == "memory":
        return MemoryStore()
    if kind == "fakeredis":
        return request.getfixturevalue("fakeredis_store")
    if kind == "fakeredis-tcp":
        return open_store(request.getfixturevalue("fakeredis_store").child_url())
    return open_store(request.getfixturevalue("redis_url"))


@pytest.fixture(params=ADAPTERS)
def store(request) -> Store:
    return _open_adapter(request, request.param)


@pytest.fixture(params=CROSS_PROCESS_ADAPTERS)
def shared_store(request) -> Store:
    """Stores that other processes can reach (child_url is not None)."""
    return _open_adapter(request, request.param)


@pytest.fixture(params=REDIS_PROTOCOL_ADAPTERS)
def redis_store(request) -> Store:
    """Stores driven by the Redis adapter, for tests of how it talks to the server."""
    return _open_adapter(request, request.param)


@pytest.fixture
def store_names():
    """Call with a store to get a fresh namespace name; every name handed out is wiped after the test."""
    names: list[tuple[Store, str]] = []

    def make(on: Store) -> str:
        name = f"test-store-{uuid.uuid4().hex[:12]}"
        names.append((on, name))
        return name

    yield make
    for on, name in names:
        on.wipe_namespace(name)


@pytest.fixture
def ns(store, store_names):
    """A fresh namespace of the adapter under test."""
    return store.namespace(store_names(store))


@pytest.fixture
def shared_ns(shared_store, store_names):
    return shared_store.namespace(store_names(shared_store))


@pytest.fixture
def redis_ns(redis_store, store_names):
    return redis_store.namespace(store_names(redis_store))


@pytest.fixture
def round_trips(monkeypatch):
    """The commands of every round trip the adapter makes, one list per round trip."""
    log: list[list[str]] = []
    run = redis_adapter._Connection.run

    def logged(self, *commands):
        log.append([command[0] for command in (*self._held, *commands)])
        return run(self, *commands)

    monkeypatch.setattr(redis_adapter._Connection, "run", logged)
    return log
