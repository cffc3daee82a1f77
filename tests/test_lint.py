"""Pyflakes-level lint (ruff's F rules) so CI catches unused imports, undefined names and dead variables."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: The checkout's files, even when the suite runs against an installed wheel.
ROOT = Path(__file__).resolve().parent.parent
PATHS = ["moto_shared", "adapters", "benchmarks", "tests", "examples"]


def test_pyflakes_clean():
    if importlib.util.find_spec("ruff") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but ruff is not installed (it is in the `test` extra)")
        pytest.skip("ruff is not installed; `pip install -e .[test]` to lint")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "F", "--no-cache", *(str(ROOT / p) for p in PATHS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"ruff check --select F found problems:\n{result.stdout}{result.stderr}"
