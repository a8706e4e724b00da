"""Command palette: jump to any tag or month by typing its name."""

import calendar
from functools import partial
from typing import TYPE_CHECKING, cast

from textual import on
from textual.binding import Binding
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets import Input, OptionList

from eye_tui.ui.safe import content, highlighted
from eye_tui.ui.widgets.moving_keys import page_when_drawn

if TYPE_CHECKING:
    from eye_tui.ui.app import EyeApp


_AHEAD = 1_000_000.0


class JumpCommands(Provider):
    """'Tag: Police (12)', 'Month: March 2015 (4)', 'Year: 2015 (40)' — choosing one
    filters the list. A month is found by its number too ("2015-03", as `--month` says)."""

    def _targets(self) -> list[tuple[str, str, object]]:
        archive = cast("EyeApp", self.app).archive
        targets: list[tuple[str, str, object]] = []
        for tag in archive.tag_counts():
            kind = "Section" if tag.kind == "category" else "Tag"
            targets.append((f"{kind}: {tag.name} ({tag.posts:,})", "tag", tag.key))
        years: dict[str, int] = {}
        for month in archive.month_counts():
            name = f"{calendar.month_name[int(month.month[5:])]} {month.month[:4]}"
            targets.append((f"Month: {name} ({month.posts:,})", "month", month.month))
            years[month.month[:4]] = years.get(month.month[:4], 0) + month.posts
        targets += [(f"Year: {year} ({posts:,})", "month", year) for year, posts in years.items()]
        return targets

    def _jump(self, kind: str, value: object) -> None:
        from eye_tui.ui.screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return
        if kind == "tag":  # adds to the chosen tags, as choosing one in the sidebar does
            if value not in screen.post_filter.tags:
                screen.set_filter(tags=(*screen.post_filter.tags, value))
        else:
            screen.set_filter(month=value)

    async def discover(self) -> Hits:
        for text, kind, value in self._targets()[:10]:
            # A str here would be parsed as markup: a tag named "[/]" crashed the app.
            yield DiscoveryHit(
                content(text), partial(self._jump, kind, value), help="Filter the list"
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, kind, value in self._targets():
            score = matcher.match(text)
            typed = query.strip()
            if kind == "month" and typed and str(value).startswith(typed):
                # Typed as the command line writes it: the very one first, then the rest,
                # ahead of anything the fuzzy match found (its scores are not bounded).
                score += _AHEAD * (2 if typed == value else 1)
            if score > 0:
                # Not matcher.highlight(): it parses its argument as markup.
                yield Hit(
                    score,
                    highlighted(matcher, text, self.match_style),
                    partial(self._jump, kind, value),
                    help="Filter the list",
                )


class Palette(CommandPalette):
    """Textual's palette, mended for keys that come in bursts (a key held, a slow ssh
    link), each of which ended the reader: PgUp/PgDn wait for its list (Textual pages
    by the lines it made at layout: KeyError), and an Enter or a choice that reaches the
    palette once it has closed is dropped (it closed the reader's own screen)."""

    BINDINGS = [
        Binding("pagedown", "page_commands(True)", "Next page", show=False),
        Binding("pageup", "page_commands(False)", "Previous page", show=False),
    ]

    def action_page_commands(self, down: bool) -> None:
        page_when_drawn(self.query_one(CommandList), down)

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def _closed_already(self, event: Input.Submitted | OptionList.OptionSelected) -> None:
        # An Enter after the one that closed us, or a choice that comes back (a message)
        # after an Esc in the same burst closed us: Textual's handler would dismiss again.
        if not self.is_active:
            event.prevent_default()
            event.stop()
