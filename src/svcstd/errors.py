"""The one family of user-facing errors and the exit codes they map to."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


class SvcstdError(Exception):
    """An error the user can fix; shown as a message, never as a traceback."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(SvcstdError):
    """Bad command-line arguments or a path that does not exist."""


class ConfigError(SvcstdError):
    """The repository configuration file is missing or invalid."""
