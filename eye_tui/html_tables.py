"""Tables made into what a Markdown table can say, before html2text writes them.

A Markdown table is a header row, an underline with one cell per column, then rows.
Tables as people build them in WordPress often are not: a title row spanning every
column (its underline of one cell no longer made a table, and the rows after it ran
together on one line), a <caption> (glued to the first header), a row of one cell
between others (a section within the table), or one column only (a list of names,
whose underline was drawn as "---"). Here the title rows and the caption become
paragraphs above the table, short rows get empty cells, and a table of one column
becomes lines of text.
"""

from eye_tui.html_tree import Element, holding

_CELLS = ("td", "th")


_GROUPS = {"thead", "tbody", "tfoot", "tr"}
_PARTS = {"caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr"}


def tidy_tables(root: Element) -> None:
    for table in [e for e in root.elements() if e.tag == "table"]:
        if table.attached() and table.enclosing("table") is None and _well_made(table):
            _tidy(table)


def _well_made(table: Element) -> bool:
    """Only rows of cells (and a caption): anything else, as broken markup leaves it
    (words straight in a row), is left to html2text as it stands, never dropped."""
    for part in [table, *table.elements()]:
        if part is not table and part.tag not in _GROUPS:
            continue  # a cell, a caption, or what they hold
        allowed = _CELLS if part.tag == "tr" else _PARTS
        for node in part.children:
            if isinstance(node, str) and node.strip():
                return False
            if isinstance(node, Element) and node.tag not in allowed:
                return False
    return True


def _tidy(table: Element) -> None:
    captions = _own(table, "caption")
    above = [holding("p", caption.children) for caption in captions]
    for caption in captions:
        caption.remove()
    rows = _rows(table)
    widths = [len(_cells(row)) for row in rows]
    widest = max(widths, default=0)
    if widest <= 1:  # one column: its rows are lines
        lines: list[Element | str] = []
        for cells in map(_cells, rows):
            if cells and not _empty(cells[0]):
                lines += [Element("br")] * bool(lines) + cells[0].children
        table.replace_with(*above, *[holding("p", lines)] * bool(lines))
        return
    while widths[0] < widest:  # a title row above the columns
        title = _cells(rows[0])
        above.append(holding("p", title[0].children if title else []))
        rows.pop(0).remove()
        widths.pop(0)
    for row, width in zip(rows, widths, strict=True):
        for _ in range(widest - width):  # a row of fewer cells: empty ones to the end
            row.append(Element("td"))
    if above:  # (asked only then: finding its place among many siblings is a scan)
        table.replace_with(*above, table)


def _empty(cell: Element) -> bool:
    """No words and nothing else (a picture alone has no words, and is kept)."""
    return not cell.text() and not any(isinstance(node, Element) for node in cell.children)


def _rows(table: Element) -> list[Element]:
    """The table's own rows (not those of a table inside one of its cells)."""
    return [e for e in table.elements() if e.tag == "tr" and e.enclosing("table") is table]


def _cells(row: Element) -> list[Element]:
    return [child for child in row.children if isinstance(child, Element) and child.tag in _CELLS]


def _own(parent: Element, tag: str) -> list[Element]:
    return [c for c in parent.children if isinstance(c, Element) and c.tag == tag]
