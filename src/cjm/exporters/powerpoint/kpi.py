"""The KPI report as slides: per stage, each metric's value against the map's baseline and the target.

:func:`kpi_builder` makes a builder for one ``cjm kpi`` run (it needs the
run's results, so it is made on demand, like the heatmap of the survey):

- one slide per stage with metrics, for the newest period: value, the map's
  baseline (coloured by its label), the change from it, target, gap (green
  met, red missed), n, and the dealer spread (worst … best dealer);
- with a split by dealer, the dealers side by side (worst red, best green),
  eight dealers to a slide;
- with more than one period, the values period by period.

The stages that are Moments of Truth, and the metrics they are managed by,
carry a ★.  :func:`funnel_builder` does the same for a ``cjm funnel`` result:
the funnel as a chart beside its table, then the frequent paths beside the
map against the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cjm.exporters.powerpoint.analysis import text_cell
from cjm.exporters.powerpoint.deck import (
    DeckContext,
    SlideBuilder,
    TableFlow,
    column_widths,
    header_cell,
    label_cell,
)
from cjm.exporters.powerpoint.design import EMU_PER_INCH, Rect
from cjm.exporters.powerpoint.drawing import add_stacked_bar_chart
from cjm.exporters.powerpoint.fitting import Cell, Para, Row, Table
from cjm.exporters.reports import MET_FILLS, SPREAD_FILLS
from cjm.i18n import Wording
from cjm.kpi.analytics import JourneyAnalytics
from cjm.kpi.baselines import GapRow
from cjm.kpi.compute import KpiResults
from cjm.kpi.report import (
    KpiReport,
    funnel_scope,
    funnel_word,
    gap_text,
    kpi_report,
    level_word,
    path_text,
    previous_text,
    signed_text,
    stage_names,
    value_text,
    word,
)
from cjm.model import Journey

__all__ = ["DEALERS_PER_SLIDE", "PERIODS_PER_SLIDE", "funnel_builder", "kpi_builder"]

#: Dealers side by side on one slide (more continue on the next).
DEALERS_PER_SLIDE = 8
#: Periods side by side on the trend slide (the newest ones).
PERIODS_PER_SLIDE = 6

TITLE: Wording = ("KPI 베이스라인", "KPI baselines")
_W: dict[str, Wording] = {
    "dealers": ("딜러별 KPI", "KPIs by dealer"),
    "stage_notes": (
        "진행 안내: 지도의 가설(노란색)과 측정값이 크게 다른 지표부터 다룹니다."
        " 최저 딜러의 값이 어디서 오는지(프로세스·시스템·부서) 블루프린트에서 찾아봅니다.",
        "Facilitation: start with the metrics whose value differs most from the map's hypothesis (yellow);"
        " then trace where the worst dealer's value comes from (process, system, department)"
        " on the blueprint.",
    ),
    "dealer_notes": (
        "진행 안내: 한 딜러가 여러 지표에서 최저라면 그 딜러의 핸드오프부터 확인합니다.",
        "Facilitation: a dealer that is worst on several metrics points to its hand-offs first.",
    ),
}


def _band(ctx: DeckContext, text: str, columns: int) -> Row:
    """A heading row across a table of ``columns``: ``text`` in bold on the lane colour."""
    fill = ctx.palette.lane_fill
    return Row(
        cells=(
            Cell(block=(Para.of(text, bold=True),), fill=fill),
            *(Cell(fill=fill) for _ in range(columns - 1)),
        )
    )


def _name_cell(ctx: DeckContext, report: KpiReport, row: GapRow) -> Cell:
    return Cell(
        block=(
            Para.of(report.metric_title(row), bold=True),
            Para.of(row.metric, colour=ctx.palette.muted, scale=0.8),
        ),
        repeat=True,
    )


def _spread(report: KpiReport, row: GapRow) -> Cell:
    """The worst and the best dealer with their values, a line each (empty without two to compare)."""
    worst, best = row.extremes()
    if worst is None or best is None:
        return Cell()
    values = dict(row.dealers)
    return Cell(
        block=tuple(
            Para.of(f"{mark} {report.dealer_name(dealer)} {value_text(values[dealer], row.unit)}")
            for mark, dealer in (("▼", worst), ("▲", best))
        )
    )


def _stage_slides(ctx: DeckContext, report: KpiReport) -> None:
    lang = report.language
    latest = report.latest
    split = bool(report.dealers)
    keys = ["kpi", "value", "baseline", "change", "target", "gap", "n"] + (["spread"] if split else [])
    weights = (3.0, 1.2, 1.4, 1.0, 1.0, 1.1, 0.8) + ((2.6,) if split else ())
    header = Row(cells=tuple(header_cell(ctx, word(k, lang)) for k in keys))
    guide = (
        f"{word('period', lang)} {latest.period} · {word('as_of', lang)} {latest.as_of.isoformat()}"
        f" · {word('engine', lang)} {report.engine}. {word('mot', lang)}. {word('met_colours', lang)}."
    )
    note, rest = ctx.note(guide, size=10.0)
    for stage, group in report.by_stage(latest.rows).items():
        rows = []
        for gap in group:
            previous = gap.previous
            cells = [
                _name_cell(ctx, report, gap),
                text_cell(value_text(gap.value, gap.unit), bold=True, align="r"),
                Cell(
                    block=(Para.of(previous_text(gap, lang), align="r"),),
                    fill=ctx.palette.label_fill[previous.label] if previous is not None else None,
                ),
                text_cell(signed_text(gap.change, gap.unit), align="r"),
                text_cell("" if gap.target is None else value_text(gap.target, gap.unit), align="r"),
                Cell(
                    block=(Para.of(gap_text(gap, lang), align="r"),),
                    fill=MET_FILLS[gap.met] if gap.met is not None else None,
                ),
                text_cell("" if gap.n is None else f"{gap.n:,}", align="r"),
            ]
            if split:
                cells.append(_spread(report, gap))
            rows.append(Row(cells=tuple(cells)))
        table = Table(
            widths=column_widths(ctx.content.width_pt, weights),
            rows=tuple(rows),
            header=header,
        )
        ctx.place(
            f"{ctx.pick(TITLE)} {latest.period}: {report.stage_title(stage)}",
            [note, TableFlow(table, rest)],
            largest=12.0,
            floor=8.0,
            notes=ctx.pick(_W["stage_notes"]),
        )


def _chunks(items: Sequence[tuple[str, str]], size: int) -> list[Sequence[tuple[str, str]]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _dealer_slides(ctx: DeckContext, report: KpiReport) -> None:
    lang = report.language
    latest = report.latest
    rows_by_stage = report.by_stage(latest.rows)
    guide = f"{word('period', lang)} {latest.period}. {word('spread_colours', lang)}."
    note, rest = ctx.note(guide, size=10.0)
    for part in _chunks(report.dealers, DEALERS_PER_SLIDE):
        header = Row(
            cells=(
                header_cell(ctx, word("kpi", lang)),
                header_cell(ctx, word("value", lang)),
                *(header_cell(ctx, name) for _id, name in part),
            )
        )
        rows = []
        for stage, group in rows_by_stage.items():
            rows.append(_band(ctx, report.stage_title(stage), len(part) + 2))
            for gap in group:
                worst, best = gap.extremes()
                values = dict(gap.dealers)
                cells = [
                    Cell(block=(Para.of(report.metric_title(gap)),), repeat=True),
                    text_cell(value_text(gap.value, gap.unit), bold=True, align="r"),
                ]
                for dealer, _name in part:
                    fill = (
                        SPREAD_FILLS["worst"]
                        if dealer == worst
                        else SPREAD_FILLS["best"]
                        if dealer == best
                        else None
                    )
                    shown = value_text(values[dealer], gap.unit) if dealer in values else ""
                    cells.append(Cell(block=(Para.of(shown, bold=dealer == worst, align="r"),), fill=fill))
                rows.append(Row(cells=tuple(cells)))
        table = Table(
            widths=column_widths(ctx.content.width_pt, (3.2, 1.2, *(1.2 for _ in part))),
            rows=tuple(rows),
            header=header,
        )
        ctx.place(
            f"{ctx.pick(_W['dealers'])} {latest.period}",
            [note, TableFlow(table, rest)],
            largest=12.0,
            floor=9.5,
            notes=ctx.pick(_W["dealer_notes"]),
        )


def _trend_slides(ctx: DeckContext, report: KpiReport) -> None:
    lang = report.language
    periods = report.periods[-PERIODS_PER_SLIDE:]
    found = {p.period: {r.metric: r for r in p.rows} for p in periods}
    header = Row(
        cells=(
            header_cell(ctx, word("kpi", lang)),
            *(header_cell(ctx, p.period) for p in periods),
            header_cell(ctx, word("target", lang)),
        )
    )
    rows = []
    for stage, group in report.by_stage(report.latest.rows).items():
        rows.append(_band(ctx, report.stage_title(stage), len(periods) + 2))
        for latest in group:
            cells = [Cell(block=(Para.of(report.metric_title(latest)),), repeat=True)]
            for period in periods:
                gap = found[period.period].get(latest.metric)
                value = gap.value if gap is not None else None
                met = gap.met if gap is not None else None
                cells.append(
                    Cell(
                        block=(Para.of(value_text(value, latest.unit), align="r"),),
                        fill=MET_FILLS[met] if met is not None else None,
                    )
                )
            target = "" if latest.target is None else value_text(latest.target, latest.unit)
            cells.append(text_cell(target, align="r"))
            rows.append(Row(cells=tuple(cells)))
    table = Table(
        widths=column_widths(ctx.content.width_pt, (4.0, *(1.0 for _ in periods), 1.0)),
        rows=tuple(rows),
        header=header,
    )
    note, rest = ctx.note(f"{word('met_colours', lang)}.", size=10.0)
    ctx.place(
        f"{ctx.pick(TITLE)}: {word('trend', lang)}",
        [note, TableFlow(table, rest)],
        largest=12.0,
        floor=9.5,
    )


def kpi_builder(results: KpiResults, journey: Journey) -> SlideBuilder:
    """A builder of the KPI report's slides for a run's ``results`` on ``journey`` (see the module)."""

    def build(ctx: DeckContext) -> None:
        report = kpi_report(journey, results, language=ctx.language)
        _stage_slides(ctx, report)
        if report.dealers:
            _dealer_slides(ctx, report)
        if len(report.periods) > 1:
            _trend_slides(ctx, report)

    return SlideBuilder(name="kpi-report", title=TITLE, build=build, section="analysis")


# --- the funnel (cjm funnel) ----------------------------------------------------------------------

FUNNEL_TITLE: Wording = ("퍼널: 단계별 도달·전환·이탈", "Funnel: reached, converted, dropped")
_FUNNEL_NOTES: Wording = (
    "진행 안내: 이탈이 가장 많은 단계와 체류 시간이 가장 긴 단계부터 봅니다."
    " 그 단계의 Pain Point와 비교하세요.",
    "Facilitation: start with the stage that loses the most customers and the one where they stay longest;"
    " compare them with that stage's pain points.",
)


def _funnel_slide(ctx: DeckContext, journey: Journey, result: JourneyAnalytics) -> None:
    lang = ctx.language
    names = [journey.stage(step.stage).name for step in result.funnel]
    palette = ctx.palette

    def draw(slide: Any, rect: Rect) -> None:
        converted = [float(step.converted or 0) for step in result.funnel]
        dropped = [float(step.dropped or 0) for step in result.funnel]
        series = [
            (funnel_word("converted", lang), converted, palette.series[2]),
            (funnel_word("dropped", lang), dropped, palette.series[4]),
        ]
        add_stacked_bar_chart(slide, rect, names, series, ctx.design, size=10.0)

    def table_for(width: float) -> Table:
        keys = ("stage", "reached", "converted", "dropped", "rate", "days")
        header = Row(cells=tuple(header_cell(ctx, funnel_word(k, lang)) for k in keys))
        rows = []
        for name, step in zip(names, result.funnel, strict=True):
            rate = step.conversion
            figures = (
                f"{step.reached:,}",
                "–" if step.converted is None else f"{step.converted:,}",
                "–" if step.dropped is None else f"{step.dropped:,}",
                "–" if rate is None else f"{rate:.1f}%",
                "" if step.median_days is None else f"{step.median_days:.1f}",
            )
            rows.append(
                Row(
                    cells=(
                        label_cell(ctx, name),
                        *(text_cell(f, align="r") for f in figures),
                    )
                )
            )
        return Table(
            widths=column_widths(width, (2.2, 1.0, 1.0, 1.0, 1.0, 1.2)), rows=tuple(rows), header=header
        )

    scope = (Para.of(funnel_scope(result, lang), colour=palette.muted),)
    ctx.chart_and_table(
        ctx.pick(FUNNEL_TITLE),
        draw,
        table_for,
        weights=(0.45, 0.55),
        notes=ctx.pick(_FUNNEL_NOTES),
        above=scope,
    )


def _reality_slide(ctx: DeckContext, journey: Journey, result: JourneyAnalytics) -> None:
    lang = ctx.language
    left, right = ctx.content.columns((0.55, 0.45), int(0.25 * EMU_PER_INCH))
    paths = Table(
        widths=column_widths(left.width_pt, (1.0, 0.9, 5.0)),
        header=Row(
            cells=tuple(header_cell(ctx, funnel_word(k, lang)) for k in ("customers", "share", "path"))
        ),
        rows=tuple(
            Row(
                cells=(
                    text_cell(f"{p.customers:,}", align="r"),
                    text_cell(f"{p.share:.1f}%", align="r"),
                    text_cell(path_text(journey, result, p.steps, p.truncated)),
                )
            )
            for p in result.paths
        ),
    )
    touch_rows = [_band(ctx, funnel_word("unseen", lang), 2)]
    touch_rows += [
        Row(
            cells=(
                text_cell(u.touchpoint),
                text_cell(stage_names(journey, u.map_stages)),
            )
        )
        for u in result.unseen
    ] or [Row(cells=(text_cell(funnel_word("none", lang)), text_cell("")))]
    touch_rows.append(_band(ctx, f"{funnel_word('missing', lang)} (≥ {result.min_share:g}%)", 2))
    touch_rows += [
        Row(
            cells=(
                text_cell(u.touchpoint),
                text_cell(f"{u.events:,} {funnel_word('events', lang)} ({u.share:.1f}%)"),
            )
        )
        for u in result.missing
    ] or [Row(cells=(text_cell(funnel_word("none", lang)), text_cell("")))]
    touchpoints = Table(widths=column_widths(right.width_pt, (1.3, 1.0)), rows=tuple(touch_rows))
    ctx.place(
        f"{funnel_word('reality', lang)}: {funnel_word('paths', lang)} ({level_word(result, lang)})",
        [TableFlow(paths, left), TableFlow(touchpoints, right)],
        largest=12.0,
        floor=9.0,
    )


def funnel_builder(result: JourneyAnalytics, journey: Journey) -> SlideBuilder:
    """A builder of the funnel slides for a ``cjm funnel`` result on ``journey``.

    The funnel (converted and dropped per stage as a chart, beside the table
    with conversion and days in stage), then the most frequent paths beside
    the map against the data: touchpoints the map names that nobody used, and
    frequent ones the map lacks.
    """

    def build(ctx: DeckContext) -> None:
        if result.funnel:
            _funnel_slide(ctx, journey, result)
        _reality_slide(ctx, journey, result)

    return SlideBuilder(name="funnel", title=FUNNEL_TITLE, build=build, section="analysis")
