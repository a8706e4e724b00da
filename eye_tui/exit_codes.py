"""The exit codes of `eye-tui`: a stable contract for scripts and cron."""

OK = 0
FAILED = 1  # the work failed (network, not a feed, archive trouble); archive unchanged
USAGE = 2  # the command line asked for something that cannot be
INTERRUPTED = 130  # Ctrl+C
