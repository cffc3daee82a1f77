"""What a service operation knows about the request it is answering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Mapping

from moto_shared.store.base import Namespace


@dataclass
class RequestContext:
    """Passed explicitly as the first argument of every operation function.

    store: the active namespace; every bit of service state lives there.
    host/scheme: how the client reached us, for URLs we hand back (QueueUrl).
    config: the `config=` of the active mock_aws (Moto's passthrough settings).
    """

    service: str
    operation: str
    region: str
    account_id: str
    request_id: str
    store: Namespace
    partition: str = "aws"
    access_key_id: str | None = None
    host: str = ""
    scheme: str = "https"
    headers: Mapping[str, str] = field(default_factory=dict)
    config: Mapping[str, Any] = field(default_factory=dict)
    #: For presigned URLs: when the signature stops being valid (tz-aware UTC), else None.
    presigned_expires_at: datetime | None = None

    def key(self, *parts: str, regional: bool = True) -> str:
        """A store key scoped to this service and account (and region unless regional=False).

        Only the last part may contain "|", which keeps keys unambiguous.
        """
        scope = (self.service, self.account_id, self.region) if regional else (self.service, self.account_id)
        return "|".join((*scope, *parts))

    @staticmethod
    def now() -> datetime:
        """The current UTC time, read at call time so that freezegun applies."""
        return datetime.now(timezone.utc)
