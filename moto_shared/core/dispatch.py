"""One request in, one response out: parse, build the context, run the operation, serialize.

This is the only place that catches everything: whatever happens inside a
service, the caller gets an AWS-shaped response, never a Python traceback.
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
from urllib.parse import urlsplit

from moto_shared.context import RequestContext
from moto_shared.core import accounts, ids, regions
from moto_shared.errors import AWSError, not_implemented
from moto_shared.protocol import (
    HttpRequest,
    HttpResponse,
    ResultWithStatus,
    parse_request,
    serialize_error,
    serialize_result,
)
from moto_shared.services import IMPLEMENTED, find_operation
from moto_shared.store.base import Namespace

logger = logging.getLogger(__name__)

def handle(request: HttpRequest, store: Namespace, config: dict | None = None) -> HttpResponse:
    """Answer one AWS request from the given namespace."""
    request_id = ids.random_uuid()
    public = _public_route(request, store, request_id)
    if public is not None:
        return public
    try:
        parsed = parse_request(request)
    except AWSError as error:
        return _serialize_error_without_model(getattr(error, "service_model", None), error, request_id)
    service_model, operation_model = parsed.service_model, parsed.operation_model
    try:
        if not regions.is_known_region(parsed.region):
            raise AWSError(
                "SignatureDoesNotMatch",
                f"Credential should be scoped to a valid region. '{parsed.region}' is not an AWS region "
                f"(moto-shared: set {regions.ALLOW_NONEXISTENT_REGION_ENV}=true to allow it).",
                403,
            )
        ctx = _context(request, parsed, store, request_id, config or {})
        if ctx.presigned_expires_at is not None and ctx.presigned_expires_at < ctx.now():
            raise AWSError("AccessDenied", "Request has expired", 403)
        operation = find_operation(ctx.service, operation_model.name)
        if operation is None:
            raise not_implemented(ctx.service, operation_model.name)
        result = operation(ctx, **parsed.params)
        response = serialize_result(operation_model, result or {}, request_id=request_id)
        if isinstance(result, ResultWithStatus):
            response.status = result.status
        if parsed.respond is not None:
            response = parsed.respond(response)
        return response
    except AWSError as error:
        return serialize_error(service_model, error, request_id=request_id, operation_model=operation_model)
    except Exception as exc:  # noqa: BLE001 - the user's application must get an AWS error, not our traceback
        logger.exception("moto-shared failed on %s.%s", service_model.service_name, operation_model.name)
        error = AWSError(
            "InternalFailure",
            f"moto-shared raised {type(exc).__name__}: {exc} (see the 'moto_shared' logger for the traceback)",
            500,
            sender_fault=False,
        )
        return serialize_error(service_model, error, request_id=request_id, operation_model=operation_model)


def _context(request: HttpRequest, parsed, store: Namespace, request_id: str, config: dict) -> RequestContext:
    url = urlsplit(request.url)
    return RequestContext(
        service=parsed.service_model.service_name,
        operation=parsed.operation_model.name,
        region=parsed.region,
        account_id=accounts.resolve_account_id(store, parsed.access_key_id, request.headers),
        request_id=request_id,
        store=store,
        partition=regions.partition_of(parsed.region),
        access_key_id=parsed.access_key_id,
        host=url.netloc,
        scheme=url.scheme or "https",
        headers=request.headers,
        config=config,
        presigned_expires_at=parsed.presigned_expires_at,
    )


def _serialize_error_without_model(service_model, error: AWSError, request_id: str) -> HttpResponse:
    """Errors found before we know the service: a model-driven error if we can, else AWS's generic XML."""
    if service_model is not None:
        return serialize_error(service_model, error, request_id=request_id)
    body = (
        "<ErrorResponse><Error><Type>Sender</Type>"
        f"<Code>{_xml_escape(error.code)}</Code><Message>{_xml_escape(error.message)}</Message>"
        f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
    ).encode()
    return HttpResponse(error.status or 400, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id}, body)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@functools.lru_cache(maxsize=None)
def _public_routes_of(service: str) -> tuple:
    """An implemented service's PUBLIC_ROUTES, looked up once: most GETs ask."""
    return tuple(getattr(importlib.import_module(IMPLEMENTED[service]), "PUBLIC_ROUTES", ()))


def _public_route(request: HttpRequest, store: Namespace, request_id: str) -> HttpResponse | None:
    """Unsigned, unmodelled endpoints a service publishes (Cognito's JWKS), answered as JSON.

    A service lists them as PUBLIC_ROUTES = [(method, compiled path regex, fn(ctx, match) -> dict)].
    """
    if request.method != "GET":
        return None
    url = urlsplit(request.url)
    host = url.hostname or ""
    service = host.split(".", 1)[0]
    if service not in IMPLEMENTED:
        return None
    for method, pattern, fn in _public_routes_of(service):
        match = pattern.match(url.path)
        if method == request.method and match:
            region = host.split(".")[1] if host.count(".") >= 3 else "us-east-1"
            ctx = RequestContext(
                service=service,
                operation=fn.__name__,
                region=region,
                account_id=accounts.default_account_id(),
                request_id=request_id,
                store=store,
                partition=regions.partition_of(region),
                host=url.netloc,
                scheme=url.scheme,
                headers=request.headers,
            )
            try:
                document = fn(ctx, match)
            except AWSError as error:
                body = json.dumps({"__type": error.code, "message": error.message}).encode()
                return HttpResponse(error.status or 400, {"Content-Type": "application/json"}, body)
            body = json.dumps(document).encode()
            return HttpResponse(200, {"Content-Type": "application/json", "Content-Length": str(len(body))}, body)
    return None
