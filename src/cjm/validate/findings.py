"""Findings: one problem each, with where it is and what was expected."""

from __future__ import annotations

from enum import Enum

import attrs

__all__ = ["Finding", "Path", "Severity", "format_path"]

#: A location inside a journey: field names, mapping keys and list indexes.
Path = tuple[str | int, ...]


class Severity(str, Enum):
    """How bad a finding is.  Only errors make a journey invalid."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen(kw_only=True)
class Finding:
    """One problem: which rule, how bad, where (path, and file position if known), why.

    ``source`` is the position in the file the journey came from, such as
    ``journey.yaml:12`` or ``map.xlsx Map!C7``; None for a journey built in code.
    """

    rule: str
    message: str
    path: Path = ()
    severity: Severity = Severity.ERROR
    source: str | None = None

    @property
    def where(self) -> str:
        """The file position and the field path, as one readable string."""
        parts = [part for part in (self.source, format_path(self.path)) if part]
        return " ".join(parts) or "(journey)"

    def __str__(self) -> str:
        return f"{self.where}: {self.severity.value}: {self.message} [{self.rule}]"


def format_path(path: Path) -> str:
    """``('stages', 2, 'name')`` -> ``stages[2].name``; odd keys are quoted."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}" if out else part
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            out += f'["{escaped}"]'
    return out
