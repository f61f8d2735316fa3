"""Tables from outside — a CSV file or the first sheet of a workbook — read the same way.

The VOC log, the recipients list and survey responses come as CSV or .xlsx.
:func:`open_table` gives either as a header and rows of text cells, each row
able to say where a cell stands (``voc.csv:12 column method`` or
``voc.xlsx Sheet1!C12``), so every reader reports problems in the user's terms.
Workbooks go through the hardened reader (:class:`cjm.io.xlsx_engine.XlsxReader`):
size and zip-bomb limits, no entities, formulas as their text.  CSV files are
UTF-8 (BOM or not) and size-capped.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from cjm.errors import LoadError
from cjm.io.files import check_size
from cjm.io.xlsx_engine import XlsxReader, column_letter
from cjm.validate.findings import Finding

__all__ = ["MAX_BYTES", "Table", "open_table"]

#: Largest table file read, in bytes.
MAX_BYTES = 512 * 1024 * 1024


@attrs.define
class Table:
    """A header and rows of text cells, from a CSV file or a worksheet."""

    name: str
    header: tuple[str, ...]
    rows: Iterator[tuple[int, tuple[str, ...]]]
    sheet: str | None = None
    _reader: Any = None

    def where(self, row: int, column: int, column_name: str = "") -> str:
        """Where a cell stands, as the user would look for it."""
        if self.sheet is not None:
            return f"{self.name} {self.sheet}!{column_letter(column)}{row}"
        return f"{self.name}:{row} column {column_name or column + 1}"

    def close(self) -> None:
        """Release the file (a workbook is read lazily)."""
        if self._reader is not None:
            self._reader.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return (
            value.date().isoformat()
            if isinstance(value, dt.datetime) and value.time() == dt.time(0)
            else value.isoformat()
        )
    return str(value)


def _not_utf8(where: str, exc: UnicodeDecodeError) -> LoadError:
    return LoadError(
        f"{where}: not UTF-8 text",
        [
            Finding(
                rule="encoding",
                source=where,
                message=f"{exc.reason}; save the file as UTF-8 (CSV UTF-8 in Excel)",
            )
        ],
    )


def open_table(path: str | os.PathLike[str]) -> Table:
    """The table in a ``.csv`` or ``.xlsx`` file (its first sheet); :class:`LoadError` otherwise."""
    name = str(path)
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        check_size(path, MAX_BYTES, "tables")
        stream = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by Table.close
        reader = csv.reader(stream)
        try:
            first_line = next(reader, None)
        except UnicodeDecodeError as exc:
            stream.close()
            raise _not_utf8(name, exc) from None
        if first_line is None:
            stream.close()
            raise LoadError(
                f"{name}: empty file", [Finding(rule="table", source=name, message="no header row")]
            )

        def csv_rows() -> Iterator[tuple[int, tuple[str, ...]]]:
            line = 1
            try:
                for line, row in enumerate(reader, start=2):
                    yield line, tuple(row)
            except UnicodeDecodeError as exc:
                raise _not_utf8(f"{name}:{line + 1}", exc) from None

        return Table(name=name, header=tuple(h.strip() for h in first_line), rows=csv_rows(), reader=stream)
    if suffix == ".xlsx":
        workbook = XlsxReader(path, name=name)
        try:
            if not workbook.sheets:
                raise LoadError(
                    f"{name}: no worksheet",
                    [Finding(rule="table", source=name, message="the workbook has no sheet")],
                )
            sheet = workbook.sheets[0]
            rows = workbook.rows(sheet)
            first = next(rows, None)
            if first is None:
                raise LoadError(
                    f"{name}: empty sheet",
                    [Finding(rule="table", source=f"{name} {sheet.name}", message="no header row")],
                )
            _, cells = first
            width = max(cells) + 1 if cells else 0
            names = tuple(_text(cells.get(i)).strip() for i in range(width))
        except BaseException:
            workbook.close()
            raise

        def sheet_rows() -> Iterator[tuple[int, tuple[str, ...]]]:
            for row_number, values in rows:
                size = max(width, max(values) + 1 if values else 0)
                yield row_number, tuple(_text(values.get(i)) for i in range(size))

        return Table(name=name, header=names, rows=sheet_rows(), sheet=sheet.name, reader=workbook)
    raise LoadError(
        f"{name}: cannot read this kind of file",
        [
            Finding(
                rule="table",
                source=name,
                message=f"expected a .csv or .xlsx file; got {suffix or 'no suffix'!r}",
            )
        ],
    )
