"""The built-in slide builders: title to 3C canvas, and a one-slide journey summary.

Each function adds its slides through a :class:`DeckContext`; each is
registered under the name ``--slides`` uses.  Content comes from the journey
(through :func:`cjm.grid.grid` for the map, so it reads as in every other
export); wording from :mod:`cjm.exporters.powerpoint.wording`.  Builders that
have nothing to show for a journey say so through ``applies``; workshop
builders leave room to write where the journey has no content yet.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR

from cjm.exporters.powerpoint.deck import (
    DeckContext,
    TableFlow,
    TextFlow,
    column_widths,
    header_cell,
    label_cell,
    label_width,
    slide_builder,
)
from cjm.exporters.powerpoint.design import EMU_PER_INCH, Rect
from cjm.exporters.powerpoint.drawing import (
    add_column_chart,
    add_line_chart,
    add_matrix_chart,
    add_stacked_bar_chart,
    add_text_box,
    fill_colour,
    no_shadow,
    write_text,
)
from cjm.exporters.powerpoint.fitting import CELL_MARGIN_X, Block, Cell, Para, Row, Span, Table, text_width
from cjm.exporters.powerpoint.wording import LEAD, THREE_C, THREE_C_STRATEGY, WORDS
from cjm.grid import (
    QUICK_WIN_EFFORT,
    QUICK_WIN_VALUE,
    Entry,
    format_number,
    format_value,
    priority,
    quick_win,
)
from cjm.i18n import vocabulary
from cjm.model import Journey, Label, LaneKind, Metric, Opportunity, PainPoint, Stage
from cjm.voc.questions import interview_guide

__all__ = ["BULLET", "MOT_MARK", "QUICK_WIN_EFFORT", "QUICK_WIN_VALUE", "priority", "quick_win"]

#: Bullet of an entry; its colour shows the entry's label.
BULLET = "●"
#: Marker of a Moment of Truth on headers, chart categories and titles.
MOT_MARK = "★"
#: Severity × frequency from which a pain point is of high, of medium priority.
HIGH_PRIORITY, MEDIUM_PRIORITY = 12, 8
#: The colour of quick wins on the opportunity matrix.
QUICK_WIN_COLOUR = "2E8B57"
#: Narrowest legible stage column of the journey overview, points (1.15 in).
MIN_STAGE_COLUMN = 83.0
#: Font sizes of the overview: start size and legibility floor.
OVERVIEW_SIZE, OVERVIEW_FLOOR = 12.0, 9.0
#: Font sizes of detail tables.
DETAIL_SIZE, DETAIL_FLOOR = 13.0, 10.0

_IN = EMU_PER_INCH
_P_TXBODY = "{http://schemas.openxmlformats.org/presentationml/2006/main}txBody"


def _has_stages(journey: Journey) -> bool:
    return bool(journey.stages)


def _has_map(journey: Journey) -> bool:
    return bool(journey.stages and journey.lanes)


# --- shared cell makers ------------------------------------------------------------------


def _entry_para(ctx: DeckContext, text: str, label: Label | None, *extra: Span) -> Para:
    if label is None:
        return Para(spans=(Span(text), *extra))
    return Para(spans=(Span(text), *extra), bullet=BULLET, bullet_colour=ctx.palette.label_mark[label])


def _fill_for(ctx: DeckContext, labels: Iterable[Label | None]) -> str:
    found = set(labels)
    if len(found) == 1:
        (only,) = found
        if only is not None:
            return ctx.palette.label_fill[only]
    return ctx.palette.neutral_fill


def _text_cell(ctx: DeckContext, text: str, *, muted: bool = False, bold: bool = False) -> Cell:
    colour = ctx.palette.muted if muted else None
    return Cell(
        block=(Para.of(text, colour=colour, bold=bold),) if text else (), fill=ctx.palette.neutral_fill
    )


def _dash(ctx: DeckContext) -> Cell:
    return _text_cell(ctx, "—", muted=True)


def _legend(ctx: DeckContext, *, mot: bool = True) -> Block:
    spans: list[Span] = []
    for label in Label:
        spans += [
            Span(f"{BULLET} ", colour=ctx.palette.label_mark[label]),
            Span(f"{vocabulary(label, ctx.language)}    "),
        ]
    if mot:
        spans += [Span(f"{MOT_MARK} ", colour=ctx.palette.mot), Span(ctx.say("mot.legend"))]
    return (Para(spans=tuple(spans)),)


def _stage_label(ctx: DeckContext, stage: Stage) -> str:
    return f"{MOT_MARK} {stage.name}" if ctx.journey.moment_of_truth(stage.id) else stage.name


def _stage_name(journey: Journey, stage_id: str | None) -> str:
    return journey.stage(stage_id).name if stage_id else ""


def _figure(metric: Metric) -> str:
    baseline = metric.baseline
    if baseline is None:
        return ""
    if baseline.text:
        return baseline.text
    return format_value(baseline.value, metric.unit) if baseline.value is not None else ""


def _target(metric: Metric) -> str:
    return format_value(metric.target, metric.unit) if metric.target is not None else ""


def _lane_title(ctx: DeckContext, kind: LaneKind, fallback_key: str) -> str:
    lane = next((lane for lane in ctx.journey.lanes if lane.kind is kind), None)
    return lane.name if lane is not None else ctx.term(fallback_key)


# --- title and agenda --------------------------------------------------------------------


@slide_builder("title", WORDS["slide.title"], section="intro", order=0, standard=True)
def title_slide(ctx: DeckContext) -> None:
    """The cover: the journey's title, its description, version, date and persona."""
    journey = ctx.journey
    design = ctx.design
    slide = ctx.new_slide(journey.title, role="title")
    title_ph = next(
        (
            p
            for p in slide.placeholders
            if p.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        ),
        None,
    )
    subtitle_ph = next(
        (p for p in slide.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None
    )
    width = design.slide_width
    if design.builtin:
        title_box = Rect(int(0.9 * _IN), int(1.7 * _IN), width - int(1.8 * _IN), int(1.9 * _IN))
        sub_box = Rect(int(0.9 * _IN), int(3.85 * _IN), width - int(1.8 * _IN), int(2.6 * _IN))
        bar = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, int(0.55 * _IN), int(1.8 * _IN), int(0.12 * _IN), int(1.7 * _IN)
        )
        fill_colour(bar.fill, ctx.palette.accent)
        bar.line.fill.background()
        no_shadow(bar)
        for shape, rect in ((title_ph, title_box), (subtitle_ph, sub_box)):
            if shape is not None:
                shape.left, shape.top, shape.width, shape.height = (
                    rect.left,
                    rect.top,
                    rect.width,
                    rect.height,
                )
    else:
        title_box = _box_of(title_ph) if title_ph is not None else design.title_box
        sub_box = _box_of(subtitle_ph) if subtitle_ph is not None else design.content
    if title_ph is not None:
        ctx.set_title(title_ph, journey.title, title_box, largest=40.0 if design.builtin else None)
    facts = [f"{ctx.say('version')} {journey.version}"]
    if journey.updated:
        facts.append(f"{ctx.say('date')} {journey.updated.isoformat()}")
    if journey.personas:
        facts.append(f"{ctx.say('persona')}: {journey.personas[0].name}")
    block: Block = (Para.of(" · ".join(facts), bold=True, colour=ctx.palette.accent),)
    if journey.description:
        block += (Para.of(journey.description, colour=ctx.palette.muted),)
    fits = TextFlow(block, sub_box).fits
    size = next((s for s in (18.0, 16.0, 14.0, 12.0, 11.0) if fits(s)), None)
    shown, rest = (block, ()) if size is not None else (block[:1], block[1:])
    if subtitle_ph is not None:
        frame = subtitle_ph.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        write_text(subtitle_ph.element.find(_P_TXBODY), shown, size or 14.0, design.fonts, align="l")
    else:
        add_text_box(slide, sub_box, shown, size or 14.0, design)
    if rest:  # a description too long for the cover continues on a slide of its own
        ctx.place(ctx.say("description"), [TextFlow(rest, ctx.content)], largest=14.0, floor=11.0)


