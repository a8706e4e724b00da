"""The post commands (cli_posts.py): list, show, search, tags and mark-read, each saying why
when it finds nothing."""

from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.site import WordPressSite


def test_list_filters_by_tags_month_unread_and_starred(cli: CliRun) -> None:
    cli("refresh")
    police = cli.json("list", "--tag", "Police", "--limit", "100")
    assert police and all("Police" in p["tags"] for p in police)
    both = cli.json("list", "--tag", "police", "--tag", "Leicestershire", "--limit", "100")
    assert [p["id"] for p in both] == [p["id"] for p in police]
    assert cli.json("list", "--tag", "Police", "--tag", "Enderby") == []
    january = cli.json("list", "--month", "2015-01", "--limit", "100")
    assert {p["published"][:7] for p in january} == {"2015-01"} and len(january) == 25
    assert cli.json("list", "--month", "2015-02") == []
    assert len(cli.json("list", "--month", "2015", "--limit", "100")) == 25
    assert len(cli.json("list", "--unread", "--limit", "100")) == 25
    assert cli.json("list", "--starred") == []


def test_an_empty_list_says_so_and_names_a_tag_the_archive_lacks(cli: CliRun) -> None:
    # It printed nothing at all: a typo in a tag's name looked like an empty archive.
    assert cli("list") == (
        0,
        "",
        "The archive is empty: `eye-tui refresh` fetches the site's posts.\n",
    )
    cli("refresh")
    lacking = "no tag or section 'Polce' in the archive (see `eye-tui tags`)"
    assert cli("list", "--tag", "Polce") == (0, "", f"No posts in this list: {lacking}.\n")
    assert cli("list", "--tag", "Police", "--tag", "Enderby") == (0, "", "No posts in this list.\n")
    assert cli("list", "--category", "Polce")[2].startswith("No posts in this list: no tag")
    assert cli("list", "--tag", "Polce", "--json") == (0, "[]\n", "")  # scripts get JSON only
    # A month with no posts names the months the archive holds (the site's 25 days).
    assert cli("list", "--month", "2014-01")[2] == (
        "No posts in this list: nothing from 2014-01 in the archive, which holds only 2015-01.\n"
    )
    # Found at the command line: mark-read said only "Marked 0 posts read." to a typo.
    assert cli("mark-read", "--tag", "Polce") == (
        0,
        "Marked 0 posts read.\n",
        f"Nothing to mark: {lacking}.\n",
    )
    assert cli("mark-read", "--tag", "Police")[1:] == ("Marked 9 posts read.\n", "")
    assert cli("mark-read", "--tag", "Police")[1:] == (
        "Marked 0 posts read.\n",
        "Nothing to mark: the 9 posts it names are read already.\n",
    )
    assert cli("mark-read", "--search", "zebra")[1:] == (
        "Marked 0 posts read.\n",
        "Nothing to mark: no post matches 'zebra'.\n",
    )


def test_show_renders_markdown_and_json(cli: CliRun) -> None:
    cli("refresh")
    key = cli.json("list", "--limit", "1")[0]["key"]
    code, out, _ = cli("show", str(key))
    assert code == 0
    assert out.startswith("# Village news item 25\n")
    assert "Story number 25 from Enderby. [About][1]" in out
    assert "[1]: http://127.0.0.1" in out and "/about/" in out
    shown = cli.json("show", str(key))
    assert shown["title"] == "Village news item 25" and "<p>" in shown["html"]
    # The post's stable id works as well as its number.
    assert cli("show", shown["id"])[1] == out
    # So does its address, as a browser or the links view (y) copies it, however spelt.
    assert cli("show", shown["link"])[1] == out
    assert cli("show", shown["link"].replace("http://", "HTTP://").rstrip("/"))[1] == out


def test_show_unknown_post_is_a_usage_error(cli: CliRun) -> None:
    cli("refresh")
    code, out, err = cli("show", "99999")
    assert (code, out) == (2, "")
    assert err == "eye-tui: no post '99999' in the archive (see `eye-tui list`)\n"


def test_search_json_has_snippets_and_tags_filter(cli: CliRun) -> None:
    cli("refresh")
    hits = cli.json("search", "second paragraph 17")
    assert hits[0]["title"] == "Village news item 17"
    assert "paragraph" in hits[0]["snippet"].lower()
    assert cli.json("search", "Enderby", "--tag", "Blaby", "--limit", "100")
    assert all("Blaby" in h["tags"] for h in cli.json("search", "Enderby", "--tag", "Blaby"))


