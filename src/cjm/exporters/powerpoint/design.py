"""Where slides come from and how they look: the built-in 16:9 design or a corporate template.

The built-in design starts from python-pptx's default template, which is 4:3
(10 × 7.5 in).  It widens the slide to 16:9 (13.333 × 7.5 in) and moves every
placeholder of the master and of each layout with it, then gives the title a
fixed one-line band at the top, so a title never runs behind the content.

A corporate template (.pptx or .potx) keeps its masters, layouts, theme and
fonts.  Slides are built on its layouts chosen by **name** and checked by
**placeholder type**, never by position in the layout list:

============  ==========================================  ==============================
role          looked for by name (first found wins)       needs
============  ==========================================  ==============================
``title``     Title Slide, 제목 슬라이드                   a title or centre-title
``content``   Title Only, 제목만                            a title placeholder
============  ==========================================  ==============================

Names can be given instead (``layouts={"content": "Body"}``); a name given
and not found is an error.  A template without a layout of the default name
falls back, documented and reported in :attr:`Design.fallbacks`: ``content``
to the layout with a title placeholder and the fewest other placeholders,
``title`` to a layout with a centre title, else to the ``content`` layout.  A
template with no layout holding a title placeholder cannot carry a deck and
raises :class:`~cjm.errors.LoadError` naming its layouts.  Slides already in
the template are removed; the deck's slides replace them.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from lxml import etree  # type: ignore[import-untyped]
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

from cjm.errors import LoadError
from cjm.model import Label
from cjm.validate import Finding

__all__ = [
    "EMU_PER_INCH",
    "EMU_PER_PT",
    "LAYOUT_NAMES",
    "Design",
    "Fonts",
    "Palette",
    "Rect",
    "builtin_design",
    "template_design",
]

EMU_PER_INCH = 914400
EMU_PER_PT = 12700

#: 16:9 slide of the built-in design: 13.333 × 7.5 in.
WIDE_WIDTH = Emu(12192000)
WIDE_HEIGHT = Emu(6858000)

#: Layout names looked for, per role, in English and Korean Office templates.
LAYOUT_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide", "제목 슬라이드"),
    "content": ("Title Only", "제목만"),
}

_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_FOOTER_TYPES = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)

#: The Korean font set as the East Asian font when a template names none (Windows and Office).
DEFAULT_EA_FONT = "Malgun Gothic"
#: The built-in design's Latin font (metric twin: Liberation Sans in LibreOffice).
BUILTIN_LATIN_FONT = "Arial"

_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_P = f"{{{_NS['p']}}}"
_A = f"{{{_NS['a']}}}"
#: PowerPoint 2010's extension of presentation.xml holding the section list.
SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


@attrs.frozen
class Rect:
    """A rectangle on a slide in EMU (914,400 per inch, 12,700 per point)."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def width_pt(self) -> float:
        return self.width / EMU_PER_PT

    @property
    def height_pt(self) -> float:
        return self.height / EMU_PER_PT

    def columns(self, weights: Sequence[float], gap: int = 0) -> list[Rect]:
        """Side-by-side parts in proportion to ``weights``, ``gap`` EMU apart."""
        room = self.width - gap * (len(weights) - 1)
        total = sum(weights)
        out: list[Rect] = []
        left = self.left
        for weight in weights:
            width = int(room * weight / total)
            out.append(Rect(left, self.top, width, self.height))
            left += width + gap
        return out

    def rows(self, weights: Sequence[float], gap: int = 0) -> list[Rect]:
        """Stacked parts in proportion to ``weights``, ``gap`` EMU apart."""
        room = self.height - gap * (len(weights) - 1)
        total = sum(weights)
        out: list[Rect] = []
        top = self.top
        for weight in weights:
            height = int(room * weight / total)
            out.append(Rect(self.left, top, self.width, height))
            top += height + gap
        return out

    def cut_top(self, height: int, gap: int = 0) -> tuple[Rect, Rect]:
        """A band ``height`` tall at the top, and what is left below it after ``gap``."""
        band = Rect(self.left, self.top, self.width, height)
        rest = Rect(self.left, self.top + height + gap, self.width, max(0, self.height - height - gap))
        return band, rest

    def cut_bottom(self, height: int, gap: int = 0) -> tuple[Rect, Rect]:
        """What is left above, and a band ``height`` tall at the bottom after ``gap``."""
        rest = Rect(self.left, self.top, self.width, max(0, self.height - height - gap))
        band = Rect(self.left, self.bottom - height, self.width, height)
        return rest, band


