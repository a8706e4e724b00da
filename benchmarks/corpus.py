"""Realistic generated WordPress content: village-news bodies, skewed tags, a few huge posts."""

import random
from datetime import UTC, datetime, timedelta

from eye_tui.model import Post, Tag
from eye_tui.text import slugify
from tests.site import SitePost

WORDS = (
    "Enderby",
    "parish",
    "council",
    "residents",
    "village",
    "police",
    "community",
    "meeting",
    "road",
    "school",
    "library",
    "consultation",
    "recycling",
    "Blaby",
    "district",
    "Leicestershire",
    "volunteers",
    "church",
    "hall",
    "planning",
    "application",
    "footpath",
    "bus",
    "service",
    "carnival",
    "fete",
    "allotments",
    "local",
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "is",
    "for",
    "on",
    "with",
    "that",
    "was",
    "at",
    "by",
    "from",
    "this",
    "will",
    "be",
    "have",
    "are",
    "has",
    "which",
    "their",
    "an",
    "been",
    "new",
    "said",
    "would",
    "there",
    "more",
    "about",
    "children",
    "families",
    "week",
    "month",
    "year",
    "event",
    "centre",
    "park",
    "charity",
    "fundraising",
    "officers",
    "neighbourhood",
)
SYLLABLES = (
    "al",
    "an",
    "ar",
    "ber",
    "by",
    "cal",
    "den",
    "der",
    "en",
    "fi",
    "gar",
    "ham",
    "ing",
    "kel",
    "la",
    "ley",
    "mor",
    "ne",
    "on",
    "pe",
    "ra",
    "ri",
    "ston",
    "ter",
    "ton",
    "vel",
    "wick",
    "wor",
)


def _vocabulary(size: int = 4000) -> tuple[list[str], list[float]]:
    """WORDS first (the most common), then made-up words; Zipf-like weights by rank."""
    rng = random.Random(11)
    words = list(WORDS)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    cumulative, total = [], 0.0
    for rank in range(1, size + 1):
        total += 1 / rank**1.05
        cumulative.append(total)
    return words, cumulative


VOCABULARY, _CUMULATIVE = _vocabulary()

BASE_TAGS = [
    "Leicestershire",
    "Enderby",
    "Police",
    "Blaby",
    "Recycling",
    "Community",
    "Council",
    "Events",
    "Schools",
    "Planning",
    "Transport",
    "Sport",
    "Charity",
]
START = datetime(2008, 1, 1, 9, 0, tzinfo=UTC)


def tag_names(count: int = 300) -> list[str]:
    return BASE_TAGS + [f"Topic {n}" for n in range(count - len(BASE_TAGS))]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, cum_weights=_CUMULATIVE, k=rng.randint(8, 22))
    return " ".join(words).capitalize() + "."


def _title(rng: random.Random, number: int) -> str:
    """A sentence of whole words, up to 70 characters, and the post's number: a headline
    cut mid-word would put every start of a word in the index as a word of its own, and
    a search typed letter by letter would never meet a prefix query."""
    words = _sentence(rng)[:-1].split()
    title = words[0]
    for word in words[1:]:
        if len(title) + 1 + len(word) > 70:
            break
        title += " " + word
    return f"{title} ({number})"


def body_html(rng: random.Random, size: int, number: int) -> str:
    """WordPress-like HTML of about `size` bytes: paragraphs, captions, lists, quotes, tables."""
    parts: list[str] = []
    total = 0
    while total < size:
        kind = rng.random()
        if kind < 0.65:
            sentences = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
            if rng.random() < 0.3:
                sentences += f' <a href="http://www.enderbyeye.co.uk/{number}/{total}/">more</a>'
            html = f"<p>{sentences}</p>"
        elif kind < 0.75:
            html = (
                f'<div class="wp-caption aligncenter"><a href="/wp-content/uploads/{number}'
                f'-{total}.jpg"><img src="/wp-content/uploads/{number}-{total}-300x200.jpg"'
                f' alt="Photo {total}" width="300" height="200" /></a>'
                f'<p class="wp-caption-text">{_sentence(rng)}</p></div>'
            )
        elif kind < 0.85:
            items = "".join(f"<li>{_sentence(rng)}</li>" for _ in range(rng.randint(3, 6)))
            html = f"<ul>{items}</ul>"
        elif kind < 0.95:
            html = f"<blockquote><p>“{_sentence(rng)} {_sentence(rng)}”</p></blockquote>"
        else:
            rows = "".join(
                f"<tr><td>{rng.choice(VOCABULARY[:500])}</td><td>{rng.randint(1, 999)}</td></tr>"
                for _ in range(rng.randint(3, 8))
            )
            html = f"<table><tbody>{rows}</tbody></table>"
        parts.append(html)
        total += len(html)
    return "\n".join(parts)


def body_size(rng: random.Random) -> int:
    """1–8 KB, and one post in 200 of 50–200 KB."""
    if rng.random() < 0.005:
        return rng.randint(50_000, 200_000)
    return rng.randint(1_000, 8_000)


def post_tags(rng: random.Random, names: list[str]) -> list[str]:
    """2–6 tags, skewed: a few tags on many posts, a long tail on few (Zipf-like)."""
    chosen = {
        names[min(int(rng.paretovariate(1.1)) - 1, len(names) - 1)]
        for _ in range(rng.randint(2, 6))
    }
    return sorted(chosen)


def site_posts(count: int, seed: int = 1, hours_apart: int = 9) -> list[SitePost]:
    """`count` posts for the loopback site, newest first."""
    rng = random.Random(seed)
    names = tag_names()
    return [
        SitePost(
            number=n,
            title=_title(rng, n),
            html=body_html(rng, body_size(rng), n),
            tags=post_tags(rng, names),
            published=START + timedelta(hours=hours_apart * n),
        )
        for n in range(count, 0, -1)
    ]


def model_posts(start: int, count: int, seed: int = 1) -> list[Post]:
    """Posts as the engine's model, for building big archives without a feed."""
    rng = random.Random(seed * 1_000_003 + start)
    names = tag_names()
    posts = []
    for n in range(start, start + count):
        tags = post_tags(rng, names)
        posts.append(
            Post(
                id=f"http://www.enderbyeye.co.uk/?p={n}",
                link=f"http://www.enderbyeye.co.uk/{n}/",
                title=_title(rng, n),
                author="Enderby EYE",
                published=START + timedelta(hours=n),
                updated=None,
                tags=tuple(Tag(t, slugify(t)) for t in tags),
                html=body_html(rng, body_size(rng), n),
                excerpt=_sentence(rng),
            )
        )
    return posts
