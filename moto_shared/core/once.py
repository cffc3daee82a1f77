"""Create shared resources once for every process on a namespace (xdist workers, say).

The first caller claims the name in one store transaction and runs the
function; every other caller waits until it is done. Claims live in the
namespace, so wiping the namespace also forgets them.
"""

from __future__ import annotations

import os
import time
from typing import Callable

from moto_shared.core import mock
from moto_shared.store.base import Txn

_TOPIC = "moto-shared|once"


def run_once(name: str, create: Callable[[], object], timeout: float = 60.0) -> bool:
    """Run create() if no process on this namespace has; return True if this call ran it.

    Must be called while a mock is active. If the process that claimed the
    name fails, the others raise instead of waiting forever.
    """
    activation = mock.current()
    if activation is None:
        raise RuntimeError("run_once() needs an active mock_aws()")
    store = activation.namespace
    key = f"moto-shared|once|{name}"
    owner = f"{os.getpid()}"

    def claim(txn: Txn) -> bool:
        if txn.get(key) is not None:
            return False
        txn.put(key, {"state": "running", "owner": owner})
        return True

    if store.transact(claim):
        try:
            create()
        except BaseException as exc:
            store.put(key, {"state": "failed", "owner": owner, "error": repr(exc)})
            store.notify(_TOPIC)
            raise
        store.put(key, {"state": "done", "owner": owner})
        store.notify(_TOPIC)
        return True
    deadline = time.monotonic() + timeout
    while True:
        seen = store.version(_TOPIC)
        record = store.get(key)
        if record["state"] == "done":
            return False
        if record["state"] == "failed":
            raise RuntimeError(f"run_once({name!r}) failed in process {record['owner']}: {record['error']}")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"run_once({name!r}): process {record['owner']} did not finish within {timeout}s")
        store.wait(_TOPIC, seen, min(remaining, 1.0))
