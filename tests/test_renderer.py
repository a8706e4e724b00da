"""Real WordPress posts as the site shows them: the lines the reading pane draws, at the
widths residents use, from WordPress-shaped bodies (tests/wordpress_posts.py)."""

import re

import pytest
from markdown_it import MarkdownIt
from rich.console import Console
from rich.style import Style
from rich.text import Text

from eye_tui.render import render_body
from eye_tui.ui.post_layout import layout
from eye_tui.ui.post_lines import Theme, body_blocks
from tests import wordpress_posts

BASE = "http://www.enderbyeye.co.uk/2024/06/fete/"
THEME = Theme(
    title=Style(bold=True),
    meta=Style(dim=True),
    heading=Style(bold=True, color="magenta"),
    quote=Style(italic=True),
    link=Style(underline=True),
    link_number=Style(color="yellow"),
    image=Style(color="green"),
    rule=Style(color="blue"),
    code=Style(color="cyan"),
)


def drawn(html: str, width: int = 80) -> list[Text]:
    return layout(body_blocks(render_body(html, BASE), THEME), Console(), width)


def plain(html: str, width: int = 80) -> list[str]:
    return [line.plain.rstrip() for line in drawn(html, width)]


def styled(lines: list[Text], words: str) -> Style:
    """The style the pane draws `words` in (the first line holding them)."""
    for line in lines:
        at = line.plain.find(words)
        if at >= 0:
            return line.get_style_at_offset(Console(), at)
    raise AssertionError(f"{words!r} is not on screen")


def test_embeds_become_labelled_links_where_they_stood() -> None:
    lines = plain(wordpress_posts.CLASSIC)
    watch = lines.index("Curious? Watch the video to see how it works:")
    video = lines[watch + 2]
    assert re.fullmatch(r"▶ Video: Enderby Fete 2024 highlights \(youtube\.com\)\[(\d+)\]", video)
    number = video.rsplit("[", 1)[1].rstrip("]")
    assert f"[{number}] https://www.youtube.com/watch?v=Fete2024xyz" in lines
    gutenberg = plain(wordpress_posts.GUTENBERG)
    assert any(line.startswith("▶ Video (vimeo.com)[") for line in gutenberg)  # no iframe
    assert any(line.startswith("▶ Audio (enderbyeye.files.wordpress.com)[") for line in gutenberg)
    wpcom = plain(wordpress_posts.WORDPRESS_COM)
    assert any(line.startswith("▶ Facebook post (facebook.com)[") for line in wpcom)
    others = plain('<video src="/v.mp4"></video><object data="/a.swf"></object><embed src="x.swf">')
    assert [line.split("[")[0] for line in others if line.startswith("▶")] == [
        "▶ Video (enderbyeye.co.uk)",
        "▶ Embedded media (enderbyeye.co.uk)",
        "▶ Embedded media (enderbyeye.co.uk)",
    ]


def test_smileys_emoji_and_maths_stay_inside_their_sentence() -> None:
    classic = " ".join(plain(wordpress_posts.CLASSIC, 200))
    assert "the rain held off 😉 and everyone came." in classic
    assert "The formula E=mc^2 was on the blackboard." in plain(wordpress_posts.GUTENBERG)
    emoji = "https://s.w.org/images/core/emoji/14/svg/1f389.svg"
    listed = plain(f'<ul><li>A <img class="emoji" alt="🎉" src="{emoji}"> party</li></ul>')
    assert listed == ["• A 🎉 party"]
    # A picture inside a list item stays in that item.
    item = plain('<ul><li>Photo: <img src="/a.jpg" alt="Fete"> and more</li><li>Two</li></ul>')
    assert item[:2] == ["• Photo: [Image 1: Fete][1] and more", "• Two"]


