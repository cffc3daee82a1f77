"""Fixtures shared by the whole suite: which stores to run on, and a mock per test."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from moto_shared import mock_aws

#: Functions that child processes run must be importable by name in a spawned child; they live here.
SUPPORT = str(Path(__file__).parent / "support")
if SUPPORT not in sys.path:
    sys.path.insert(0, SUPPORT)

#: The real Redis the tests use: CI provides one on 127.0.0.1:6379; db 9 keeps us apart from other users.
REDIS_URL = os.environ.get("MOTO_SHARED_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def _redis_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def require_redis() -> str:
    """The Redis URL, or skip (laptop) / fail (CI=true) when no Redis answers."""
    if _redis_reachable(REDIS_URL):
        return REDIS_URL
    message = f"no Redis server answers at {REDIS_URL} (set MOTO_SHARED_TEST_REDIS_URL to use another)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {message}")
    pytest.skip(message)


STORES = ["memory://", "fakeredis://", "redis"]
CROSS_PROCESS_STORES = ["fakeredis://", "redis"]


def _resolve(param: str) -> str:
    return require_redis() if param == "redis" else param


@pytest.fixture(params=STORES)
def store_url(request) -> str:
    """Every store a feature must work on (memory, in-process fakeredis, real Redis)."""
    return _resolve(request.param)


@pytest.fixture(params=CROSS_PROCESS_STORES)
def shared_store_url(request) -> str:
    """The stores that can be shared with child processes."""
    return _resolve(request.param)


@pytest.fixture
def aws(store_url):
    """An active mock on each store; yields the store URL."""
    with mock_aws(store=store_url):
        yield store_url


@pytest.fixture
def redis_url() -> str:
    """The real Redis server (skip on a laptop without one; fail under CI=true)."""
    return require_redis()
