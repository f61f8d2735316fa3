"""A scene of the visual map written as native PowerPoint shapes, every one editable.

The writer of :mod:`cjm.exporters.visual.scene` for slides, as
:mod:`cjm.exporters.visual.svg` is for SVG: it lays nothing out.  A
:class:`~cjm.exporters.visual.scene.Box` becomes a rectangle, rounded
rectangle or oval with its fill, line, width and dash (the nearest preset
dash); the text blocks the layout set inside a box become that shape's own
text, in the lines the layout broke, each paragraph's lines exactly as far
apart as the layout spaced them; a text block of its own becomes a text box
that does not wrap; a ``Line`` becomes a connector.  The emotion curve's
paths, dots and labels give way to a native line chart placed at the
scene's :class:`~cjm.exporters.visual.scene.Chart`, its plot over the
curve's scale lines, a series per persona, a gap where a stage was not
measured.  Each group becomes a group shape named after it (``item
pain_points-3``, ``stage stage-awareness``), its tooltip the alternative
text; rows are only containers and are not kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

from lxml import etree  # type: ignore[import-untyped]
from pptx.chart import data as chart_data
from pptx.dml import color
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Pt

from cjm.exporters.powerpoint.design import Design, Rect
from cjm.exporters.powerpoint.drawing import (
    add_line,
    add_text_box,
    apply_fonts,
    fill_colour,
    no_shadow,
    xml_safe,
)
from cjm.exporters.powerpoint.fitting import Para, Span
from cjm.exporters.visual.fonts import FontSet
from cjm.exporters.visual.scene import Box, Chart, Dot, Group, Line, Path, Shape, TextBlock

__all__ = ["EMU_PER_PX", "PT_PER_PX", "dash_style", "draw_scene", "paint_box"]

#: EMU per CSS pixel (96 per inch): the scene's unit on the slide at scale 1.
EMU_PER_PX = 9525
#: Points per CSS pixel.
PT_PER_PX = 0.75
#: Room a hosted line may grow by before the renderer wraps it (its font may be a hair wider), px.
SLACK = 3.0

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
#: Boxes that never hold text: a Moment of Truth's tinted column, a pain point's severity stripe.
_NO_TEXT = frozenset({"mot-column", "severity"})
_ALIGN = {"start": "l", "middle": "ctr", "end": "r"}

# python-pptx leaves these untyped; used through Any so mypy --strict accepts the calls
CategoryChartData: Any = chart_data.CategoryChartData
RGBColor: Any = color.RGBColor


def draw_scene(
    slide: Any,
    region: Rect,
    shapes: Sequence[Shape],
    *,
    scale: float,
    design: Design,
    fonts: FontSet,
    label_size: float,
) -> None:
    """Draw a scene's ``shapes`` on ``slide``: its px at ``scale`` from the top left of ``region``.

    ``fonts`` are the faces the scene was measured in (for where a baseline
    sits); ``design`` gives the typefaces the text is written in;
    ``label_size`` is the size of the chart's value labels, px.
    """
    _Painter(slide, region, scale, design, fonts, label_size).draw(shapes)


def paint_box(shape: Any, fill: str | None, stroke: str | None, width_pt: float, dash: str | None) -> None:
    """Fill, line, line width and dash of an autoshape (no fill or line where None)."""
    if fill:
        fill_colour(shape.fill, fill)
    else:
        shape.fill.background()
    if stroke:
        shape.line.width = Pt(width_pt)
        fill_colour(shape.line.fill, stroke)
        style = dash_style(dash)
        if style is not None:
            shape.line.dash_style = style
    else:
        shape.line.fill.background()
    no_shadow(shape)


def dash_style(dash: str | None) -> MSO_LINE_DASH_STYLE | None:
    """The preset dash nearest an SVG dash array: dots for short dashes, dashes for longer ones."""
    if not dash:
        return None
    on = float(dash.replace(",", " ").split()[0])
    if on <= 2.0:
        return MSO_LINE_DASH_STYLE.ROUND_DOT
    if on <= 3.0:
        return MSO_LINE_DASH_STYLE.SQUARE_DOT
    return MSO_LINE_DASH_STYLE.DASH


# --- scene shapes -> native shapes ---------------------------------------------------------

#: A box and the text blocks written inside it.
Hosted: TypeAlias = tuple[Box, list[TextBlock]]
Planned: TypeAlias = Hosted | TextBlock | Line | Chart | Group

#: The curve's line width and point radius, px, when the scene has no curve of its own to tell.
CURVE_WIDTH, CURVE_RADIUS = 2.5, 4.5


def _curve_style(shapes: Sequence[Shape]) -> tuple[float, float]:
    """The width of the curve's line and the radius of its points, px, as the scene draws them."""
    width, radius = CURVE_WIDTH, CURVE_RADIUS
    for group in shapes:
        if isinstance(group, Group) and group.role == "curve":
            width = next((s.width for s in group.children if isinstance(s, Path)), width)
            radius = next((s.r for s in group.children if isinstance(s, Dot)), radius)
            break
    return width, radius


