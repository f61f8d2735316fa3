"""Slides of the service blueprint and the evidence behind the map.

Registered builders (they join the standard deck when the journey has what
they show): ``blueprint`` (the swimlanes with their three lines, every node
in its lane and stage, fail points marked, the flow and causes drawn as
connectors), ``root-causes`` (one slide per Moment of Truth: its pain points,
their upstream causes and what fixing each would address), ``handoffs`` (the
hand-off checklist with the completeness % of each item) and ``coverage``
(evidence per stage × source role against the field rules).

Two builders need more than a journey and are made on demand:
:func:`changes_builder` (what changed between two versions) and
:func:`dealer_heatmap_builder` (survey scores per dealer × stage).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn

from cjm.blueprint import all_root_causes, handoff_reports, impact_ranking
from cjm.exporters.powerpoint.deck import (
    DeckContext,
    SlideBuilder,
    TableFlow,
    column_widths,
    header_cell,
    label_cell,
    slide_builder,
)
from cjm.exporters.powerpoint.design import EMU_PER_INCH, EMU_PER_PT, Rect
from cjm.exporters.powerpoint.drawing import add_line, add_text_box
from cjm.exporters.powerpoint.fitting import Block, Cell, Para, Row, Table, fit_size, text_width
from cjm.exporters.reports import CHANGE_FILLS, LINES, WORDS, brief, heat, role_name
from cjm.i18n import Wording, vocabulary
from cjm.model import Journey, Label, Layer, LinkKind, NodeKind
from cjm.voc.coverage import evidence_coverage

__all__ = ["changes_builder", "dealer_heatmap_builder"]

W: dict[str, Wording] = {
    **WORDS,
    "items": ("필수 정보 (기록 중 포함 비율)", "Required items (share of records carrying each)"),
    "fail": ("⚠ 실패 지점", "⚠ fail point"),
    "blueprint.notes": (
        "진행 안내: 각 실패 지점(⚠)에서 '누가, 언제, 어떤 시스템으로' 고칠지 묻습니다."
        " 가시선 아래의 활동이 고객이 겪는 Pain Point를 어떻게 만드는지 화살표를 따라가며 설명하세요.",
        "Facilitation: at each fail point (⚠) ask who will fix it, when, with which system."
        " Follow the arrows to show how work below the line of visibility"
        " turns into the pain the customer feels.",
    ),
    "root.notes": (
        "진행 안내: 원인 중 여러 Pain Point에 걸치는 것부터 다룹니다."
        " 담당 부서와 다음 분기 실행 항목을 정하세요.",
        "Facilitation: start with the causes that feed several pain points;"
        " agree an owning department and one action for next quarter.",
    ),
}
_LANES = (Layer.PHYSICAL_EVIDENCE, Layer.CUSTOMER, Layer.FRONTSTAGE, Layer.BACKSTAGE, Layer.SUPPORT)
_FAIL = "C0392B"
#: Node box text size (points) and its floor when a lane is crowded.
_NODE_SIZE, _NODE_FLOOR = 9.0, 7.0
#: Stages on one blueprint slide at most.
_MAX_STAGES = 6


def _has_blueprint(journey: Journey) -> bool:
    return any(n.layer is not None for n in journey.blueprint.nodes)


def text_cell(text: str, **style: Any) -> Cell:
    """A table cell of one paragraph."""
    return Cell(block=(Para.of(text, **style),))


def _arrow(connector: Any) -> None:
    """Give a connector an arrowhead at its end (DrawingML ``a:tailEnd``; python-pptx has no setting)."""
    line = connector.element.spPr.find(qn("a:ln"))
    if line is None:
        line = connector.element.spPr.makeelement(qn("a:ln"), {})
        connector.element.spPr.append(line)
    tail = line.makeelement(qn("a:tailEnd"), {"type": "triangle", "w": "med", "len": "med"})
    line.append(tail)


@slide_builder(
    "blueprint", W["blueprint"], section="analysis", order=102, standard=True, applies=_has_blueprint
)
def blueprint_slides(ctx: DeckContext) -> None:
    """The swimlanes of the blueprint, stages as columns; continued when there are many stages."""
    journey = ctx.journey
    nodes = [n for n in journey.blueprint.nodes if n.layer is not None]
    stage_ids = [s.id for s in journey.stages if any(n.stage == s.id for n in nodes)] or [""]
    names = {s.id: s.name for s in journey.stages} | {"": ctx.pick(W["all-stages"])}
    departments = {n.id: n.name for n in journey.blueprint.nodes if n.kind is NodeKind.DEPARTMENT}
    systems = {n.id: n.name for n in journey.blueprint.nodes if n.kind is NodeKind.SYSTEM}
    performed: dict[str, list[str]] = {}
    for link in journey.blueprint.links:  # who does it, with which system: written in the box
        if link.kind is LinkKind.PERFORMED_BY and link.target in departments:
            performed.setdefault(link.source, []).insert(0, departments[link.target])
        elif link.kind is LinkKind.USES and link.target in systems:
            performed.setdefault(link.source, []).append(systems[link.target])
    groups = [stage_ids[i : i + _MAX_STAGES] for i in range(0, len(stage_ids), _MAX_STAGES)]
    title = ctx.pick(W["blueprint"])
    for page, group in enumerate(groups):
        name = title if len(groups) == 1 else f"{title} ({page + 1}/{len(groups)})"
        slide = ctx.new_slide(name, notes=ctx.pick(W["blueprint.notes"]) if page == 0 else None)
        _draw_blueprint(ctx, slide, nodes, group, names, performed)


def _draw_blueprint(
    ctx: DeckContext,
    slide: Any,
    nodes: Sequence[Any],
    stage_ids: Sequence[str],
    names: dict[str, str],
    performed: dict[str, list[str]],
) -> None:
    region = ctx.content
    palette = ctx.palette
    design = ctx.design
    lane_width = int(1.25 * EMU_PER_INCH)
    header_height = int(0.32 * EMU_PER_INCH)
    gap = int(0.06 * EMU_PER_INCH)
    columns = max(1, len(stage_ids))
    column_width = (region.width - lane_width) // columns
    stacks: dict[tuple[Layer, str], list[Any]] = {}
    for node in nodes:
        if node.stage in stage_ids:
            stacks.setdefault((node.layer, node.stage), []).append(node)
    # Nodes of no stage (systems, mostly) spread along their lane, left to right.
    spread: dict[Layer, int] = {}
    for node in nodes:
        if node.stage is None or node.stage not in {s for s in names if s}:
            column = spread.get(node.layer, 0)
            spread[node.layer] = column + 1
            stacks.setdefault((node.layer, stage_ids[column % len(stage_ids)]), []).append(node)
    depth = {
        lane: max([len(v) for (layer, _), v in stacks.items() if layer is lane], default=0) for lane in _LANES
    }
    units = {lane: max(1, d) for lane, d in depth.items()}
    body = region.height - header_height
    unit = body // sum(units.values())
    node_size = max(_NODE_FLOOR, min(_NODE_SIZE, unit / EMU_PER_PT * 0.38))
    # stage headers
    for index, stage_id in enumerate(stage_ids):
        rect = Rect(
            region.left + lane_width + index * column_width, region.top, column_width - gap, header_height
        )
        add_text_box(
            slide,
            rect,
            (Para.of(names[stage_id], bold=True, align="ctr"),),
            10.0,
            design,
            anchor="ctr",
            fill=palette.header_fill,
            colour=palette.header_text,
            margin=2.0,
        )
    boxes: dict[str, Any] = {}
    top = region.top + header_height + gap
    for lane in _LANES:
        height = unit * units[lane]
        lane_rect = Rect(region.left, top, lane_width - gap, height - gap)
        add_text_box(
            slide,
            lane_rect,
            (Para.of(vocabulary(lane, ctx.journey.language), bold=True),),
            9.0,
            design,
            anchor="ctr",
            fill=palette.lane_fill,
            margin=3.0,
        )
        for index, stage_id in enumerate(stage_ids):
            stack = stacks.get((lane, stage_id), [])
            slot = (height - gap) // max(1, len(stack)) if stack else 0
            for position, node in enumerate(stack):
                text = ("⚠ " if node.fail_point else "") + node.name
                block: tuple[Para, ...] = (
                    Para.of(text, bold=node.fail_point, colour=_FAIL if node.fail_point else None),
                )
                if node.id in performed:
                    who = " · ".join(performed[node.id])
                    block += (Para.of(f"({who})", colour=palette.muted, scale=0.85),)
                rect = Rect(
                    region.left + lane_width + index * column_width + gap,
                    top + position * slot + gap // 2,
                    column_width - 3 * gap,
                    slot - gap,
                )
                boxes[node.id] = add_text_box(
                    slide,
                    rect,
                    block,
                    _fit(block, rect, node_size),
                    design,
                    anchor="ctr",
                    fill="FFFFFF",
                    line=_FAIL if node.fail_point else palette.muted,
                    margin=2.0,
                    shape=MSO_SHAPE.ROUNDED_RECTANGLE,
                    align="ctr",
                )
        top += height
        if lane in LINES:
            _draw_line(ctx, slide, region, top - gap // 2, ctx.pick(LINES[lane]))
    for link in ctx.journey.blueprint.links:
        if link.kind not in (LinkKind.NEXT, LinkKind.CAUSES):
            continue
        start, end = boxes.get(link.source), boxes.get(link.target)
        if start is None or end is None:
            continue
        connector = add_line(
            slide, 0, 0, 1, 1, _FAIL if link.kind is LinkKind.CAUSES else palette.muted, 1.25
        )
        a, b = _sides(start, end)
        connector.begin_connect(start, a)
        connector.end_connect(end, b)
        _arrow(connector)
        _to_back(connector)


def _to_back(shape: Any) -> None:
    """Draw ``shape`` behind the others (first in the shape tree after its two header elements),
    so that a connector passing a box hides behind the box's white fill instead of crossing its text."""
    tree = shape.element.getparent()
    tree.remove(shape.element)
    tree.insert(2, shape.element)


