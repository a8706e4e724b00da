"""Fetching documents over HTTP (httpx) with the limits a flaky village connection needs.

Conditional GET, gzip, a byte cap on both the wire and the decompressed body, at most five
redirects and only to http(s), bounded retries (after a 5xx or 429, honouring Retry-After,
and after a connection broken part-way). A slow link is never cut off while bytes keep
coming; a stalled one is (see transfer.py), and `cancel()` stops every download at once.
"""

import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from eye_tui import __version__
from eye_tui.errors import AskedToWait, Cancelled, EyeError, FetchError
from eye_tui.model import Validators
from eye_tui.transfer import Transfer, Watchdog, watched_transport
from eye_tui.unpacking import bounded_decoder

USER_AGENT = f"eye-tui/{__version__} (+terminal reader for the Enderby EYE)"
MAX_REDIRECTS = 5
_RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, 304 (not modified) or 404 (past the end of a paged feed)
    body: bytes
    content_type: str
    validators: Validators
    wire_bytes: int  # bytes that crossed the network, headers excluded
    # The few other headers anyone reads (KEPT_HEADERS), names in lower case.
    headers: Mapping[str, str] = field(default_factory=dict)
    # Reached only through permanent redirects (301, 308): the site says `url` is the
    # address from now on.
    moved: bool = False
    asked: str = ""  # the address asked for, before any redirect

    @property
    def kept_as(self) -> str:
        """The address its validators are kept under: the one that will be asked next
        time (the same as now, unless the site said it moved for good)."""
        return self.url if self.moved or not self.asked else self.asked


class _Redirect(NamedTuple):
    location: str
    permanent: bool


# WordPress names its REST API in Link, and counts a collection in X-WP-Total(Pages).
KEPT_HEADERS = ("link", "x-wp-total", "x-wp-totalpages")


def is_local(feed: str) -> bool:
    """True for a path or file:// URL; anything with another scheme goes to the network."""
    try:
        scheme = urlsplit(feed).scheme.lower()
    except ValueError:  # not a valid URL: the fetcher says so in one line
        return False
    return scheme == "file" or scheme == "" or (len(scheme) == 1 and feed[1:3] in (":\\", ":/"))


