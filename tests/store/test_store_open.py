"""open_store: URL resolution, caching, clear errors, and format-version refusal."""

from __future__ import annotations

import socket
import time

import pytest

from moto_shared.adapters.memory import MemoryStore
from moto_shared.adapters.redis import RedisStore
from moto_shared.store import DEFAULT_URL, ENV_VAR, StoreError, mask_url, open_store
from moto_shared.store.codec import FORMAT_VERSION


def test_open_store_is_cached_per_url():
    assert open_store("memory://") is open_store("memory")
    assert open_store("memory://") is not open_store("memory://other")


def test_explicit_url_beats_the_environment(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "fakeredis://from-env")
    assert open_store("memory://").url == "memory://"
    assert open_store().url == "fakeredis://from-env"


def test_default_is_embedded_fakeredis(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    store = open_store()
    assert DEFAULT_URL == "fakeredis://"
    assert store.url == DEFAULT_URL
    assert isinstance(store, RedisStore)


def test_memory_store_has_no_child_url():
    assert isinstance(open_store("memory://"), MemoryStore)
    assert open_store("memory://").child_url() is None


def test_unknown_scheme_names_it_and_lists_the_accepted_ones(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "mongodb://user:hunter2@db/0")
    with pytest.raises(StoreError) as raised:
        open_store()
    message = str(raised.value)
    assert "'mongodb'" in message
    assert ENV_VAR in message
    assert "hunter2" not in message
    for scheme in ("memory://", "fakeredis://", "redis://", "rediss://", "unix://"):
        assert scheme in message


@pytest.mark.parametrize(
    "url, masked",
    [
        ("redis://:hunter2@host:6379/0", "redis://:***@host:6379/0"),
        ("rediss://user:hunter2@host/1", "rediss://user:***@host/1"),
        ("unix:///tmp/redis.sock?db=1&password=hunter2", "unix:///tmp/redis.sock?db=1&password=***"),
        ("redis://host:6379/0", "redis://host:6379/0"),
        ("memory://", "memory://"),
    ],
)
def test_mask_url(url, masked):
    assert mask_url(url) == masked


def _assert_fails_fast(url: str) -> str:
    started = time.monotonic()
    with pytest.raises(StoreError) as raised:
        open_store(url)
    assert time.monotonic() - started < 5
    message = str(raised.value)
    assert mask_url(url) in message
    assert ENV_VAR in message
    assert "hunter2" not in message
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    return message


def test_refused_connection_fails_fast_with_a_clear_message():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _assert_fails_fast(f"redis://:hunter2@127.0.0.1:{port}/0")


def test_silent_server_fails_within_the_timeout():
    """A port that accepts connections but never answers (not Redis) must not hang us."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        _assert_fails_fast(f"redis://:hunter2@127.0.0.1:{silent.getsockname()[1]}/0")


def test_wrong_password_is_reported_masked(redis_url):
    with socket.socket():
        message = _assert_fails_fast(redis_url.replace("redis://", "redis://nobody:hunter2@", 1))
    assert "nobody:***@" in message


@pytest.mark.parametrize("found, complaint", [(b"99", "newer"), (b"garbage", "unknown format"), (b"0", "old format")])
def test_namespace_in_another_format_is_refused(shared_store, store_names, found, complaint):
    name = store_names(shared_store)
    shared_store.client.set(f"ms:{{{name}}}:format", found)
    with pytest.raises(StoreError, match=complaint) as raised:
        shared_store.namespace(name)
    assert name in str(raised.value)


def test_namespace_records_its_format_version(shared_store, store_names):
    name = store_names(shared_store)
    shared_store.namespace(name)
    assert shared_store.client.get(f"ms:{{{name}}}:format") == str(FORMAT_VERSION).encode()
