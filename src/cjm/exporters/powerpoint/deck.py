"""The deck API: compose a deck from slide builders, in sections, on a design.

A :class:`SlideBuilder` is a named kind of slide (``overview``, ``lead`` …)
with a function that adds its slides through a :class:`DeckContext`.  The
built-in builders register themselves in :data:`CATALOG`; your own join with
:func:`register_slide` (or are passed to :meth:`Deck.add` directly), and the
standard deck picks up every registered builder marked ``standard``, in
``order``, so a new kind of slide needs no change here::

    deck = Deck(journey, language="ko")
    deck.section("CFT review", "title", "overview", "stages")
    deck.section("Workshop", "lead", "3c", my_builder)
    deck.save("review.pptx")

Slides are grouped in PowerPoint sections (the slide sorter's headings).
"""

from __future__ import annotations

import importlib
import os
import uuid
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

import attrs
from lxml import etree  # type: ignore[import-untyped]
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR

from cjm.errors import ExportOptionError
from cjm.exporters.powerpoint.design import (
    EMU_PER_INCH,
    EMU_PER_PT,
    FOOTER_GAP,
    FOOTER_HEIGHT,
    SECTIONS_URI,
    Design,
    Palette,
    Rect,
    builtin_design,
    template_design,
)
from cjm.exporters.powerpoint.drawing import (
    add_line,
    add_notes,
    add_slide_number,
    add_table,
    add_text_box,
    write_text,
    xml_safe,
)
from cjm.exporters.powerpoint.fitting import (
    Block,
    Cell,
    Para,
    Table,
    TablePage,
    block_height,
    fit_size,
    longest,
    paginate_blocks,
    sizes,
)
from cjm.exporters.powerpoint.partnames import indexed_partnames
from cjm.exporters.powerpoint.wording import WORDS, say
from cjm.grid import Grid, grid
from cjm.i18n import Wording, language_of, pick, term
from cjm.io.files import atomic_writer
from cjm.model import Journey
from cjm.validate import ensure_valid

__all__ = [
    "BUILDER_MODULES",
    "CATALOG",
    "Deck",
    "DeckContext",
    "SlideBuilder",
    "SlideCatalog",
    "TableFlow",
    "TextFlow",
    "header_cell",
    "label_cell",
    "register_slide",
    "slide_builder",
]

#: Modules whose import registers built-in slide builders (a new module of builders adds its name).
BUILDER_MODULES = (
    "cjm.exporters.powerpoint.builders",
    "cjm.exporters.powerpoint.analysis",
    "cjm.exporters.powerpoint.overview",
)

#: The namespace of PowerPoint 2010's section list (its extension: :data:`SECTIONS_URI`).
_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_SECTION_NAMESPACE = uuid.UUID("4b0c3f0e-6a57-4f0a-9a4e-0c1d2b3a4f5e")


def _always(journey: Journey) -> bool:  # noqa: ARG001 - the signature of ``applies``
    return True


@attrs.frozen(kw_only=True)
class SlideBuilder:
    """A kind of slide: its name, its title in Korean and English, and what builds it.

    ``build`` receives a :class:`DeckContext` and adds zero or more slides.
    ``applies`` says whether the builder has anything to show for a journey
    (a deck skips it, and its agenda line, when not).  ``section`` is the
    standard section it belongs to (``intro``, ``journey``, ``analysis``,
    ``workshop``) or a section title of your own; ``order`` places it in the
    standard deck when ``standard`` is true.
    """

    name: str
    title: Wording
    build: Callable[[DeckContext], None]
    section: str | None = None
    applies: Callable[[Journey], bool] = _always
    standard: bool = False
    order: float = 1000.0


