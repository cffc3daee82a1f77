"""A store wrapper for tests that count what a call costs: each read is a round trip on Redis."""

from __future__ import annotations

from typing import Any

READS = ("get", "get_many", "lex_range", "score_range", "score_of", "index_size", "version")


class RecordingStore:
    """Wraps a namespace (and the transactions it runs) and appends the name of every read to calls.

    With commits=True a finished transaction appends "commit" too (its MULTI/EXEC round trip).
    """

    def __init__(self, target, calls: list[str], *, commits: bool = False) -> None:
        self._target, self._calls, self._commits = target, calls, commits

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if name not in READS:
            return attribute

        def recorded(*args, **kwargs):
            self._calls.append(name)
            return attribute(*args, **kwargs)

        return recorded

    def transact(self, fn):
        result = self._target.transact(lambda txn: fn(RecordingStore(txn, self._calls)))
        if self._commits:
            self._calls.append("commit")
        return result
