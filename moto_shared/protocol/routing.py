"""REST routing: (method, path, query, headers) -> operation, by the model's requestUri templates.

A template such as `/{Bucket}/{Key+}?uploads` is compiled once, when a
service's routing table is first needed, into a path regex (`{Key+}` is
greedy and may contain `/`), the literal query keys it demands, and the
query keys and headers its required members demand. Routes are tried most
specific first, so `PUT /{Bucket}/{Key+}` with `partNumber` and `uploadId`
is UploadPart and without them PutObject.

S3 has over a hundred routes, most under `/{Bucket}` told apart by query
keys, so a table doesn't scan them all: it keeps, per request shape (method,
literal first path segment, which of the routes' query keys are present),
the routes that could fit, in the same most-specific-first order.

The same template syntax appears in endpoint host prefixes
(`{RequestRoute}.`), whose labels `host_label_reader` reads from the host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping
from urllib.parse import unquote

from botocore.model import OperationModel, ServiceModel

from moto_shared.protocol.model_cache import ModelCache

_LABEL = re.compile(r"\{([^}]+?)(\+?)\}")


@dataclass(frozen=True)
class Route:
    operation: OperationModel
    pattern: re.Pattern
    #: label names, in the order of the pattern's groups
    label_names: tuple[str, ...]
    #: query key -> literal value it must have (None: only present)
    query_literals: tuple[tuple[str, str | None], ...]
    required_query: tuple[str, ...]
    required_headers: tuple[str, ...]
    #: the first path segment when it is literal (None: a label), and the query keys the route can't match without
    first_segment: str | None
    query_keys: frozenset[str]
    #: sort key: more demands on the request, then more literal path, then no greedy label, then
    #: not deprecated (S3's GetBucketLifecycle and GetBucketLifecycleConfiguration share one URI)
    specificity: tuple[int, int, bool, bool]

    def match(self, path: str, query: Mapping[str, str], headers: Mapping[str, str]) -> dict[str, str] | None:
        """Percent-decoded label values if the request fits this route, else None."""
        for key, value in self.query_literals:
            if key not in query or (value is not None and query[key] != value):
                return None
        for key in self.required_query:
            if key not in query:
                return None
        for name in self.required_headers:
            if name not in headers:
                return None
        found = self.pattern.fullmatch(path)
        if found is None:
            return None
        if "%" in path:
            return {label: unquote(value) for label, value in zip(self.label_names, found.groups())}
        return dict(zip(self.label_names, found.groups()))


def template_regex(template: str, label_chars: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Regex text for a URI or host template, and its (label, group) pairs.

    `{Name}` matches one or more label_chars; a greedy `{Name+}` matches anything.
    """
    labels = []
    regex = []
    position = 0
    for number, found in enumerate(_LABEL.finditer(template)):
        regex.append(re.escape(template[position : found.start()]))
        group = f"g{number}"
        regex.append(f"(?P<{group}>.+)" if found.group(2) else f"(?P<{group}>{label_chars}+)")
        labels.append((found.group(1), group))
        position = found.end()
    regex.append(re.escape(template[position:]))
    return "".join(regex), tuple(labels)


def host_label_reader(operation: OperationModel) -> Callable[[str], dict[str, str]] | None:
    """Members bound to labels of the endpoint's hostPrefix (`foo.{label}.`), read from the host."""
    host_prefix = (operation.endpoint or {}).get("hostPrefix", "")
    if "{" not in host_prefix:
        return None
    regex, labels = template_regex(host_prefix, "[^.]")
    pattern = re.compile(regex)

    def read(host: str) -> dict[str, str]:
        found = pattern.match(host)
        return {} if found is None else {label: found.group(group) for label, group in labels}

    return read


