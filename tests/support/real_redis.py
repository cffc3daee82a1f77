"""The real Redis server the tests use, shared by the suite's and the benchmark's conftest.

CI provides one on 127.0.0.1:6379; db 9 keeps us apart from other users. Without one a test
skips with the reason on a laptop, and fails under CI=true.
"""

from __future__ import annotations

import os
from functools import lru_cache

import pytest

REDIS_URL = os.environ.get("MOTO_SHARED_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@lru_cache(maxsize=1)
def _redis_problem() -> str | None:
    """Why the test Redis can't be used, or None when it answers."""
    from moto_shared.store import StoreError, open_store

    try:
        open_store(REDIS_URL)
    except StoreError as exc:
        return str(exc)
    return None


def require_redis() -> str:
    """The Redis URL, or skip (laptop) / fail (CI=true) when no Redis answers."""
    problem = _redis_problem()
    if problem is None:
        return REDIS_URL
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but no Redis server can be used: {problem}")
    pytest.skip(f"no Redis server ({problem}); set MOTO_SHARED_TEST_REDIS_URL or run `docker compose up -d redis`")
