"""The reader driven with Pilot: the first screen, the list and its filters, marking."""

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.paths import archive_path
from eye_tui.ui.app import EyeApp
from eye_tui.ui.widgets.filter_bar import FilterChip
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader
from eye_tui.ui.widgets.sidebar import ArchivePane
from tests.pilot import (
    RecordingApp,
    archive_of,
    filled,
    reader_text,
    started,
    titles,
    wait_for,
)
from tests.site import WordPressSite, make_posts


async def test_first_screen_lists_posts_newest_first(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert titles(app)[:3] == [f"Village news item {n}" for n in (25, 24, 23)]
        assert "25 posts" in str(app.screen.query_one("#filter-summary", Static).render())
        status = str(app.screen.query_one("#status", Static).render())
        assert "25 unread" in status and "offline" in status


async def test_choosing_tags_narrows_the_list_with_and(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("t")
        await pilot.press(*"poli", "enter")  # one Enter chooses the first match, "Police"
        await wait_for(pilot, lambda: app.screen.post_filter.tags == ("police",))
        assert titles(app) and all(
            "Police" in app.screen.query_one(PostList).row(i).tags for i in range(len(titles(app)))
        )
        police_count = len(titles(app))
        options = app.screen.query_one("#tag-options", OptionList)
        assert str(options.get_option_at_index(0).prompt).startswith("✓ Police")
        # A second tag combines with AND: no post is both Police and Enderby.
        app.screen.set_filter(tags=("police", "enderby"))
        await pilot.pause()
        assert titles(app) == []
        assert "No posts match" in reader_text(app)
        # Chips show the active filters; clicking one drops it.
        chips = list(app.screen.query(FilterChip))
        assert [c.value for c in chips] == ["police", "enderby"]
        await pilot.click(chips[1])
        await pilot.pause()
        assert len(titles(app)) == police_count
        await pilot.press("escape", "x")
        await pilot.pause()
        assert len(titles(app)) == 25


async def test_next_unread_skips_read_posts(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        app.archive.set_read(app.screen.query_one(PostList).row(1).key)  # type: ignore[union-attr]
        app.screen.apply_filter()
        await pilot.press("enter", "n")
        await pilot.pause()
        assert app.screen.query_one(PostList).cursor == 2
        assert "item 23" in reader_text(app)
        await pilot.press("U")  # unread only
        await pilot.pause()
        assert len(titles(app)) == 22


async def test_empty_archive_with_no_network_offers_the_sample(data_dir: Path) -> None:
    app = EyeApp(Settings(feed_url="http://127.0.0.1:9/feed/", data_dir=data_dir, retries=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: not app.screen.refreshing)
        empty = str(app.screen.query_one("#empty", Static).render())
        assert "Your archive is empty: cannot reach 127.0.0.1" in empty
        assert "Press d to open the bundled sample" in empty
        await pilot.press("d")
        await pilot.pause()
        assert "Blueprint 2020 – shaping the future of the force" in titles(app)
        assert not app.screen.has_class("-empty")


async def test_r_in_the_sample_opened_from_the_empty_archive_fetches_the_site(
    data_dir: Path,
) -> None:
    """Found in tmux: a first run with the site out of reach, the sample opened with d,
    then R once the site answered said "Offline (the sample archive): not refreshing";
    the only way to the site was to quit and start again."""
    from tests.site import answer

    with WordPressSite(make_posts(5)) as site:
        site.fault = lambda handler: answer(handler, 503)  # down for now
        app = RecordingApp(Settings(feed_url=site.url, data_dir=data_dir, retries=0))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: not app.screen.refreshing)
            await wait_for(pilot, lambda: app.screen.has_class("-empty"))
            await pilot.press("d")
            await wait_for(pilot, lambda: "Blueprint 2020" in " ".join(titles(app)))
            site.fault = None  # the site is back
            await pilot.press("R")
            await wait_for(pilot, lambda: titles(app)[:1] == ["Village news item 5"])
            await wait_for(pilot, lambda: not app.screen.refreshing)
            assert len(titles(app)) == 5 and not app.demo
            assert app.sub_title != "sample archive"
            assert not any("not refreshing" in n.message for n in app.notices)
    # The site's posts went to the resident's own archive, not the sample's.
    with Archive(archive_path(data_dir)) as archive:
        assert archive.count_posts() == 5


async def test_the_sample_asks_nothing_of_the_network(data_dir: Path) -> None:
    """`eye-tui --demo` ("no network needed"): its comments are the ones stored, and a
    refresh does not go looking for the real site, nor does v point to i."""
    settings = Settings(feed_url="http://127.0.0.1:9/feed/", data_dir=data_dir, retries=0)
    app = RecordingApp(settings, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "Blueprint 2020" in reader_text(app))
        await pilot.press("c", "R", "v")
        await wait_for(pilot, lambda: len(app.notices) >= 3)
        said = [n.message for n in app.notices]
        assert said[0] == "Offline: 0 of 2 comments stored.", said  # only counted in the feed
        assert said[2] == (  # not "i keeps them": i cannot here
            "None of this post's pictures is kept yet: none can be fetched (the sample archive)."
        )
        assert "Fetching comments…" not in said and not app.screen.refreshing
        assert "offline" in str(app.screen.query_one("#status", Static).render())


async def test_remembered_tag_filter_shows_the_tag_name_on_restart(settings: Settings) -> None:
    settings = filled(settings)
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        app.screen.set_filter(tags=("police",))
        await pilot.pause()
    app = EyeApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        chips = [str(chip.render()) for chip in app.screen.query(FilterChip)]
        assert chips == ["# Police ✕"]
        assert all(
            "Police" in app.screen.query_one(PostList).row(i).tags  # type: ignore[union-attr]
            for i in range(len(titles(app)))
        )


async def test_starring_updates_the_starred_count(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("s")
        await wait_for(pilot, lambda: "1 starred" in str(app.screen.query_one("#status").render()))


async def test_clicking_a_tag_in_the_post_header_filters_by_it(settings: Settings) -> None:
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "Tags: " in reader_text(app))
        reader = app.screen.query_one(PostReader)
        lines = reader_text(app).splitlines()
        row = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Tags: "))
        column = lines[row].index("Leicestershire") + 2
        content = reader.content_region
        await pilot.click(
            PostReader,
            offset=(content.x - reader.region.x + column, content.y - reader.region.y + row),
        )
        await wait_for(pilot, lambda: app.screen.post_filter.tags == ("leicestershire",))


async def test_mark_all_read_for_what_the_list_shows_and_undo(settings: Settings) -> None:
    app = RecordingApp(filled(settings))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await started(pilot, app)
        app.screen.set_filter(tags=("police",))
        await pilot.pause()
        shown = len(titles(app))
        await pilot.press("A")
        await wait_for(pilot, lambda: app.notices)
        assert app.notices[-1].message == f"Marked {shown} posts read. Press z to undo."
        assert f"{25 - shown} unread" in str(app.screen.query_one("#status").render())

        def toasts() -> list[str]:
            return [str(toast.render()) for toast in app.screen.query("Toast")]

        await wait_for(pilot, lambda: any("Press z" in toast for toast in toasts()))
        await pilot.press("z")
        await wait_for(pilot, lambda: "25 unread" in str(app.screen.query_one("#status").render()))
        # Found in tmux: "Press z to undo" stayed up beside "… unread again" once undone.
        await wait_for(pilot, lambda: any("unread again" in toast for toast in toasts()))
        assert not any("Press z" in toast for toast in toasts())


async def test_a_notice_said_again_replaces_the_one_shown(settings: Settings) -> None:
    # Found in tmux: Space held at the end of the last unread post stacked five
    # "No other unread posts in this list." toasts over the reading pane.
    app = EyeApp(filled(settings))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await started(pilot, app)

        def toasts() -> list[str]:
            return [str(toast.render()) for toast in app.screen.query("Toast")]

        await pilot.press("z", "z", "z")
        await wait_for(pilot, lambda: toasts())
        await pilot.pause()
        assert toasts() == ["Nothing to undo."]
        await pilot.press("s", "s")  # two different notices both stay
        await wait_for(pilot, lambda: len(toasts()) == 3)
        assert sorted(toasts()) == ["Nothing to undo.", "Star removed.", "Starred."]


async def test_marking_a_long_list_says_so_before_the_work(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 posts marking them all takes seconds: the notice comes first."""
    from eye_tui.ui.screens import marking

    monkeypatch.setattr(marking, "SAID_FIRST_FROM", 20)  # the 25 posts stand for many
    app = RecordingApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("A")
        await wait_for(pilot, lambda: len(app.notices) >= 2)
        assert [n.message for n in app.notices[:2]] == [
            "Marking 25 posts read…",
            "Marked 25 posts read. Press z to undo.",
        ]
        await pilot.press("z")
        await wait_for(pilot, lambda: len(app.notices) >= 4)
        assert [n.message for n in app.notices[2:4]] == [
            "Marking 25 posts unread…",
            "25 posts unread again.",
        ]
        assert "25 unread" in str(app.screen.query_one("#status").render())


async def test_filter_chips_stay_inside_80_columns(data_dir: Path) -> None:
    names = tuple(
        f"Enderby and District {kind} Association"
        for kind in ("Bowls", "Allotment", "Cricket", "Heritage", "Youth")
    )
    settings = archive_of(make_posts(10, tags=names), data_dir)
    app = EyeApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        slugs = tuple(slug for slug, _ in app.screen._tag_names.items())[:5]
        app.screen.set_filter(tags=slugs, unread=True)
        await pilot.pause()
        chips = list(app.screen.query(".chip"))
        assert chips and all(chip.region.right <= 80 for chip in chips)
        assert str(chips[-1].render()).startswith("+")  # "+N more"
        assert all(len(str(chip.render())) <= 30 for chip in chips)


async def test_a_chip_too_long_for_the_row_is_cut_not_hidden(data_dir: Path) -> None:
    """At 80 columns with the sidebar shown, a search and a tag left only "+2 more": the
    search's chip did not fit whole, so neither filter could be seen or clicked away.
    The search's chip is the one cut (the box above shows the search whole)."""
    settings = archive_of(make_posts(10, tags=("Police",)), data_dir)
    app = EyeApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("t")
        assert "police" in app.screen._tag_names
        app.screen.set_filter(query="parish council meeting", tags=("police",))
        await pilot.pause()
        chips = list(app.screen.query(".chip"))
        shown = [str(chip.render()) for chip in chips]
        assert shown[0] == "# Police ✕", shown
        assert shown[1].startswith("search: pari") and shown[1].endswith("… ✕"), shown
        assert len(shown) == 2 and all(chip.region.right <= 80 for chip in chips)


async def test_a_tag_filter_that_matches_nothing_says_so(settings: Settings) -> None:
    """Found in tmux: "zzz" in the tag filter left an empty pane, as if the archive had
    no tags; Enter then did nothing."""
    app = EyeApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await pilot.press("t", *"[b]zzz")
        options = app.screen.query_one("#tag-options", OptionList)
        await wait_for(pilot, lambda: options.option_count == 1)
        said = options.get_option_at_index(0)
        assert str(said.prompt) == "No tag matches “[b]zzz”" and said.disabled
        await pilot.press("enter")  # nothing chosen, and the typing kept to mend
        assert app.screen.post_filter.tags == ()
        assert app.screen.query_one("#tag-filter", Input).value == "[b]zzz"
        await pilot.press(*["backspace"] * 6, *"pol")
        await wait_for(
            pilot, lambda: str(options.get_option_at_index(0).prompt).strip().startswith("Police")
        )


async def test_an_archive_read_from_a_feed_with_no_posts_says_so(
    data_dir: Path, tmp_path: Path
) -> None:
    """Found in tmux: a feed file with no items, read without fault, left "Your archive
    is empty: no posts have been fetched yet", as though nothing had been asked."""
    feed = tmp_path / "quiet.xml"
    feed.write_text(
        "<rss version='2.0'><channel><title>Quiet [b]parish</title>"
        "<link>http://q.example/</link></channel></rss>"
    )
    app = EyeApp(Settings(feed_url=str(feed), data_dir=data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: not app.screen.refreshing)
        empty = app.screen.query_one("#empty", Static)
        await wait_for(pilot, lambda: "no posts yet" in str(empty.render()))
        said = str(empty.render())
        assert "Your archive is empty: Quiet [b]parish has no posts yet." in said
        assert "or R to look again" in said and "fetched yet" not in said


async def test_counts_of_a_thousand_and_more_read_as_the_list_writes_them(
    data_dir: Path,
) -> None:
    # Found in tmux at 80x24 on a 1,200-post archive: "1,200 posts" above the list,
    # "Leicestershire  1200" beside it; now written alike, in the palette too.
    from eye_tui.model import MonthCount
    from tests.pilot import palette_choice

    app = EyeApp(archive_of(make_posts(1_005, tags=("Enderby",)), data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        options = app.screen.query_one("#tag-options", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "  Leicestershire  1,005" in prompts
        await pilot.resize_terminal(80, 24)
        await pilot.press("b")  # at 80 columns the name still fits, one space before its count
        await pilot.pause()
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "  Leicestershire 1,005" in prompts
        await pilot.press("b")
        await pilot.resize_terminal(120, 40)
        # A busy site's year (a thousand posts a year is three a day):
        months = app.screen.query_one(ArchivePane)
        months.set_months([MonthCount("2019-02", 1_000), MonthCount("2019-01", 2_500)])
        assert [str(node.label) for node in months.root.children] == ["2019  (3,500)"]
        assert [str(node.label) for node in months.root.children[0].children] == [
            "February  (1,000)",
            "January  (2,500)",
        ]
        await pilot.press("ctrl+p", "L", "e", "i", "c")
        await wait_for(pilot, lambda: palette_choice(app).startswith("Tag: Leicestershire (1,005)"))
