"""The VOC log CSV: columns in English or Korean, every bad cell named by row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

import cjm
from cjm.io.voc import read_evidence
from tests.conftest import EXAMPLES


def test_the_bundled_voc_log() -> None:
    records = read_evidence(EXAMPLES / "medical_device_dealer" / "voc_log.csv")
    assert len(records) == 8
    first = records[0]
    assert first.method is cjm.EvidenceMethod.INTERVIEW
    assert first.source_role == "dealer"
    assert first.supports[:2] == ("pp-evaluation-3", "pp-problem-3")
    assert first.date.isoformat() == "2026-11-03"  # type: ignore[union-attr]


def test_korean_headers_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "voc.csv"
    path.write_text(
        '\ufeffid,방법,출처 역할,요약,뒷받침\ne1,interview,dealer,"재고, 납기",a;b\n', encoding="utf-8"
    )
    [record] = read_evidence(path)
    assert record.summary == "재고, 납기"
    assert record.supports == ("a", "b")


def test_every_bad_cell_is_named(tmp_path: Path) -> None:
    path = tmp_path / "voc.csv"
    path.write_text(
        "id,date,method,source_role\n"
        "e1,2026-02-30,interview,dealer\n"
        "e2,2026-01-01,chat,dealer\n"
        "e3,2026-01-01,interview,\n"
        "e1,2026-01-01,survey,end_user\n",
        encoding="utf-8",
    )
    with pytest.raises(cjm.LoadError) as caught:
        read_evidence(path)
    problems = [str(f) for f in caught.value.findings]
    assert len(problems) == 4, problems
    assert problems[0].startswith(f"{path}:2 column date: error: expected a date")
    assert problems[1].startswith(f"{path}:3 column method: error: expected one of observation")
    assert problems[2].startswith(f"{path}:4 column source_role: error: required field")
    assert problems[3].startswith(f"{path}:5 column id: error: id 'e1' is used twice (first on row 2)")


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "voc.csv"
    path.write_text("id,colour\ne1,red\n", encoding="utf-8")
    with pytest.raises(cjm.LoadError) as caught:
        read_evidence(path)
    text = str(caught.value)
    assert "column 'colour' is unknown" in text
    assert "required column(s) missing: method, source_role" in text


def test_a_voc_log_in_a_workbook(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "일자", "방법", "출처 역할", "요약", "뒷받침"])
    sheet.append(["e1", "2026-11-03", "interview", "dealer", "=재고 문의가 많다", "a; b"])
    sheet.append(["e2", "not a date", "interview", "dealer", "", ""])
    sheet["B2"].data_type = "s"
    sheet["E2"].data_type = "s"
    path = tmp_path / "voc.xlsx"
    book.save(path)
    with pytest.raises(cjm.LoadError) as caught:
        read_evidence(path)
    [problem] = [str(f) for f in caught.value.findings]
    assert problem.startswith(f"{path} Sheet!B3: error: expected a date")
    sheet.delete_rows(3)
    book.save(path)
    [record] = read_evidence(path)
    assert record.summary == "=재고 문의가 많다"
    assert record.supports == ("a", "b")
    assert record.date.isoformat() == "2026-11-03"  # type: ignore[union-attr]
