"""Every example runs and its output is what the README promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cjm
from tests.conftest import EXAMPLES, ROOT


def test_every_example_journey_is_valid() -> None:
    files = sorted(EXAMPLES.glob("*/journey.yaml"))
    assert len(files) >= 2
    for path in files:
        cjm.ensure_valid(cjm.load(path))


def test_seed_example_is_v1_all_hypotheses(seed_journey: cjm.Journey) -> None:
    assert seed_journey.version == "1.0"
    labels = {item.label for *_, item in seed_journey.all_items()}
    labels |= {p.label for p in seed_journey.pain_points} | {o.label for o in seed_journey.opportunities}
    labels |= {m.baseline.label for m in seed_journey.metrics if m.baseline}
    assert labels == {cjm.Label.HYPOTHESIS}
    assert [len(seed_journey.stages), len(seed_journey.lanes)] == [6, 8]
    assert {m.stage for m in seed_journey.moments_of_truth} == {"evaluation", "onboarding", "problem"}
    every_stage_has_kpis = {m.stage for m in seed_journey.metrics if m.baseline is None}
    assert every_stage_has_kpis == {s.id for s in seed_journey.stages}


def test_build_in_code_script(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "build_in_code.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    journey = cjm.load(tmp_path / "support-desk.yaml")
    assert journey.stage("ask").name == "Ask for help"
    assert "Explains the problem again" in (tmp_path / "support-desk.md").read_text(encoding="utf-8")
    assert (tmp_path / "support-desk.mmd").read_text(encoding="utf-8").startswith("journey\n")
