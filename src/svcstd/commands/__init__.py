"""One module per command: each exposes ``run_<command>(...) -> int`` (the exit code)."""
