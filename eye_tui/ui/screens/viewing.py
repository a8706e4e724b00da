"""Seeing the open post's kept pictures at full size (v).

The pane draws pictures inline in half blocks, which every terminal shows, tmux and SSH
included. `v` hands the terminal to picture_viewer.py, where textual-image draws them as
well as the terminal can (Kitty graphics, Sixel, else half blocks), and takes it back
when the resident presses q.
"""

from textual.app import SuspendNotSupported

from eye_tui.ui.screens.base import ReaderScreen
from eye_tui.ui.widgets.post_reader import PostReader


class ViewingActions(ReaderScreen):
    def action_view_pictures(self) -> None:
        import json  # here, not at the top: the reader starts faster without them
        import os
        import subprocess
        import sys
        import tempfile

        reader = self.query_one(PostReader)
        addresses, labels = reader.body_pictures, reader.body_picture_labels
        if reader.post is None:
            self.say_no_post()
            return
        if not addresses:
            self.notify("This post has no pictures.", timeout=3)
            return
        kept = reader.kept_pictures(addresses)
        pictures = [
            [str(kept[url]), label]
            for url, label in zip(addresses, labels, strict=False)
            if url in kept
        ]
        if not pictures:
            offline = self.eye.offline_reason()
            how = f"none can be fetched ({offline})" if offline else "i keeps them"
            self.notify(f"None of this post's pictures is kept yet: {how}.", timeout=4)
            return
        self.read_shown_post()  # its pictures are read with it, as its comments are
        handle, listing = tempfile.mkstemp(prefix="eye-tui-pictures-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(pictures, out)
            command = [sys.executable, "-m", "eye_tui.ui.picture_viewer", listing]
            try:
                with self.app.suspend():
                    subprocess.run(command, check=False)
            except SuspendNotSupported:
                self.notify("Full-size pictures need a real terminal.", timeout=4)
        finally:
            os.unlink(listing)
        self.app.refresh(layout=True)  # the viewer drew over everything
