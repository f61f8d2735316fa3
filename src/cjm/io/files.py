"""Atomic file writing: a temporary file in the same folder, then a rename.

An error, or a kill, part-way through never leaves a half-written file and
never clobbers the user's earlier one: the old file stays until the new one is
complete and flushed, and ``os.replace`` swaps them in one step.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_writer", "check_size", "read_text", "write_bytes", "write_text"]


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open a binary stream whose content replaces ``path`` only if the block succeeds."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"{target}: folder {folder} does not exist")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        _keep_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _keep_mode(target: Path, tmp: Path) -> None:
    """Give the new file the old file's permissions, or the usual ones for a new file."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_writer(path) as stream:
        stream.write(data)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 (newlines as given) to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))


def check_size(path: str | os.PathLike[str], limit: int, what: str = "files here") -> None:
    """Refuse a file larger than ``limit`` bytes with a :class:`~cjm.errors.LoadError`
    (``what`` names the kind of file in the message: "tables are limited to …")."""
    from cjm.errors import LoadError
    from cjm.validate.findings import Finding

    size = os.path.getsize(path)
    if size > limit:
        name = str(path)
        raise LoadError(
            f"{name}: file too large",
            [Finding(rule="size", source=name, message=f"{size} bytes; {what} are limited to {limit}")],
        )


def read_text(path: str | os.PathLike[str], *, limit: int) -> str:
    """A UTF-8 text file (BOM or not), refused with a :class:`~cjm.errors.LoadError` if it is
    larger than ``limit`` bytes or not UTF-8: files from outside are untrusted."""
    from cjm.errors import LoadError
    from cjm.validate.findings import Finding

    name = str(path)
    check_size(path, limit)
    with open(path, "rb") as stream:
        raw = stream.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"{name}: not UTF-8 text",
            [
                Finding(
                    rule="encoding",
                    source=name,
                    message=f"byte {exc.start} is not UTF-8; save the file as UTF-8",
                )
            ],
        ) from None
