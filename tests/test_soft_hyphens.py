"""Soft hyphens: hyphenation plugins (wp-Typography and its like) put one in every long
word, as a character or as &shy;. A terminal cannot hyphenate, so they showed as "-" in
the middle of words where the terminal draws them, and the search index split the word
at each one: "Leicestershire" found nothing.
"""

from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.model import PostFilter
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from tests.site import WordPressSite, make_posts
from tests.test_renderer import plain

HYPHENATED = (
    "<p>Leices&shy;ter&#173;shire Coun\u00adty Coun&#xAD;cil met in Nar&#X00AD;borough.</p>"
    "<p>A hard-working committee; &SHY; is no entity.</p>"
)


@pytest.mark.parametrize("rest", ["off", "on"])
def test_a_hyphenated_post_is_found_by_its_whole_words_and_kept_without_them(
    data_dir: Path, rest: str
) -> None:
    posts = make_posts(3)
    posts[0].html = HYPHENATED
    with WordPressSite(posts) as site:
        site.rest = rest  # the feed's content:encoded, or the API's content.rendered
        with Archive(archive_path(data_dir)) as archive:
            Sync(archive, Settings(feed_url=site.url, data_dir=data_dir)).refresh()
            for word in ("Leicestershire", "County", "Council", "Narborough"):
                hits = archive.search(PostFilter(query=word))
                assert [hit.post.title for hit in hits] == [posts[0].title], word
            (hit,) = archive.search(PostFilter(query="Leicestershire"))
            stored = archive.get_post(hit.post.key)
            assert stored is not None and "Leicestershire County Council" in stored.html
            assert "hard-working committee; &SHY;" in stored.html  # the author's, kept


def test_a_soft_hyphen_already_stored_is_not_drawn() -> None:
    assert plain(HYPHENATED)[0] == "Leicestershire County Council met in Narborough."


def test_a_post_stored_with_soft_hyphens_is_stored_whole_when_read_again(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An archive from before kept them: the next refresh that reads the post stores it
    anew, once, and its words are found whole from then on."""
    import eye_tui.feed
    from tests.wordpress_site import newer_post

    posts = make_posts(3)
    posts[0].html = HYPHENATED
    with WordPressSite(posts) as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            with monkeypatch.context() as before:  # as the reader stored bodies before
                before.setattr(eye_tui.feed, "clean_body", lambda html: html)
                Sync(archive, settings).refresh()
            assert archive.search(PostFilter(query="Leicestershire")) == []
            site.posts.insert(0, newer_post(site, 4))  # the feed changes: it is read again
            report = Sync(archive, settings).refresh()
            assert (report.new, report.updated) == (1, 1)
            assert len(archive.search(PostFilter(query="Leicestershire"))) == 1
            site.posts.insert(0, newer_post(site, 5))
            assert Sync(archive, settings).refresh().updated == 0  # once, not each time
