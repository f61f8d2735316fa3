"""KPI commands: kpi (baselines from operational data), funnel (journey analytics), kpi-catalogue, kpi-sample.

The heavy lifting needs the ``kpi`` extra (ibis with DuckDB); these commands
import it only when they run, so ``cjm --help`` works without it.  (The
names taken from :mod:`cjm.kpi` at the top import neither ibis nor DuckDB.)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

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
from cjm.errors import LoadError
from cjm.i18n import LANGUAGES, pick
from cjm.io import dumps, load
from cjm.kpi.compute import DIMENSIONS
from cjm.kpi.engine import ENGINES
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
    from cjm.kpi.report import render_terminal

    journey = load(args.journey)
    periods = _periods(args.period)
    by = tuple(b for b in (args.by or "").split(",") if b)
    for dimension in by:
        if dimension not in DIMENSIONS:
            raise UsageError(f"--by takes {', '.join(DIMENSIONS)}; got {dimension!r}")
    catalogue = CATALOGUE
    if args.only:
        try:
            catalogue = CATALOGUE.only(tuple(i.strip() for i in args.only.split(",") if i.strip()))
        except KeyError as exc:
            raise UsageError(f"--only: {exc.args[0]}") from None
    output = Path(args.output) if args.output else None
    fmt = journey_format(output, "--output") if output is not None else None
    reports = _report_paths(args)
    if output is not None and not output.parent.is_dir():
        raise UsageError(f"{output}: folder {output.parent} does not exist")
    with _read(args) as dataset:
        for name in dataset.empty_tables:  # a warning that changes nothing: those KPIs have no value
            sys.stderr.write(f"cjm: warning: {dataset.sources[name]}: a header and no rows; ignored\n")
        results = compute(dataset, catalogue=catalogue, periods=periods, by=by)
    lang = args.lang or journey.language
    data_name = _data_name(Path(args.data), output)
    updated, rows = apply_baselines(journey, results, data_name=data_name, language=lang)
    out(render_terminal(journey, results, rows, language=lang).rstrip())
    # Everything is made (and the journey checked) before anything is written.
    text = None
    if output is not None and fmt is not None:
        text = dumps(ensure_valid(updated), fmt)
    made = [(path, _report(path, journey, results, rows, lang)) for path in reports]
    if output is not None and text is not None:
        write_content(output, text, make_folder=False)
        written = sum(1 for r in rows if r.status == Status.WRITTEN)
        out(f"wrote {output}: {written} baseline(s) for {results.periods[-1]} from {args.data}")
    _write_all(made)
    return EXIT_OK


#: What ``--report`` writes, by suffix.
REPORT_SUFFIXES = (".md", ".xlsx", ".pptx")


def _report(path: Path, journey: Any, results: Any, rows: Any, lang: str) -> str | bytes:
    """The report for ``path``: Markdown text, or the bytes of a workbook or a deck."""

    def markdown() -> str:
        from cjm.kpi.report import render_markdown

        return render_markdown(journey, results, rows, language=lang)

    def workbook() -> bytes:
        from cjm.exporters.excel.kpi import kpi_workbook

        return kpi_workbook(journey, results, language=lang)

    def deck() -> bytes:
        from cjm.exporters.powerpoint.kpi import kpi_builder

        return deck_bytes(journey, "title", kpi_builder(results, journey), language=lang)

    makers: dict[str, Maker] = {".md": markdown, ".xlsx": workbook, ".pptx": deck}
    return make_by_suffix(path, makers, "--report")


def _data_name(data: Path, output: Path | None) -> str:
    """The data folder as the baselines cite it: relative to the written journey, so files move together."""
    base = output.parent if output is not None else Path(".")
    try:
        name = os.path.relpath(data.resolve(), base.resolve())
    except ValueError:  # another drive on Windows
        name = str(data)
    return Path(name).as_posix()


def cmd_funnel(args: argparse.Namespace) -> int:
    from cjm.kpi.analytics import analyse_journey
    from cjm.kpi.report import render_funnel_terminal

    journey = load(args.journey)
    reports = _report_paths(args)
    periods = _periods(args.period)
    if periods is not None and len(periods) != 1:
        raise UsageError("--period takes one period for the funnel")
    with _read(args) as dataset:
        if "events" in dataset.empty_tables:
            raise LoadError(
                f"{dataset.sources['events']}: no events",
                [
                    Finding(
                        rule="kpi-data",
                        source=str(dataset.sources["events"]),
                        message="the event log has a header and no rows; expected one row per event",
                    )
                ],
            )
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
    out(render_funnel_terminal(journey, result, language=lang).rstrip())
    _write_all([(path, _funnel_report(path, journey, result, lang)) for path in reports])
    return EXIT_OK


def _funnel_report(path: Path, journey: Any, result: Any, lang: str) -> str | bytes:
    """The funnel report for ``path``: Markdown text, or the bytes of a workbook or a deck."""

    def markdown() -> str:
        from cjm.kpi.report import render_funnel_markdown

        return render_funnel_markdown(journey, result, language=lang)

    def workbook() -> bytes:
        from cjm.exporters.excel.kpi import funnel_workbook

        return funnel_workbook(journey, result, language=lang)

    def deck() -> bytes:
        from cjm.exporters.powerpoint.kpi import funnel_builder

        return deck_bytes(journey, "title", funnel_builder(result, journey), language=lang)

    makers: dict[str, Maker] = {".md": markdown, ".xlsx": workbook, ".pptx": deck}
    return make_by_suffix(path, makers, "--report")


def _write_all(made: list[tuple[Path, str | bytes]]) -> None:
    """Write the reports made; their folders were checked before the work (never created)."""
    for path, content in made:
        write_content(path, content, make_folder=False)
        out(f"wrote {path}")


def _report_paths(args: argparse.Namespace) -> list[Path]:
    """The ``--report`` files, each of a kind cjm writes, in folders that exist."""
    return [checked_path(r, REPORT_SUFFIXES, "--report", folder_must_exist=True) for r in args.report or ()]


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
        "--engine", choices=ENGINES, default="duckdb", help="where to compute (default duckdb)"
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
    kpi.add_argument("--by", help=f"also split by: {', '.join(DIMENSIONS)}")
    kpi.add_argument("--only", help="compute only these KPI ids (comma-separated)")
    kpi.add_argument(
        "--output", "-o", help="write the journey with its baselines here (nothing is written on error)"
    )
    kpi.add_argument(
        "--report",
        action="append",
        metavar="FILE",
        help=(
            "also write the report: value, map baseline, target and gap by stage, dealer and period,"
            " as .md, .xlsx (a sheet per period) or .pptx (slides per stage, by dealer, by period);"
            " repeat for several"
        ),
    )
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
    funnel.add_argument(
        "--report",
        action="append",
        metavar="FILE",
        help="also write the funnel, paths and map-vs-data as .md, .xlsx or .pptx; repeat for several",
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
