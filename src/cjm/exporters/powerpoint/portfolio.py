"""The portfolio as slides: journeys side by side, stage by stage, and the causes they share.

:func:`portfolio_builder` makes a builder for one :class:`~cjm.portfolio.Portfolio`
(it needs the comparison, so it is made on demand, like the KPI report's):

- per compared group, a heat-map table: the stages as rows, each journey's
  emotion score and evidence coverage as two columns under its title,
  coloured red (low) – yellow – green (high); journeys beyond
  :data:`JOURNEYS_PER_SLIDE` continue on the next slide;
- the causes shared by several journeys, the fix that helps most journeys
  first (the top :data:`CAUSES_SHOWN`; the workbook has all), with how many
  pain points each causes in each journey and the heaviest of them;
- the journeys not compared, and why.

:func:`portfolio_deck` writes those slides, then a summary slide of each
journey (the ``summary`` builder), as .pptx bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from cjm.errors import InputError
from cjm.exporters.powerpoint.analysis import text_cell
from cjm.exporters.powerpoint.deck import (
    Deck,
    DeckContext,
    SlideBuilder,
    TableFlow,
    column_widths,
    header_cell,
    label_cell,
)
from cjm.exporters.powerpoint.fitting import Block, Cell, Para, Row, Table
from cjm.exporters.reports import heat
from cjm.grid import format_number
from cjm.portfolio import Coverage, Group, Member, Portfolio, SharedCause, StageCell
from cjm.portfolio.wording import WORDS, kind_name, say
from cjm.validate import Finding

__all__ = ["CAUSES_SHOWN", "JOURNEYS_PER_SLIDE", "PAINS_SHOWN", "portfolio_builder", "portfolio_deck"]

#: Journeys side by side on one heat-map slide (more continue on the next).
JOURNEYS_PER_SLIDE = 4
#: Shared causes on the slides, the top of the ranking (the workbook lists every one).
CAUSES_SHOWN = 6
#: Pain points shown per cause, the heaviest (the rest as "+n").
PAINS_SHOWN = 3
#: Columns per journey on the heat map: emotion, coverage.
_PER_JOURNEY = 2


def portfolio_builder(portfolio: Portfolio) -> SlideBuilder:
    """A builder of the portfolio's slides (see the module's text)."""

    def build(ctx: DeckContext) -> None:
        for group in portfolio.groups:
            _heat_slides(ctx, group, numbered=len(portfolio.groups) > 1)
        _shared_slides(ctx, portfolio)
        if portfolio.singles:
            _singles_slide(ctx, portfolio)

    return SlideBuilder(name="portfolio", title=WORDS["portfolio"], build=build, section="portfolio")


def portfolio_deck(portfolio: Portfolio, language: str | None = None, *, summaries: bool = True) -> bytes:
    """The portfolio's slides, then (``summaries``) a summary slide of each journey, as .pptx bytes.

    Wording in ``language`` (default: the first journey's); every journey is
    validated first, as in any deck.
    """
    if not portfolio.journeys:
        raise InputError(
            "an empty portfolio has no slides",
            [Finding(rule="portfolio", message="compare at least one journey")],
        )
    deck = Deck(portfolio.journeys[0], language=language or portfolio.language)
    deck.add(portfolio_builder(portfolio))
    if summaries:
        for journey in portfolio.journeys:
            deck.add("summary", journey=journey)
    buffer = io.BytesIO()
    deck.write(buffer)
    return buffer.getvalue()


# --- the heat map of a group --------------------------------------------------------------------


def _share_text(coverage: Coverage) -> Block:
    share = coverage.share
    if share is None:
        return (Para.of("–", align="ctr"),)
    return (
        Para.of(f"{round(100 * share)}%", bold=True, align="ctr"),
        Para.of(f"{coverage.backed}/{coverage.claims}", align="ctr", scale=0.8),
    )


def _cells(ctx: DeckContext, cell: StageCell) -> tuple[Cell, Cell]:
    muted = ctx.palette.muted
    if cell.emotion is None:
        emotion = Cell(
            block=(Para.of("–", colour=muted, align="ctr"),), fill=ctx.palette.neutral_fill, anchor="ctr"
        )
    else:
        share = cell.emotion_share if cell.emotion_share is not None else 0.5
        emotion = Cell(
            block=(Para.of(format_number(cell.emotion), bold=True, align="ctr"),),
            fill=heat(share),
            anchor="ctr",
        )
    cover = cell.coverage.share
    coverage = Cell(
        block=_share_text(cell.coverage),
        fill=heat(cover) if cover is not None else ctx.palette.neutral_fill,
        anchor="ctr",
    )
    return emotion, coverage


def _heat_slides(ctx: DeckContext, group: Group, *, numbered: bool) -> None:
    lang = ctx.language
    parts = [
        range(i, min(i + JOURNEYS_PER_SLIDE, len(group.members)))
        for i in range(0, len(group.members), JOURNEYS_PER_SLIDE)
    ]
    for part in parts:
        members = [group.members[i] for i in part]
        header = Row(
            cells=(
                header_cell(ctx, say("stage", lang)),
                *(c for m in members for c in (header_cell(ctx, m.title), header_cell(ctx, ""))),
            )
        )
        measures = Row(
            cells=(
                _subheader(ctx, ""),
                *(
                    c
                    for _m in members
                    for c in (
                        _subheader(ctx, say("emotion", lang)),
                        _subheader(ctx, say("coverage_short", lang)),
                    )
                ),
            )
        )
        rows = [measures]
        for stage_row in group.rows:
            label = " / ".join(dict.fromkeys(stage_row.names))
            cells = [label_cell(ctx, label)]
            for index in part:
                cells.extend(_cells(ctx, stage_row.cells[index]))
            rows.append(Row(cells=tuple(cells), min_height=26.0))
        rows.append(_total_row(ctx, members))
        weights = (1.8, *(1.0 for _ in range(_PER_JOURNEY * len(members))))
        table = Table(widths=column_widths(ctx.content.width_pt, weights), rows=tuple(rows), header=header)
        note, rest = ctx.note(say("legend", lang), size=10.0)
        title = say("heat_title", lang)
        if numbered:
            title = f"{title}: {say('group', lang, n=group.number)}"
        if len(parts) > 1:
            title = f"{title} · {part.start + 1}–{part.stop}/{len(group.members)}"
        slides = ctx.place(
            title, [note, TableFlow(table, rest)], largest=12.0, floor=8.0, notes=say("heat_notes", lang)
        )
        for slide in slides:
            _span_titles(slide, len(members))


def _subheader(ctx: DeckContext, text: str) -> Cell:
    return Cell(
        block=(Para.of(text, bold=True, align="ctr", scale=0.85),) if text else (),
        fill=ctx.palette.lane_fill,
        anchor="ctr",
    )


def _total_row(ctx: DeckContext, members: Sequence[Member]) -> Row:
    fill = ctx.palette.lane_fill
    cells: list[Cell] = [label_cell(ctx, say("overall", ctx.language))]
    for member in members:
        cover = member.coverage.share
        cells.append(Cell(fill=fill))
        cells.append(
            Cell(
                block=_share_text(member.coverage),
                fill=heat(cover) if cover is not None else fill,
                anchor="ctr",
            )
        )
    return Row(cells=tuple(cells), min_height=26.0)


def _span_titles(slide: Any, journeys: int) -> None:
    """Merge each journey's title across its columns in the header row of the slide's table."""
    for shape in slide.shapes:
        if not shape.has_table:
            continue
        table = shape.table
        for index in range(journeys):
            first = 1 + _PER_JOURNEY * index
            table.cell(0, first).merge(table.cell(0, first + _PER_JOURNEY - 1))


# --- shared causes ------------------------------------------------------------------------------


def _journeys_block(portfolio: Portfolio, cause: SharedCause) -> Block:
    """A line per journey the cause reaches: its title, how many of its pain points, their weight."""
    return tuple(
        Para.of(
            f"{portfolio.member(journey).title} · {len(cause.pains_in(journey))}"
            f" · {format_number(round(cause.weight_in(journey), 1))}"
        )
        for journey in cause.journeys
    )


def _pains_block(ctx: DeckContext, portfolio: Portfolio, cause: SharedCause) -> Block:
    """The heaviest pain points the cause lies behind, each once however many journeys share it."""
    names = {m.id: dict(zip(m.stages, m.stage_names, strict=True)) for m in portfolio.members}
    weights: dict[str, float] = {}
    for pain in cause.pains:
        line = f"{names[pain.journey].get(pain.stage, pain.stage)}: {pain.text}"
        weights[line] = weights.get(line, 0.0) + pain.weight
    ranked = sorted(weights, key=lambda line: -weights[line])  # stable: ties keep their order
    block = [Para.of(line, bullet="•") for line in ranked[:PAINS_SHOWN]]
    if len(ranked) > PAINS_SHOWN:
        more = say("more_pains", ctx.language, n=len(ranked) - PAINS_SHOWN)
        block.append(Para.of(more, colour=ctx.palette.muted, scale=0.85))
    return tuple(block)


def _shared_slides(ctx: DeckContext, portfolio: Portfolio) -> None:
    lang = ctx.language
    causes = portfolio.shared_causes
    shown = causes[:CAUSES_SHOWN]
    keys = ("rank", "cause", "in_journeys", "weight", "top_pains")
    header = Row(cells=tuple(header_cell(ctx, say(k, lang)) for k in keys))
    rows = []
    for rank, cause in enumerate(shown, start=1):
        name: Block = (
            Para.of(cause.name, bold=True),
            Para.of(kind_name(cause.kind, lang), colour=ctx.palette.muted, scale=0.85),
        )
        rows.append(
            Row(
                cells=(
                    text_cell(str(rank), bold=True, align="ctr"),
                    Cell(block=name, fill=ctx.palette.lane_fill, repeat=True),
                    Cell(block=_journeys_block(portfolio, cause)),
                    text_cell(format_number(round(cause.weight, 1)), bold=True, align="r"),
                    Cell(block=_pains_block(ctx, portfolio, cause)),
                )
            )
        )
    if not rows:
        blank = text_cell("")
        rows.append(Row(cells=(blank, text_cell(say("no_shared", lang)), blank, blank, blank)))
    table = Table(
        widths=column_widths(ctx.content.width_pt, (0.5, 2.0, 2.8, 0.8, 4.4)), rows=tuple(rows), header=header
    )
    guide = f"{say('rank_def', lang)}. {say('weight_def', lang)}."
    if len(causes) > len(shown):
        guide = f"{guide} {say('top', lang, n=len(shown), total=len(causes))}"
    note, rest = ctx.note(guide, size=10.0)
    ctx.place(
        say("shared", lang),
        [note, TableFlow(table, rest)],
        largest=12.0,
        floor=8.0,
        notes=say("shared_notes", lang),
    )


def _singles_slide(ctx: DeckContext, portfolio: Portfolio) -> None:
    lang = ctx.language
    header = Row(cells=(header_cell(ctx, say("journey", lang)), header_cell(ctx, say("why", lang))))
    rows = tuple(
        Row(cells=(label_cell(ctx, single.member.title), text_cell(single.reason(lang))))
        for single in portfolio.singles
    )
    table = Table(widths=column_widths(ctx.content.width_pt, (1.0, 2.6)), rows=rows, header=header)
    ctx.place(say("not_compared", lang), [TableFlow(table, ctx.content)], largest=13.0, floor=9.0)
