"""Which words of a text a search matches: one rule for the list's snippets and the
reading pane's highlights, so what the search found is what the resident sees marked."""

import re

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 32  # more words than anyone types; a pasted essay is cut here
# A character that is neither part of a word nor sentence punctuation: "%", "(", "*", "£".
_SYMBOL = re.compile(r"[^\w\s'’‘\-‐–—.,:;!?]")


# What follows the apostrophe in "don't", "Peter's", "we'll", where the search index
# splits a word: typed whole, never the start of a longer word.
_CONTRACTION_ENDS = frozenset({"s", "t", "d", "m", "ll", "re", "ve"})


def ends_a_contraction(text: str, word: re.Match[str]) -> bool:
    before = text[word.start() - 1 : word.start()] if word.start() else ""
    return before in ("'", "\u2019") and word.group().lower() in _CONTRACTION_ENDS


def query_words(query: str) -> list[str]:
    """The words to find and mark: a contraction's end ("s" of "Peter's") is left out,
    as it would mark every "s" of a post (and as a word being typed, every word in s)."""
    return _marked(query)[0]


def _marked(query: str) -> tuple[list[str], bool]:
    """The words to mark, and whether the last is a word still being typed."""
    found = list(WORD.finditer(query))[:MAX_WORDS]
    words = [word.group() for word in found if not ends_a_contraction(query, word)]
    if not words:  # "'s" alone: the ending is all there is to find
        return [word.group() for word in found], False
    return words, not ends_a_contraction(query, found[-1])


def has_something_to_find(query: str) -> bool:
    """Does the query hold a word, or a symbol searched as typed? Spaces and sentence
    punctuation alone ("!!!", "?") are in every post: searched, they would list all."""
    return WORD.search(query) is not None or bool(literal_parts(query))


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
    words, typing = _marked(query)
    if not words:
        return None
    wanted = [re.escape(word) for word in words]
    if typing:
        wanted[-1] += r"\w*"
    return re.compile(r"\b(?:" + "|".join(wanted) + r")\b", re.IGNORECASE)
