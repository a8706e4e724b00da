"""Textual's footer, without its leak.

The footer is built again whenever the keys it shows change (a search begins or ends,
focus moves). Each key it makes watches the footer's `compact` setting, and Textual
forgets the watchers of keys that are gone only when that setting changes, which it
never does here (Textualize/textual#6666, Textual 8.2). Every key ever shown stayed in
memory with its styles, about a thousand objects a rebuild: a search typed letter by
letter left hundreds of thousands behind, and each full garbage collection walked them."""

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    async def recompose(self) -> None:
        await super().recompose()
        # Asking the setting's watchers again is when Textual drops those of removed keys
        # (the live keys are told the value they already have).
        self.mutate_reactive(TextualFooter.compact)
