"""The scene as SVG: one element per shape, every value escaped.

Text is written as ``<text>`` with one ``<tspan>`` per line the layout broke
(SVG does not wrap, and resvg and CairoSVG ignore ``foreignObject``).  Groups
keep their meaning as ``data-*`` attributes and a ``<title>`` tooltip, so the
HTML page can filter them and the text stays real text: selectable and
searchable.  Styles are presentation attributes, which every renderer reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from cjm.exporters.visual.fonts import FontSet
from cjm.exporters.visual.scene import Box, Chart, Dot, Group, Line, Path, Scene, Shape, TextBlock

__all__ = ["render_svg"]

_CONTROL = dict.fromkeys((*range(9), 11, 12, *range(14, 32), 127))
_CONTROL.update(dict.fromkeys((*range(128, 160), *range(55296, 57344), 65534, 65535)))


def _text(value: str) -> str:
    """Text XML can hold: control characters (which no XML parser accepts) are dropped."""
    return escape(value.translate(_CONTROL))


def _attr(value: str) -> str:
    return quoteattr(value.translate(_CONTROL))


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def render_svg(
    scene: Scene,
    fonts: FontSet,
    *,
    embed_fonts: bool = True,
    standalone: bool = True,
    element_id: str = "map",
) -> str:
    """The SVG document (``standalone``) or element of ``scene``."""
    family = fonts.css_stack()
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(scene.width)}" height="{_n(scene.height)}" '
        f'viewBox="0 0 {_n(scene.width)} {_n(scene.height)}" role="img" id={_attr(element_id)} '
        f"aria-labelledby={_attr(element_id + '-title')} lang={_attr(scene.language)} "
        f'font-family={_attr(family)} style="font-kerning:none;font-variant-ligatures:none">',
        f"<title id={_attr(element_id + '-title')}>{_text(scene.title)}</title>",
    ]
    if scene.description:
        head.append(f"<desc>{_text(scene.description)}</desc>")
    if embed_fonts:
        css = fonts.font_face_css("".join(scene.texts(bold=False)), "".join(scene.texts(bold=True)))
        if css:
            head.append(f"<style>{css}</style>")
    head.append(f'<rect width="{_n(scene.width)}" height="{_n(scene.height)}" fill="#FFFFFF"/>')
    body = "".join(_shapes(scene.children))
    out = "".join(head) + body + "</svg>"
    if standalone:
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + out + "\n"
    return out


def _shapes(shapes: tuple[Shape, ...]) -> Iterator[str]:
    for shape in shapes:
        if isinstance(shape, Group):
            yield _group(shape)
        elif isinstance(shape, Box):
            yield _box(shape)
        elif isinstance(shape, TextBlock):
            yield _text_block(shape)
        elif isinstance(shape, Line):
            yield _line(shape)
        elif isinstance(shape, Path):
            yield _path(shape)
        elif isinstance(shape, Dot):
            stroke = f' stroke="#{shape.stroke}" stroke-width="1.5"' if shape.stroke else ""
            centre = f'cx="{_n(shape.cx)}" cy="{_n(shape.cy)}" r="{_n(shape.r)}"'
            yield f'<circle {centre} fill="#{shape.fill}"{stroke}/>'
        elif isinstance(shape, Chart):
            continue  # drawn by its series' paths and dots; native charts read it
        else:  # pragma: no cover - the Shape union is closed
            raise TypeError(f"cannot draw {shape!r}")


#: Groups the page opens details of: reachable by keyboard, announced as buttons.
_REACHABLE = frozenset({"item", "more", "stage", "persona", "node", "pain"})


def _group(group: Group) -> str:
    attrs = []
    if group.role:
        attrs.append(f"class={_attr(group.role)}")
    if group.key is not None:
        attrs.append(f"data-key={_attr(group.key)}")
        if group.role in _REACHABLE:
            attrs.append('tabindex="0" role="button"')
    for name, value in group.data.items():
        attrs.append(f"data-{name}={_attr(value)}")
    if group.offset != (0.0, 0.0):
        attrs.append(f'transform="translate({_n(group.offset[0])} {_n(group.offset[1])})"')
    title = f"<title>{_text(group.title)}</title>" if group.title else ""
    inner = "".join(_shapes(group.children))
    return f"<g {' '.join(attrs)}>{title}{inner}</g>" if attrs else f"<g>{title}{inner}</g>"


def _paint(fill: str | None, stroke: str | None, width: float, dash: str | None) -> str:
    parts = [f'fill="#{fill}"' if fill else 'fill="none"']
    if stroke:
        parts.append(f'stroke="#{stroke}" stroke-width="{_n(width)}"')
        if dash:
            parts.append(f"stroke-dasharray={_attr(dash)}")
    return " ".join(parts)


def _box(box: Box) -> str:
    radius = f' rx="{_n(box.radius)}"' if box.radius else ""
    return (
        f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" height="{_n(box.h)}"{radius} '
        f"{_paint(box.fill, box.stroke, box.stroke_width, box.dash)}/>"
    )


def _text_block(block: TextBlock) -> str:
    style = ' font-weight="bold"' if block.bold else ""
    if block.italic:
        style += ' font-style="italic"'
    if block.anchor != "start":
        style += f' text-anchor="{block.anchor}"'
    step = block.size * block.line_height
    spans = "".join(
        f'<tspan x="{_n(block.x)}" y="{_n(block.y + i * step)}">{_text(line)}</tspan>'
        for i, line in enumerate(block.lines)
    )
    return f'<text font-size="{_n(block.size)}" fill="#{block.colour}"{style}>{spans}</text>'


def _line(line: Line) -> str:
    dash = f" stroke-dasharray={_attr(line.dash)}" if line.dash else ""
    out = (
        f'<line x1="{_n(line.x1)}" y1="{_n(line.y1)}" x2="{_n(line.x2)}" y2="{_n(line.y2)}" '
        f'stroke="#{line.stroke}" stroke-width="{_n(line.width)}"{dash}/>'
    )
    if line.arrow:
        out += _arrow_head(line)
    return out


def _arrow_head(line: Line) -> str:
    dx, dy = line.x2 - line.x1, line.y2 - line.y1
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length, dy / length
    size = 4 + 2 * line.width
    bx, by = line.x2 - ux * size, line.y2 - uy * size
    left = (bx - uy * size / 2, by + ux * size / 2)
    right = (bx + uy * size / 2, by - ux * size / 2)
    return (
        f'<polygon points="{_n(line.x2)},{_n(line.y2)} {_n(left[0])},{_n(left[1])} '
        f'{_n(right[0])},{_n(right[1])}" fill="#{line.stroke}"/>'
    )


def _path(path: Path) -> str:
    d = [f"M{_n(path.start[0])} {_n(path.start[1])}"]
    for (c1x, c1y), (c2x, c2y), (x, y) in path.curves:
        d.append(f"C{_n(c1x)} {_n(c1y)} {_n(c2x)} {_n(c2y)} {_n(x)} {_n(y)}")
    dash = f" stroke-dasharray={_attr(path.dash)}" if path.dash else ""
    return (
        f'<path d="{" ".join(d)}" fill="none" stroke="#{path.stroke}" stroke-width="{_n(path.width)}" '
        f'stroke-linecap="round" stroke-linejoin="round"{dash}/>'
    )
