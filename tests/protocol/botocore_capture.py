"""Real botocore clients whose requests are captured instead of sent.

A `before-send` handler answers every request with an empty 200 and keeps
the prepared request as an HttpRequest, converted the way the interception
hook does (str headers, the body object as botocore hands it over). So the
parser is tested on exactly what a client sends: endpoint rules, S3 virtual
hosts, aws-chunked bodies, checksums and all.
"""

from __future__ import annotations

import boto3
from botocore import xform_name
from botocore.awsrequest import AWSResponse
from botocore.config import Config

from moto_shared.protocol.http import Headers, HttpRequest


class CapturingClient:
    """A boto3 client that records the HttpRequest of each call instead of sending it."""

    def __init__(self, service: str, region: str = "us-west-2", **config) -> None:
        self.requests: list[HttpRequest] = []
        self.client = boto3.client(
            service,
            region_name=region,
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret",
            config=Config(retries={"max_attempts": 1}, **config),
        )
        self.client.meta.events.register("before-send", self._capture)

    def _capture(self, request, **_) -> AWSResponse:
        headers = Headers(
            (key, value.decode() if isinstance(value, bytes) else value) for key, value in request.headers.items()
        )
        self.requests.append(
            HttpRequest(request.method, request.url, headers, request.body if request.body is not None else b"")
        )
        return AWSResponse(request.url, 200, {}, None)

    def request_for(self, operation_name: str, params: dict) -> HttpRequest:
        """The HttpRequest the client sends for one call (its response parsing errors don't matter here)."""
        self.requests.clear()
        method = getattr(self.client, xform_name(operation_name))
        try:
            method(**params)
        except Exception:  # noqa: BLE001 - the canned empty 200 may not parse; the request is what we want
            if not self.requests:
                raise
        return self.requests[-1]
