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

    # The methods call dict's directly rather than through super(): they run dozens of times per request.

    def __init__(self, items=()) -> None:
        pairs = items.items() if hasattr(items, "items") else items
        dict.__init__(self, ((key.lower(), value) for key, value in pairs))

    @classmethod
    def from_lowercase(cls, pairs) -> "Headers":
        """Build from (name, value) pairs whose names are already lower-case (the hot path)."""
        headers = dict.__new__(cls)
        dict.update(headers, pairs)
        return headers

    def __setitem__(self, key: str, value: str) -> None:
        dict.__setitem__(self, key.lower(), value)

    def __missing__(self, key: str) -> str:
        # Called by dict's own lookup only when key isn't stored as given: a lower-case name is found
        # at C speed (botocore copies our response headers with one lookup per name).
        lowered = key.lower()
        if lowered == key:
            raise KeyError(key)
        return self[lowered]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and dict.__contains__(self, key.lower())

    def get(self, key: str, default=None):
        return dict.get(self, key.lower(), default)

    def pop(self, key: str, *default):
        return dict.pop(self, key.lower(), *default)


#: Headers.get for a name written in lower case: the stored names are lower-case already, so this
#: skips the .lower() of Headers.get (the parsers look up a handful of headers on every request).
get_header = dict.get


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


class ResultWithStatus(dict):
    """A result whose HTTP status the model can't express (S3 RestoreObject's 202, PutBucketTagging's 204).

    It is still the plain result dict the serializers expect; the dispatcher
    sets the response's status from it afterwards.
    """

    def __init__(self, status: int, result: dict | None = None) -> None:
        super().__init__(result or {})
        self.status = status
