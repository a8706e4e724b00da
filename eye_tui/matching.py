"""Which words of a text a search matches: one rule for the list's snippets and the
reading pane's highlights, so what the search found is what the resident sees marked."""

import re
from typing import NamedTuple

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


_QUOTE = re.compile('["\u201c\u201d]')  # around a phrase, typed plain or typographic
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


class Group(NamedTuple):
    """Words the query asks for together: one word, or a phrase in quotes."""

    words: list[re.Match[str]]
    left_out: bool  # after a minus: its posts are left out ("dog -fete")
    either: bool = False  # after OR: an alternative to the group before ("fete OR fair")


def word_groups(query: str) -> list[Group]:
    """The query's words as a person means them: each word alone, or the words in quotes
    together (a phrase); each with whether a minus before it leaves its posts out
    ("dog -fete", '-"dog show"'), and whether OR in capitals joins it to the one before
    ("fete OR fair"), as in a web search."""
    groups: list[Group] = []
    phrase_at = -1  # the phrase a word inside quotes joins (its count of quote marks)
    for word in list(WORD.finditer(query))[:MAX_WORDS]:
        quotes = list(_QUOTE.finditer(query, 0, word.start()))
        if len(quotes) % 2 and phrase_at == len(quotes):
            groups[-1].words.append(word)
        else:
            opening = quotes[-1].start() if len(quotes) % 2 else word.start()
            groups.append(Group([word], _after_a_minus(query, opening)))
        phrase_at = len(quotes) if len(quotes) % 2 else -1
    return _joined_by_or(groups)


def _joined_by_or(groups: list[Group]) -> list[Group]:
    """An OR between two groups asked for joins them; one typed last waits for the word
    after it. Anywhere else ("OR fete", "-fete OR dog") it is the word "or"."""
    joined: list[Group] = []
    for n, group in enumerate(groups):
        after = groups[n + 1] if n + 1 < len(groups) else None
        before = joined[-1] if joined else None
        if _is_or(group) and before is not None and not before.left_out:
            if after is None:
                continue
            if not after.left_out and not _is_or(after):
                groups[n + 1] = after._replace(either=True)
                continue
        joined.append(group)
    return joined


def _is_or(group: Group) -> bool:
    return not group.left_out and [word.group() for word in group.words] == ["OR"]


def _after_a_minus(query: str, at: int) -> bool:
    """A minus starting the token at `at`: "-fete", not "e-mail" or "2-1"."""
    return at > 0 and query[at - 1] == "-" and (at == 1 or query[at - 2].isspace())


def _marked(query: str) -> tuple[list[str], bool]:
    """The words to mark, and whether the last is a word still being typed."""
    found = [word for group in word_groups(query) if not group.left_out for word in group.words]
    words = [word.group() for word in found if not ends_a_contraction(query, word)]
    if not words:  # "'s" alone: the ending is all there is to find
        return [word.group() for word in found], False
    return words, not ends_a_contraction(query, found[-1])


def has_something_to_find(query: str) -> bool:
    """Does the query hold a word, or a symbol searched as typed? Spaces and sentence
    punctuation alone ("!!!", "?") are in every post: searched, they would list all."""
    wanted = any(not group.left_out for group in word_groups(query))
    return wanted or bool(literal_parts(query))


def literal_parts(query: str) -> list[str]:
    """What the query asks for as typed, beyond its words: "50%", "(((", a lone '"'.

    The search index keeps words only, so these are checked against the text itself.
    Quotes around words are the usual phrase habit, and sentence punctuation ("don't",
    "e-mail", "Enderby,") is not what anyone means to find: neither counts."""
    parts = []
    for token in query.split()[:MAX_WORDS]:
        inner = token.strip(_QUOTES)
        if inner.startswith("-") and len(inner) > 1:
            continue  # "-fete", '-"dog show"': left out, not looked for (word_groups)
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