def test_search_takes_the_filters_list_takes(cli: CliRun) -> None:
    # `search` had --tag and --category only: no month, unread or starred, where `list`
    # and the reader's search have each, and a typo in a tag said "No posts match".
    cli("refresh")
    assert len(cli.json("search", "Enderby", "--month", "2015-01", "--limit", "100")) == 25
    assert len(cli.json("search", "Enderby", "--month", "2015", "--limit", "100")) == 25
    assert cli.json("search", "Enderby", "--month", "2015-02") == []
    cli("mark-read", "--search", "item 9")
    unread = cli.json("search", "item", "--unread", "--limit", "100")
    assert len(unread) == 24 and "Village news item 9" not in {h["title"] for h in unread}  # type: ignore[index]
    assert cli.json("search", "Enderby", "--starred") == []
    assert cli("search", "Enderby", "--tag", "Polce") == (
        0,
        "",
        "No posts match 'Enderby': no tag or section 'Polce' in the archive"
        " (see `eye-tui tags`).\n",
    )
    assert cli("search", "Enderby", "--month", "2014-01")[2] == (
        "No posts match 'Enderby': nothing from 2014-01 in the archive, which holds only 2015-01.\n"
    )
    assert cli("search", "zebra") == (0, "", "No posts match 'zebra'.\n")
    code, out, err = cli("search", "Enderby", "--month", "2015-13")  # a typo, as list says
    assert (code, out) == (2, "") and err.startswith("eye-tui: not a month: '2015-13'")


def test_search_with_no_words_is_a_usage_error(cli: CliRun) -> None:
    # It listed every post, each with an empty line where its snippet goes.
    cli("refresh")
    # Sentence punctuation alone is not searched (it is in every post), so "!!!" listed
    # every post as a match, and `mark-read --search " "` marked the whole archive read.
    for query in ("", "   ", "!!!", "?", " ... ", "-fete -park"):  # a minus only leaves out
        code, out, err = cli("search", query)
        assert (code, out) == (2, ""), query
        assert err == "eye-tui: nothing to search for: give a word or more\n"
        code, out, err = cli("mark-read", "--search", query)
        assert (code, out) == (2, ""), query
        assert err == "eye-tui: nothing to search for: give a word or more\n"
    assert cli.json("info")["unread"] == 25  # type: ignore[index]
    assert cli.json("search", "(((") == []  # searched as typed, and found nowhere


def test_punctuation_searched_as_typed_shows_where_it_stands(
    cli: CliRun, site: WordPressSite
) -> None:
    # Found with `eye-tui search "*"`: the posts were right, each snippet an empty line.
    site.posts[2].html = "<p>The tombola raised <b>£120</b> (50% more).</p>" + "<p>x</p>" * 9
    site.posts[4].html = "<p>Ten per cent off, 50% today.</p>"
    cli("refresh")
    hits = cli.json("search", "%")  # no word: found as typed, newest first
    assert [hit["title"] for hit in hits] == ["Village news item 23", "Village news item 21"]  # type: ignore[index]
    assert [hit["snippet"] for hit in hits] == [  # type: ignore[index]
        "…tombola raised £120 (50% more). x x x x x x x x x",  # as words get theirs
        "…per cent off, 50% today.",
    ]
    code, out, _ = cli("search", "%")
    assert code == 0 and "        …tombola raised £120 (50% more)." in out


def test_mark_read_from_the_command_line_follows_the_filters(cli: CliRun) -> None:
    assert cli("refresh", "--quiet")[0] == 0
    code, out, _ = cli("mark-read", "--tag", "Police")
    police = int(out.split()[1])
    assert code == 0 and police > 0
    code, out, _ = cli("mark-read", "--search", "item 9")  # an Enderby post
    assert code == 0 and out.strip() == "Marked 1 post read."
    unread = cli.json("list", "--unread", "--limit", "100")
    assert isinstance(unread, list) and len(unread) == 25 - police - 1
    assert all("Police" not in post["tags"] for post in unread)


def test_a_row_is_cut_to_the_terminal_cells_it_takes() -> None:
    from eye_tui.output import cut_to

    assert cut_to("Enderby parish", 14) == "Enderby parish"  # fits: whole, no mark
    assert cut_to("Enderby parish", 10) == "Enderby p…"
    # A wide letter takes two cells: the row never passes the edge by one.
    assert cut_to("ab漢字xy", 6) == "ab漢…"
    assert cut_to("ab漢字", 6) == "ab漢字"
    # A combining accent takes none: "é" written as e + U+0301 is one cell.
    assert cut_to("e\u0301" * 3, 2) == "e\u0301…"


def test_tags_for_a_person_count_as_info_does(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # `info` said "posts  1,005" and `tags` "  1005  Enderby"; --json keeps plain numbers.
    from eye_tui.archive import Archive
    from eye_tui.paths import archive_path
    from tests.stored_posts import post, store

    with Archive(archive_path(data_dir)) as archive:
        store(archive, *(post(n) for n in range(1_005)), post(2_000, tags=("Police",)))
    cli = CliRun(capsys, data_dir, "http://x/feed/")
    assert cli("tags")[1] == "   1,005  Enderby\n       1  Police\n"
    assert [tag["posts"] for tag in cli.json("tags")] == [1_005, 1]  # type: ignore[index]
