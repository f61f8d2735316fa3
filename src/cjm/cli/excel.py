"""Commands for Excel workbooks: ``cjm template`` writes one to fill in, ``cjm import`` reads it back.

openpyxl and the workbook reader are imported by the commands that use them,
so that every other ``cjm`` command starts without them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cjm.cli.common import EXIT_OK, UsageError, out
from cjm.i18n import LANGUAGES
from cjm.io import dumps, format_for, load, write_text
from cjm.io.files import atomic_writer
from cjm.io.workbook.layout import LAYOUTS
from cjm.presets import preset_journey
from cjm.validate import ensure_valid

__all__ = ["register"]


def cmd_template(args: argparse.Namespace) -> int:
    from cjm.exporters.excel import write_template

    if bool(args.journey) == bool(args.preset):
        raise UsageError("give a journey file or --preset NAME (one of them)")
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(
            f"the template is an Excel workbook; --output must end in .xlsx, got {output.name!r}"
        )
    if args.journey:
        journey = load(args.journey)  # checked as it is read
        source = args.journey
    else:
        journey = ensure_valid(preset_journey(args.preset, args.lang or "en"))
        source = f"preset {args.preset}"
    output.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(output) as stream:
        write_template(journey, stream, language=args.lang, layout=args.layout)
    out(
        f"wrote {output}: a template of {source} to fill in "
        f"({len(journey.stages)} stages, {len(journey.lanes)} lanes)"
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from cjm.io.workbook import changes, read_workbook

    workbook = Path(args.workbook)
    if args.into is None and args.output is None and not args.dry_run:
        raise UsageError(
            "say where the result goes: --into JOURNEY (merge), --output FILE (a new file), or --dry-run"
        )
    base = load(args.into) if args.into else None
    result = read_workbook(workbook, into=base)
    if args.dry_run:
        if base is None:
            items = sum(1 for _ in result.all_items())
            out(
                f"{workbook}: a journey of {len(result.stages)} stages, {len(result.lanes)} lanes, "
                f"{items} items, {len(result.evidence)} evidence rows (nothing written)"
            )
            return EXIT_OK
        found = changes(base, result)
        if not found:
            out("no changes")
        for change in found:
            out(str(change))
        return EXIT_OK
    target = args.output or args.into
    if base is not None and args.output is None and not changes(base, result):
        out(f"no changes from {workbook}; {target} left as it was")  # nothing to write, nothing touched
        return EXIT_OK
    write_text(target, dumps(result, format_for(target)))
    if base is None:
        out(f"wrote {target} from {workbook}")
    else:
        count = len(changes(base, result))
        out(f"wrote {target}: {count} change{'s' if count != 1 else ''} from {workbook}")
    return EXIT_OK


def _format_checked(value: str) -> str:
    try:
        format_for(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def register(commands: Any) -> None:
    """Add ``template`` and ``import`` to the ``cjm`` parser."""
    template = commands.add_parser(
        "template", help="write an Excel template to fill in (V2.0 grid, dropdowns, protected headers)"
    )
    template.add_argument("journey", nargs="?", help="a journey file whose content the template carries")
    template.add_argument("--preset", help="start from a preset instead (see `cjm presets`)")
    template.add_argument(
        "--lang", choices=LANGUAGES, help="language of the workbook (default: the journey's)"
    )
    template.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="grid",
        help="grid: stages as rows (default); wall: stages as columns",
    )
    template.add_argument("--output", "-o", required=True, help="the .xlsx file to write")
    template.set_defaults(run=cmd_template)

    imp = commands.add_parser(
        "import", help="read a filled workbook back: merge it into a journey, or write a new journey file"
    )
    imp.add_argument("workbook", help="an .xlsx file written by `cjm export` or `cjm template`")
    imp.add_argument(
        "--into",
        type=_format_checked,
        metavar="JOURNEY",
        help="merge into this journey file (written back in place unless --output)",
    )
    imp.add_argument("--output", "-o", type=_format_checked, help="write the result to this new file")
    imp.add_argument(
        "--dry-run", action="store_true", help="print the changes (or 'no changes'); write nothing"
    )
    imp.set_defaults(run=cmd_import)
