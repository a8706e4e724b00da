"""Messages the sidebar sends up to the screen, kept apart so the screen can load the
sidebar's widgets only after the first paint."""

from textual.message import Message


class TagToggled(Message):
    """A tag was chosen in the sidebar: add it to the filter, or drop it again."""

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug


class MonthChosen(Message):
    """A year ("YYYY") or month ("YYYY-MM") was chosen in the archive tree."""

    def __init__(self, month: str) -> None:
        super().__init__()
        self.month = month
