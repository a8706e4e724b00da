"""Textual's footer, rebuilt only when its keys change, and without its leak.

Textual rebuilds the footer at every refresh of the bindings (each list a search's
letters bring, each move of focus), ~50 ms of the UI thread's time, though the keys it
shows seldom change: it is rebuilt here only when they do.

Each key it makes watches the footer's `compact` setting, and Textual forgets the
watchers of keys that are gone only when that setting changes, which it never does here
(Textualize/textual#6666, Textual 8.2). Every key ever shown stayed in memory with its
styles, about a thousand objects a rebuild: a search typed letter by letter left
hundreds of thousands behind, and each full garbage collection walked them."""

from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    _built_for: tuple[object, ...] | None = None

    async def recompose(self) -> None:
        keys = self._keys_to_show()
        if keys is not None and keys == self._built_for:
            return  # the same keys: a rebuild would only swap them for their twins
        await super().recompose()
        # A footer built before the bindings were ready shows nothing: build it again.
        self._built_for = keys if self.children else None
        # Asking the setting's watchers again is when Textual drops those of removed keys
        # (the live keys are told the value they already have).
        self.mutate_reactive(TextualFooter.compact)
        self._leave_out_cut_keys()

    def on_resize(self) -> None:
        self._leave_out_cut_keys()

    def _leave_out_cut_keys(self) -> None:
        """Show the keys that fit whole: at 80 columns the last one was cut mid-word
        ("Space Scroll po"). The palette's key, docked right, keeps its place."""
        keys = list(self.query(FooterKey))
        palette = [key for key in keys if key.has_class("-command-palette")]
        room = self.size.width - sum(_cells(key) for key in palette)
        for key in keys:
            if key not in palette:
                room -= _cells(key)
                key.display = room >= 0

    def _keys_to_show(self) -> tuple[object, ...] | None:
        if not self.is_attached:
            return None
        shown = (
            (binding, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        return (self.compact, self.show_command_palette, *shown)


def _cells(key: FooterKey) -> int:
    """The columns a key takes: its text, padding, border and margin."""
    styles = key.styles
    return key.render().cell_len + styles.gutter.width + styles.margin.width
