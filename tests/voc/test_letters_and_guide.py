"""Invitation letters, the interview guide and evidence coverage."""

from __future__ import annotations

from pathlib import Path

import attrs
import docx
import openpyxl
import pytest

import cjm
from cjm.voc.coverage import evidence_coverage
from cjm.voc.guide import render_guide_markdown
from cjm.voc.guide_xlsx import guide_workbook
from cjm.voc.letters import default_template, merge_letters, read_recipients, write_letters
from cjm.voc.questions import interview_guide
from tests.conftest import EXAMPLES
from tests.render import png_pages, to_pdf

RECIPIENTS = EXAMPLES / "medical_device_dealer" / "recipients.csv"
VALUES = {"company": "ABC사", "sender": "홍길동"}


def test_letters_merge_every_recipient(tmp_path: Path) -> None:
    letters = merge_letters(read_recipients(RECIPIENTS), default_template("ko"), values=VALUES)
    written = write_letters(letters, tmp_path)
    assert len(written) == 6
    first = docx.Document(str(tmp_path / f"{letters[0].stem}.docx"))
    text = "\n".join(p.text for p in first.paragraphs)
    assert "수신 : ○○대학병원 정형외과 김민수 교수님 귀하" in text
    assert "발신 : ABC사 대표이사 홍길동" in text
    assert "12월 2일(화) 14시, 12월 4일(목) 10시, 12월 9일(화) 16시" in text
    assert "{" not in text
    assert "ABC사 대표이사 홍길동 드림" in text
    style = first.styles["Normal"].element.rPr.rFonts
    assert (
        style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "Malgun Gothic"
    )
    md = (tmp_path / f"{letters[1].stem}.md").read_text(encoding="utf-8")
    assert "△△병원 신경외과 이지은 선생님" in md


def test_english_template() -> None:
    [letter, *_] = merge_letters(read_recipients(RECIPIENTS), default_template("en"), values=VALUES)
    assert "Dear 교수님 김민수," in letter.text
    assert "we propose: 12월 2일(화) 14시" in letter.text


def test_problems_are_found_before_anything_is_written(tmp_path: Path) -> None:
    recipients = tmp_path / "r.csv"
    recipients.write_text(
        "organisation,department,name,title,contact\nA병원,,김,교수님,a@x\nB병원,외과,이,,b@x\n",
        encoding="utf-8",
    )
    template = "수신: {organisation} {department} {name} {title} {nickname}\n연락: {contact}"
    with pytest.raises(cjm.InputError) as caught:
        merge_letters(read_recipients(recipients), template, template_name="t.md")
    problems = [str(f) for f in caught.value.findings]
    assert "t.md:1: error: unknown placeholder {nickname}" in problems[0]
    assert f"{recipients}:2 column department: error: no value for {{department}}" in problems[1]
    assert f"{recipients}:3 column title: error: no value for {{title}}" in problems[2]
    assert list(tmp_path.iterdir()) == [recipients]


def test_a_letter_renders_with_hangul(tmp_path: Path) -> None:
    [letter, *_] = merge_letters(read_recipients(RECIPIENTS), default_template("ko"), values=VALUES)
    write_letters([attrs.evolve(letter, stem="letter")], tmp_path)
    pdf = to_pdf(tmp_path / "letter.docx", tmp_path)
    assert len(png_pages(pdf, tmp_path)) == 1
    import subprocess

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "고객 경험 인터뷰 요청" in text
    assert "김민수" in text


def test_the_guide_has_seed_000s_18_questions(seed_journey: cjm.Journey) -> None:
    guide = interview_guide(seed_journey)
    assert [len(s.questions) for s in guide] == [3, 3, 3, 3, 3, 3]
    assert guide[0].questions[0].text.startswith("최근에 이 제품군을 찾거나 비교할 때")
    assert guide[-1].questions[-1].number == 18
    english = interview_guide(seed_journey, "en")
    assert english[1].questions[1].text.startswith("How fast and how accurate")


def test_journey_questions_add_or_replace(seed_journey: cjm.Journey) -> None:
    journey = attrs.evolve(
        seed_journey,
        questions=(
            cjm.StageQuestions(stage="evaluation", questions=("납기 문자 안내가 도움이 될까요?",)),
            cjm.StageQuestions(
                stage="problem", questions=("처리 과정을 어떻게 알고 싶으세요?",), replace=True
            ),
        ),
    )
    guide = {s.stage.id: [q.text for q in s.questions] for s in interview_guide(journey)}
    assert guide["evaluation"][-1] == "납기 문자 안내가 도움이 될까요?"
    assert len(guide["evaluation"]) == 4
    assert guide["problem"] == ["처리 과정을 어떻게 알고 싶으세요?"]
    text = render_guide_markdown(journey)
    assert "## 검토/주문" in text
    assert "   - 출처 역할:" in text


def test_guide_workbook(seed_journey: cjm.Journey, tmp_path: Path) -> None:
    path = tmp_path / "guide.xlsx"
    path.write_bytes(guide_workbook(seed_journey))
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == [
        "번호",
        "여정 단계",
        "질문",
        "답변",
        "출처 역할",
        "증거 형태",
        "녹취/메모 위치",
    ]
    assert sheet.max_row == 19
    assert sheet["B2"].value == "인지/탐색"
    assert sheet.data_validations.dataValidation[0].formula1 == '"최종 사용자,딜러,제조사,내부"'


def test_coverage(seed_journey: cjm.Journey) -> None:
    from cjm.io.voc import read_evidence

    journey = attrs.evolve(
        seed_journey, evidence=read_evidence(EXAMPLES / "medical_device_dealer" / "voc_log.csv")
    )
    rows = {row.stage: row for row in evidence_coverage(journey).stages}
    assert rows["evaluation"].by_role == {"dealer": 2, "end_user": 2, "internal": 0}
    assert rows["evaluation"].complete
    assert rows["problem"].missing_roles == ()
    assert not rows["problem"].enough_direct
    assert rows["awareness"].missing_roles == ("dealer", "end_user")
