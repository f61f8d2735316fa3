"""Every error cjm raises, in one tree.

::

    CjmError
    ├── InputError (ValueError)              bad input; carries every finding at once
    │   ├── LoadError                        a file that cannot be read as a journey
    │   └── ValidationError                  a journey that breaks the model's rules
    ├── UnknownExporterError (LookupError)   no exporter of that name
    ├── ExporterConflictError (ValueError)   two exporters claim one name
    ├── ExportOptionError (TypeError)        an option the exporter does not have
    ├── MissingDependencyError (ImportError) an optional package is not installed
    ├── OutputError (OSError)                an output path cjm will not write to (a folder, a device …)
    └── PresetError (LookupError)            no preset of that name or language

Each subclass also inherits the builtin it refines, so ``except ValueError``
in a caller's code keeps working.  An :class:`InputError` holds its findings;
``str(error)`` lists all of them, each with where it is and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjm.validate.findings import Finding

__all__ = [
    "CjmError",
    "ExportOptionError",
    "ExporterConflictError",
    "InputError",
    "LoadError",
    "MissingDependencyError",
    "OutputError",
    "PresetError",
    "UnknownExporterError",
    "ValidationError",
]


class CjmError(Exception):
    """Base of every error raised by cjm."""


class InputError(CjmError, ValueError):
    """Input that cjm cannot accept; ``findings`` says every problem and where."""

    def __init__(self, summary: str, findings: Iterable[Finding]) -> None:
        self.summary = summary
        self.findings: tuple[Finding, ...] = tuple(findings)
        super().__init__(summary)

    def __str__(self) -> str:
        lines = [self.summary]
        lines.extend(f"  {finding}" for finding in self.findings)
        return "\n".join(lines)


class LoadError(InputError):
    """A file that cannot be parsed, or whose content has the wrong shape or types."""


class ValidationError(InputError):
    """A journey whose parts contradict each other (dangling ids, scores off scale …)."""


class UnknownExporterError(CjmError, LookupError):
    """No exporter is registered under the requested name."""


class ExporterConflictError(CjmError, ValueError):
    """Two exporters claim the same name and no override was asked for."""


class ExportOptionError(CjmError, TypeError):
    """An option the chosen exporter does not have."""


class MissingDependencyError(CjmError, ImportError):
    """An optional package needed for the requested feature is not installed."""


class OutputError(CjmError, OSError):
    """An output cjm refuses to write, or could not write: the message names the user's path."""


class PresetError(CjmError, LookupError):
    """No preset of that name, or not in that language."""
