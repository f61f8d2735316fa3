"""Writing an output, and reading a text file from outside.

Every file cjm writes goes through :func:`atomic_writer` (or :func:`write_bytes`
and :func:`write_text`, which use it).  What happens depends on what is at the
path, checked before any work and again when the bytes are ready:

* **nothing, or a regular file**: the content is made in memory (a spooled
  buffer that moves to an unnamed temporary file past :data:`SPOOL_BYTES`);
  only when it is complete is a temporary file created beside the target,
  filled, flushed to disk (``fsync``) and swapped in with ``os.replace``.  An
  error, Ctrl-C or SIGTERM part-way removes the temporary file and leaves the
  old file as it was; a kill (``kill -9``) can leave one only during that last
  short step, and the next write to the same path removes it (its name,
  ``.NAME.cjmPID.XXXXXXXX.tmp``, says whose it is and which process made it);
* **a symbolic link**: written through to its target, atomically, as editors
  do: the temporary file goes beside the target, the target is replaced, the
  link stays a link;
* **a folder**: refused, naming the path;
* **a character device or a FIFO** (``/dev/null``, ``/dev/tty``, a named pipe,
  ``>(less)``): text formats are written through to it, as a shell redirect
  would (never replaced by a file); binary formats (xlsx, pptx, png, docx) are
  refused, since nothing reads a workbook from a device;
* **a block device, a socket or anything else**: refused;
* **``-``**: standard output, for text formats only.

Every error names the user's path, never the temporary file: an
:class:`~cjm.errors.OutputError` for a refusal, and the operating system's
error (``PermissionError``, ``OSError`` for a read-only file system or a full
disk …) with ``filename`` set to the user's path.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from cjm.errors import OutputError

__all__ = [
    "SPOOL_BYTES",
    "STDOUT",
    "TEXT_SUFFIXES",
    "atomic_writer",
    "check_output",
    "check_size",
    "is_text_path",
    "read_text",
    "remove_stale_temps",
    "write_bytes",
    "write_text",
]

#: The path that means standard output (text formats only).
STDOUT = "-"

#: Suffixes of the text formats cjm writes: these may go to standard output or through a device.
TEXT_SUFFIXES = (
    ".csv",
    ".graphml",
    ".htm",
    ".html",
    ".json",
    ".md",
    ".mermaid",
    ".mmd",
    ".svg",
    ".txt",
    ".yaml",
    ".yml",
)

#: Content up to this size is made in memory; past it, in an unnamed temporary file.
SPOOL_BYTES = 32 * 1024 * 1024

_LEGACY_AGE = 600.0  # seconds: a temp of the old pattern (no pid) older than this is stale


def is_text_path(path: str | os.PathLike[str]) -> bool:
    """Whether ``path``'s suffix is one of :data:`TEXT_SUFFIXES`."""
    return Path(path).suffix.lower() in TEXT_SUFFIXES


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode):
        return "a device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _renamed(exc: OSError, display: str) -> OSError:
    """``exc`` naming the user's path instead of whatever file the system call was given."""
    if isinstance(exc, OutputError):
        return exc
    if exc.errno is not None:
        return type(exc)(exc.errno, exc.strerror, display)
    return OutputError(f"{display}: {exc.strerror or exc}")


class _Plan:
    """Where and how the bytes go: ``stdout``, ``through`` (a device or FIFO) or ``replace``."""

    __slots__ = ("display", "how", "path")

    def __init__(self, how: str, path: Path, display: str) -> None:
        self.how = how
        self.path = path  # the file replaced (a link's target) or opened (a device)
        self.display = display


def _plan(path: str | os.PathLike[str], text: bool | None) -> _Plan:
    display = os.fspath(path)
    is_text = is_text_path(path) if text is None else text
    if display == STDOUT:
        if not is_text:
            raise OutputError(
                "standard output (-) takes text formats only (markdown, mermaid, json, yaml, svg, html); "
                "this output is binary: give a file name"
            )
        return _Plan("stdout", Path(STDOUT), display)
    target = Path(path)
    try:
        info = os.stat(target)  # follows links: what is finally there
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _renamed(exc, display) from None
    if info is None or stat.S_ISREG(info.st_mode):
        real = Path(os.path.realpath(target))  # a link's target, which may not exist yet
        if not real.parent.is_dir():
            folder = target.parent if str(target.parent) else Path(".")
            raise FileNotFoundError(errno.ENOENT, f"folder {folder} does not exist", display)
        return _Plan("replace", real, display)
    kind = _kind(info.st_mode)
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{display}: is a folder; give the name of a file to write")
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        if is_text:
            return _Plan("through", target, display)
        raise OutputError(
            f"{display}: is {kind}; binary outputs (xlsx, pptx, png, docx) are written to regular files only"
        )
    raise OutputError(f"{display}: is {kind}; cjm writes outputs to regular files only")