def test_an_icon_sized_picture_stays_in_its_sentence_as_its_words() -> None:
    # A 16-pixel file icon beside a link, a 24-pixel logo: no picture worth a line.
    icon = plain(
        '<p>The <a href="/minutes.pdf">minutes <img src="/icons/pdf.png" width="16" '
        'height="16" alt="(PDF)"></a> are out. <img src="/logo.png" height="24" alt=""> '
        "Enderby EYE</p>"
    )
    assert icon[0] == "The minutes (PDF)[1] are out. Enderby EYE"
    photo = plain('<p><img src="/hall.jpg" width="300" height="24" alt="Hall"></p>')
    assert photo[0].startswith("[Image 1: Hall]")  # wide: a picture, however short


def test_a_caption_labels_its_picture_once_and_galleries_are_lists() -> None:
    classic = plain(wordpress_posts.CLASSIC)
    assert "[Image 1: Stalls on the King George V playing field][1]" in classic
    assert sum("King George V" in line for line in classic) == 1  # never a loose paragraph
    assert "[Image 2: The Enderby Brass Band][3]" in classic  # the [caption] shortcode
    gutenberg = plain(wordpress_posts.GUTENBERG)
    assert "[Image 1: Raindrop ripples on a pond][2]" in gutenberg
    assert "• [Image 2: The old mill][4]" in gutenberg
    assert "• [Image 3: The packhorse bridge][5]" in gutenberg
    assert plain('<img src="/uploads/2024/06/village-hall-roof.jpg" alt="">') == [
        "[Image 1: village-hall-roof.jpg][1]",
        "",
        "Links",
        "[1] http://www.enderbyeye.co.uk/uploads/2024/06/village-hall-roof.jpg",
    ]
    lines = drawn(wordpress_posts.GUTENBERG)
    assert styled(lines, "Image 2: The old mill").color == THEME.image.color


def test_tracking_pixels_share_links_and_boilerplate_never_reach_the_pane() -> None:
    for body in (wordpress_posts.CLASSIC, wordpress_posts.GUTENBERG, wordpress_posts.WORDPRESS_COM):
        shown = "\n".join(plain(body)).lower()
        for gone in (
            "tagged with",
            "posted in",
            "leave a reply",
            "share this",
            "facebook</a>",
            "appeared first on",
            "pixel.wp.com",
            "feeds.wordpress.com",
        ):
            assert gone not in shown, gone
    assert plain(wordpress_posts.FEEDBURNER) == [
        "Bin collections move to Tuesdays from next month."
    ]
    assert not any("[Image" in line for line in plain(wordpress_posts.WORDPRESS_COM))
    # The same words in the middle of a post are the author's, and stay.
    kept = plain("<p>Posted in error, the notice said.</p><p>The fete goes ahead.</p>")
    assert kept[0] == "Posted in error, the notice said."


def test_emphasis_shows_as_style_and_typed_punctuation_exactly() -> None:
    lines = drawn(wordpress_posts.CLASSIC)
    text = [line.plain.rstrip() for line in lines]
    assert "Prizes & results:" in text  # a bold heading: no asterisks, no lost space
    assert styled(lines, "Prizes & results:").color == THEME.heading.color
    assert styled(lines, "Enderby Village Fete").bold
    assert "Typed by the author: **not bold**, _not italic_ and a price of 5*3." in text
    assert "# not a heading" in text
    joined = " ".join(text)
    assert "It was (right now), but" in joined  # no space pushed in before the comma
    bold_split = plain("<p><strong>Bold words<br>split by a break</strong> then plain.</p>")
    assert bold_split == ["Bold words", "split by a break then plain."]
    assert "**" not in "".join(plain("<p><strong><a href='/d'>Deal $399</a></strong></p>"))


def test_lists_quotes_and_references_keep_their_indent_when_wrapped() -> None:
    lines = plain(wordpress_posts.CLASSIC, 60)
    first = next(i for i, line in enumerate(lines) if line.startswith("3. Best in show"))
    then = next(i for i, line in enumerate(lines) if line.startswith("4. Cake stall"))
    assert then - first >= 2  # the long item wrapped...
    assert all(line.startswith("   ") and line.strip() for line in lines[first + 1 : then])
    assert lines[then + 1] == "   • Victoria sponge"
    quote = [line for line in lines if "village hall" in line or "leaking" in line]
    assert quote and all(line.startswith("▌ ") for line in quote)
    narrow = plain(wordpress_posts.WORDPRESS_COM, 40)
    start = next(i for i, line in enumerate(narrow) if line.startswith("[2] "))
    assert narrow[start + 1].startswith("    ")  # the address folds under itself


