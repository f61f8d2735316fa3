"""The portfolio as a workbook: journeys side by side, stage by stage, and the causes they share.

One sheet per compared group (:func:`cjm.portfolio.compare`): the stages as
rows and each journey as a block of columns — its emotion score, its pain
points by severity (5 … 1 and unrated) and its evidence coverage — with
emotion and coverage on a heat-map fill (red low, green high), a row for the
whole journey, then the KPI table (metric × journey: baseline, target, gap).
A *Shared causes* sheet ranks the blueprint causes behind pain points of
several journeys, with each journey's pain points; an *About* sheet lists
the journeys, what the figures mean, and the journeys not compared and why.

The sheets are views (locked, never read back); values stay numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Border
from openpyxl.utils import get_column_letter

from cjm.exporters.excel import measure
from cjm.exporters.excel.book import LABEL_FILLS
from cjm.exporters.excel.kpi import number_format
from cjm.exporters.excel.views import (
    HEADER_FILL,
    HEADER_TEXT,
    LANE_FILL,
    ViewSheet,
    new_book,
    put_title,
    to_bytes,
)
from cjm.exporters.reports import MET_FILLS, WORDS, heat
from cjm.grid import format_number
from cjm.i18n import language_of, pick
from cjm.model import Direction
from cjm.portfolio import SEVERITIES, Group, KpiRow, KpiValue, Portfolio, SharedCause
from cjm.portfolio.wording import kind_name, say, stage_count

__all__ = ["portfolio_workbook"]

#: Paper sizes of the print setup (Excel's codes).
PAPER_A3, PAPER_A4 = 8, 9
#: The header rows of a group sheet: journey titles, measures, severities.
_HEAD = 5
#: Columns of one journey's block: emotion, five severities and unrated, coverage.
_BLOCK = 8
_MUTED, _ZERO = "595959", "A6A6A6"
#: The style of a header cell (as :meth:`ViewSheet.header` writes it).
_HEADER: dict[str, Any] = {"bold": True, "colour": HEADER_TEXT, "fill": HEADER_FILL, "align": "center"}
#: Figures from this size up are shown with thousands separators (money, counts).
_LARGE = 10_000
#: Column widths of a journey's block (Excel units).
_EMOTION_WIDTH, _SEVERITY_WIDTH, _UNSCORED_WIDTH, _COVERAGE_WIDTH = 9.0, 5.0, 8.5, 11.0


def portfolio_workbook(portfolio: Portfolio, language: str | None = None) -> bytes:
    """The portfolio as .xlsx bytes (see the module's text); wording in ``language``
    (default: the first journey's)."""
    lang = language_of(language or portfolio.language)
    titles = [say("group", lang, n=g.number)[:31] for g in portfolio.groups]
    shared_title = say("shared_sheet", lang)[:31]
    workbook, first = new_book(titles[0] if titles else shared_title, lang)
    sheets = [first, *(ViewSheet(workbook.create_sheet(title), lang) for title in titles[1:])]
    for sheet, group in zip(sheets, portfolio.groups, strict=False):
        _group_sheet(sheet, group)
    shared = ViewSheet(workbook.create_sheet(shared_title), lang) if titles else first
    _shared_sheet(shared, portfolio)
    _about_sheet(ViewSheet(workbook.create_sheet(say("about", lang)[:31]), lang), portfolio)
    return to_bytes(workbook)


def _span(
    sheet: ViewSheet,
    row: int,
    col: int,
    value: Any,
    *,
    last_col: int | None = None,
    last_row: int | None = None,
    **style: Any,
) -> Any:
    """``value`` in the merged range ``row``…``last_row`` × ``col``…``last_col``, styled throughout.

    The rows' heights count the text at the range's whole width.
    """
    last_col = last_col or col
    last_row = last_row or row
    before = sheet.lines.get(row, 1)
    top = sheet.put(row, col, value, **style)
    for r in range(row, last_row + 1):
        for c in range(col, last_col + 1):
            if (r, c) != (row, col):
                sheet.put(r, c, "", **style)
    if (last_col, last_row) != (col, row):
        sheet.ws.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)
    if last_row > row:  # a label down several rows sits in their middle
        top.alignment = Alignment(wrap_text=True, vertical="center", horizontal=style.get("align", "left"))
    if isinstance(value, str):
        width = sum(sheet.widths.get(c, 10.0) for c in range(col, last_col + 1))
        sheet.lines[row] = max(before, measure.line_count(value, width) if last_row == row else 1)
    return top


def _finish(sheet: ViewSheet, **options: Any) -> None:
    """Lock and set up the sheet; rows of several lines get the height the Korean fonts need.

    (:meth:`ViewSheet.finish` allows 14 points a line; Noto Sans CJK, what LibreOffice
    shows Malgun Gothic with, takes :data:`measure.LINE_HEIGHT`.)
    """
    sheet.finish(**options)
    for row, lines in sheet.lines.items():
        if lines > 1:
            sheet.ws.row_dimensions[row].height = measure.row_height(lines)


def _heading(sheet: ViewSheet, row: int, text: str) -> None:
    """A heading over a table (12 pt, no border), as the blueprint view has."""
    sheet.put(row, 1, text, bold=True, size=12, wrap=False)
    sheet.ws.cell(row=row, column=1).border = Border()
    sheet.lines[row] = 1


def _note(sheet: ViewSheet, row: int, text: str) -> None:
    sheet.put(row, 1, text, colour=_MUTED, wrap=False, size=9)
    sheet.ws.cell(row=row, column=1).border = Border()
    sheet.lines[row] = 1


def _number(sheet: ViewSheet, row: int, col: int, value: float | None, fmt: str, **style: Any) -> None:
    """A number in ``fmt``; a dash where there is none (no figure is never written as 0)."""
    if value is None:
        sheet.put(row, col, "–", align="center", colour=_MUTED)
        return
    cell = sheet.put(row, col, value, align="center", **style)
    cell.number_format = fmt


def _stage_width(texts: Sequence[str]) -> float:
    widest = max((measure.display_width(t) for line in texts for t in line.split("\n")), default=0.0)
    return min(max(widest * 1.1 + 2.5, 16.0), 34.0)


# --- a compared group ---------------------------------------------------------------------------


def _group_sheet(sheet: ViewSheet, group: Group) -> None:
    lang = sheet.lang
    members = group.members
    put_title(
        sheet,
        f"{say('group_title', lang, n=group.number)}: {' · '.join(m.title for m in members)}",
        say("view", lang),
    )
    _note(sheet, 3, say("legend", lang))
    labels = [" / ".join(dict.fromkeys(r.names)) for r in group.rows]
    kpi_names = [k.name for k in group.kpis]
    block = [_EMOTION_WIDTH, *(_SEVERITY_WIDTH for _ in SEVERITIES), _UNSCORED_WIDTH, _COVERAGE_WIDTH]
    sheet.columns([_stage_width([*labels, *kpi_names, say("overall", lang)]), *(block * len(members))])
    _span(sheet, _HEAD, 1, say("stage", lang), last_row=_HEAD + 2, **_HEADER)
    for index, member in enumerate(members):
        col = 2 + _BLOCK * index
        _span(sheet, _HEAD, col, member.title, last_col=col + _BLOCK - 1, **_HEADER)
        _span(sheet, _HEAD + 1, col, say("emotion", lang), last_row=_HEAD + 2, **_HEADER)
        _span(sheet, _HEAD + 1, col + 1, say("pains", lang), last_col=col + 6, **_HEADER)
        _span(sheet, _HEAD + 1, col + 7, say("coverage_short", lang), last_row=_HEAD + 2, **_HEADER)
        for offset, severity in enumerate(SEVERITIES, start=1):
            sheet.put(_HEAD + 2, col + offset, str(severity), **_HEADER)
        sheet.put(_HEAD + 2, col + 6, say("unscored", lang), **_HEADER)
    row = _HEAD + 2
    for label, stage_row in zip(labels, group.rows, strict=True):
        row += 1
        sheet.put(row, 1, label, bold=True, fill=LANE_FILL)
        for index, cell in enumerate(stage_row.cells):
            col = 2 + _BLOCK * index
            share = cell.emotion_share
            _number(sheet, row, col, cell.emotion, "0.0", fill=heat(share) if share is not None else None)
            _counts(sheet, row, col + 1, [cell.pains.count(s) for s in (*SEVERITIES, None)])
            cover = cell.coverage.share
            _number(sheet, row, col + 7, cover, "0%", fill=heat(cover) if cover is not None else None)
    row += 1
    sheet.put(row, 1, say("overall", lang), bold=True, fill=LANE_FILL)
    for index, member in enumerate(members):
        col = 2 + _BLOCK * index
        sheet.put(row, col, "", fill=LANE_FILL)
        _counts(sheet, row, col + 1, [member.pains.count(s) for s in (*SEVERITIES, None)], bold=True)
        cover = member.coverage.share
        fill = heat(cover) if cover is not None else None
        _number(sheet, row, col + 7, cover, "0%", fill=fill, bold=True)
    sheet.ws.freeze_panes = f"B{_HEAD + 3}"
    _kpi_table(sheet, group, row + 2)
    # no print titles: the KPI table's pages would repeat the stage table's header
    _finish(sheet, paper=PAPER_A3 if len(members) > 3 else PAPER_A4)


def _counts(sheet: ViewSheet, row: int, col: int, counts: Sequence[int], *, bold: bool = False) -> None:
    """Pain-point counts, zeros in grey so the counts stand out."""
    for offset, count in enumerate(counts):
        sheet.put(
            row,
            col + offset,
            count,
            align="center",
            bold=bold and count > 0,
            colour=_ZERO if not count else None,
        )


def _decimals(*values: float | None) -> int:
    """Digits after the point the figures of a KPI need (at most 2)."""
    return min(2, max((len(format_number(v).partition(".")[2]) for v in values if v is not None), default=0))


def _met(row: KpiRow, gap: float | None) -> bool | None:
    if gap is None or row.direction is None:
        return None
    return gap >= 0 if row.direction is Direction.HIGHER else gap <= 0


def _kpi_table(sheet: ViewSheet, group: Group, start: int) -> None:
    """Metric × journey: baseline (coloured by its label), target and gap (green met, red missed)."""
    lang = sheet.lang
    members = group.members
    _heading(sheet, start, say("kpis", lang))
    _note(sheet, start + 1, f"{say('gap_def', lang)}.")
    head = start + 2
    _span(sheet, head, 1, say("kpi", lang), last_row=head + 1, **_HEADER)
    thirds = ((0, 2, "baseline"), (3, 5, "target"), (6, 7, "gap"))
    for index, member in enumerate(members):
        col = 2 + _BLOCK * index
        _span(sheet, head, col, member.title, last_col=col + _BLOCK - 1, **_HEADER)
        for first, last, key in thirds:
            _span(sheet, head + 1, col + first, say(key, lang), last_col=col + last, **_HEADER)
    row = head + 1
    if not group.kpis:
        _span(sheet, row + 1, 1, say("no_kpis", lang), last_col=1 + _BLOCK * len(members), colour=_MUTED)
        return
    names = dict(zip(group.stages, group.rows, strict=True))
    stage: str | None = ""
    for kpi in group.kpis:
        if kpi.stage != stage:
            stage = kpi.stage
            row += 1
            title = names[stage].name if stage in names else stage or pick(WORDS["all-stages"], lang)
            _span(sheet, row, 1, title, last_col=1 + _BLOCK * len(members), bold=True, fill=LANE_FILL)
        row += 1
        sheet.put(row, 1, kpi.name)
        for index, value in enumerate(kpi.values):
            col = 2 + _BLOCK * index
            _kpi_cells(sheet, row, col, kpi, value, thirds)


def _kpi_cells(
    sheet: ViewSheet,
    row: int,
    col: int,
    kpi: KpiRow,
    value: KpiValue | None,
    thirds: Sequence[tuple[int, int, str]],
) -> None:
    if value is None:
        for first, last, _key in thirds:
            _span(sheet, row, col + first, "", last_col=col + last)
        return
    decimals = _decimals(value.baseline, value.target, value.gap)
    figures = (value.baseline, value.target)
    large = any(v is not None and abs(v) >= _LARGE for v in figures)
    fmt = number_format(decimals, value.unit, large=large)
    (b0, b1, _), (t0, t1, _), (g0, g1, _) = thirds
    label_fill = LABEL_FILLS[value.baseline_label] if value.baseline_label is not None else None
    if value.baseline_text:  # as the map shows it ('60일+'), where a number alone cannot
        _span(sheet, row, col + b0, value.baseline_text, last_col=col + b1, align="center", fill=label_fill)
    else:
        _figure(sheet, row, col + b0, col + b1, value.baseline, fmt, fill=label_fill)
    _figure(sheet, row, col + t0, col + t1, value.target, fmt)
    met = _met(kpi, value.gap)
    signed = number_format(decimals, value.unit, signed=True, large=large)
    _figure(
        sheet, row, col + g0, col + g1, value.gap, signed, fill=MET_FILLS[met] if met is not None else None
    )


def _figure(
    sheet: ViewSheet, row: int, col: int, last_col: int, value: float | None, fmt: str, **style: Any
) -> None:
    """A KPI figure across merged columns; empty where the journey has none."""
    if value is None:
        _span(sheet, row, col, "", last_col=last_col, **style)
        return
    cell = _span(sheet, row, col, value, last_col=last_col, align="center", **style)
    cell.number_format = fmt


# --- shared causes ------------------------------------------------------------------------------


def _shared_sheet(sheet: ViewSheet, portfolio: Portfolio) -> None:
    lang = sheet.lang
    put_title(sheet, say("shared", lang), say("view", lang))
    _note(sheet, 3, f"{say('rank_def', lang)}. {say('weight_def', lang)}.")
    keys = ("rank", "cause", "kind", "journeys", "weight", "journey", "journey_weight", "caused")
    sheet.columns([7.0, 28.0, 12.0, 9.0, 10.0, 26.0, 12.0, 64.0])
    sheet.header(_HEAD, [say(k, lang) for k in keys])
    titles = {m.id: m.title for m in portfolio.members}
    stages = {m.id: dict(zip(m.stages, m.stage_names, strict=True)) for m in portfolio.members}
    row = _HEAD
    if not portfolio.shared_causes:
        _span(sheet, row + 1, 1, say("no_shared", lang), last_col=len(keys), colour=_MUTED)
    for rank, cause in enumerate(portfolio.shared_causes, start=1):
        first = row + 1
        for journey in cause.journeys:
            row += 1
            sheet.put(row, 6, titles[journey], bold=True)
            cell = sheet.put(row, 7, cause.weight_in(journey), align="right")
            cell.number_format = "0.0"
            sheet.put(row, 8, _pain_lines(cause, journey, stages[journey]))
        _cause_cells(sheet, first, row, rank, cause, lang)
    sheet.ws.freeze_panes = f"C{_HEAD + 1}"
    if portfolio.shared_causes:
        sheet.ws.auto_filter.ref = f"A{_HEAD}:{get_column_letter(len(keys))}{row}"
    _finish(sheet, title_rows=f"{_HEAD}:{_HEAD}")


def _pain_lines(cause: SharedCause, journey: str, stage_names: dict[str, str]) -> str:
    return "\n".join(
        f"{stage_names.get(p.stage, p.stage)}: {p.text} ({format_number(round(p.weight, 1))})"
        for p in cause.pains_in(journey)
    )


def _cause_cells(sheet: ViewSheet, first: int, last: int, rank: int, cause: SharedCause, lang: str) -> None:
    """Rank, cause, kind, journey count and weight on each of the cause's journey rows.

    Written on every row (the first in bold, the others in grey) rather than merged
    down: the sheet filters and sorts, and prints a cause across a page break whole.
    """
    label = cause.name if len(cause.ids) == 1 else f"{cause.name}\n({', '.join(cause.ids)})"
    for row in range(first, last + 1):
        lead = row == first
        colour = None if lead else _MUTED
        sheet.put(row, 1, rank, align="center", bold=lead, colour=colour)
        sheet.put(row, 2, label, bold=lead, colour=colour, fill=LANE_FILL)
        sheet.put(row, 3, kind_name(cause.kind, lang), colour=_MUTED)
        sheet.put(row, 4, len(cause.journeys), align="center", colour=colour)
        cell = sheet.put(row, 5, cause.weight, align="right", bold=lead, colour=colour)
        cell.number_format = "0.0"


# --- about --------------------------------------------------------------------------------------


def _about_sheet(sheet: ViewSheet, portfolio: Portfolio) -> None:
    lang = sheet.lang
    put_title(sheet, say("portfolio", lang), say("view", lang))
    keys = ("id", "title", "stages", "compared_in", "coverage", "pains_short")
    sheet.columns([24.0, 40.0, 12.0, 14.0, 14.0, 12.0])
    row = 4
    _heading(sheet, row, say("members", lang))
    row += 1
    sheet.header(row, [say(k, lang) for k in keys])
    compared = {m.id: say("group", lang, n=g.number) for g in portfolio.groups for m in g.members}
    for member in portfolio.members:
        row += 1
        sheet.put(row, 1, member.id, colour=_MUTED)
        sheet.put(row, 2, member.title, bold=True)
        sheet.put(row, 3, stage_count(len(member.stages), lang), align="center")
        sheet.put(row, 4, compared.get(member.id, "–"), align="center")
        share = member.coverage.share
        _number(sheet, row, 5, share, "0%", fill=heat(share) if share is not None else None)
        sheet.put(row, 6, member.pains.total, align="center")
    row += 2
    _heading(sheet, row, say("not_compared", lang))
    row += 1
    sheet.put(row, 1, say("title", lang), **_HEADER)
    _span(sheet, row, 2, say("why", lang), last_col=len(keys), **_HEADER)
    width = sum(sheet.widths[c] for c in range(2, len(keys) + 1))
    for single in portfolio.singles:
        row += 1
        sheet.put(row, 1, single.member.title, bold=True)
        reason = single.reason(lang)
        _span(sheet, row, 2, reason, last_col=len(keys))
        sheet.lines[row] = max(
            measure.line_count(single.member.title, sheet.widths[1]), measure.line_count(reason, width)
        )
    if not portfolio.singles:
        row += 1
        sheet.put(row, 1, say("none", lang), colour=_MUTED)
        _span(sheet, row, 2, "", last_col=len(keys))
    row += 2
    for key in ("coverage_def", "weight_def", "rank_def", "gap_def", "legend"):
        _note(sheet, row, say(key, lang))
        row += 1
    _finish(sheet)
