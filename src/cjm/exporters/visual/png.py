"""The scene as PNG: its SVG rasterised by resvg, with the very font files it was measured in.

resvg (through resvg-py, a compiled wheel with no system libraries) was
chosen over CairoSVG: both draw the map's Hangul right, but resvg needs no
Cairo on the machine and takes the measured font files explicitly, so the
picture matches the browser's.  The SVG is rendered without its embedded
font subset (resvg does not read ``@font-face``); it finds the same faces in
the files handed to it.
"""

from __future__ import annotations

from cjm.errors import ExportOptionError, MissingDependencyError
from cjm.exporters.visual.fonts import FontSet
from cjm.exporters.visual.scene import Scene
from cjm.exporters.visual.svg import render_svg

__all__ = ["MAX_PIXELS", "render_png"]

#: The largest picture drawn, in pixels (a 12-stage, 40-items-a-cell map at scale 2 is far below).
MAX_PIXELS = 120_000_000


def render_png(scene: Scene, fonts: FontSet, *, scale: float = 1.0) -> bytes:
    """PNG bytes of ``scene`` at ``scale`` × its size in px."""
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not 0.25 <= scale <= 8:
        raise ExportOptionError(f"scale must be a number from 0.25 to 8, not {scale!r}")
    if scene.width * scene.height * scale * scale > MAX_PIXELS:
        raise ExportOptionError(
            f"the picture would be {round(scene.width * scale)} × {round(scene.height * scale)} px, "
            f"more than {MAX_PIXELS:,} pixels; use a smaller scale"
        )
    try:
        import resvg_py
    except ImportError as exc:
        raise MissingDependencyError(
            "the 'png' exporter needs resvg-py, which is not installed: pip install 'cjmkit[png]'"
        ) from exc
    svg = render_svg(scene, fonts, embed_fonts=False)
    try:
        return bytes(
            resvg_py.svg_to_bytes(
                svg_string=svg,
                zoom=float(scale),
                font_files=fonts.files or None,
                background="#ffffff",
            )
        )
    except ValueError as exc:  # resvg's word for a picture it cannot draw
        raise ExportOptionError(f"the picture could not be rasterised: {exc}") from exc