def _fit(block: Block, rect: Rect, largest: float) -> float:
    """The largest size, from ``largest`` down to the floor, at which ``block`` fits in ``rect``."""
    fitted = fit_size(block, rect.width / EMU_PER_PT - 4, rect.height / EMU_PER_PT - 2, largest, _NODE_FLOOR)
    return _NODE_FLOOR if fitted is None else fitted


def _sides(start: Any, end: Any) -> tuple[int, int]:
    """Connection points (0 top, 1 left, 2 bottom, 3 right) facing each other."""
    if abs(start.left - end.left) < start.width // 2:
        return (2, 0) if start.top < end.top else (0, 2)
    return (3, 1) if start.left < end.left else (1, 3)


def _draw_line(ctx: DeckContext, slide: Any, region: Rect, y: int, label: str) -> None:
    line = add_line(slide, region.left, y, region.right, y, ctx.palette.accent, 1.5)
    line.line.dash_style = 7  # MSO_LINE_DASH_STYLE.LONG_DASH
    width = int((text_width(label, 8.0) + 10) * EMU_PER_PT)
    rect = Rect(region.right - width, y - int(6 * EMU_PER_PT), width, int(12 * EMU_PER_PT))
    add_text_box(
        slide,
        rect,
        (Para.of(label, italic=True, align="r"),),
        8.0,
        ctx.design,
        colour=ctx.palette.accent,
        fill="FFFFFF",
        margin=1.0,
    )


