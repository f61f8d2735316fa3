"""The KPI report as a workbook: value, map baseline, target and gap by stage, dealer and period.

One sheet per period, newest first: the stages as row groups, each metric
with its computed value (a number, formatted with its unit), the baseline
the map had (coloured by its label), the change from it, the target, the gap
and whether it is met, how many records the value rests on, and one column
per dealer with the worst and the best dealer shaded.  With more than one
period a *By period* sheet lines the values up side by side; an *About*
sheet says what was read and what could not be computed.

The sheets are views (locked, never read back); the values stay numbers, so
they can be copied into a sheet of one's own and computed with.
:func:`funnel_workbook` does the same for a ``cjm funnel`` result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Border
from openpyxl.utils import get_column_letter

from cjm.exporters.excel import measure
from cjm.exporters.excel.book import LABEL_FILLS
from cjm.exporters.excel.views import LANE_FILL, ViewSheet, new_book, put_title, to_bytes
from cjm.exporters.reports import MET_FILLS, SPREAD_FILLS
from cjm.kpi.analytics import JourneyAnalytics
from cjm.kpi.baselines import GapRow
from cjm.kpi.compute import KpiResults
from cjm.kpi.report import (
    KpiReport,
    PeriodRows,
    funnel_scope,
    funnel_word,
    kpi_report,
    level_word,
    note_text,
    path_text,
    previous_text,
    signed_text,
    stage_names,
    value_text,
    word,
)
from cjm.model import Journey

__all__ = ["funnel_workbook", "kpi_workbook", "number_format"]

_HEAD = 5  # the header row of a period sheet


def number_format(decimals: int | None, unit: str, *, signed: bool = False, large: bool = False) -> str:
    """An Excel number format keeping ``decimals`` digits and showing ``unit`` after the number.

    The unit is quoted, so ``%`` is shown as written rather than multiplying
    by 100; a word unit ("days") gets a space.  ``signed`` writes a + on
    positive numbers (a gap); ``large`` groups thousands (money, counts).
    """
    digits = "0" if not decimals else "0." + "0" * decimals
    body = ("#,##" + digits) if large else digits
    shown = unit.replace('"', "")
    if shown and shown[0].isascii() and shown[0].isalpha():
        shown = " " + shown
    suffix = f'"{shown}"' if shown else ""
    if signed:
        return f"+{body}{suffix};-{body}{suffix};{body}{suffix}"
    return body + suffix


def _room(texts: Sequence[str], floor: float, ceiling: float = 60.0) -> float:
    """A column as wide as its widest text (bold, so a tenth more), within ``floor`` and ``ceiling``."""
    widest = max((measure.display_width(t) for t in texts), default=0.0)
    return min(max(widest * 1.1 + measure.CELL_MARGIN + 1.0, floor), ceiling)


def _large(row: GapRow) -> bool:
    values = [row.value, *(v for _d, v in row.dealers)]
    return any(v is not None and abs(v) >= 10_000 for v in values)


def kpi_workbook(journey: Journey, results: KpiResults, *, language: str | None = None) -> bytes:
    """The report of a ``cjm kpi`` run on ``journey`` as .xlsx bytes (see the module's text)."""
    report = kpi_report(journey, results, language=language)
    lang = report.language
    workbook, first = new_book(report.latest.period, lang)
    for index, period in enumerate(reversed(report.periods)):
        sheet = first if index == 0 else ViewSheet(workbook.create_sheet(period.period[:31]), lang)
        _period_sheet(sheet, report, period)
    if len(report.periods) > 1:
        _trend_sheet(ViewSheet(workbook.create_sheet(word("trend", lang)[:31]), lang), report)
    _about_sheet(ViewSheet(workbook.create_sheet(word("about", lang)[:31]), lang), report)
    return to_bytes(workbook)


def _stage_row(sheet: ViewSheet, row: int, text: str, last_column: int) -> None:
    sheet.put(row, 1, text, bold=True, fill=LANE_FILL, wrap=False)
    for col in range(2, last_column + 1):
        sheet.put(row, col, "", fill=LANE_FILL)
    sheet.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)


