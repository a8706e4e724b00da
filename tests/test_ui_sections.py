"""The reader on a site read through its API: sections apart from tags in the sidebar,
the post's header as the site words it, threaded comments, closed comments, summaries."""

from pathlib import Path

from textual.widgets import OptionList

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from eye_tui.ui.app import EyeApp
from eye_tui.ui.widgets.filter_bar import FilterChip
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.sidebar import TagPane
from tests.pilot import reader_text, started, titles, wait_for
from tests.site import WordPressSite, make_posts, no_post_pages


def _site_posts() -> list:
    posts = make_posts(30)
    for post in posts:
        post.categories = ["News"] if post.number % 2 else ["Civic"]
        post.author = "Ann Smith"
    newest = posts[0]
    newest.comments = [
        ("Ann", "<p>Lovely day!</p>"),
        ("Bob", "<p>Agreed, Ann.</p>"),
        ("Cy", "<p>Hi</p>"),
    ]
    newest.comment_parents = {1: 0}
    posts[1].comments_open = False
    return posts


def _filled(data_dir: Path, summary_only: bool = False, rest: str = "on") -> Settings:
    with WordPressSite(_site_posts()) as site:
        site.rest, site.summary_only = rest, summary_only
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            sync = Sync(archive, settings)
            sync.refresh(all_pages=True)
            key = archive.post_key_for_wp_id(30)
            if key is not None and rest == "on":
                sync.fetch_comments(key, "")
    return Settings(feed_url=site.url, data_dir=data_dir, offline=True)


async def test_sections_come_first_in_the_sidebar_and_filter_with_tags(data_dir: Path) -> None:
    app = EyeApp(_filled(data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        pane = app.screen.query_one(TagPane)
        options = app.screen.query_one("#tag-options", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert pane.border_title == "Sections & tags"
        assert prompts[0] == "Sections" and "Tags" in prompts
        assert prompts.index("Tags") > max(prompts.index(p) for p in prompts if "News" in p)
        # Typed, Enter takes the first match that is a section or tag, never a heading.
        await pilot.press("t", *"new", "enter")
        await wait_for(pilot, lambda: app.screen.post_filter.tags == ("category:news",))
        app.screen.set_filter(tags=("category:news", "police"))
        await pilot.pause()
        rows = [app.screen.query_one(PostList).row(i) for i in range(len(titles(app)))]
        assert rows and all("News" in r.categories and "Police" in r.tags for r in rows)
        chips = [str(c.render()) for c in app.screen.query(FilterChip)]
        assert chips[0].startswith("§ News") and chips[1].startswith("# Police")


async def test_the_header_reads_like_the_site_and_comments_are_threads(data_dir: Path) -> None:
    app = EyeApp(_filled(data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Posted in" in reader_text(app))
        text = reader_text(app)
        assert "Posted in Civic  ·  Tagged " in text and "Ann Smith" in text
        lines = text.splitlines()
        ann = next(i for i, line in enumerate(lines) if line.strip().startswith("Ann"))
        bob = next(i for i, line in enumerate(lines) if "↳ Bob" in line)
        cy = next(i for i, line in enumerate(lines) if line.strip().startswith("Cy"))
        assert ann < bob < cy
        assert lines[bob].index("↳") > lines[ann].index("Ann")  # the reply sits further in
        reply = next(line for line in lines[bob:] if "Agreed" in line)
        assert reply.lstrip().startswith("│")
        await pilot.press("j")  # the next post: comments closed
        await wait_for(pilot, lambda: "Comments are closed." in reader_text(app))
        # The section in the header, clicked, filters by it.
        app.screen.action_filter_by_post_section(0)
        await pilot.pause()
        assert app.screen.post_filter.tags == ("category:news",)


async def test_a_summary_that_could_not_be_filled_says_so(data_dir: Path) -> None:
    with WordPressSite(make_posts(3)) as site:
        site.summary_only = True
        site.fault = no_post_pages
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            Sync(archive, settings).refresh()
    app = EyeApp(Settings(feed_url=site.url, data_dir=data_dir, offline=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "summary" in reader_text(app))
        assert "Only the site's summary of this post could be fetched" in reader_text(app)


async def test_comments_fetched_through_the_api_are_counted_in_the_list(data_dir: Path) -> None:
    # The API gives no comment count: the list learns it when c fetches the comments.
    with WordPressSite(_site_posts()) as site:
        site.rest = "on"
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            Sync(archive, settings).refresh(all_pages=True)
        app = EyeApp(settings)
        async with app.run_test(size=(100, 30)) as pilot:
            await started(pilot, app)
            await wait_for(pilot, lambda: not app.screen.refreshing)
            post_list = app.screen.query_one(PostList)
            assert post_list.row(0).comment_count == 0  # type: ignore[union-attr]
            await pilot.press("enter", "c")
            await wait_for(pilot, lambda: "Lovely day!" in reader_text(app))
            await pilot.pause()
            assert post_list.row(0).comment_count == 3  # type: ignore[union-attr]
            line = "".join(segment.text for segment in post_list.render_line(0))
            assert "Village news item 30" in line and "💬3" in line
