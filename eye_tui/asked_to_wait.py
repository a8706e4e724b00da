"""A site that asked us to wait (HTTP 429 or 503 with Retry-After): remembered in the
archive, so no refresh asks again before then, not even one started after a restart."""

import time
from datetime import datetime

from eye_tui.archive import Archive
from eye_tui.errors import AskedToWait

# Until when (unix time) the site asked us, by Retry-After, not to come back.
WAIT_KEY = "asked_to_wait_until"


def respect_wait(archive: Archive, manual: bool) -> str:
    """Raise AskedToWait for an automatic refresh (`manual=False`) while the site's wait
    lasts; a manual one asks anyway, and the notice returned says so ("" if no wait)."""
    stored = archive.get_meta(WAIT_KEY)
    until = float(stored) if stored and stored.isdigit() else 0.0
    if until <= time.time():
        return ""
    when = datetime.fromtimestamp(until).astimezone().strftime("%H:%M")
    if not manual:
        raise AskedToWait(
            f"the site asked us to wait until {when}; not asking before then "
            "(refresh by hand to ask anyway)",
            until,
        )
    return f"the site asked us to wait until {when}; asking anyway"


def remember_wait(archive: Archive, asked: AskedToWait | None) -> None:
    """Keep the wait the site asked for; None: it answered, so the wait is over."""
    until = None if asked is None else str(int(asked.until))
    if archive.get_meta(WAIT_KEY) != until:
        archive.set_meta(WAIT_KEY, until)
