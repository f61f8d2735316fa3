"""The VOC log as a CSV file: one row per piece of evidence.

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

import csv
import io
import os
import re
from collections.abc import Iterable
from typing import Any

from cjm.errors import LoadError
from cjm.io.converter import ShapeError, structure
from cjm.io.files import read_text
from cjm.model import Evidence
from cjm.validate import Finding

__all__ = ["COLUMNS", "MAX_BYTES", "merge_evidence", "parse_evidence_csv", "read_evidence_csv"]

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

#: Largest VOC CSV read, in bytes.
MAX_BYTES = 256 * 1024 * 1024


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


def read_evidence_csv(path: str | os.PathLike[str]) -> tuple[Evidence, ...]:
    """Read a VOC log CSV (UTF-8, with or without BOM); :class:`LoadError` lists every bad cell."""
    name = str(path)
    text = read_text(path, limit=MAX_BYTES)
    return parse_evidence_csv(text, name=name)


def parse_evidence_csv(text: str, *, name: str = "<csv>") -> tuple[Evidence, ...]:
    """Parse VOC log CSV text (see :func:`read_evidence_csv`)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    problems: list[Finding] = []
    fields = reader.fieldnames or []
    columns: dict[str, str] = {}
    for position, header in enumerate(fields, start=1):
        canonical = _header(header)
        if canonical is None:
            problems.append(
                Finding(
                    rule="csv",
                    source=f"{name}:1",
                    message=f"column {position} {header!r} is unknown; expected: {', '.join(COLUMNS)}",
                )
            )
        elif canonical in columns.values():
            problems.append(
                Finding(rule="csv", source=f"{name}:1", message=f"column {header!r} appears twice")
            )
        else:
            columns[header] = canonical
    missing = [c for c in ("id", "method", "source_role") if c not in columns.values()]
    if missing:
        problems.append(
            Finding(
                rule="csv", source=f"{name}:1", message=f"required column(s) missing: {', '.join(missing)}"
            )
        )
    if problems:
        raise LoadError(f"{name}: {len(problems)} problem(s) in the header", problems)

    records: list[Evidence] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            problems.append(
                Finding(rule="csv", source=f"{name}:{line}", message="more cells than header columns")
            )
            continue
        data = _row_data({columns[h]: v for h, v in row.items() if h in columns})
        if not data:
            continue  # a blank row
        raw_id = data.get("id")
        if isinstance(raw_id, str) and raw_id in seen:
            problems.append(
                Finding(
                    rule="csv",
                    source=f"{name}:{line} column id",
                    message=f"id {raw_id!r} is used twice (first on line {seen[raw_id]})",
                )
            )
            continue
        if isinstance(raw_id, str):
            seen[raw_id] = line
        try:
            record = structure(data, Evidence)
        except ShapeError as exc:
            for path, message in exc.problems:
                column = str(path[0]) if path else "row"
                problems.append(Finding(rule="csv", source=f"{name}:{line} column {column}", message=message))
            continue
        records.append(record)
    if problems:
        raise LoadError(f"{name}: {len(problems)} problem(s) in the VOC log", problems)
    return tuple(records)


def merge_evidence(existing: Iterable[Evidence], new: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """The journey's evidence with ``new`` entries added, a new entry replacing one of the same id."""
    merged = {e.id: e for e in existing}
    merged.update({e.id: e for e in new})
    return tuple(merged.values())
