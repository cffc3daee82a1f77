"""What the benchmark compares: moto-shared on each store, Moto in-process, Moto's server, and the floor.

Each implementation is a context manager yielding `Clients` that reach it.
Moto's `before-send` hook only reaches clients created after `import moto`,
so `benchmarks.run` imports Moto before it creates any client.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Callable, ContextManager, Iterator

from benchmarks.clients import Clients, Instrument

#: Our database on the shared Redis server; the mocks use fresh namespaces in it and wipe them.
REDIS_URL = os.environ.get("MOTO_SHARED_BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")


@dataclass(frozen=True)
class Implementation:
    name: str
    activate: Callable[[], ContextManager[Clients]]


def ours(store_url: str) -> Implementation:
    @contextlib.contextmanager
    def activate() -> Iterator[Clients]:
        from moto_shared import mock_aws

        with mock_aws(store=store_url):
            yield Clients()

    label = store_url.split("://")[0] if store_url.startswith(("memory", "fakeredis")) else "redis"
    return Implementation(f"ours:{label}", activate)


def moto_in_process() -> Implementation:
    @contextlib.contextmanager
    def activate() -> Iterator[Clients]:
        import moto

        with moto.mock_aws():
            yield Clients()

    return Implementation("moto", activate)


def moto_server(endpoint_url: str) -> Implementation:
    @contextlib.contextmanager
    def activate() -> Iterator[Clients]:
        yield Clients(endpoint_url=endpoint_url)

    return Implementation("moto-server", activate)


def floor(instrument: Instrument) -> Implementation:
    @contextlib.contextmanager
    def activate() -> Iterator[Clients]:
        yield Clients(instrument=instrument)

    return Implementation("floor", activate)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_moto_server() -> Iterator[str]:
    """Moto's server in its own process, as users run it; yields its endpoint URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.moto_server", str(port)],
        stdin=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("Moto's server did not start")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stdin.close()
        server.wait(timeout=30)


def redis_reachable(url: str = REDIS_URL) -> bool:
    from moto_shared.store import StoreError, open_store

    try:
        open_store(url)
    except StoreError:
        return False
    return True
