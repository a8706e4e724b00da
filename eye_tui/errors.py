"""Our exceptions. Callers catch these, never httpx, sqlite3 or feedparser errors.

Every message is one line a resident can act on.
"""


class EyeError(Exception):
    """Base of every error eye-tui reports to the user."""


class FetchError(EyeError):
    """The network did not give us the document (refused, timed out, too big, HTTP error)."""


class NotAFeedError(EyeError):
    """We got a document, but it is not an RSS/Atom feed (an HTML page, an empty body...)."""


class ArchiveError(EyeError):
    """The local archive cannot be opened or written."""


class ArchiveCorruptError(ArchiveError):
    """The archive file exists but is not a usable eye-tui database."""


class UsageError(EyeError):
    """The user asked for something that cannot be (bad month, unknown post id...)."""
