"""What the three *Batch operations share: request-level checks and per-entry results."""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping, Sequence

from moto_shared.errors import AWSError
from moto_shared.services.sqs import exceptions

BATCH_ENTRY_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def check_batch(entries: Sequence[Mapping[str, Any]], entry_shape: str) -> None:
    """The whole-request errors every *Batch operation shares."""
    if not entries:
        raise exceptions.empty_batch_request(entry_shape)
    if len(entries) > exceptions.MAX_BATCH_ENTRIES:
        raise exceptions.too_many_entries_in_batch_request(len(entries))
    seen = set()
    for entry in entries:
        entry_id = entry.get("Id", "")
        if not BATCH_ENTRY_ID.match(entry_id):
            raise exceptions.invalid_batch_entry_id()
        if entry_id in seen:
            raise exceptions.batch_entry_ids_not_distinct(entry_id)
        seen.add(entry_id)


def run_batch(entries: Sequence[Mapping[str, Any]], handle: Callable[[Mapping[str, Any]], dict]) -> dict:
    """Apply handle to each entry; its AWSErrors become Failed entries instead of failing the request."""
    successful, failed = [], []
    for entry in entries:
        try:
            successful.append({"Id": entry["Id"], **handle(entry)})
        except AWSError as error:
            failed.append({"Id": entry["Id"], "SenderFault": True, "Code": error.code, "Message": error.message})
    return {"Successful": successful, "Failed": failed}
