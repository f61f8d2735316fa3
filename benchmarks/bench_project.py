"""The bundled example project built by `cjm build`, against the same deliverables by hand.

Run:  python benchmarks/bench_project.py [--runs 3]

Each figure is a whole process started cold, the way a user runs it (the
best of ``--runs``), all measured in the same run:

* ``cjm build --force`` on a copy of examples/medical_device_dealer (its
  cjm.yaml: the survey and the VOC log applied, then html, xlsx, template,
  pptx, md, mmd and the guide, and the index page);
* the separate commands a team would type for the same deliverables (cjm survey,
  cjm evidence add, then one cjm export / deck / template / guide per output);
* a bare script: openpyxl writing a workbook and python-pptx writing a deck of
  37 slides of tables, the floor any Python tool pays for those two files;
* ``cjm build --only xlsx pptx``: the same two files as the bare script (and the index page);
* ``cjm build`` again with nothing changed (goal: under 0.5 s).

Goals: `cjm build` at most 1.5× the bare script and faster than the separate
commands.  Ratios are baseline / cjm build (above 1: cjm build is faster).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "medical_device_dealer"
CJM = [sys.executable, "-m", "cjm"]

BARE = """
import openpyxl
from pptx import Presentation
from pptx.util import Inches
book = openpyxl.Workbook()
sheet = book.active
for r in range(1, 120):
    for c in range(1, 10):
        sheet.cell(row=r, column=c, value=f"셀 {r}-{c}")
book.save(r"{out}/bare.xlsx")
deck = Presentation()
for n in range(37):
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = f"슬라이드 {n}"
    table = slide.shapes.add_table(8, 6, Inches(0.5), Inches(1.5), Inches(9), Inches(5)).table
    for r in range(8):
        for c in range(6):
            table.cell(r, c).text = f"내용 {r}-{c}"
deck.save(r"{out}/bare.pptx")
"""


def best(command: list[str] | list[list[str]], runs: int, cwd: Path) -> float:
    """The fastest of ``runs`` runs of a command (or of a chain of commands, one after another)."""
    chain = command if command and isinstance(command[0], list) else [command]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for step in chain:
            subprocess.run(step, cwd=cwd, check=True, capture_output=True)  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
    return min(times)


def separate_commands(folder: Path, out: Path) -> list[list[str]]:
    journey = str(folder / "journey.yaml")
    work = str(out / "journey.yaml")
    steps = [
        [*CJM, "survey", str(folder / "survey_responses.csv"), "--journey", journey, "--output", work],
        [*CJM, "evidence", "add", work, str(folder / "voc_log.csv")],
    ]
    for suffix in ("html", "xlsx", "md", "mmd"):
        steps.append([*CJM, "export", work, "--output", str(out / f"journey.{suffix}")])
    steps.append([*CJM, "template", work, "--output", str(out / "journey.template.xlsx")])
    steps.append([*CJM, "deck", work, "--output", str(out / "journey.pptx")])
    steps.append([*CJM, "guide", work, "--output", str(out / "journey.guide.xlsx")])
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "project"
        shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("out"))
        out = Path(temp) / "by-hand"
        out.mkdir()
        built = best([*CJM, "build", str(folder), "--force", "--quiet"], args.runs, folder)
        two = best(
            [*CJM, "build", str(folder), "--force", "--quiet", "--only", "xlsx", "pptx"], args.runs, folder
        )
        again = best([*CJM, "build", str(folder), "--quiet"], args.runs, folder)
        hand = best(separate_commands(folder, out), args.runs, folder)
        bare_script = Path(temp) / "bare.py"
        bare_script.write_text(BARE.replace("{out}", temp), encoding="utf-8")
        bare = best([sys.executable, str(bare_script)], args.runs, folder)
    print(f"cjm build (cold, --force)   {built:6.2f} s")
    print(f"cjm build (nothing changed) {again:6.2f} s   goal < 0.5 s")
    print(f"separate commands           {hand:6.2f} s   ratio {hand / built:.2f}   goal > 1")
    print(f"bare openpyxl + python-pptx {bare:6.2f} s")
    ratio = two / bare
    print(f"cjm build --only xlsx pptx  {two:6.2f} s   / bare {ratio:.2f}   goal <= 1.5 (the same two files)")


if __name__ == "__main__":
    main()
