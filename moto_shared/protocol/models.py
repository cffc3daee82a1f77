"""Our own loader for botocore's service models.

We read botocore's data directory directly instead of going through a
botocore Session: a Session's loader hands out cached dicts that botocore
mutates after a client's first call (S3's PutObject requestUri turns into
`/{Key+}`), so a model shared with live clients can't be trusted for parsing.

Two things are loaded lazily and cached once per process:

* full service models (`load_service_model`), newest API version, with the
  `service-2.sdk-extras.json` merge applied as botocore's client applies it,
  and, for a request in another protocol the service still accepts (SQS's
  legacy query requests), the model as that protocol speaks it;
* service metadata only (`service_metadata`), read from the first few KB of
  the model file, which is all request identification needs. Reading the
  metadata of every service this way takes tens of milliseconds, where
  loading every model would take seconds.
"""

from __future__ import annotations

import gzip
import json
import os
import threading
from functools import lru_cache
from typing import Any

import botocore
from botocore.model import ServiceModel

from moto_shared.protocol import sqs_legacy

DATA_DIR = os.path.join(os.path.dirname(botocore.__file__), "data")
_MODEL_FILES = ("service-2.json.gz", "service-2.json")
_EXTRAS_FILE = "service-2.sdk-extras.json"

_lock = threading.Lock()
_models: dict[tuple[str, str | None], ServiceModel] = {}

#: Named quirks that complete a model as it is read: service -> fn(model dict). See each module.
_MODEL_QUIRKS = {sqs_legacy.SERVICE_NAME: sqs_legacy.add_legacy_error_codes}
#: Named quirks giving a json service's shapes their query-era wire names: service -> fn(model dict).
_QUERY_NAME_QUIRKS = {sqs_legacy.SERVICE_NAME: sqs_legacy.add_query_names}


class UnknownService(LookupError):
    """botocore has no model for this service name."""


@lru_cache(maxsize=None)
def model_directory(service_name: str) -> str:
    """The directory of the newest API version of a service that has a model."""
    service_dir = os.path.join(DATA_DIR, service_name)
    try:
        versions = sorted(os.listdir(service_dir), reverse=True)
    except (FileNotFoundError, NotADirectoryError):
        raise UnknownService(service_name) from None
    for version in versions:
        directory = os.path.join(service_dir, version)
        if any(os.path.exists(os.path.join(directory, name)) for name in _MODEL_FILES):
            return directory
    raise UnknownService(service_name)


def _open_model_file(directory: str):
    gz_path = os.path.join(directory, _MODEL_FILES[0])
    if os.path.exists(gz_path):
        return gzip.open(gz_path, "rb")
    return open(os.path.join(directory, _MODEL_FILES[1]), "rb")


def _merge(target: dict, extra: dict) -> None:
    """Deep-merge botocore's sdk-extras into a model, as botocore's loader does."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


def _read_model(service_name: str) -> dict[str, Any]:
    directory = model_directory(service_name)
    with _open_model_file(directory) as handle:
        model = json.load(handle)
    extras_path = os.path.join(directory, _EXTRAS_FILE)
    if os.path.exists(extras_path):
        with open(extras_path, "rb") as handle:
            _merge(model, json.load(handle).get("merge", {}))
    quirk = _MODEL_QUIRKS.get(service_name)
    if quirk is not None:
        quirk(model)
    return model


def _speaking(model: dict[str, Any], service_name: str, protocol: str) -> dict[str, Any]:
    """The model as `protocol` speaks it, for a service modelled in another protocol it still accepts.

    The query flavour wraps every output in `<Operation>Result` (the awsQuery
    convention, absent from json models) and takes the legacy member names
    from the service's named quirk, if it has one.
    """
    model["metadata"]["protocol"] = protocol
    model["metadata"]["protocols"] = [protocol]
    if protocol == "query":
        for name, operation in model["operations"].items():
            if "output" in operation:
                operation["output"].setdefault("resultWrapper", f"{name}Result")
        quirk = _QUERY_NAME_QUIRKS.get(service_name)
        if quirk is not None:
            quirk(model)
    return model


def load_service_model(service_name: str, protocol: str | None = None) -> ServiceModel:
    """The ServiceModel of a botocore service (newest API version), loaded once per process.

    protocol: the wire protocol of the request being answered, when it is not
    the model's own (`parsers.py` decides that the service accepts it); the
    model returned then parses and serializes that protocol.
    Raises UnknownService if botocore has no such service.
    """
    key = (service_name, protocol)
    model = _models.get(key)
    if model is not None:
        return model
    with _lock:
        model = _models.get(key)
        if model is None:
            description = _read_model(service_name)
            if protocol is not None:
                description = _speaking(description, service_name, protocol)
            model = _models[key] = ServiceModel(description, service_name=service_name)
    return model


_METADATA_KEY = b'"metadata"'
_HEAD_SIZE = 8192


@lru_cache(maxsize=None)
def service_metadata(service_name: str) -> dict[str, Any]:
    """A service's `metadata` block, read without parsing the whole model.

    Model files put `metadata` near the top, so decompressing the first few
    KB is enough; we fall back to the full model if it isn't there.
    """
    with _open_model_file(model_directory(service_name)) as handle:
        head = handle.read(_HEAD_SIZE)
    start = head.find(_METADATA_KEY)
    if start >= 0:
        text = head[start + len(_METADATA_KEY) :].decode("utf-8", "replace").lstrip(" \t\r\n:")
        try:
            return json.JSONDecoder().raw_decode(text)[0]
        except ValueError:
            pass  # metadata longer than the head: read the whole file
    return _read_model(service_name)["metadata"]


@lru_cache(maxsize=1)
def available_services() -> tuple[str, ...]:
    """Every service botocore ships a model for, by data directory name."""
    names = []
    for name in sorted(os.listdir(DATA_DIR)):
        try:
            model_directory(name)
        except UnknownService:
            continue
        names.append(name)
    return tuple(names)
