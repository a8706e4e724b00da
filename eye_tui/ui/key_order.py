"""Keys from the terminal, handled one at a time and in the order they were typed.

Textual sends each key to the widget that has focus when the key is *read*. Keys that
arrive together — typed while the reader starts, batched by a slow SSH link, or sent by
tmux in one write — are all routed before the first of them runs, so in `/Stoney` the
letters reach the post list as commands ("S" is "starred only") instead of the search box
that `/` opens. The app queues every fresh key here and lets the next one through only
when the last has been handled all the way up; none goes before the screen is ready.
Esc and a letter read together as Alt+letter are queued as the two keys typed.
"""

from textual import events


class KeyQueue:
    def __init__(self) -> None:
        self.ready = False
        self._waiting: list[events.Key] = []
        self._sent: events.Key | None = None  # our copy of the key being handled

    def hold(self, key: events.Key) -> bool:
        """Called for every key the app receives; True means: queued, not to be handled
        now (it comes back through `next_key`)."""
        if key.is_forwarded or key is self._sent:  # bubbling back up, or our own copy
            return False
        self._waiting += as_typed(key)
        return True

    def is_ours(self, key: events.Key) -> bool:
        """A copy we sent, arriving fresh (not yet handed on)."""
        return key is self._sent and not key.is_forwarded

    def is_current(self, key: events.Key) -> bool:
        """The key being handled now (the next may go once it is done)."""
        return key is self._sent

    @property
    def idle(self) -> bool:
        """No key is being handled: a newly queued key may go at once."""
        return self._sent is None

    def next_key(self) -> events.Key | None:
        """The next key to send (a fresh copy the queue will recognise), or None."""
        self._sent = None
        if self.ready and self._waiting:
            key = self._waiting.pop(0)
            self._sent = events.Key(key.key, key.character)
        return self._sent


def as_typed(key: events.Key) -> list[events.Key]:
    """The keys a person typed. Esc and a letter that arrive in one read (typed quickly,
    or batched by a slow SSH link) reach Textual as Alt+letter: in the search box the Esc
    was lost and the letter typed into the words. The reader has no Alt keys, so they are
    what was typed, Esc then the letter (as vim and less read them too)."""
    letter = key.character or ""
    if key.key.startswith("alt+") and len(letter) == 1 and letter.isascii() and letter.isalpha():
        return [events.Key("escape", "\x1b"), events.Key(letter, letter)]
    return [key]
