from eye_tui.config import Settings


def run_reader(settings: Settings, demo: bool = False, reset: bool = False) -> int:
    print("The reader is coming; use `eye-tui list` and `eye-tui show ID` meanwhile.")
    return 0
