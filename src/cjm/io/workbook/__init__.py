"""Reading a workbook cjm wrote (a map or a filled template) back into a journey.

:func:`read_workbook` reads an ``.xlsx`` file made by the ``xlsx`` exporter or
by ``cjm template``, on its own (the workbook then holds the whole journey) or
merged into an existing journey (``into``): an empty cell leaves a field as it
is, the clear marker ``(clear)`` / ``(삭제)`` clears it, and a record whose
essential field is cleared is removed (the rules are in
:mod:`cjm.io.workbook.merge`).  :func:`changes` lists what a merge changed.

The file is untrusted: it is opened through :mod:`cjm.io.xlsx_engine`, which
bounds sizes, refuses document type declarations and reads formulas as their
text.  Every problem of the workbook is reported at once in one
:class:`~cjm.errors.LoadError` (cells that cannot be read) or
:class:`~cjm.errors.ValidationError` (a journey whose parts contradict each
other), each finding naming ``Sheet!Cell``; nothing is returned while there
is any.
"""

from __future__ import annotations

import os
from typing import IO

import attrs

from cjm.errors import LoadError, ValidationError
from cjm.io.workbook.changes import Change, changes
from cjm.io.workbook.layout import CLEAR_MARKERS, Role
from cjm.io.workbook.merge import Merger
from cjm.io.workbook.sheets import read_raw
from cjm.io.xlsx_engine import Limits, XlsxReader
from cjm.model import Journey
from cjm.validate import Finding, Severity, validate

__all__ = ["CLEAR_MARKERS", "Change", "Limits", "changes", "read_workbook"]


def read_workbook(
    source: str | os.PathLike[str] | IO[bytes],
    into: Journey | None = None,
    *,
    name: str | None = None,
    check: bool = True,
    limits: Limits | None = None,
) -> Journey:
    """The journey a workbook holds, or ``into`` with the workbook's content merged in.

    ``source`` is a path or a binary stream; ``name`` is how findings name it
    (default: the path).  With ``check`` the result must also pass
    :func:`cjm.validate` (a dangling id typed into a cell is caught here).
    Raises :class:`~cjm.errors.LoadError` or :class:`~cjm.errors.ValidationError`
    listing every problem, each with its ``Sheet!Cell``.
    """
    with XlsxReader(source, name=name, limits=limits) as reader:
        label = reader.name
        raw = read_raw(reader)
        if not raw.has(Role.JOURNEY) and not raw.has(Role.MAP):
            raise LoadError(
                f"{label}: not a workbook cjm wrote",
                [
                    Finding(
                        rule="workbook",
                        source=label,
                        message="it has no Map (지도) or Journey (여정 정보) sheet; "
                        "read workbooks made by `cjm export … -o map.xlsx` or `cjm template`",
                    )
                ],
            )
        merger = Merger(raw, label, standalone=into is None)
        base = merger.journey_fields(into)
        if base is None and into is None and not merger.findings:
            merger.problem(raw.sheets.get(Role.JOURNEY, "Journey"), "the journey's id and title are required")
        result = merger.apply(base) if base is not None else None  # the tables stream from the open file
        findings = [*reader.problems, *merger.findings]
    if findings or result is None:
        count = len(findings)
        raise LoadError(f"{label}: {count} problem{'s' if count != 1 else ''} in the workbook", findings)
    if check:
        errors = [f for f in validate(result) if f.severity is Severity.ERROR]
        if errors:
            placed = [_place(f, merger, label) for f in errors]
            count = len(placed)
            raise ValidationError(
                f"{label}: {count} problem{'s' if count != 1 else ''} in the journey it makes", placed
            )
    return result


def _place(finding: Finding, merger: Merger, label: str) -> Finding:
    """The finding with the workbook cell of its path (or of the nearest enclosing part)."""
    where = merger.place(finding.path)
    return attrs.evolve(finding, source=f"{label} {where}" if where else label)