def _glyph_middle(block: TextBlock) -> tuple[float, float]:
    return block.x, block.y - block.size * 0.35


def _inside(box: Box, point: tuple[float, float]) -> bool:
    x, y = point
    return box.x - 0.5 <= x <= box.x + box.w + 0.5 and box.y - 0.5 <= y <= box.y + box.h + 0.5


def _plan(shapes: Sequence[Shape]) -> list[Planned]:
    """The shapes in drawing order, each text block that sits in a box moved into that box.

    A box takes the blocks whose anchor point lies inside it (the smallest box
    holding it wins) if they stack one under the other: all set from the same
    ``x`` with the same anchor.  Right-aligned blocks (a card's marks, the
    curve's scale) stay text boxes of their own.  Paths and dots are left
    out: the scene draws only the curve with them, and the chart replaces it.
    """
    hosted: dict[int, list[TextBlock]] = {i: [] for i, s in enumerate(shapes) if isinstance(s, Box)}
    boxes = [(i, s) for i, s in enumerate(shapes) if isinstance(s, Box) and s.role not in _NO_TEXT]
    taken: set[int] = set()
    for index, shape in enumerate(shapes):
        if not isinstance(shape, TextBlock) or shape.anchor == "end":
            continue
        point = _glyph_middle(shape)
        holders = [(box.w * box.h, i) for i, box in boxes if _inside(box, point)]
        if not holders:
            continue
        _, host = min(holders)
        already = hosted[host]
        if already and (already[0].anchor != shape.anchor or abs(already[0].x - shape.x) > 0.5):
            continue
        already.append(shape)
        taken.add(index)
    plan: list[Planned] = []
    for index, shape in enumerate(shapes):
        if index in taken or isinstance(shape, (Path, Dot)):
            continue
        if isinstance(shape, Box):
            plan.append((shape, hosted.get(index, [])))
        else:
            plan.append(shape)
    return plan


def _group_name(group: Group) -> str:
    """``item pain_points-3``, ``lane dealer``, ``gap onboarding``: the role, then what it is."""
    what = group.key or next(iter(group.data.values()), "")
    return f"{group.role or 'group'} {what}".strip()


def _describe(shape: Any, text: str) -> None:
    """Give ``shape`` alternative text (what screen readers say, and the map's tooltip)."""
    properties = shape.element.find(f"./*/{{{_P}}}cNvPr")
    if properties is not None:
        properties.set("descr", xml_safe(text))


