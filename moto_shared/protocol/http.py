"""Plain HTTP messages: the only thing the protocol layer exchanges with its callers.

The botocore hook, the `requests` interception and any future HTTP server all
convert their own request objects to `HttpRequest` and write back an
`HttpResponse`, so parsing and serializing are written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO, Iterable, Union

Body = Union[bytes, BinaryIO, Iterable[bytes]]


class Headers(dict):
    """A dict of headers with case-insensitive lookup (keys are stored lower-cased)."""

    def __init__(self, items=()) -> None:
        pairs = items.items() if hasattr(items, "items") else items
        super().__init__((key.lower(), value) for key, value in pairs)

    @classmethod
    def from_lowercase(cls, pairs) -> "Headers":
        """Build from (name, value) pairs whose names are already lower-case (the hot path)."""
        headers = cls()
        dict.update(headers, pairs)
        return headers

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default=None):
        return super().get(key.lower(), default)

    def pop(self, key: str, *default):
        return super().pop(key.lower(), *default)


@dataclass
class HttpRequest:
    """An incoming request. body is bytes or a readable binary file object (large uploads)."""

    method: str
    url: str
    headers: Headers = field(default_factory=Headers)
    body: bytes | BinaryIO = b""


@dataclass
class HttpResponse:
    """An outgoing response. body is bytes or an iterable of byte chunks (large downloads)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""
