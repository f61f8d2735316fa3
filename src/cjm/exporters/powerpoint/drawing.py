"""Native slide content: text with East Asian fonts, tables, charts, shapes and notes.

Text is written as DrawingML paragraphs through the shapes' public ``element``
(python-pptx has no API for the East Asian font, bullets' colours or fields),
so every run carries its size, colour, ``lang`` and both typefaces: ``a:latin``
and ``a:ea``, which PowerPoint and LibreOffice need to draw Hangul in the
intended font.  Tables, charts and shapes are python-pptx's own objects, so
everything stays editable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from pptx.chart import data as chart_data
from pptx.dml import color
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.chart import XL_TICK_LABEL_POSITION as TICK_LABELS
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.util import Emu, Pt

from cjm.exporters.powerpoint.design import EMU_PER_PT, Design, Fonts, Rect
from cjm.exporters.powerpoint.fitting import (
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    PARA_GAP,
    Block,
    Para,
    TablePage,
    bullet_indent,
)

__all__ = [
    "add_column_chart",
    "add_line",
    "add_line_chart",
    "add_matrix_chart",
    "add_notes",
    "add_slide_number",
    "add_stacked_bar_chart",
    "add_table",
    "add_text_box",
    "apply_fonts",
    "fill_colour",
    "no_shadow",
    "write_text",
    "xml_safe",
]

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_NS = {"a": A, "p": P, "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}

#: Characters XML cannot hold, written as OOXML escapes (_xHHHH_), as python-pptx does.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")

_THEME = {
    "accent1": MSO_THEME_COLOR.ACCENT_1,
    "accent2": MSO_THEME_COLOR.ACCENT_2,
    "accent3": MSO_THEME_COLOR.ACCENT_3,
    "bg1": MSO_THEME_COLOR.BACKGROUND_1,
    "tx1": MSO_THEME_COLOR.TEXT_1,
}
_ANCHORS = {"t": MSO_ANCHOR.TOP, "ctr": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}
#: Stable id of the slide-number field type in DrawingML.
_SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


# python-pptx leaves these untyped; used through Any so mypy --strict accepts the calls
CategoryChartData: Any = chart_data.CategoryChartData
XyChartData: Any = chart_data.XyChartData
RGBColor: Any = color.RGBColor


def _q(tag: str) -> str:
    prefix, _, local = tag.partition(":")
    return f"{{{_NS[prefix]}}}{local}"


def xml_safe(text: str) -> str:
    """``text`` with the characters XML cannot hold written as OOXML escapes (``_x001B_``)."""
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _colour_element(parent: Any, colour: str) -> None:
    if colour.startswith("scheme:"):
        etree.SubElement(parent, _q("a:schemeClr"), val=colour.removeprefix("scheme:"))
    else:
        etree.SubElement(parent, _q("a:srgbClr"), val=colour)


def fill_colour(fill: Any, colour: str) -> None:
    """Give a python-pptx fill (shape, cell) a solid ``colour`` (RGB hex or ``scheme:<name>``)."""
    fill.solid()
    _paint(fill.fore_color, colour)


def _run_properties(
    parent: Any,
    tag: str,
    size: float | None,
    fonts: Fonts,
    *,
    lang: str,
    bold: bool,
    italic: bool,
    colour: str | None,
) -> Any:
    rpr = etree.SubElement(parent, _q(tag), lang=lang, dirty="0")
    if size is not None:
        rpr.set("sz", str(round(size * 100)))
    if bold:
        rpr.set("b", "1")
    if italic:
        rpr.set("i", "1")
    if colour:
        _colour_element(etree.SubElement(rpr, _q("a:solidFill")), colour)
    if fonts.latin:
        etree.SubElement(rpr, _q("a:latin"), typeface=fonts.latin)
    etree.SubElement(rpr, _q("a:ea"), typeface=fonts.east_asian)
    return rpr


def _lang(text: str) -> str:
    return "ko-KR" if _HANGUL.search(text) else "en-US"


def write_text(
    body: Any,
    block: Block,
    size: float | None,
    fonts: Fonts,
    *,
    colour: str | None = None,
    align: str | None = None,
) -> None:
    """Replace the paragraphs of a text body (``p:txBody`` or ``a:txBody``) with ``block``.

    ``size`` None leaves the size to the placeholder or its layout (a template's title style).
    """
    for old in body.findall(_q("a:p")):
        body.remove(old)
    lang_all = _lang("".join(p.text for p in block))
    if not block:
        para = etree.SubElement(body, _q("a:p"))
        _run_properties(
            para, "a:endParaRPr", size, fonts, lang=lang_all, bold=False, italic=False, colour=None
        )
        return
    for index, item in enumerate(block):
        own = size * item.scale if size is not None else None
        para = etree.SubElement(body, _q("a:p"))
        ppr = etree.SubElement(para, _q("a:pPr"))
        if item.align or align:
            ppr.set("algn", item.align or align or "l")
        if index and size is not None:
            gap = etree.SubElement(etree.SubElement(ppr, _q("a:spcBef")), _q("a:spcPts"))
            gap.set("val", str(round(PARA_GAP * size * 100)))
        if item.bullet:
            indent = int(bullet_indent(own or 12.0) * EMU_PER_PT)
            ppr.set("marL", str(indent))
            ppr.set("indent", str(-indent))
            if item.bullet_colour:
                _colour_element(etree.SubElement(ppr, _q("a:buClr")), item.bullet_colour)
            etree.SubElement(ppr, _q("a:buSzPct"), val="100000")
            etree.SubElement(ppr, _q("a:buFont"), typeface=fonts.latin or "Arial")
            etree.SubElement(ppr, _q("a:buChar"), char=item.bullet)
        else:
            etree.SubElement(ppr, _q("a:buNone"))
        for span in item.spans:
            lang = _lang(span.text)
            parts = span.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            for number, part in enumerate(parts):
                if number:
                    brk = etree.SubElement(para, _q("a:br"))
                    _run_properties(
                        brk, "a:rPr", own, fonts, lang=lang, bold=span.bold, italic=False, colour=None
                    )
                if not part:
                    continue
                run = etree.SubElement(para, _q("a:r"))
                _run_properties(
                    run,
                    "a:rPr",
                    own,
                    fonts,
                    lang=lang,
                    bold=span.bold,
                    italic=span.italic,
                    colour=span.colour or colour,
                )
                etree.SubElement(run, _q("a:t")).text = xml_safe(part)
        _run_properties(
            para, "a:endParaRPr", own, fonts, lang=lang_all, bold=False, italic=False, colour=None
        )


def _text_body(shape: Any) -> Any:
    return shape.element.find(_q("p:txBody"))


def add_text_box(
    slide: Any,
    rect: Rect,
    block: Block,
    size: float,
    design: Design,
    *,
    anchor: str = "t",
    fill: str | None = None,
    line: str | None = None,
    colour: str | None = None,
    align: str | None = None,
    margin: float = 4.0,
    shape: Any = None,
    name: str | None = None,
) -> Any:
    """A text box (or an autoshape of type ``shape``) holding ``block`` at ``size`` points."""
    if shape is None:
        box = slide.shapes.add_textbox(Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height))
    else:
        box = slide.shapes.add_shape(shape, Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height))
        no_shadow(box)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Pt(margin)
    frame.margin_top = frame.margin_bottom = Pt(margin / 2)
    frame.vertical_anchor = _ANCHORS[anchor]
    if fill:
        fill_colour(box.fill, fill)
    elif shape is not None:
        box.fill.background()
    if line:
        box.line.width = Pt(1)
        fill_colour(box.line.fill, line)
    elif shape is not None:
        box.line.fill.background()
    write_text(_text_body(box), block, size, design.fonts, colour=colour or design.palette.text, align=align)
    return box


def no_shadow(shape: Any) -> None:
    """No shadow on an autoshape: none of its own, none from the theme's effect style."""
    shape.shadow.inherit = False
    for ref in shape.element.iter(_q("a:effectRef")):
        ref.set("idx", "0")


def add_line(slide: Any, x1: int, y1: int, x2: int, y2: int, colour: str, width: float = 1.0) -> Any:
    """A straight line (connector) in ``colour``."""
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(x1), Emu(y1), Emu(x2), Emu(y2))
    line.line.width = Pt(width)
    fill_colour(line.line.fill, colour)
    return line


