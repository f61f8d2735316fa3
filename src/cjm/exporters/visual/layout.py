"""The journey map laid out: stages across, lanes down, the emotion curve drawn through them.

The page is A3 landscape in proportion (1587 px wide, A3's width at 96 dpi),
so the picture prints on one A3 sheet at the size it was measured for.  From
the top: the title block and the legend, the persona panel, the stage
headers (★ for a Moment of Truth, the duration where the map has one, the
share of the stage's claims that are facts with evidence), then
one row per lane in the journey's own order, with the emotion curve at the
emotions lane (or after the last lane of actions when the map has none).

Every text is broken into lines in the face that draws it (see :mod:`.fonts`
and :mod:`.wrap`); a card shows at most :data:`CARD_LINES` lines and a cell at
most :data:`CELL_CARDS` cards, then "+N more" (the page shows the rest).  A
journey with more than :data:`PAGE_STAGES` stages is drawn on several pages of
stages, each a scene of its own, and the title says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from cjm.exporters.reports import role_name
from cjm.exporters.visual.content import Card, MapContent, Row
from cjm.exporters.visual.curve import curve_row
from cjm.exporters.visual.fonts import FontSet
from cjm.exporters.visual.scene import Box, Group, Line, Scene, Shape, TextBlock
from cjm.exporters.visual.words import (
    BADGE,
    BORDER,
    FILL,
    GRID,
    HEADER_FILL,
    INK,
    LANE_FILL,
    LETTER,
    MOT_TINT,
)
from cjm.exporters.visual.wrap import Typesetter
from cjm.i18n import pick, vocabulary
from cjm.model import Label, Stage
from cjm.validate import evidence_share

__all__ = ["CARD_LINES", "CELL_CARDS", "PAGE_STAGES", "PAGE_WIDTH", "Metrics", "map_scenes", "stage_pages"]

#: Width of the picture in px: A3 landscape (420 mm) at 96 dpi.
PAGE_WIDTH = 1587.0
#: Stages drawn on one page at most; more are split into pages.
PAGE_STAGES = 8
#: Lines of text a card shows at most, and cards a cell shows at most (then "+N more").
CARD_LINES = 3
CELL_CARDS = 6


@attrs.frozen(kw_only=True)
class Metrics:
    """Sizes and limits of the map, in px: the page's defaults; the deck's overview sets its own."""

    width: float = PAGE_WIDTH
    page_stages: int = PAGE_STAGES
    card_lines: int = CARD_LINES
    cell_cards: int = CELL_CARDS
    #: Draw the title block and legend, and the persona panel.
    title_block: bool = True
    persona_panel: bool = True
    #: Show each stage's data-backed share under its name; by default where the title block is (the
    #: page), not on the deck's slide, where the extra line would cost the seed map a card per cell.
    stage_share: bool = attrs.field(default=attrs.Factory(lambda self: self.title_block, takes_self=True))
    margin: float = 24.0
    lane_width: float = 150.0
    gap: float = 6.0
    text: float = 11.0
    small: float = 9.5
    title: float = 20.0
    header: float = 12.5
    line: float = 1.3
    pad: float = 6.0
    badge: float = 14.0
    curve_height: float = 150.0


class _Drawing(Typesetter):
    """The typesetter of one map, with the map's sizes."""

    def __init__(self, fonts: FontSet, m: Metrics) -> None:
        super().__init__(fonts, m.line)
        self.m = m


