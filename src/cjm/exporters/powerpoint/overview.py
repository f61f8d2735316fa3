"""The deck's opening map: the visual journey map as native, editable PowerPoint shapes.

The slide shows the drawing ``cjm map`` makes (:mod:`cjm.exporters.visual`),
laid out once more for the slide's content area and written shape by shape
by :mod:`cjm.exporters.powerpoint.scene`: boxes with their text, connectors,
and a native line chart for the emotion curve.  The slide's title names it;
its legend shares the footer line; the speaker notes say how to read it (the
labels, ★ MoT, ◆ evidence, ! finding, ? hypothesis at a MoT) and list the
check's findings about the whole journey, which the paper map prints under it.

Fitting.  The scene is laid out narrower than the slide and scaled up (the
map's type is made for A3 paper), so the scale is the size of the text: at
most :data:`SCALE_MAX`, never below :data:`SCALE_FLOOR` (body text 12 px,
9 pt).  When the map does not fit the content area at the floor, fewer cards
are shown per cell, in the order of :data:`CARD_LIMITS`, the rest counted as
"+N more" (every card is on the stage slides); when even one card a cell does
not fit, the lanes are spread over several slides, each with the stage
headers and the emotion curve.  A journey with more stages than a slide holds
(:data:`~cjm.exporters.visual.layout.PAGE_STAGES`) gets one slide per page of
stages rather than a first page alone: the opening map should show the whole
journey, as the map table's slides do.

Measuring.  Lines are broken in the map's font (:func:`~cjm.exporters.visual.fonts.font_set`)
and the slide's text is set in that font, widened where LibreOffice adds
space between Hangul and Latin text (:func:`deck_fonts`), so a line that fit
when measured fits when drawn.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import attrs
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu

from cjm.exporters.powerpoint.deck import DeckContext, slide_builder
from cjm.exporters.powerpoint.design import Design, Fonts, Rect
from cjm.exporters.powerpoint.drawing import add_text_box
from cjm.exporters.powerpoint.fitting import SCRIPT_GAP_EM, Para, has_wide
from cjm.exporters.powerpoint.scene import EMU_PER_PX, PT_PER_PX, draw_scene, paint_box
from cjm.exporters.powerpoint.wording import WORDS
from cjm.exporters.visual.content import MapContent, map_content
from cjm.exporters.visual.fonts import SAFETY, Face, FontSet, font_set
from cjm.exporters.visual.layout import Metrics, map_scenes
from cjm.exporters.visual.scene import Scene
from cjm.exporters.visual.words import BADGE, BORDER, FILL
from cjm.exporters.visual.wrap import Typesetter
from cjm.grid import format_number
from cjm.i18n import vocabulary
from cjm.model import Journey, Label

__all__ = [
    "CARD_LIMITS",
    "SCALE_FLOOR",
    "SCALE_MAX",
    "SLIDE_METRICS",
    "MapFit",
    "deck_fonts",
    "fit_map",
    "map_design",
    "map_slides",
]

#: (cards a cell shows, lines a card shows), tried in this order until the map fits.
CARD_LIMITS: tuple[tuple[int, int], ...] = ((3, 2), (3, 1), (2, 1), (1, 1))
#: The map's sizes on a slide, in layout px: tighter than on paper, no title block
#: or persona panel (the slide's title and the persona slides carry them).
SLIDE_METRICS = Metrics(
    margin=0.0,
    title_block=False,
    persona_panel=False,
    lane_width=124.0,
    gap=4.0,
    pad=4.0,
    text=11.5,
    line=1.2,
    curve_height=92.0,
)
#: Smallest body text on the slide, px: 9 pt, legible when projected.
TEXT_FLOOR = 12.0
#: Largest and smallest scale of the scene on the slide (the body text at most 16 px, 12 pt).
SCALE_MAX, SCALE_FLOOR = 16.0 / SLIDE_METRICS.text, TEXT_FLOOR / SLIDE_METRICS.text
#: Size of the legend's text, px (9 pt).
LEGEND_SIZE = 12.0


def _has_map(journey: Journey) -> bool:
    return bool(journey.stages and journey.lanes)


# --- measuring as the slide is drawn ----------------------------------------------------


def _kind(char: str) -> int:
    """1 for Hangul and other full-width characters, 0 for a space, 2 for anything else."""
    if char.isspace():
        return 0
    return 1 if has_wide(char) else 2


@attrs.frozen(kw_only=True, eq=False)
class _SpacedFace(Face):
    """A face measured as LibreOffice sets a slide's text: a gap wherever Hangul meets other text.

    LibreOffice puts :data:`~cjm.exporters.powerpoint.fitting.SCRIPT_GAP_EM`
    between a Hangul syllable and a Latin letter, digit or bracket next to it
    ("autospace"); the picture's own renderers do not, so the deck measures
    with these widths to break lines that still fit when the office suite draws them.
    """

    def width(self, text: str, size: float, limit: float = float("inf")) -> float:
        plain = super().width(text, size, limit)
        gaps = sum(1 for a, b in itertools.pairwise(map(_kind, text)) if a * b == 2)
        return plain + gaps * SCRIPT_GAP_EM * size * SAFETY


def map_design(design: Design, fonts: FontSet) -> Design:
    """The deck's design with the map's text set in the font it was measured in.

    The lines were broken to that font's widths (the map's, found by
    :func:`~cjm.exporters.visual.fonts.font_set`), so it draws them: another
    font, or a substitute for a font not installed, breaks them again.  With
    no font file found the widths are estimates, and the deck's fonts stay.
    """
    if fonts.regular.path is None:
        return design
    return attrs.evolve(design, fonts=Fonts(latin=fonts.family, east_asian=fonts.family))


def deck_fonts(fonts: FontSet) -> FontSet:
    """``fonts`` measured as the slide draws them (see :class:`_SpacedFace`)."""

    def spaced(face: Face) -> Face:
        return _SpacedFace(**{f.name: getattr(face, f.name) for f in attrs.fields(Face)})

    return FontSet(regular=spaced(fonts.regular), bold=spaced(fonts.bold))


# --- fitting ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class MapFit:
    """The map laid out for the slides: one scene per slide, and the scale they are drawn at."""

    scenes: tuple[Scene, ...]
    scale: float
    metrics: Metrics
    #: Slides the lanes are spread over (1: every lane on each slide).
    lane_parts: int = 1
    #: Pages of stages (more than one when the journey has more stages than a slide holds).
    stage_pages: int = 1

    @property
    def legible(self) -> bool:
        """True if the text is at least as big as :data:`SCALE_FLOOR` makes it."""
        return self.scale >= SCALE_FLOOR - 1e-9


def _metrics(width: float, cards: int, lines: int) -> Metrics:
    return attrs.evolve(SLIDE_METRICS, width=width, cell_cards=cards, card_lines=lines)


def _lane_parts(content: MapContent, parts: int) -> list[MapContent]:
    """``content`` with its lanes in ``parts`` runs of about equal length, each keeping the curve."""
    rows = content.rows
    if parts <= 1 or len(rows) <= 1:
        return [content]
    bounds = [round(i * len(rows) / parts) for i in range(parts + 1)]
    out = []
    for start, stop in itertools.pairwise(bounds):
        if stop > start:
            at = min(max(content.curve_at - start, 0), stop - start)
            out.append(attrs.evolve(content, rows=rows[start:stop], curve_at=at))
    return out


def _tallest(content: MapContent, fonts: FontSet, metrics: Metrics) -> float:
    return max(scene.height for scene in map_scenes(content, fonts, metrics))


def _scale_for(
    content: MapContent, fonts: FontSet, width: float, height: float, cards: int, lines: int
) -> float | None:
    """The largest scale (to :data:`SCALE_FLOOR`) at which the map fits ``width`` × ``height`` px."""
    scale = SCALE_MAX
    for _ in range(8):
        need = _tallest(content, fonts, _metrics(width / scale, cards, lines))
        if need * scale <= height:
            return scale
        if scale <= SCALE_FLOOR:
            return None
        # laid out wider at a smaller scale, the map is no taller: height / need fits
        scale = max(SCALE_FLOOR, min(scale * 0.99, height / need))
    return None


def fit_map(content: MapContent, fonts: FontSet, width: float, height: float) -> MapFit:
    """The map's scenes for slides whose content area is ``width`` × ``height`` px.

    The largest scale, the most cards per cell and one slide are preferred, in
    that order of giving way: the scale down to its floor, then the cards
    (:data:`CARD_LIMITS`), then the lanes spread over more slides.  If even
    one lane a slide does not fit at the floor, the map is shrunk below it.
    """
    lanes = max(1, len(content.rows))
    for parts in range(1, lanes + 1):
        chunks = _lane_parts(content, parts)
        for cards, lines in CARD_LIMITS:
            scales = [_scale_for(chunk, fonts, width, height, cards, lines) for chunk in chunks]
            if all(s is not None for s in scales):
                scale = min(s for s in scales if s is not None)
                return _laid_out(chunks, fonts, width, height, scale, cards, lines)
    cards, lines = CARD_LIMITS[-1]
    need = _tallest(content, fonts, _metrics(width / SCALE_FLOOR, cards, lines))
    return _laid_out([content], fonts, width, height, SCALE_FLOOR * min(1.0, height / need), cards, lines)


def _laid_out(
    chunks: Sequence[MapContent],
    fonts: FontSet,
    width: float,
    height: float,
    scale: float,
    cards: int,
    lines: int,
) -> MapFit:
    """Every chunk laid out at one ``scale`` (so the slides match), stage page by stage page."""
    metrics = _metrics(width / scale, cards, lines)
    pages = [map_scenes(chunk, fonts, metrics) for chunk in chunks]
    tallest = max(scene.height for scenes in pages for scene in scenes)
    if tallest * scale > height:  # wider was taller after all: shrink to what was measured
        scale = height / tallest
    scenes = tuple(scenes[page] for page in range(len(pages[0])) for scenes in pages)
    return MapFit(
        scenes=scenes, scale=scale, metrics=metrics, lane_parts=len(chunks), stage_pages=len(pages[0])
    )


# --- the slide ---------------------------------------------------------------------------


@slide_builder("map", WORDS["slide.map"], section="intro", order=5, standard=True, applies=_has_map)
def map_slides(ctx: DeckContext) -> None:
    """The journey map at a glance: the visual map's layout in native shapes, the curve a native chart.

    Findings about the whole journey (not about one card) go to the speaker
    notes, which also say how to read the map.
    """
    fonts = deck_fonts(font_set())
    full = map_content(ctx.journey, language=ctx.language)
    content = attrs.evolve(full, general=())
    legend_band, region = ctx.legend_area(ctx.content)
    fit = fit_map(content, fonts, region.width / EMU_PER_PX, region.height / EMU_PER_PX)
    base = ctx.say("slide.map")
    count = len(fit.scenes)
    notes = _notes(ctx, full, fit)
    design = map_design(ctx.design, fonts)
    for number, scene in enumerate(fit.scenes, 1):
        title = base if count == 1 else f"{base} ({number}/{count})"
        slide = ctx.new_slide(title, notes=notes)
        draw_scene(
            slide,
            region,
            scene.children,
            scale=fit.scale,
            design=design,
            fonts=fonts,
            label_size=fit.metrics.small,
        )
        _legend(slide, legend_band, ctx, design, fonts)


def _notes(ctx: DeckContext, content: MapContent, fit: MapFit) -> str:
    scale = ctx.journey.emotion_scale
    parts = [ctx.say("notes.map", low=format_number(scale.low), high=format_number(scale.high))]
    limit = fit.metrics.cell_cards
    if any(len(cards) > limit for row in content.rows for cards in row.cells.values()):
        parts.append(ctx.say("notes.map.more", cards=limit))
    if len(fit.scenes) > 1:
        why = []
        if fit.stage_pages > 1:
            why.append(ctx.say("notes.map.stages", per=fit.metrics.page_stages))
        if fit.lane_parts > 1:
            why.append(ctx.say("notes.map.lanes"))
        parts.append(ctx.say("notes.map.pages", count=len(fit.scenes), why=", ".join(why)))
    if not fit.legible:
        parts.append(ctx.say("notes.map.small"))
    if content.general:
        parts.append(ctx.say("notes.map.findings"))
        parts.extend(f"- {finding.message}" for finding in content.general)
    return "\n".join(parts)


def _legend(slide: Any, band: Rect, ctx: DeckContext, design: Design, fonts: FontSet) -> None:
    """The labels' swatches and the marks' meanings on one line, right-aligned in ``band``."""
    setter = Typesetter(fonts)
    lang = ctx.language
    marks = ctx.say("map.legend.marks")
    room = band.width / EMU_PER_PX
    size = LEGEND_SIZE
    names = [vocabulary(label, lang) for label in Label]

    def width(at: float) -> float:
        swatches = sum(at + 4 + setter.width(name, at) + at for name in names)
        return swatches + setter.width(marks, at) + 4

    while size > 9.0 and width(size) > room:
        size -= 0.5
    group = slide.shapes.add_group_shape()
    group.name = "Legend"
    x = band.left + max(0, band.width - int(width(size) * EMU_PER_PX))
    height = int(size * 1.25 * EMU_PER_PX)
    y = band.top + (band.height - height) // 2
    swatch = int(size * EMU_PER_PX)
    for label, name in zip(Label, names, strict=True):
        stroke, dash = BORDER[label]
        box = group.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE, Emu(x), Emu(y + (height - swatch) // 2), Emu(swatch), Emu(swatch)
        )
        paint_box(box, FILL[label], stroke, 1.0, dash)
        box.name = f"legend {label.value}"
        x += swatch + int(4 * EMU_PER_PX)
        text_width = int((setter.width(name, size) + size) * EMU_PER_PX)
        _legend_text(group, Rect(x, y, text_width, height), name, size, design, BADGE[label])
        x += text_width
    _legend_text(group, Rect(x, y, band.right - x, height), marks, size, design, ctx.palette.muted)


def _legend_text(group: Any, rect: Rect, text: str, size: float, design: Design, colour: str) -> None:
    box = add_text_box(
        group, rect, (Para.of(text),), size * PT_PER_PX, design, colour=colour, margin=0.0, anchor="ctr"
    )
    box.text_frame.word_wrap = False
