"""The wire layer: HTTP request -> (operation, params); result or error -> HTTP response.

Everything here is driven by botocore's service models, loaded by our own
loader (`models.py`). Services never import from this package except the
types they need; the dispatcher (`moto_shared.core.dispatch`) calls:

    parsed = parse_request(http_request)          # ParsedRequest or AWSError
    response = serialize_result(parsed.operation_model, result, request_id=...)
    response = serialize_error(parsed.service_model, error, request_id=...)
"""

from moto_shared.protocol.http import Headers, HttpRequest, HttpResponse, ResultWithStatus
from moto_shared.protocol.models import load_service_model
from moto_shared.protocol.parsers import ParsedRequest, parse_request
from moto_shared.protocol.serializers import serialize_error, serialize_result

__all__ = [
    "Headers",
    "HttpRequest",
    "HttpResponse",
    "ParsedRequest",
    "ResultWithStatus",
    "load_service_model",
    "parse_request",
    "serialize_error",
    "serialize_result",
]
