"""Excel workbooks of a journey: the map as it is printed for review, and fill-in templates.

:class:`XlsxExporter` (registered as ``xlsx``) writes the map: the grid of
seed 000 (stages as rows, lanes as columns; ``layout="wall"`` transposes it),
labels shown as fill colours with a legend, Moments of Truth highlighted, the
emotion curve as a native line chart, row heights and column widths computed
from the text, A3 landscape one page wide; then a sheet for every kind of
record (personas, metrics, opportunities, pain points, the VOC log as an
Excel table …) and a read-me, in the journey's language.

:func:`write_template` writes the same workbook as a V2.0 grid to fill in:
blank rows under each stage, dropdown lists, input messages, and the sheets
protected so that only content cells take input.

Both read back losslessly with :func:`cjm.io.workbook.read_workbook` (the
layout is described in :mod:`cjm.io.workbook.layout`).
"""

from __future__ import annotations

from typing import Any, BinaryIO

from cjm.errors import ExportOptionError, InputError
from cjm.exporters import check_options
from cjm.exporters.excel.book import build
from cjm.io import xlsx_engine
from cjm.io.workbook.layout import LAYOUTS
from cjm.model import Journey

__all__ = ["LAYOUTS", "XlsxExporter", "write_template", "write_workbook"]


def write_workbook(
    journey: Journey,
    dest: BinaryIO,
    *,
    language: str | None = None,
    layout: str = "grid",
    template: bool = False,
) -> None:
    """Write the journey's workbook (or its template) to the seekable binary stream ``dest``.

    Raises :class:`~cjm.errors.InputError` listing every text Excel cannot
    hold (over 32,767 characters, or equal to the clear marker).
    """
    if layout not in LAYOUTS:
        raise ExportOptionError(f"layout must be one of {', '.join(LAYOUTS)}; got {layout!r}")
    workbook, bulk, problems = build(
        journey, language=language or journey.language, layout=layout, template=template
    )
    if problems:  # found while laying out the sheets openpyxl writes: check the streamed rows, write nothing
        for sheet in bulk:
            for _row in sheet.rows:
                pass
        raise InputError(f"journey {journey.id!r}: {_count(problems)} for Excel", problems)
    xlsx_engine.save(workbook, dest, bulk)
    if problems:  # found while streaming the large sheets
        raise InputError(f"journey {journey.id!r}: {_count(problems)} for Excel", problems)


def _count(problems: list[Any]) -> str:
    return "1 text too long" if len(problems) == 1 else f"{len(problems)} texts too long or unusable"


def write_template(
    journey: Journey, dest: BinaryIO, *, language: str | None = None, layout: str = "grid"
) -> None:
    """Write a fill-in template of ``journey`` (its content included) to ``dest``."""
    write_workbook(journey, dest, language=language, layout=layout, template=True)


class XlsxExporter:
    """The map as an Excel workbook; options ``layout`` (grid or wall) and ``language`` (ko or en)."""

    name = "xlsx"
    suffixes = (".xlsx",)
    description = (
        "An Excel workbook: the map (A3, labels as colours, emotion chart), personas, metrics, VOC log."
    )

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        opts = check_options(self.name, options, {"layout": "grid", "language": None, "template": False})
        template = opts["template"]
        if isinstance(template, str):
            template = template.strip().lower() in ("1", "true", "yes", "y")
        write_workbook(
            journey, dest, language=opts["language"], layout=opts["layout"], template=bool(template)
        )
