"""Editing a cjm workbook the way a person does in Excel, for the import tests.

openpyxl opens the file, as Excel would; cells are found by what a person
sees (the sheet's role and the row of a stage or a record) through the keys
in the hidden first row, so the tests do not hard-code cell addresses.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from cjm.exporters.excel import write_template, write_workbook
from cjm.io.workbook import layout as L
from cjm.model import Journey

__all__ = ["Book", "workbook_bytes"]


def workbook_bytes(
    journey: Journey, *, template: bool = False, layout: str = "grid", language: str | None = None
) -> bytes:
    """The journey's workbook (or template) as bytes."""
    buffer = io.BytesIO()
    if template:
        write_template(journey, buffer, layout=layout, language=language)
    else:
        write_workbook(journey, buffer, layout=layout, language=language)
    return buffer.getvalue()


class Book:
    """An openpyxl workbook opened from bytes, with finders for cjm's sheets."""

    def __init__(self, data: bytes) -> None:
        self.wb = openpyxl.load_workbook(io.BytesIO(data))

    def sheet(self, role: L.Role) -> Worksheet:
        target = self.wb.defined_names[L.defined_name(role)].attr_text
        name = target.rsplit("!", 1)[0].strip("'").replace("''", "'")
        return self.wb[name]

    def keys(self, role: L.Role) -> dict[str, int]:
        ws = self.sheet(role)
        return {str(c.value): c.column for c in ws[1] if c.value is not None}

    def map_rows(self, block: str) -> list[int]:
        """The Map's rows of a stage (grid) or lane (wall), top to bottom."""
        ws = self.sheet(L.Role.MAP)
        return [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == block]

    def map_cell(self, block: str, group: str, part: str, index: int) -> Any:
        ws = self.sheet(L.Role.MAP)
        return ws.cell(self.map_rows(block)[index], self.keys(L.Role.MAP)[f"{group}:{part}"])

    def set_map(self, block: str, group: str, part: str, index: int, value: Any) -> None:
        cell = self.map_cell(block, group, part, index)
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"

    def table_cell(self, role: L.Role, row: int, key: str) -> Any:
        """The cell of column ``key`` in the ``row``-th data row (0 = the first)."""
        return self.sheet(role).cell(3 + row, self.keys(role)[key])

    def set_table(self, role: L.Role, row: int, key: str, value: Any) -> None:
        self.table_cell(role, row, key).value = value

    def save(self, path: Path) -> Path:
        self.wb.save(path)
        return path

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.wb.save(buffer)
        return buffer.getvalue()
