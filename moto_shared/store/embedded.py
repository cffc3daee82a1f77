"""Serving the in-process fakeredis over TCP, so that child processes reach the same data.

The embedded default store lives in this process's memory. A child process
(spawned, or started with `python`) can't see that memory, so on demand we
start fakeredis's own TCP server on 127.0.0.1 in a daemon thread, serving the
very `FakeServer` the in-process client uses: both see each other's writes,
and WATCH/MULTI conflicts are detected across them.
"""

from __future__ import annotations

import select
import socket
import threading

import fakeredis
from fakeredis._clients._tcp_server import TCPFakeRequestHandler


class _PatientSocketWriter:
    """Writes a whole reply to a non-blocking socket, waiting whenever its send buffer is full.

    fakeredis's handler makes the socket non-blocking (to poll reads), so its
    own `sendall` fails with BlockingIOError on any reply larger than the
    kernel's buffer (a 1 MiB blob chunk, a big MGET) and drops the connection.
    """

    def __init__(self, connection: socket.socket) -> None:
        self._connection = connection

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            try:
                view = view[self._connection.send(view):]
            except BlockingIOError:
                select.select([], [self._connection], [], 1.0)
        return len(data)

    def flush(self) -> None:
        """Every write is already on the wire."""


class _LowLatencyHandler(TCPFakeRequestHandler):
    """fakeredis's handler with Nagle off (else every pipeline stalls ~40 ms) and patient writes."""

    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.writer.writer = _PatientSocketWriter(self.connection)


class EmbeddedServer:
    """A TCP front for one FakeServer, started the first time its URL is asked for."""

    def __init__(self, fake_server: fakeredis.FakeServer) -> None:
        self._fake_server = fake_server
        self._lock = threading.Lock()
        self._tcp_server: fakeredis.TcpFakeServer | None = None

    def url(self) -> str:
        """redis://127.0.0.1:<port>/0, starting the server on a free port if it isn't running."""
        with self._lock:
            if self._tcp_server is None:
                self._tcp_server = self._start()
            host, port = self._tcp_server.server_address[:2]
            return f"redis://{host}:{port}/0"

    def _start(self) -> fakeredis.TcpFakeServer:
        server = fakeredis.TcpFakeServer(("127.0.0.1", 0))
        server.fake_server = self._fake_server
        server.RequestHandlerClass = _LowLatencyHandler
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name="moto-shared-fakeredis", daemon=True).start()
        return server

    def stop(self) -> None:
        with self._lock:
            if self._tcp_server is not None:
                self._tcp_server.shutdown()
                self._tcp_server.server_close()
                self._tcp_server = None
