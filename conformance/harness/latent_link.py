"""A TCP relay on loopback that delivers everything late, like a long-distance or mobile link: each
chunk, and the end of each direction's stream, arrives ``delay_secs`` after it was sent. So a
request a client sends on a kept-alive connection reaches the server that much later, and a close
by the server reaches the client that much later too: the window in which real clients race a
server that closes idle connections.
"""

from __future__ import annotations

import queue
import socket
import time

from harness.loopback import TcpRelay

CHUNK_BYTES = 16 * 1024


class LatentLink(TcpRelay):
    def __init__(self, upstream_port: int, delay_secs: float):
        super().__init__(upstream_port)
        self.delay_secs = delay_secs

    def _relay(self, client: socket.socket, server: socket.socket) -> None:
        for source, sink in ((client, server), (server, client)):
            in_flight: queue.Queue = queue.Queue()
            self._spawn(self._receive, source, in_flight)
            self._spawn(self._deliver, in_flight, sink)

    def _receive(self, source: socket.socket, in_flight: queue.Queue) -> None:
        try:
            while data := source.recv(CHUNK_BYTES):
                in_flight.put((time.monotonic() + self.delay_secs, data))
        except OSError:
            pass  # a reset ends the stream like a close
        in_flight.put((time.monotonic() + self.delay_secs, b""))

    @staticmethod
    def _deliver(in_flight: queue.Queue, sink: socket.socket) -> None:
        while True:
            due, data = in_flight.get()
            time.sleep(max(0.0, due - time.monotonic()))
            try:
                if not data:
                    sink.shutdown(socket.SHUT_WR)
                    return
                sink.sendall(data)
            except OSError:
                return
