"""Three measurements of where the wall-clock gap to the floor comes from, beyond instruction counts.

* **In place vs warm**: how long our mock takes to answer a request inside a real boto3 call,
  between botocore's own work, against the same request answered again straight after, when
  the processor's caches hold our code and data. Their ratio is what interleaving with botocore
  costs us, which `benchmarks.instructions` can't show.
* **Redis round trip after idle work**: one store read after the process has computed for a
  while without talking to Redis, as it does between calls while botocore builds and parses.
* **Waiting for Redis**: per call of each workload on a real Redis, the round trips sent and the
  time from sending each to its last reply, which only fewer round trips or a faster loopback
  shorten.
"""

from __future__ import annotations

import contextlib
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import Iterator

from benchmarks.clients import Clients
from benchmarks.workloads import Workload

#: Each request is answered this many more times, straight after the real one; the fastest counts as warm.
WARM_REPEATS = 3
#: The label of each request one call of a workload makes (default: one request, named after the workload);
#: None for a request that can't be answered twice the same way (a receipt handle works once: a second
#: DeleteMessage would take the "already deleted" path).
REQUEST_LABELS = {"sqs send+receive+delete": ("SendMessage", "ReceiveMessage", None)}
IDLE_GAPS_US = (0, 100, 300, 1000)


@dataclass(frozen=True)
class HandlerCost:
    """Median seconds our mock takes to answer one request: in place, and answered again at once."""

    request: str
    in_place: float
    warm: float

    @property
    def ratio(self) -> float:
        return self.in_place / self.warm


def handler_costs(workloads: list[Workload], store_url: str, calls: int) -> list[HandlerCost]:
    """In-place and warm answer times of every request the workloads make (see the module's docstring)."""
    costs = []
    for workload in workloads:
        try:
            samples = _timed_answers(workload, store_url, calls)
        except Exception:  # noqa: BLE001 - as in `latency`: a service still being built must not stop the run
            continue  # its latency cells already say why; it gets no row here
        for label, pairs in samples.items():
            costs.append(HandlerCost(label, statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)))
    return costs


def _timed_answers(workload: Workload, store_url: str, calls: int) -> dict[str, list[tuple[float, float]]]:
    """(in place, warm) seconds of each repeatable request, by label, over `calls` calls of the workload."""
    from moto_shared import mock_aws
    from moto_shared.core import mock
    from moto_shared.protocol import HttpRequest

    labels = REQUEST_LABELS.get(workload.name, (workload.name,))
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in labels if label}
    with mock_aws(store=store_url):
        clients = Clients()
        state = workload.prepare(clients)
        workload.run(clients, state)
        activation = mock.current()
        answer = activation.answer
        position = 0

        def timed(request: HttpRequest):
            nonlocal position
            label = labels[position % len(labels)]
            position += 1
            if hasattr(request.body, "read"):  # botocore's streaming upload: read once, answer from bytes
                request = HttpRequest(request.method, request.url, request.headers, request.body.read())
            start = time.perf_counter()
            response = answer(request)
            in_place = time.perf_counter() - start
            if label:
                warm = []
                for _ in range(WARM_REPEATS):
                    start = time.perf_counter()
                    answer(request)
                    warm.append(time.perf_counter() - start)
                samples[label].append((in_place, min(warm)))
            return response

        activation.answer = timed
        try:
            for _ in range(calls):
                workload.run(clients, state)
        finally:
            del activation.answer
    return samples


@dataclass(frozen=True)
class RedisWait:
    """Per call of a workload on a real Redis: round trips, seconds from each one's send to its last reply,
    and the whole call's seconds in the same pass."""

    workload: str
    round_trips: float
    waiting: float
    call: float

    @property
    def share(self) -> float:
        """The part of the call spent waiting: taken within one pass, so a slow stretch weighs on both sides."""
        return self.waiting / self.call if self.call else 0.0


def redis_waits(workloads: list[Workload], store_url: str, calls: int) -> list[RedisWait]:
    """How many round trips each workload's call makes to Redis, and how long it waits on them.

    Counted on redis-py's connections, where every command or pipeline our Redis adapter sends
    passes (each send is one round trip), so the count is the adapter's, not a claim of ours.
    """
    from moto_shared import mock_aws

    waits = []
    for workload in workloads:
        try:
            with mock_aws(store=store_url):
                clients = Clients()
                state = workload.prepare(clients)
                for _ in range(3):  # table and queue guesses, Lua script loaded: the steady state
                    workload.run(clients, state)
                with _round_trips_timed() as timer:
                    start = time.perf_counter()
                    for _ in range(calls):
                        workload.run(clients, state)
                    elapsed = time.perf_counter() - start
        except Exception:  # noqa: BLE001 - as in `handler_costs`
            continue
        waits.append(RedisWait(workload.name, timer.sends / calls, timer.waiting / calls, elapsed / calls))
    return waits


class _RoundTripTimer:
    """Round trips seen on redis-py connections: a send starts one, the last reply read before the next ends it."""

    def __init__(self) -> None:
        self.sends = 0
        self.waiting = 0.0
        self._sent_at: float | None = None
        self._replied_at: float | None = None

    def sent(self) -> None:
        self.close()
        self.sends += 1
        self._sent_at = time.perf_counter()

    def replied(self) -> None:
        self._replied_at = time.perf_counter()

    def close(self) -> None:
        if self._sent_at is not None and self._replied_at is not None:
            self.waiting += self._replied_at - self._sent_at
        self._sent_at = self._replied_at = None


@contextlib.contextmanager
def _round_trips_timed() -> Iterator[_RoundTripTimer]:
    from redis.connection import AbstractConnection

    timer = _RoundTripTimer()
    send, read = AbstractConnection.send_packed_command, AbstractConnection.read_response

    def timed_send(self, *args, **kwargs):
        timer.sent()
        return send(self, *args, **kwargs)

    def timed_read(self, *args, **kwargs):
        reply = read(self, *args, **kwargs)
        timer.replied()
        return reply

    AbstractConnection.send_packed_command, AbstractConnection.read_response = timed_send, timed_read
    try:
        yield timer
    finally:
        AbstractConnection.send_packed_command, AbstractConnection.read_response = send, read
        timer.close()


def round_trip_after_idle(store_url: str, samples: int = 500) -> dict[int, float]:
    """Median seconds of one record read on store_url after computing for each of IDLE_GAPS_US microseconds."""
    from moto_shared.store import open_store

    store = open_store(store_url)
    name = f"bench-idle-{uuid.uuid4().hex[:12]}"
    namespace = store.namespace(name)
    try:
        medians = {}
        for gap in IDLE_GAPS_US:
            times = []
            for _ in range(samples):
                _compute_for(gap / 1e6)
                start = time.perf_counter()
                namespace.get("absent")
                times.append(time.perf_counter() - start)
            medians[gap] = statistics.median(times)
        return medians
    finally:
        store.wipe_namespace(name)
        store.close()


def _compute_for(seconds: float) -> None:
    """Keep the processor busy in this process, as botocore's work between two calls does."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass
