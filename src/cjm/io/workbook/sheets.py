"""Reading the sheets of a cjm workbook into raw rows, each cell with where it stands.

Nothing here interprets a value: :mod:`cjm.io.workbook.merge` decodes each
cell with its column's codec and applies it to a journey.  This module only
finds the sheets (by defined name, else by name in either language), the
columns (by the keys of the hidden first row) and the rows.

The Map, the Journey and the Emotions sheets are small and read at once; the
record tables are read when the merge asks for them, row by row, so that a
VOC log of 100,000 rows never sits in memory as cells.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from cjm.io.workbook import layout as L
from cjm.io.xlsx_engine import CellValue, XlsxReader, column_letter

__all__ = ["GridRow", "Location", "Raw", "Row", "read_raw"]


@attrs.define(slots=True)
class Location:
    """Where a row is: its sheet, its number and the column letter of each key."""

    sheet: str
    number: int
    letters: dict[str, str]

    def source(self, key: str | None = None) -> str:
        """``Sheet!C7`` for the cell of ``key``; ``Sheet!7:7`` for the whole row."""
        letter = self.letters.get(key) if key is not None else None
        if letter is None:
            return f"{self.sheet}!{self.number}:{self.number}"
        return f"{self.sheet}!{letter}{self.number}"


@attrs.define(slots=True)
class Row:
    """A row's non-empty cells by column key, and how to name where each one is."""

    sheet: str
    number: int
    values: dict[str, CellValue]
    letters: dict[str, str]

    def source(self, key: str | None = None) -> str:
        """``Sheet!C7`` for the cell of ``key``; ``Sheet!7:7`` for the whole row."""
        return Location(self.sheet, self.number, self.letters).source(key)

    def location(self) -> Location:
        """Where the row is, without its values (kept for placing validation findings)."""
        return Location(self.sheet, self.number, self.letters)


@attrs.define(slots=True)
class GridRow(Row):
    """One entry slot of the Map: a block row (a stage or a lane) crossed with a column group."""

    block: str = ""
    group: str = ""

    def source(self, key: str | None = None) -> str:
        return super().source(key if key is not None else "text")


@attrs.define(kw_only=True)
class Raw:
    """What was read from a workbook; the tables are read on demand (see :meth:`table`)."""

    reader: XlsxReader
    sheets: dict[L.Role, str] = attrs.field(factory=dict)
    layout: str = "grid"
    grid: list[GridRow] = attrs.field(factory=list)
    journey: Row | None = None
    emotions: list[Row] = attrs.field(factory=list)

    def has(self, role: L.Role) -> bool:
        return role in self.sheets

    def table(self, role: L.Role) -> Iterator[Row]:
        """The data rows of a table sheet, streamed (none if the workbook lacks the sheet)."""
        sheet = self.sheets.get(role)
        if sheet is None:
            return iter(())
        return _read_table(self.reader, sheet)


def _role_sheets(reader: XlsxReader) -> dict[L.Role, str]:
    names = {sheet.name for sheet in reader.sheets}
    found: dict[L.Role, str] = {}
    for role in L.Role:
        target = reader.defined_names.get(L.defined_name(role), "")
        sheet = target.rsplit("!", 1)[0] if "!" in target else ""
        if sheet.startswith("'") and sheet.endswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        if sheet in names:
            found[role] = sheet
            continue
        for language in ("ko", "en"):
            candidate = L.sheet_name(role, language)
            if candidate in names and candidate not in found.values():
                found[role] = candidate
                break
    return found


def _text(value: CellValue | None) -> str:
    return value if isinstance(value, str) else ""


def read_raw(reader: XlsxReader) -> Raw:
    """Find cjm's sheets in ``reader`` and read the small ones; unknown sheets are left alone."""
    raw = Raw(reader=reader, sheets=_role_sheets(reader))
    if L.Role.MAP in raw.sheets:
        _read_map(reader, raw.sheets[L.Role.MAP], raw)
    if L.Role.JOURNEY in raw.sheets:
        raw.journey = _read_journey(reader, raw.sheets[L.Role.JOURNEY])
    if L.Role.EMOTIONS in raw.sheets:
        raw.emotions = list(_read_table(reader, raw.sheets[L.Role.EMOTIONS], first_data_row=4))
    return raw


def _keys(cells: dict[int, CellValue]) -> dict[int, str]:
    keys = {col: _text(v) for col, v in cells.items() if _text(v)}
    if keys.get(0, "").startswith(L.FORMAT):
        keys[0] = L.ROW_KEY
    return keys


def _read_table(reader: XlsxReader, sheet: str, first_data_row: int = 3) -> Iterator[Row]:
    keys: dict[int, str] = {}
    letters: dict[str, str] = {}
    for number, cells in reader.rows(sheet):
        if number == 1:
            keys = _keys(cells)
            letters = {key: column_letter(col) for col, key in keys.items()}
            continue
        if number < first_data_row:
            continue
        values = {keys[col]: value for col, value in cells.items() if col in keys and value != ""}
        if values:
            yield Row(sheet=sheet, number=number, values=values, letters=letters)


def _read_journey(reader: XlsxReader, sheet: str) -> Row:
    values: dict[str, CellValue] = {}
    rows: dict[str, int] = {}
    for number, cells in reader.rows(sheet):
        key = _text(cells.get(0))
        if number < 3 or not key:
            continue
        parts = [cells[col] for col in sorted(cells) if col >= 2]
        if not parts:
            continue
        # a long value is split over the cells of its row
        values[key] = parts[0] if len(parts) == 1 else "".join(L.cell_text(p) for p in parts)
        rows[key] = number
    journey = _Located(sheet=sheet, number=0, values=values, letters={})
    journey.rows = rows
    return journey


@attrs.define(slots=False)
class _Located(Row):
    """The Journey sheet: one field per row, its value in column C."""

    rows: dict[str, int] = attrs.field(factory=dict)

    def source(self, key: str | None = None) -> str:
        if key is not None and key in self.rows:
            return f"{self.sheet}!C{self.rows[key]}"
        return self.sheet


def _read_map(reader: XlsxReader, sheet: str, raw: Raw) -> None:
    keys: dict[int, tuple[str, str]] = {}
    block = ""
    groups: list[str] = []
    letters: dict[str, dict[str, str]] = {}
    for number, cells in reader.rows(sheet):
        if number == 1:
            marker = _text(cells.get(0))
            raw.layout = "wall" if marker.endswith(":wall") else "grid"
            for col, value in cells.items():
                text = _text(value)
                if col >= 2 and ":" in text:
                    group, _, part = text.rpartition(":")
                    keys[col] = (group, part)
                    letters.setdefault(group, {})[part] = column_letter(col)
                    if group not in groups:
                        groups.append(group)
            continue
        key = _text(cells.get(0))
        if key:
            block = key  # a row someone inserted inside a block has no key: it belongs to the block above
        if not block:
            continue  # the title block above the grid
        slots: dict[str, dict[str, CellValue]] = {}
        for col, value in cells.items():
            if col in keys and value != "":
                group, part = keys[col]
                slots.setdefault(group, {})[part] = value
        for group in groups:
            if group in slots:
                raw.grid.append(
                    GridRow(
                        sheet=sheet,
                        number=number,
                        values=slots[group],
                        letters=letters[group],
                        block=block,
                        group=group,
                    )
                )
