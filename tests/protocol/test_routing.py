"""The indexed routing table answers exactly as trying every route, most specific first, would."""

from __future__ import annotations

import re

import pytest

from moto_shared.protocol import load_service_model
from moto_shared.protocol.routing import _compile, routing_table

_LABEL = re.compile(r"\{([^}]+?)\+?\}")


def scan_every_route(routes, method, path, query, headers):
    """The reference: every route of the method, most specific first, the first that fits wins."""
    for route in routes:
        if route.operation.http.get("method", "POST").upper() != method:
            continue
        labels = route.match(path, query, headers)
        if labels is not None:
            return route.operation.name, labels
    return None


def requests_of(service_model):
    """For each operation, its URI filled in, with and without its query literals and required headers."""
    for name in service_model.operation_names:
        operation = service_model.operation_model(name)
        template = operation.http.get("requestUri", "/")
        path_template, _, query_template = template.partition("?")
        path = _LABEL.sub("a%2Fb", path_template)
        literals = dict(part.partition("=")[::2] for part in filter(None, query_template.split("&")))
        shape = operation.input_shape
        required_headers = {}
        if shape is not None:
            for member_name in shape.required_members:
                member = shape.members[member_name]
                if member.serialization.get("location") == "header":
                    required_headers[member.serialization.get("name", member_name).lower()] = "x"
        method = operation.http.get("method", "POST").upper()
        for query in ({}, literals, {**literals, "uploadId": "u", "partNumber": "1", "versionId": "v"}):
            for headers in ({}, required_headers):
                yield method, path, query, headers


@pytest.mark.parametrize("service", ["s3", "lambda", "route53", "apigateway"])
def test_indexed_routes_pick_what_a_full_scan_picks(service):
    service_model = load_service_model(service)
    table = routing_table(service_model)
    requests = list(requests_of(service_model))
    found = [table.find(method, path, query, headers) for method, path, query, headers in requests]
    routes = sorted(
        (_compile(service_model.operation_model(name)) for name in service_model.operation_names),
        key=lambda route: route.specificity,
        reverse=True,
    )
    expected = [scan_every_route(routes, *request) for request in requests]
    assert [(None if hit is None else (hit[0].name, hit[1])) for hit in found] == expected
    assert sum(hit is not None for hit in found) >= len(service_model.operation_names)
