"""Field-work commands: guide, letters, evidence, survey."""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path
from typing import Any

import attrs

from cjm.cli.common import (
    EXIT_OK,
    Maker,
    UsageError,
    checked_path,
    deck_bytes,
    journey_format,
    make_by_suffix,
    out,
    write_content,
)
from cjm.i18n import LANGUAGES
from cjm.io import dumps, format_for, load
from cjm.io.voc import merge_evidence, read_evidence
from cjm.validate import ensure_valid
from cjm.voc.consistency import dealer_consistency
from cjm.voc.coverage import evidence_coverage
from cjm.voc.guide import render_guide_markdown
from cjm.voc.survey import DIMENSIONS, emotions_from_scores, score_file

__all__ = ["register"]

#: What each command writes, by suffix.
GUIDE_SUFFIXES = (".md", ".xlsx", ".pptx")
COVERAGE_SUFFIXES = (".xlsx", ".pptx")
SURVEY_REPORT_SUFFIXES = (".pptx", ".xlsx")


def cmd_guide(args: argparse.Namespace) -> int:
    output = checked_path(args.output, GUIDE_SUFFIXES, "the guide")
    journey = load(args.journey)

    def workbook() -> bytes:
        from cjm.voc.guide_xlsx import guide_workbook

        return guide_workbook(journey, args.lang)

    makers: dict[str, Maker] = {
        ".md": lambda: render_guide_markdown(journey, args.lang),
        ".xlsx": workbook,
        ".pptx": lambda: deck_bytes(journey, "voc-guide", language=args.lang),
    }
    write_content(output, make_by_suffix(output, makers, "the guide"))
    out(f"wrote {output}")
    return EXIT_OK


def cmd_letters(args: argparse.Namespace) -> int:
    # imported here: python-docx (and lxml) are loaded only by the command that writes letters
    from cjm.voc.letters import default_template, merge_letters, read_recipients, write_letters

    recipients = read_recipients(args.recipients)
    if args.template:
        template_path = Path(args.template)
        template, template_name = template_path.read_text(encoding="utf-8-sig"), str(template_path)
    else:
        template, template_name = default_template(args.lang), f"letter.{args.lang}.md (shipped)"
    values: dict[str, str] = {}
    for pair in args.set or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set takes NAME=VALUE; got {pair!r}")
        values[key.strip()] = value
    letters = merge_letters(recipients, template, values=values, template_name=template_name)
    written = write_letters(letters, args.output_dir)
    out(f"wrote {len(letters)} letter(s), {len(written)} files, to {args.output_dir}")
    return EXIT_OK


def cmd_evidence_add(args: argparse.Namespace) -> int:
    fmt = journey_format(args.output, "--output") if args.output else None
    journey = load(args.journey)
    new = read_evidence(args.voc)
    known = {e.id for e in journey.evidence}
    updated = ensure_valid(attrs.evolve(journey, evidence=merge_evidence(journey.evidence, new)))
    output = Path(args.output or args.journey)
    write_content(output, dumps(updated, fmt or format_for(output)), make_folder=False)
    added = sum(1 for e in new if e.id not in known)
    out(f"wrote {output}: {added} evidence entries added, {len(new) - added} replaced")
    return EXIT_OK