def add_table(
    slide: Any,
    rect: Rect,
    widths: Sequence[float],
    page: TablePage,
    size: float,
    design: Design,
    *,
    header: bool = True,
    name: str | None = None,
) -> Any:
    """A native table at the top left of ``rect``: columns ``widths`` points wide, rows of ``page``."""
    width_emu = [int(w * EMU_PER_PT) for w in widths]
    height_emu = [int(h * EMU_PER_PT) for h in page.heights]
    frame = slide.shapes.add_table(
        len(page.rows), len(widths), Emu(rect.left), Emu(rect.top), Emu(sum(width_emu)), Emu(sum(height_emu))
    )
    if name:
        frame.name = name
    table = frame.table
    table.first_row = header
    table.horz_banding = False
    for column, width in zip(table.columns, width_emu, strict=True):
        column.width = Emu(width)
    for row, height in zip(table.rows, height_emu, strict=True):
        row.height = Emu(height)
    margin_x, margin_y = str(int(CELL_MARGIN_X * EMU_PER_PT)), str(int(CELL_MARGIN_Y * EMU_PER_PT))
    text = design.palette.text
    for tr, row in zip(frame.element.iter(_q("a:tr")), page.rows, strict=True):
        for tc, cell in zip(tr.iterchildren(_q("a:tc")), row.cells, strict=True):
            write_text(tc.find(_q("a:txBody")), cell.block, size, design.fonts, colour=text)
            tcpr = tc.find(_q("a:tcPr"))
            tcpr.set("marL", margin_x)
            tcpr.set("marR", margin_x)
            tcpr.set("marT", margin_y)
            tcpr.set("marB", margin_y)
            tcpr.set("anchor", cell.anchor)
            if cell.fill:
                _colour_element(etree.SubElement(tcpr, _q("a:solidFill")), cell.fill)
    return frame


