"""Full-text search: turning what a person typed into a safe FTS5 query."""

import re

# Highlight markers around matched words in snippets. They are control characters, which
# clean_text removes from every stored text, so feed text can never fake one.
MATCH_START = "\x02"
MATCH_END = "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)
# Title matches count for more than body matches.
RANK = "bm25(post_search, 8.0, 1.0)"
SNIPPET = f"snippet(post_search, 1, '{MATCH_START}', '{MATCH_END}', '…', 16)"


def fts_query(text: str) -> str:
    """Words only, each quoted: FTS5 operators typed by a person are searched as words.

    The last word matches as a prefix, so results follow the typing.
    """
    words = _WORD.findall(text)[:32]
    if not words:
        return ""
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def plain_snippet(snippet: str) -> str:
    return snippet.replace(MATCH_START, "").replace(MATCH_END, "")
