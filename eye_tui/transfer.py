"""Watching downloads at the socket: the stall rule and cancelling at once.

A slow link is fine; a stalled one is not. Every byte a request reads (headers included)
is counted. A watchdog looks every quarter second: while requests are in flight and the
link as a whole (all of this refresh's connections together: on a slow shared link one
connection waits behind the others' bytes) received fewer than `min_rate` bytes a second
over the last `window` seconds, the link has stalled and every socket is shut down. A
trickle of a byte every two seconds on each connection still ends. A request sent and not
answered by a single byte in a whole window was lost on the way: it alone is ended (and
asked again, net.py), while the others' bytes come on. `cancel()` shuts every
socket at once, so quitting never waits for the network. Shutting a socket (not closing
it) is what wakes a thread blocked in `recv`.
"""

import functools
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

TICK = 0.25  # seconds between the watchdog's looks


@dataclass(eq=False)  # compared and hashed by identity: each is one request
class Transfer:
    """One request on its way: bytes in the current window, and why it was stopped."""

    sock: socket.socket | None = None
    stopped: str | None = None  # "stalled" or "cancelled" once the watchdog acted
    # The body's size as the site declared it (Content-Length), and how much of it has
    # come: what is still to come tells the resident how long a slow page will take.
    declared: int | None = None
    body_read: int = 0
    received: int = 0  # every byte of the answer so far, headers included
    sent_at: float | None = None  # when the request first went out (time.monotonic)

    @property
    def to_come(self) -> int | None:
        return None if self.declared is None else max(0, self.declared - self.body_read)

    def stop(self, reason: str) -> None:
        self.stopped = reason
        if self.sock is not None:
            with suppress(OSError):  # already closed: nothing is blocked on it
                self.sock.shutdown(socket.SHUT_RDWR)


class Watchdog:
    """Stall rule and cancellation for every request of one Fetcher."""

    def __init__(
        self,
        window: float,
        min_rate: float,
        on_tick: Callable[[int, int | None, float], None] | None = None,
    ) -> None:
        self.window = window
        self.min_rate = min_rate
        self.received_total = 0  # every byte read, for live progress
        self._on_tick = on_tick
        self.cancelled = threading.Event()
        self._local = threading.local()
        self._active: set[Transfer] = set()  # guarded by _lock
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._window_started = time.monotonic()
        self._window_bytes = 0  # all transfers together, since _window_started
        self._heard_at = time.monotonic()  # the last bytes read, or the last request made
        self._thread = threading.Thread(target=self._watch, name="eye-tui-watchdog", daemon=True)
        self._thread.start()

    @contextmanager
    def transfer(self) -> Iterator[Transfer]:
        """Count what this thread reads as one transfer, for as long as the block runs."""
        current = Transfer()
        with self._lock:
            self._active.add(current)
            self._heard_at = time.monotonic()  # silence counts from the asking
        self._local.transfer = current
        if self.cancelled.is_set():
            current.stop("cancelled")
        try:
            yield current
        finally:
            self._local.transfer = None
            with self._lock:
                self._active.discard(current)

    def cancel(self) -> None:
        """Stop every request now; new ones stop as soon as they start."""
        self.cancelled.set()
        self.stop_active()

    def stop_active(self) -> None:
        """Stop the requests on their way now; new ones go ahead."""
        with self._lock:
            active = list(self._active)
        for transfer in active:
            transfer.stop("cancelled")

    def close(self) -> None:
        self._stop.set()

    def bytes_to_come(self) -> int | None:
        """Body bytes the requests on their way have still to read, if every one of them
        has declared its size; None while any has not (or none is on its way)."""
        with self._lock:
            left = [t.to_come for t in self._active if not t.stopped]
        if not left or None in left:
            return None
        return sum(n for n in left if n is not None)

    # -- called from the socket wrapper, on the reading thread ---------------------------

    def reading(self, sock: socket.socket | None) -> None:
        current: Transfer | None = getattr(self._local, "transfer", None)
        if current is not None:
            current.sock = sock
            if current.sent_at is None:
                current.sent_at = time.monotonic()
            if current.stopped:
                current.stop(current.stopped)

    def received(self, size: int) -> None:
        current: Transfer | None = getattr(self._local, "transfer", None)
        if current is not None:
            current.received += size
        with self._lock:
            self._window_bytes += size
            self.received_total += size
            self._heard_at = time.monotonic()

    # -- the watchdog's own thread -------------------------------------------------------

    def _watch(self) -> None:
        while not self._stop.wait(TICK):
            now = time.monotonic()
            with self._lock:
                active = [t for t in self._active if not t.stopped]
                # How long the site has said nothing while asked: 0 when nothing is asked.
                silent = now - self._heard_at if active else 0.0
                # Not a byte back in a whole window: this request was lost on the way,
                # whatever the others bring (their bytes would hide it from the rule below).
                lost = [t for t in active if _unanswered(t, now, self.window)]
                stalled = False
                if not active:  # time spent storing pages, between requests, is not a stall
                    self._window_started, self._window_bytes = now, 0
                elif now - self._window_started >= self.window:
                    stalled = self._window_bytes < self.min_rate * self.window
                    self._window_started, self._window_bytes = now, 0
            if self._on_tick is not None:
                self._on_tick(self.received_total, self.bytes_to_come(), silent)
            for transfer in active if stalled else lost:
                transfer.stop("stalled")


def _unanswered(transfer: Transfer, now: float, window: float) -> bool:
    sent = transfer.sent_at
    return sent is not None and not transfer.received and now - sent >= window


class _WatchedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, watchdog: Watchdog) -> None:
        self._inner = inner
        self._watchdog = watchdog

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._watchdog.reading(self._inner.get_extra_info("socket"))
        data = self._inner.read(max_bytes, timeout)
        self._watchdog.received(len(data))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._watchdog.reading(self._inner.get_extra_info("socket"))
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        if ssl_context is _NOT_YET_LOADED:
            ssl_context = _verifying_context()
        upgraded = self._inner.start_tls(ssl_context, server_hostname, timeout)
        return _WatchedStream(upgraded, self._watchdog)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _WatchedBackend(httpcore.NetworkBackend):
    def __init__(self, watchdog: Watchdog) -> None:
        self._inner = httpcore.SyncBackend()
        self._watchdog = watchdog

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _WatchedStream(stream, self._watchdog)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _WatchedStream(
            self._inner.connect_unix_socket(path, timeout, socket_options), self._watchdog
        )

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


# Reading the certificate authorities costs ~40 ms, a tenth of a whole refresh of a plain
# http:// site that never needs them: the pool is given this stand-in, and the first TLS
# handshake swaps in the real context (verifying, with certifi's authorities as httpx's).
_NOT_YET_LOADED = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


@functools.cache
def _verifying_context() -> ssl.SSLContext:
    return httpx.create_ssl_context(trust_env=False)


def watched_transport(watchdog: Watchdog, limits: httpx.Limits) -> httpx.HTTPTransport:
    """An httpx transport whose sockets the watchdog can see and stop."""
    transport = httpx.HTTPTransport(verify=_NOT_YET_LOADED, limits=limits, trust_env=False)
    # httpx builds its httpcore pool without a way to pass a network backend; this is the
    # one place we reach inside it (the stall and cancel tests fail if it ever changes).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=_NOT_YET_LOADED,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_WatchedBackend(watchdog),
    )
    return transport