def _period_sheet(sheet: ViewSheet, report: KpiReport, period: PeriodRows) -> None:
    lang = report.language
    put_title(
        sheet,
        f"{word('title', lang)} — {report.title}",
        f"{word('period', lang)} {period.period} · {word('as_of', lang)} {period.as_of.isoformat()}"
        f" · {word('engine', lang)} {report.engine} · {word('values_note', lang)}",
    )
    legend = f"{word('mot', lang)}. {word('spread_colours', lang)}. {word('met_colours', lang)}."
    sheet.put(3, 1, legend, colour="595959", wrap=False, size=9)
    sheet.ws.cell(row=3, column=1).border = Border()
    dealers = report.dealers
    heads = ["kpi", "id", "value", "baseline", "change", "target", "gap", "met_col", "n"]
    shown = report.shown(period.rows)

    def figures(of: Callable[[GapRow], float | None], signed: bool = False) -> list[str]:
        """Each shown row's figure as the column will show it (for the column's width)."""
        text = signed_text if signed else value_text
        return [text(of(r), r.unit) for r in shown]

    widths = [
        34.0,
        _room([r.metric for r in shown], 12.0),
        _room(figures(lambda r: r.value), 11.0),
        _room([previous_text(r, lang) for r in shown], 14.0),
        _room(figures(lambda r: r.change, signed=True), 10.0),
        _room(figures(lambda r: r.target), 9.0),
        _room(figures(lambda r: r.gap, signed=True), 9.0),
        _room([word("not_met", lang), word("met_col", lang)], 9.0),
        _room([f"{r.n:,}" for r in shown if r.n is not None], 7.0),
    ]
    dealer_widths = [
        _room(
            [name, *(value_text(dict(r.dealers).get(dealer), r.unit) for r in shown)],
            11.0,
        )
        for dealer, name in dealers
    ]
    first_dealer = len(heads) + 1
    note_col = first_dealer + len(dealers)
    sheet.columns([*widths, *dealer_widths, 44.0])
    sheet.header(
        _HEAD, [*(word(h, lang) for h in heads), *(name for _id, name in dealers), word("note", lang)]
    )
    row = _HEAD
    for stage, group in report.by_stage(period.rows).items():
        row += 1
        _stage_row(sheet, row, report.stage_title(stage), note_col)
        for gap_row in group:
            row += 1
            _metric_row(sheet, row, report, gap_row, first_dealer, note_col)
    sheet.ws.freeze_panes = f"C{_HEAD + 1}"
    sheet.ws.auto_filter.ref = f"A{_HEAD}:{get_column_letter(note_col)}{max(row, _HEAD + 1)}"
    sheet.finish(title_rows=f"{_HEAD}:{_HEAD}")


def _metric_row(
    sheet: ViewSheet, row: int, report: KpiReport, gap: GapRow, first_dealer: int, note_col: int
) -> None:
    lang = report.language
    large = _large(gap)
    fmt = number_format(gap.decimals, gap.unit, large=large)
    signed = number_format(gap.decimals, gap.unit, signed=True, large=large)
    sheet.put(row, 1, report.metric_title(gap), bold=gap.metric in report.mot_metrics)
    sheet.put(row, 2, gap.metric, colour="595959")
    _number(sheet, row, 3, gap.value, fmt, bold=True)
    previous = gap.previous
    sheet.put(
        row,
        4,
        previous_text(gap, lang),
        align="right",
        fill=LABEL_FILLS[previous.label] if previous is not None else None,
    )
    _number(sheet, row, 5, gap.change, signed)
    _number(sheet, row, 6, gap.target, fmt)
    _number(sheet, row, 7, gap.gap, signed)
    if gap.met is None:
        sheet.put(row, 8, "")
    else:
        sheet.put(
            row, 8, word("met" if gap.met else "not_met", lang), align="center", fill=MET_FILLS[gap.met]
        )
    _number(sheet, row, 9, gap.n, "#,##0", empty="")
    worst, best = gap.extremes()
    values = dict(gap.dealers)
    for offset, (dealer, _dealer_name) in enumerate(report.dealers):
        value = values.get(dealer)
        fill = SPREAD_FILLS["worst"] if dealer == worst else SPREAD_FILLS["best"] if dealer == best else None
        _number(sheet, row, first_dealer + offset, value, fmt, fill=fill, bold=dealer == worst)
    # the status in the report's language; the full reason (file and column) is on the About sheet
    sheet.put(row, note_col, note_text(gap, lang), colour="595959")


