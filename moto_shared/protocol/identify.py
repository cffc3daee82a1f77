"""Which service, region and account key a request is for.

Runs on every call, before any model is needed. The evidence, strongest first:

1. `X-Amz-Target` (json protocols): its prefix is the service's `targetPrefix`.
2. The SigV4 credential scope (`Authorization: ... Credential=AKID/date/region/
   service/aws4_request`, or a presigned URL's `X-Amz-Credential`): its service
   part is the model's `signingName` (default `endpointPrefix`).
3. The host (`cognito-idp.us-east-1.amazonaws.com`, `bucket.s3.amazonaws.com`):
   its labels hold the `endpointPrefix`, for unsigned calls.

Lookups go first to an index over the implemented services only (built from
their metadata, never their full models), then to a lazily built index over
every botocore service, so an unimplemented service is still named.
"""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from datetime import datetime, timedelta, timezone
from typing import Mapping, NamedTuple, Sequence
from urllib.parse import urlsplit

from moto_shared.protocol.http import Headers, get_header
from moto_shared.protocol.models import available_services, service_metadata
from moto_shared.services import IMPLEMENTED

DEFAULT_REGION = "us-east-1"

_REGION = re.compile(r"^[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d+$")
_AWS_DOMAINS = (".amazonaws.com", ".amazonaws.com.cn", ".api.aws", ".c2s.ic.gov", ".sc2s.sgov.gov", ".amazonaws.eu")
#: Host labels that sit between the endpoint prefix and the domain.
_ENDPOINT_VARIANTS = frozenset({"dualstack", "fips"})
#: Signing names S3's endpoint rules use for some operations, that no model declares.
_SIGNING_NAME_ALIASES = {"s3express": "s3", "s3-object-lambda": "s3"}
#: Query parameters of presigned URLs: authentication, never operation input.
PRESIGN_QUERY_KEYS = frozenset(
    {
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Date",
        "X-Amz-Expires",
        "X-Amz-SignedHeaders",
        "X-Amz-Signature",
        "X-Amz-Security-Token",
        "AWSAccessKeyId",
        "Signature",
        "Expires",
    }
)


#: Comma-separated base URLs of S3-compatible endpoints (MinIO, Ceph, gateways) answered as S3, as Moto
#: does; read per request so it can be set while a mock is active.
CUSTOM_S3_ENDPOINTS_ENV = "MOTO_S3_CUSTOM_ENDPOINTS"


def custom_s3_hosts() -> set[str]:
    """The hosts (with port, if any) named by MOTO_S3_CUSTOM_ENDPOINTS."""
    endpoints = os.environ.get(CUSTOM_S3_ENDPOINTS_ENV, "")
    return {urlsplit(url.strip()).netloc.lower() for url in endpoints.split(",") if url.strip()}


class Identity(NamedTuple):
    """What the request says about where it is going and who sent it.

    service: botocore service name, or None if nothing matched.
    claimed: the name the request used for the service (signing name, target
        prefix or host), for an error message when service is None.
    host_prefix: host labels left of the endpoint prefix (S3's virtual-host bucket).
    presigned_expires_at: when a presigned URL stops being valid.
    """

    service: str | None
    region: str
    access_key_id: str | None
    claimed: str | None = None
    host_prefix: str = ""
    presigned_expires_at: datetime | None = None


class _ServiceIndex:
    """Service names by target prefix, signing name and endpoint prefix."""

    def __init__(self, service_names: Sequence[str]) -> None:
        self.by_target: dict[str, str] = {}
        self.by_signing_name: dict[str, list[str]] = {}
        self.by_endpoint_prefix: dict[str, list[str]] = {}
        for name in service_names:
            metadata = service_metadata(name)
            endpoint_prefix = metadata.get("endpointPrefix", name)
            if "targetPrefix" in metadata:
                self.by_target.setdefault(metadata["targetPrefix"], name)
            self.by_signing_name.setdefault(metadata.get("signingName", endpoint_prefix), []).append(name)
            self.by_endpoint_prefix.setdefault(endpoint_prefix, []).append(name)

    def resolve(self, target_prefix: str | None, signing_name: str | None, host_labels: Sequence[str]):
        """(service, host_prefix) or (None, "")."""
        if target_prefix is not None:
            return self.by_target.get(target_prefix), ""
        service_from_host, host_prefix = self._from_host(host_labels)
        if signing_name is not None:
            candidates = self.by_signing_name.get(signing_name)
            if not candidates:
                return None, ""
            if service_from_host in candidates:
                return service_from_host, host_prefix
            return (signing_name if signing_name in candidates else candidates[0]), host_prefix
        return service_from_host, host_prefix

    def _from_host(self, labels: Sequence[str]):
        """The longest run of labels that ends the host and is an endpoint prefix."""
        for start in range(len(labels)):
            candidates = self.by_endpoint_prefix.get(".".join(labels[start:]))
            if candidates:
                return candidates[0], ".".join(labels[:start])
        return None, ""


_index_lock = threading.Lock()
_indexes: dict[str, _ServiceIndex] = {}


