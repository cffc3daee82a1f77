"""`mock_aws`: which store and namespace answer AWS calls, for this process and its children.

The active mock is process-wide (not thread-local): threads started before or
after activation, and clients created at any time, all see it. Activations
form a stack: a nested `mock_aws()` with no arguments (or the same ones)
joins the one below it; one that names another store or namespace is used
until it stops.

Child processes inherit the active mock with no code of their own:
* fork: `os.register_at_fork` re-opens the store in the child through its
  cross-process URL (the in-process fakeredis is reached over loopback);
* spawn/forkserver/ProcessPoolExecutor: the pickled Process carries an
  activation that runs when the child unpickles it, before the target;
* any `python` subprocess: environment variables (CHILD_*_ENV) plus the
  startup hook `moto_shared_startup.pth` that the wheel installs.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import re
import threading
import unittest
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from moto_shared.core import dispatch, intercept
from moto_shared.protocol import HttpRequest, HttpResponse
from moto_shared.store import StoreError, open_store
from moto_shared.store.base import Namespace, Store

NAMESPACE_ENV = "MOTO_SHARED_NAMESPACE"
#: Set while a mock is active, read by child processes (see module docstring).
CHILD_STORE_ENV = "MOTO_SHARED_CHILD_STORE"
CHILD_NAMESPACE_ENV = "MOTO_SHARED_CHILD_NAMESPACE"
CHILD_CONFIG_ENV = "MOTO_SHARED_CHILD_CONFIG"
_CHILD_ENV = (CHILD_STORE_ENV, CHILD_NAMESPACE_ENV, CHILD_CONFIG_ENV)
#: CHILD_STORE_ENV value when the parent's store can't be reached from another process.
UNSHAREABLE_PREFIX = "unshareable:"

FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "FOOBARKEY", "AWS_SECRET_ACCESS_KEY": "FOOBARSECRET"}
DEFAULT_CONFIG: dict[str, Any] = {
    "core": {
        "mock_credentials": True,
        "passthrough": {"urls": [], "services": []},
        "reset_boto3_session": True,
    }
}


def _merged_config(config: dict | None) -> dict:
    merged = json.loads(json.dumps(DEFAULT_CONFIG))
    for section, values in (config or {}).items():
        if isinstance(values, dict):
            merged.setdefault(section, {}).update(values)
        else:
            merged[section] = values
    return merged


@dataclass(eq=False)
class Activation:
    """One store + namespace answering calls, with how many mocks hold it."""

    store_url: str | None
    namespace_name: str
    config: dict
    anonymous: bool
    inherited: bool = False
    holders: int = 0
    unshareable_reason: str | None = None
    _store: Store | None = field(default=None, repr=False)
    _namespace: Namespace | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self.unshareable_reason:
            raise StoreError(self.unshareable_reason)
        if self._store is None:
            self._store = open_store(self.store_url)
        return self._store

    @property
    def namespace(self) -> Namespace:
        if self._namespace is None:
            self._namespace = self.store.namespace(self.namespace_name)
        return self._namespace

    def child_environment(self) -> dict[str, str]:
        child_url = self.store.child_url()
        if child_url is None:
            child_url = UNSHAREABLE_PREFIX + self.store.url
        return {
            CHILD_STORE_ENV: child_url,
            CHILD_NAMESPACE_ENV: self.namespace_name,
            CHILD_CONFIG_ENV: json.dumps(self.config),
        }

    def intercepts(self, url: str) -> bool:
        """False for the AWS URLs the config sends to the network (core.passthrough urls/services)."""
        passthrough = self.config["core"]["passthrough"]
        urls, services = passthrough.get("urls"), passthrough.get("services")
        if urls and any(re.match(pattern, url) for pattern in urls):
            return False
        if not services:  # the usual case, checked first: this runs on every call
            return True
        labels = url.split("://", 1)[-1].split("/", 1)[0].split(".")
        return not any(service in labels for service in services)

    def answer(self, request: HttpRequest) -> HttpResponse:
        return dispatch.handle(request, self.namespace, self.config)


_lock = threading.RLock()
_stack: list[Activation] = []
_saved_environ: dict[str, str | None] = {}
#: An anonymous namespace kept by stop(remove_data=False), rejoined by start(reset=False).
_kept_anonymous: Activation | None = None


def current() -> Activation | None:
    return _stack[-1] if _stack else None


def _intercepting(url: str) -> Activation | None:
    """The activation that answers url, or None when the request goes to the network."""
    activation = _stack[-1] if _stack else None
    return activation if activation is not None and activation.intercepts(url) else None


def _set_environ(values: dict[str, str]) -> None:
    for key, value in values.items():
        if key not in _saved_environ:
            _saved_environ[key] = os.environ.get(key)
        os.environ[key] = value


def _restore_environ() -> None:
    for key, value in _saved_environ.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    _saved_environ.clear()


def _export(activation: Activation) -> None:
    """Make the top activation what child processes inherit, and set fake credentials."""
    environ = activation.child_environment()
    if activation.config["core"].get("mock_credentials", True):
        environ.update(FAKE_CREDENTIALS)
    _set_environ(environ)


def _push(activation: Activation) -> None:
    first = not _stack
    _stack.append(activation)
    intercept.install(_intercepting)
    if first:
        intercept.requests_interceptor.start()
        if activation.config["core"].get("reset_boto3_session", True):
            _reset_boto3_default_session()
    if not activation.inherited:
        _export(activation)


def _pop(activation: Activation, remove_data: bool) -> None:
    global _kept_anonymous
    _stack.remove(activation)
    if activation.anonymous and not activation.inherited:
        if remove_data:
            activation.store.wipe_namespace(activation.namespace_name)
        else:
            _kept_anonymous = activation
    if _stack:
        if not _stack[-1].inherited:
            _export(_stack[-1])
        return
    intercept.requests_interceptor.stop()
    _restore_environ()


def _reset_boto3_default_session() -> None:
    """boto3's default session caches credentials; drop it so the fake ones are used (as Moto does)."""
    import boto3

    boto3.DEFAULT_SESSION = None