class SlideCatalog:
    """Slide builders by name: the built-in ones and any registered in code."""

    def __init__(self, modules: Sequence[str] = BUILDER_MODULES) -> None:
        self._builders: dict[str, SlideBuilder] = {}
        self._modules = tuple(modules)
        self._loaded = False

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            for module in self._modules:
                importlib.import_module(module)

    def register(self, builder: SlideBuilder, *, override: bool = False) -> SlideBuilder:
        """Add ``builder``; a name already taken raises ``ValueError`` unless ``override``."""
        if builder.name in self._builders and not override:
            raise ValueError(
                f"a slide builder named {builder.name!r} exists; pass override=True to replace it"
            )
        self._builders[builder.name] = builder
        return builder

    def get(self, name: str) -> SlideBuilder:
        """The builder named ``name``; :class:`~cjm.errors.ExportOptionError` if there is none."""
        self._load()
        try:
            return self._builders[name]
        except KeyError:
            raise ExportOptionError(
                f"no slide named {name!r}; the slides: {', '.join(self.names())}"
            ) from None

    def names(self) -> list[str]:
        """Names of the builders, standard deck order first."""
        self._load()
        return [b.name for b in sorted(self._builders.values(), key=lambda b: (b.order, b.name))]

    def copy(self) -> SlideCatalog:
        """A catalog with the same builders, to add to without changing this one."""
        self._load()
        other = SlideCatalog(modules=())
        other._builders = dict(self._builders)
        return other

    def standard(self) -> list[SlideBuilder]:
        """The builders of the standard deck, in order."""
        self._load()
        return sorted((b for b in self._builders.values() if b.standard), key=lambda b: (b.order, b.name))


#: The process-wide catalog :class:`Deck` looks names up in.
CATALOG = SlideCatalog()


def register_slide(builder: SlideBuilder, *, override: bool = False) -> SlideBuilder:
    """Make ``builder`` available by name to every deck (and ``--slides``)."""
    return CATALOG.register(builder, override=override)


def slide_builder(
    name: str,
    title: Wording,
    *,
    section: str | None = None,
    order: float = 1000.0,
    standard: bool = False,
    applies: Callable[[Journey], bool] = _always,
) -> Callable[[Callable[[DeckContext], None]], Callable[[DeckContext], None]]:
    """Decorator: register the function as the builder of slide ``name``."""

    def decorate(build: Callable[[DeckContext], None]) -> Callable[[DeckContext], None]:
        register_slide(
            SlideBuilder(
                name=name,
                title=title,
                build=build,
                section=section,
                order=order,
                standard=standard,
                applies=applies,
            )
        )
        return build

    return decorate


# --- flows: content laid out over as many slides as it needs ------------------------------


def _region_for(flow: TableFlow | TextFlow, page: int) -> Rect:
    """Where ``flow`` goes on slide ``page``: ``first`` on the first slide (if given), else ``region``."""
    return flow.first if page == 0 and flow.first is not None else flow.region


@attrs.frozen
class TableFlow:
    """A table placed in ``region`` (``first`` on the first slide, if given), page after page."""

    table: Table
    region: Rect
    first: Rect | None = None
    header: bool = True

    region_for = _region_for

    def fits(self, size: float) -> bool:
        height = self.region_for(0).height_pt
        return self.table.clipped(size, height).height(size) <= height

    def pages(self, size: float) -> list[TablePage]:
        return self.table.pages(size, lambda i: self.region_for(i).height_pt)

    def draw(self, slide: Any, page: TablePage, index: int, size: float, design: Design) -> None:
        add_table(slide, self.region_for(index), self.table.widths, page, size, design, header=self.header)


#: Inner margin of flowing text boxes, points.
TEXT_MARGIN = 4.0


@attrs.frozen
class TextFlow:
    """Text placed in ``region`` (``first`` on the first slide), cut and continued as needed."""

    block: Block
    region: Rect
    first: Rect | None = None
    fill: str | None = None
    colour: str | None = None
    size: float | None = None  # a fixed size, outside the slide's common sizing

    region_for = _region_for

    def _inner(self, rect: Rect) -> tuple[float, float]:
        return rect.width_pt - 2 * TEXT_MARGIN, rect.height_pt - TEXT_MARGIN

    def fits(self, size: float) -> bool:
        width, height = self._inner(self.region_for(0))
        return block_height(self.block, width, self.size or size) <= height

    def pages(self, size: float) -> list[Block]:
        width, _ = self._inner(self.region)
        heights = lambda i: self._inner(self.region_for(i))[1]  # noqa: E731
        return paginate_blocks([self.block], width, heights, self.size or size)

    def draw(self, slide: Any, page: Block, index: int, size: float, design: Design) -> None:
        rect = self.region_for(index)
        add_text_box(
            slide,
            rect,
            page,
            self.size or size,
            design,
            fill=self.fill,
            colour=self.colour,
            margin=TEXT_MARGIN,
        )