def apply_fonts(element: Any, fonts: Fonts) -> None:
    """Give every run and default run property under ``element`` the deck's typefaces."""
    for tag in ("a:defRPr", "a:rPr", "a:endParaRPr"):
        for rpr in element.iter(_q(tag)):
            if fonts.latin and rpr.find(_q("a:latin")) is None:
                _insert_font(rpr, "a:latin", fonts.latin)
            if rpr.find(_q("a:ea")) is None:
                _insert_font(rpr, "a:ea", fonts.east_asian)


_AFTER_FONTS = ("a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")


def _insert_font(rpr: Any, tag: str, typeface: str) -> None:
    """Insert a typeface element in schema order (latin, ea, cs, sym … come last but these)."""
    successors = ("a:ea", *_AFTER_FONTS) if tag == "a:latin" else _AFTER_FONTS
    new = etree.Element(_q(tag), typeface=typeface)
    for child in rpr:
        if child.tag in {_q(s) for s in successors}:
            child.addprevious(new)
            return
    rpr.append(new)


def _chart_text(chart: Any, design: Design, size: float) -> None:
    chart.font.size = Pt(size)
    if design.fonts.latin:
        chart.font.name = design.fonts.latin
    apply_fonts(chart.element, design.fonts)


def _paint(color_format: Any, colour: str) -> None:
    """Set a python-pptx colour (of a fill, line or font) to RGB hex or ``scheme:<name>``."""
    if colour.startswith("scheme:"):
        color_format.theme_color = _THEME[colour.removeprefix("scheme:")]
    else:
        color_format.rgb = RGBColor.from_string(colour)


