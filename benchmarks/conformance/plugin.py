"""pytest plugin (`-p benchmarks.conformance.plugin`) that runs Moto's tests against moto-shared.

Loaded before any test module or conftest.py is imported, it:
* puts `moto_shared.mock_aws` where Moto's tests import `mock_aws` from
  (`moto` and `moto.core.decorator`), so every `from moto import mock_aws`
  gets ours;
* deselects the tests that reach into Moto's internals (`exclusions.py`);
* writes, to the folder named by MOTO_SHARED_CONFORMANCE_OUT, how many tests
  each rule excluded (exclusions.json) and every test's outcome with its
  failure message (outcomes.json) for the runner to summarize.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import moto
import moto.core.decorator
import pytest

from benchmarks.conformance import OUT_ENV
from benchmarks.conformance.exclusions import ExclusionIndex
from moto_shared import mock_aws
from moto_shared.services import IMPLEMENTED

moto.mock_aws = mock_aws
moto.core.decorator.mock_aws = mock_aws

_outcomes: dict[str, dict[str, str]] = {}
_collection_errors: dict[str, str] = {}


def _out_dir() -> Path | None:
    out = os.environ.get(OUT_ENV)
    return Path(out) if out else None


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def _qualname(item: pytest.Item) -> str:
    owner = item.getparent(pytest.Class)
    name = getattr(item, "originalname", item.name)
    return f"{owner.name}.{name}" if owner is not None else name


def pytest_collection_modifyitems(session, config, items):
    index = ExclusionIndex(Path(config.rootpath) / "tests", set(IMPLEMENTED))
    kept, excluded, counts = [], [], {}
    for item in items:
        rule = index.rule_for(Path(item.path), _qualname(item)) if item.path.suffix == ".py" else None
        if rule is None:
            kept.append(item)
        else:
            excluded.append(item)
            counts[rule] = counts.get(rule, 0) + 1
    if excluded:
        config.hook.pytest_deselected(items=excluded)
        items[:] = kept
    out = _out_dir()
    worker = config.workerinput["workerid"] if _is_xdist_worker(config) else None
    if out is not None and worker in (None, "gw0"):  # every xdist worker collects the same tests
        out.mkdir(parents=True, exist_ok=True)
        (out / "exclusions.json").write_text(json.dumps({"collected": len(items) + len(excluded), "rules": counts}))


def _message(report) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return crash.message
    if isinstance(report.longrepr, tuple):  # skips: (file, line, reason)
        return str(report.longrepr[2])
    return str(report.longrepr or "")


@pytest.hookimpl(trylast=True)
def pytest_runtest_logreport(report):
    """Keep each test's outcome: 'error' for a broken setup or teardown, else the call's outcome."""
    current = _outcomes.get(report.nodeid)
    if report.when == "call" or (report.when == "setup" and not report.passed):
        outcome = report.outcome if report.when == "call" or report.skipped else "error"
        if hasattr(report, "wasxfail"):
            outcome = "skipped"
        _outcomes[report.nodeid] = {"outcome": outcome, "message": _message(report) if not report.passed else ""}
    elif report.when == "teardown" and report.failed and current is not None and current["outcome"] == "passed":
        _outcomes[report.nodeid] = {"outcome": "error", "message": _message(report)}


def pytest_collectreport(report):
    if report.failed:
        _collection_errors[report.nodeid] = _message(report).strip().splitlines()[-1] if report.longrepr else ""


def pytest_sessionfinish(session):
    out = _out_dir()
    if out is None or _is_xdist_worker(session.config):
        return
    out.mkdir(parents=True, exist_ok=True)
    (out / "outcomes.json").write_text(json.dumps({"tests": _outcomes, "collection_errors": _collection_errors}))