@pytest.mark.parametrize("width", [80, 120, 200, 44])
def test_tables_are_aligned_columns_that_fit_the_pane(width: int) -> None:
    lines = plain(wordpress_posts.CLASSIC, width)
    assert all(len(line) <= width for line in lines), width
    header = next(line for line in lines if line.startswith("Stall"))
    rows = [line for line in lines if "│" in line]
    bars = {line.index("│") for line in rows}
    assert len(bars) == 1, rows  # the first column's edge is straight down the table
    assert "Opens" in header and "Notes" in header
    assert any("Tombola" in line and "10:00" in line for line in rows)


def test_a_table_too_wide_for_the_pane_is_shown_row_by_row() -> None:
    html = "<table><tr>" + "".join(f"<th>Column {n}</th>" for n in range(8)) + "</tr><tr>"
    html += "".join(f"<td>value{n}</td>" for n in range(8)) + "</tr></table>"
    lines = plain(html, 40)
    assert "Column 0: value0" in lines and "Column 7: value7" in lines


def test_tables_back_to_back_stay_two_tables_and_words_after_one_stay_words() -> None:
    """Markdown goes on with a table until a blank line: two tables side by side were
    drawn as one, the second's header underline a row of "---"."""
    html = (
        '<figure class="wp-block-table"><table><tbody><tr><td>Tombola</td><td>£1</td></tr>'
        "<tr><td>Raffle</td><td>£2</td></tr></tbody></table></figure>"
        '<figure class="wp-block-table"><table><tbody><tr><td>Cakes</td><td>50p</td></tr>'
        "<tr><td>Teas</td><td>80p</td></tr></tbody></table></figure>"
        "Prices as on the day."
    )
    lines = plain(html)
    assert not any("---" in line for line in lines), lines
    assert "Prices as on the day." in lines
    rows = [line.split("│")[0].strip() for line in lines if "│" in line]
    assert rows == ["Tombola", "Raffle", "Cakes", "Teas"]
    headers = [lines[index - 1] for index, line in enumerate(lines) if line.startswith("──")]
    assert [header.split("│")[0].strip() for header in headers] == ["Tombola", "Cakes"]


def test_tables_as_people_build_them_title_rows_captions_and_one_cell_rows() -> None:
    """A title row across the columns left a one-cell underline that was no table (the
    rows ran together on one line); a caption was glued to the first header; a row of
    one cell ended in a backslash."""
    html = (
        "<table><caption>Fete takings</caption><tbody>"
        '<tr><th colspan="2">Saturday 8 June</th></tr>'
        "<tr><th>Stall</th><th>Takings</th></tr>"
        "<tr><td>Tombola</td><td>£120</td></tr>"
        '<tr><td colspan="2">Afternoon</td></tr>'
        "<tr><td>Dog show</td><td>£85</td></tr></tbody></table>"
    )
    lines = plain(html)
    assert lines[:4] == ["Fete takings", "", "Saturday 8 June", ""], lines
    assert lines[4].split() == ["Stall", "│", "Takings"] and lines[5].startswith("──")
    bars = {line.index("│") for line in lines if "│" in line}
    assert len(bars) == 1, lines  # one straight column edge: every row is in the table
    assert any(line.startswith("Afternoon") and "│" in line for line in lines)
    assert any(line.startswith("Dog show") and line.endswith("£85") for line in lines)
    assert not any("\\" in line or "---" in line for line in lines)