def cmd_evidence_coverage(args: argparse.Namespace) -> int:
    output = checked_path(args.output, COVERAGE_SUFFIXES, "the coverage") if args.output else None
    journey = load(args.journey)
    if output is not None:

        def workbook() -> bytes:
            from cjm.exporters.excel.views import coverage_workbook

            return coverage_workbook(journey)

        makers: dict[str, Maker] = {".xlsx": workbook, ".pptx": lambda: deck_bytes(journey, "coverage")}
        write_content(output, make_by_suffix(output, makers, "the coverage"))
        out(f"wrote {output}")
    coverage = evidence_coverage(journey)
    out("stage".ljust(22) + "".join(role[:12].rjust(13) for role in coverage.roles) + "   direct  rules")
    for row in coverage.stages:
        counts = "".join(str(row.by_role.get(role, 0)).rjust(13) for role in coverage.roles)
        status = (
            "ok"
            if row.complete
            else ", ".join(
                ([f"needs {', '.join(row.missing_roles)}"] if row.missing_roles else [])
                + ([] if row.enough_direct else ["too few direct sessions"])
            )
        )
        out(f"{_pad(row.name, 22)}{counts}{row.direct:>9}  {status}")
    if coverage.unstaged:
        out(f"({coverage.unstaged} evidence entries name no stage)")
    return EXIT_OK


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Hangul syllable takes two)."""
    shown = ""
    used = 0
    for char in text:
        size = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used + size > width - 1:
            break
        shown += char
        used += size
    return shown + " " * (width - used)


def cmd_survey(args: argparse.Namespace) -> int:
    # Every argument is checked before the responses are scored.
    by = args.by.split(",")
    for dimension in by:
        if dimension not in DIMENSIONS:
            raise UsageError(f"--by takes {', '.join(DIMENSIONS)}; got {dimension!r}")
    if args.report and not args.journey:
        raise UsageError("--report needs --journey: the report is laid out by the journey's stages")
    if args.output and not args.journey:
        raise UsageError("--output needs --journey: the emotion curve is set on a journey")
    report = checked_path(args.report, SURVEY_REPORT_SUFFIXES, "--report") if args.report else None
    fmt = journey_format(args.output, "--output") if args.output else None
    journey = load(args.journey) if args.journey else None
    stages = [s.id for s in journey.stages] if journey else None
    result = score_file(args.responses, stages=stages, min_n=args.min_n)
    out(f"{result.responses} responses")
    for dimension in by:
        out(f"by {dimension}")
        order = stages if dimension == "stage" and stages else ()
        for key, _instrument, score in result.table(dimension, order):
            out(f"  {_pad(key, 26)}{score}")
    comparisons = dealer_consistency(result)
    flagged = [c for c in comparisons if c.flagged]
    out(f"dealer consistency: {len(flagged)} dealer score(s) differ beyond chance")
    for c in flagged:
        z = f"z {c.z:+.1f}" if c.z is not None else ""
        out(f"  {c.dealer} {c.instrument.value.upper()} {c.direction}: {c.score} vs others {c.others} ({z})")
    # Everything is made (and the journey checked) before anything is written.
    content = None
    if report is not None and journey is not None:
        content = make_by_suffix(report, _survey_makers(result, journey), "--report")
    if fmt is not None and journey is not None:
        updated, notes = emotions_from_scores(journey, result, source=args.responses)
        text = dumps(ensure_valid(updated), fmt)
        # the journey first: the report is written only once the journey is
        output = Path(args.output)
        write_content(output, text, make_folder=False)
        for note in notes:
            out(f"  not set: {note}")
        out(f"wrote {output}: emotion curve from the survey")
    if report is not None and content is not None:
        write_content(report, content)
        out(f"wrote {report}: scores by dealer and stage")
    return EXIT_OK


def _survey_makers(result: Any, journey: Any) -> dict[str, Maker]:
    """The dealer × stage heatmap, by suffix."""

    def deck() -> bytes:
        from cjm.exporters.powerpoint.analysis import dealer_heatmap_builder

        return deck_bytes(journey, dealer_heatmap_builder(result, journey))

    def workbook() -> bytes:
        from cjm.exporters.excel.views import dealer_heatmap_workbook

        return dealer_heatmap_workbook(result, journey)

    return {".pptx": deck, ".xlsx": workbook}


def register(commands: Any) -> None:
    """Add this module's subcommands to the ``cjm`` parser."""
    guide = commands.add_parser("guide", help="the VOC interview guide of a journey, as .md, .xlsx or .pptx")
    guide.add_argument("journey")
    guide.add_argument("--output", "-o", required=True)
    guide.add_argument(
        "--lang", choices=LANGUAGES, help="language of the shipped questions (default: the journey's)"
    )
    guide.set_defaults(run=cmd_guide)

    letters = commands.add_parser(
        "letters", help="mail-merge invitation letters (.docx and .md) for a recipients list"
    )
    letters.add_argument(
        "recipients", help="recipients CSV: organisation, department, name, title, contact, proposed_times"
    )
    letters.add_argument("--output-dir", required=True)
    letters.add_argument("--template", help="your own letter template (Markdown with {placeholders})")
    letters.add_argument(
        "--lang", choices=LANGUAGES, default="ko", help="shipped template language (default ko)"
    )
    letters.add_argument(
        "--set", action="append", metavar="NAME=VALUE", help="a value for every letter, e.g. company=ABC사"
    )
    letters.set_defaults(run=cmd_letters)

    evidence = commands.add_parser("evidence", help="the VOC log: add evidence, show coverage")
    actions = evidence.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add (or replace) evidence from a VOC log CSV")
    add.add_argument("journey")
    add.add_argument("voc", help="VOC log (.csv or .xlsx)")
    add.add_argument("--output", "-o", help="write here instead of updating the journey file")
    add.set_defaults(run=cmd_evidence_add)
    cov = actions.add_parser("coverage", help="evidence per stage and source role, against the field rules")
    cov.add_argument("journey")
    cov.add_argument("--output", "-o", help="also write it as a sheet (.xlsx) or a slide (.pptx)")
    cov.set_defaults(run=cmd_evidence_coverage)

    survey = commands.add_parser("survey", help="NPS, CSAT and CES per stage, touchpoint, persona and dealer")
    survey.add_argument("responses", help="responses (.csv or .xlsx)")
    survey.add_argument("--journey", help="the journey: checks stages; with --output, sets its emotion curve")
    survey.add_argument("--by", default="stage,dealer", help=f"groupings to print: {', '.join(DIMENSIONS)}")
    survey.add_argument("--min-n", type=int, default=30, help="fewer responses than this are a small sample")
    survey.add_argument("--output", "-o", help="write the journey with its emotion curve set from the scores")
    survey.add_argument(
        "--report", help="write the dealer × stage heatmap as a slide (.pptx) or sheet (.xlsx)"
    )
    survey.set_defaults(run=cmd_survey)
