"""Where AWS requests are caught: botocore's Endpoint and the `requests` library.

botocore: `Endpoint._send` is replaced once, at class level, so every client
answers from the mock, whichever thread it runs in and whenever it was
created (Moto's before-send handler only reaches clients created after
`import moto`). botocore still builds, signs, retries and parses as it does
against AWS; only the network hop is replaced.

requests: a `responses` mock with a catch-all for AWS hosts, so presigned
URLs and JWKS fetches work; every other URL passes through to the network.

S3-compatible endpoints that are not AWS hosts (MinIO, Ceph, on-premise
gateways) are intercepted too when listed, comma-separated, in
MOTO_S3_CUSTOM_ENDPOINTS, as Moto does; it is read per request, so setting it
inside an active mock works.
"""

from __future__ import annotations

import io
import re
import threading
from typing import Callable, Iterable, Iterator, Protocol
from urllib.parse import urlsplit

import responses
from botocore.awsrequest import AWSResponse
from botocore.endpoint import Endpoint

from moto_shared.protocol import Headers, HttpRequest, HttpResponse
from moto_shared.protocol.identify import custom_s3_hosts

#: Hosts that belong to AWS; requests to anything else are never intercepted.
AWS_URL = re.compile(
    r"^https?://([^/?#]+\.)?(amazonaws\.com(\.cn)?|api\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov|amazonaws\.eu)(:\d+)?([/?#]|$)"
)


def _is_intercepted_host(url: str) -> bool:
    return bool(AWS_URL.match(url)) or urlsplit(url).netloc.lower() in custom_s3_hosts()


class Responder(Protocol):
    def answer(self, request: HttpRequest) -> HttpResponse: ...


#: Set by core.mock: the object answering a URL while a mock is active, or None (send it to the network).
_responder_for: Callable[[str], Responder | None] = lambda url: None
_original_send = Endpoint._send


def install(responder_for: Callable[[str], Responder | None]) -> None:
    """Patch botocore once per process; responder_for(url) decides per call whether we answer."""
    global _responder_for
    _responder_for = responder_for
    if Endpoint._send is not _send_through_mock:
        Endpoint._send = _send_through_mock


def _responder(url: str) -> Responder | None:
    return _responder_for(url) if _is_intercepted_host(url) else None


def _send_through_mock(self, request):
    responder = _responder(request.url)
    if responder is None:
        return _original_send(self, request)
    body = request.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    headers = _botocore_headers(request.headers)
    response = responder.answer(HttpRequest(request.method, request.url, headers, body if body is not None else b""))
    return AWSResponse(request.url, response.status, response.headers, _raw(response.body))


def _botocore_headers(headers) -> Headers:
    """botocore's HeadersDict keeps each name's lower-case form: reuse it instead of iterating the mapping."""
    stored = getattr(headers, "_dict", None)
    if stored is None:
        return Headers((k, v.decode("latin-1") if isinstance(v, bytes) else v) for k, v in headers.items())
    return Headers.from_lowercase(
        {key._lower: value.decode("latin-1") if isinstance(value, bytes) else value for key, value in stored.items()}
    )


def _raw(body: bytes | Iterable[bytes]) -> io.RawIOBase | io.BytesIO:
    """The `raw` of a botocore response; a whole body is read from memory at C speed."""
    if isinstance(body, (bytes, bytearray)):
        return _BytesBody(body)
    return _RawBody(body)


class _BytesBody(io.BytesIO):
    """A response body already in memory."""

    def stream(self, amt: int = 1 << 20) -> Iterator[bytes]:
        while chunk := self.read(amt):
            yield chunk


class _RawBody(io.RawIOBase):
    """The `raw` of a botocore response: a readable stream over an iterable of chunks.

    Streaming downloads read it piece by piece (StreamingBody.read(amt)), so a
    large object never has to be joined in memory.
    """

    def __init__(self, body: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks: Iterator[bytes] = iter(body)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def read(self, amt: int | None = None) -> bytes:
        if amt is None or amt < 0:
            data = self._pending + b"".join(self._chunks)
            self._pending = b""
            return data
        while len(self._pending) < amt:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._pending += chunk
        data, self._pending = self._pending[:amt], self._pending[amt:]
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def stream(self, amt: int = 1 << 20) -> Iterator[bytes]:
        while chunk := self.read(amt):
            yield chunk


#: The requests callback is registered for every URL; its matcher (`_intercepted`) picks ours.
_ANY_HTTP_URL = re.compile(r"^https?://")


class RequestsInterceptor:
    """A `responses` mock that answers AWS URLs and lets everything else through."""

    def __init__(self) -> None:
        self._mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        self._default_real_send = self._mock._real_send
        self._mock.add_passthru("http")  # only consulted when no AWS callback matched
        for method in ("GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS"):
            self._mock.add_callback(method, _ANY_HTTP_URL, callback=self._answer, match=[self._intercepted])
        self._lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        with self._lock:
            if not self._started:
                self._mock.start()
                self._started = True

    def stop(self) -> None:
        with self._lock:
            if self._started:
                self._mock.stop(allow_assert=False)
                self._started = False

    def use_real_send(self, user_mock: responses.RequestsMock | None) -> None:
        """Send non-AWS requests through the user's own `responses` mock (Moto's FAQ case)."""
        self._mock._real_send = self._default_real_send if user_mock is None else user_mock.unbound_on_send()

    @staticmethod
    def _intercepted(prepared) -> tuple[bool, str]:
        """responses matcher: URLs we don't answer fall through to the passthrough (the network)."""
        return _responder(prepared.url) is not None, "not answered by moto-shared"

    @staticmethod
    def _answer(prepared):
        responder = _responder(prepared.url)
        if responder is None:  # the mock stopped between matching and answering
            raise ConnectionError(f"moto-shared: no mock is active for {prepared.url}")
        body = prepared.body
        if body is None:
            body = b""
        elif isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):
            body = b"".join(body) if not hasattr(body, "read") else body
        request = HttpRequest(prepared.method, prepared.url, Headers(prepared.headers.items()), body)
        response = responder.answer(request)
        payload = response.body if isinstance(response.body, bytes) else b"".join(response.body)
        return response.status, response.headers, payload


requests_interceptor = RequestsInterceptor()
