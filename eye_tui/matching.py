"""Which words of a text a search matches: one rule for the list's snippets and the
reading pane's highlights, so what the search found is what the resident sees marked."""

import re

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 32  # more words than anyone types; a pasted essay is cut here
# A character that is neither part of a word nor sentence punctuation: "%", "(", "*", "£".
_SYMBOL = re.compile(r"[^\w\s'’‘\-‐–—.,:;!?]")


def query_words(query: str) -> list[str]:
    return WORD.findall(query)[:MAX_WORDS]


def literal_parts(query: str) -> list[str]:
    """What the query asks for as typed, beyond its words: "50%", "(((", a lone '"'.

    The search index keeps words only, so these are checked against the text itself.
    Quotes around words are the usual phrase habit, and sentence punctuation ("don't",
    "e-mail", "Enderby,") is not what anyone means to find: neither counts."""
    parts = []
    for token in query.split()[:MAX_WORDS]:
        inner = token.strip("\"'")
        if inner and _SYMBOL.search(inner):
            parts.append(inner.lower())
        elif not inner:
            parts.append(token.lower())  # only quotes: find the quotes
    return parts


def match_pattern(query: str) -> re.Pattern[str] | None:
    """Whole words of the query, any case; the last may still be being typed, so it
    matches as a prefix. None when the query has no words."""
    words = query_words(query)
    if not words:
        return None
    wanted = [re.escape(word) for word in words]
    wanted[-1] += r"\w*"
    return re.compile(r"\b(?:" + "|".join(wanted) + r")\b", re.IGNORECASE)
