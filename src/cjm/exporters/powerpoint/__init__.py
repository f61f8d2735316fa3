"""Editable PowerPoint workshop decks: native tables, charts and shapes, speaker notes.

The ``pptx`` exporter writes the standard deck (or chosen slides) of a journey,
on the built-in 16:9 design or on a corporate template::

    cjm.export(journey, "pptx", "deck.pptx", language="ko",
               slides="overview,emotion,stages", template="company.pptx")

The same options work as strings from ``cjm export --option key=value``.  For
more control, compose a :class:`Deck` from slide builders (see
``docs/powerpoint.md``).

Modules: :mod:`~cjm.exporters.powerpoint.deck` (the deck API),
:mod:`~cjm.exporters.powerpoint.builders` (the slides),
:mod:`~cjm.exporters.powerpoint.overview` (the opening map, drawn by
:mod:`~cjm.exporters.powerpoint.scene` from the visual map's scene),
:mod:`~cjm.exporters.powerpoint.fitting` (text measuring and continuation),
:mod:`~cjm.exporters.powerpoint.design` (built-in design and templates),
:mod:`~cjm.exporters.powerpoint.drawing` (native shapes),
:mod:`~cjm.exporters.powerpoint.wording` (Korean and English wording),
:mod:`~cjm.exporters.powerpoint.partnames` (the one python-pptx adapter).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

from cjm.errors import ExportOptionError
from cjm.exporters import check_options
from cjm.exporters.powerpoint.deck import (
    CATALOG,
    Deck,
    DeckContext,
    SlideBuilder,
    SlideCatalog,
    TableFlow,
    TextFlow,
    register_slide,
    slide_builder,
)
from cjm.exporters.powerpoint.design import LAYOUT_NAMES, Rect
from cjm.model import Journey

__all__ = [
    "CATALOG",
    "LAYOUT_NAMES",
    "Deck",
    "DeckContext",
    "PptxExporter",
    "Rect",
    "SlideBuilder",
    "SlideCatalog",
    "TableFlow",
    "TextFlow",
    "deck_from_options",
    "parse_layouts",
    "parse_slides",
    "register_slide",
    "slide_builder",
    "slide_names",
]

#: The exporter's options and their defaults.
OPTIONS: dict[str, Any] = {"language": None, "slides": None, "template": None, "layouts": None}


def slide_names() -> list[str]:
    """Every slide builder's name, in standard deck order (what ``--slides`` accepts)."""
    return CATALOG.names()


def parse_slides(value: str | Iterable[str] | None) -> list[str] | None:
    """``"overview, emotion"`` or ``["overview", "emotion"]`` -> names; None or "" -> None (all)."""
    if value is None:
        return None
    names = value.split(",") if isinstance(value, str) else list(value)
    cleaned = [name.strip() for name in names if name.strip()]
    if not cleaned:
        return None
    for name in cleaned:
        CATALOG.get(name)  # raises, naming the slides there are
    return cleaned


def parse_layouts(value: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"content=Body; title=Cover"`` or a mapping -> {role: layout name}."""
    if value is None or value == "":
        return {}
    if not isinstance(value, str):
        return {str(k): str(v) for k, v in value.items()}
    layouts = {}
    for pair in value.split(";"):
        if not pair.strip():
            continue
        role, sep, name = pair.partition("=")
        if not sep or not role.strip() or not name.strip():
            raise ExportOptionError(
                f"the 'pptx' exporter's option layouts takes ROLE=LAYOUT NAME; got {pair!r}"
            )
        layouts[role.strip()] = name.strip()
    return layouts


def deck_from_options(
    journey: Journey,
    *,
    language: str | None = None,
    slides: str | Iterable[str] | None = None,
    template: str | os.PathLike[str] | None = None,
    layouts: str | Mapping[str, str] | None = None,
) -> Deck:
    """The deck the exporter writes for these options (strings as from the command line)."""
    return Deck.standard(
        journey,
        slides=parse_slides(slides),
        language=language or None,
        template=template or None,
        layouts=parse_layouts(layouts),
    )


class PptxExporter:
    """An editable workshop deck: options ``language``, ``slides``, ``template``, ``layouts``."""

    name = "pptx"
    suffixes = (".pptx",)
    description = "An editable PowerPoint workshop deck: native tables, charts and shapes, speaker notes."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        opts = check_options(self.name, options, OPTIONS)
        deck_from_options(journey, **opts).write(dest)
