"""eye-tui: a terminal reader for the Enderby EYE with an offline archive."""

__version__ = "0.1.0"