def test_a_table_of_one_column_is_lines_and_odd_markup_keeps_every_word() -> None:
    names = "".join(f"<tr><td>{name}</td></tr>" for name in ("Ann", "Bob", "", "Cath"))
    picture = '<tr><td><img src="/wp-content/uploads/cup.jpg" alt="The cup"></td></tr>'
    lines = plain(f"<p>Winners:</p><table>{names}{picture}</table><p>Well done.</p>")
    assert lines[:6] == ["Winners:", "", "Ann", "Bob", "Cath", ""], lines
    assert any(line.startswith("[Image 1: The cup]") for line in lines)
    assert "Well done." in lines and not any("---" in line for line in lines)
    broken = plain("<table>Words straight in the table<tr><td>a</td><td>b</td></tr></table>")
    assert any("Words straight in the table" in line for line in broken)


def test_a_file_block_names_its_document_once() -> None:
    """WordPress's file block (how minutes and agendas are posted) holds a preview, the
    document's name and a "Download" button, all to the one file: it was drawn as an
    embed line, then "minutes[1]Download[1]"."""
    pdf = "/wp-content/uploads/2024/06/minutes-june.pdf"
    html = (
        "<p>The minutes are out.</p>"
        f'<div class="wp-block-file"><object class="wp-block-file__embed" data="{pdf}" '
        'type="application/pdf" style="width:100%;height:600px" aria-label="Embed of '
        f'Parish council minutes."></object><a id="wp-block-file--media-7" href="{pdf}">'
        "Parish council minutes, June</a>"
        f'<a href="{pdf}" class="wp-block-file__button wp-element-button" download '
        'aria-describedby="wp-block-file--media-7">Download</a></div>'
        "<p>The next meeting is in July.</p>"
    )
    lines = plain(html)
    at = lines.index("Parish council minutes, June[1]")
    assert lines[at - 1] == "" and lines[at + 1] == ""  # a line of its own
    assert not any("Download" in line or "▶" in line for line in lines), lines
    assert f"[1] http://www.enderbyeye.co.uk{pdf}" in lines


def test_definition_lists_pair_each_term_with_its_definition() -> None:
    html = (
        "<dl><dt>Venue</dt><dd>Village hall</dd><dt>Time</dt><dd>7pm</dd>"
        "<dt>Agenda</dt><dd><p>Minutes of the last meeting.</p><p>Footpaths.</p></dd></dl>"
        '<h3 id="after">After the meeting <a href="#after">#</a></h3>'
    )
    lines = plain(html)
    assert "Venue: Village hall" in lines and "Time: 7pm" in lines, lines
    agenda = lines.index("Agenda")
    assert lines[agenda + 2] == "Minutes of the last meeting."
    assert styled(drawn(html), "Venue").bold
    assert "After the meeting" in lines  # a heading's own "#" permalink goes


def test_a_quote_blocks_citation_reads_as_who_said_it() -> None:
    """Gutenberg's quote and pullquote end in <cite>: it read as a last line of the quote
    ("▌ Mrs Patel, chair"), as if she had said her own name."""
    html = (
        '<blockquote class="wp-block-quote"><p>Enderby looks after its own.</p>'
        "<cite>Mrs Patel, chair</cite></blockquote>"
        '<figure class="wp-block-pullquote"><blockquote><p>Best fete in years.</p>'
        "<cite>— A visitor</cite></blockquote></figure>"
        "<blockquote><p>As <cite>The Leicester Mercury</cite> put it, a fine day.</p>"
        "<cite></cite></blockquote>"
    )
    lines = [line.removeprefix("▌").strip() for line in plain(html)]
    assert "— Mrs Patel, chair" in lines, lines
    assert "— A visitor" in lines  # a dash the editor typed is not doubled
    assert "As The Leicester Mercury put it, a fine day." in lines  # a title in a sentence
    assert "—" not in lines  # an empty citation adds nothing


