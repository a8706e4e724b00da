"""Blocks and inline marks html2text reads badly, found in a post with one of every core
block: a video's caption said twice, "E=mc2", an abbreviation's Markdown Extra syntax
left at the foot of the post, and a details block's question read as a line like any
other."""

from eye_tui.render import render_body
from tests.test_renderer import BASE, drawn, plain, styled

UPLOADS = "https://www.enderbyeye.co.uk/wp-content/uploads/2024/06"


def test_a_video_blocks_caption_labels_its_link_once() -> None:
    html = (
        f'<figure class="wp-block-video"><video controls src="{UPLOADS}/parade.mp4"></video>'
        '<figcaption class="wp-element-caption">The parade down Mill Lane</figcaption></figure>'
        "<p>After it.</p>"
    )
    lines = plain(html)
    assert "▶ Video: The parade down Mill Lane (enderbyeye.co.uk)[1]" in lines
    assert sum("The parade down Mill Lane" in line for line in lines) == 1
    assert "After it." in lines


def test_a_caption_unlike_the_players_title_stays_below_it() -> None:
    html = (
        '<figure class="wp-block-video"><iframe title="Carnival 2024" '
        'src="https://www.youtube.com/embed/Abc123"></iframe>'
        "<figcaption>Filmed from the church tower</figcaption></figure>"
    )
    lines = plain(html)
    assert "▶ Video: Carnival 2024 (youtube.com)[1]" in lines
    assert "Filmed from the church tower" in lines


def test_superscripts_and_subscripts_read_as_raised_and_lowered_characters() -> None:
    html = (
        "<p>E=mc<sup>2</sup>, H<sub>2</sub>O, 10<sup>-3</sup>, the 1<sup>st</sup> and "
        "22<sup>nd</sup> of June, x<sub>(n+1)</sub>, y<sup> 2 </sup>.</p>"
    )
    assert plain(html)[0] == "E=mc², H₂O, 10⁻³, the 1ˢᵗ and 22ⁿᵈ of June, x₍ₙ₊₁₎, y²."


def test_a_mark_with_no_raised_form_keeps_its_words_apart() -> None:
    # No Unicode superscript for "q" or a space: the words stay as typed, in brackets
    # so "Note" and the mark do not run together into one word.
    assert plain("<p>Note<sup>see below</sup> and CO<sub>2 eq</sub>.</p>")[0] == (
        "Note(see below) and CO(2 eq)."
    )


def test_an_abbreviation_is_spelt_out_once_where_it_is_first_used() -> None:
    html = (
        '<p>The <abbr title="Parish Council">PC</abbr> met. The <abbr title="Parish '
        'Council">PC</abbr> agreed, as did <abbr title="Blaby District Council">BDC</abbr>'
        " (Blaby District Council).</p><p>The last line.</p>"
    )
    lines = plain(html)
    assert lines[0].startswith("The PC (Parish Council) met. The PC agreed, as did BDC")
    assert "(Blaby District Council)." in lines[0] + lines[1]  # said once, by the author
    assert lines[-1] == "The last line."
    markdown = render_body(html, BASE).markdown
    assert "*[" not in markdown and "]: Parish Council" not in markdown


def test_a_glossary_of_abbreviations_is_spelt_out_for_the_first_fifty_only() -> None:
    # Each is looked for in the whole post: thousands (a hostile feed's) would cost
    # seconds, so past fifty an abbreviation keeps its letters only.
    html = "".join(f'<p><abbr title="Group {n}">G{n}</abbr></p>' for n in range(60))
    lines = [line for line in plain(html) if line]
    assert lines[0] == "G0 (Group 0)" and lines[49] == "G49 (Group 49)"
    assert lines[50:] == [f"G{n}" for n in range(50, 60)]


def test_a_details_blocks_question_reads_as_one_above_its_answer() -> None:
    html = (
        '<details class="wp-block-details"><summary>When is the fete?</summary>'
        "<p>Saturday, from noon.</p></details>"
    )
    lines = drawn(html)
    text = [line.plain.rstrip() for line in lines]
    assert text[:3] == ["When is the fete?", "", "Saturday, from noon."]
    assert styled(lines, "When is").bold and not styled(lines, "Saturday").bold


def test_a_reversed_list_counts_down_as_the_post_numbers_it() -> None:
    # Gutenberg's list block has "Reverse order": a top-five countdown came out 1 to 5.
    items = "".join(f"<li>Place {n}</li>" for n in (5, 4, 3, 2, 1))
    assert plain(f"<ol reversed>{items}</ol>") == [f"{n}. Place {n}" for n in (5, 4, 3, 2, 1)]
    assert plain(f'<ol reversed start="10">{items}</ol>')[:2] == ["10. Place 5", "9. Place 4"]
    nested = "<ol reversed><li>Two<ol><li>a</li><li>b</li></ol></li><li>One</li></ol>"
    assert plain(nested) == ["2. Two", "   1. a", "   2. b", "1. One"]
    assert plain('<ol start="3"><li>c</li><li>d</li></ol>') == ["3. c", "4. d"]
    # Inside a bullet's words, and counting down past nothing (Markdown has no "-1."):
    under = plain("<ul><li>Walks<ol reversed><li>Long</li><li>Short</li></ol></li></ul>")
    assert under == ["• Walks", "  2. Long", "  1. Short"]
    assert plain('<ol reversed start="1"><li>a</li><li>b</li><li>c</li></ol>') == [
        "1. a",
        "0. b",
        "0. c",
    ]
    assert render_body(f"<ol reversed>{items}</ol>", BASE).markdown.startswith("  5. Place 5\n  4.")
    heading = '<details><summary><h3 class="wp-block-heading">Parking</h3></summary>x</details>'
    assert plain(heading)[0] == "Parking" and styled(drawn(heading), "Parking").bold
