"""Excel export and import of a VOC log of 100,000 evidence rows, against baselines run the same way.

Run from the repository (``pip install -e '.[bench]'`` for XlsxWriter)::

    python benchmarks/bench_excel.py            # 100,000 rows
    python benchmarks/bench_excel.py --rows 20000

Every task runs in a fresh child process, so that its peak memory (the
process's maximum resident set) is its own:

* export   cjm's ``xlsx`` exporter writing the journey (the seed example plus
           the VOC log) to a file: the whole workbook, the Evidence sheet styled;
* xlsxwriter  the same Evidence cells (same columns, same styles) written by
           XlsxWriter in ``constant_memory`` mode: the export baseline;
* import   :func:`cjm.io.workbook.read_workbook` reading that workbook back into a journey;
* openpyxl  a bare ``openpyxl.load_workbook(read_only=True)`` loop over the
           Evidence sheet's values, building nothing: the import baseline.

It prints the figures and the ratios measured in this run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "medical_device_dealer" / "journey.yaml"
METHODS = ["interview", "observation", "focus_group", "survey"]
ROLES = ["dealer", "end_user", "internal"]
KINDS = ["recording", "memo", "photo", "form"]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def build_journey(rows: int) -> Any:
    """The seed example with a VOC log of ``rows`` evidence rows, every field filled but product group."""
    import attrs

    import cjm

    seed = cjm.load(SEED)
    stages = [s.id for s in seed.stages]
    claims = [p.id for p in seed.pain_points]
    start = dt.date(2025, 1, 1)
    evidence = [
        cjm.Evidence(
            id=f"ev-{i}",
            date=start + dt.timedelta(days=i % 365),
            method=METHODS[i % 4],
            source_role=ROLES[i % 3],
            organisation=f"병원 {i % 50:02d}",
            kind=KINDS[i % 4],
            reference=f"voc/2025/{i:06d}.m4a",
            summary=f"주문 시 재고 정보가 늦게 와서 딜러에게 다시 전화해야 했다 ({i})",
            stage=stages[i % len(stages)],
            supports=(claims[i % len(claims)],),
            contradicts=(claims[(i + 7) % len(claims)],) if i % 5 == 0 else (),
            tags=("VOC", f"wave-{i % 3}"),
        )
        for i in range(rows)
    ]
    return attrs.evolve(seed, evidence=evidence)


def task_export(rows: int, path: Path) -> dict[str, Any]:
    from cjm.exporters.excel import XlsxExporter

    journey = build_journey(rows)
    before = _peak_mb()
    started = time.perf_counter()
    with open(path, "wb") as stream:
        XlsxExporter().export(journey, stream)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": _peak_mb(), "before_mb": before, "bytes": path.stat().st_size}


def task_xlsxwriter(rows: int, path: Path) -> dict[str, Any]:
    import xlsxwriter

    from cjm.io.workbook import layout as L

    journey = build_journey(rows)
    columns = L.COLUMNS[L.Role.EVIDENCE].columns
    before = _peak_mb()
    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Evidence")
    text = book.add_format({"text_wrap": True, "valign": "top", "border": 1, "font_name": "Malgun Gothic"})
    date = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "border": 1})
    sheet.write_row(0, 0, [c.key for c in columns], text)
    for r, record in enumerate(journey.evidence, start=1):
        for c, column in enumerate(columns):
            value = getattr(record, column.key)
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date)
            elif isinstance(value, tuple):
                sheet.write_string(r, c, ", ".join(value), text)
            elif value is None:
                sheet.write_blank(r, c, None, text)
            else:
                sheet.write_string(r, c, str(getattr(value, "value", value)), text)
    book.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": _peak_mb(), "before_mb": before, "bytes": path.stat().st_size}


def task_import(path: Path) -> dict[str, Any]:
    from cjm.io.workbook import read_workbook

    before = _peak_mb()
    started = time.perf_counter()
    journey = read_workbook(path)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": _peak_mb(), "before_mb": before, "evidence": len(journey.evidence)}


def task_openpyxl(path: Path) -> dict[str, Any]:
    import openpyxl

    from cjm.io.workbook import layout as L

    before = _peak_mb()
    started = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True)
    cells = 0
    for row in book[L.sheet_name(L.Role.EVIDENCE, "ko")].iter_rows(values_only=True):
        for _value in row:
            cells += 1
    book.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": _peak_mb(), "before_mb": before, "cells": cells}


def child(task: str, rows: int, path: Path) -> dict[str, Any]:
    """Run one task in a fresh interpreter and return its figures."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, __file__, "--task", task, "--rows", str(rows), "--path", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"task {task} failed:\n{result.stderr}")
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--task", choices=["export", "xlsxwriter", "import", "openpyxl"])
    parser.add_argument("--path", type=Path)
    args = parser.parse_args()
    if args.task:
        run = {
            "export": lambda: task_export(args.rows, args.path),
            "xlsxwriter": lambda: task_xlsxwriter(args.rows, args.path),
            "import": lambda: task_import(args.path),
            "openpyxl": lambda: task_openpyxl(args.path),
        }[args.task]
        print(json.dumps(run()))
        return

    from cjm.io.workbook import layout as L

    columns = len(L.COLUMNS[L.Role.EVIDENCE].columns)
    cells = args.rows * columns
    with tempfile.TemporaryDirectory() as folder:
        ours = Path(folder) / "voc.xlsx"
        theirs = Path(folder) / "voc_xlsxwriter.xlsx"
        export = child("export", args.rows, ours)
        baseline_write = child("xlsxwriter", args.rows, theirs)
        imported = child("import", args.rows, ours)
        baseline_read = child("openpyxl", args.rows, ours)

    def line(name: str, figures: dict[str, Any]) -> str:
        rate = cells / figures["seconds"]
        return (
            f"{name:<34} {figures['seconds']:7.2f} s  {rate / 1000:7.1f}k cells/s  "
            f"peak {figures['peak_mb']:6.1f} MB (task {figures['peak_mb'] - figures['before_mb']:6.1f} MB)"
        )

    print(
        f"VOC log: {args.rows:,} evidence rows x {columns} styled columns = {cells:,} cells "
        f"(plus the seed map's other sheets in cjm's workbook)"
    )
    print(line("export  cjm xlsx exporter", export))
    print(line("baseline xlsxwriter constant_memory", baseline_write))
    print(line("import  cjm read_workbook", imported))
    print(line("baseline openpyxl read_only loop", baseline_read))
    print(
        f"export speed vs xlsxwriter constant_memory: {baseline_write['seconds'] / export['seconds']:.2f}x "
        "(goal >= 1.0)"
    )
    print(
        "import speed vs bare openpyxl read_only loop: "
        f"{baseline_read['seconds'] / imported['seconds']:.2f}x (goal >= 3.0)"
    )
    print(
        f"peak memory: export {export['peak_mb']:.0f} MB, import {imported['peak_mb']:.0f} MB "
        "(goal < 150 MB each)"
    )
    print(
        f"evidence rows read back: {imported['evidence']:,}; file {export['bytes'] / 1e6:.1f} MB "
        f"(xlsxwriter {baseline_write['bytes'] / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
