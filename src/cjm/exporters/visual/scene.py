"""The drawing model: what the picture is made of, laid out once, drawn by every writer.

A :class:`Scene` is a list of plain shapes in pixel coordinates (top-left
origin): boxes with their text already broken into lines, lines, paths and
dots, grouped so a writer can give a group its meaning (an item of the map, a
persona's curve).  The SVG writer turns each shape into one element; the
deck's overview slide turns the same boxes into native shapes and the
:class:`Chart` into a native chart.  No writer lays anything out again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Union

import attrs

__all__ = ["Box", "Chart", "Dot", "Group", "Line", "Path", "Scene", "Shape", "TextBlock", "stack"]


@attrs.frozen(kw_only=True)
class TextBlock:
    """Lines of text set from ``(x, y)``: ``y`` is the first line's baseline."""

    x: float
    y: float
    lines: tuple[str, ...]
    size: float
    bold: bool = False
    colour: str = "1F2937"
    anchor: str = "start"  # start, middle or end, as in SVG
    line_height: float = 1.3
    italic: bool = False
    #: The whole text the lines were made from (the lines may be cut short).
    source: str = ""
    #: The width the lines were broken to fit, in px.
    width: float = 0.0
    #: True when the lines show only the start of ``source`` (the last ends in "…").
    cut: bool = False

    @property
    def height(self) -> float:
        """Height of the block from the top of the first line to the bottom of the last."""
        return self.size * self.line_height * len(self.lines)


@attrs.frozen(kw_only=True)
class Box:
    """A rectangle, with optional rounded corners (its text is drawn after it, as text blocks)."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None = "FFFFFF"
    stroke: str | None = None
    stroke_width: float = 1.0
    dash: str | None = None  # an SVG dash array, e.g. "4 2"
    radius: float = 0.0
    role: str = ""  # what the box is: "card", "header", "lane", "badge" …


@attrs.frozen(kw_only=True)
class Line:
    """A straight line, optionally ending in an arrow head."""

    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = "6B7280"
    width: float = 1.0
    dash: str | None = None
    arrow: bool = False


@attrs.frozen(kw_only=True)
class Path:
    """An open path through points, drawn as cubic Bézier segments (``curves``) or straight."""

    start: tuple[float, float]
    #: Each segment: ((c1x, c1y), (c2x, c2y), (x, y)) for a curve.
    curves: tuple[tuple[tuple[float, float], tuple[float, float], tuple[float, float]], ...]
    stroke: str = "1F2937"
    width: float = 2.0
    dash: str | None = None


@attrs.frozen(kw_only=True)
class Dot:
    """A filled circle (a point of the curve)."""

    cx: float
    cy: float
    r: float
    fill: str
    stroke: str | None = "FFFFFF"


@attrs.frozen(kw_only=True)
class Chart:
    """What a native chart needs to draw the emotion curve in ``(x, y, w, h)``.

    ``series`` maps each series' name to one value per category, None where
    not measured (a gap, never a made-up score).
    """

    x: float
    y: float
    w: float
    h: float
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...], str], ...]  # (name, values, colour)
    low: float
    high: float
    #: The plot inside the rectangle: where the scale's high (top) and low (bottom) lie.
    plot_y: float
    plot_h: float


Shape = Union[Box, Line, Path, Dot, TextBlock, Chart, "Group"]


@attrs.frozen(kw_only=True)
class Group:
    """Shapes that belong together: an item of the map, a lane, a persona's curve.

    ``key`` names the group in the page's data (the item the page shows when
    the group is clicked); ``data`` becomes ``data-*`` attributes the page
    filters on; ``title`` is the tooltip.
    """

    children: tuple[Shape, ...]
    key: str | None = None
    role: str = ""
    data: Mapping[str, str] = attrs.field(factory=dict)
    title: str | None = None
    #: Where the group's own origin lies in its parent's coordinates.
    offset: tuple[float, float] = (0.0, 0.0)


@attrs.frozen(kw_only=True)
class Scene:
    """A picture: its size in px, its shapes in drawing order, and its title."""

    width: float
    height: float
    children: tuple[Shape, ...]
    title: str
    language: str = "en"
    #: What the picture means, for screen readers.
    description: str = ""

    def walk(self) -> Iterator[Shape]:
        """Every shape, groups' children included, in drawing order."""
        stack: list[Shape] = list(reversed(self.children))
        while stack:
            shape = stack.pop()
            yield shape
            if isinstance(shape, Group):
                stack.extend(reversed(shape.children))

    def texts(self, bold: bool | None = None) -> Iterator[str]:
        """Every line of text the picture shows (only the bold or the regular ones, if asked)."""
        for shape in self.walk():
            if isinstance(shape, TextBlock) and (bold is None or shape.bold == bold):
                yield from shape.lines


def stack(scenes: list[Scene], title: str, gap: float = 24.0) -> Scene:
    """Several pages as one tall picture, one under the other (for a single SVG or PNG)."""
    if len(scenes) == 1:
        return scenes[0]
    children: list[Shape] = []
    top = 0.0
    for number, scene in enumerate(scenes, 1):
        children.append(
            Group(children=scene.children, role="page", data={"page": str(number)}, offset=(0.0, top))
        )
        top += scene.height + gap
    first = scenes[0]
    return Scene(
        width=max(s.width for s in scenes),
        height=top - gap,
        children=tuple(children),
        title=title,
        language=first.language,
        description=first.description,
    )