def _number(
    sheet: ViewSheet,
    row: int,
    col: int,
    value: float | None,
    fmt: str,
    *,
    bold: bool = False,
    fill: str | None = None,
    empty: str = "–",
) -> None:
    """A number in ``fmt``; ``empty`` where there is none (no value is never written as 0)."""
    if value is None:
        sheet.put(row, col, empty, align="right")
        return
    cell = sheet.put(row, col, value, align="right", bold=bold, fill=fill)
    cell.number_format = fmt


def _trend_sheet(sheet: ViewSheet, report: KpiReport) -> None:
    """Each metric's value period by period, against its target."""
    lang = report.language
    put_title(
        sheet,
        f"{word('trend', lang)} — {report.title}",
        f"{word('values_note', lang)} {word('met_colours', lang)}.",
    )
    periods = [p.period for p in report.periods]
    target_col = 3 + len(periods)
    latest_rows = report.shown(report.latest.rows)
    texts = [value_text(r.value, r.unit) for p in report.periods for r in report.shown(p.rows)] + [
        value_text(r.target, r.unit) for r in latest_rows
    ]
    figure = _room([*texts, *periods], 10.0)
    sheet.columns([34.0, _room([r.metric for r in latest_rows], 12.0), *(figure for _ in periods), figure])
    sheet.header(_HEAD - 1, [word("kpi", lang), word("id", lang), *periods, word("target", lang)])
    by_period = {p.period: {r.metric: r for r in p.rows} for p in report.periods}
    row = _HEAD - 1
    for stage, group in report.by_stage(report.latest.rows).items():
        row += 1
        _stage_row(sheet, row, report.stage_title(stage), target_col)
        for latest in group:
            row += 1
            fmt = number_format(latest.decimals, latest.unit, large=_large(latest))
            sheet.put(row, 1, report.metric_title(latest), bold=latest.metric in report.mot_metrics)
            sheet.put(row, 2, latest.metric, colour="595959")
            for col, period in enumerate(periods, start=3):
                found = by_period[period].get(latest.metric)
                met = found.met if found is not None else None
                _number(
                    sheet,
                    row,
                    col,
                    found.value if found is not None else None,
                    fmt,
                    fill=MET_FILLS[met] if met is not None else None,
                )
            _number(sheet, row, target_col, latest.target, fmt)
    sheet.ws.freeze_panes = f"C{_HEAD}"
    sheet.finish(title_rows=f"{_HEAD - 1}:{_HEAD - 1}")


def _about_sheet(sheet: ViewSheet, report: KpiReport) -> None:
    """What was read, from where, and what could not be computed and why."""
    lang = report.language
    put_title(
        sheet,
        f"{word('title', lang)} — {report.title}",
        f"{word('period', lang)} {', '.join(p.period for p in report.periods)}"
        f" · {word('engine', lang)} {report.engine}",
    )
    sheet.columns([26.0, 70.0])
    row = 4
    sheet.header(row, [word("table", lang), word("file", lang)])
    for table, source in sorted(report.sources.items()):
        row += 1
        sheet.put(row, 1, table)
        sheet.put(row, 2, source)
    missing = report.not_computed()
    if missing:
        row += 2
        sheet.header(row, [word("id", lang), word("skipped", lang)])
        for gap in missing:
            row += 1
            sheet.put(row, 1, gap.metric)
            sheet.put(row, 2, gap.note)
    for key, ids in (("no_definition", report.undefined()), ("unsplit", list(report.unsplit))):
        if ids:
            row += 2
            sheet.header(row, [word(key, lang), ""])
            sheet.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            sheet.lines[row] = 1
            row += 1
            sheet.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            text = ", ".join(ids)
            sheet.put(row, 1, text)
            sheet.lines[row] = measure.line_count(text, sum(sheet.widths.values()))
    sheet.finish()


# --- the funnel (cjm funnel) ----------------------------------------------------------------------


