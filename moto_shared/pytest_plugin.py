"""pytest plugin (registered through the `pytest11` entry point).

* `--moto-shared-store URL` / `--moto-shared-namespace NAME`: the same as
  MOTO_SHARED_STORE / MOTO_SHARED_NAMESPACE for this run.
* Under pytest-xdist with no store configured, the controller hosts the
  embedded fakeredis store on loopback and hands its URL to every worker
  (workers inherit the controller's environment), so that workers *can*
  share a namespace. Tests stay isolated unless a namespace is named.
* A named namespace is wiped once, by the controller, after the whole run.
"""

from __future__ import annotations

import os

from moto_shared.core.mock import NAMESPACE_ENV
from moto_shared.store import ENV_VAR as STORE_ENV
from moto_shared.store import open_store


def pytest_addoption(parser):
    group = parser.getgroup("moto-shared")
    group.addoption("--moto-shared-store", default=None, help=f"store URL for mock_aws (as {STORE_ENV})")
    group.addoption(
        "--moto-shared-namespace",
        default=None,
        help=f"one namespace for every test and xdist worker, wiped after the run (as {NAMESPACE_ENV})",
    )


def _is_worker(config) -> bool:
    return hasattr(config, "workerinput")


def _is_xdist_controller(config) -> bool:
    return not _is_worker(config) and bool(getattr(config.option, "numprocesses", None)) and (
        getattr(config.option, "dist", "no") != "no"
    )


def pytest_configure(config):
    if _is_worker(config):
        return
    if config.getoption("moto_shared_store"):
        os.environ[STORE_ENV] = config.getoption("moto_shared_store")
    if config.getoption("moto_shared_namespace"):
        os.environ[NAMESPACE_ENV] = config.getoption("moto_shared_namespace")
    if _is_xdist_controller(config) and not os.environ.get(STORE_ENV):
        hosted = open_store("fakeredis://")
        os.environ[STORE_ENV] = hosted.child_url()
        config._moto_shared_hosted_store = hosted


def pytest_unconfigure(config):
    if _is_worker(config):
        return
    namespace = os.environ.get(NAMESPACE_ENV)
    if namespace:
        open_store(os.environ.get(STORE_ENV) or None).wipe_namespace(namespace)
