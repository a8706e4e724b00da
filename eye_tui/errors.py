"""Our exceptions. Callers catch these, never httpx, sqlite3 or feedparser errors.

Every message is one line a resident can act on.
"""


class EyeError(Exception):
    """Base of every error eye-tui reports to the user."""


class FetchError(EyeError):
    """The network did not give us the document (refused, timed out, too big, HTTP error)."""


class AskedToWait(FetchError):
    """The site asked us (Retry-After) not to come back before `until` (unix time)."""

    def __init__(self, message: str, until: float) -> None:
        super().__init__(message)
        self.until = until


class NotAFeedError(EyeError):
    """We got a document, but it is not an RSS/Atom feed (an HTML page, an empty body...)."""


class ArchiveError(EyeError):
    """The local archive cannot be opened or written."""


class ArchiveUnchangedError(ArchiveError):
    """A change could not be saved this time (a full disk, the archive read-only or busy in
    another program): the archive is as it was, and can still be read."""


class ArchiveCorruptError(ArchiveError):
    """The archive file exists but is not a usable eye-tui database."""


class ConfigError(EyeError):
    """A setting cannot be used (config.toml, environment or --feed): exit 1, one line."""


class UsageError(EyeError):
    """The user asked for something that cannot be (bad month, unknown post id...)."""


class Cancelled(EyeError):
    """The refresh was stopped on purpose (quitting, Ctrl+C): what was stored is kept."""

    def __init__(self, message: str = "stopped; what was fetched before is kept") -> None:
        super().__init__(message)