def _has_caused_mot_pains(journey: Journey) -> bool:
    caused = {link.target for link in journey.blueprint.links if link.kind is LinkKind.CAUSES}
    mots = {m.stage for m in journey.moments_of_truth}
    return any(p.stage in mots and p.id in caused for p in journey.pain_points)


@slide_builder(
    "root-causes",
    W["root-causes"],
    section="analysis",
    order=104,
    standard=True,
    applies=_has_caused_mot_pains,
)
def root_cause_slides(ctx: DeckContext) -> None:
    """One slide per Moment of Truth: each pain point, its causes with their paths, and the heaviest fix."""
    journey = ctx.journey
    causes = all_root_causes(journey)
    ranking = {impact.id: impact for impact in impact_ranking(journey)}
    names = {n.id: n.name for n in journey.blueprint.nodes} | {p.id: p.text for p in journey.pain_points}
    header = Row(
        cells=(
            header_cell(ctx, ctx.pick(W["pain"])),
            header_cell(ctx, ctx.pick(W["causes"])),
            header_cell(ctx, ctx.pick(W["fixes"])),
        )
    )
    for moment in journey.moments_of_truth:
        pains = [p for p in journey.pain_points_at(moment.stage) if causes.get(p.id)]
        if not pains:
            continue
        rows = []
        for pain in pains:
            found = causes[pain.id]
            lines = tuple(
                Para.of(" → ".join(names.get(step, step) for step in cause.path[:-1]), bullet="•")
                for cause in found
            )
            best = max(
                (ranking[c.id] for c in found if c.id in ranking), key=lambda i: i.weight, default=None
            )
            fix = (Para.of(best.summary(journey.language)),) if best else (Para.of(ctx.pick(W["none"])),)
            rows.append(
                Row(
                    cells=(
                        label_cell(ctx, pain.text),
                        Cell(block=lines),
                        Cell(block=fix),
                    )
                )
            )
        table = Table(
            widths=column_widths(ctx.content.width_pt, (2.2, 5.0, 2.6)), rows=tuple(rows), header=header
        )
        stage = journey.stage(moment.stage).name
        ctx.place(
            f"{ctx.pick(W['root-causes'])}: {stage}",
            [TableFlow(table, ctx.content)],
            largest=12.0,
            floor=8.0,
            notes=ctx.pick(W["root.notes"]),
        )