class _Painter:
    """Writes a scene's shapes onto a slide: px at ``scale`` from the top left of ``region``."""

    def __init__(
        self, slide: Any, region: Rect, scale: float, design: Design, fonts: FontSet, label_size: float
    ) -> None:
        self.slide = slide
        self.label_size = label_size
        self.region = region
        self.scale = scale
        self.design = design
        self.fonts = fonts

    # geometry ------------------------------------------------------------------------

    def rect(self, x: float, y: float, w: float, h: float) -> Rect:
        """A scene rectangle in slide EMU."""
        k = self.scale * EMU_PER_PX
        left, top = self.region.left + round(x * k), self.region.top + round(y * k)
        return Rect(
            left, top, max(1, round((x + w) * k) - round(x * k)), max(1, round((y + h) * k) - round(y * k))
        )

    def pt(self, px: float) -> float:
        """A scene length in points on the slide."""
        return px * self.scale * PT_PER_PX

    def top_of(self, block: TextBlock) -> float:
        """Where the block's first line box starts (its ``y`` is the first baseline)."""
        return block.y - self.fonts.face(block.bold).baseline(block.size, block.line_height)

    # drawing -------------------------------------------------------------------------

    def draw(
        self, shapes: Sequence[Shape], target: Any = None, offset: tuple[float, float] = (0.0, 0.0)
    ) -> None:
        """Draw ``shapes`` into ``target`` (the slide, or a group shape), moved by ``offset`` px."""
        target = self.slide if target is None else target
        charts = [s for s in shapes if isinstance(s, Chart)]
        drawn = False
        for item in _plan(shapes):
            if (isinstance(item, Group) and item.role == "curve") or isinstance(item, Chart):
                # the curve's own shapes give way to the chart, drawn once, beneath the gap marks
                if charts and not drawn:
                    self.chart(
                        charts[0],
                        (charts[0].plot_y, charts[0].plot_y + charts[0].plot_h),
                        _curve_style(shapes),
                        target,
                        offset,
                    )
                    drawn = True
            elif isinstance(item, Group):
                self.group(item, target, offset)
            elif isinstance(item, Line):
                self.line(item, target, offset)
            elif isinstance(item, TextBlock):
                self.text(item, target, offset)
            else:
                self.box(*item, target, offset)

    def group(self, group: Group, target: Any, offset: tuple[float, float]) -> None:
        inner = (offset[0] + group.offset[0], offset[1] + group.offset[1])
        if group.role == "row":  # only a container: its lane label and cards are groups of their own
            self.draw(group.children, target, inner)
            return
        shape = target.shapes.add_group_shape()
        shape.name = _group_name(group)
        if group.title:
            _describe(shape, group.title)
        self.draw(group.children, shape, inner)
        if not len(shape.shapes):
            shape.element.getparent().remove(shape.element)

    def box(self, box: Box, blocks: list[TextBlock], target: Any, offset: tuple[float, float]) -> None:
        rect = self.rect(box.x + offset[0], box.y + offset[1], box.w, box.h)
        round_ = (
            box.role in ("badge", "avatar") and abs(box.w - box.h) < 0.5 and box.radius * 2 >= box.w - 0.5
        )
        kind = (
            MSO_SHAPE.OVAL if round_ else MSO_SHAPE.ROUNDED_RECTANGLE if box.radius else MSO_SHAPE.RECTANGLE
        )
        if blocks:
            shape = self._with_text(box, blocks, rect, kind, target)
        else:
            shape = target.shapes.add_shape(
                kind, Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height)
            )
        if kind == MSO_SHAPE.ROUNDED_RECTANGLE:
            shape.adjustments[0] = min(0.5, box.radius / max(1.0, min(box.w, box.h)))
        paint_box(shape, box.fill, box.stroke, self.pt(box.stroke_width), box.dash)
        shape.name = box.role or "box"

    def _with_text(self, box: Box, blocks: list[TextBlock], rect: Rect, kind: Any, target: Any) -> Any:
        """An autoshape holding ``blocks`` where the layout set them, in the lines it broke."""
        first = blocks[0]
        centred = first.anchor == "middle"
        shape = add_text_box(
            target,
            rect,
            _paragraphs(blocks),
            self.pt(first.size),
            self.design,
            shape=kind,
            margin=0.0,
            anchor="ctr" if centred else "t",
            align=_ALIGN[first.anchor],
        )
        frame = shape.text_frame
        if centred:
            frame.word_wrap = False
        else:
            right = first.x + max(b.width for b in blocks)
            frame.margin_left = Emu(max(0, round((first.x - box.x) * self.scale * EMU_PER_PX)))
            frame.margin_top = Emu(max(0, round((self.top_of(first) - box.y) * self.scale * EMU_PER_PX)))
            frame.margin_right = Emu(max(0, round((box.x + box.w - right - SLACK) * self.scale * EMU_PER_PX)))
            frame.margin_bottom = Emu(0)
        self._space(shape, blocks)
        return shape

    def _space(self, shape: Any, blocks: Sequence[TextBlock]) -> None:
        """Each paragraph's lines exactly ``size × line_height`` apart, and the layout's gap before it."""
        body = shape.element.find(f"{{{_P}}}txBody")
        previous: TextBlock | None = None
        for para, block in zip(body.findall(f"{{{_A}}}p"), blocks, strict=True):
            props = para.find(f"{{{_A}}}pPr")
            for old in props.findall(f"{{{_A}}}spcBef"):
                props.remove(old)
            line = etree.Element(f"{{{_A}}}lnSpc")
            etree.SubElement(
                line, f"{{{_A}}}spcPts", val=str(round(self.pt(block.size * block.line_height) * 100))
            )
            props.insert(0, line)
            if previous is not None:
                gap = self.top_of(block) - self.top_of(previous) - previous.height
                before = etree.Element(f"{{{_A}}}spcBef")
                etree.SubElement(before, f"{{{_A}}}spcPts", val=str(max(0, round(self.pt(gap) * 100))))
                props.insert(1, before)
            previous = block

    def text(self, block: TextBlock, target: Any, offset: tuple[float, float]) -> None:
        """A text block of its own: a text box as wide as the block, never wrapping."""
        widest = max(
            (self.fonts.face(block.bold).width(line, block.size) for line in block.lines), default=0.0
        )
        width = max(block.width, widest) + SLACK
        left = block.x - {"start": 0.0, "middle": width / 2, "end": width}[block.anchor]
        rect = self.rect(left + offset[0], self.top_of(block) + offset[1], width, block.height)
        shape = add_text_box(
            target,
            rect,
            _paragraphs([block]),
            self.pt(block.size),
            self.design,
            margin=0.0,
            align=_ALIGN[block.anchor],
        )
        shape.text_frame.word_wrap = False
        self._space(shape, [block])
        shape.name = "text"

    def line(self, line: Line, target: Any, offset: tuple[float, float]) -> None:
        start = self.rect(line.x1 + offset[0], line.y1 + offset[1], 0, 0)
        end = self.rect(line.x2 + offset[0], line.y2 + offset[1], 0, 0)
        shape = add_line(target, start.left, start.top, end.left, end.top, line.stroke, self.pt(line.width))
        no_shadow(shape)
        style = dash_style(line.dash)
        if style is not None:
            shape.line.dash_style = style
        if line.arrow:
            outline = shape.element.find(f".//{{{_A}}}ln")
            etree.SubElement(outline, f"{{{_A}}}tailEnd", type="triangle")
        shape.name = "line"

    def chart(
        self,
        chart: Chart,
        plot: tuple[float, float],
        style: tuple[float, float],
        target: Any,
        offset: tuple[float, float],
    ) -> None:
        """The emotion curve as a native line chart: a series per persona, gaps where not measured.

        The plot fills the stage columns exactly (no axes: the stage headers
        and the lane's scale label it), so each point sits in its stage's
        column at its score's height, as the scene would have drawn it.
        """
        if not chart.series:
            return
        data = CategoryChartData(number_format="General")
        data.categories = [xml_safe(name) for name in chart.categories]
        for name, values, _ in chart.series:
            data.add_series(xml_safe(name), list(values))
        rect = self.rect(chart.x + offset[0], chart.y + offset[1], chart.w, chart.h)
        frame = target.shapes.add_chart(
            XL_CHART_TYPE.LINE_MARKERS, Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height), data
        )
        frame.name = "curve"
        graph = frame.chart
        graph.has_title = False
        graph.has_legend = False
        axis = graph.value_axis
        axis.minimum_scale, axis.maximum_scale = chart.low, chart.high
        axis.has_major_gridlines = False
        axis.visible = False
        graph.category_axis.visible = False
        size = self.pt(self.label_size)
        for number, (series, (_, _, colour)) in enumerate(
            zip(graph.plots[0].series, chart.series, strict=True)
        ):
            series.smooth = False
            series.format.line.width = Pt(self.pt(style[0]))
            series.format.line.color.rgb = RGBColor.from_string(colour)
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = max(2, min(72, round(self.pt(2 * style[1]))))
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = RGBColor.from_string(colour)
            series.marker.format.line.color.rgb = RGBColor.from_string("FFFFFF")
            labels = series.data_labels
            labels.show_value = True
            # every other series labelled below its points, so two series' labels do not collide
            labels.position = XL_LABEL_POSITION.BELOW if number % 2 else XL_LABEL_POSITION.ABOVE
            labels.number_format = "General"  # 0.32, 1, -2: no trailing point on whole scores
            labels.number_format_is_linked = False
            labels.font.size = Pt(size)
            labels.font.bold = True
            labels.font.color.rgb = RGBColor.from_string(colour)
        top, bottom = plot
        span = max(chart.h, 1.0)
        _plot_layout(graph.element, 0.0, (top - chart.y) / span, 1.0, (bottom - top) / span)
        _no_fill(graph.element)
        graph.font.size = Pt(size)
        apply_fonts(graph.element, self.design.fonts)
        _describe(frame, " · ".join(chart.categories))


