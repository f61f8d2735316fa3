"""Commands on evidence and versions: check, promote, diff, blueprint."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cjm.cli.common import (
    EXIT_INVALID,
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
from cjm.io import dumps, load, read
from cjm.io.voc import read_evidence
from cjm.validate import Severity, all_rules, staleness_rules, validate
from cjm.versions import diff, promote, render_markdown, render_text

__all__ = ["register"]

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

#: What ``diff --output`` writes, by suffix.
DIFF_SUFFIXES = (".md", ".xlsx", ".pptx")


def cmd_check(args: argparse.Namespace) -> int:
    journey, source = read(args.journey)
    rules = all_rules()
    if args.stale_after is not None:
        rules += staleness_rules(args.stale_after)
    findings = [source.place(f) for f in validate(journey, rules)]
    shown = [f for f in findings if args.all or f.severity is not Severity.INFO]
    by_rule: dict[tuple[Severity, str], list[Any]] = {}
    for finding in sorted(shown, key=lambda f: (_ORDER[f.severity], f.rule)):
        by_rule.setdefault((finding.severity, finding.rule), []).append(finding)
    for (severity, rule), group in by_rule.items():
        out(f"{severity.value.upper()} {rule} ({len(group)})")
        for finding in group:
            out(f"  {finding.where}: {finding.message}")
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    out(f"{args.journey}: {errors} error(s), {warnings} warning(s)")
    return EXIT_INVALID if errors else EXIT_OK


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, 0 or more; got {text!r}")
    return days


def cmd_promote(args: argparse.Namespace) -> int:
    fmt = None if args.dry_run else journey_format(args.output, "--output")
    journey = load(args.journey)
    evidence = tuple(e for path in args.evidence or () for e in read_evidence(path))
    result = promote(journey, evidence, version=args.version)
    for outcome in ("promoted", "contradicted", "one-source"):
        verdicts = result.of(outcome)
        if verdicts:
            out(f"{outcome} ({len(verdicts)})")
            for verdict in verdicts:
                text = " ".join(verdict.text.split())
                out(f"  {verdict.where} {text!r}: {verdict.reason}")
    out(f"unverified ({len(result.of('unverified'))}): stay hypotheses")
    if fmt is None:
        out("dry run: nothing written")
        return EXIT_OK
    output = Path(args.output)
    write_content(output, dumps(result.journey, fmt))
    out(f"wrote {output} (version {result.journey.version})")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    output = None if args.output is None else checked_path(args.output, DIFF_SUFFIXES, "diff --output")
    old, new = load(args.old), load(args.new)
    differences = diff(old, new)
    if output is None:
        sys.stdout.write(render_text(differences))
        return EXIT_OK

    def workbook() -> bytes:
        from cjm.exporters.excel.views import changes_workbook

        return changes_workbook(differences, old, new)

    def deck() -> bytes:
        from cjm.exporters.powerpoint.analysis import changes_builder

        return deck_bytes(new, changes_builder(differences, old, new))

    makers: dict[str, Maker] = {
        ".md": lambda: render_markdown(differences, old, new),
        ".xlsx": workbook,
        ".pptx": deck,
    }
    write_content(output, make_by_suffix(output, makers, "diff --output"))
    out(f"wrote {output} ({len(differences)} difference(s))")
    return EXIT_OK


def cmd_blueprint(args: argparse.Namespace) -> int:
    # imported here: the blueprint analyses load networkx (and numpy) only for this command
    from cjm.blueprint import (
        all_root_causes,
        handoff_reports,
        impact_ranking,
        lane_crossings,
        orphans,
        rework_loops,
    )

    journey = load(args.journey)
    language = args.lang or journey.language
    causes = all_root_causes(journey)
    if args.pain and args.pain not in causes:
        known = ", ".join(causes) or "none"
        raise UsageError(f"--pain: no pain point {args.pain!r}; the journey's pain points: {known}")
    ranking = impact_ranking(journey)
    out(f"Impact ranking ({len(ranking)})")
    for impact in ranking[: args.top]:
        out(f"  {impact.weight:8.1f}  {impact.summary(language)}")
    pains = [args.pain] if args.pain else [p for p in causes if causes[p]][: args.top]
    out("Root causes")
    for pain_id in pains:
        found = causes[pain_id]
        out(f"  {pain_id}: {len(found)} cause(s)")
        for cause in found:
            out(f"    {cause.kind:<10} {cause.name}  ({' → '.join(cause.path)})")
    lonely = orphans(journey)
    out("Orphans")
    out(f"  pain points with no cause: {', '.join(lonely.pain_points_without_cause) or '-'}")
    out(f"  opportunities with no owner: {', '.join(lonely.opportunities_without_owner) or '-'}")
    out(f"  Moments of Truth with no metric: {', '.join(lonely.moments_without_metric) or '-'}")
    out("Hand-offs")
    for report in handoff_reports(journey):
        complete = f"{report.completeness:.0f}%" if report.completeness is not None else "no records"
        late = f", {report.over_sla} over SLA" if report.over_sla else ""
        out(f"  {report.id}: {report.source} → {report.target}, {len(report.items)} items, {complete}{late}")
    loops = rework_loops(journey)
    out(f"Rework loops ({len(loops)})")
    for loop in loops:
        out(f"  {' → '.join((*loop, loop[0]))}")
    crossings = lane_crossings(journey)
    counts: dict[str, int] = {}
    for crossing in crossings:
        for line in crossing.lines:
            counts[line] = counts.get(line, 0) + 1
    out("Lane crossings: " + (", ".join(f"{line} {n}" for line, n in sorted(counts.items())) or "-"))
    return EXIT_OK


def register(commands: Any) -> None:
    """Add this module's subcommands to the ``cjm`` parser."""
    check = commands.add_parser(
        "check", help="check a journey against the structural and evidence rules, grouped by rule"
    )
    check.add_argument("journey")
    check.add_argument("--all", action="store_true", help="also show notes (info)")
    check.add_argument(
        "--stale-after",
        type=_days,
        metavar="DAYS",
        help="also report the map, records, hypotheses and evidence not verified within DAYS days",
    )
    check.set_defaults(run=cmd_check)

    prom = commands.add_parser(
        "promote", help="turn hypotheses backed by both sources into facts, with the evidence behind each"
    )
    prom.add_argument("journey")
    prom.add_argument(
        "--evidence", action="append", metavar="VOC.csv", help="VOC log to add first (repeatable)"
    )
    prom.add_argument("--output", "-o", help="the promoted journey (.yaml or .json)")
    prom.add_argument("--version", help="version of the result (default: the next major, 1.0 -> 2.0)")
    prom.add_argument("--dry-run", action="store_true", help="print the verdicts, write nothing")
    prom.set_defaults(run=_needs_output(cmd_promote))

    dif = commands.add_parser("diff", help="what changed between two versions of a journey")
    dif.add_argument("old")
    dif.add_argument("new")
    dif.add_argument(
        "--output", "-o", help="write the changes as Markdown (.md) or a slide (.pptx), not to the terminal"
    )
    dif.set_defaults(run=cmd_diff)

    blue = commands.add_parser("blueprint", help="root causes, impact ranking, orphans, hand-offs and loops")
    blue.add_argument("journey")
    blue.add_argument("--pain", help="root causes of this pain point only")
    blue.add_argument("--top", type=int, default=10, help="how many ranked rows and pain points (default 10)")
    blue.add_argument("--lang", choices=LANGUAGES, help="language of the summaries (default: the journey's)")
    blue.set_defaults(run=cmd_blueprint)


def _needs_output(run: Any) -> Any:
    def checked(args: argparse.Namespace) -> int:
        if not args.dry_run and not args.output:
            raise UsageError("promote needs --output FILE (or --dry-run)")
        return int(run(args))

    return checked
