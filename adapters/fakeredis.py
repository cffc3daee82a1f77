"""The embedded default store: fakeredis in this process, driven by the Redis adapter.

Threads share it directly; child processes reach it through `child_url`, which
serves the same FakeServer over TCP (`moto_shared.store.embedded`).
"""

from __future__ import annotations

import fakeredis

from moto_shared.adapters.redis import RedisStore
from moto_shared.store.embedded import EmbeddedServer


class FakeRedisStore(RedisStore):
    def __init__(self, url: str) -> None:
        fake_server = fakeredis.FakeServer()
        self._embedded = EmbeddedServer(fake_server)
        super().__init__(url, fakeredis.FakeRedis(server=fake_server), child_url=self._embedded.url)

    def close(self) -> None:
        self._embedded.stop()
        super().close()


def open_store(url: str) -> FakeRedisStore:
    return FakeRedisStore(url)