@attrs.frozen
class Fonts:
    """Typefaces written on every run: Latin (None: the theme's) and East Asian."""

    latin: str | None
    east_asian: str


@attrs.frozen
class Palette:
    """Colours: RGB hex strings, or ``scheme:<name>`` for a template's theme colour."""

    title: str | None
    text: str
    muted: str
    header_fill: str
    header_text: str
    lane_fill: str
    neutral_fill: str
    accent: str
    mot: str
    series: tuple[str, ...]
    label_mark: Mapping[Label, str]
    label_fill: Mapping[Label, str]
    note_fill: str
    high: str
    medium: str
    low: str


_LABEL_MARK = {Label.HYPOTHESIS: "D9A400", Label.FACT: "2E8B57", Label.IDEA: "2F6DB5"}
_LABEL_FILL = {Label.HYPOTHESIS: "FFF4C7", Label.FACT: "DDF1E3", Label.IDEA: "DCEAF9"}
_SERIES = ("2F6DB5", "E07B39", "2E8B57", "8E5BB5", "C0392B", "5D6D7E")

BUILTIN_PALETTE = Palette(
    title="1F3A5F",
    text="222222",
    muted="6B7280",
    header_fill="1F3A5F",
    header_text="FFFFFF",
    lane_fill="E6EBF2",
    neutral_fill="F4F5F7",
    accent="2F6DB5",
    mot="C0392B",
    series=_SERIES,
    label_mark=_LABEL_MARK,
    label_fill=_LABEL_FILL,
    note_fill="FFF9DB",
    high="C0392B",
    medium="E08E0B",
    low="8A94A6",
)

#: A template keeps its own title colour and uses its theme's accent for headers.
TEMPLATE_PALETTE = attrs.evolve(
    BUILTIN_PALETTE,
    title=None,
    header_fill="scheme:accent1",
    header_text="scheme:bg1",
    accent="scheme:accent1",
)


@attrs.frozen
class Design:
    """A presentation to add slides to, the layouts and geometry to use, fonts and colours."""

    presentation: Any
    layouts: Mapping[str, Any]
    content: Rect
    title_box: Rect
    fonts: Fonts
    palette: Palette
    builtin: bool
    title_size: float
    title_floor: float
    fallbacks: tuple[str, ...] = ()
    template: str | None = None

    @property
    def slide_width(self) -> int:
        return int(self.presentation.slide_width)

    @property
    def slide_height(self) -> int:
        return int(self.presentation.slide_height)


# --- the built-in design -------------------------------------------------------------

_IN = EMU_PER_INCH
MARGIN = int(0.5 * _IN)
TITLE_TOP = int(0.28 * _IN)
TITLE_HEIGHT = int(0.82 * _IN)
CONTENT_TOP = int(1.22 * _IN)
FOOTER_HEIGHT = int(0.3 * _IN)
FOOTER_GAP = int(0.12 * _IN)


def builtin_design() -> Design:
    """python-pptx's default template made 16:9, every placeholder moved to fit."""
    prs = Presentation()
    old_width, old_height = prs.slide_width or WIDE_WIDTH, prs.slide_height or WIDE_HEIGHT
    prs.slide_width, prs.slide_height = WIDE_WIDTH, WIDE_HEIGHT
    sx, sy = WIDE_WIDTH / int(old_width), WIDE_HEIGHT / int(old_height)
    master = prs.slide_master
    shapes = [*master.placeholders, *(ph for layout in master.slide_layouts for ph in layout.placeholders)]
    # read every geometry first: a layout placeholder without its own inherits the master's
    geometry = [(shape, shape.left, shape.top, shape.width, shape.height) for shape in shapes]
    for shape, left, top, width, height in geometry:
        shape.left, shape.top = Emu(int(left * sx)), Emu(int(top * sy))
        shape.width, shape.height = Emu(int(width * sx)), Emu(int(height * sy))
    title_box = Rect(MARGIN, TITLE_TOP, WIDE_WIDTH - 2 * MARGIN, TITLE_HEIGHT)
    for holder in (master, *master.slide_layouts):
        for shape in holder.placeholders:
            if shape.placeholder_format.type == PP_PLACEHOLDER.TITLE:
                _place(shape, title_box)
    layouts = _layouts_by_name(prs, {}, "python-pptx default template")[0]
    content_bottom = WIDE_HEIGHT - FOOTER_HEIGHT - FOOTER_GAP - int(0.05 * _IN)
    content = Rect(MARGIN, CONTENT_TOP, WIDE_WIDTH - 2 * MARGIN, content_bottom - CONTENT_TOP)
    return Design(
        presentation=prs,
        layouts=layouts,
        content=content,
        title_box=title_box,
        fonts=Fonts(latin=BUILTIN_LATIN_FONT, east_asian=DEFAULT_EA_FONT),
        palette=BUILTIN_PALETTE,
        builtin=True,
        title_size=26.0,
        title_floor=16.0,
    )


