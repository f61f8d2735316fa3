"""The VOC log as a table (CSV or .xlsx): one row per piece of evidence.

Columns (a header row is required; order is free; Korean headers work too):

==============  ================  ==============================================
column          Korean            content
==============  ================  ==============================================
id              id                stable id (required)
date            일자              YYYY-MM-DD
method          방법              observation, interview, focus_group, survey,
                                  document, meeting (required)
source_role     출처 역할         end_user, dealer, internal … (required)
organisation    기관              may be anonymised
kind            형태              recording, memo, photo, form, document, data
reference       참조              file path or URL of the record
summary         요약              what it says
stage           여정 단계         stage id
product_group   제품군            product group
supports        뒷받침            ids of the items it confirms, separated by ; or ,
contradicts     반박              ids of the items it refutes
tags            태그              free tags, separated by ; or ,
==============  ================  ==============================================

Every problem of the file is reported at once, each naming the file, the row
and the column.  The file is untrusted input: its size is capped and nothing
in it is evaluated.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

from cjm.errors import LoadError
from cjm.io.converter import ShapeError, structure
from cjm.io.tables import Table, open_table
from cjm.model import Evidence
from cjm.validate import Finding

__all__ = ["COLUMNS", "merge_evidence", "read_evidence"]

#: The columns, by their English name, with the Korean header accepted for each.
COLUMNS: dict[str, str] = {
    "id": "id",
    "date": "일자",
    "method": "방법",
    "source_role": "출처 역할",
    "organisation": "기관",
    "kind": "형태",
    "reference": "참조",
    "summary": "요약",
    "stage": "여정 단계",
    "product_group": "제품군",
    "supports": "뒷받침",
    "contradicts": "반박",
    "tags": "태그",
}
_LISTS = frozenset({"supports", "contradicts", "tags"})
_ALIASES = {**{name: name for name in COLUMNS}, **{ko: name for name, ko in COLUMNS.items()}}
_SPLIT = re.compile(r"[;,]")


def _header(name: str) -> str | None:
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    return _ALIASES.get(key) or _ALIASES.get(name.strip())


def _row_data(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column, raw in row.items():
        value = (raw or "").strip()
        if not value:
            continue
        if column in _LISTS:
            data[column] = [part.strip() for part in _SPLIT.split(value) if part.strip()]
        else:
            data[column] = value
    return data


def read_evidence(path: str | os.PathLike[str], *, allow_empty: bool = False) -> tuple[Evidence, ...]:
    """Read a VOC log (.csv or .xlsx); :class:`LoadError` lists every bad cell, by row and column.

    A log with a header and no rows is a :class:`LoadError` too, unless
    ``allow_empty`` (a project's log before the first entry).
    """
    with open_table(path) as table:
        return _evidence_rows(table, allow_empty)


def _evidence_rows(table: Table, allow_empty: bool = False) -> tuple[Evidence, ...]:
    name = table.name
    problems: list[Finding] = []
    columns: dict[int, str] = {}
    for position, header in enumerate(table.header):
        if not header:
            continue
        canonical = _header(header)
        if canonical is None:
            problems.append(
                Finding(
                    rule="table",
                    source=table.where(1, position, header),
                    message=f"column {header!r} is unknown; expected: {', '.join(COLUMNS)}",
                )
            )
        elif canonical in columns.values():
            problems.append(
                Finding(
                    rule="table",
                    source=table.where(1, position, header),
                    message=f"column {header!r} appears twice",
                )
            )
        else:
            columns[position] = canonical
    missing = [c for c in ("id", "method", "source_role") if c not in columns.values()]
    if missing:
        problems.append(
            Finding(
                rule="table",
                source=table.where(1, 0),
                message=f"required column(s) missing: {', '.join(missing)}",
            )
        )
    if problems:
        raise LoadError(f"{name}: {len(problems)} problem(s) in the header", problems)
    position_of = {column: position for position, column in columns.items()}
    records: list[Evidence] = []
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        extra = [c for i, c in enumerate(cells) if i not in columns and c.strip()]
        if extra and len(cells) > len(table.header):
            problems.append(
                Finding(
                    rule="table",
                    source=table.where(line, len(table.header)),
                    message="more cells than header columns",
                )
            )
            continue
        data = _row_data({columns[i]: c for i, c in enumerate(cells) if i in columns})
        if not data:
            continue  # a blank row
        raw_id = data.get("id")
        if isinstance(raw_id, str) and raw_id in seen:
            problems.append(
                Finding(
                    rule="table",
                    source=table.where(line, position_of["id"], "id"),
                    message=f"id {raw_id!r} is used twice (first on row {seen[raw_id]})",
                )
            )
            continue
        if isinstance(raw_id, str):
            seen[raw_id] = line
        try:
            records.append(structure(data, Evidence))
        except ShapeError as exc:
            for path, message in exc.problems:
                column = str(path[0]) if path else "id"
                where = table.where(line, position_of.get(column, 0), column)
                problems.append(Finding(rule="table", source=where, message=message))
    if problems:
        raise LoadError(f"{name}: {len(problems)} problem(s) in the VOC log", problems)
    if not records and not allow_empty:
        raise LoadError(
            f"{name}: no evidence; nothing was read",
            [
                Finding(
                    rule="table",
                    source=table.where(2, 0),
                    message="the VOC log has a header and no rows; expected one row per piece of evidence",
                )
            ],
        )
    return tuple(records)


def merge_evidence(existing: Iterable[Evidence], new: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """The journey's evidence with ``new`` entries added, a new entry replacing one of the same id."""
    merged = {e.id: e for e in existing}
    merged.update({e.id: e for e in new})
    return tuple(merged.values())