def _compile(operation: OperationModel) -> Route:
    http = operation.http
    path_template, _, query_template = http.get("requestUri", "/").partition("?")
    regex, labels = template_regex(path_template, "[^/]")
    if not path_template.endswith("/"):
        regex += "/?"
    query_literals = []
    for part in filter(None, query_template.split("&")):
        key, has_value, value = part.partition("=")
        query_literals.append((key, value if has_value else None))
    required_query, required_headers = [], []
    input_shape = operation.input_shape
    if input_shape is not None:
        for name in input_shape.required_members:
            member = input_shape.members[name]
            location = member.serialization.get("location")
            if location == "querystring" and member.type_name != "map":
                required_query.append(member.serialization.get("name", name))
            elif location == "header" and not query_literals and member.type_name != "list":
                # A literal query key (`?attributes`) already names the operation, and an empty list
                # header is sent as nothing: neither may send the request to another route.
                required_headers.append(member.serialization.get("name", name).lower())
    first_segment = _first_segment(path_template)
    return Route(
        operation=operation,
        pattern=re.compile(regex),
        label_names=tuple(label for label, _ in labels),
        query_literals=tuple(query_literals),
        required_query=tuple(required_query),
        required_headers=tuple(required_headers),
        first_segment=None if "{" in first_segment else first_segment,
        query_keys=frozenset(key for key, _ in query_literals) | frozenset(required_query),
        specificity=(
            len(query_literals) + len(required_query) + len(required_headers),
            len(_LABEL.sub("", path_template)),
            not any(greedy for _, greedy in _LABEL.findall(path_template)),
            not operation.deprecated,
        ),
    )


def _first_segment(path: str) -> str:
    return path.split("/", 2)[1] if path.startswith("/") else path.split("/", 1)[0]


#: The route query keys present in a request without a query string.
_NO_KEYS: frozenset[str] = frozenset()
#: Request shapes remembered per table; the shapes a model allows are finite, this only bounds odd clients.
_MAX_CANDIDATE_LISTS = 1024


class RoutingTable:
    """The routes of one REST service, by HTTP method, most specific first."""

    def __init__(self, service_model: ServiceModel) -> None:
        by_method: dict[str, list[Route]] = {}
        for name in service_model.operation_names:
            route = _compile(service_model.operation_model(name))
            by_method.setdefault(route.operation.http.get("method", "POST").upper(), []).append(route)
        for routes in by_method.values():
            routes.sort(key=lambda route: route.specificity, reverse=True)
        self._by_method = by_method
        every_route = [route for routes in by_method.values() for route in routes]
        self._literal_segments = frozenset(route.first_segment for route in every_route) - {None}
        self._query_keys = frozenset().union(*(route.query_keys for route in every_route))
        self._candidates: dict[tuple[str, str | None, frozenset[str]], list[Route]] = {}

    def find(
        self, method: str, path: str, query: Mapping[str, str], headers: Mapping[str, str]
    ) -> tuple[OperationModel, dict[str, str]] | None:
        """(operation, label values) of the first route that fits, or None."""
        for route in self._routes_for(method.upper(), path, query):
            labels = route.match(path, query, headers)
            if labels is not None:
                return route.operation, labels
        return None

    def _routes_for(self, method: str, path: str, query: Mapping[str, str]) -> list[Route]:
        """The method's routes that this path's first segment and query keys leave possible, in order."""
        segment = _first_segment(path)
        shape = (
            method,
            segment if segment in self._literal_segments else None,
            self._query_keys.intersection(query) if query else _NO_KEYS,
        )
        candidates = self._candidates.get(shape)
        if candidates is None:
            _, literal_segment, present_keys = shape
            candidates = [
                route for route in self._by_method.get(method, ())
                if route.first_segment in (None, literal_segment) and route.query_keys <= present_keys
            ]
            if len(self._candidates) >= _MAX_CANDIDATE_LISTS:
                self._candidates.clear()
            self._candidates[shape] = candidates
        return candidates


#: The service's routing table, built on first use and kept as long as the model.
routing_table = ModelCache(RoutingTable)