def stage_pages(stages: Sequence[Stage], most: int) -> list[Sequence[Stage]]:
    """``stages`` on as few pages of at most ``most`` as will do, shared out evenly (12 by 8: 6 and 6)."""
    if not stages:
        return []
    count = -(-len(stages) // most)
    per = -(-len(stages) // count)
    return [stages[i : i + per] for i in range(0, len(stages), per)]


def map_scenes(content: MapContent, fonts: FontSet, metrics: Metrics | None = None) -> list[Scene]:
    """The map as one scene per page of stages (one scene for up to ``page_stages`` stages)."""
    writer = _Drawing(fonts, metrics or Metrics())
    stages = content.stages
    pages = stage_pages(stages, writer.m.page_stages) or [()]
    return [_page(content, writer, page, number, len(pages)) for number, page in enumerate(pages, 1)]


def _page(content: MapContent, writer: _Drawing, stages: Sequence[Stage], number: int, pages: int) -> Scene:
    shapes: list[Shape] = []
    top = writer.m.margin
    if writer.m.title_block:
        header, height = _title_block(content, writer, number, pages)
        shapes.extend(header)
        top += height + writer.m.gap * 2
    if writer.m.persona_panel:
        personas, height = _persona_panel(content, writer, top)
        shapes.extend(personas)
        top += height + (writer.m.gap * 2 if height else 0)
    columns = max(1, len(stages))
    column = (writer.m.width - 2 * writer.m.margin - writer.m.lane_width) / columns
    left = writer.m.margin + writer.m.lane_width
    body_top = top
    headers, height = _stage_headers(content, writer, stages, left, column, top)
    top += height + writer.m.gap
    rows: list[Shape] = []
    for index, row in enumerate(content.rows):
        if index == content.curve_at:
            shapes_, height = curve_row(content, writer, stages, left, column, top, writer.m)
            rows.extend(shapes_)
            top += height + writer.m.gap
        shapes_, height = _row(content, writer, row, stages, left, column, top)
        rows.extend(shapes_)
        top += height + writer.m.gap
    if content.curve_at >= len(content.rows):
        shapes_, height = curve_row(content, writer, stages, left, column, top, writer.m)
        rows.extend(shapes_)
        top += height + writer.m.gap
    # Moments of Truth are tinted from the header down, behind everything else of the column.
    for i, stage in enumerate(stages):
        if stage.id in content.moments:
            shapes.append(
                Box(
                    x=left + i * column,
                    y=body_top,
                    w=column,
                    h=top - body_top,
                    fill=MOT_TINT,
                    role="mot-column",
                )
            )
    for i in range(1, columns):
        x = left + i * column
        shapes.append(Line(x1=x, y1=body_top, x2=x, y2=top - writer.m.gap, stroke=GRID, width=1.0))
    shapes.extend(headers)
    shapes.extend(rows)
    footer, height = _footer(content, writer, top)
    shapes.extend(footer)
    top += height
    title = content.journey.title if pages == 1 else f"{content.journey.title} ({number}/{pages})"
    return Scene(
        width=writer.m.width,
        height=round(top + writer.m.margin),
        children=tuple(shapes),
        title=title,
        language=content.language,
        description=pick(("고객여정지도", "Customer journey map"), content.language),
    )


def _title_block(content: MapContent, writer: _Drawing, number: int, pages: int) -> tuple[list[Shape], float]:
    journey = content.journey
    legend_width = 520.0
    width = writer.m.width - 2 * writer.m.margin - legend_width - 24
    shapes: list[Shape] = []
    title = writer.block(
        journey.title, writer.m.margin, writer.m.margin, width, writer.m.title, bold=True, lines=2
    )
    shapes.append(title)
    y = writer.m.margin + title.height + 4
    facts = [f"{content.word('version')} {journey.version}"]
    if journey.updated is not None:
        facts.append(f"{content.word('updated')} {journey.updated.isoformat()}")
    if pages > 1:
        facts.append(
            pick(("{n}/{pages}쪽", "page {n} of {pages}"), content.language).format(n=number, pages=pages)
        )
    line = writer.block(
        " · ".join(facts), writer.m.margin, y, width, writer.m.text, colour=INK["muted"], lines=1
    )
    shapes.append(line)
    y += line.height + 2
    if pages > 1:
        note = content.word("split").format(
            pages=pages, per=len(stage_pages(content.stages, writer.m.page_stages)[0])
        )
        block = writer.block(note, writer.m.margin, y, width, writer.m.text, colour=INK["alert"], lines=1)
        shapes.append(block)
        y += block.height + 2
    if journey.description:
        block = writer.block(
            journey.description, writer.m.margin, y, width, writer.m.text, lines=2, colour=INK["muted"]
        )
        shapes.append(block)
        y += block.height
    legend, legend_height = _legend(
        content, writer, writer.m.width - writer.m.margin - legend_width, writer.m.margin, legend_width
    )
    shapes.extend(legend)
    return shapes, max(y - writer.m.margin, legend_height)


def _legend(
    content: MapContent, writer: _Drawing, x: float, y: float, width: float
) -> tuple[list[Shape], float]:
    lang = content.language
    shapes: list[Shape] = [
        Box(x=x, y=y, w=width, h=58, fill="FFFFFF", stroke=GRID, radius=4, role="legend"),
        writer.block(
            content.word("legend"), x + 8, y + 5, 80, writer.m.small, bold=True, lines=1, colour=INK["muted"]
        ),
    ]
    cx = x + 8
    for label in Label:
        name = vocabulary(label, lang)
        w = writer.width(name, writer.m.small) + writer.m.badge + 16
        colour, dash = BORDER[label]
        shapes.append(
            Group(
                role="legend-label",
                data={"label": label.value},
                children=(
                    Box(x=cx, y=y + 20, w=w, h=18, fill=FILL[label], stroke=colour, dash=dash, radius=3),
                    *_badge(writer, label, cx + 3, y + 22, lang),
                    writer.block(name, cx + writer.m.badge + 7, y + 22.5, w, writer.m.small, lines=1),
                ),
            )
        )
        cx += w + 8
    symbols = "   ".join(
        content.word(key) for key in ("legend.mot", "legend.evidence", "legend.finding", "legend.caution")
    )
    shapes.append(
        writer.block(symbols, x + 8, y + 41, width - 16, writer.m.small, lines=1, colour=INK["muted"])
    )
    tail = content.word("legend.gap")
    shapes.append(
        writer.block(
            tail,
            cx + 6,
            y + 22.5,
            max(20.0, x + width - cx - 14),
            writer.m.small,
            lines=1,
            colour=INK["muted"],
            italic=True,
        )
    )
    return shapes, 58.0


def _badge(writer: _Drawing, label: Label, x: float, y: float, lang: str) -> list[Shape]:
    letter = pick(LETTER[label], lang)
    size = writer.m.badge
    return [
        Box(x=x, y=y, w=size, h=size, fill=BADGE[label], radius=size / 2, role="badge"),
        TextBlock(
            x=x + size / 2,
            y=y + size * 0.73,
            lines=(letter,),
            size=8.5,
            bold=True,
            colour="FFFFFF",
            anchor="middle",
            source=letter,
            width=size,
        ),
    ]


def _persona_panel(content: MapContent, writer: _Drawing, top: float) -> tuple[list[Shape], float]:
    personas = content.journey.personas
    if not personas:
        return [], 0.0
    per_row = min(3, len(personas))
    width = (writer.m.width - 2 * writer.m.margin - (per_row - 1) * writer.m.gap) / per_row
    shapes: list[Shape] = []
    y = top
    for start in range(0, len(personas), per_row):
        cards: list[tuple[float, list[Shape]]] = []
        for i, persona in enumerate(personas[start : start + per_row]):
            x = writer.m.margin + i * (width + writer.m.gap)
            inner = width - 2 * writer.m.pad - 44
            blocks: list[TextBlock] = []
            cursor = y + writer.m.pad
            for text, size, bold, colour, lines in (
                (f"{content.word('persona')} · {persona.name}", writer.m.header, True, INK["text"], 1),
                (persona.role, writer.m.small, False, INK["muted"], 2),
                (_joined(content.word("goals"), persona.goals), writer.m.small, False, INK["text"], 2),
                (
                    _joined(content.word("stakeholders"), [s.role for s in persona.stakeholders]),
                    writer.m.small,
                    False,
                    INK["text"],
                    1,
                ),
            ):
                if not text:
                    continue
                block = writer.block(
                    text, x + writer.m.pad + 44, cursor, inner, size, bold=bold, colour=colour, lines=lines
                )
                blocks.append(block)
                cursor += block.height + 2
            height = cursor - y + writer.m.pad - 2
            avatar = TextBlock(
                x=x + writer.m.pad + 17,
                y=y + writer.m.pad + 24,
                lines=(persona.name[:1],),
                size=18,
                bold=True,
                colour="FFFFFF",
                anchor="middle",
                source=persona.name[:1],
                width=34,
            )
            cards.append(
                (
                    height,
                    [
                        Box(
                            x=x + writer.m.pad,
                            y=y + writer.m.pad,
                            w=34,
                            h=34,
                            fill="475569",
                            radius=17,
                            role="avatar",
                        ),
                        avatar,
                        *blocks,
                    ],
                )
            )
            cards[-1][1].insert(0, Box(x=x, y=y, w=width, h=0, role="persona"))  # placeholder, sized below
        height = max(h for h, _ in cards)
        for i, (_, parts) in enumerate(cards):
            x = writer.m.margin + i * (width + writer.m.gap)
            parts[0] = Box(x=x, y=y, w=width, h=height, fill="F8FAFC", stroke=GRID, radius=6, role="persona")
            persona = personas[start + i]
            shapes.append(
                Group(
                    children=tuple(parts),
                    key=f"persona-{persona.id}",
                    role="persona",
                    data={"persona": persona.id},
                )
            )
        y += height + writer.m.gap
    return shapes, y - top - writer.m.gap


def _joined(heading: str, values: Sequence[str]) -> str:
    return f"{heading}: " + " · ".join(values) if values else ""


def _stage_headers(
    content: MapContent, writer: _Drawing, stages: Sequence[Stage], left: float, column: float, top: float
) -> tuple[list[Shape], float]:
    lang = content.language
    inner = column - 2 * writer.m.pad - writer.m.gap
    blocks = []
    for stage in stages:
        mot = stage.id in content.moments
        name = writer.block(
            stage.name, 0, 0, inner - (34 if mot else 0), writer.m.header, bold=True, lines=2, colour="FFFFFF"
        )
        blocks.append((stage, mot, name))
    name_height = max((b.height for _, _, b in blocks), default=writer.m.header * writer.m.line)
    has_duration = any(stage.duration for stage in stages)
    # The data-backed share of each stage: a line of its own, in every header when any stage has claims.
    shares = evidence_share(content.journey).stages if writer.m.stage_share else {}
    has_share = any(shares[stage.id].claims for stage in stages if stage.id in shares)
    small_line = writer.m.small * writer.m.line + 2
    height = writer.m.pad * 2 + name_height + small_line * (int(has_duration) + int(has_share))
    shapes: list[Shape] = [
        Box(
            x=writer.m.margin,
            y=top,
            w=writer.m.lane_width - writer.m.gap,
            h=height,
            fill=HEADER_FILL,
            radius=4,
            role="header",
        ),
        writer.block(
            pick(("여정 단계", "Stage"), lang),
            writer.m.margin + writer.m.pad,
            top + writer.m.pad,
            writer.m.lane_width - 2 * writer.m.pad,
            writer.m.header,
            bold=True,
            colour="FFFFFF",
            lines=1,
        ),
    ]
    for i, (stage, mot, name) in enumerate(blocks):
        x = left + i * column + writer.m.gap / 2
        children: list[Shape] = [
            Box(x=x, y=top, w=column - writer.m.gap, h=height, fill=HEADER_FILL, radius=4, role="header"),
            attrs.evolve(name, x=x + writer.m.pad, y=name.y + top + writer.m.pad),
        ]
        if mot:
            children.append(
                Box(
                    x=x + column - writer.m.gap - 38,
                    y=top + writer.m.pad,
                    w=32,
                    h=16,
                    fill="F5B301",
                    radius=8,
                    role="mot-badge",
                )
            )
            children.append(
                TextBlock(
                    x=x + column - writer.m.gap - 22,
                    y=top + writer.m.pad + 12,
                    lines=("★ MoT",),
                    size=8.5,
                    bold=True,
                    colour="1F2937",
                    anchor="middle",
                    source="★ MoT",
                    width=32,
                )
            )
        if stage.duration:
            children.append(
                writer.block(
                    f"{content.word('duration')} {stage.duration}",
                    x + writer.m.pad,
                    top + writer.m.pad + name_height + 2,
                    inner,
                    writer.m.small,
                    lines=1,
                    colour="DBEAFE",
                )
            )
        share = shares.get(stage.id)
        if share is not None and share.claims:
            children.append(
                writer.block(
                    content.word("share").format(p=round(100 * share.share)),
                    x + writer.m.pad,
                    top + writer.m.pad + name_height + 2 + (small_line if has_duration else 0),
                    inner,
                    writer.m.small,
                    lines=1,
                    colour="DBEAFE",
                )
            )
        shapes.append(
            Group(
                children=tuple(children),
                key=f"stage-{stage.id}",
                role="stage",
                data={"stage": stage.id},
                title=stage.description or None,
            )
        )
    return shapes, height


def _row(
    content: MapContent,
    writer: _Drawing,
    row: Row,
    stages: Sequence[Stage],
    left: float,
    column: float,
    top: float,
) -> tuple[list[Shape], float]:
    lang = content.language
    cells: list[list[Shape]] = []
    height = 0.0
    for i, stage in enumerate(stages):
        cards = row.cells.get(stage.id, ())
        x = left + i * column + writer.m.gap / 2
        drawn, used = _cell(content, writer, cards, x, top, column - writer.m.gap, stage.id, row.lane.id)
        cells.append(drawn)
        height = max(height, used)
    title = writer.block(
        row.lane.name,
        writer.m.margin + writer.m.pad,
        top + writer.m.pad,
        writer.m.lane_width - writer.m.gap - 2 * writer.m.pad,
        writer.m.text,
        bold=True,
        lines=3,
    )
    parts: list[Shape] = [title]
    actor = row.lane.actor
    sub = role_name(actor, lang) if actor else ""
    if sub and sub != row.lane.name:
        parts.append(
            writer.block(
                sub,
                writer.m.margin + writer.m.pad,
                top + writer.m.pad + title.height + 1,
                writer.m.lane_width - writer.m.gap - 2 * writer.m.pad,
                writer.m.small,
                lines=1,
                colour=INK["muted"],
            )
        )
    label_height = sum(p.height for p in parts if isinstance(p, TextBlock)) + 2 * writer.m.pad
    height = max(height, label_height, 36.0)
    lane_box = Box(
        x=writer.m.margin,
        y=top,
        w=writer.m.lane_width - writer.m.gap,
        h=height,
        fill=LANE_FILL,
        radius=4,
        role="lane",
    )
    shapes: list[Shape] = [Group(children=(lane_box, *parts), role="lane", data={"lane": row.lane.id})]
    for cell in cells:
        shapes.extend(cell)
    return [Group(children=tuple(shapes), role="row", data={"lane": row.lane.id})], height


def _cell(
    content: MapContent,
    writer: _Drawing,
    cards: Sequence[Card],
    x: float,
    top: float,
    width: float,
    stage: str,
    lane: str,
) -> tuple[list[Shape], float]:
    shown = cards if len(cards) <= writer.m.cell_cards else cards[: writer.m.cell_cards - 1]
    shapes, y = _flow(content, writer, shown, x, top, width, 1)
    if width >= TWO_UP_WIDTH and len(shown) >= 3:  # short cards side by side, when that saves room
        two_up, bottom = _flow(content, writer, shown, x, top, width, 2)
        if bottom - top <= TWO_UP_GAIN * (y - top) and _cuts(two_up) <= _cuts(shapes):
            shapes, y = two_up, bottom
    hidden = len(cards) - len(shown)
    if hidden:
        text = content.word("more").format(n=hidden)
        block = writer.block(
            text,
            x + writer.m.pad,
            y + 3,
            width - 2 * writer.m.pad,
            writer.m.small,
            bold=True,
            lines=1,
            colour=INK["muted"],
        )
        shapes.append(
            Group(
                key=f"more-{stage}-{lane}",
                role="more",
                data={"stage": stage, "lane": lane, "count": str(hidden)},
                children=(
                    Box(
                        x=x,
                        y=y,
                        w=width,
                        h=block.height + 6,
                        fill="FFFFFF",
                        stroke=INK["line"],
                        dash="2 2",
                        radius=4,
                        role="more",
                    ),
                    block,
                ),
            )
        )
        y += block.height + 6 + 4
    return shapes, max(0.0, y - top - 4)


#: Cards of a cell go two side by side in columns at least this wide, when that makes the cell
#: at most this share of its one-column height.
TWO_UP_WIDTH = 200.0
TWO_UP_GAIN = 0.8


def _cuts(shapes: Sequence[Shape]) -> int:
    """How many texts in ``shapes`` were cut short."""
    return sum(
        1
        for shape in Scene(width=0, height=0, children=tuple(shapes), title="").walk()
        if isinstance(shape, TextBlock) and shape.cut
    )


def _flow(
    content: MapContent,
    writer: _Drawing,
    cards: Sequence[Card],
    x: float,
    top: float,
    width: float,
    columns: int,
) -> tuple[list[Shape], float]:
    """Cards in ``columns`` columns, row by row in the cell's order; the y below the last row."""
    gap = 4.0
    column = (width - gap * (columns - 1)) / columns
    shapes: list[Shape] = []
    y = top
    for start in range(0, len(cards), columns):
        heights = []
        for j, card in enumerate(cards[start : start + columns]):
            group, height = _card(content, writer, card, x + j * (column + gap), y, column)
            shapes.append(group)
            heights.append(height)
        y += max(heights) + gap
    return shapes, y


def _card(
    content: MapContent, writer: _Drawing, card: Card, x: float, top: float, width: float
) -> tuple[Group, float]:
    """A card: label badge, text (at most :data:`CARD_LINES` lines), a detail line, the corner marks.

    The marks (evidence count, finding, caution) sit at the right of the
    detail line, or of the first text line when there is no detail.
    """
    lang = content.language
    label = card.label
    inner_left = x + writer.m.pad + (writer.m.badge + 5 if label is not None else 0)
    inner = x + width - writer.m.pad - inner_left
    marks = _marks(card)
    marks_width = writer.width(marks, writer.m.small, bold=True) + 4 if marks else 0.0
    text_top = top + writer.m.pad - 1
    text_width = inner - (marks_width if not card.detail else 0.0)
    bold = card.kind in ("metric", "mot")
    text = writer.block(
        card.text,
        inner_left,
        text_top,
        max(10.0, text_width),
        writer.m.text,
        bold=bold,
        lines=writer.m.card_lines,
    )
    parts: list[Shape] = []
    height = writer.m.pad * 2 - 2 + text.height
    marks_line = text_top + (writer.m.text * writer.m.line - writer.m.small * writer.m.line) / 2
    if card.detail:
        marks_line = text_top + text.height + 1
        detail = writer.block(
            card.detail,
            inner_left,
            marks_line,
            max(10.0, inner - marks_width),
            writer.m.small,
            lines=2 if card.kind == "mot" else 1,
            colour=INK["muted"],
        )
        parts.append(detail)
        height += detail.height + 1
    if label is not None:
        height = max(height, writer.m.badge + 2 * writer.m.pad - 2)
    fill, (stroke, dash) = (
        (FILL[label], BORDER[label]) if label is not None else ("FFFFFF", (INK["line"], None))
    )
    stroke_width = 1.0
    if card.findings:
        stroke, dash, stroke_width = INK["alert"], None, 2.0
    children: list[Shape] = [
        Box(
            x=x,
            y=top,
            w=width,
            h=height,
            fill=fill,
            stroke=stroke,
            dash=dash,
            stroke_width=stroke_width,
            radius=4,
            role="card",
        )
    ]
    if label is not None:
        children.extend(_badge(writer, label, x + writer.m.pad - 1, top + writer.m.pad - 1, lang))
    if card.kind == "pain" and card.severity is not None:
        children.append(
            Box(x=x, y=top + 3, w=3, h=height - 6, fill=_SEVERITY[card.severity], role="severity")
        )
    children.append(text)
    children.extend(parts)
    if marks:
        colour = INK["alert"] if card.findings else INK["caution"] if card.caution else INK["muted"]
        children.append(
            TextBlock(
                x=x + width - writer.m.pad,
                y=marks_line + writer.fonts.face(True).baseline(writer.m.small, writer.m.line),
                lines=(marks,),
                size=writer.m.small,
                bold=True,
                colour=colour,
                anchor="end",
                source=marks,
                width=marks_width,
            )
        )
    data = {"lane": card.lane, "stage": card.stage, "kind": card.kind}
    if label is not None:
        data["label"] = label.value
    if card.personas:
        data["personas"] = " ".join(card.personas)
    if card.findings:
        data["flag"] = "finding"
    elif card.caution:
        data["flag"] = "caution"
    tip = "\n".join(
        [card.text[:500], *(f.message for f in card.findings), *([card.caution] if card.caution else [])]
    )
    return Group(children=tuple(children), key=card.key, role="item", data=data, title=tip), height


#: The left stripe of a pain point: darker for more severe.
_SEVERITY = {1: "FCD34D", 2: "F59E0B", 3: "EA580C", 4: "DC2626", 5: "7F1D1D"}


def _marks(card: Card) -> str:
    """The corner marks of a card: evidence count, evidence against, finding, caution."""
    marks = []
    if card.kind != "mot":
        marks.append(f"◆{len(card.evidence)}")
    if card.against:
        marks.append(f"✕{len(card.against)}")
    if card.findings:
        marks.append("!")
    if card.caution:
        marks.append("?")
    return " ".join(marks)


def _footer(content: MapContent, writer: _Drawing, top: float) -> tuple[list[Shape], float]:
    """Findings about the whole journey (not about one card), at most three, then their count."""
    findings = content.general
    if not findings:
        return [], 0.0
    width = writer.m.width - 2 * writer.m.margin
    heading = f"! {content.word('flag.finding')} ({len(findings)})"
    lines = [heading, *(f.message for f in findings[:3])]
    if len(findings) > 3:
        lines.append(content.word("more").format(n=len(findings) - 3))
    shapes: list[Shape] = []
    y = top
    for i, text in enumerate(lines):
        block = writer.block(
            text,
            writer.m.margin,
            y,
            width,
            writer.m.small,
            bold=i == 0,
            lines=1,
            colour=INK["alert"] if i == 0 else INK["muted"],
        )
        shapes.append(block)
        y += block.height
    return [Group(children=tuple(shapes), key="findings", role="findings")], y - top