def check_output(path: str | os.PathLike[str], *, text: bool | None = None) -> None:
    """Refuse ``path`` now, before any work, if :func:`atomic_writer` would refuse it.

    ``text`` says whether the output is text (default: from the suffix, see
    :data:`TEXT_SUFFIXES`).  Raises :class:`~cjm.errors.OutputError` or an
    ``OSError`` naming ``path``.
    """
    _plan(path, text)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, text: bool | None = None) -> Iterator[BinaryIO]:
    """A binary stream whose content is written to ``path`` only if the block succeeds.

    ``path`` is checked first (see the module docstring); nothing exists on
    disk until the block ends.  ``text`` says whether the content is text (it
    may then go to ``-`` or through a device); default: from the suffix.
    """
    plan = _plan(path, text)
    with _spool(plan) as buffer:
        yield buffer
        buffer.seek(0)
        _commit(_plan(path, text), buffer)  # looked at again: the path may have changed meanwhile


def _spool(plan: _Plan) -> BinaryIO:
    """Where the content is made: memory up to :data:`SPOOL_BYTES`, then an unnamed temporary file
    in the target's folder (on the disk it is going to, not in a possibly small ``/tmp``; on
    Linux it has no name, so a kill leaves nothing behind).

    Before Python 3.11 a spooled file is no full binary stream (``io.TextIOWrapper``
    cannot wrap it), so there it is an unnamed temporary file from the start.
    """
    folder = plan.path.parent if plan.how == "replace" else None
    if sys.version_info >= (3, 11):
        return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, dir=folder)  # type: ignore[return-value]
    return tempfile.TemporaryFile(dir=folder)


def _commit(plan: _Plan, content: IO[bytes]) -> None:
    if plan.how == "stdout":
        sys.stdout.flush()
        stream: Any = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(content.read().decode("utf-8"))
        else:
            shutil.copyfileobj(content, stream)
            stream.flush()
        return
    if plan.how == "through":
        _write_through(plan, content)
        return
    _replace(plan, content)


def _write_through(plan: _Plan, content: IO[bytes]) -> None:
    try:
        # O_NONBLOCK so that a FIFO nobody reads is an error, not a hang; cleared for the writing
        fd = os.open(plan.path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO with no reader
            raise OutputError(f"{plan.display}: a named pipe (FIFO) that nobody reads") from None
        raise _renamed(exc, plan.display) from None
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb", closefd=True) as stream:
            shutil.copyfileobj(content, stream)
    except OSError as exc:
        raise _renamed(exc, plan.display) from None


def _tag(name: str) -> str:
    """``name`` as it appears in a temporary file's name: itself, or shortened if very long."""
    if len(name.encode("utf-8")) <= 150:
        return name
    return f"{name[:40]}~{hashlib.sha1(name.encode('utf-8')).hexdigest()[:12]}"


def _stale_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(_tag(name))}\.(?:cjm(?P<pid>\d+)\.)?[a-z0-9_]{{8}}\.tmp")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid > 0
    return True


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove temporary files an earlier, killed write to ``target`` left beside it; returns them.

    Only files of our pattern for this name whose process is gone (or, of the
    pattern without a process id, older than ten minutes) are removed.
    """
    pattern = _stale_pattern(target.name)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        pid = match.group("pid")
        try:
            stale = not _alive(int(pid)) if pid else now - entry.stat().st_mtime > _LEGACY_AGE
            if stale:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


@contextlib.contextmanager
def _signals_unwind() -> Iterator[None]:
    """While the temporary file exists, SIGTERM unwinds (``SystemExit``) so that it is removed.

    Only in the main thread, and only if nobody else has claimed SIGTERM;
    Ctrl-C (SIGINT) already raises ``KeyboardInterrupt``.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        yield
        return

    def terminate(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _replace(plan: _Plan, content: IO[bytes]) -> None:
    target = plan.path
    folder = target.parent
    remove_stale_temps(target)
    with _signals_unwind():
        try:
            fd, tmp_name = tempfile.mkstemp(
                prefix=f".{_tag(target.name)}.cjm{os.getpid()}.", suffix=".tmp", dir=folder
            )
        except OSError as exc:
            raise _renamed(exc, plan.display) from None
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as stream:
                shutil.copyfileobj(content, stream, 1024 * 1024)
                stream.flush()
                os.fsync(stream.fileno())
            _keep_mode(target, tmp)
            os.replace(tmp, target)
        except BaseException as exc:
            tmp.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise _renamed(exc, plan.display) from None
            raise
    with contextlib.suppress(OSError):  # the rename itself on disk; not every file system can
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _keep_mode(target: Path, tmp: Path) -> None:
    """Give the new file the old file's permissions, or the usual ones for a new file."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, text: bool | None = None) -> None:
    """Write ``data`` to ``path`` by :func:`atomic_writer`'s rules (the bytes are ready: not copied
    into a buffer first)."""
    _commit(_plan(path, text), io.BytesIO(data))


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 (newlines as given) to ``path`` by :func:`atomic_writer`'s rules."""
    write_bytes(path, text.encode("utf-8"), text=True)


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
