"""The map inline in Jupyter: a journey shows as its drawing when it is a cell's last value.

The model knows no output format, so the display is registered from outside
it: :func:`register` tells IPython's HTML formatter how to show a
:class:`~cjm.Journey` (``import cjm`` calls it when IPython is running).
The inline view is the map's SVG with its font embedded, scrollable; the
full page with filters is ``cjm.export(journey, "html", "map.html")``.
"""

from __future__ import annotations

import sys
from typing import Any

from cjm.model import Journey

__all__ = ["journey_html", "register"]


def journey_html(journey: Journey) -> str:
    """The map of ``journey`` as an HTML fragment: its SVG in a scrollable box."""
    from cjm.exporters.visual import picture
    from cjm.exporters.visual.fonts import font_set
    from cjm.exporters.visual.svg import render_svg

    fonts = font_set()
    svg = render_svg(picture(journey, fonts), fonts, standalone=False, element_id=f"cjm-{journey.id}")
    return f'<div style="max-width:100%;overflow:auto;background:#fff">{svg}</div>'


def register(shell: Any = None) -> bool:
    """Show journeys as their map in ``shell`` (the running IPython by default); False if none runs."""
    if shell is None:
        ipython = sys.modules.get("IPython")
        get = getattr(ipython, "get_ipython", None) if ipython is not None else None
        shell = get() if get is not None else None
    formatter = getattr(getattr(shell, "display_formatter", None), "formatters", {}).get("text/html")
    if formatter is None:
        return False
    formatter.for_type(Journey, journey_html)
    return True
