"""The reader's filter rules, as plain functions: no Textual needed."""

from eye_tui.model import PostFilter
from eye_tui.ui import filter_state as fs


def test_tags_combine_and_a_second_choice_drops_one() -> None:
    chosen = fs.toggle_tag(fs.toggle_tag(PostFilter(), "police"), "blaby")
    assert chosen.tags == ("police", "blaby")
    assert fs.toggle_tag(chosen, "police").tags == ("blaby",)


def test_choosing_the_same_month_again_clears_it() -> None:
    march = fs.choose_month(PostFilter(), "2015-03")
    assert march.month == "2015-03"
    assert fs.choose_month(march, "2015").month == "2015"
    assert fs.choose_month(march, "2015-03").month is None


def test_dropping_a_chip_drops_only_that_part() -> None:
    full = PostFilter(tags=("a", "b"), month="2015", unread=True, starred=True, query="fete")
    assert fs.drop(full, "tag", "a").tags == ("b",)
    assert fs.drop(full, "query") == PostFilter(("a", "b"), "2015", True, True, "")
    assert fs.drop(full, "month").month is None
    assert not fs.drop(full, "unread").unread and not fs.drop(full, "starred").starred
    assert fs.drop(full, "colour") == full  # an unknown part changes nothing


def test_tags_no_longer_in_the_archive_are_forgotten() -> None:
    assert fs.known_tags_only(PostFilter(tags=("a", "gone")), {"a"}).tags == ("a",)


def test_saved_state_round_trips_and_survives_garbage() -> None:
    chosen = PostFilter(tags=("police",), month="2015-10", unread=True)
    saved = fs.to_saved(chosen, 42)
    assert saved["post"] == 42 and fs.from_saved(saved) == chosen
    assert fs.from_saved(fs.to_saved(PostFilter(query="fete"), None)) == PostFilter()
    garbage: dict[str, object] = {"tags": "police", "month": 2015, "unread": "yes"}
    assert fs.from_saved(garbage) == PostFilter()
    assert fs.from_saved({"tags": ["a", 3, None]}).tags == ("a",)


def test_an_empty_list_says_why_in_the_words_of_its_filter() -> None:
    assert fs.nothing_found(PostFilter(query="zzqx"))[0] == (
        "Nothing in the archive matches “zzqx”."
    )
    with_tag = fs.nothing_found(PostFilter(query="fete", tags=("police",)))
    assert with_tag[0] == "Nothing matches “fete” with these filters." and "x" in with_tag[1]
    assert fs.nothing_found(PostFilter(starred=True))[0] == "No starred posts yet."
    assert fs.nothing_found(PostFilter(unread=True))[0] == "Every post is read."
    assert fs.nothing_found(PostFilter(tags=("a", "b")))[0] == ("No posts match these filters.")
    # What was typed is shown as typed, without its control characters, and cut.
    typed = fs.nothing_found(PostFilter(query="[b]x\x1b[2J" + "y" * 200))[0]
    assert "[b]x" in typed and "\x1b" not in typed and len(typed) < 120
