"""Where SQS keeps things in the store, and how URLs and ARNs name a queue.

Per queue (all scoped to the owner's account and region):

* record ``queue|<name>``: name, ARN, FIFO flag, attributes, tags, timestamps.
* record ``message|<name>|<id>``: one message, with its receive state.
* score index ``visible|<name>``: message id -> time it can next be received
  (send time + delay, or receive time + visibility timeout). Standard queues
  receive from it; both kinds count from it.
* score index ``delayed|<name>``: message id -> end of its delay, for messages
  not received yet, so ApproximateNumberOfMessagesDelayed needs no scan.
* FIFO only: score index ``groups|<name>``: group -> time its head can be
  received (the end of the lock while one of its messages is in flight);
  score index ``group|<name>|<group>``: message id -> sequence number;
  records ``dedup|...``, ``attempt|...`` (swept through the ``expiring``
  score index) and the ``sequence`` counter.

A receipt handle is base64("<message id>:<receive token>"): the id finds the
message, and the token, renewed on every receive, tells a current handle from
a stale one.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import functools
import re
from typing import Any
from urllib.parse import urlparse, urlsplit

from moto_shared.context import RequestContext
from moto_shared.services.sqs import exceptions
from moto_shared.store.base import Reads

ACCOUNT_ID = re.compile(r"^\d{12}$")


class QueueRef:
    """One queue's keys: `scope` is a context of the queue owner's account and region."""

    __slots__ = ("scope", "name", "_prefix")

    def __init__(self, scope: RequestContext, name: str) -> None:
        self.scope, self.name = scope, name
        # ctx.key joins its parts with "|", so every key of the scope starts with this:
        # building it once makes each key below one concatenation.
        self._prefix = scope.key("")

    @property
    def record(self) -> str:
        return f"{self._prefix}queue|{self.name}"

    @property
    def visible(self) -> str:
        return f"{self._prefix}visible|{self.name}"

    @property
    def delayed(self) -> str:
        return f"{self._prefix}delayed|{self.name}"

    @property
    def groups(self) -> str:
        return f"{self._prefix}groups|{self.name}"

    @property
    def sequence(self) -> str:
        return f"{self._prefix}sequence|{self.name}"

    @property
    def expiring(self) -> str:
        """Score index of dedup and receive-attempt record keys by expiry, so sends can sweep them."""
        return f"{self._prefix}expiring|{self.name}"

    @property
    def arrivals(self) -> str:
        """The topic long polls wait on."""
        return f"{self._prefix}arrivals|{self.name}"

    @property
    def dead_letter_sources(self) -> str:
        """Lex index of the names of queues whose RedrivePolicy targets this one."""
        return f"{self._prefix}dead-letter-sources|{self.name}"

    @property
    def fifo(self) -> bool:
        """Whether it is a FIFO queue, known without reading it: only FIFO queue names end in ".fifo"."""
        return self.name.endswith(".fifo")

    @property
    def arn(self) -> str:
        return f"arn:{self.scope.partition}:sqs:{self.scope.region}:{self.scope.account_id}:{self.name}"

    @property
    def url(self) -> str:
        domain = "amazonaws.com.cn" if self.scope.partition == "aws-cn" else "amazonaws.com"
        return f"https://sqs.{self.scope.region}.{domain}/{self.scope.account_id}/{self.name}"

    def message(self, message_id: str) -> str:
        return f"{self._prefix}message|{self.name}|{message_id}"

    def group(self, group_id: str) -> str:
        return f"{self._prefix}group|{self.name}|{group_id}"

    def dedup(self, group_scope: str, dedup_id: str) -> str:
        """Dedup record key; the scope is length-prefixed because group ids may contain '|'."""
        return f"{self._prefix}dedup|{self.name}|{len(group_scope)}:{group_scope}|{dedup_id}"

    def attempt(self, attempt_id: str) -> str:
        return f"{self._prefix}attempt|{self.name}|{attempt_id}"

    def load(self, reads: Reads) -> dict[str, Any]:
        """The queue record, or QueueDoesNotExist."""
        return found_queue(reads.get(self.record))


def found_queue(queue: dict[str, Any] | None) -> dict[str, Any]:
    """A queue record as read, or QueueDoesNotExist if there was none."""
    if queue is None:
        raise exceptions.queue_does_not_exist()
    return queue


def queue_names_index(ctx: RequestContext) -> str:
    """Lex index of the queue names of the caller's account and region."""
    return ctx.key("queue-names")


def ref_by_name(ctx: RequestContext, name: str, owner: str | None = None) -> QueueRef:
    scope = ctx if owner in (None, ctx.account_id) else dataclasses.replace(ctx, account_id=owner)
    return QueueRef(scope, name)


def ref_by_url(ctx: RequestContext, url: str) -> QueueRef:
    """The queue a QueueUrl names: any host, the path gives account and name.

    SQS also takes a bare queue name (the caller's own queue), and a URL
    with no path names no queue at all.
    """
    owner, name = owner_and_name(url)
    return ref_by_name(ctx, name, owner)


@functools.lru_cache(maxsize=1024)
def owner_and_name(url: str) -> tuple[str | None, str]:
    """(account or None for the caller's, queue name) of a QueueUrl; cached, as clients repeat their URLs."""
    if "/" not in url:
        return None, url
    # urlparse (which also cuts off ";params") is only needed when there are some.
    path = (urlparse(url) if ";" in url else urlsplit(url)).path.strip("/")
    if not path:
        raise exceptions.queue_does_not_exist()
    parts = path.split("/")
    if len(parts) != 2 or not ACCOUNT_ID.match(parts[0]) or not parts[1]:
        raise exceptions.invalid_address(url)
    return parts[0], parts[1]


def parse_arn(arn: str) -> tuple[str, str, str, str] | None:
    """(partition, region, account, name) of an SQS queue ARN, or None if it isn't one."""
    parts = arn.split(":")
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "sqs" or not ACCOUNT_ID.match(parts[4]) or not parts[5]:
        return None
    return parts[1], parts[3], parts[4], parts[5]


def ref_by_arn(ctx: RequestContext, arn: str) -> QueueRef | None:
    """The queue an ARN names, or None if it isn't an SQS queue ARN."""
    parts = parse_arn(arn)
    if parts is None:
        return None
    partition, region, account_id, name = parts
    return QueueRef(dataclasses.replace(ctx, partition=partition, region=region, account_id=account_id), name)


def encode_receipt_handle(message_id: str, token: str) -> str:
    return base64.b64encode(f"{message_id}:{token}".encode()).decode()


def decode_receipt_handle(handle: str) -> tuple[str, str] | None:
    """(message id, receive token), or None for anything we never issued."""
    try:
        message_id, token = base64.b64decode(handle, validate=True).decode().split(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not message_id or not token:
        return None
    return message_id, token