def _has_handoffs(journey: Journey) -> bool:
    return bool(journey.blueprint.handoffs)


@slide_builder("handoffs", W["handoffs"], section="analysis", order=106, standard=True, applies=_has_handoffs)
def handoff_slides(ctx: DeckContext) -> None:
    """The hand-off checklist: who → whom, the required items with their presence, SLA, completeness."""
    header = Row(
        cells=tuple(header_cell(ctx, ctx.pick(W[key])) for key in ("handoff", "items", "sla", "complete"))
    )
    rows = []
    for report in handoff_reports(ctx.journey):
        items = tuple(
            Para.of(
                f"{item}" + (f"  {report.item_presence[item]:.0f}%" if report.records else ""), bullet="☐"
            )
            for item in report.items
        )
        complete = f"{report.completeness:.0f}%" if report.completeness is not None else "–"
        detail = f"{ctx.pick(W['records'])} {report.records}"
        rows.append(
            Row(
                cells=(
                    Cell(
                        block=(
                            Para.of(f"{report.source} → {report.target}", bold=True),
                            Para.of(detail, scale=0.85),
                        ),
                        fill=ctx.palette.lane_fill,
                        repeat=True,
                    ),
                    Cell(block=items),
                    text_cell(report.sla or "–"),
                    text_cell(complete, bold=True, align="ctr"),
                )
            )
        )
    table = Table(
        widths=column_widths(ctx.content.width_pt, (2.6, 5.0, 1.6, 1.2)), rows=tuple(rows), header=header
    )
    ctx.place(ctx.pick(W["handoffs"]), [TableFlow(table, ctx.content)], largest=12.0, floor=9.0)


def _has_evidence(journey: Journey) -> bool:
    return bool(journey.evidence and journey.stages)


@slide_builder("coverage", W["coverage"], section="analysis", order=108, standard=True, applies=_has_evidence)
def coverage_slides(ctx: DeckContext) -> None:
    """Evidence per stage × source role, the direct sessions, and what the field rules still need."""
    coverage = evidence_coverage(ctx.journey)
    roles = coverage.roles
    header = Row(
        cells=(
            header_cell(ctx, ctx.pick(W["stage"])),
            *(header_cell(ctx, role_name(role, ctx.journey.language)) for role in roles),
            header_cell(ctx, ctx.pick(W["direct"])),
            header_cell(ctx, ctx.pick(W["rules"])),
        )
    )
    rows = []
    for row in coverage.stages:
        if row.complete:
            status, fill = ctx.pick(W["ok"]), ctx.palette.label_fill[Label.FACT]
        else:
            missing = ", ".join(role_name(r, ctx.journey.language) for r in row.missing_roles)
            parts = [f"{ctx.pick(W['needs'])} {missing}"] if row.missing_roles else []
            parts += [] if row.enough_direct else [ctx.pick(W["few"])]
            status, fill = "; ".join(parts), "FDE2E2"
        rows.append(
            Row(
                cells=(
                    label_cell(ctx, row.name),
                    *(text_cell(str(row.by_role.get(role, 0)), align="ctr") for role in roles),
                    text_cell(str(row.direct), align="ctr"),
                    Cell(block=(Para.of(status),), fill=fill),
                )
            )
        )
    weights = (2.2, *(1.0 for _ in roles), 1.2, 3.0)
    table = Table(widths=column_widths(ctx.content.width_pt, weights), rows=tuple(rows), header=header)
    ctx.place(ctx.pick(W["coverage"]), [TableFlow(table, ctx.content)], largest=13.0, floor=9.0)


