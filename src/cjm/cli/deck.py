"""``cjm deck``: an editable PowerPoint workshop deck from a journey file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cjm.cli.common import EXIT_OK, UsageError, out
from cjm.i18n import LANGUAGES, language_of, pick
from cjm.io import load

__all__ = ["register"]


def cmd_deck(args: argparse.Namespace) -> int:
    # imported here: python-pptx is loaded only by the command that needs it
    from cjm.exporters.powerpoint import CATALOG, Deck, parse_layouts, parse_slides

    if args.list_slides:
        language = language_of(args.lang or "en")
        for name in CATALOG.names():
            out(f"{name:<20} {pick(CATALOG.get(name).title, language)}")
        return EXIT_OK
    if not args.journey or not args.output:
        raise UsageError("cjm deck needs a journey file and --output FILE.pptx (or --list-slides)")
    output = Path(args.output)
    if output.suffix.lower() != ".pptx":
        raise UsageError(f"a deck is written as .pptx; got {output.name!r}")
    slides = parse_slides(args.slides)
    layouts = parse_layouts(";".join(args.layout or []))
    journey = load(args.journey)
    deck = Deck.standard(journey, slides=slides, language=args.lang, template=args.template, layouts=layouts)
    output.parent.mkdir(parents=True, exist_ok=True)
    deck.save(output)
    for note in deck.fallbacks:
        sys.stderr.write(f"cjm: note: {note}\n")
    design = f"template {args.template}" if args.template else "built-in 16:9 design"
    out(f"wrote {output}: {deck.slide_count} slides ({deck.wording}, {design})")
    return EXIT_OK


def register(commands: Any) -> None:
    """Add ``cjm deck`` to the ``cjm`` parser."""
    deck = commands.add_parser(
        "deck",
        help="write an editable PowerPoint workshop deck (native tables, charts, speaker notes)",
        description=(
            "Write a workshop deck of the journey: map overview, emotion curve, stage details, "
            "Moments of Truth, priority matrices, KPIs, evidence, VOC guide, LEAD and 3C slides."
        ),
    )
    deck.add_argument("journey", nargs="?", help="the journey file (.yaml, .yml, .json)")
    deck.add_argument("--output", "-o", help="the deck to write (.pptx)")
    deck.add_argument(
        "--slides",
        metavar="NAMES",
        help="comma-separated slides, in this order (default: the standard deck; see --list-slides)",
    )
    deck.add_argument("--template", metavar="FILE", help="a corporate .pptx or .potx to build the slides on")
    deck.add_argument(
        "--layout",
        action="append",
        metavar="ROLE=NAME",
        help="the template layout for a role (title, content), e.g. --layout 'content=Title Only'",
    )
    deck.add_argument(
        "--lang", choices=LANGUAGES, help="language of cjm's own wording (default: the journey's)"
    )
    deck.add_argument("--list-slides", action="store_true", help="list the slide names and exit")
    deck.set_defaults(run=cmd_deck)
