"""What a person sees in a workbook, extracted as plain data for golden files and assertions.

Values, fills, fonts that matter, merged ranges, data validations, conditional
formats, protection, print settings and frozen panes, sheet by sheet: the
content of the workbook, never the bytes of the zip.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["extract", "sheet_content"]


def _fill(cell: Any) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    rgb = fill.start_color.rgb
    return rgb[-6:] if isinstance(rgb, str) else None


def sheet_content(ws: Worksheet) -> dict[str, Any]:
    cells = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and _fill(cell) in (None, "FFFFFF"):
                continue
            entry: dict[str, Any] = {}
            if cell.value is not None:
                entry["v"] = cell.value if not hasattr(cell.value, "isoformat") else cell.value.isoformat()
            fill = _fill(cell)
            if fill not in (None, "FFFFFF"):
                entry["fill"] = fill
            if cell.font is not None and cell.font.b:
                entry["bold"] = True
            if not cell.protection.locked:
                entry["open"] = True
            cells[cell.coordinate] = entry
    setup = ws.page_setup
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "validations": sorted(
            [str(v.sqref), v.type or "any", v.formula1 or "", v.promptTitle or ""]
            for v in ws.data_validations.dataValidation
        ),
        "conditional": sorted(
            [str(rng.sqref), rule.formula[0] if rule.formula else ""]
            for rng in ws.conditional_formatting
            for rule in rng.rules
        ),
        "hidden_columns": sorted(k for k, d in ws.column_dimensions.items() if d.hidden),
        "hidden_rows": sorted(k for k, d in ws.row_dimensions.items() if d.hidden),
        "widths": {k: round(d.width, 1) for k, d in sorted(ws.column_dimensions.items()) if d.width},
        "heights": {str(k): d.height for k, d in sorted(ws.row_dimensions.items()) if d.height},
        "freeze": ws.freeze_panes,
        "print": {
            "paper": setup.paperSize,
            "orientation": setup.orientation,
            "fit_width": setup.fitToWidth,
            "fit_height": setup.fitToHeight,
            "fit": ws.sheet_properties.pageSetUpPr.fitToPage,
            "title_rows": ws.print_title_rows,
            "area": ws.print_area,
            "breaks": [b.id for b in ws.row_breaks.brk],
        },
        "protected": bool(ws.protection.sheet),
        "charts": [type(c).__name__ for c in ws._charts],
        "tables": sorted(ws.tables),
    }


def extract(data: bytes) -> dict[str, Any]:
    """The content of every sheet, and the workbook's defined names."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {
        "sheets": [ws.title for ws in wb.worksheets],
        "defined_names": {name: d.attr_text for name, d in sorted(wb.defined_names.items())},
        "content": {ws.title: sheet_content(ws) for ws in wb.worksheets},
    }