Flow = TableFlow | TextFlow


class DeckContext:
    """What a slide builder works with: the journey, the wording, the design, new slides.

    ``content`` is the area below the title of a content slide.  :meth:`place`
    lays tables and text out on as many slides as they need, shrinking the
    text to a floor first.
    """

    def __init__(self, deck: _Build, journey: Journey) -> None:
        self._deck = deck
        self.journey = journey
        self.language = deck.language
        self.design = deck.design

    # --- wording ---------------------------------------------------------------------

    def say(self, key: str, **values: object) -> str:
        """The deck's own wording (see :mod:`cjm.exporters.powerpoint.wording`)."""
        return say(key, self.language, **values)

    def term(self, key: str) -> str:
        """cjm's shared wording (:func:`cjm.i18n.term`)."""
        return term(key, self.language)

    def pick(self, wording: Wording) -> str:
        """The Korean or English half of ``wording``."""
        return pick(wording, self.language)

    # --- the journey -------------------------------------------------------------------

    @cached_property
    def grid(self) -> Grid:
        """The map as a grid of entries, as every exporter draws it."""
        return grid(self.journey)

    @property
    def content(self) -> Rect:
        return self.design.content

    @property
    def agenda(self) -> list[tuple[str, list[str]]]:
        """The deck's sections and the titles of their slides, for an agenda slide."""
        return self._deck.agenda

    @property
    def palette(self) -> Palette:
        return self.design.palette

    # --- slides ------------------------------------------------------------------------

    def new_slide(self, title: str, *, role: str = "content", notes: str | None = None) -> Any:
        """A new slide on the ``role`` layout with ``title`` set (fitted to the title band)."""
        design = self.design
        prs = design.presentation
        slide = prs.slides.add_slide(design.layouts[role])
        keep = {"title"} if role == "content" else {"title", "subtitle"}
        for holder in list(slide.placeholders):
            kind = _placeholder_kind(holder)
            if kind not in keep:
                holder.element.getparent().remove(holder.element)
        if role == "content":
            self.set_title(slide.shapes.title, title, design.title_box)
            if design.builtin:
                self._decorate_builtin(slide)
        if notes:
            add_notes(slide, notes, design)
        self._deck.slides.append(slide)
        return slide

    def title_fits(self, text: str) -> bool:
        """True if ``text`` fits the title band whole (at the smallest title size if need be)."""
        width, height = _title_room(self.design.title_box)
        block = (Para.of(text, bold=self.design.builtin),)
        return block_height(block, width, self.design.title_floor) <= height

    def set_title(self, shape: Any, text: str, box: Rect, *, largest: float | None = None) -> None:
        """Write ``text`` into a title placeholder, shrunk to fit ``box`` (cut with … if it must)."""
        design = self.design
        top = largest or design.title_size
        width, height = _title_room(box)
        block = (Para.of(text, bold=design.builtin),)
        size = fit_size(block, width, height, top, design.title_floor)
        if size is None:
            size = design.title_floor
            block = (Para.of(_shorten(text, width, height, size), bold=design.builtin),)
        frame = shape.text_frame
        frame.word_wrap = True
        if design.builtin:
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        body = shape.element.find(f"{{{_P}}}txBody")
        # at the template's own title size the text fits: leave the size to the template
        inherit = not design.builtin and size == top and largest is None
        write_text(
            body,
            block,
            None if inherit else size,
            design.fonts,
            colour=design.palette.title,
            align="l" if design.builtin else None,
        )

    def _decorate_builtin(self, slide: Any) -> None:
        design = self.design
        palette = design.palette
        box = design.title_box
        add_line(slide, box.left, box.bottom + 2, box.right, box.bottom + 2, palette.accent, 1.5)
        band = self._footer_rect()
        footer = Rect(band.left, band.top, int(band.width * 0.44), band.height)
        version = f"V{self.journey.version}"
        text = self._deck.footer
        if text and version not in text:
            text = f"{text} · {version}"
        if text:
            width = footer.width_pt - 2 * TEXT_MARGIN
            if block_height((Para.of(text),), width, 9) > 9 * 1.5:
                text = _shorten(text, width, 9 * 1.5, 9)
            add_text_box(slide, footer, (Para.of(text),), 9, design, colour=palette.muted, name="Footer")
        number = Rect(band.right - int(0.4 * EMU_PER_INCH), band.top, int(0.4 * EMU_PER_INCH), band.height)
        add_slide_number(slide, number, len(design.presentation.slides), 9, design)

    def legend_area(self, region: Rect) -> tuple[Rect, Rect]:
        """Where a one-line legend goes, and what is left of ``region``.

        On the built-in design the legend shares the footer line (the content
        keeps its full height); on a template it takes a band above ``region``.
        """
        if self.design.builtin:
            footer = self._footer_rect()
            left = footer.left + int(footer.width * 0.45)
            return Rect(
                left, footer.top, footer.right - left - int(0.4 * EMU_PER_INCH), footer.height
            ), region
        return region.cut_top(int(0.3 * EMU_PER_INCH), int(0.06 * EMU_PER_INCH))

    def _footer_rect(self) -> Rect:
        box = self.design.title_box
        top = self.design.slide_height - FOOTER_HEIGHT - FOOTER_GAP
        return Rect(box.left, top, box.width, FOOTER_HEIGHT)

    def note(self, text: str, region: Rect | None = None, *, size: float = 11.0) -> tuple[TextFlow, Rect]:
        """A muted note over ``region`` (default: the content area), and the room left below it.

        The band is as tall as the note at ``size`` (at most 40 % of the
        region; a longer note continues on the continuation slides).
        """
        region = region or self.content
        block = (Para.of(text, colour=self.palette.muted),)
        height = block_height(block, region.width_pt - 2 * TEXT_MARGIN, size) + 1.5 * TEXT_MARGIN
        height = min(height, region.height_pt * 0.4)
        band, rest = region.cut_top(int(height * EMU_PER_PT), int(0.08 * EMU_PER_INCH))
        return TextFlow(block, band, size=size), rest

    def notes(self, slide: Any, text: str) -> None:
        """Speaker notes on ``slide``."""
        add_notes(slide, text, self.design)

    def place(
        self,
        title: str,
        flows: Sequence[Flow],
        *,
        largest: float = 14.0,
        floor: float = 10.0,
        notes: str | None = None,
        decorate: Callable[[Any, int], None] | None = None,
    ) -> list[Any]:
        """Slides titled ``title`` holding ``flows``; as many as they need.

        The text size is the largest, from ``largest`` down to ``floor``, at
        which every flow fits on one slide; below the floor the flows continue
        on continuation slides, titled "title (2/3)".  ``decorate(slide, page)``
        adds anything else (a chart, a legend) to each slide.  A table that
        names no ``continued`` mark marks its continued rows with the deck's word.
        """
        flows = [
            attrs.evolve(f, table=self._worded(f.table)) if isinstance(f, TableFlow) else f for f in flows
        ]
        size = next((s for s in sizes(largest, floor) if all(f.fits(s) for f in flows)), floor)
        pages: list[list[Any]] = [list(f.pages(size)) for f in flows]
        count = max((len(p) for p in pages), default=1)
        slides = []
        for index in range(count):
            name = title if count == 1 else f"{title} ({index + 1}/{count})"
            slide = self.new_slide(name, notes=notes if index == 0 else None)
            if decorate is not None:
                decorate(slide, index)
            for flow, flow_pages in zip(flows, pages, strict=True):
                if index < len(flow_pages):
                    flow.draw(slide, flow_pages[index], index, size, self.design)
            slides.append(slide)
        return slides

    def _worded(self, table: Table) -> Table:
        """``table`` marking a continued row label with the deck's word, unless it names its own."""
        if table.continued is not None:
            return table
        return attrs.evolve(table, continued=f" ({self.say('continued')})")

    def chart_and_table(
        self,
        title: str,
        draw: Callable[[Any, Rect], None],
        table_for: Callable[[float], Table],
        *,
        weights: tuple[float, float] = (0.55, 0.45),
        largest: float = 12.0,
        floor: float = 9.0,
        notes: str | None = None,
        above: Block = (),
    ) -> list[Any]:
        """A chart (``draw(slide, rect)``) beside a table; rows that do not fit continue full width.

        ``table_for(width)`` builds the table for a column ``width`` points
        wide.  ``above`` is a line of text (a reading guide) over the chart.
        """
        gap = int(0.25 * EMU_PER_INCH)
        chart_rect, table_rect = self.content.columns(weights, gap)
        narrow = self._worded(table_for(table_rect.width_pt))
        size = narrow.fit(table_rect.height_pt, largest, floor)
        slide = self.new_slide(title, notes=notes)
        if above:
            guide_size = max(floor, largest - 1)
            guide_height = (
                block_height(above, chart_rect.width_pt - 2 * TEXT_MARGIN, guide_size) + 2 * TEXT_MARGIN
            )
            band, chart_rect = chart_rect.cut_top(int(guide_height * EMU_PER_PT), int(0.1 * EMU_PER_INCH))
            add_text_box(
                slide, band, above, guide_size, self.design, colour=self.palette.muted, margin=TEXT_MARGIN
            )
        draw(slide, chart_rect)
        if size is not None:
            page = narrow.pages(size, lambda _: table_rect.height_pt)[0]
            add_table(slide, table_rect, narrow.widths, page, size, self.design)
            return [slide]
        size = floor
        room = table_rect.height_pt - (narrow.row_height(narrow.header, size) if narrow.header else 0.0)
        count = 0
        for row in narrow.rows:
            room -= narrow.row_height(row, size)
            if room < 0:
                break
            count += 1
        if count:
            first = attrs.evolve(narrow, rows=narrow.rows[:count])
            page = first.pages(size, lambda _: table_rect.height_pt)[0]
            add_table(slide, table_rect, first.widths, page, size, self.design)
        wide = self._worded(table_for(self.content.width_pt))
        rest = attrs.evolve(wide, rows=wide.rows[count:])
        more = self.place(
            f"{title} ({self.say('continued')})",
            [TableFlow(rest, self.content)],
            largest=largest,
            floor=floor,
        )
        return [slide, *more]


