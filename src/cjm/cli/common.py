"""What every command module shares: exit statuses, the usage error, output helpers.

The file helpers pick what to make from a file's suffix and write it.  They
import nothing heavy at module level (python-pptx is loaded by
:func:`deck_bytes` only when it runs), so ``cjm --help`` stays quick.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "Maker",
    "UsageError",
    "checked_path",
    "deck_bytes",
    "journey_format",
    "make_by_suffix",
    "out",
    "print_error",
    "write_content",
]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

#: Makes the content of a file: Markdown or YAML text, or the bytes of a workbook or a deck.
Maker = Callable[[], str | bytes]


class UsageError(Exception):
    """A command used wrongly; exit status 2."""


def out(text: str) -> None:
    """Print a line of normal output to stdout."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def print_error(exc: BaseException | str) -> None:
    """Print an error message to stderr, prefixed ``cjm:``."""
    sys.stderr.write(f"cjm: {exc}\n")


def _either(suffixes: Iterable[str]) -> str:
    """``.md, .xlsx or .pptx``."""
    names = list(suffixes)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def checked_path(
    name: str | Path, suffixes: Iterable[str], what: str, *, folder_must_exist: bool = False
) -> Path:
    """``name`` as a path, checked before any work: one of ``suffixes``, and (if asked) in a folder.

    ``what`` names the file in the message (``"--report"``, ``"the guide"``).
    Raises :class:`UsageError`.
    """
    path = Path(name)
    accepted = list(suffixes)
    if path.suffix.lower() not in accepted:
        raise UsageError(f"{what} {path}: expected a {_either(accepted)} file")
    if folder_must_exist and not path.parent.is_dir():
        raise UsageError(f"{path}: folder {path.parent} does not exist")
    return path


def make_by_suffix(path: Path, makers: Mapping[str, Maker], what: str) -> str | bytes:
    """The content of ``path``, made by the maker of its suffix (:class:`UsageError` for another)."""
    return makers[checked_path(path, makers, what).suffix.lower()]()


def write_content(path: Path, content: str | bytes, *, make_folder: bool = True) -> None:
    """Write text (UTF-8) or bytes to ``path`` atomically, making its folder first unless told not to."""
    from cjm.io import write_bytes, write_text

    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        write_text(path, content)
    else:
        write_bytes(path, content)


def deck_bytes(journey: Any, *slides: Any, language: str | None = None) -> bytes:
    """A deck of ``slides`` (builder names or builders) of ``journey``, as .pptx bytes."""
    import io

    from cjm.exporters.powerpoint import Deck

    buffer = io.BytesIO()
    Deck(journey, language=language).add(*slides).write(buffer)
    return buffer.getvalue()


def journey_format(path: str | Path, what: str = "the journey") -> str:
    """``yaml`` or ``json``: how a journey is written to ``path``, from its suffix.

    A file of another suffix could not be read back (``cjm`` reads journeys
    by suffix), so it is refused with :class:`UsageError`; call it before any work.
    """
    from cjm.io import FORMATS

    return FORMATS[checked_path(path, FORMATS, what).suffix.lower()]
