"""``cjm check``, ``cjm promote``, ``cjm diff`` and ``cjm blueprint`` on the bundled example."""

from __future__ import annotations

from pathlib import Path

import pytest

import cjm
from cjm.cli import main
from tests.conftest import EXAMPLES, SEED_EXAMPLE

VOC = EXAMPLES / "medical_device_dealer" / "voc_log.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_groups_findings_by_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(SEED_EXAMPLE))
    assert code == 0
    assert "WARNING stage-count (1)" in out
    assert "the documents state 7 stages but the journey lists 6" in out
    assert out.rstrip().endswith("0 error(s), 2 warning(s)")


def test_check_fails_on_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "j.yaml"
    path.write_text(
        "id: j\ntitle: J\nstages:\n  - id: s\n    name: S\nmoments_of_truth:\n  - stage: s\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert "ERROR mot-needs-metric (1)" in out
    assert f"{path}:7 moments_of_truth[0]" in out


def test_promote_then_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v2 = tmp_path / "v2.yaml"
    code, out, _ = run(capsys, "promote", str(SEED_EXAMPLE), "--evidence", str(VOC), "--output", str(v2))
    assert code == 0
    assert "promoted (6)" in out
    assert "contradicted (1)" in out
    assert "'재고 정보 지연': confirmed by dealer and end_user" in out
    assert f"wrote {v2} (version 2.0)" in out
    journey = cjm.load(v2)
    assert journey.version == "2.0"
    code, out, _ = run(capsys, "diff", str(SEED_EXAMPLE), str(v2))
    assert code == 0
    assert "label        pain_points[5].label   'hypothesis' -> 'fact'   '재고 정보 지연'" in out
    assert run(capsys, "diff", str(v2), str(v2))[1] == "no differences\n"
    assert run(capsys, "diff", str(SEED_EXAMPLE), str(v2), "-o", str(tmp_path / "changes.md"))[0] == 0
    assert "| label |" in (tmp_path / "changes.md").read_text(encoding="utf-8")


def test_promote_dry_run_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "promote", str(SEED_EXAMPLE), "--evidence", str(VOC), "--dry-run")
    assert code == 0
    assert "dry run: nothing written" in out
    assert run(capsys, "promote", str(SEED_EXAMPLE))[0] == 2


def test_promote_bad_voc_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    voc = tmp_path / "voc.csv"
    voc.write_text("id,method,source_role,supports\ne1,call,dealer,x\n", encoding="utf-8")
    out_file = tmp_path / "v2.yaml"
    code, _, err = run(capsys, "promote", str(SEED_EXAMPLE), "--evidence", str(voc), "-o", str(out_file))
    assert code == 1
    assert f"{voc}:2 column method" in err
    assert not out_file.exists()


def test_blueprint_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "blueprint", str(SEED_EXAMPLE), "--pain", "pp-evaluation-3", "--lang", "en")
    assert code == 0
    assert "fixing department 딜러사 영업·서비스 addresses 9 pain points" in out
    assert "dept-logistics → proc-stock-sync → pp-evaluation-3" in out
    assert "pain points with no cause: pp-repurchase-4" in out
    assert "ho-dealer-to-sales: 딜러사 → 제조사 영업팀, 6 items, 67%, 2 over SLA" in out
    assert "proc-escalation" in out.split("Rework loops (1)")[1]


def test_diff_as_a_slide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v2 = tmp_path / "v2.yaml"
    run(capsys, "promote", str(SEED_EXAMPLE), "--evidence", str(VOC), "--output", str(v2))
    code, out, _ = run(capsys, "diff", str(SEED_EXAMPLE), str(v2), "-o", str(tmp_path / "changes.pptx"))
    assert "wrote" in out
    assert code == 0
    assert (tmp_path / "changes.pptx").stat().st_size > 10_000
    assert run(capsys, "diff", str(SEED_EXAMPLE), str(v2), "-o", str(tmp_path / "changes.txt"))[0] == 2


def test_diff_as_a_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v2 = tmp_path / "v2.yaml"
    run(capsys, "promote", str(SEED_EXAMPLE), "--evidence", str(VOC), "--output", str(v2))
    assert run(capsys, "diff", str(SEED_EXAMPLE), str(v2), "-o", str(tmp_path / "changes.xlsx"))[0] == 0
    assert (tmp_path / "changes.xlsx").exists()


def test_blueprint_of_an_unknown_pain_point(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "blueprint", str(SEED_EXAMPLE), "--pain", "nope")
    assert code == 2
    assert "Traceback" not in err
    assert "--pain: no pain point 'nope'" in err
    assert "pp-evaluation-3" in err  # the known ones are listed
    assert out == ""
