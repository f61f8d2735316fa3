"""``cjm guide``, ``cjm letters``, ``cjm evidence`` and ``cjm survey``."""

from __future__ import annotations

from pathlib import Path

import pytest

import cjm
from cjm.cli import main
from tests.conftest import EXAMPLES, SEED_EXAMPLE

FIELD = EXAMPLES / "medical_device_dealer"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_guide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "guide", str(SEED_EXAMPLE), "-o", str(tmp_path / "g.md"))[0] == 0
    assert "18. " in (tmp_path / "g.md").read_text(encoding="utf-8")
    assert run(capsys, "guide", str(SEED_EXAMPLE), "-o", str(tmp_path / "g.xlsx"), "--lang", "en")[0] == 0
    code, _, err = run(capsys, "guide", str(SEED_EXAMPLE), "-o", str(tmp_path / "g.txt"))
    assert code == 2
    assert ".md, .xlsx or .pptx" in err


def test_letters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "letters"
    code, out, _ = run(
        capsys,
        "letters",
        str(FIELD / "recipients.csv"),
        "--output-dir",
        str(out_dir),
        "--set",
        "company=ABC사",
        "--set",
        "sender=홍길동",
    )
    assert code == 0
    assert "wrote 3 letter(s), 6 files" in out
    code, _, err = run(
        capsys, "letters", str(FIELD / "recipients.csv"), "--output-dir", str(tmp_path / "none")
    )
    assert code == 1
    assert "no value for {company}" in err
    assert not (tmp_path / "none").exists()


def test_evidence_add_and_coverage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "j.yaml"
    code, out, _ = run(
        capsys, "evidence", "add", str(SEED_EXAMPLE), str(FIELD / "voc_log.csv"), "-o", str(target)
    )
    assert code == 0
    assert "8 evidence entries added, 0 replaced" in out
    assert len(cjm.load(target).evidence) == 8
    code, out, _ = run(capsys, "evidence", "coverage", str(target))
    assert code == 0
    assert "검토/주문" in out.splitlines()[2]
    assert out.splitlines()[2].rstrip().endswith("ok")


def test_evidence_add_refuses_dangling_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    voc = tmp_path / "voc.csv"
    voc.write_text("id,method,source_role,supports\ne1,interview,dealer,pp-nowhere\n", encoding="utf-8")
    before = SEED_EXAMPLE.read_bytes()
    code, _, err = run(capsys, "evidence", "add", str(SEED_EXAMPLE), str(voc), "-o", str(tmp_path / "j.yaml"))
    assert code == 1
    assert "pp-nowhere" in err
    assert not (tmp_path / "j.yaml").exists()
    assert SEED_EXAMPLE.read_bytes() == before


def test_survey(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "with-emotions.yaml"
    code, out, _ = run(
        capsys,
        "survey",
        str(FIELD / "survey_responses.csv"),
        "--journey",
        str(SEED_EXAMPLE),
        "-o",
        str(target),
    )
    assert code == 0
    assert "600 responses" in out
    assert "C딜러(대구) CSAT worse" in out
    assert len(cjm.load(target).emotions) == 6


def test_survey_bad_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "r.csv"
    bad.write_text("respondent,stage,instrument,score\nr1,evaluation,nps,11\n", encoding="utf-8")
    target = tmp_path / "out.yaml"
    code, _, err = run(capsys, "survey", str(bad), "--journey", str(SEED_EXAMPLE), "-o", str(target))
    assert code == 1
    assert f"{bad}:2 column score" in err
    assert not target.exists()


def test_survey_report_and_guide_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pptx import Presentation

    report = tmp_path / "dealers.pptx"
    code, out, _ = run(
        capsys,
        "survey",
        str(FIELD / "survey_responses.csv"),
        "--journey",
        str(SEED_EXAMPLE),
        "--report",
        str(report),
    )
    assert code == 0
    assert f"wrote {report}" in out
    assert Presentation(str(report)).slides[0].shapes.title.text_frame.text == "딜러별 고객 점수"
    guide = tmp_path / "guide.pptx"
    assert run(capsys, "guide", str(SEED_EXAMPLE), "-o", str(guide))[0] == 0
    assert Presentation(str(guide)).slides[0].shapes.title.text_frame.text.startswith("VOC 인터뷰 가이드")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--by", "stage,region"],
            "--by takes stage, touchpoint, persona, dealer, dealer×stage; got 'region'",
        ),
        (["--report", "r.pptx"], "--report needs --journey"),
        (
            ["--journey", str(SEED_EXAMPLE), "--report", "r.docx"],
            "--report r.docx: expected a .pptx or .xlsx",
        ),
        (["--journey", str(SEED_EXAMPLE), "-o", "j.txt"], "--output j.txt: expected a .yaml, .yml or .json"),
    ],
)
def test_survey_arguments_are_checked_before_the_scoring(
    options: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "survey", str(FIELD / "survey_responses.csv"), *options)
    assert code == 2
    assert message in err
    assert out == ""  # nothing scored, nothing printed
    assert list(tmp_path.iterdir()) == []


def test_a_failing_output_leaves_no_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import attrs

    import cjm.cli.voc
    from cjm.model import Emotion

    report = tmp_path / "dealers.xlsx"
    base = [
        "survey",
        str(FIELD / "survey_responses.csv"),
        "--journey",
        str(SEED_EXAMPLE),
        "--report",
        str(report),
    ]
    # The journey cannot be written (its path is a folder): the report is not written either.
    folder = tmp_path / "taken.yaml"
    folder.mkdir()
    code, _, _ = run(capsys, *base, "-o", str(folder))
    assert code == 1
    assert not report.exists()

    # The journey made is invalid: nothing is written at all.
    def invalid(journey: cjm.Journey, *_args: object, **_kwargs: object) -> tuple[cjm.Journey, list[str]]:
        return attrs.evolve(journey, emotions=(Emotion(stage="nowhere", score=1),)), []

    monkeypatch.setattr(cjm.cli.voc, "emotions_from_scores", invalid)
    target = tmp_path / "out.yaml"
    code, _, err = run(capsys, *base, "-o", str(target))
    assert code == 1
    assert "nowhere" in err
    assert not report.exists()
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.yaml"]