def changes_builder(differences: Sequence[Any], old: Journey, new: Journey) -> SlideBuilder:
    """A builder of the "what changed" slides between ``old`` and ``new`` (see :func:`cjm.versions.diff`)."""

    def build(ctx: DeckContext) -> None:
        header = Row(
            cells=tuple(header_cell(ctx, ctx.pick(W[k])) for k in ("change", "where", "before", "after"))
        )
        rows = tuple(
            Row(
                cells=(
                    Cell(
                        block=(Para.of(d.kind, bold=True),),
                        fill=CHANGE_FILLS.get(d.kind.split()[-1], ctx.palette.lane_fill),
                    ),
                    text_cell(d.where + (f"\n{d.subject}" if d.subject else "")),
                    text_cell(brief(d.before)),
                    text_cell(brief(d.after)),
                )
            )
            for d in differences
        ) or (Row(cells=(text_cell(ctx.pick(W["none"])), text_cell(""), text_cell(""), text_cell(""))),)
        table = Table(
            widths=column_widths(ctx.content.width_pt, (1.3, 3.6, 2.5, 2.5)), rows=rows, header=header
        )
        title = f"{ctx.pick(W['changes'])}: {old.version} → {new.version}"
        ctx.place(title, [TableFlow(table, ctx.content)], largest=12.0, floor=8.0)

    return SlideBuilder(name="changes", title=W["changes"], build=build, section="analysis")


def dealer_heatmap_builder(result: Any, journey: Journey) -> SlideBuilder:
    """A builder of the dealer × stage heatmap of survey scores (``result``: a :class:`SurveyResult`)."""

    def build(ctx: DeckContext) -> None:
        dealers = result.groups("dealer")
        stages = [
            s
            for s in journey.stages
            if any(("stage", s.id, k) in result.histograms for k in result.instruments())
        ]
        header = Row(
            cells=(header_cell(ctx, ctx.pick(W["dealer"])), *(header_cell(ctx, s.name) for s in stages))
        )
        rows = []
        for dealer in dealers:
            cells = [label_cell(ctx, dealer)]
            for stage in stages:
                kind = next(
                    (
                        k
                        for k in result.instruments()
                        if ("dealer×stage", f"{dealer}|{stage.id}", k) in result.histograms
                    ),
                    None,
                )
                if kind is None:
                    cells.append(text_cell("–", align="ctr"))
                    continue
                score = result.score("dealer×stage", f"{dealer}|{stage.id}", kind)
                low, high = kind.scale
                share = (score.value - low) / (high - low) if score.value is not None else 0.5
                text = f"{kind.value.upper()} {score.value:.0f}" if score.value is not None else "–"
                block = (
                    Para.of(text, bold=not score.small, align="ctr"),
                    Para.of(f"n={score.n}" + (" *" if score.small else ""), align="ctr", scale=0.8),
                )
                cells.append(Cell(block=block, fill=heat(share), anchor="ctr"))
            rows.append(Row(cells=tuple(cells), min_height=30.0))
        table = Table(
            widths=column_widths(ctx.content.width_pt, (2.0, *(1.0 for _ in stages))),
            rows=tuple(rows),
            header=header,
        )
        note, rest = ctx.note(ctx.pick(W["small"]), size=10.0)
        ctx.place(ctx.pick(W["dealers"]), [note, TableFlow(table, rest)], largest=12.0, floor=8.0)

    return SlideBuilder(name="dealers", title=W["dealers"], build=build, section="analysis")
