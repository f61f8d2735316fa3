"""``cjm build --watch``: notice when an input of the project changes, by polling once a second.

Polling the few files of a project (the project file, the journeys, the data)
costs nothing and works on every file system, network drives included, where
change notifications often do not arrive; so no file-watching library is needed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

from cjm.errors import InputError
from cjm.project.config import PROJECT_FILE, load_project

__all__ = ["snapshot", "watch"]


def snapshot(folder: str | os.PathLike[str]) -> dict[Path, tuple[int, int]]:
    """Size and modification time of every input file of the project (the project file at least)."""
    root = Path(folder)
    files = [root / PROJECT_FILE if root.is_dir() else root]
    try:
        project = load_project(folder)
    except InputError:
        pass  # a half-edited project file: watch it until it reads again
    else:
        files += [*project.journeys, *project.data.files()]
        files += [path for deliverable in project.deliverables for path in deliverable.files()]
    out = {}
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        out[path] = (stat.st_size, stat.st_mtime_ns)
    return out


def watch(
    folder: str | os.PathLike[str], *, interval: float = 1.0, limit: int | None = None
) -> Iterator[None]:
    """Yield each time an input changes (at most ``limit`` times, for tests); Ctrl-C ends it."""
    seen = snapshot(folder)
    changes = 0
    try:
        while limit is None or changes < limit:
            time.sleep(interval)
            now = snapshot(folder)
            if now != seen:
                seen = now
                changes += 1
                yield
    except KeyboardInterrupt:
        return
