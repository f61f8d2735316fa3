"""Commands on journey files: new, validate, export, formats, schema, presets."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cjm.cli.common import EXIT_INVALID, EXIT_OK, UsageError, journey_format, out, print_error
from cjm.errors import InputError
from cjm.exporters import REGISTRY, export, get_exporter, writes_text
from cjm.i18n import LANGUAGES
from cjm.io import dumps, load, read, write_text
from cjm.io.files import STDOUT
from cjm.io.schema import json_schema
from cjm.presets import preset_journey, presets
from cjm.validate import Severity, validate

__all__ = ["register"]


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.path)
    fmt = journey_format(path)
    if path.exists() and not args.force:
        raise UsageError(f"{path} exists; pass --force to replace it")
    journey = preset_journey(args.preset, args.lang, id=args.id, title=args.title)
    write_text(path, dumps(journey, fmt))
    out(
        f"wrote {path}: {_count(len(journey.stages), 'stage')}, {_count(len(journey.lanes), 'lane')} "
        f"(preset {args.preset}, {args.lang})"
    )
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.paths:
        try:
            journey, source = read(name)
        except InputError as exc:
            print_error(exc)
            status = EXIT_INVALID
            continue
        findings = [source.place(f) for f in validate(journey)]
        errors = [f for f in findings if f.severity is Severity.ERROR]
        for finding in findings:
            sys.stderr.write(f"  {finding}\n")
        if errors:
            status = EXIT_INVALID
            sys.stderr.write(f"{name}: invalid, {_count(len(errors), 'error')}\n")
        else:
            warnings = f", {_count(len(findings), 'warning')}" if findings else ""
            items = sum(1 for _ in journey.all_items())
            shape = ", ".join(
                _count(n, noun)
                for n, noun in ((len(journey.stages), "stage"), (len(journey.lanes), "lane"), (items, "item"))
            )
            out(f"{name}: valid ({shape}{warnings})")
    return status


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def cmd_export(args: argparse.Namespace) -> int:
    output = Path(args.output)
    fmt = args.format or _format_from_suffix(output)
    options = _parse_options(args.option or [])
    to_stdout = args.output == STDOUT
    if to_stdout and not writes_text(get_exporter(fmt)):
        raise UsageError(
            f"{fmt} is a binary format; --output - (standard output) takes text formats only: "
            f"{', '.join(_text_formats())}; give a file name"
        )
    journey = load(args.journey)
    if not to_stdout:
        output.parent.mkdir(parents=True, exist_ok=True)
    export(journey, fmt, args.output if to_stdout else output, **options)
    if to_stdout:
        sys.stderr.write(f"wrote standard output ({fmt})\n")
    else:
        out(f"wrote {output} ({fmt})")
    return EXIT_OK


def _text_formats() -> list[str]:
    """The registered formats that write text, by :func:`writes_text`'s rule on their suffixes
    (nothing is imported)."""
    return [info.name for info in REGISTRY.infos() if writes_text(info)]


def _format_from_suffix(output: Path) -> str:
    candidates = REGISTRY.for_path(output)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise UsageError(f"cannot tell the format from {output.name!r}; pass --format (see `cjm formats`)")
    raise UsageError(f"{output.name!r} could be {', '.join(candidates)}; pass --format to choose")


def _parse_options(pairs: Sequence[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--option takes KEY=VALUE; got {pair!r}")
        options[key.replace("-", "_")] = value
    return options


def cmd_formats(args: argparse.Namespace) -> int:
    infos = REGISTRY.infos()
    if args.json:
        rows = [{"name": i.name, "suffixes": list(i.suffixes), "origin": i.origin} for i in infos]
        out(json.dumps(rows))
        return EXIT_OK
    width = max(len(i.name) for i in infos)
    for info in infos:
        suffixes = " ".join(info.suffixes) or "?"
        conflict = f"  CONFLICT with {', '.join(info.conflicts)}" if info.conflicts else ""
        origin = "" if info.origin == "built-in" else f"  [{info.origin}]"
        out(f"{info.name:<{width}}  {suffixes:<16} {info.description}{origin}{conflict}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.project:
        from cjm.project.schema import project_schema

        schema = project_schema()
    else:
        schema = json_schema()
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if args.output and args.output != STDOUT:
        write_text(args.output, text)
        out(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_presets(args: argparse.Namespace) -> int:
    for info in presets(args.lang):
        out(f"{info.name}: {info.title}\n    {' → '.join(info.stages)}")
    return EXIT_OK


def register(commands: Any) -> None:
    """Add this module's subcommands to the ``cjm`` parser."""

    new = commands.add_parser("new", help="write a starter journey file from a preset")
    new.add_argument("path", help="the file to write (.yaml or .json)")
    new.add_argument("--preset", required=True, help="preset name (see `cjm presets`)")
    new.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the preset's text (default en)"
    )
    new.add_argument("--id", help="journey id (default: the preset name)")
    new.add_argument("--title", help="journey title (default: the preset title)")
    new.add_argument("--force", action="store_true", help="replace the file if it exists")
    new.set_defaults(run=cmd_new)

    check = commands.add_parser(
        "validate", help="check journey files; list every problem with file, line and path"
    )
    check.add_argument("paths", nargs="+", metavar="JOURNEY", help="journey files (.yaml, .yml, .json)")
    check.set_defaults(run=cmd_validate)

    exp = commands.add_parser("export", help="write a journey in another format")
    exp.add_argument("journey", help="the journey file")
    exp.add_argument(
        "--format", "-f", help="exporter name (default: from the output suffix; see `cjm formats`)"
    )
    exp.add_argument(
        "--output", "-o", required=True, help="the file to write; - for standard output (text formats)"
    )
    exp.add_argument(
        "--option",
        action="append",
        metavar="KEY=VALUE",
        help="an exporter option (repeatable), e.g. language=en",
    )
    exp.set_defaults(run=cmd_export)

    formats = commands.add_parser("formats", help="list the exporters available")
    formats.add_argument("--json", action="store_true", help="as JSON")
    formats.set_defaults(run=cmd_formats)

    schema = commands.add_parser("schema", help="print the JSON Schema of journey files")
    schema.add_argument("--output", "-o", help="write it to this file instead of stdout")
    schema.add_argument("--project", action="store_true", help="the schema of project files (cjm.yaml)")
    schema.set_defaults(run=cmd_schema)

    preset_list = commands.add_parser("presets", help="list the shipped presets")
    preset_list.add_argument("--lang", choices=LANGUAGES, default="en")
    preset_list.set_defaults(run=cmd_presets)
