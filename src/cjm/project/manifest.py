"""What each output was built from: a manifest in the output folder, written last.

Each output's entry holds a key (a hash of cjm's version, the deliverable and
its options, and the content of every input file: the journey, the project's
data, a deck template) and the output's own size and hash.  An output is up to
date when its key is the same and the file is still what was written, so a
rebuild with nothing changed reads the inputs once and writes nothing.  The
manifest is replaced atomically after the outputs it names are whole, so an
interrupted build never claims an output it did not finish.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from cjm import __version__
from cjm.io.files import write_text

__all__ = ["MANIFEST", "Entry", "Manifest", "file_hash", "input_key"]

#: The manifest's name in the output folder.
MANIFEST = ".cjm-manifest.json"
_FORMAT = 1


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's content, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_key(what: str, options: Mapping[str, Any], files: Iterable[Path], hashes: dict[Path, str]) -> str:
    """The key of an output: cjm's version, what it is, its options, its input files' content."""
    digest = hashlib.sha256()
    digest.update(
        json.dumps([_FORMAT, __version__, what, dict(options)], sort_keys=True, default=str).encode()
    )
    for path in files:
        if path not in hashes:
            hashes[path] = file_hash(path)
        digest.update(f"{path.name}\0{hashes[path]}\0".encode())
    return digest.hexdigest()


@attrs.frozen
class Entry:
    """One output as the manifest records it."""

    key: str
    sha256: str
    size: int


@attrs.define
class Manifest:
    """The manifest of an output folder, by output path relative to the folder."""

    folder: Path
    entries: dict[str, Entry] = attrs.field(factory=dict)

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The folder's manifest; empty when there is none or it cannot be read (all is rebuilt)."""
        try:
            raw = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            if raw.get("format") != _FORMAT:
                return cls(folder)
            entries = {name: Entry(**value) for name, value in raw["outputs"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(folder)
        return cls(folder, entries)

    def up_to_date(self, path: Path, key: str) -> bool:
        """True if ``path`` was built from inputs of this key and is still what was written."""
        entry = self.entries.get(self.name(path))
        if entry is None or entry.key != key:
            return False
        try:
            if path.stat().st_size != entry.size:
                return False
        except OSError:
            return False
        return file_hash(path) == entry.sha256

    def record(self, path: Path, key: str, data: bytes) -> None:
        """Note that ``path`` now holds ``data``, built from inputs of ``key``."""
        self.entries[self.name(path)] = Entry(
            key=key, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
        )

    def forget_missing(self) -> None:
        """Drop the entries of outputs that are no longer there."""
        self.entries = {n: e for n, e in self.entries.items() if (self.folder / n).is_file()}

    def name(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def write(self) -> None:
        """Replace the manifest file atomically."""
        raw = {
            "format": _FORMAT,
            "cjm": __version__,
            "outputs": {name: attrs.asdict(entry) for name, entry in sorted(self.entries.items())},
        }
        write_text(self.folder / MANIFEST, json.dumps(raw, indent=1, ensure_ascii=False) + "\n")