def read_local(feed: str, max_bytes: int) -> bytes:
    """Read a feed file from disk, with the same size cap as the network."""
    path = Path(unquote(urlsplit(feed).path) if feed.lower().startswith("file:") else feed)
    try:
        with path.expanduser().open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise FetchError(
            f"no such feed file: {str(path)[:120]} (for a web address, start it with http://)"
        ) from None
    except OSError as error:
        raise FetchError(f"cannot read feed file {path}: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise FetchError(f"feed file {path} is larger than the {_mb(max_bytes)} limit")
    return data


class Fetcher:
    """One HTTP client for one refresh: shared connections, one watchdog for stalls."""

    def __init__(
        self,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 60.0,
        stall_window: float = 30.0,
        min_rate: float = 64.0,
        max_bytes: int = 20 * 1024 * 1024,
        retries: int = 2,
        backoff: float = 0.5,
        on_bytes: Callable[[int, int | None, float], None] | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.retries = retries
        # A failing server (5xx) is asked again once per refresh, not once per page: a
        # 500 with an error page is usually a broken site, not a passing hiccup.
        self._server_retries_left = min(1, retries)
        self.backoff = backoff
        self.stall_window = stall_window
        self.min_rate = min_rate
        # on_bytes(total, to_come, silent) is called from the watchdog's thread a few times
        # a second: bytes read so far, body bytes still to come (None: not known), and
        # the seconds the site has said nothing while asked.
        self.watchdog = Watchdog(stall_window, min_rate, on_bytes)
        limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            transport=watched_transport(self.watchdog, limits),
            trust_env=False,
        )

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.watchdog.close()
        self._client.close()

    def cancel(self) -> None:
        """Stop every download now, from any thread; the calls in flight raise Cancelled."""
        self.watchdog.cancel()

    def stop_downloads(self) -> None:
        """Stop the downloads on their way now, from any thread (their calls raise
        Cancelled); later ones go ahead, unlike after cancel()."""
        self.watchdog.stop_active()

    def stop_if_cancelled(self) -> None:
        """Raise Cancelled once cancel() was called: a walk stops between its pages too,
        not only in a download."""
        if self.watchdog.cancelled.is_set():
            raise Cancelled()

    def get(
        self,
        url: str,
        validators: Validators | None = None,
        *,
        same_host: bool = False,
        accept: tuple[int, ...] = (),
    ) -> Fetched:
        """GET with retries for 5xx/429 and for a connection that broke part-way; 404 is
        returned (it ends a paged walk), not raised.
        `same_host`: a redirect to another host is refused, not followed. `accept`: other
        statuses returned with their body rather than raised (an API's 400 or 401)."""
        attempt = 0
        while True:
            try:
                return self._get_following_redirects(
                    url, validators or Validators(), same_host, accept
                )
            except _Retryable as busy:
                attempt += 1
                wait = (
                    busy.retry_after
                    if busy.retry_after is not None
                    else self.backoff * 2 ** (attempt - 1)
                )
                # A wait longer than a stall would be is not worth holding the refresh
                # for: say how long the site asked for, so it is not asked before then.
                if busy.retry_after is not None and wait > self.stall_window:
                    raise AskedToWait(
                        f"{_host(url)} asks us to wait {_duration(wait)} (HTTP {busy.status})",
                        time.time() + wait,
                    ) from None
                server_error = busy.status >= 500
                if (
                    attempt > self.retries
                    or wait > self.stall_window
                    or (server_error and self._server_retries_left <= 0)
                ):
                    raise FetchError(busy.message) from None
                if server_error:
                    self._server_retries_left -= 1
                if self.watchdog.cancelled.wait(wait):
                    raise Cancelled() from None

    def _get_following_redirects(
        self, url: str, validators: Validators, same_host: bool, accept: tuple[int, ...]
    ) -> Fetched:
        first_host, asked = _host(url), url
        permanent = True
        for redirects in range(MAX_REDIRECTS + 1):
            _check_url(url, redirected=redirects > 0)
            if same_host and _host(url) != first_host:
                raise FetchError(f"it redirected to another site ({_host(url)}); not followed")
            fetched_or_redirect = self._get_once(url, validators, accept)
            if isinstance(fetched_or_redirect, Fetched):
                moved = redirects > 0 and permanent
                return replace(fetched_or_redirect, moved=moved, asked=asked)
            url = fetched_or_redirect.location
            permanent = permanent and fetched_or_redirect.permanent
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS}) from {_host(url)}")

    def _get_once(
        self, url: str, validators: Validators, accept: tuple[int, ...] = ()
    ) -> "Fetched | _Redirect":
        headers = {}
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        with self.watchdog.transfer() as transfer:
            try:
                if transfer.stopped:
                    raise Cancelled()
                with self._client.stream("GET", url, headers=headers) as response:
                    return self._read_response(url, response, transfer, accept)
            except httpx.TimeoutException as error:
                message = f"{_host(url)} did not answer in time"
                if isinstance(error, httpx.ConnectTimeout):  # no connection: said at once
                    raise self._stopped(transfer, url) or FetchError(message) from None
                # Silence on a connection made (read_timeout): a request lost on a flaky
                # link, asked again as a broken connection is.
                raise self._stopped(transfer, url) or _Retryable(message, None, BROKEN) from None
            except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as error:
                if "location header" in str(error).lower():  # "http://[::1": no retry mends it
                    raise FetchError(
                        f"{_host(url)} redirected to an address that is not a web address"
                    ) from None
                # The connection broke once made (reset, cut off mid-way): on a flaky link
                # the next try usually gets through. One never made is not tried again:
                # no network, or nothing listening, is no passing hiccup.
                raise self._stopped(transfer, url) or _Retryable(
                    f"cannot reach {_host(url)}: {_reason(error, url)}", None, BROKEN
                ) from None
            except (httpx.HTTPError, httpx.InvalidURL, ValueError, zlib.error, OSError) as error:
                raise self._stopped(transfer, url) or FetchError(
                    f"cannot reach {_host(url)}: {_reason(error, url)}"
                ) from None

    def _stopped(self, transfer: Transfer, url: str) -> "EyeError | _Retryable | None":
        """Our error for a transfer the watchdog ended (or, for a request lost with no
        answer at all, one to ask again), or None if the watchdog did not end it."""
        if transfer.stopped == "cancelled":
            return Cancelled()
        if transfer.stopped == "stalled" and not transfer.received:
            # Not a byte back: this request was lost, not slowed; ask again.
            return _Retryable(f"{_host(url)} did not answer in time", None, BROKEN)
        if transfer.stopped == "stalled":
            return FetchError(
                f"gave up on {_host(url)}: less than {self.min_rate:.0f} bytes a second "
                f"arrived for {self.stall_window:.0f} s; try again later "
                "(or raise stall_window in config.toml for a very slow link)"
            )
        return None

    def _read_response(
        self, url: str, response: httpx.Response, transfer: Transfer, accept: tuple[int, ...]
    ) -> "Fetched | _Redirect":
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            location = response.headers.get("Location")
            if not location:
                raise FetchError(f"{_host(url)} redirected without saying where")
            return _Redirect(urljoin(url, str(location)), status in (301, 308))
        if status in _RETRY_STATUSES:
            raise _Retryable(
                f"{_host(url)} is busy or failing (HTTP {status}); try again later",
                _retry_after(response.headers.get("Retry-After")),
                status,
            )
        new_validators = Validators(
            response.headers.get("ETag"), response.headers.get("Last-Modified")
        )
        content_type = response.headers.get("Content-Type", "")
        if status == 304:
            return Fetched(url, 304, b"", content_type, new_validators, 0)
        if status == 404 and 404 not in accept:
            return Fetched(url, 404, b"", content_type, new_validators, 0)
        if status != 200 and status not in accept:
            raise FetchError(f"{_host(url)} answered HTTP {status} for {url}")
        body, wire = self._read_body(url, response, transfer)
        kept = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
        return Fetched(url, status, body, content_type, new_validators, wire, kept)

    def _read_body(
        self, url: str, response: httpx.Response, transfer: Transfer
    ) -> tuple[bytes, int]:
        """Read the raw body, decompress it ourselves, and stop at the caps."""
        length = response.headers.get("Content-Length", "")
        transfer.declared = declared = int(length) if length.isdigit() else None
        if declared is not None and declared > self.max_bytes:
            raise FetchError(f"{_host(url)} sent a document over the {_mb(self.max_bytes)} limit")
        decoder = bounded_decoder(response.headers.get("Content-Encoding", "identity"), _host(url))
        parts: list[bytes] = []
        wire = size = 0
        for chunk in response.iter_raw():
            wire += len(chunk)
            transfer.body_read = wire
            if transfer.stopped:
                raise self._stopped(transfer, url) or Cancelled()
            if wire > self.max_bytes:
                raise FetchError(
                    f"{_host(url)} sent a document over the {_mb(self.max_bytes)} limit"
                )
            data = decoder(chunk, self.max_bytes + 1 - size) if decoder else chunk
            size += len(data)
            if size > self.max_bytes:
                raise FetchError(
                    f"{_host(url)} sent a document that unpacks to over {_mb(self.max_bytes)}"
                )
            parts.append(data)
        return b"".join(parts), wire


