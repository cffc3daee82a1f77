"""Opening stores by URL: one Store per process and URL, shared by all its threads.

    open_store()                          # MOTO_SHARED_STORE, else fakeredis://
    open_store("memory://")               # plain dicts: this process only
    open_store("redis://:pw@host:6379/0") # a Redis server: any process, any machine

A forked child never reuses its parent's connections or locks (another thread
may have held them at fork time): it opens its stores afresh. A child of a
process that had the embedded fakeredis store open connects to the parent's
copy over TCP (`Store.child_url`), so multiprocessing workers see the same data.
"""

from __future__ import annotations

import importlib
import os
import re
import threading
from urllib.parse import urlsplit

from moto_shared.store.base import INF, Namespace, Store, StoreError, Txn

__all__ = ["DEFAULT_URL", "ENV_VAR", "INF", "Namespace", "Store", "StoreError", "Txn", "mask_url", "open_store"]

#: The environment variable naming the store when no URL is given.
ENV_VAR = "MOTO_SHARED_STORE"

#: The store used when neither an explicit URL nor MOTO_SHARED_STORE names one:
#: fakeredis in this process, reachable by child processes through `child_url`.
DEFAULT_URL = "fakeredis://"

#: URL scheme -> module of `moto_shared.adapters` whose `open_store(url)` opens it.
_ADAPTERS = {
    "memory": "memory",
    "fakeredis": "fakeredis",
    "redis": "redis",
    "rediss": "redis",
    "unix": "redis",
}

_lock = threading.Lock()
_stores: dict[str, Store] = {}
#: Filled just before a fork: URL -> where the child finds the same data.
_urls_for_child: dict[str, str | None] = {}


def mask_url(url: str) -> str:
    """The URL with any password replaced by ***, fit for messages and logs."""
    netloc = urlsplit(url).netloc
    userinfo, at, host = netloc.rpartition("@")
    if at and ":" in userinfo:
        url = url.replace(netloc, f"{userinfo.split(':', 1)[0]}:***@{host}", 1)
    return re.sub(r"(?i)([?&]password=)[^&#]*", r"\1***", url)


def _normalize(url: str) -> str:
    url = url.strip()
    return f"{url}://" if url in ("memory", "fakeredis") else url


def open_store(url: str | None = None) -> Store:
    """The store for url, else MOTO_SHARED_STORE, else DEFAULT_URL; opened once per process.

    Raises StoreError for an unknown scheme or a server that can't be reached
    (within a few seconds, never a hang).
    """
    from_env = url is None and bool(os.environ.get(ENV_VAR))
    url = _normalize(url or os.environ.get(ENV_VAR) or DEFAULT_URL)
    store = _stores.get(url)
    if store is not None:
        return store
    with _lock:
        store = _stores.get(url)
        if store is None:
            store = _stores[url] = _open(_urls_for_child.get(url, url), from_env)
        return store


def _open(url: str, from_env: bool) -> Store:
    origin = f"from {ENV_VAR}" if from_env else f"given explicitly; {ENV_VAR} sets the default"
    scheme = url.split("://", 1)[0] if "://" in url else url
    module = _ADAPTERS.get(scheme.lower())
    if module is None:
        accepted = ", ".join(f"{name}://" for name in _ADAPTERS)
        raise StoreError(f"unknown store scheme {scheme!r} in {mask_url(url)!r} ({origin}); accepted: {accepted}")
    adapter = importlib.import_module(f"moto_shared.adapters.{module}")
    try:
        return adapter.open_store(url)
    except StoreError as exc:
        raise StoreError(f"{exc} ({origin})") from None


def _before_fork() -> None:
    """Let a forked child reach the data of every open store (starts the embedded server if needed)."""
    _urls_for_child.clear()
    for url, store in list(_stores.items()):
        _urls_for_child[url] = store.child_url()


def _in_forked_child() -> None:
    """Forget the parent's stores, connections and locks; they are reopened on demand."""
    global _lock, _stores
    _lock = threading.Lock()
    _stores = {}
    for url, child_url in list(_urls_for_child.items()):
        if child_url is None:
            del _urls_for_child[url]


os.register_at_fork(before=_before_fork, after_in_parent=_urls_for_child.clear, after_in_child=_in_forked_child)