def _place(shape: Any, rect: Rect) -> None:
    shape.left, shape.top, shape.width, shape.height = (
        Emu(rect.left),
        Emu(rect.top),
        Emu(rect.width),
        Emu(rect.height),
    )


# --- corporate templates -------------------------------------------------------------


def template_design(path: str | os.PathLike[str], layouts: Mapping[str, str] | None = None) -> Design:
    """The design of a corporate template (.pptx or .potx): its layouts, theme and fonts."""
    source = str(path)
    prs = _open_template(Path(path))
    _remove_slides(prs)
    chosen, fallbacks = _layouts_by_name(prs, dict(layouts or {}), source)
    content_layout = chosen["content"]
    title_ph = _title_placeholder(content_layout)
    geometry = (title_ph.left, title_ph.top, title_ph.width, title_ph.height)
    if any(value is None for value in geometry) or min(geometry[2:]) < _IN // 4:  # placed nowhere
        geometry = (int(0.5 * _IN), int(0.3 * _IN), int(prs.slide_width) - _IN, int(0.9 * _IN))
    title_box = Rect(*(int(value) for value in geometry))
    gap = int(0.15 * _IN)
    top = title_box.bottom + gap
    footers = [
        int(ph.top)
        for ph in content_layout.placeholders
        if ph.placeholder_format.type in _FOOTER_TYPES and int(ph.top) > prs.slide_height // 2
    ]
    bottom = (min(footers) - gap // 2) if footers else int(prs.slide_height) - int(0.35 * _IN)
    if bottom - top < int(2 * _IN):  # a title band so tall it leaves no room: use the slide below it
        bottom = int(prs.slide_height) - int(0.2 * _IN)
    content = Rect(title_box.left, top, title_box.width, max(int(_IN), bottom - top))
    size = _title_style_size(prs) or 28.0
    return Design(
        presentation=prs,
        layouts=chosen,
        content=content,
        title_box=title_box,
        fonts=Fonts(latin=None, east_asian=_theme_east_asian_font(prs) or DEFAULT_EA_FONT),
        palette=TEMPLATE_PALETTE,
        builtin=False,
        title_size=size,
        title_floor=max(12.0, round(size * 0.6)),
        fallbacks=tuple(fallbacks),
        template=source,
    )


def _template_error(source: str, *messages: str) -> LoadError:
    findings = [Finding(rule="pptx-template", message=m, source=source) for m in messages]
    return LoadError(f"{source} cannot be used as a deck template", findings)


def _open_template(path: Path) -> Any:
    data = path.read_bytes()  # FileNotFoundError and friends reach the caller as they are
    source = str(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                raise _template_error(source, "not a PowerPoint file: it has no [Content_Types].xml")
            content_types = archive.read("[Content_Types].xml")
            if _TEMPLATE_TYPE.encode() in content_types:
                data = _as_presentation(archive, content_types)
    except zipfile.BadZipFile as exc:
        raise _template_error(source, f"not a PowerPoint file (.pptx or .potx): {exc}") from exc
    try:
        return Presentation(io.BytesIO(data))
    except (ValueError, KeyError, etree.XMLSyntaxError, zipfile.BadZipFile) as exc:
        raise _template_error(source, f"not a PowerPoint presentation or template: {exc}") from exc


def _as_presentation(archive: zipfile.ZipFile, content_types: bytes) -> bytes:
    """A .potx re-labelled as a .pptx (the only difference is the main part's content type)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            blob = archive.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = content_types.replace(_TEMPLATE_TYPE.encode(), _PRESENTATION_TYPE.encode())
            copy.writestr(info, blob)
    return out.getvalue()


def _remove_slides(prs: Any) -> None:
    """Remove the template's own slides (and its section list, which names them)."""
    root = prs.element
    for sld_id in root.findall(f"{_P}sldIdLst/{_P}sldId"):
        rid = sld_id.get(f"{{{_NS['r']}}}id")
        sld_id.getparent().remove(sld_id)
        prs.part.drop_rel(rid)
    for ext in root.findall(f"{_P}extLst/{_P}ext"):
        if ext.get("uri") == SECTIONS_URI:
            ext.getparent().remove(ext)


def _title_placeholder(layout: Any) -> Any:
    return next(ph for ph in layout.placeholders if ph.placeholder_format.type in _TITLE_TYPES)


def _placeholder_types(layout: Any) -> list[Any]:
    return [ph.placeholder_format.type for ph in layout.placeholders]


def _has_title(layout: Any) -> bool:
    return any(t in _TITLE_TYPES for t in _placeholder_types(layout))


def _layouts_by_name(prs: Any, wanted: dict[str, str], source: str) -> tuple[dict[str, Any], list[str]]:
    all_layouts = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    by_name = {layout.name.strip().casefold(): layout for layout in reversed(all_layouts)}
    listing = ", ".join(repr(layout.name) for layout in all_layouts) or "none"
    problems: list[str] = []
    fallbacks: list[str] = []
    chosen: dict[str, Any] = {}
    unknown = sorted(set(wanted) - set(LAYOUT_NAMES))
    if unknown:
        problems.append(f"no layout role {', '.join(unknown)}; the roles are {', '.join(LAYOUT_NAMES)}")
    for role in ("content", "title"):
        if role in wanted:
            layout = by_name.get(wanted[role].strip().casefold())
            if layout is None:
                problems.append(f"no layout named {wanted[role]!r} for {role} slides; its layouts: {listing}")
            elif not _has_title(layout):
                problems.append(f"layout {wanted[role]!r} (for {role} slides) has no title placeholder")
            else:
                chosen[role] = layout
            continue
        named = next((by_name[n.casefold()] for n in LAYOUT_NAMES[role] if n.casefold() in by_name), None)
        if named is not None and _has_title(named):
            chosen[role] = named
            continue
        fallback = _fallback(role, all_layouts, chosen)
        if fallback is None:
            problems.append(
                f"no layout with a title placeholder for {role} slides (looked for "
                f"{' or '.join(repr(n) for n in LAYOUT_NAMES[role])}, then any layout with a title); "
                f"its layouts: {listing}"
            )
            continue
        chosen[role] = fallback
        fallbacks.append(
            f"{source}: no layout named {' or '.join(repr(n) for n in LAYOUT_NAMES[role])}; "
            f"{role} slides use {fallback.name!r}"
        )
    if problems:
        raise _template_error(source, *problems)
    return chosen, fallbacks


def _fallback(role: str, layouts: list[Any], chosen: dict[str, Any]) -> Any:
    titled = [layout for layout in layouts if _has_title(layout)]
    if role == "title":
        centred = [lay for lay in titled if PP_PLACEHOLDER.CENTER_TITLE in _placeholder_types(lay)]
        return centred[0] if centred else chosen.get("content")

    def others(layout: Any) -> int:
        return sum(1 for t in _placeholder_types(layout) if t not in (*_TITLE_TYPES, *_FOOTER_TYPES))

    return min(titled, key=others) if titled else None


def _title_style_size(prs: Any) -> float | None:
    """The title size the template's master sets, in points."""
    found = prs.slide_master.element.find(f"{_P}txStyles/{_P}titleStyle/{_A}lvl1pPr/{_A}defRPr")
    try:
        return int(found.get("sz")) / 100 if found is not None and found.get("sz") else None
    except ValueError:
        return None


def _theme_east_asian_font(prs: Any) -> str | None:
    """The East Asian body font of the template's theme (its ``ea`` or its Hangul font)."""
    try:
        theme = prs.slide_master.part.part_related_by(RT.THEME)
    except KeyError:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(theme.blob, parser=parser)
    except etree.XMLSyntaxError:
        return None
    for path in ("//a:minorFont/a:ea/@typeface", "//a:minorFont/a:font[@script='Hang']/@typeface"):
        found = [str(v) for v in root.xpath(path, namespaces=_NS) if str(v).strip()]
        if found:
            return found[0]
    return None