BROKEN = 0  # a _Retryable's status when there was no answer: the connection broke


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        self.status = status


def _duration(seconds: float) -> str:
    """'1 hour', '20 minutes', '45 seconds'."""
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if seconds >= size:
            count = round(seconds / size)
            return f"{count} {unit}{'s' * (count != 1)}"
    return "a moment"


def _check_url(url: str, redirected: bool) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise FetchError(f"not a web address: {url[:80]!r}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if redirected:
            raise FetchError(f"refusing to follow a link to a {scheme or 'relative'}: address")
        raise FetchError(f"not a web address (http or https): {url[:80]!r}")  # ftp://…
    if not parts.hostname:
        raise FetchError(f"not a web address (no host name): {url[:80]!r}")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url[:80]
    except ValueError:
        return url[:80]


def _reason(error: Exception, url: str) -> str:
    """What went wrong, in words: never a library's class name."""
    text = str(error).lower()
    if "certificate" in text:
        return "its security certificate could not be verified"
    # An https request answered in plain http: the server does not speak TLS there.
    if "wrong_version_number" in text or "unknown protocol" in text or "record layer" in text:
        return "the site does not answer securely (https); try the address with http://"
    if (
        "name or service not known" in text
        or "nodename nor servname" in text
        or "temporary failure in name resolution" in text
        or "name resolution" in text
    ):
        return "the address could not be looked up (no network?)"
    if "refused" in text:
        return "connection refused"
    if "reset" in text:
        return "the connection was reset"
    if "closed" in text or "incomplete" in text or "peer" in text or "disconnected" in text:
        return "the connection was cut off mid-way"
    if isinstance(error, zlib.error):
        return "it sent a corrupt compressed body"
    if isinstance(error, (httpx.InvalidURL, ValueError)):
        return "the address is not valid"
    return "the connection failed"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"