def test_spaces_at_the_edge_of_bold_italic_and_links_stay_between_the_words() -> None:
    """ "<strong>Note: </strong>the hall": Markdown does not close bold after a space, so
    the asterisks were drawn; a link's closing space put its number after the space."""
    html = (
        "<p><strong>Note: </strong>the hall is closed.</p>"
        "<p><b>Date:&nbsp;</b>Saturday, <em>rain </em>or shine<strong> </strong>!</p>"
        '<p><strong><em>Where: </em></strong><a href="/hall/">the village hall </a>today.</p>'
    )
    lines = plain(html)
    assert lines[0] == "Note: the hall is closed.", lines
    assert lines[2] == "Date: Saturday, rain or shine !"
    assert lines[4] == "Where: the village hall[1] today."
    assert not any("*" in line for line in lines)
    assert styled(drawn(html), "Note:").bold and styled(drawn(html), "rain").italic


def test_footnotes_become_marks_and_their_back_links_go() -> None:
    lines = plain(wordpress_posts.GUTENBERG)
    assert "Plans for the new crossing[1] are out.¹" in lines
    assert "1. Blaby District Council, May 2024." in lines
    assert not any("↩" in line for line in lines)


def test_show_prints_markdown_another_tool_renders_the_same_way() -> None:
    markdown = render_body(wordpress_posts.CLASSIC, BASE).markdown
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<strong>Enderby Village Fete</strong>" in html
    assert "<h3><strong>Prizes &amp; results:</strong></h3>" in html
    assert "**not bold**, _not italic_" in html  # shown as typed, not as emphasis
    assert '<ol start="3">' in html and "<table>" in html and "<blockquote>" in html
    assert "<h1>" not in html  # "# not a heading" stays a paragraph


def test_embeds_survive_reading_the_feed_and_scripts_never_show() -> None:
    from datetime import UTC, datetime

    from eye_tui.feed import parse_feed
    from eye_tui.text import html_to_plain

    body = wordpress_posts.CLASSIC + "<script>steal('cookies')</script><style>p{}</style>"
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Enderby EYE</title><link>http://www.enderbyeye.co.uk</link><item><title>Fete</title>
<link>{BASE}</link><guid>fete</guid><content:encoded><![CDATA[{body}]]></content:encoded>
</item></channel></rss>""".encode()
    (post,) = parse_feed(document, fetched_at=datetime(2024, 6, 2, tzinfo=UTC)).posts
    shown = plain(post.html)
    assert any(line.startswith("▶ Video: Enderby Fete 2024 highlights") for line in shown)
    assert not any("steal" in line or "p{}" in line for line in shown)
    assert "steal" not in html_to_plain(post.html)  # nor in the search index


def test_code_keeps_its_lines_and_headings_rules_and_nested_quotes_read_right() -> None:
    html = (
        "<pre><code>def fete():\n    return 1</code></pre><h2>Heading <em>two</em></h2>"
        "<blockquote><p>Quote one</p><blockquote><p>nested</p></blockquote></blockquote>"
        "<hr><p>Then <code>inline</code> and <del>gone</del>.</p>"
    )
    lines = drawn(html)
    text = [line.plain.rstrip() for line in lines]
    assert text[:2] == ["  def fete():", "      return 1"]
    assert styled(lines, "def fete").color == THEME.code.color
    assert "Heading two" in text and styled(lines, "two").italic
    assert "▌ ▌ nested" in text
    assert "─" * 20 in text
    assert "Then inline and gone." in text and styled(lines, "gone").strike


def test_elements_replaced_in_any_order_land_where_they_stood() -> None:
    """replace_with looks for an element from where the last replacement was (passes go
    in document order); out of order, or with the children changed between, it must
    still find each one, and never take an equal-looking sibling for it."""
    from eye_tui.html_tree import Element, parse, serialize

    root = parse("".join(f"<p>{n}</p>" for n in range(6)) + "<p>0</p>")
    paragraphs = [e for e in root.elements() if e.tag == "p"]
    for index in (4, 1, 5, 0):
        paragraphs[index].replace_with(Element("h2", children=[f"was {index}"]))
    root.children.insert(0, "start ")
    paragraphs[3].remove()
    paragraphs[6].replace_with("last")
    assert serialize(root) == (
        "start <h2>was 0</h2><h2>was 1</h2><p>2</p><h2>was 4</h2><h2>was 5</h2>last"
    )