def funnel_workbook(journey: Journey, result: JourneyAnalytics, *, language: str | None = None) -> bytes:
    """The funnel of a ``cjm funnel`` run as .xlsx bytes.

    One sheet: per stage the customers who reached it, converted and dropped,
    the conversion and the median days in the stage (numbers, with a chart of
    converted and dropped beside them); then the most frequent paths; then the
    map against the data (touchpoints the map names that nobody used, frequent
    ones it lacks).
    """
    lang = language or journey.language
    workbook, sheet = new_book(funnel_word("funnel", lang)[:31], lang)

    def w(key: str) -> str:
        return funnel_word(key, lang)

    put_title(sheet, f"{w('funnel')} — {journey.title}", funnel_scope(result, lang))
    names = [journey.stage(step.stage).name for step in result.funnel]
    sheet.columns([_room([*names, w("stage")], 20.0), 11.0, 11.0, 11.0, 11.0, 16.0, 40.0])
    head = 4
    sheet.header(head, [w(k) for k in ("stage", "reached", "converted", "dropped", "rate", "days")])
    row = head
    for name, step in zip(names, result.funnel, strict=True):
        row += 1
        sheet.put(row, 1, name, bold=True, fill=LANE_FILL)
        for col, value in enumerate((step.reached, step.converted, step.dropped), start=2):
            _number(sheet, row, col, value, "#,##0")
        rate = step.conversion
        _number(sheet, row, 5, None if rate is None else round(rate, 1), '0.0"%"')
        _number(sheet, row, 6, step.median_days, "0.0", empty="")
    if result.funnel:
        _funnel_chart(sheet, head, row)
    row += 2
    sheet.put(row, 1, f"{w('paths')} ({level_word(result, lang)})", bold=True, size=12, wrap=False)
    sheet.ws.cell(row=row, column=1).border = Border()
    row += 1
    sheet.header(row, [w("customers"), w("share"), w("path")])
    sheet.ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=7)
    room = sum(sheet.widths.get(c, 11.0) for c in range(3, 8))
    for path in result.paths:
        row += 1
        _number(sheet, row, 1, path.customers, "#,##0")
        _number(sheet, row, 2, round(path.share, 1), '0.0"%"')
        text = path_text(journey, result, path.steps, path.truncated)
        sheet.ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=7)
        sheet.put(row, 3, text)
        sheet.lines[row] = measure.line_count(text, room)
    row += 2
    sheet.put(row, 1, w("reality"), bold=True, size=12, wrap=False)
    sheet.ws.cell(row=row, column=1).border = Border()
    row += 1
    sheet.header(row, [w("touchpoint"), w("events"), w("share"), w("stage")])
    for key, uses in (("unseen", result.unseen), ("missing", result.missing)):
        row += 1
        label = w(key) if key == "unseen" else f"{w(key)} (≥ {result.min_share:g}%)"
        _stage_row(sheet, row, label, 4)
        sheet.lines[row] = 1
        for use in uses:
            row += 1
            sheet.put(row, 1, use.touchpoint)
            _number(sheet, row, 2, use.events, "#,##0")
            _number(sheet, row, 3, round(use.share, 1), '0.0"%"')
            stages = use.map_stages if key == "unseen" else use.data_stages
            sheet.put(row, 4, stage_names(journey, stages))
        if not uses:
            row += 1
            sheet.put(row, 1, w("none"), colour="595959")
    sheet.finish()
    return to_bytes(workbook)


def _funnel_chart(sheet: ViewSheet, head: int, last: int) -> None:
    """Converted and dropped per stage, stacked, beside the funnel table."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.style = 10
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"  # the first stage on top, as in the table
    data = Reference(sheet.ws, min_col=3, max_col=4, min_row=head, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=head + 1, max_row=last))
    for series, colour in zip(chart.series, ("2E8B57", "C0392B"), strict=True):
        series.graphicalProperties.solidFill = colour
    chart.height = max(6.0, 1.1 * (last - head) + 2.0)
    chart.width = 14.0
    chart.legend.position = "b"
    sheet.ws.add_chart(chart, f"H{head}")  # right of the paths' merged cells (C:G)