def _box_of(shape: Any) -> Rect:
    return Rect(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


@slide_builder("agenda", WORDS["slide.agenda"], section="intro", order=10, standard=True)
def agenda_slide(ctx: DeckContext) -> None:
    """The sections of the deck and the slides in each."""
    rows = []
    for number, (section, titles) in enumerate(ctx.agenda, start=1):
        block = tuple(Para.of(t, bullet=BULLET, bullet_colour=ctx.palette.accent) for t in titles)
        rows.append(
            Row(
                cells=(
                    label_cell(ctx, f"{number}. {section}"),
                    Cell(block=block, fill=ctx.palette.neutral_fill),
                )
            )
        )
    width = ctx.content.width_pt
    table = Table(widths=column_widths(width, (1, 2.2)), rows=tuple(rows))
    ctx.place(
        ctx.say("slide.agenda"), [TableFlow(table, ctx.content, header=False)], largest=18.0, floor=12.0
    )


# --- personas ----------------------------------------------------------------------------


def _bullets(ctx: DeckContext, values: Sequence[str]) -> Block:
    return tuple(Para.of(v, bullet=BULLET, bullet_colour=ctx.palette.accent) for v in values)


@slide_builder("personas", WORDS["slide.personas"], section="journey", order=20, standard=True)
def persona_slides(ctx: DeckContext) -> None:
    """One slide per persona (and one for a B2B buying group); a canvas to fill if there is none."""
    journey = ctx.journey
    gap = int(0.25 * _IN)
    if not journey.personas:
        note, rest = ctx.note(ctx.say("persona.blank"))
        keys = ("persona.name", "role", "goals", "needs", "frustrations", "quote")
        rows = tuple(
            Row(
                cells=(
                    label_cell(ctx, ctx.say(k) if k in ("persona.name",) else ctx.term(k)),
                    Cell(fill=ctx.palette.neutral_fill),
                ),
                min_height=rest.height_pt / len(keys),
            )
            for k in keys
        )
        table = Table(widths=column_widths(rest.width_pt, (1, 5)), rows=rows)
        ctx.place(ctx.term("persona"), [note, TableFlow(table, rest, header=False)], largest=14.0, floor=10.0)
        return
    for persona in journey.personas:
        left, right = ctx.content.columns((0.42, 0.58), gap)
        profile: list[Row] = []
        if persona.role:
            profile.append(Row(cells=(label_cell(ctx, ctx.term("role")), _text_cell(ctx, persona.role))))
        if persona.description:
            profile.append(
                Row(cells=(label_cell(ctx, ctx.say("description")), _text_cell(ctx, persona.description)))
            )
        if persona.quote:
            quote = Cell(block=(Para.of(f"“{persona.quote}”", italic=True),), fill=ctx.palette.note_fill)
            profile.append(Row(cells=(label_cell(ctx, ctx.term("quote")), quote)))
        wants = [
            Row(
                cells=(
                    label_cell(ctx, ctx.term(key)),
                    Cell(block=_bullets(ctx, getattr(persona, key)), fill=ctx.palette.neutral_fill),
                )
            )
            for key in ("goals", "needs", "frustrations")
            if getattr(persona, key)
        ]
        flows: list[TableFlow | TextFlow] = []
        if profile:
            flows.append(
                TableFlow(
                    Table(widths=column_widths(left.width_pt, (1, 3)), rows=tuple(profile)),
                    left,
                    header=False,
                )
            )
        if wants:
            region = right if profile else ctx.content
            flows.append(
                TableFlow(
                    Table(widths=column_widths(region.width_pt, (1, 4)), rows=tuple(wants)),
                    region,
                    header=False,
                )
            )
        if not flows:
            flows.append(TextFlow((Para.of(persona.name, bold=True),), ctx.content))
        ctx.place(
            f"{ctx.term('persona')}: {persona.name}", flows, largest=DETAIL_SIZE + 1, floor=DETAIL_FLOOR
        )
        if persona.stakeholders:
            width = ctx.content.width_pt
            header = Row(
                cells=(
                    header_cell(ctx, ctx.term("role")),
                    header_cell(ctx, ctx.say("persona.concerns")),
                    header_cell(ctx, ctx.say("persona.stages")),
                )
            )
            rows = tuple(
                Row(
                    cells=(
                        label_cell(ctx, s.role),
                        Cell(block=_bullets(ctx, s.concerns), fill=ctx.palette.neutral_fill),
                        _text_cell(ctx, ", ".join(_stage_name(journey, x) for x in s.stages)),
                    )
                )
                for s in persona.stakeholders
            )
            table = Table(widths=column_widths(width, (1, 3, 2)), rows=rows, header=header)
            ctx.place(
                f"{ctx.term('stakeholders')}: {persona.name}",
                [TableFlow(table, ctx.content)],
                largest=DETAIL_SIZE,
                floor=DETAIL_FLOOR,
            )


# --- the journey overview ----------------------------------------------------------------


def _entry_cell(ctx: DeckContext, entries: Sequence[Entry], kind: LaneKind) -> Cell:
    palette = ctx.palette
    if kind is LaneKind.MOMENT_OF_TRUTH:
        if not entries or entries[0].text != "Y":
            return Cell(
                block=(Para.of(entries[0].text if entries else "", colour=palette.muted),),
                fill=palette.neutral_fill,
            )
        kpis = ", ".join(e.text for e in entries[1:])
        mark = (Span(f"{MOT_MARK} ", colour=palette.mot), Span("Y", bold=True, colour=palette.mot))
        block: Block = (Para(spans=mark),)
        if kpis:
            block += (Para.of(kpis, colour=palette.text),)
        return Cell(block=block, fill=palette.neutral_fill)
    if not entries:
        return Cell(block=(), fill=palette.neutral_fill)
    block = tuple(_entry_para(ctx, e.text, e.label) for e in entries)
    return Cell(block=block, fill=_fill_for(ctx, (e.label for e in entries)))


def _chunks(count: int, most: int) -> list[range]:
    """``range(count)`` cut into the fewest nearly equal parts of at most ``most``."""
    parts = max(1, math.ceil(count / max(1, most)))
    base, extra = divmod(count, parts)
    out, start = [], 0
    for index in range(parts):
        size = base + (1 if index < extra else 0)
        out.append(range(start, start + size))
        start += size
    return out


@slide_builder(
    "overview", WORDS["slide.overview"], section="journey", order=30, standard=True, applies=_has_map
)
def overview_slides(ctx: DeckContext) -> None:
    """The map: stages as columns, lanes as rows, labels as colours, MoT stages marked.

    Stages are split over several slides when a column would be narrower than
    :data:`MIN_STAGE_COLUMN`; lanes continue on the next slide when the text
    would have to shrink below :data:`OVERVIEW_FLOOR`.
    """
    journey, grid = ctx.journey, ctx.grid
    legend_band, region = ctx.legend_area(ctx.content)
    lane_width = label_width((lane.name for lane in journey.lanes), OVERVIEW_SIZE, floor=72.0, ceiling=125.0)
    room = region.width_pt - lane_width
    chunks = _chunks(len(journey.stages), int(room // MIN_STAGE_COLUMN))
    base = ctx.say("slide.overview")
    for chunk in chunks:
        stages = [journey.stages[i] for i in chunk]
        widths = (lane_width, *([room / len(stages)] * len(stages)))
        corner = header_cell(ctx, f"{ctx.say('lane')} / {ctx.term('stage')}")
        header = Row(
            cells=(
                corner,
                *(
                    header_cell(
                        ctx, _stage_label(ctx, s), fill=ctx.palette.mot if s.id in grid.moments else None
                    )
                    for s in stages
                ),
            )
        )
        rows = tuple(
            Row(
                cells=(
                    label_cell(ctx, lane.name),
                    *(_entry_cell(ctx, grid.cell(s.id, lane.id), lane.kind) for s in stages),
                )
            )
            for lane in journey.lanes
        )
        table = Table(widths=widths, rows=rows, header=header)
        title = base
        if len(chunks) > 1:
            title = f"{base} ({ctx.term('stage')} {chunk.start + 1}–{chunk.stop} / {len(journey.stages)})"

        def legend(slide: Any, page: int) -> None:  # noqa: ARG001 - same legend on every page
            align = "r" if ctx.design.builtin else "l"
            add_text_box(slide, legend_band, _legend(ctx), 10.0, ctx.design, align=align, name="Legend")

        ctx.place(
            title,
            [TableFlow(table, region)],
            largest=OVERVIEW_SIZE,
            floor=OVERVIEW_FLOOR,
            notes=ctx.say("notes.overview"),
            decorate=legend,
        )


# --- emotion curve -----------------------------------------------------------------------


def _emotion_series(ctx: DeckContext) -> list[tuple[str, list[float | None]]]:
    journey = ctx.journey
    keys: list[str | None] = []
    for emotion in journey.emotions:
        if emotion.persona not in keys:
            keys.append(emotion.persona)
    order = {p.id: i for i, p in enumerate(journey.personas)}
    keys.sort(key=lambda k: -1 if k is None else order.get(k, len(order)))
    out: list[tuple[str, list[float | None]]] = []
    for key in keys:
        if key is None:
            name = journey.personas[0].name if journey.personas else ctx.say("emotion.series")
        else:
            name = journey.persona(key).name
        values: list[float | None] = []
        for stage in journey.stages:
            score = journey.emotion(stage.id, key)
            values.append(score.score if score is not None else None)
        out.append((name, values))
    return out


@slide_builder(
    "emotion", WORDS["slide.emotion"], section="journey", order=40, standard=True, applies=_has_stages
)
def emotion_slide(ctx: DeckContext) -> None:
    """The emotion curve as a native line chart: a series per persona, MoT points marked."""
    journey = ctx.journey
    scale = journey.emotion_scale
    title = ctx.say("slide.emotion")
    if not journey.emotions:
        text = ctx.say("emotion.empty", low=format_number(scale.low), high=format_number(scale.high))
        note, rest = ctx.note(text)
        header = Row(
            cells=(
                header_cell(ctx, ctx.term("stage")),
                header_cell(ctx, ctx.say("score")),
                header_cell(ctx, ctx.say("emotion.note")),
            )
        )
        rows = tuple(
            Row(
                cells=(
                    label_cell(ctx, _stage_label(ctx, s)),
                    Cell(fill=ctx.palette.neutral_fill),
                    Cell(fill=ctx.palette.neutral_fill),
                ),
                min_height=26.0,
            )
            for s in journey.stages
        )
        table = Table(widths=column_widths(rest.width_pt, (2, 1, 5)), rows=rows, header=header)
        ctx.place(
            title, [note, TableFlow(table, rest)], largest=13.0, floor=10.0, notes=ctx.say("notes.emotion")
        )
        return
    categories = [_stage_label(ctx, s) for s in journey.stages]
    marked = [i for i, s in enumerate(journey.stages) if ctx.journey.moment_of_truth(s.id)]
    series = _emotion_series(ctx)

    def chart(slide: Any, rect: Rect) -> None:
        add_line_chart(
            slide,
            rect,
            categories,
            series,
            ctx.design,
            low=scale.low,
            high=scale.high,
            marked=marked,
            marked_name=f"{MOT_MARK} {ctx.say('mot.legend')}",
        )

    noted = [e for e in journey.emotions if e.note]
    if not noted:
        slide = ctx.new_slide(title, notes=ctx.say("notes.emotion"))
        chart(slide, ctx.content)
        return

    def table_for(width: float) -> Table:
        header = Row(
            cells=(
                header_cell(ctx, ctx.term("stage")),
                header_cell(ctx, ctx.say("score")),
                header_cell(ctx, ctx.say("emotion.note")),
            )
        )
        rows = []
        for e in noted:
            who = f"{journey.persona(e.persona).name}: " if e.persona and len(series) > 1 else ""
            rows.append(
                Row(
                    cells=(
                        label_cell(ctx, journey.stage(e.stage).name),
                        Cell(
                            block=(_entry_para(ctx, format_number(e.score), e.label),),
                            fill=ctx.palette.label_fill[e.label],
                        ),
                        _text_cell(ctx, who + e.note),
                    )
                )
            )
        return Table(widths=column_widths(width, (1.3, 0.75, 3)), rows=tuple(rows), header=header)

    ctx.chart_and_table(
        title, chart, table_for, weights=(0.56, 0.44), largest=12.0, floor=9.0, notes=ctx.say("notes.emotion")
    )


# --- one slide per stage -----------------------------------------------------------------


def _pain_para(ctx: DeckContext, pain: PainPoint) -> Para:
    scores = []
    if pain.severity is not None:
        scores.append(f"{ctx.term('severity')} {pain.severity}")
    if pain.frequency is not None:
        scores.append(f"{ctx.term('frequency')} {pain.frequency}")
    extra = (Span(f"  ({' · '.join(scores)})", colour=ctx.palette.muted),) if scores else ()
    return _entry_para(ctx, pain.text, pain.label, *extra)


def _opportunity_para(ctx: DeckContext, opp: Opportunity) -> Para:
    facts = []
    if opp.value is not None:
        facts.append(f"{ctx.term('value')} {opp.value}")
    if opp.effort is not None:
        facts.append(f"{ctx.term('effort')} {opp.effort}")
    if opp.owner:
        facts.append(opp.owner)
    if opp.quick_fix:
        facts.append(ctx.term("quick_fix"))
    extra = (Span(f"  ({' · '.join(facts)})", colour=ctx.palette.muted),) if facts else ()
    return _entry_para(ctx, opp.text, opp.label, *extra)


def _metric_para(ctx: DeckContext, metric: Metric) -> Para:
    figure = _figure(metric)
    label = metric.baseline.label if metric.baseline and figure else None
    target = _target(metric)
    text = f"{metric.display_name} {figure}".strip() if figure else metric.display_name
    extra = (Span(f"  → {ctx.term('target')} {target}", colour=ctx.palette.muted),) if target else ()
    if label is None:
        return Para(spans=(Span(text), *extra), bullet=BULLET, bullet_colour=ctx.palette.muted)
    return _entry_para(ctx, text, label, *extra)


def _rows_cell(ctx: DeckContext, paras: Sequence[Para], labels: Iterable[Label | None]) -> Cell:
    if not paras:
        return _dash(ctx)
    return Cell(block=tuple(paras), fill=_fill_for(ctx, labels))


@slide_builder(
    "stages", WORDS["slide.stages"], section="journey", order=50, standard=True, applies=_has_stages
)
def stage_slides(ctx: DeckContext) -> None:
    """One slide per stage: what happens (touchpoints, each actor's actions) and what to fix."""
    journey = ctx.journey
    left, right = ctx.content.columns((0.5, 0.5), int(0.25 * _IN))
    for number, stage in enumerate(journey.stages, start=1):
        moment = journey.moment_of_truth(stage.id)
        happens: list[Row] = []
        title = f"{number}. {stage.name}" + (f"  {MOT_MARK} {ctx.say('mot')}" if moment else "")
        if not ctx.title_fits(title):  # the title is cut with …: the name in full here
            happens.append(Row(cells=(label_cell(ctx, ctx.term("stage")), _text_cell(ctx, stage.name))))
        if stage.description or stage.duration:
            detail = f"{ctx.say('duration')}: {stage.duration}" if stage.duration else ""
            happens.append(
                Row(
                    cells=(
                        label_cell(ctx, ctx.say("description")),
                        _text_cell(ctx, " ".join(x for x in (stage.description, detail) if x)),
                    )
                )
            )
        for lane in journey.lanes:
            if lane.kind.holds_items:
                items = journey.items(stage.id, lane.id)
                paras = [_entry_para(ctx, i.text, i.label) for i in items]
                happens.append(
                    Row(cells=(label_cell(ctx, lane.name), _rows_cell(ctx, paras, (i.label for i in items))))
                )
        fixes: list[Row] = []
        if moment is not None:
            kpis = [journey.metric(m).display_name for m in moment.metrics]
            block: Block = (
                Para(
                    spans=(
                        Span(f"{MOT_MARK} ", colour=ctx.palette.mot),
                        Span(", ".join(kpis) or ctx.say("kpi.none"), bold=True),
                    )
                ),
            )
            if moment.note:
                block += (Para.of(moment.note, colour=ctx.palette.muted),)
            fixes.append(
                Row(
                    cells=(
                        label_cell(ctx, ctx.say("mot.legend")),
                        Cell(block=block, fill=ctx.palette.neutral_fill),
                    )
                )
            )
        emotions = [e for e in journey.emotions if e.stage == stage.id]
        if emotions:
            paras = [
                _entry_para(
                    ctx,
                    f"{journey.persona(e.persona).name + ': ' if e.persona else ''}{format_number(e.score)}"
                    + (f" ({e.note})" if e.note else ""),
                    e.label,
                )
                for e in emotions
            ]
            fixes.append(
                Row(
                    cells=(
                        label_cell(ctx, _lane_title(ctx, LaneKind.EMOTIONS, "emotion")),
                        _rows_cell(ctx, paras, (e.label for e in emotions)),
                    )
                )
            )
        pains = journey.pain_points_at(stage.id)
        fixes.append(
            Row(
                cells=(
                    label_cell(ctx, _lane_title(ctx, LaneKind.PAIN_POINTS, "pain_points")),
                    _rows_cell(ctx, [_pain_para(ctx, p) for p in pains], (p.label for p in pains)),
                )
            )
        )
        metrics = journey.metrics_at(stage.id)
        fixes.append(
            Row(
                cells=(
                    label_cell(ctx, _lane_title(ctx, LaneKind.METRICS, "metrics")),
                    _rows_cell(
                        ctx,
                        [_metric_para(ctx, m) for m in metrics],
                        (m.baseline.label if m.baseline else None for m in metrics),
                    ),
                )
            )
        )
        opps = journey.opportunities_at(stage.id)
        fixes.append(
            Row(
                cells=(
                    label_cell(ctx, _lane_title(ctx, LaneKind.OPPORTUNITIES, "opportunities")),
                    _rows_cell(ctx, [_opportunity_para(ctx, o) for o in opps], (o.label for o in opps)),
                )
            )
        )
        flows = []
        lane_col = label_width(
            (r.cells[0].block[0].text for r in (*happens, *fixes)), DETAIL_SIZE, floor=70.0, ceiling=140.0
        )
        if happens:
            flows.append(
                TableFlow(
                    Table(widths=(lane_col, left.width_pt - lane_col), rows=tuple(happens)),
                    left,
                    header=False,
                )
            )
        region = right if happens else ctx.content
        flows.append(
            TableFlow(
                Table(widths=(lane_col, region.width_pt - lane_col), rows=tuple(fixes)),
                region,
                header=False,
            )
        )
        ctx.place(title, flows, largest=DETAIL_SIZE, floor=DETAIL_FLOOR)


# --- moments of truth and KPIs -----------------------------------------------------------


def _kpiheader_cell(ctx: DeckContext) -> Row:
    return Row(
        cells=(
            header_cell(ctx, ctx.say("kpi")),
            header_cell(ctx, f"{ctx.term('definition')} / {ctx.term('formula')}"),
            header_cell(ctx, ctx.term("baseline")),
            header_cell(ctx, ctx.term("target")),
            header_cell(ctx, ctx.term("direction")),
        )
    )


def _kpi_row(ctx: DeckContext, metric: Metric) -> Row:
    name: Block = (Para.of(metric.display_name, bold=True),)
    if metric.short and metric.short != metric.name:
        name += (Para.of(metric.name, colour=ctx.palette.muted, scale=0.9),)
    about: Block = ()
    if metric.definition:
        about += (Para.of(metric.definition),)
    if metric.formula:
        about += (Para.of(metric.formula, colour=ctx.palette.muted, scale=0.9),)
    figure = _figure(metric)
    baseline = (
        Cell(
            block=(_entry_para(ctx, figure, metric.baseline.label),),
            fill=ctx.palette.label_fill[metric.baseline.label],
        )
        if figure and metric.baseline
        else _text_cell(ctx, "")
    )
    direction = vocabulary(metric.direction, ctx.language) if metric.direction else ""
    return Row(
        cells=(
            Cell(block=name, fill=ctx.palette.lane_fill, repeat=True),
            Cell(block=about, fill=ctx.palette.neutral_fill),
            baseline,
            _text_cell(ctx, _target(metric), bold=True),
            _text_cell(ctx, direction, muted=True),
        )
    )


_KPI_WEIGHTS = (1.5, 3.6, 1.0, 0.8, 1.0)


@slide_builder(
    "moments", WORDS["slide.moments"], section="analysis", order=60, standard=True, applies=_has_stages
)
def moment_slides(ctx: DeckContext) -> None:
    """One slide per Moment of Truth: why it matters and its KPIs, baseline against target."""
    journey = ctx.journey
    if not journey.moments_of_truth:
        note, rest = ctx.note(ctx.say("moments.empty"))
        header = Row(
            cells=(
                header_cell(ctx, ctx.term("stage")),
                header_cell(ctx, ctx.say("mot")),
                header_cell(ctx, ctx.say("kpi")),
            )
        )
        rows = tuple(
            Row(
                cells=(
                    label_cell(ctx, s.name),
                    Cell(fill=ctx.palette.neutral_fill),
                    Cell(fill=ctx.palette.neutral_fill),
                ),
                min_height=26.0,
            )
            for s in journey.stages
        )
        table = Table(widths=column_widths(rest.width_pt, (2, 0.6, 5)), rows=rows, header=header)
        ctx.place(ctx.say("slide.moments"), [note, TableFlow(table, rest)], largest=13.0, floor=10.0)
        return
    for moment in journey.moments_of_truth:
        stage = journey.stage(moment.stage)
        region = ctx.content
        flows: list[TableFlow | TextFlow] = []
        if moment.note:
            note, region = ctx.note(moment.note, size=12.0)
            flows.append(note)
        metrics = [journey.metric(m) for m in moment.metrics]
        rows = tuple(_kpi_row(ctx, m) for m in metrics) or (
            Row(
                cells=(
                    _text_cell(ctx, ctx.say("moments.kpis_missing"), muted=True),
                    *(_text_cell(ctx, "") for _ in range(4)),
                )
            ),
        )
        table = Table(
            widths=column_widths(region.width_pt, _KPI_WEIGHTS),
            rows=rows,
            header=_kpiheader_cell(ctx),
        )
        flows.append(TableFlow(table, region))
        ctx.place(
            f"{MOT_MARK} {ctx.say('mot')}: {stage.name}", flows, largest=DETAIL_SIZE, floor=DETAIL_FLOOR
        )


@slide_builder("kpis", WORDS["slide.kpis"], section="analysis", order=90, standard=True, applies=_has_stages)
def kpi_slides(ctx: DeckContext) -> None:
    """The KPI table of each stage: definition, formula, baseline, target, direction."""
    journey = ctx.journey
    title = ctx.say("slide.kpis")
    if not journey.metrics:
        note, rest = ctx.note(ctx.say("kpis.empty"))
        header = Row(
            cells=(
                header_cell(ctx, ctx.term("stage")),
                header_cell(ctx, ctx.say("kpi")),
                header_cell(ctx, ctx.term("baseline")),
                header_cell(ctx, ctx.term("target")),
            )
        )
        blank = Cell(fill=ctx.palette.neutral_fill)
        rows = tuple(
            Row(cells=(label_cell(ctx, s.name), blank, blank, blank), min_height=30.0) for s in journey.stages
        )
        table = Table(widths=column_widths(rest.width_pt, (2, 4, 1.2, 1.2)), rows=rows, header=header)
        ctx.place(title, [note, TableFlow(table, rest)], largest=13.0, floor=10.0)
        return
    groups: list[tuple[str, list[Metric]]] = [
        (s.name, list(journey.metrics_at(s.id))) for s in journey.stages
    ]
    loose = [m for m in journey.metrics if m.stage is None]
    if loose:
        groups.append((ctx.say("no_stage"), loose))
    for name, metrics in groups:
        if not metrics:
            continue
        table = Table(
            widths=column_widths(ctx.content.width_pt, _KPI_WEIGHTS),
            rows=tuple(_kpi_row(ctx, m) for m in metrics),
            header=_kpiheader_cell(ctx),
        )
        ctx.place(
            f"{title}: {name}",
            [TableFlow(table, ctx.content)],
            largest=DETAIL_SIZE - 1,
            floor=DETAIL_FLOOR - 1,
        )


# --- priority matrices -------------------------------------------------------------------


def ranked_pain_points(journey: Journey) -> list[PainPoint]:
    """Pain points by priority (highest first, then severity, then file order); unscored last."""
    indexed = list(enumerate(journey.pain_points))
    indexed.sort(
        key=lambda pair: (
            priority(pair[1]) is None,
            -(priority(pair[1]) or 0),
            -(pair[1].severity or 0),
            pair[0],
        )
    )
    return [pain for _, pain in indexed]


def number_range(numbers: Sequence[int]) -> str:
    """``[9, 10, 11]`` -> ``"9–11"``; ``[3, 5]`` -> ``"3, 5"``."""
    if len(numbers) > 2 and list(numbers) == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(map(str, numbers))


def _clusters(coordinates: Sequence[tuple[int, int] | None]) -> dict[tuple[int, int], list[int]]:
    spots: dict[tuple[int, int], list[int]] = {}
    for number, spot in enumerate(coordinates, start=1):
        if spot is not None:
            spots.setdefault(spot, []).append(number)
    return spots


def _score_cell(ctx: DeckContext, value: int | None) -> Cell:
    return Cell(
        block=(Para.of(str(value), align="ctr"),) if value is not None else (), fill=ctx.palette.neutral_fill
    )


def _has_pains(journey: Journey) -> bool:
    return bool(journey.pain_points)


@slide_builder(
    "pain-matrix", WORDS["slide.pain-matrix"], section="analysis", order=70, standard=True, applies=_has_pains
)
def pain_matrix_slides(ctx: DeckContext) -> None:
    """Severity × frequency as a native XY chart, numbered, beside the ranked list."""
    journey = ctx.journey
    palette = ctx.palette
    ranked = ranked_pain_points(journey)
    spots = _clusters([(p.frequency, p.severity) if p.frequency and p.severity else None for p in ranked])
    unscored = sum(1 for p in ranked if priority(p) is None)
    colours = {"high": palette.high, "medium": palette.medium, "low": palette.low}

    def band(score: int) -> str:
        return "high" if score >= HIGH_PRIORITY else "medium" if score >= MEDIUM_PRIORITY else "low"

    bands: dict[str, list[tuple[float, float, str]]] = {"high": [], "medium": [], "low": []}
    for (f, s), numbers in sorted(spots.items(), key=lambda kv: kv[1][0]):
        bands[band(f * s)].append((float(f), float(s), number_range(numbers)))
    groups = [(ctx.say(f"priority.{b}"), colours[b], pts) for b, pts in bands.items() if pts]
    entries = []
    for pain in ranked:
        score = priority(pain)
        score_cell = Cell(
            block=(Para.of(str(score), bold=True, colour="FFFFFF", align="ctr"),)
            if score is not None
            else (),
            fill=colours[band(score)] if score is not None else palette.neutral_fill,
        )
        stage = Cell(
            block=(Para.of(journey.stage(pain.stage).name, colour=palette.muted),), fill=palette.neutral_fill
        )
        entries.append(
            (
                _entry_para(ctx, pain.text, pain.label),
                pain.label,
                (stage, _score_cell(ctx, pain.severity), _score_cell(ctx, pain.frequency), score_cell),
            )
        )
    _matrix(
        ctx,
        "pain-matrix",
        groups,
        axes=("frequency", "severity"),
        heads=(
            ctx.term("pain_points"),
            ctx.term("severity")[:2] if ctx.language == "ko" else "S",
            ctx.term("frequency")[:2] if ctx.language == "ko" else "F",
            "S×F",
        ),
        entries=entries,
        columns=(110.0, 0.22, 34.0, 40.0),
        reading=ctx.say("pain.reading"),
        unscored=ctx.say("pain.unscored", count=unscored) if unscored else "",
    )


#: Width of the number column of a matrix's ranked list, points.
_NUMBER_COLUMN = 26.0


def _matrix(
    ctx: DeckContext,
    name: str,
    groups: Sequence[tuple[str, str, Sequence[tuple[float, float, str]]]],
    *,
    axes: tuple[str, str],
    heads: tuple[str, str, str, str],
    entries: Sequence[tuple[Para, Label, tuple[Cell, Cell, Cell, Cell]]],
    columns: tuple[float, float, float, float],
    reading: str,
    unscored: str,
) -> None:
    """A priority matrix (slide ``name``): the chart of ``groups`` beside the ranked list.

    ``axes`` are the terms of the x and y axis; the list's columns are the
    number, the entry (``heads[0]``), the stage and three scores (``heads[1:]``);
    each of ``entries`` is the entry's paragraph, its label and its stage and
    score cells.  ``columns``: the stage column's widest width (points) and
    share of the list, the width of the first two scores and of the last.
    With nothing scored, the list alone, full width, under the reading guide.
    """
    palette = ctx.palette
    widest_stage, stage_share, score, last = columns
    header = Row(
        cells=(
            header_cell(ctx, "#"),
            header_cell(ctx, heads[0]),
            header_cell(ctx, ctx.term("stage")),
            *(header_cell(ctx, head) for head in heads[1:]),
        )
    )
    rows = tuple(
        Row(
            cells=(
                Cell(
                    block=(Para.of(str(number), bold=True, align="ctr"),), fill=palette.lane_fill, repeat=True
                ),
                Cell(block=(para,), fill=palette.label_fill[label]),
                *cells,
            )
        )
        for number, (para, label, cells) in enumerate(entries, start=1)
    )

    def table_for(width: float) -> Table:
        stage_width = min(widest_stage, width * stage_share)
        fixed = _NUMBER_COLUMN + stage_width + 2 * score + last
        return Table(
            widths=(_NUMBER_COLUMN, width - fixed, stage_width, score, score, last),
            rows=rows,
            header=header,
            continued="",
        )

    def chart(slide: Any, rect: Rect) -> None:
        x_title, y_title = (ctx.term(axis) for axis in axes)
        add_matrix_chart(slide, rect, groups, ctx.design, x_title=x_title, y_title=y_title)

    title, notes = ctx.say(f"slide.{name}"), ctx.say(f"notes.{name}")
    guide = reading if groups else ""
    if unscored:
        guide = f"{guide} {unscored}".strip()
    if groups:
        ctx.chart_and_table(
            title, chart, table_for, weights=(0.45, 0.55), above=(Para.of(guide),), notes=notes
        )
        return
    note, rest = ctx.note(guide)
    flows: list[TableFlow | TextFlow] = [note, TableFlow(table_for(rest.width_pt), rest)]
    ctx.place(title, flows, largest=12.0, floor=9.0, notes=notes)


def _has_opportunities(journey: Journey) -> bool:
    return bool(journey.opportunities)


def ranked_opportunities(journey: Journey) -> list[Opportunity]:
    """Quick wins first, then by value (high first) and effort (low first); unscored last."""
    indexed = list(enumerate(journey.opportunities))

    def key(pair: tuple[int, Opportunity]) -> tuple[bool, bool, int, int, int]:
        number, opp = pair
        scored = opp.value is not None and opp.effort is not None
        return (not scored, not quick_win(opp), -(opp.value or 0), opp.effort or 0, number)

    indexed.sort(key=key)
    return [opp for _, opp in indexed]


@slide_builder(
    "opportunity-matrix",
    WORDS["slide.opportunity-matrix"],
    section="analysis",
    order=80,
    standard=True,
    applies=_has_opportunities,
)
def opportunity_matrix_slides(ctx: DeckContext) -> None:
    """Value × effort as a native XY chart, quick wins marked, beside the ranked list."""
    journey = ctx.journey
    palette = ctx.palette
    ranked = ranked_opportunities(journey)
    spots = _clusters([(o.effort, o.value) if o.effort and o.value else None for o in ranked])
    unscored = sum(1 for o in ranked if o.value is None or o.effort is None)
    wins: list[tuple[float, float, str]] = []
    others: list[tuple[float, float, str]] = []
    for (effort, value), numbers in sorted(spots.items(), key=lambda kv: kv[1][0]):
        # the opportunities at one spot share their value and effort: the first speaks for all
        (wins if quick_win(ranked[numbers[0] - 1]) else others).append(
            (float(effort), float(value), number_range(numbers))
        )
    groups = [
        (name, colour, pts)
        for name, colour, pts in (
            (f"{MOT_MARK} {ctx.say('quick_win')}", QUICK_WIN_COLOUR, wins),
            (ctx.say("others"), palette.low, others),
        )
        if pts
    ]
    entries = []
    for opp in ranked:
        marks = []
        if quick_win(opp):
            marks.append(Span(f"  {MOT_MARK} {ctx.say('quick_win')}", bold=True, colour=QUICK_WIN_COLOUR))
        if opp.quick_fix:
            marks.append(Span(f"  [{ctx.term('quick_fix')}]", colour=palette.accent))
        cells = (
            _text_cell(ctx, _stage_name(journey, opp.stage), muted=True),
            _score_cell(ctx, opp.value),
            _score_cell(ctx, opp.effort),
            _text_cell(ctx, opp.owner or ""),
        )
        entries.append((_entry_para(ctx, opp.text, opp.label, *marks), opp.label, cells))
    _matrix(
        ctx,
        "opportunity-matrix",
        groups,
        axes=("effort", "value"),
        heads=(ctx.term("opportunities"), ctx.term("value"), ctx.term("effort"), ctx.term("owner")),
        entries=entries,
        columns=(100.0, 0.18, 40.0, 80.0),
        reading=f"{ctx.say('opp.reading')} {ctx.say('quick_win.legend')}.",
        unscored=ctx.say("opp.unscored", count=unscored) if unscored else "",
    )


# --- evidence ----------------------------------------------------------------------------


def _fitted_widths(width: float, heads: Sequence[str]) -> tuple[float, ...]:
    """Columns after the first as wide as their bold headings at 12 pt; the first takes the rest."""
    needs = [text_width(h, 12.0, bold=True) + 2 * CELL_MARGIN_X + 2 for h in heads[1:]]
    first = max(width - sum(needs), width * 0.25)
    scale = min(1.0, (width - first) / sum(needs)) if needs else 1.0
    return (first, *(need * scale for need in needs))


def label_counts(journey: Journey) -> dict[str | None, Counter[Label]]:
    """How many entries of each label there are per stage id (None: no stage)."""
    counts: dict[str | None, Counter[Label]] = {s.id: Counter() for s in journey.stages}

    def add(stage: str | None, label: Label) -> None:
        counts.setdefault(stage, Counter())[label] += 1

    for stage_id, _, _, item in journey.all_items():
        add(stage_id, item.label)
    for pain in journey.pain_points:
        add(pain.stage, pain.label)
    for opp in journey.opportunities:
        add(opp.stage, opp.label)
    for metric in journey.metrics:
        if metric.baseline is not None:
            add(metric.stage, metric.baseline.label)
    for emotion in journey.emotions:
        add(emotion.stage, emotion.label)
    return counts


@slide_builder(
    "evidence", WORDS["slide.evidence"], section="analysis", order=100, standard=True, applies=_has_stages
)
def evidence_slides(ctx: DeckContext) -> None:
    """How many entries are hypothesis, fact and idea at each stage, and the VOC log behind them."""
    journey = ctx.journey
    palette = ctx.palette
    counts = label_counts(journey)
    keys: list[str | None] = [s.id for s in journey.stages]
    if sum(counts.get(None, Counter()).values()):
        keys.append(None)
    names = [journey.stage(k).name if k else ctx.say("no_stage") for k in keys]
    logged = Counter(e.stage for e in journey.evidence)
    direct = Counter(e.stage for e in journey.evidence if e.method.is_direct)
    series = [
        (vocabulary(label, ctx.language), [float(counts[k][label]) for k in keys], palette.label_mark[label])
        for label in Label
    ]

    def chart(slide: Any, rect: Rect) -> None:
        add_stacked_bar_chart(slide, rect, names, series, ctx.design)

    def table_for(width: float) -> Table:
        heads = [
            ctx.term("stage"),
            *(vocabulary(label, ctx.language) for label in Label),
            ctx.say("total"),
            ctx.say("voc_log"),
        ]
        header = Row(cells=tuple(header_cell(ctx, h) for h in heads))
        rows = []
        for key, name in zip(keys, names, strict=True):
            count = counts[key]
            cells = [label_cell(ctx, name)]
            cells += [
                Cell(block=(Para.of(str(count[label]), align="ctr"),), fill=palette.label_fill[label])
                for label in Label
            ]
            cells.append(
                Cell(
                    block=(Para.of(str(sum(count.values())), bold=True, align="ctr"),),
                    fill=palette.neutral_fill,
                )
            )
            cells.append(
                Cell(
                    block=(Para.of(f"{logged[key]} ({direct[key]})", align="ctr"),), fill=palette.neutral_fill
                )
            )
            rows.append(Row(cells=tuple(cells)))
        total = Counter[Label]()
        for key in keys:
            total.update(counts[key])
        cells = [label_cell(ctx, ctx.say("total"))]
        cells += [
            Cell(block=(Para.of(str(total[label]), bold=True, align="ctr"),), fill=palette.label_fill[label])
            for label in Label
        ]
        cells.append(
            Cell(
                block=(Para.of(str(sum(total.values())), bold=True, align="ctr"),), fill=palette.neutral_fill
            )
        )
        cells.append(
            Cell(
                block=(Para.of(f"{len(journey.evidence)} ({sum(direct.values())})", bold=True, align="ctr"),),
                fill=palette.neutral_fill,
            )
        )
        rows.append(Row(cells=tuple(cells)))
        return Table(widths=_fitted_widths(width, heads), rows=tuple(rows), header=header, continued="")

    guide = f"{ctx.say('evidence.reading')} {ctx.say('voc_log')}: N ({ctx.say('direct')})."
    ctx.chart_and_table(
        ctx.say("slide.evidence"), chart, table_for, weights=(0.45, 0.55), above=(Para.of(guide),)
    )


# --- workshop: VOC guide, LEAD, 3C -------------------------------------------------------


@slide_builder(
    "voc-guide", WORDS["slide.voc-guide"], section="workshop", order=110, standard=True, applies=_has_stages
)
def voc_guide_slides(ctx: DeckContext) -> None:
    """The interview guide of :func:`cjm.voc.questions.interview_guide`, with room for the answers.

    A journey on the b2b-dealer preset gets seed 000's questions (three per
    stage) plus its own; a stage without questions gets room to write them.
    """
    journey = ctx.journey
    palette = ctx.palette
    guide = interview_guide(journey, ctx.language)
    note, region = ctx.note(ctx.say("voc.intro"))
    header = Row(
        cells=(
            header_cell(ctx, ctx.term("stage")),
            header_cell(ctx, ctx.say("question")),
            header_cell(ctx, ctx.say("answers")),
        )
    )
    rows = []
    for entry in guide:
        stage = entry.stage
        if entry.questions:
            paras = [
                Para(spans=(Span(f"{q.number}. ", bold=True, colour=palette.accent), Span(q.text)))
                for q in entry.questions
            ]
            rows.append(
                Row(
                    cells=(
                        label_cell(ctx, _stage_label(ctx, stage)),
                        Cell(block=tuple(paras), fill=palette.neutral_fill),
                        Cell(fill=palette.neutral_fill),
                    )
                )
            )
        else:
            hint = Cell(
                block=(Para.of(ctx.say("questions_blank"), colour=palette.muted, italic=True),),
                fill=palette.neutral_fill,
            )
            rows.append(
                Row(
                    cells=(label_cell(ctx, _stage_label(ctx, stage)), hint, Cell(fill=palette.neutral_fill)),
                    min_height=58.0,
                )
            )
    table = Table(
        widths=column_widths(region.width_pt, (1.1, 4.8, 2.0)),
        rows=tuple(rows),
        header=header,
    )
    flows: list[TableFlow | TextFlow] = [note, TableFlow(table, region)]
    ctx.place(ctx.say("slide.voc-guide"), flows, largest=13.0, floor=10.0, notes=ctx.say("notes.voc-guide"))


@slide_builder("lead", WORDS["slide.lead"], section="workshop", order=120, standard=True)
def lead_slides(ctx: DeckContext) -> None:
    """The LEAD retrospective: four slides, each a question and room to write."""
    palette = ctx.palette
    design = ctx.design
    for letter, heading, question in LEAD:
        slide = ctx.new_slide(f"{ctx.say('slide.lead')}: {ctx.pick(heading)}", notes=ctx.say("notes.lead"))
        band, area = ctx.content.cut_top(int(1.15 * _IN), int(0.2 * _IN))
        badge = Rect(band.left, band.top, int(1.0 * _IN), int(1.0 * _IN))
        add_text_box(
            slide,
            badge,
            (Para.of(letter, bold=True, colour="FFFFFF", align="ctr"),),
            40.0,
            design,
            anchor="ctr",
            fill=palette.accent,
            shape=MSO_SHAPE.OVAL,
            margin=0.0,
            name=f"LEAD {letter}",
        )
        text_rect = Rect(
            badge.right + int(0.25 * _IN), band.top, band.right - badge.right - int(0.25 * _IN), band.height
        )
        block = (Para.of(ctx.pick(question), bold=True),)
        size = TextFlow(block, text_rect).fits
        chosen = next((s for s in (22.0, 20.0, 18.0, 16.0, 14.0, 12.0) if size(s)), 12.0)
        add_text_box(slide, text_rect, block, chosen, design, anchor="ctr", name="Question")
        add_text_box(
            slide,
            area,
            (Para.of(ctx.say("write_here"), colour=palette.muted, italic=True),),
            14.0,
            design,
            fill=palette.neutral_fill,
            line="D9DDE3",
            shape=MSO_SHAPE.ROUNDED_RECTANGLE,
            margin=10.0,
            name="Room to write",
        )


def _three_c_notes(ctx: DeckContext) -> str:
    journey = ctx.journey
    lines = [ctx.say("notes.3c"), "", f"{ctx.say('notes.3c.data')}:"]
    top = [p for p in ranked_pain_points(journey) if priority(p) is not None][:3]
    if top:
        lines.append(f"{ctx.say('notes.3c.pains')}:")
        lines += [f"- {p.text} ({_stage_name(journey, p.stage)}, S×F {priority(p)})" for p in top]
    baselines = []
    for moment in journey.moments_of_truth:
        for metric_id in moment.metrics:
            metric = journey.metric(metric_id)
            if _figure(metric):
                baselines.append(
                    f"- {_stage_name(journey, moment.stage)}: {metric.display_name} {_figure(metric)}"
                )
    if baselines:
        lines.append(f"{ctx.say('notes.3c.kpis')}:")
        lines += baselines
    return "\n".join(lines if top or baselines else lines[:1])


@slide_builder("3c", WORDS["slide.3c"], section="workshop", order=130, standard=True)
def three_c_slide(ctx: DeckContext) -> None:
    """The 3C canvas: customer, company, competitor, and the strategy they point to."""
    palette = ctx.palette
    design = ctx.design
    slide = ctx.new_slide(ctx.say("slide.3c"), notes=_three_c_notes(ctx))
    gap = int(0.2 * _IN)
    upper, lower = ctx.content.rows((0.72, 0.28), gap)
    head = int(0.42 * _IN)
    for rect, (heading, prompt) in zip(upper.columns((1, 1, 1), gap), THREE_C, strict=True):
        top, body = rect.cut_top(head)
        add_text_box(
            slide,
            top,
            (Para.of(ctx.pick(heading), bold=True, colour="FFFFFF", align="ctr"),),
            16.0,
            design,
            anchor="ctr",
            fill=palette.accent,
            shape=MSO_SHAPE.RECTANGLE,
            name=ctx.pick(heading),
        )
        add_text_box(
            slide,
            body,
            (Para.of(ctx.pick(prompt), colour=palette.muted, italic=True),),
            12.0,
            design,
            fill=palette.neutral_fill,
            line="D9DDE3",
            shape=MSO_SHAPE.RECTANGLE,
            margin=8.0,
        )
    top, body = lower.cut_top(head)
    add_text_box(
        slide,
        top,
        (Para.of(ctx.say("3c.strategy"), bold=True, colour="FFFFFF", align="ctr"),),
        16.0,
        design,
        anchor="ctr",
        fill=palette.header_fill,
        shape=MSO_SHAPE.RECTANGLE,
        name=ctx.say("3c.strategy"),
    )
    add_text_box(
        slide,
        body,
        (Para.of(ctx.pick(THREE_C_STRATEGY), colour=palette.muted, italic=True),),
        12.0,
        design,
        fill=palette.note_fill,
        line="D9DDE3",
        shape=MSO_SHAPE.RECTANGLE,
        margin=8.0,
    )


# --- a one-slide summary (portfolio decks) -------------------------------------------------


@slide_builder("summary", WORDS["slide.summary"], section="portfolio", order=2000)
def summary_slide(ctx: DeckContext) -> None:
    """One slide per journey: each stage's MoT, emotion, pain points and metrics, and a chart."""
    journey = ctx.journey
    palette = ctx.palette
    series = _emotion_series(ctx) if journey.emotions else []
    pains = [len(journey.pain_points_at(s.id)) for s in journey.stages]

    def chart(slide: Any, rect: Rect) -> None:
        if series:
            scale = journey.emotion_scale
            marked = [i for i, s in enumerate(journey.stages) if journey.moment_of_truth(s.id)]
            add_line_chart(
                slide,
                rect,
                [_stage_label(ctx, s) for s in journey.stages],
                series,
                ctx.design,
                low=scale.low,
                high=scale.high,
                marked=marked,
                marked_name=f"{MOT_MARK} {ctx.say('mot')}",
                size=11.0,
            )
        elif journey.stages:
            add_column_chart(
                slide,
                rect,
                [s.name for s in journey.stages],
                ctx.say("summary.pain_chart"),
                [float(n) for n in pains],
                ctx.design,
                size=11.0,
            )

    def table_for(width: float) -> Table:
        header = Row(
            cells=(
                header_cell(ctx, ctx.term("stage")),
                header_cell(ctx, ctx.say("mot")),
                header_cell(ctx, ctx.term("emotion")),
                header_cell(ctx, ctx.say("summary.top_pain")),
                header_cell(ctx, ctx.say("summary.kpis")),
            )
        )
        rows = []
        all_ranked = ranked_pain_points(journey)
        scores = series[0][1] if series else [None] * len(journey.stages)  # the first persona's curve
        for stage, count, score in zip(journey.stages, pains, scores, strict=True):
            moment = journey.moment_of_truth(stage.id)
            ranked = [p for p in all_ranked if p.stage == stage.id]
            top: Block = (_entry_para(ctx, ranked[0].text, ranked[0].label),) if ranked else ()
            if count > 1:
                top += (Para.of(f"+{count - 1}", colour=palette.muted, scale=0.85),)
            kpis = tuple(_metric_para(ctx, m) for m in journey.metrics_at(stage.id) if _figure(m))
            rows.append(
                Row(
                    cells=(
                        label_cell(ctx, stage.name),
                        Cell(
                            block=(Para.of(MOT_MARK if moment else "", colour=palette.mot, align="ctr"),),
                            fill=palette.neutral_fill,
                        ),
                        Cell(
                            block=(Para.of(format_number(score), align="ctr"),) if score is not None else (),
                            fill=palette.neutral_fill,
                        ),
                        Cell(block=top, fill=palette.neutral_fill),
                        Cell(block=kpis, fill=palette.neutral_fill),
                    )
                )
            )
        return Table(
            widths=column_widths(width, (1.4, 0.5, 0.6, 2.2, 1.8)),
            rows=tuple(rows),
            header=header,
            continued="",
        )

    ctx.chart_and_table(journey.title, chart, table_for, weights=(0.4, 0.6), largest=11.0, floor=8.0)