def add_line_chart(
    slide: Any,
    rect: Rect,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    design: Design,
    *,
    low: float,
    high: float,
    marked: Iterable[int] = (),
    marked_name: str = "",
    size: float = 12.0,
) -> Any:
    """A line chart, a series per name; the ``marked`` categories flagged by big red diamonds.

    The flags are a series of their own named ``marked_name``, drawn as markers
    without a line at the lowest score of the marked categories, so the legend
    explains them and every renderer draws them alike.
    """
    marked = sorted(set(marked))
    data = CategoryChartData(number_format="0.##")
    data.categories = [xml_safe(c) for c in categories]
    for name, values in series:
        data.add_series(xml_safe(name), list(values))
    if marked and marked_name:
        lowest = []
        for index in range(len(categories)):
            scores = [v[index] for _, v in series if v[index] is not None] if index in marked else []
            lowest.append(min(scores) if scores else None)  # type: ignore[type-var]
        data.add_series(xml_safe(marked_name), lowest)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height), data
    )
    chart = frame.chart
    chart.has_title = False
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = low, high
    axis.major_unit = 1 if high - low <= 10 else None
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9DDE3")
    chart.category_axis.tick_label_position = TICK_LABELS.LOW
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    palette = design.palette
    plotted = list(chart.plots[0].series)
    for number, plot_series in enumerate(plotted[: len(series)]):
        colour = palette.series[number % len(palette.series)]
        plot_series.smooth = False
        plot_series.format.line.width = Pt(2.5)
        _paint(plot_series.format.line.color, colour)
        plot_series.marker.style = XL_MARKER_STYLE.CIRCLE
        plot_series.marker.size = 7
        plot_series.marker.format.fill.solid()
        _paint(plot_series.marker.format.fill.fore_color, colour)
        _paint(plot_series.marker.format.line.color, colour)
    for flags in plotted[len(series) :]:
        flags.smooth = False
        flags.format.line.fill.background()
        flags.marker.style = XL_MARKER_STYLE.DIAMOND
        flags.marker.size = 14
        flags.marker.format.fill.solid()
        _paint(flags.marker.format.fill.fore_color, palette.mot)
        _paint(flags.marker.format.line.color, palette.mot)
    _chart_text(chart, design, size)
    return frame


def add_matrix_chart(
    slide: Any,
    rect: Rect,
    groups: Sequence[tuple[str, str, Sequence[tuple[float, float, str]]]],
    design: Design,
    *,
    x_title: str,
    y_title: str,
    size: float = 12.0,
    scale: tuple[float, float] = (0.0, 6.0),
) -> Any:
    """An XY scatter of 1–5 × 1–5 scores: a series per (name, colour, points), each point labelled.

    Points are (x, y, label); the label names what sits there (the table's
    numbers), so points sharing a spot are told apart by their label.

    Every series holds as many points as the longest, the shorter ones ending
    in blank points (no value: a gap, drawn by no one): LibreOffice (7.4) draws
    nothing of the first series of a scatter whose y values count fewer points
    than a later series', though PowerPoint draws it.
    """
    count = max((len(points) for _, _, points in groups), default=0)
    data = XyChartData(number_format="0")
    for name, _, points in groups:
        series = data.add_series(xml_safe(name))
        for x, y, _ in points:
            series.add_data_point(x, y)
        for _ in range(count - len(points)):
            series.add_data_point(None, None)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER, Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height), data
    )
    chart = frame.chart
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    for axis, title in ((chart.category_axis, x_title), (chart.value_axis, y_title)):
        axis.minimum_scale, axis.maximum_scale = scale
        axis.major_unit = 1
        axis.has_major_gridlines = True
        axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9DDE3")
        axis.tick_label_position = TICK_LABELS.LOW
        axis.has_title = True
        axis.axis_title.text_frame.text = xml_safe(title)
        axis.tick_labels.number_format = "0"
        axis.tick_labels.number_format_is_linked = False
    for plot_series, (_, colour, points) in zip(chart.plots[0].series, groups, strict=True):
        plot_series.format.line.fill.background()
        plot_series.marker.style = XL_MARKER_STYLE.CIRCLE
        plot_series.marker.size = 16
        plot_series.marker.format.fill.solid()
        _paint(plot_series.marker.format.fill.fore_color, colour)
        _paint(plot_series.marker.format.line.color, "FFFFFF")
        for index, (_, _, label) in enumerate(points):
            point_label = plot_series.points[index].data_label
            point_label.has_text_frame = True
            point_label.text_frame.text = xml_safe(label)
            point_label.position = XL_LABEL_POSITION.RIGHT
            point_label.font.size = Pt(size - 1)
            point_label.font.bold = True
    _chart_text(chart, design, size)
    return frame