class MockAWS:
    """What `mock_aws(...)` returns: a decorator, context manager and start/stop object."""

    def __init__(self, *, store: str | None = None, namespace: str | None = None, config: dict | None = None):
        self._store_url = store
        self._namespace = namespace
        self._config = config
        self._activations: list[Activation] = []

    # --- start / stop -------------------------------------------------------------
    def start(self, reset: bool = True) -> None:
        with _lock:
            activation = self._join_or_create(reset)
            activation.holders += 1
            if activation not in _stack:
                _push(activation)
            self._activations.append(activation)

    def stop(self, remove_data: bool = True) -> None:
        with _lock:
            if not self._activations:
                return
            activation = self._activations.pop()
            activation.holders -= 1
            if activation.holders <= 0 and not activation.inherited:
                _pop(activation, remove_data)

    def _join_or_create(self, reset: bool) -> Activation:
        global _kept_anonymous
        top = current()
        store_url = self._store_url or os.environ.get("MOTO_SHARED_STORE") or None
        namespace = self._namespace or os.environ.get(NAMESPACE_ENV) or None
        if top is not None and self._compatible(top, store_url, namespace):
            return top
        if namespace is None and not reset and _kept_anonymous is not None:
            kept, _kept_anonymous = _kept_anonymous, None
            if kept.store_url == store_url:
                return kept
        return Activation(
            store_url=store_url,
            namespace_name=namespace or f"t-{uuid.uuid4().hex[:20]}",
            config=_merged_config(self._config),
            anonymous=namespace is None,
        )

    def _compatible(self, top: Activation, store_url: str | None, namespace: str | None) -> bool:
        """A bare mock_aws() joins whatever is active; an explicit store or namespace must match it."""
        if self._store_url is not None and self._store_url != top.store_url:
            return False
        return self._namespace is None or self._namespace == top.namespace_name

    # --- context manager ------------------------------------------------------------
    def __enter__(self) -> "MockAWS":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # --- decorator ------------------------------------------------------------------
    def __call__(self, target):
        if inspect.isclass(target):
            return self._decorate_class(target)
        return self._decorate_callable(target)

    def _fresh(self) -> "MockAWS":
        """Each call of a decorated function gets its own activation (and, by default, namespace)."""
        return MockAWS(store=self._store_url, namespace=self._namespace, config=self._config)

    def _decorate_callable(self, func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                with self._fresh():
                    return await func(*args, **kwargs)

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self._fresh():
                return func(*args, **kwargs)

        return wrapper

    def _decorate_class(self, klass):
        """As Moto: TestCase classes are mocked from setUp to tearDown, pytest classes with setup_method from
        setup_method to teardown_method, other classes per test method."""
        if issubclass(klass, unittest.TestCase):
            original_setup = klass.setUp
            mock = self

            @functools.wraps(original_setup)
            def setUp(test_self, *args, **kwargs):
                activation = mock._fresh()
                activation.start()
                test_self.addCleanup(activation.stop)
                return original_setup(test_self, *args, **kwargs)

            klass.setUp = setUp
            return klass
        if callable(getattr(klass, "setup_method", None)):
            return self._decorate_pytest_class(klass)
        for name, attribute in list(vars(klass).items()):
            if name.startswith("test") and callable(attribute):
                setattr(klass, name, self._decorate_callable(attribute))
        return klass


    def _decorate_pytest_class(self, klass):
        """As Moto: a pytest class with setup_method is mocked from setup_method to teardown_method,
        so the resources its setup creates are there for the test."""
        original_setup = klass.setup_method
        original_teardown = getattr(klass, "teardown_method", None)
        mock = self

        @functools.wraps(original_setup)
        def setup_method(test_self, *args, **kwargs):
            activation = mock._fresh()
            activation.start()
            test_self._moto_shared_activation = activation
            return original_setup(test_self, *args, **kwargs)

        def teardown_method(test_self, *args, **kwargs):
            try:
                if original_teardown is not None:
                    original_teardown(test_self, *args, **kwargs)
            finally:
                activation = test_self.__dict__.pop("_moto_shared_activation", None)
                if activation is not None:
                    activation.stop()

        klass.setup_method = setup_method
        klass.teardown_method = teardown_method
        return klass


def mock_aws(func: Callable | None = None, *, store: str | None = None, namespace: str | None = None,
             config: dict | None = None):
    """Mock every AWS call of this process and its children (see docs/user-guide.md).

    Use it as `@mock_aws`, `@mock_aws(...)`, `with mock_aws(...):`, or
    `m = mock_aws(); m.start(); ...; m.stop()`.
    """
    mock = MockAWS(store=store, namespace=namespace, config=config)
    return mock(func) if func is not None else mock


def wipe_namespace(namespace: str, store: str | None = None) -> None:
    """Delete every resource of a named namespace (what the pytest plugin does after a run)."""
    open_store(store or os.environ.get("MOTO_SHARED_STORE") or None).wipe_namespace(namespace)


def override_responses_real_send(user_mock) -> None:
    """Let a user's own `responses` mock see the non-AWS requests our interception passes on."""
    intercept.requests_interceptor.use_real_send(user_mock)


# --- child processes ----------------------------------------------------------------------
def join_inherited(store_url: str, namespace: str, config_json: str | None) -> None:
    """Become part of a parent's mock: called in children before any user code runs."""
    with _lock:
        unshareable = None
        if store_url.startswith(UNSHAREABLE_PREFIX):
            parent_url = store_url[len(UNSHAREABLE_PREFIX):]
            unshareable = (
                f"moto-shared: the parent process mocks AWS with the store {parent_url!r}, which lives in the "
                f"parent's memory and can't be shared with child processes. Choose a cross-process store "
                f"with mock_aws(store=...) or MOTO_SHARED_STORE: fakeredis:// (the default) or redis://..."
            )
        activation = Activation(
            store_url=None if unshareable else store_url,
            namespace_name=namespace,
            config=_merged_config(json.loads(config_json) if config_json else None),
            anonymous=False,
            inherited=True,
            unshareable_reason=unshareable,
        )
        _stack.clear()
        _push(activation)


def _after_fork_in_child() -> None:
    """A forked child keeps the parent's mock, reached through the store's cross-process URL."""
    global _lock
    _lock = threading.RLock()
    top = current()
    if top is None:
        return
    environ = {key: os.environ[key] for key in _CHILD_ENV if key in os.environ}
    if CHILD_STORE_ENV in environ:
        join_inherited(environ[CHILD_STORE_ENV], environ[CHILD_NAMESPACE_ENV], environ.get(CHILD_CONFIG_ENV))


os.register_at_fork(after_in_child=_after_fork_in_child)


class _InheritedMock:
    """Pickled along with a spawn/forkserver Process: unpickling it joins the parent's mock."""

    def __init__(self, environ: dict[str, str]) -> None:
        self.environ = environ

    def __reduce__(self):
        return (_join_from_environ, (self.environ,))


def _join_from_environ(environ: dict[str, str]) -> None:
    os.environ.update(environ)
    join_inherited(environ[CHILD_STORE_ENV], environ[CHILD_NAMESPACE_ENV], environ.get(CHILD_CONFIG_ENV))


def _patch_multiprocessing() -> None:
    """forkserver children inherit the forkserver's environment, not ours: carry the mock in the Process."""
    from multiprocessing import context

    for name in ("SpawnProcess", "ForkServerProcess"):
        process_class = getattr(context, name, None)
        if process_class is None or getattr(process_class._Popen, "_moto_shared", False):
            continue
        original = process_class._Popen

        def _Popen(process_obj, _original=original):
            top = current()
            if top is not None:
                process_obj._moto_shared_mock = _InheritedMock(
                    {key: os.environ[key] for key in _CHILD_ENV if key in os.environ}
                )
            return _original(process_obj)

        _Popen._moto_shared = True
        process_class._Popen = staticmethod(_Popen)


_patch_multiprocessing()
