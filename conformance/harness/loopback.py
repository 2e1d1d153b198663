"""A small TCP server on a free loopback port for test stand-ins (a slow relay, a recording
upstream): it accepts in a thread of its own, and closing it shuts every socket it opened and waits
(bounded) for every thread it started."""

from __future__ import annotations

import socket
import threading

from harness.servers import HOST

STOP_TIMEOUT_SECS = 5.0


class LoopbackServer:
    def __init__(self):
        self._listener = socket.create_server((HOST, 0))
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []

    def __enter__(self):
        self._spawn(self._accept_loop)
        return self

    def __exit__(self, *exc) -> None:
        for sock in [self._listener, *self._sockets]:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        for thread in self._threads:
            thread.join(STOP_TIMEOUT_SECS)

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        """Accepts connections until the listener is closed; keep accepted sockets in ``_sockets``."""
        raise NotImplementedError


class TcpRelay(LoopbackServer):
    """A loopback server that passes each connection on to ``upstream_port``: subclasses say how the
    bytes travel between the two sockets (``_relay``)."""

    def __init__(self, upstream_port: int):
        super().__init__()
        self.upstream_port = upstream_port

    def _accept_loop(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection((HOST, self.upstream_port))
            except OSError:
                client.close()
                continue
            self._sockets += [client, server]
            self._relay(client, server)

    def _relay(self, client: socket.socket, server: socket.socket) -> None:
        """Starts the threads that carry bytes both ways."""
        raise NotImplementedError