def nice_step(rough: float) -> int:
    """The gridline step at or above ``rough`` that reads well: 1, 2 or 5 times a power of ten."""
    if rough <= 1:
        return 1
    power = 10 ** math.floor(math.log10(rough))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= rough))


def add_stacked_bar_chart(
    slide: Any,
    rect: Rect,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], str]],
    design: Design,
    *,
    size: float = 12.0,
) -> Any:
    """A stacked column chart: a series per (name, values, colour)."""
    data = CategoryChartData(number_format="0")
    data.categories = [xml_safe(c) for c in categories]
    for name, values, _ in series:
        data.add_series(xml_safe(name), list(values))
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_STACKED, Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height), data
    )
    chart = frame.chart
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.plots[0].gap_width = 60
    top = max((sum(column) for column in zip(*(values for _, values, _ in series), strict=True)), default=0)
    chart.value_axis.major_unit = nice_step(top / 6)
    chart.value_axis.minimum_scale = 0
    chart.value_axis.tick_labels.number_format = "0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("D9DDE3")
    for plot_series, (_, _, colour) in zip(chart.plots[0].series, series, strict=True):
        plot_series.format.fill.solid()
        _paint(plot_series.format.fill.fore_color, colour)
    _chart_text(chart, design, size)
    return frame


def add_column_chart(
    slide: Any,
    rect: Rect,
    categories: Sequence[str],
    name: str,
    values: Sequence[float],
    design: Design,
    *,
    size: float = 12.0,
) -> Any:
    """A one-series column chart."""
    data = CategoryChartData(number_format="0")
    data.categories = [xml_safe(c) for c in categories]
    data.add_series(xml_safe(name), list(values))
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height), data
    )
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = xml_safe(name)
    series = chart.plots[0].series[0]
    series.format.fill.solid()
    _paint(series.format.fill.fore_color, design.palette.accent)
    _chart_text(chart, design, size)
    return frame


def add_notes(slide: Any, text: str, design: Design) -> None:
    """Speaker notes: one paragraph per line of ``text``, in the deck's fonts."""
    holder = slide.notes_slide.notes_placeholder
    block = tuple(Para.of(line) for line in text.split("\n"))
    write_text(holder.element.find(_q("p:txBody")), block, 12.0, design.fonts)


def add_slide_number(slide: Any, rect: Rect, number: int, size: float, design: Design) -> Any:
    """A text box holding the slide-number field (PowerPoint renumbers it when slides move)."""
    box = add_text_box(slide, rect, (Para.of(""),), size, design, colour=design.palette.muted, align="r")
    para = _text_body(box).find(_q("a:p"))
    end = para.find(_q("a:endParaRPr"))
    field = etree.Element(_q("a:fld"), id=_SLIDENUM_FIELD_ID, type="slidenum")
    _run_properties(
        field,
        "a:rPr",
        size,
        design.fonts,
        lang="en-US",
        bold=False,
        italic=False,
        colour=design.palette.muted,
    )
    etree.SubElement(field, _q("a:t")).text = str(number)
    end.addprevious(field)
    box.name = "Slide number"
    return box