def _paragraphs(blocks: Sequence[TextBlock]) -> tuple[Para, ...]:
    """One paragraph per block, its lines joined by line breaks, sized relative to the first."""
    base = blocks[0].size
    return tuple(
        Para(
            spans=(Span("\n".join(b.lines), bold=b.bold, colour=b.colour, italic=b.italic),),
            scale=b.size / base,
        )
        for b in blocks
    )


def _plot_layout(chart_space: Any, x: float, y: float, w: float, h: float) -> None:
    """Place the plot's inside at fractions of the chart, each category a band centred on its point.

    A ``c:manualLayout`` (layoutTarget inner) in the plot area's ``c:layout``,
    its first child; ``c:crossBetween between`` on the value axis, so the
    points sit in the middle of their categories, as the map's columns do.
    """
    plot = chart_space.find(f".//{{{_C}}}plotArea")
    layout = plot.find(f"{{{_C}}}layout")
    if layout is None:
        layout = etree.Element(f"{{{_C}}}layout")
        plot.insert(0, layout)
    for old in list(layout):
        layout.remove(old)
    manual = etree.SubElement(layout, f"{{{_C}}}manualLayout")
    etree.SubElement(manual, f"{{{_C}}}layoutTarget", val="inner")
    etree.SubElement(manual, f"{{{_C}}}xMode", val="edge")
    etree.SubElement(manual, f"{{{_C}}}yMode", val="edge")
    for name, value in (("x", x), ("y", y), ("w", w), ("h", h)):
        etree.SubElement(manual, f"{{{_C}}}{name}", val=f"{value:.4f}")
    for axis in plot.iter(f"{{{_C}}}valAx"):
        if axis.find(f"{{{_C}}}crossBetween") is None:
            crosses = axis.find(f"{{{_C}}}crosses")
            if crosses is None:
                crosses = axis.find(f"{{{_C}}}crossesAt")
            between = etree.Element(f"{{{_C}}}crossBetween", val="between")
            crosses.addnext(between)


def _no_fill(chart_space: Any) -> None:
    """No background on the chart or its plot: the map's columns show through."""
    plot = chart_space.find(f".//{{{_C}}}plotArea")
    chart = chart_space.find(f"{{{_C}}}chart")
    for parent, after in ((plot, None), (chart_space, chart)):
        shape_properties = etree.Element(f"{{{_C}}}spPr")
        etree.SubElement(shape_properties, f"{{{_A}}}noFill")
        outline = etree.SubElement(shape_properties, f"{{{_A}}}ln")
        etree.SubElement(outline, f"{{{_A}}}noFill")
        if after is not None:
            after.addnext(shape_properties)
        else:
            extension = parent.find(f"{{{_C}}}extLst")
            if extension is not None:
                extension.addprevious(shape_properties)
            else:
                parent.append(shape_properties)
