"""Reading a deck back with python-pptx: titles, texts, tables, charts, notes, fonts, sections."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.util import Emu

import cjm
from cjm.exporters.powerpoint import Deck

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"


def build(journey: cjm.Journey, **options: Any) -> Any:
    """Write the deck with the exporter and open what was written."""
    stream = io.BytesIO()
    cjm.get_exporter("pptx").export(journey, stream, **options)
    return Presentation(io.BytesIO(stream.getvalue()))


def reopen(deck: Deck) -> Any:
    stream = io.BytesIO()
    deck.write(stream)
    return Presentation(io.BytesIO(stream.getvalue()))


def title(slide: Any) -> str:
    shape = slide.shapes.title
    return shape.text_frame.text if shape is not None else ""


def titles(prs: Any) -> list[str]:
    return [title(slide) for slide in prs.slides]


def slides_titled(prs: Any, prefix: str) -> list[Any]:
    return [slide for slide in prs.slides if title(slide).startswith(prefix)]


def tables(slide: Any) -> list[Any]:
    return [shape.table for shape in slide.shapes if shape.has_table]


def table_rows(table: Any) -> list[list[str]]:
    return [[cell.text_frame.text for cell in row.cells] for row in table.rows]


def charts(slide: Any) -> list[Any]:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def shape_texts(slide: Any) -> Iterator[str]:
    """Every text on the slide: text frames and table cells."""
    for shape in slide.shapes:
        if shape.has_text_frame:
            yield shape.text_frame.text
        if shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    yield cell.text_frame.text


def deck_text(prs: Any) -> str:
    return "\n".join(text for slide in prs.slides for text in shape_texts(slide))


def notes(slide: Any) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def runs(prs: Any) -> Iterator[Any]:
    """Every run properties element (a:rPr) on the slides, with its run text as ``.run_text``."""
    for slide in prs.slides:
        for shape in slide.shapes:
            yield from shape.element.iter(f"{{{A}}}rPr")


def sections(prs: Any) -> list[tuple[str, list[int]]]:
    found = prs.element.findall(f".//{{{P14}}}section")
    return [(s.get("name"), [int(x.get("id")) for x in s.iter(f"{{{P14}}}sldId")]) for s in found]


def bottom(shape: Any) -> int:
    if shape.has_table:
        return int(shape.top) + sum(int(row.height) for row in shape.table.rows)
    return int(shape.top) + int(shape.height)


def right(shape: Any) -> int:
    if shape.has_table:
        return int(shape.left) + sum(int(col.width) for col in shape.table.columns)
    return int(shape.left) + int(shape.width)


INCH = Emu(914400)


def xml(element: Any) -> str:
    return etree.tostring(element, encoding="unicode")


C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _cached(values: Any) -> tuple[int, dict[int, float]]:
    """A c:xVal/c:yVal cache: its point count and the values it holds, by index (blanks absent)."""
    count = values.find(f".//{{{C}}}ptCount")
    points = {int(pt.get("idx")): float(pt.findtext(f"{{{C}}}v")) for pt in values.iter(f"{{{C}}}pt")}
    return int(count.get("val")), points


def scatter_points(chart: Any, series: int) -> list[tuple[float, float, str]]:
    """The (x, y, label) of every point a scatter series holds, from its XML; blank points skipped.

    python-pptx reads a scatter's y values only; the x values and the labels come from the XML.
    """
    element = list(chart.element.iter(f"{{{C}}}ser"))[series]
    _, xs = _cached(element.find(f"{{{C}}}xVal"))
    _, ys = _cached(element.find(f"{{{C}}}yVal"))
    assert xs.keys() == ys.keys(), "every point has both an x and a y value, or neither"
    labels = {
        int(label.find(f"{{{C}}}idx").get("val")): "".join(t.text or "" for t in label.iter(f"{{{A}}}t"))
        for label in element.iter(f"{{{C}}}dLbl")
    }
    return [(xs[i], ys[i], labels.get(i, "")) for i in sorted(xs)]


def point_counts(chart: Any) -> list[tuple[int, int]]:
    """Each series' point count (c:ptCount) of its x and of its y values."""
    return [
        (_cached(ser.find(f"{{{C}}}xVal"))[0], _cached(ser.find(f"{{{C}}}yVal"))[0])
        for ser in chart.element.iter(f"{{{C}}}ser")
    ]
