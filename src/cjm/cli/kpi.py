"""KPI commands: kpi (baselines from operational data), funnel (journey analytics), kpi-catalogue, kpi-sample.

The heavy lifting needs the ``kpi`` extra (ibis with DuckDB); these commands
import it only when they run, so ``cjm --help`` works without it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from cjm.cli.common import EXIT_OK, UsageError, out
from cjm.errors import LoadError
from cjm.i18n import LANGUAGES, pick
from cjm.io import dumps, load, write_text
from cjm.validate import Finding, ensure_valid

__all__ = ["register"]


def _periods(text: str | None) -> Any:
    if not text:
        return None
    from cjm.kpi.periods import parse_periods

    try:
        return parse_periods(text)
    except ValueError as exc:
        raise UsageError(f"--period: {exc}") from None


def _engine_options(args: argparse.Namespace) -> dict[str, Any]:
    if args.engine == "spark":
        return {"master": args.spark_master} if args.spark_master else {}
    options: dict[str, Any] = {}
    if args.memory_limit:
        options["memory_limit"] = args.memory_limit
    if args.temp_dir:
        options["temp_directory"] = args.temp_dir
    return options


def _read(args: argparse.Namespace) -> Any:
    from cjm.kpi.data import read_data

    data = Path(args.data)
    return read_data(data, engine=args.engine, mapping=args.mapping, **_engine_options(args))


def cmd_kpi(args: argparse.Namespace) -> int:
    from cjm.kpi.baselines import Status, apply_baselines
    from cjm.kpi.catalogue import CATALOGUE
    from cjm.kpi.compute import compute
    from cjm.kpi.report import render_markdown, render_terminal

    journey = load(args.journey)
    periods = _periods(args.period)
    by = tuple(b for b in (args.by or "").split(",") if b)
    for dimension in by:
        if dimension != "dealer":
            raise UsageError(f"--by takes dealer; got {dimension!r}")
    catalogue = CATALOGUE
    if args.only:
        try:
            catalogue = CATALOGUE.only(tuple(i.strip() for i in args.only.split(",") if i.strip()))
        except KeyError as exc:
            raise UsageError(f"--only: {exc.args[0]}") from None
    output = Path(args.output) if args.output else None
    report = Path(args.report) if args.report else None
    for path in (output, report):
        if path is not None and not path.parent.is_dir():
            raise UsageError(f"{path}: folder {path.parent} does not exist")
    with _read(args) as dataset:
        results = compute(dataset, catalogue=catalogue, periods=periods, by=by)
    lang = args.lang or journey.language
    data_name = _data_name(Path(args.data), output)
    updated, rows = apply_baselines(journey, results, data_name=data_name, language=lang)
    out(render_terminal(journey, results, rows, language=lang).rstrip())
    # Everything is made (and the journey checked) before anything is written.
    text = None
    if output is not None:
        text = dumps(ensure_valid(updated), "json" if output.suffix.lower() == ".json" else "yaml")
    markdown = render_markdown(journey, results, rows, language=lang) if report is not None else None
    if output is not None and text is not None:
        write_text(output, text)
        written = sum(1 for r in rows if r.status == Status.WRITTEN)
        out(f"wrote {output}: {written} baseline(s) for {results.periods[-1]} from {args.data}")
    if report is not None and markdown is not None:
        write_text(report, markdown)
        out(f"wrote {report}")
    return EXIT_OK


def _data_name(data: Path, output: Path | None) -> str:
    """The data folder as the baselines cite it: relative to the written journey, so files move together."""
    base = output.parent if output is not None else Path(".")
    try:
        name = os.path.relpath(data.resolve(), base.resolve())
    except ValueError:  # another drive on Windows
        name = str(data)
    return Path(name).as_posix()


_FUNNEL_WORDS = {
    "funnel": ("퍼널 (단계별 도달·전환·이탈)", "Funnel (reached, converted, dropped per stage)"),
    "stage": ("단계", "stage"),
    "reached": ("도달", "reached"),
    "converted": ("전환", "converted"),
    "dropped": ("이탈", "dropped"),
    "rate": ("전환율", "conversion"),
    "days": ("체류(중앙값, 일)", "days in stage (median)"),
    "paths": ("가장 많은 경로", "Most frequent paths"),
    "unseen": ("지도에 있지만 데이터에 없는 접점", "Touchpoints on the map the data never show"),
    "missing": ("데이터에 자주 나오지만 지도에 없는 접점", "Frequent touchpoints the map lacks"),
    "none": ("없음", "none"),
    "customers": ("고객", "customers"),
    "events": ("이벤트", "events"),
}


def cmd_funnel(args: argparse.Namespace) -> int:
    from cjm.kpi.analytics import analyse_journey
    from cjm.kpi.report import width

    journey = load(args.journey)
    periods = _periods(args.period)
    if periods is not None and len(periods) != 1:
        raise UsageError("--period takes one period for the funnel")
    with _read(args) as dataset:
        if "events" not in dataset.tables:
            raise LoadError(
                f"{args.data}: no event log",
                [
                    Finding(
                        rule="kpi-data",
                        source=str(args.data),
                        message="add events.csv, events.parquet or events.xlsx",
                    )
                ],
            )
        try:
            result = analyse_journey(
                dataset,
                journey,
                period=periods[0] if periods else None,
                top=args.top,
                path_level=args.paths,
                min_share=args.min_share,
                dealer=args.dealer,
            )
        except KeyError as exc:
            raise UsageError(str(exc.args[0])) from None
    lang = args.lang or journey.language

    def w(key: str) -> str:
        return pick(_FUNNEL_WORDS[key], lang)

    def pad(text: str, size: int, right: bool = True) -> str:
        gap = " " * max(size - width(text), 0)
        return gap + text if right else text + gap

    scope = f" ({result.period})" if result.period else ""
    out(f"{w('funnel')}{scope}: {result.customers} {w('customers')}, {result.events} {w('events')}")
    out(
        pad(w("stage"), 24, False)
        + "".join(pad(w(k), 12) for k in ("reached", "converted", "dropped", "rate"))
        + "  "
        + w("days")
    )
    for step in result.funnel:
        name = journey.stage(step.stage).name
        cells = [str(step.reached), _num(step.converted), _num(step.dropped), _pct(step.conversion)]
        days = "" if step.median_days is None else f"{step.median_days:.1f}"
        out(pad(name, 24, False) + "".join(pad(c, 12) for c in cells) + "  " + pad(days, 8))
    out("")
    out(f"{w('paths')} ({args.paths}):")
    names = {s.id: s.name for s in journey.stages} if args.paths == "stage" else {}
    for path in result.paths:
        steps = " → ".join(names.get(step, step) for step in path.steps) + (" → …" if path.truncated else "")
        out(f"  {path.customers:>6}  {path.share:5.1f}%  {steps}")
    out("")
    out(f"{w('unseen')}:")
    for use in result.unseen or ():
        out(f"  {use.touchpoint} ({', '.join(use.map_stages)})")
    if not result.unseen:
        out(f"  {w('none')}")
    out(f"{w('missing')} (≥ {args.min_share:g}%):")
    for use in result.missing:
        out(f"  {use.touchpoint}: {use.events} ({use.share:.1f}%) {', '.join(use.data_stages)}")
    if not result.missing:
        out(f"  {w('none')}")
    return EXIT_OK


def _num(value: int | None) -> str:
    return "–" if value is None else str(value)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def cmd_catalogue(args: argparse.Namespace) -> int:
    from cjm.kpi.catalogue import CATALOGUE

    for kpi in CATALOGUE:
        tables = ", ".join(f"{t}({', '.join(c)})" for t, c in kpi.reads.items())
        out(
            f"{kpi.id:24} {kpi.stage:13} {kpi.unit_text(args.lang):6} {kpi.direction.value:6} "
            f"{kpi.label(args.lang)}"
        )
        out(f"{'':24} {pick(kpi.formula, args.lang)}")
        out(f"{'':24} {tables}")
    return EXIT_OK


def cmd_sample(args: argparse.Namespace) -> int:
    from cjm.kpi.synthetic import generate

    generated = generate(args.folder, customers=args.customers, seed=args.seed, format=args.format)
    total = sum(rows for _path, rows in generated.files.values())
    out(f"wrote {len(generated.files)} tables ({total} rows) to {args.folder}")
    return EXIT_OK


def _data_arguments(parser: Any) -> None:
    parser.add_argument(
        "--data", required=True, help="folder of the data files (CSV, Parquet or xlsx, one per table)"
    )
    parser.add_argument("--mapping", help="column mapping (default: mapping.yaml in the data folder)")
    parser.add_argument(
        "--engine", choices=("duckdb", "spark"), default="duckdb", help="where to compute (default duckdb)"
    )
    parser.add_argument("--spark-master", help="Spark master for --engine spark (default local[*])")
    parser.add_argument(
        "--memory-limit", help="DuckDB memory limit, e.g. 4GB (beyond it, DuckDB spills to disk)"
    )
    parser.add_argument("--temp-dir", help="DuckDB spill folder for data larger than memory")
    parser.add_argument(
        "--period",
        help=(
            "period(s): 2026Q3, 2026, 2026H2, 2026-07, 2025Q1..2026Q2 (default: the latest complete quarter)"
        ),
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the report (default: the journey's)")


def register(commands: Any) -> None:
    """Add this module's subcommands to the ``cjm`` parser."""
    kpi = commands.add_parser(
        "kpi", help="compute the KPI catalogue from operational data and fill the journey's baselines"
    )
    kpi.add_argument("journey")
    _data_arguments(kpi)
    kpi.add_argument("--by", help="also split by: dealer")
    kpi.add_argument("--only", help="compute only these KPI ids (comma-separated)")
    kpi.add_argument(
        "--output", "-o", help="write the journey with its baselines here (nothing is written on error)"
    )
    kpi.add_argument("--report", help="also write the report as Markdown (.md)")
    kpi.set_defaults(run=cmd_kpi)

    funnel = commands.add_parser(
        "funnel", help="journey analytics from the event log: funnel, time in stage, paths, map vs reality"
    )
    funnel.add_argument("journey")
    _data_arguments(funnel)
    funnel.add_argument("--dealer", help="only this dealer's customers (a dealer_id)")
    funnel.add_argument(
        "--paths", choices=("stage", "touchpoint"), default="stage", help="paths of stages or of touchpoints"
    )
    funnel.add_argument("--top", type=int, default=10, help="how many paths to show (default 10)")
    funnel.add_argument(
        "--min-share",
        type=float,
        default=2.0,
        help="percent of events that makes a touchpoint frequent (default 2)",
    )
    funnel.set_defaults(run=cmd_funnel)

    catalogue = commands.add_parser(
        "kpi-catalogue", help="list the KPI catalogue: ids, stages, formulas, tables"
    )
    catalogue.add_argument("--lang", choices=LANGUAGES, default="en")
    catalogue.set_defaults(run=cmd_catalogue)

    sample = commands.add_parser(
        "kpi-sample", help="write synthetic company data (orders, tickets, surveys, events …)"
    )
    sample.add_argument("folder")
    sample.add_argument("--customers", type=int, default=400, help="hospitals to simulate (default 400)")
    sample.add_argument("--seed", type=int, default=7)
    sample.add_argument("--format", choices=("csv", "parquet"), default="csv")
    sample.set_defaults(run=cmd_sample)
