"""Documents linked from posts (the parish newsletter, council leaflets), saved for
offline reading: PDF first, also Word and OpenDocument files, from the site's own host.

A document is kept only if its first bytes say it is what its name says (a PDF starts
"%PDF-"; .docx and .odt are zip files; .doc an OLE file). It is written under a name
made from its hash and a cleaned copy of its file name, to a temporary name first, so
no path from a feed leaves the documents folder and a cut download leaves nothing.
"""

import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from eye_tui.archive import Archive, SavedDocument
from eye_tui.errors import Cancelled, EyeError, FetchError
from eye_tui.files import KeepReport, write_whole
from eye_tui.links import LinkKind, host_of, kind_of

MAX_BYTES = 50 * 1024 * 1024
_MAGIC = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
}
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class DocumentError(FetchError):
    """Not a document we keep (another kind of file, too large...)."""


def document_links(links: Sequence[str], post_link: str) -> list[str]:
    """The post's links to documents on its own site (a lookalike host never counts)."""
    site = host_of(post_link)
    return [
        url
        for url in dict.fromkeys(links)
        if _suffix(url) in _MAGIC
        and kind_of(url) in (LinkKind.PDF, LinkKind.DOCUMENT)
        and site
        and (host_of(url) == site or host_of(url).endswith("." + site))
    ]


def check_document(url: str, data: bytes) -> str:
    """The file's suffix, if its bytes are what its name says; DocumentError otherwise."""
    suffix = _suffix(url)
    if len(data) > MAX_BYTES:
        raise DocumentError(f"larger than {MAX_BYTES // 1024 // 1024} MB")
    if not any(data.startswith(magic) for magic in _MAGIC.get(suffix, ())):
        raise DocumentError(f"not a {suffix[1:].upper()} file (its first bytes say otherwise)")
    return suffix


def file_name(url: str, data: bytes, suffix: str) -> str:
    """'<hash>-<cleaned name>.pdf': readable in a file manager, never a path."""
    stem = PurePosixPath(unquote(urlsplit(url).path)).stem
    cleaned = _SAFE.sub("-", stem).strip("-._")[:60] or "document"
    return f"{hashlib.sha256(data).hexdigest()[:12]}-{cleaned}{suffix}"


def fetch_documents(
    archive: Archive,
    get: Callable[[str], bytes],
    wanted: Sequence[tuple[str, int]],
    budget_bytes: int,
    by_hand: bool = False,
) -> KeepReport:
    """Save the documents at `wanted` ((address, post key) pairs) not saved yet."""
    report = KeepReport()
    saved = archive.documents_for([url for url, _ in wanted])
    first_post: dict[str, int] = {}
    for url, key in wanted:
        first_post.setdefault(url, key)  # linked from several posts: saved once, for the first
    for url, post in first_post.items():
        if url in saved and (archive.documents_folder / saved[url].file).exists():
            report.already_here += 1
            continue
        if report.bytes >= budget_bytes:
            report.over_budget += 1
            continue
        try:
            data = get(url)
            suffix = check_document(url, data)
            name = file_name(url, data, suffix)
            write_whole(archive.documents_folder, name, data)
        except Cancelled:
            raise
        except EyeError as problem:
            report.refuse(url, str(problem))
            continue
        archive.store_document_file(SavedDocument(url, name, len(data), post, by_hand=by_hand))
        report.fetched += 1
        report.bytes += len(data)
    return report


def _suffix(url: str) -> str:
    try:
        return PurePosixPath(unquote(urlsplit(url).path)).suffix.lower()
    except ValueError:
        return ""
