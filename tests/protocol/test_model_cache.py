"""ModelCache: one build per object, looked up by identity, dropped with its object."""

from __future__ import annotations

import gc

from moto_shared.protocol.model_cache import ModelCache


class _Model:
    """Stands in for a botocore shape: compared by identity, weak-referenceable."""


def test_builds_once_per_object_and_tells_equal_objects_apart():
    built = []
    cache = ModelCache(lambda obj: built.append(obj) or len(built))
    first, second = _Model(), _Model()
    assert cache(first) == 1
    assert cache(first) == 1
    assert cache(second) == 2
    assert built == [first, second]


def test_entry_goes_when_its_object_is_collected():
    cache = ModelCache(lambda obj: "value")
    model = _Model()
    cache(model)
    assert len(cache._values) == 1
    del model
    gc.collect()
    assert cache._values == {}
