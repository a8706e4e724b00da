"""An archive pointed at another site's feed (`--feed`): that site is read, not the one
the archive learnt about before.

Found at the command line: an archive filled from one WordPress site, refreshed with
`--feed` naming another, asked the first site's API again (0 new) and then recorded the
second site's feed as its own; `info` said "source rest" and the first site's history.
"""

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.cli import main
from eye_tui.config import load_settings
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from tests.site import WordPressSite, make_posts


@pytest.fixture
def other_site() -> Iterator[WordPressSite]:
    posts = make_posts(12)
    for post in posts:
        post.title = f"Parish notice {post.number}"
    site = WordPressSite(posts)
    with site:
        yield site


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def info(capsys: pytest.CaptureFixture[str], data_dir: Path) -> dict[str, object]:
    code, out, err = run(capsys, data_dir, "info", "--json")
    assert code == 0, err
    answer: dict[str, object] = json.loads(out)
    return answer


def titles(capsys: pytest.CaptureFixture[str], data_dir: Path) -> list[str]:
    code, out, err = run(capsys, data_dir, "list", "--limit", "1000", "--json")
    assert code == 0, err
    return [post["title"] for post in json.loads(out)]


def test_another_sites_feed_is_read_and_the_rest_sites_api_forgotten(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    rest_site: WordPressSite,
    other_site: WordPressSite,
) -> None:
    assert run(capsys, data_dir, "--feed", rest_site.url, "refresh")[0] == 0
    before = info(capsys, data_dir)
    assert before["source"] == "rest" and before["history_complete"] is True
    assert before["filled_from"] is None
    code, out, _ = run(capsys, data_dir, "--feed", other_site.url, "info")
    assert f"filled from    {rest_site.url} (until a refresh reads the feed above)" in out
    code, out, err = run(capsys, data_dir, "--feed", other_site.url, "refresh")
    assert code == 0, err
    assert out.startswith("Refreshed: 2 pages, 12 new"), out
    stored = titles(capsys, data_dir)
    assert sum(title.startswith("Parish notice") for title in stored) == 12
    assert len(stored) == 262  # the first site's 250 are kept
    after = info(capsys, data_dir)
    assert after["feed_url"] == other_site.url and after["source"] == "feed"
    assert after["posts_on_site"] is None and after["filled_from"] is None
    # Its history is its own: this site's three pages were read to the end.
    assert after["history_complete"] is True
    assert not any("/wp-json/" in request.path for request in other_site.requests)
    # Back to the first site: its API is found again from its feed, and it is read by it.
    rest_site.requests.clear()
    assert run(capsys, data_dir, "--feed", rest_site.url, "refresh")[0] == 0
    assert info(capsys, data_dir)["source"] == "rest"
    assert any("/wp-json/" in request.path for request in rest_site.requests)


def test_a_mistyped_feed_leaves_what_the_archive_knows_of_its_site(
    capsys: pytest.CaptureFixture[str], data_dir: Path, rest_site: WordPressSite
) -> None:
    assert run(capsys, data_dir, "--feed", rest_site.url, "refresh")[0] == 0
    before = info(capsys, data_dir)
    mistyped = rest_site.url.replace("/feed/", "/fed/")
    code, _, err = run(capsys, data_dir, "--feed", mistyped, "refresh")
    assert code == 1 and "not found" in err
    assert info(capsys, data_dir) == before
    rest_site.requests.clear()
    code, out, _ = run(capsys, data_dir, "refresh")  # its own feed, by its API at once
    assert code == 0 and out.startswith("Up to date")
    assert rest_site.requests[0].path.startswith("/wp-json/")
    # Its address spelt another way (no trailing slash, "www.") is the same site.
    rest_site.requests.clear()
    code, out, _ = run(capsys, data_dir, "--feed", rest_site.url.rstrip("/"), "refresh")
    assert code == 0 and out.startswith("Up to date")
    assert rest_site.requests[0].path.startswith("/wp-json/")
    assert info(capsys, data_dir)["history_complete"] is True


def test_comments_by_the_api_stay_on_their_own_sites_posts(
    capsys: pytest.CaptureFixture[str], data_dir: Path, rest_site: WordPressSite
) -> None:
    """Both sites number their posts from 1: the second site's comment on its post 5
    is not the first site's post 5's, by the API's walk or by `c` on one post."""
    rest_site.posts[-5].comments = [("Ann", "<p>On the village site.</p>")]
    other = make_posts(12)
    other[-5].comments = [("Zed", "<p>On the parish site.</p>")]
    with WordPressSite(other) as other_site:
        other_site.rest = "on"
        assert run(capsys, data_dir, "--feed", rest_site.url, "refresh")[0] == 0
        code, _, err = run(capsys, data_dir, "--feed", other_site.url, "refresh", "--comments")
        assert code == 0, err
        with Archive(archive_path(data_dir)) as archive:
            village, parish = (
                next(p for p in archive.list_posts(limit=1000) if p.link == post.link(site.base))
                for post, site in ((rest_site.posts[-5], rest_site), (other[-5], other_site))
            )
            assert [c.author for c in archive.comments_for(parish.key)] == ["Zed"]
            assert archive.comments_for(village.key) == []
            # `c` on the first site's post, the second site's API remembered: its own
            # comment feed is read, not the other site's comments on its number.
            settings = load_settings(feed=other_site.url, data_dir=str(data_dir))
            stored = archive.get_post(village.key)
            assert stored is not None
            Sync(archive, settings).fetch_comments(village.key, stored.comments_url)
            assert [c.author for c in archive.comments_for(village.key)] == ["Ann"]


def test_another_sites_feed_on_a_metered_link_brings_its_newest_page(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # The posts of the first site stay, so "the archive is empty" could not tell that
    # this was the new site's first fetch: its whole history came, page after page.
    with WordPressSite(make_posts(15), per_page=10) as first:
        assert run(capsys, data_dir, "--feed", first.url, "refresh")[0] == 0
    posts = make_posts(40)
    for post in posts:
        post.title = f"Parish notice {post.number}"
    with WordPressSite(posts, per_page=10) as parish:
        settings = load_settings(feed=parish.url, data_dir=str(data_dir))
        with Archive(archive_path(data_dir)) as archive:
            metered = Sync(archive, replace(settings, auto_backfill=False))
            report = metered.refresh()
        assert (report.new, report.requests) == (10, 1)
        assert len([t for t in titles(capsys, data_dir) if t.startswith("Parish")]) == 10
