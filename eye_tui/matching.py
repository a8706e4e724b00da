"""Which words of a text a search matches: one rule for the list's snippets and the
reading pane's highlights, so what the search found is what the resident sees marked."""

import re

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 32  # more words than anyone types; a pasted essay is cut here


def query_words(query: str) -> list[str]:
    return WORD.findall(query)[:MAX_WORDS]


def match_pattern(query: str) -> re.Pattern[str] | None:
    """Whole words of the query, any case; the last may still be being typed, so it
    matches as a prefix. None when the query has no words."""
    words = query_words(query)
    if not words:
        return None
    wanted = [re.escape(word) for word in words]
    wanted[-1] += r"\w*"
    return re.compile(r"\b(?:" + "|".join(wanted) + r")\b", re.IGNORECASE)
