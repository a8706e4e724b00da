"""Which links may be handed to a browser: only web and mail, never file:, javascript:, data:."""

from urllib.parse import urlsplit

OPENABLE_SCHEMES = ("http", "https", "mailto")


def can_open(url: str) -> bool:
    return urlsplit(url.strip()).scheme.lower() in OPENABLE_SCHEMES
