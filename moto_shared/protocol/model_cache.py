"""Values worked out once per model object (shape, operation, service), looked up on every request.

A `WeakKeyDictionary` builds a weak reference on every lookup, which costs
more than the lookup itself; the parsers and serializers consult these caches
several times per request (and once per structure value in a response).
`ModelCache` keys by `id()` instead, so a lookup is a single `dict.get`, and
drops an entry when its object is collected, as the weak dictionary did.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any, Callable

_MISSING = object()


class ModelCache:
    """`build(obj)` remembered per object identity (objects must support weak references)."""

    def __init__(self, build: Callable[[Any], Any]) -> None:
        self._build = build
        self._values: dict[int, Any] = {}
        self._lock = threading.Lock()

    def __call__(self, obj: Any) -> Any:
        value = self._values.get(id(obj), _MISSING)
        if value is _MISSING:
            value = self._remember(obj)
        return value

    def _remember(self, obj: Any) -> Any:
        # Built outside the lock: a build may consult this same cache for other objects.
        built = self._build(obj)
        key = id(obj)
        with self._lock:
            value = self._values.get(key, _MISSING)
            if value is _MISSING:
                value = self._values[key] = built
                # Runs when obj is freed, before its id can be reused.
                weakref.finalize(obj, self._values.pop, key, None).atexit = False
        return value
