"""Serving the in-process fakeredis over TCP, so that child processes reach the same data.

The embedded default store lives in this process's memory. A child process
(spawned, or started with `python`) can't see that memory, so on demand we
start fakeredis's own TCP server on 127.0.0.1 in a daemon thread, serving the
very `FakeServer` the in-process client uses: both see each other's writes,
and WATCH/MULTI conflicts are detected across them.
"""

from __future__ import annotations

import select
import threading

import fakeredis
from fakeredis._clients._tcp_server import TCPFakeRequestHandler, encode_reply
from fakeredis._typing import RaiseErrorTypes


#: How often an idle connection's thread checks whether the server is shutting down.
_SHUTDOWN_POLL = 0.1
_RECEIVE_SIZE = 256 * 1024


class _BatchingHandler(TCPFakeRequestHandler):
    """fakeredis's handler, reworked for request/reply traffic: whole reads in, one write out.

    fakeredis's own handler reads line by line from a non-blocking socket and
    writes each reply separately, which costs several Python calls per line of
    every command. Here each read hands everything received to the fake
    socket's parser (it accepts any split of the stream), and every reply it
    produced goes back in one `sendall`, so a pipeline costs one read and one
    write. Nagle is off (else every pipeline stalls ~40 ms). Pushed replies
    (pub/sub, blocking commands) are not served: moto-shared uses neither.
    """

    disable_nagle_algorithm = True

    def handle(self) -> None:
        connection = self.connection
        connection.settimeout(None)
        client = self.current_client
        fake_socket = client.get_socket()
        shutting_down = self.server._shutdown_event
        while not shutting_down.is_set():
            if not select.select([connection], [], [], _SHUTDOWN_POLL)[0]:
                continue
            try:
                data = connection.recv(_RECEIVE_SIZE)
            except ConnectionError:
                return
            if not data:
                return
            unreadable = None
            try:
                fake_socket.sendall(data)
            except Exception as error:  # not the Redis protocol: answered with the error, then closed, as fakeredis does
                unreadable = error
            replies = []
            while client.can_read():
                try:
                    reply = client.read_response(disable_decoding=True)
                except RaiseErrorTypes as error:  # an error reply: sent, and the connection stays up
                    reply = error
                replies.append(encode_reply(reply, self.protocol_version))
            if unreadable is not None:
                replies.append(encode_reply(unreadable, self.protocol_version))
            if replies:
                connection.sendall(b"".join(replies))
            if unreadable is not None:
                return


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
        server.RequestHandlerClass = _BatchingHandler
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name="moto-shared-fakeredis", daemon=True).start()
        return server

    def stop(self) -> None:
        with self._lock:
            if self._tcp_server is not None:
                self._tcp_server.shutdown()
                self._tcp_server.server_close()
                self._tcp_server = None
