"""The links view (newsboat's `u`): every link of the post, numbered as in its text.

Each row says what the link leads to (a post of this archive, a web page, a PDF, an
image, an email address) and where; the resident opens or copies any of them. Typing a
number picks link N, so links 10 and up are two keys away.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from eye_tui.links import LinkKind, PostLink, shown_url
from eye_tui.text import human_size
from eye_tui.ui.safe import label
from eye_tui.ui.widgets.footer import Footer
from eye_tui.ui.widgets.moving_keys import MovingOptions

KIND_WIDTH = 10
HOST_WIDTH = 26


@dataclass(frozen=True, slots=True)
class LinkChoice:
    link: PostLink
    copy: bool = False  # copy the address instead of following it


class LinksScreen(ModalScreen[LinkChoice | None]):
    BINDINGS = [
        Binding("escape,q,u", "dismiss(None)", "Close"),
        Binding("enter,o", "follow", "Open"),
        Binding("y,c", "copy", "Copy address"),
        Binding("s", "save", "Save document"),
    ]
    SCOPED_CSS = False  # parsed when the links first open, not before the first paint
    DEFAULT_CSS = """
    LinksScreen {
        align: center middle;
    }

    #links-box {
        width: 100;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }

    #links-title {
        padding: 1 0;
    }

    #links-list {
        height: auto;
        max-height: 50vh;  /* the title and the whole address stay on screen at 80x24 */
        border: none;
        padding: 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    #links-address {
        color: $text-muted;
        padding: 1 0;
        height: auto;
    }
    """

    def __init__(
        self, title: str, links: Sequence[PostLink], save: Callable[[PostLink], bool]
    ) -> None:
        super().__init__()
        self.post_title = title
        self.links = list(links)
        # Starts saving a document (True) or says why not: the view stays open, so one
        # document after another can be saved.
        self._save = save
        self._typed = ""  # digits typed so far, to pick link 12 with "1", "2"

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box"):
            yield Static(self._heading(), id="links-title")
            yield MovingOptions(*(Option(_row(link)) for link in self.links), id="links-list")
            yield Static(id="links-address", markup=False)
        yield Footer()

    def _heading(self) -> Text:
        count = len(self.links)
        heading = Text(f"{count} link{'s' * (count != 1)} in ", style="bold")
        heading.append_text(label(self.post_title))
        return heading

    def on_mount(self) -> None:
        if not self.links:
            self.query_one("#links-address", Static).update("This post has no links.")
            return
        self.query_one(OptionList).highlighted = 0

    @on(OptionList.OptionHighlighted)
    def _show_address(self, event: OptionList.OptionHighlighted) -> None:
        link = self.links[event.option_index]
        # The whole address, wrapped: the row above may have cut it short.
        lead = _LEAD.get(link.kind, "")
        shown = Text(lead + shown_url(link.url))
        if link.warning:
            shown = Text.assemble((f"⚠ Careful: {link.warning}.\n", "bold yellow"), shown)
        self.query_one("#links-address", Static).update(shown)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(LinkChoice(self.links[event.option_index]))

    def _current(self) -> PostLink | None:
        index = self.query_one(OptionList).highlighted
        return self.links[index] if index is not None and self.links else None

    def action_follow(self) -> None:
        if (link := self._current()) is not None:
            self.dismiss(LinkChoice(link))

    def action_save(self) -> None:
        if (link := self._current()) is not None and self._save(link):
            self._show_row(link, saving=True)

    def show_link(self, link: PostLink) -> None:
        """A link's row as the archive now has it (its document saved, or not)."""
        self._show_row(link)

    def _show_row(self, link: PostLink, saving: bool = False) -> None:
        for index, shown in enumerate(self.links):
            if shown.number == link.number:
                self.links[index] = link
                prompt = _row(link, saving)
                self.query_one(OptionList).replace_option_prompt_at_index(index, prompt)

    def action_copy(self) -> None:
        if (link := self._current()) is not None:
            self.dismiss(LinkChoice(link, copy=True))

    def on_key(self, event: Key) -> None:
        """Digits pick a link by its number: "1" then "2" is link 12 when there is one."""
        if event.character is None or not event.character.isdigit():
            self._typed = ""
            return
        event.stop()
        typed = self._typed + event.character
        if not 1 <= int(typed) <= len(self.links):
            typed = event.character  # no such link: start a new number
        if 1 <= int(typed) <= len(self.links):
            self.query_one(OptionList).highlighted = int(typed) - 1
        self._typed = typed if int(typed) * 10 <= len(self.links) else ""


def _row(link: PostLink, saving: bool = False) -> Text:
    """One line: number, kind, host and the link's words (or its address)."""
    row = Text(f"{link.number:>3}", style="bold")
    row.append("⚠ " if link.warning else "  ", style="bold yellow")
    row.append(f"{link.kind:<{KIND_WIDTH}} ", style=_KIND_STYLE.get(link.kind, ""))
    host = link.host if len(link.host) <= HOST_WIDTH else link.host[: HOST_WIDTH - 1] + "…"
    row.append(f"{host:<{HOST_WIDTH}} ", style="dim")
    row.append_text(label(link.label or link.url))
    if link.saved_file:
        row.append(f"  · saved, {human_size(link.saved_bytes)}", style="green")
    elif saving:
        row.append("  · saving…", style="dim")
    row.no_wrap, row.overflow = True, "ellipsis"
    return row


_KIND_STYLE = {
    LinkKind.POST: "bold green",
    LinkKind.PDF: "yellow",
    LinkKind.IMAGE: "magenta",
    LinkKind.AUDIO: "bright_blue",
    LinkKind.VIDEO: "bright_blue",
    LinkKind.DOCUMENT: "yellow",
    LinkKind.EMAIL: "cyan",
    LinkKind.BLOCKED: "red",
}
_LEAD = {
    LinkKind.POST: "Opens here, offline: ",
    LinkKind.BLOCKED: "Never opened (only web and mail links are); y copies it: ",
}
