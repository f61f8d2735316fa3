"""The visual journey map: one drawing, written as SVG, as an HTML page and as PNG.

The map is read from the journey once (:mod:`.content`), laid out once
(:mod:`.layout` for the map, :mod:`.blueprint` for the service blueprint, the
emotion curve in :mod:`.curve`) into a :class:`~.scene.Scene` of boxes, text
lines, lines and curves, with text measured in the font that draws it
(:mod:`.fonts`, :mod:`.wrap`).  Thin writers turn the scene into SVG
(:mod:`.svg`), an offline interactive page (:mod:`.page`) and PNG (:mod:`.png`);
the deck's overview slide draws the same scene as native shapes.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from cjm.errors import ExportOptionError
from cjm.exporters import check_options
from cjm.exporters.visual.blueprint import blueprint_scenes
from cjm.exporters.visual.content import MapContent, map_content
from cjm.exporters.visual.fonts import FontSet, font_set
from cjm.exporters.visual.layout import map_scenes
from cjm.exporters.visual.page import render_page
from cjm.exporters.visual.scene import Scene, stack
from cjm.exporters.visual.svg import render_svg
from cjm.model import Journey

__all__ = ["HtmlExporter", "PngExporter", "SvgExporter", "map_content", "picture", "render_html"]

_VIEWS = ("map", "blueprint")
_FONT_OPTIONS = {"font": None, "bold_font": None}


def _fonts(opts: dict[str, Any]) -> FontSet:
    return font_set(opts["font"], opts["bold_font"])


def _flag(name: str, value: Any) -> bool:
    """An on/off option, as Python gives it or as the command line does ("false", "no", "0" …)."""
    if isinstance(value, bool):
        return value
    words = {
        "true": True,
        "yes": True,
        "on": True,
        "1": True,
        "false": False,
        "no": False,
        "off": False,
        "0": False,
    }
    if isinstance(value, str) and value.strip().lower() in words:
        return words[value.strip().lower()]
    raise ExportOptionError(f"{name} must be true or false, not {value!r}")


def _number(name: str, value: Any) -> float:
    """A number option, as Python gives it or as text from the command line."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        raise ExportOptionError(f"{name} must be a number, not {value!r}") from None


def picture(journey: Journey, fonts: FontSet, *, view: str = "map", language: str | None = None) -> Scene:
    """The map (or the blueprint) of ``journey`` as one scene, its pages one under another."""
    if view not in _VIEWS:
        raise ExportOptionError(f"view must be one of {', '.join(_VIEWS)}, not {view!r}")
    lang = language or journey.language
    if view == "map":
        scenes = map_scenes(map_content(journey, language=lang), fonts)
    else:
        scenes = blueprint_scenes(journey, fonts, language=lang)
        if not scenes:
            raise ExportOptionError(
                f"journey {journey.id!r} has no service blueprint to draw (blueprint.nodes)"
            )
    return stack(scenes, journey.title)


def render_html(
    journey: Journey, fonts: FontSet | None = None, *, language: str | None = None, embed_fonts: bool = True
) -> str:
    """The offline HTML page of ``journey``: the map, the blueprint when there is one, the data."""
    fonts = fonts or font_set()
    content: MapContent = map_content(journey, language=language)
    maps = map_scenes(content, fonts)
    blueprints = blueprint_scenes(journey, fonts, language=content.language)
    return render_page(content, maps, blueprints, fonts, embed_fonts=embed_fonts)


class SvgExporter:
    """The visual map (or the service blueprint) as one SVG picture."""

    name = "svg"
    suffixes = (".svg",)
    description = "The visual journey map as SVG: stages across, lanes down, the emotion curve drawn."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        opts = check_options(
            self.name, options, {"language": None, "view": "map", "embed_fonts": True, **_FONT_OPTIONS}
        )
        fonts = _fonts(opts)
        scene = picture(journey, fonts, view=opts["view"], language=opts["language"])
        dest.write(
            render_svg(scene, fonts, embed_fonts=_flag("embed_fonts", opts["embed_fonts"])).encode("utf-8")
        )


class HtmlExporter:
    """The visual map as one offline, interactive HTML page."""

    name = "html"
    suffixes = (".html", ".htm")
    description = "The visual map as one offline HTML page: filters, search, evidence on click, A3 print."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        opts = check_options(self.name, options, {"language": None, "embed_fonts": True, **_FONT_OPTIONS})
        page = render_html(
            journey,
            _fonts(opts),
            language=opts["language"],
            embed_fonts=_flag("embed_fonts", opts["embed_fonts"]),
        )
        dest.write(page.encode("utf-8"))


class PngExporter:
    """The visual map (or the blueprint) as a PNG picture, rendered from the SVG by resvg."""

    name = "png"
    suffixes = (".png",)
    description = "The visual journey map as a PNG picture (A3 width at 96 dpi times the scale)."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        from cjm.exporters.visual.png import render_png

        opts = check_options(
            self.name, options, {"language": None, "view": "map", "scale": 1.0, **_FONT_OPTIONS}
        )
        fonts = _fonts(opts)
        scene = picture(journey, fonts, view=opts["view"], language=opts["language"])
        dest.write(render_png(scene, fonts, scale=_number("scale", opts["scale"])))
