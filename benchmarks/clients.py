"""boto3 clients for one implementation, and the recorded responses that make "the floor".

The floor is what botocore costs on its own: building, signing and parsing a
request whose response is replayed from memory by a `before-send` handler,
with no backend work at all. Responses are recorded once per operation from a
real mock, so the floor parses bodies of the same size as the implementations.
"""

from __future__ import annotations

import io
from typing import Callable

import boto3
from botocore.awsrequest import AWSResponse
from botocore.config import Config

REGION = "us-east-1"
#: Path-style S3 so that the same workloads also reach a server on 127.0.0.1.
CLIENT_CONFIG = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})

#: Called once on each new client, to register event handlers on it.
Instrument = Callable[[object], None]


class Clients:
    """One client per service, created on first use and reused (creation is not what we measure)."""

    def __init__(self, endpoint_url: str | None = None, instrument: Instrument | None = None) -> None:
        self._session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
        )
        self._endpoint_url = endpoint_url
        self._instrument = instrument
        self._clients: dict[str, object] = {}

    def __getitem__(self, service: str):
        client = self._clients.get(service)
        if client is None:
            client = self._session.client(service, endpoint_url=self._endpoint_url, config=CLIENT_CONFIG)
            if self._instrument is not None:
                self._instrument(client)
            self._clients[service] = client
        return client


class _ReplayedBody(io.BytesIO):
    """The `raw` of a replayed response: what botocore reads and streams from."""

    def stream(self, amt: int = 1 << 16):
        while chunk := self.read(amt):
            yield chunk


class Recorder:
    """Instruments clients to send through the active mock and keep each operation's last response."""

    def __init__(self) -> None:
        self.responses: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def __call__(self, client) -> None:
        endpoint = client._endpoint

        def record(request, event_name: str, **_) -> AWSResponse:
            response = endpoint._send(request)  # the hop botocore takes next: the active mock
            body = response.content
            self.responses[event_name] = (response.status_code, dict(response.headers), body)
            return AWSResponse(request.url, response.status_code, response.headers, _ReplayedBody(body))

        client.meta.events.register("before-send", record)


def replayer(responses: dict[str, tuple[int, dict[str, str], bytes]]) -> Instrument:
    """Instruments clients to answer every operation with its recorded response, doing nothing else.

    The request body is read first, as any transport reads it: botocore produces a
    streaming body (S3's aws-chunked framing and its CRC32 trailer) only as it is read,
    and that work is part of the client's cost, not the backend's.
    """

    def replay(request, event_name: str, **_) -> AWSResponse:
        if hasattr(request.body, "read"):
            request.body.read()
        status, headers, body = responses[event_name]
        return AWSResponse(request.url, status, headers, _ReplayedBody(body))

    return lambda client: client.meta.events.register("before-send", replay)
