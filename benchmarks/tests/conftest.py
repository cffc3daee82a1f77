"""Make `benchmarks` importable however pytest is started, and find the tests' real Redis.

The repository root goes at the END of sys.path: `benchmarks` is found there,
while `moto_shared` still comes from the installed wheel when there is one
(CI tests the wheel, whose `moto_shared.adapters` the source tree lacks).
"""

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
for path in (str(REPO), str(REPO / "tests" / "support")):
    if path not in sys.path:
        sys.path.append(path)

from real_redis import require_redis  # noqa: E402 - found in tests/support, put on sys.path just above


@pytest.fixture
def redis_url() -> str:
    """The real Redis server (skip on a laptop without one; fail under CI=true)."""
    return require_redis()