def _index(which: str) -> _ServiceIndex:
    index = _indexes.get(which)
    if index is None:
        with _index_lock:
            index = _indexes.get(which)
            if index is None:
                names = list(IMPLEMENTED) if which == "implemented" else available_services()
                index = _indexes[which] = _ServiceIndex(names)
    return index


def _credential_scope(headers: Headers, query: Mapping[str, str]) -> tuple[str, ...] | None:
    """(access key, date, region, service, "aws4_request") from the header or a presigned URL."""
    authorization = get_header(headers, "authorization")
    if authorization:
        _, found, credential = authorization.partition("Credential=")
        if found:  # the credential ends at the next "," or " "
            return tuple(credential.split(",", 1)[0].split(" ", 1)[0].split("/"))
        if authorization.startswith("AWS "):  # SigV2 (old S3 clients): "AWS AKID:signature"
            return (authorization[4:].partition(":")[0],)
        return None
    credential = query.get("X-Amz-Credential")
    if credential:
        return tuple(credential.split("/"))
    if "AWSAccessKeyId" in query:
        return (query["AWSAccessKeyId"],)
    return None


def _presigned_expiry(query: Mapping[str, str]) -> datetime | None:
    """When a presigned URL expires: X-Amz-Date + X-Amz-Expires (SigV4) or Expires (SigV2)."""
    try:
        if "X-Amz-Expires" in query:
            signed_at = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
            return signed_at + timedelta(seconds=int(query["X-Amz-Expires"]))
        if "AWSAccessKeyId" in query and "Expires" in query:
            return datetime.fromtimestamp(int(query["Expires"]), timezone.utc)
    except (KeyError, ValueError, OverflowError):
        return None
    return None


def _host_labels(host: str) -> tuple[tuple[str, ...], str | None]:
    """(service labels of an AWS host, region named in the host).

    `bucket.s3.dualstack.us-west-2.amazonaws.com` -> (["bucket", "s3"], "us-west-2").
    S3's other endpoint labels are read as `s3` (a named quirk, see `_is_s3_endpoint_label`).
    """
    host = host.rpartition("@")[2].partition(":")[0].lower()
    for domain in _AWS_DOMAINS:
        if host.endswith(domain):
            labels = host[: -len(domain)].split(".")
            break
    else:
        return (), None
    region = None
    while labels and (_REGION.match(labels[-1]) or labels[-1] in _ENDPOINT_VARIANTS):
        if labels[-1] not in _ENDPOINT_VARIANTS:
            region = labels[-1]
        labels.pop()
    if labels and _is_s3_endpoint_label(labels[-1]):
        suffix = labels[-1][3:]
        if _REGION.match(suffix):
            region = suffix
        labels[-1] = "s3"
    return tuple(labels), region


def _is_s3_endpoint_label(label: str) -> bool:
    """S3's other endpoint labels: legacy `s3-us-west-2`, `s3-external-1`, S3 Express `s3express-usw2-az1`."""
    return (
        label == "s3-external-1"
        or label.startswith("s3express-")
        or bool(label.startswith("s3-") and _REGION.match(label[3:]))
    )


def _resolve(target_prefix: str | None, signing_name: str | None, host_labels: tuple[str, ...]):
    """(service, host_prefix): implemented services first, then every service botocore knows."""
    service, host_prefix = _index("implemented").resolve(target_prefix, signing_name, host_labels)
    if service is None:
        service, host_prefix = _index("all").resolve(target_prefix, signing_name, host_labels)
    return service, host_prefix


@lru_cache(maxsize=1024)
def _identity_of(scope: tuple[str, ...] | None, target: str | None, host: str) -> Identity:
    """The Identity of a credential scope, target and host, for a request that is not presigned.

    Remembered: a client sends the same few of them over and over.
    """
    scoped = scope is not None and len(scope) >= 4  # SigV2 names only the access key
    signing_name = scope[3] if scoped else None
    signing_name = _SIGNING_NAME_ALIASES.get(signing_name, signing_name)
    target_prefix = target.rpartition(".")[0] if target else None
    labels, host_region = _host_labels(host)
    service, host_prefix = _resolve(target_prefix, signing_name, labels)
    return Identity(
        service=service,
        region=(scope[2] if scoped else None) or host_region or DEFAULT_REGION,
        access_key_id=scope[0] if scope else None,
        claimed=target_prefix or signing_name or (".".join(labels) if labels else None) or host or None,
        host_prefix=host_prefix,
    )


def identify(headers: Headers, host: str, query: Mapping[str, str]) -> Identity:
    """Identify the service, region and access key of a request (see module docstring)."""
    identity = _identity_of(_credential_scope(headers, query), get_header(headers, "x-amz-target"), host)
    if identity.service is None and host.lower() in custom_s3_hosts():
        # unsigned or SigV2 requests to a custom endpoint: its host is all we have
        identity = identity._replace(service="s3")
    if "X-Amz-Signature" in query or "Signature" in query:
        identity = identity._replace(presigned_expires_at=_presigned_expiry(query))
    return identity
