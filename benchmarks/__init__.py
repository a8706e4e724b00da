"""eye-tui's benchmarks: `python -m benchmarks` (add `--quick` for a smoke run)."""
