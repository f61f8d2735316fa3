"""What every command module shares: exit statuses, the usage error, output helpers."""

from __future__ import annotations

import sys

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "UsageError", "out", "print_error"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command used wrongly; exit status 2."""


def out(text: str) -> None:
    """Print a line of normal output to stdout."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def print_error(exc: BaseException | str) -> None:
    """Print an error message to stderr, prefixed ``cjm:``."""
    sys.stderr.write(f"cjm: {exc}\n")
