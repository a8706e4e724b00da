"""The sidebar's two panes: Tags (type to filter, pick several; the site's sections first
where it names them) and Archive (by month)."""

import calendar
from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from eye_tui.model import MonthCount, TagCount
from eye_tui.ui.messages import MonthChosen, TagToggled
from eye_tui.ui.safe import label
from eye_tui.ui.widgets.moving_keys import MovingOptions, moving_keys

TAG_ROOM = 22  # cells for a tag's name and count, until the pane has its width


class TagPane(Vertical):
    """Tags, most used first; Enter or a click adds the tag to the filter or removes it.

    In the filter box, Enter chooses the first tag that matches what was typed, and
    Down moves into the list."""

    BINDINGS = [Binding("down", "into_list", "Tags", show=False)]
    # Both panes' CSS, here rather than in app.tcss: parsed when they mount, after the
    # first paint. Unscoped: the rules name the panes by id.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #tags, #archive {
        border: round $primary 40%;
        border-title-color: $text-primary;
        background: $panel;
    }

    #tags:focus-within, #archive:focus {
        border: round $primary;
    }

    #tags {
        height: 3fr;
    }

    #archive {
        height: 2fr;
    }

    #tag-filter {
        border: none;
        height: 1;
        padding: 0 1;
        background: $surface;
    }

    #tag-options {
        border: none;
        height: 1fr;
        background: $panel;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Tags"
        self._tags: Sequence[TagCount] = ()
        self._chosen: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type to filter tags…", id="tag-filter")
        yield MovingOptions(id="tag-options")

    def set_tags(self, tags: Sequence[TagCount], chosen: Sequence[str]) -> None:
        self._tags, self._chosen = tags, set(chosen)
        self._fill()

    def focus_tags(self) -> None:
        self.screen.set_focus(self.query_one("#tag-filter", Input))  # at once: see search

    def forget_typed(self) -> None:
        """The words typed to find a tag, left unused: the whole list again."""
        self.query_one("#tag-filter", Input).value = ""

    @on(Input.Changed, "#tag-filter")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#tag-filter")
    def _filter_submitted(self) -> None:
        options = self.query_one("#tag-options", OptionList)
        if not self.query_one("#tag-filter", Input).value.strip():
            self.action_into_list()  # nothing typed: Enter means "to the list"
        elif options.option_count:
            first = next(
                (
                    o
                    for i in range(options.option_count)
                    if (o := options.get_option_at_index(i)).id
                ),
                None,
            )  # the first tag, not a heading
            if first is not None and first.id:
                self.post_message(TagToggled(first.id))
                self.query_one("#tag-filter", Input).value = ""  # ready for the next tag

    def action_into_list(self) -> None:
        options = self.query_one("#tag-options", OptionList)
        if options.option_count and not options.has_focus:
            options.highlighted = 0 if options.highlighted is None else options.highlighted
            self.screen.set_focus(options)

    @on(OptionList.OptionSelected, "#tag-options")
    def _tag_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(TagToggled(event.option.id))

    def on_resize(self) -> None:
        self._fill()  # names are cut to the pane's width: 30 cells, 26 at 80 columns

    def _fill(self) -> None:
        typed = self.query_one("#tag-filter", Input).value.strip().lower()
        options = self.query_one("#tag-options", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        shown = [t for t in self._tags if typed in t.name.lower()][:500]
        sections = [t for t in shown if t.kind == "category"]
        tags = [t for t in shown if t.kind != "category"]
        room = self._room(len(shown) + (2 if sections else 0), options)
        # Chosen ones stay on top so they are easy to find and drop again.
        sections.sort(key=lambda t: t.key not in self._chosen)
        tags.sort(key=lambda t: t.key not in self._chosen)
        self.border_title = (
            "Sections & tags" if any(t.kind == "category" for t in self._tags) else "Tags"
        )
        if sections:  # headings only where the site tells sections from tags
            options.add_option(Option(Text("Sections", style="bold dim"), disabled=True))
            options.add_options([self._option(tag, room) for tag in sections])
            options.add_option(Option(Text("Tags", style="bold dim"), disabled=True))
        options.add_options([self._option(tag, room) for tag in tags])
        if typed and not shown:  # else an empty pane looks like an archive with no tags
            typed_as_is = self.query_one("#tag-filter", Input).value.strip()
            said = Text(f"No tag matches “{typed_as_is}”", style="dim")
            options.add_option(Option(said, disabled=True))
        if highlighted is not None and options.option_count:
            options.highlighted = min(highlighted, options.option_count - 1)

    def _room(self, lines: int, options: OptionList) -> int:
        """Cells for a tag's name and count: the pane's width less the list's padding and
        the "✓ " column, and less its scroll bar only when the lines will need one."""
        if self.size.width <= 12:  # not laid out yet
            return TAG_ROOM
        visible = self.size.height - 1  # under the filter box
        bar = options.styles.scrollbar_size_vertical if lines > visible else 0
        return self.size.width - 4 - bar

    def _option(self, tag: TagCount, room: int) -> Option:
        chosen = tag.key in self._chosen
        count = f"  {tag.posts:,}"
        name = label(tag.name, "bold" if chosen else "")
        if name.cell_len + len(count) == room + 1:  # one cell short: "Leicestershire 1,200"
            count = count[1:]  # one space rather than a name cut
        # One line per tag: OptionList would wrap a long name onto a second line.
        name.truncate(max(4, room - len(count)), overflow="ellipsis")
        prompt = Text("✓ " if chosen else "  ")
        prompt.append_text(name)
        prompt.append(count, style="dim")
        return Option(prompt, id=tag.key)


class ArchivePane(Tree[str]):
    """Years, then months, with post counts, like the site's "Archived News"."""

    BINDINGS = moving_keys("cursor_down", "cursor_up", "scroll_home", "scroll_end")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Archive", id=id)
        self.show_root = False
        self.auto_expand = False  # Enter chooses a year (and opens it); Space opens or closes
        self.border_title = "Archive"

    def set_months(self, months: Sequence[MonthCount]) -> None:
        expanded = {node.data for node in self.root.children if node.is_expanded}
        at = self.cursor_node.data if self.cursor_node is not None else None
        self.clear()
        years: dict[str, list[MonthCount]] = {}
        for month in months:
            years.setdefault(month.year, []).append(month)
        for index, (year, in_year) in enumerate(years.items()):
            total = sum(m.posts for m in in_year)
            node = self.root.add(
                Text(f"{year}  ({total:,})"),
                data=year,
                expand=year in expanded or (index == 0 and not expanded),
            )
            for month in in_year:
                name = calendar.month_name[int(month.month[5:])]
                node.add_leaf(Text(f"{name}  ({month.posts:,})"), data=month.month)
        if at is not None:  # read again after a refresh: the cursor stays on its row
            self._cursor_to(at)

    def show_cursor(self, shown: str | None) -> None:
        """Before the pane takes the keys: the cursor on the month (or year) the list
        shows, else where it was, else on the newest month, so a first key moves from a
        row the resident can see (a Tree starts with no cursor at all)."""
        if not shown and self.cursor_node is not None:
            return
        if not shown and self.root.children:
            newest = self.root.children[0]
            shown = (newest.children[0] if newest.children else newest).data
        if shown:
            self._cursor_to(shown)

    def _cursor_to(self, data: str) -> None:
        for year in self.root.children:
            for node in (year, *year.children):
                if node.data == data:
                    if node is not year:
                        year.expand()
                    # A node learns its line when the tree is next laid out.
                    self.call_after_refresh(self.move_cursor, node)
                    return

    def action_toggle_node(self) -> None:
        """Space: a year opened at the pane's foot brings its months into view (the year
        kept at the top when they cannot all fit)."""
        super().action_toggle_node()
        year = self.cursor_node
        if year is not None and year.is_expanded and year.children:
            self.call_after_refresh(self._months_in_view, year)

    def _months_in_view(self, year: TreeNode[str]) -> None:
        self.scroll_to_node(year.children[-1], animate=False)
        self.scroll_to_node(year, animate=False)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.children:
            event.node.expand()  # a year chosen: its months stay in view
        if event.node.data:
            self.post_message(MonthChosen(event.node.data))
