"""A TCP relay on loopback whose client-to-server direction runs at a set speed, like a phone's uplink.

It passes bytes through untouched (TLS included), so a client connects to ``link.port`` with the
server's name and sees the server's certificate. A test slows an upload down to keep it in flight
while something else happens (a certificate renewal, a reload), watches ``uploaded`` to know the
upload is under way, then lifts the limit with ``set_rate(None)`` so the rest goes at full speed.
"""

from __future__ import annotations

import socket
import threading
import time

from harness.loopback import TcpRelay

CHUNK_BYTES = 16 * 1024


class SlowLink(TcpRelay):
    def __init__(self, upstream_port: int, bytes_per_second: float | None):
        super().__init__(upstream_port)
        self._rate = bytes_per_second
        self._uploaded = 0
        self._lock = threading.Lock()
        self._rate_changed = threading.Condition(self._lock)
        self._stopped = False

    @property
    def uploaded(self) -> int:
        """Bytes passed from clients to the server so far, over all connections."""
        with self._lock:
            return self._uploaded

    def set_rate(self, bytes_per_second: float | None) -> None:
        """A new limit for the client-to-server direction; None for none."""
        with self._rate_changed:
            self._rate = bytes_per_second
            self._rate_changed.notify_all()

    def __exit__(self, *exc) -> None:
        self._stopped = True
        with self._rate_changed:
            self._rate_changed.notify_all()
        super().__exit__(*exc)

    def _relay(self, client: socket.socket, server: socket.socket) -> None:
        self._spawn(self._pump, client, server, True)
        self._spawn(self._pump, server, client, False)

    def _pump(self, source: socket.socket, sink: socket.socket, limited: bool) -> None:
        try:
            while True:
                data = source.recv(CHUNK_BYTES)
                if not data:
                    break
                if limited:
                    self._wait_for_budget(len(data))
                sink.sendall(data)
        except OSError:
            pass
        finally:
            try:
                sink.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def _wait_for_budget(self, size: int) -> None:
        # Each chunk takes as long as it would at the current rate (per connection); set_rate() cuts
        # the wait short, so lifting the limit takes effect at once.
        with self._rate_changed:
            if self._rate is not None and not self._stopped:
                self._rate_changed.wait(size / self._rate)
            self._uploaded += size
