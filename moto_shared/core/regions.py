"""Which region names exist, and which partition each belongs to.

Read from botocore's bundled partitions data, so a region AWS adds arrives
with a botocore upgrade instead of a code change here.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache

import botocore

ALLOW_NONEXISTENT_REGION_ENV = "MOTO_ALLOW_NONEXISTENT_REGION"


@lru_cache(maxsize=1)
def _partitions() -> list[tuple[str, re.Pattern, frozenset[str], str]]:
    path = os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return [
        (p["id"], re.compile(p["regionRegex"]), frozenset(p["regions"]), p["outputs"]["dnsSuffix"])
        for p in data["partitions"]
    ]


@lru_cache(maxsize=256)
def partition_of(region: str) -> str:
    """The partition ("aws", "aws-cn", "aws-us-gov", ...) a region name belongs to."""
    for partition, pattern, regions, _ in _partitions():
        if region in regions or pattern.match(region):
            return partition
    return "aws"


def is_known_region(region: str) -> bool:
    """True for regions AWS lists, and for any region when the user allows made-up ones."""
    return _listed(region) or os.environ.get(ALLOW_NONEXISTENT_REGION_ENV, "").lower() in ("1", "true", "yes")


@lru_cache(maxsize=256)
def _listed(region: str) -> bool:
    return any(region in regions for _, _, regions, _ in _partitions()) and not region.endswith("-global")