def _title_room(box: Rect) -> tuple[float, float]:
    """Width and height (points) a title placeholder ``box`` leaves its text: its insets off."""
    return box.width_pt - 14.4, box.height_pt - 7.2


# --- table cells every builder uses --------------------------------------------------------


def header_cell(ctx: DeckContext, text: str, *, fill: str | None = None) -> Cell:
    """A table header cell in the design's header colours (``fill`` instead of its fill)."""
    palette = ctx.palette
    return Cell(
        block=(Para.of(text, bold=True, colour=palette.header_text),),
        fill=fill or palette.header_fill,
        anchor="ctr",
    )


def label_cell(ctx: DeckContext, text: str, *, detail: str = "") -> Cell:
    """A row label: ``text`` in bold on the lane colour (``detail`` muted below), repeated when cut."""
    block: Block = (Para.of(text, bold=True),)
    if detail:
        block += (Para.of(detail, colour=ctx.palette.muted, scale=0.85),)
    return Cell(block=block, fill=ctx.palette.lane_fill, repeat=True)


def _placeholder_kind(holder: Any) -> str:
    kind = holder.placeholder_format.type
    if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
        return "title"
    if kind == PP_PLACEHOLDER.SUBTITLE:
        return "subtitle"
    return "other"


def _shorten(text: str, width: float, height: float, size: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` × ``height`` at ``size``."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        candidate = text[:middle].rstrip() + "…"
        if block_height((Para.of(candidate),), width, size) <= height:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


# --- the deck --------------------------------------------------------------------------


@attrs.frozen
class _Entry:
    builder: SlideBuilder
    journey: Journey
    section: str | None


@attrs.define
class _Build:
    """State of one build: the design, the deck language, the slides made so far."""

    design: Design
    language: str
    footer: str
    agenda: list[tuple[str, list[str]]]
    slides: list[Any] = attrs.field(factory=list)


class Deck:
    """A deck composed of slide builders, grouped in sections, built on a design.

    ``template`` is a corporate .pptx/.potx whose layouts the slides use (see
    :mod:`cjm.exporters.powerpoint.design`; ``layouts`` names them by role);
    without one, the built-in 16:9 design.  ``language`` chooses cjm's own
    wording (default: the journey's); the journey's text is never translated.
    """

    def __init__(
        self,
        journey: Journey | None = None,
        *,
        language: str | None = None,
        template: str | os.PathLike[str] | None = None,
        layouts: dict[str, str] | None = None,
        catalog: SlideCatalog = CATALOG,
    ) -> None:
        self.journey = journey
        self.language = language
        self.template = template
        self.layouts = dict(layouts or {})
        self.catalog = catalog
        self.fallbacks: tuple[str, ...] = ()
        self.slide_count = 0
        self._entries: list[_Entry] = []
        self._section: str | None = None

    # --- composing -------------------------------------------------------------------

    def _resolve(self, slide: str | SlideBuilder) -> SlideBuilder:
        return self.catalog.get(slide) if isinstance(slide, str) else slide

    def add(self, *slides: str | SlideBuilder, journey: Journey | None = None) -> Deck:
        """Append slides, by builder name or as builders, to the current section."""
        target = journey or self.journey
        if target is None:
            raise TypeError("Deck.add() needs a journey: pass one to Deck() or to add()")
        for slide in slides:
            self._entries.append(_Entry(self._resolve(slide), target, self._section))
        return self

    def section(self, title: str, *slides: str | SlideBuilder, journey: Journey | None = None) -> Deck:
        """Start a section titled ``title`` and add ``slides`` to it."""
        self._section = title
        return self.add(*slides, journey=journey)

    @classmethod
    def standard(
        cls,
        journey: Journey,
        *,
        slides: Iterable[str] | None = None,
        language: str | None = None,
        template: str | os.PathLike[str] | None = None,
        layouts: dict[str, str] | None = None,
        catalog: SlideCatalog = CATALOG,
    ) -> Deck:
        """The standard workshop deck, or only ``slides`` (names, in the order given)."""
        deck = cls(journey, language=language, template=template, layouts=layouts, catalog=catalog)
        chosen = [catalog.get(name) for name in slides] if slides is not None else catalog.standard()
        return deck.add(*chosen)

    @classmethod
    def portfolio(
        cls,
        journeys: Iterable[Journey],
        *,
        language: str | None = None,
        template: str | os.PathLike[str] | None = None,
        layouts: dict[str, str] | None = None,
        slides: Sequence[str] = ("summary",),
        catalog: SlideCatalog = CATALOG,
    ) -> Deck:
        """A deck over many journeys: ``slides`` (a one-slide summary by default) for each."""
        journeys = list(journeys)
        deck = cls(journeys[0] if journeys else None, language=language, template=template, layouts=layouts)
        deck.catalog = catalog
        for journey in journeys:
            deck.add(*slides, journey=journey)
        return deck

    @property
    def names(self) -> list[str]:
        """Names of the builders in the deck, in order."""
        return [entry.builder.name for entry in self._entries]

    # --- building --------------------------------------------------------------------

    @property
    def wording(self) -> str:
        """The language of cjm's own wording in this deck: 'ko' or 'en'."""
        return self._language()

    def _language(self) -> str:
        if self.language:
            return language_of(self.language)
        first = self.journey or (self._entries[0].journey if self._entries else None)
        return language_of(first.language) if first is not None else "en"

    def build(self) -> Any:
        """The deck as a python-pptx ``Presentation`` (every journey is validated first)."""
        for journey in {id(e.journey): e.journey for e in self._entries}.values():
            ensure_valid(journey)
        design = template_design(self.template, self.layouts) if self.template else builtin_design()
        self.fallbacks = design.fallbacks
        language = self._language()
        prs = design.presentation
        main = self.journey or (self._entries[0].journey if self._entries else None)
        if main is not None:
            prs.core_properties.title = xml_safe(main.title)[:255]
            prs.core_properties.language = "ko-KR" if language == "ko" else "en-US"
        footer = main.title if main is not None and len({id(e.journey) for e in self._entries}) <= 1 else ""
        state = _Build(design=design, language=language, footer=footer, agenda=self.agenda(language))
        sections: list[tuple[str, list[int]]] = []
        contexts: dict[int, DeckContext] = {}
        with indexed_partnames(prs.part.package):
            for entry in self._entries:
                if not entry.builder.applies(entry.journey):
                    continue
                context = contexts.get(id(entry.journey))
                if context is None:
                    context = contexts[id(entry.journey)] = DeckContext(state, entry.journey)
                before = len(prs.slides)
                entry.builder.build(context)
                made = list(range(before, len(prs.slides)))  # positions; ids are read once at the end
                title = self._section_title(entry, language, sections)
                if sections and sections[-1][0] == title:
                    sections[-1][1].extend(made)
                elif made:
                    sections.append((title, made))
        ids = [int(sld_id.get("id")) for sld_id in prs.element.iter(f"{{{_P}}}sldId")]
        _write_sections(prs, [(title, [ids[i] for i in places]) for title, places in sections if places])
        self.slide_count = len(ids)
        return prs

    def _section_title(self, entry: _Entry, language: str, sections: list[tuple[str, list[int]]]) -> str:
        if entry.section is not None:
            return entry.section
        key = entry.builder.section
        if key is None:
            return sections[-1][0] if sections else say("section.more", language)
        return say(f"section.{key}", language) if f"section.{key}" in WORDS else key

    def agenda(self, language: str | None = None) -> list[tuple[str, list[str]]]:
        """Sections and the titles of their slide builders, as the agenda lists them."""
        lang = language_of(language) if language else self._language()
        out: list[tuple[str, list[str]]] = []
        for entry in self._entries:
            if not entry.builder.applies(entry.journey):
                continue
            title = self._section_title(entry, lang, [(t, []) for t, _ in out])
            name = pick(entry.builder.title, lang)
            if out and out[-1][0] == title:
                if name not in out[-1][1]:
                    out[-1][1].append(name)
            else:
                out.append((title, [name]))
        return out

    def write(self, dest: BinaryIO) -> None:
        """Build the deck and write it to the binary stream ``dest``."""
        self.build().save(dest)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Build the deck and write it to ``path`` atomically (nothing half-written on error)."""
        with atomic_writer(path) as stream:
            self.write(stream)
        return Path(path)


def _write_sections(prs: Any, sections: list[tuple[str, list[int]]]) -> None:
    """Write the PowerPoint section list (``p14:sectionLst``) into presentation.xml."""
    root = prs.element
    ext_list = root.find(f"{{{_P}}}extLst")
    if ext_list is None:
        ext_list = etree.SubElement(root, f"{{{_P}}}extLst")
    for old in ext_list.findall(f"{{{_P}}}ext[@uri='{SECTIONS_URI}']"):
        ext_list.remove(old)
    if not sections:
        if not len(ext_list):
            root.remove(ext_list)
        return
    ext = etree.SubElement(ext_list, f"{{{_P}}}ext", uri=SECTIONS_URI)
    section_list = etree.SubElement(ext, f"{{{_P14}}}sectionLst", nsmap={"p14": _P14})
    for number, (title, ids) in enumerate(sections):
        section_id = uuid.uuid5(_SECTION_NAMESPACE, f"{number}:{title}")
        section = etree.SubElement(
            section_list, f"{{{_P14}}}section", name=xml_safe(title), id="{" + str(section_id).upper() + "}"
        )
        id_list = etree.SubElement(section, f"{{{_P14}}}sldIdLst")
        for slide_id in ids:
            etree.SubElement(id_list, f"{{{_P14}}}sldId", id=str(slide_id))


def column_widths(total: float, weights: Sequence[float]) -> tuple[float, ...]:
    """Column widths in points summing to ``total``, in proportion to ``weights``."""
    whole = sum(weights)
    return tuple(total * w / whole for w in weights)


def label_width(texts: Iterable[str], size: float, *, floor: float, ceiling: float) -> float:
    """A column width (points) that holds the longest of ``texts`` on one line, within bounds."""
    widest = longest(texts, size, bold=True) + 10
    return max(floor, min(ceiling, widest))
