"""The visual map of a 1,000-item journey: SVG, HTML page and PNG, and the page in Chromium.

Run:  python benchmarks/bench_visual.py [--items 1000] [--stages 12] [--no-browser]

The journey comes from cjm.exporters.visual.synthetic (12 stages, 8 lanes,
3 personas by default).  Each output is timed cold (the first call in the
process: font metrics read, font subsets cut) and warm (the same call again).
Goals: HTML and SVG under 1 s, PNG under 2 s, the page's first filter
response under 1 s.  Baselines, measured in the same run:

* PNG: the same SVG rasterised by CairoSVG, the other maintained rasteriser
  (ratio = CairoSVG's time / resvg's: above 1 means cjm's choice is faster);
  skipped when CairoSVG is not installed (``pip install cairosvg``);
* SVG: the same scene written by the standard library's ElementTree, the
  plain way to write XML (ratio = ElementTree / cjm).

The browser part needs Playwright and Debian's Chromium (the test extra and
the README's test command install both).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cjm.exporters.visual import fonts as fonts_module
from cjm.exporters.visual import picture, render_html
from cjm.exporters.visual.fonts import font_set
from cjm.exporters.visual.png import render_png
from cjm.exporters.visual.scene import Box, Dot, Group, Line, Scene, TextBlock
from cjm.exporters.visual.scene import Path as Curve
from cjm.exporters.visual.svg import render_svg
from cjm.exporters.visual.synthetic import synthetic_map


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def cold(function: Callable[[], Any]) -> tuple[float, Any]:
    """``function`` timed as a fresh process would run it: the font read and subset anew."""
    fonts_module._system_set.cache_clear()
    fonts_module._face.cache_clear()
    fonts_module._subset.cache_clear()
    return timed(function)


def with_elementtree(scene: Scene) -> bytes:
    """The scene as SVG through ElementTree: the baseline writer."""
    root = ET.Element(
        "svg", xmlns="http://www.w3.org/2000/svg", width=str(scene.width), height=str(scene.height)
    )

    def add(parent: ET.Element, shape: Any) -> None:
        if isinstance(shape, Group):
            group = ET.SubElement(parent, "g", {f"data-{k}": v for k, v in shape.data.items()})
            for child in shape.children:
                add(group, child)
        elif isinstance(shape, Box):
            ET.SubElement(
                parent,
                "rect",
                x=str(shape.x),
                y=str(shape.y),
                width=str(shape.w),
                height=str(shape.h),
                fill=f"#{shape.fill}" if shape.fill else "none",
            )
        elif isinstance(shape, TextBlock):
            text = ET.SubElement(parent, "text", {"font-size": str(shape.size)})
            for i, line in enumerate(shape.lines):
                span = ET.SubElement(
                    text, "tspan", x=str(shape.x), y=str(shape.y + i * shape.size * shape.line_height)
                )
                span.text = line
        elif isinstance(shape, Line):
            ET.SubElement(
                parent, "line", x1=str(shape.x1), y1=str(shape.y1), x2=str(shape.x2), y2=str(shape.y2)
            )
        elif isinstance(shape, Dot):
            ET.SubElement(parent, "circle", cx=str(shape.cx), cy=str(shape.cy), r=str(shape.r))
        elif isinstance(shape, Curve):
            d = f"M{shape.start[0]} {shape.start[1]}" + "".join(
                f"C{a[0]} {a[1]} {b[0]} {b[1]} {c[0]} {c[1]}" for a, b, c in shape.curves
            )
            ET.SubElement(parent, "path", d=d)

    for shape in scene.children:
        add(root, shape)
    return ET.tostring(root, encoding="utf-8")


def browser_figures(path: Path) -> tuple[float, float] | None:
    """Seconds to the page's ready mark, and to the first filter's response, in headless Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").is_file():
        return None
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-ready=true]")
        ready = time.perf_counter() - start
        start = time.perf_counter()
        page.uncheck('input[name=label][value="idea"]')
        page.wait_for_function("document.querySelectorAll('g.item.is-hidden').length > 0")
        response = time.perf_counter() - start
        browser.close()
    return ready, response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--stages", type=int, default=12)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    journey = synthetic_map(args.items, stages=args.stages)
    fonts = font_set()
    cells = sum(1 for _ in journey.all_items())
    print(
        f"journey: {cells} items in cells, {len(journey.pain_points)} pain points, "
        f"{len(journey.opportunities)} opportunities, {len(journey.metrics)} KPIs, "
        f"{len(journey.stages)} stages"
    )
    html_cold, page = cold(lambda: render_html(journey, font_set()))
    html_warm, page = timed(lambda: render_html(journey, fonts))
    svg_cold, svg = cold(lambda: render_svg(picture(journey, font_set()), font_set()))
    fonts = font_set()
    scene_time, scene = timed(lambda: picture(journey, fonts))
    svg_warm, svg = timed(lambda: render_svg(scene, fonts))
    plain_time, plain = timed(lambda: render_svg(scene, fonts, embed_fonts=False))
    tree_time, tree = timed(lambda: with_elementtree(scene))
    png_cold, png = cold(lambda: render_png(picture(journey, font_set()), font_set()))
    png_time, png = timed(lambda: render_png(scene, fonts))
    size = len(page.encode()) / 1e6
    print(f"html   cold {html_cold:6.3f} s  warm {html_warm:6.3f} s  size {size:.2f} MB   goal < 1 s")
    print(f"layout      {scene_time:6.3f} s  ({scene.width:.0f} × {scene.height:.0f} px)")
    svg_size = len(svg.encode()) / 1e6
    print(f"svg    cold {svg_cold:6.3f} s  warm {svg_warm:6.3f} s  size {svg_size:.2f} MB   goal < 1 s")
    ratio = tree_time / plain_time
    print(f"svg without the font {plain_time:.3f} s, ElementTree {tree_time:.3f} s: ratio {ratio:.2f}")
    print(f"png    cold {png_cold:6.3f} s  warm {png_time:6.3f} s  size {len(png) / 1e6:.2f} MB   goal < 2 s")
    try:
        import cairosvg
    except ImportError:
        print("png baseline: CairoSVG is not installed (pip install cairosvg)")
    else:
        plain_svg = render_svg(scene, fonts, embed_fonts=False)
        cairo_time, _ = timed(lambda: cairosvg.svg2png(bytestring=plain_svg.encode("utf-8")))
        print(f"png baseline: CairoSVG {cairo_time:.3f} s: ratio {cairo_time / png_time:.2f}")
    if not args.no_browser:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "map.html"
            path.write_text(page, encoding="utf-8")
            figures = browser_figures(path)
        if figures is None:
            print("browser: Playwright or /usr/bin/chromium is missing; skipped")
        else:
            print(f"browser: ready {figures[0]:.3f} s, first filter response {figures[1]:.3f} s   goal < 1 s")
    assert plain.count("<tspan") == tree.count(b"<tspan"), "both writers wrote the same text lines"


if __name__ == "__main__":
    main()
