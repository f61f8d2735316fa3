"""A filled template merged back: empty cells leave fields alone, the marker clears; errors name cells."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

import cjm
from cjm.io.workbook import changes, read_workbook
from cjm.io.workbook import layout as L
from cjm.model import Journey, Label
from tests.io.workbook_editing import Book, workbook_bytes


@pytest.fixture
def book(seed_journey: Journey) -> Book:
    return Book(workbook_bytes(seed_journey, template=True))


def merged(book: Book, into: Journey) -> Journey:
    return read_workbook(io.BytesIO(book.bytes()), into=into, name="filled.xlsx")


def test_an_untouched_template_changes_nothing(book: Book, seed_journey: Journey) -> None:
    result = merged(book, seed_journey)
    assert result == seed_journey
    assert changes(seed_journey, result) == []


def test_a_team_edits_labels_adds_and_removes_entries(book: Book, seed_journey: Journey) -> None:
    dealer = seed_journey.items("evaluation", "dealer")
    book.set_map("evaluation", "dealer", "label", 0, "사실")  # a hypothesis confirmed
    book.set_map("evaluation", "dealer", "text", 1, "(삭제)")  # removed
    blank = len(dealer)  # the first blank row under the stage
    book.set_map("evaluation", "dealer", "text", blank, "재고 확인 후 당일 회신")
    book.set_map("evaluation", "dealer", "label", blank, "아이디어")
    book.set_map("awareness", "mot", "text", 0, "Y")
    result = merged(book, seed_journey)

    after = result.items("evaluation", "dealer")
    assert after[0].text == dealer[0].text
    assert after[0].label is Label.FACT
    assert dealer[1].text not in [i.text for i in after]
    assert after[-1].text == "재고 확인 후 당일 회신"
    assert after[-1].label is Label.IDEA
    assert result.moment_of_truth("awareness") is not None
    lines = [str(c) for c in changes(seed_journey, result)]
    assert any(line.startswith("~ label") and "hypothesis → fact" in line for line in lines)
    assert any(line.startswith("- item") and dealer[1].text in line for line in lines)
    assert any(line.startswith("+ item") and "재고 확인 후 당일 회신" in line for line in lines)
    assert any(line.startswith("+ MoT") for line in lines)


def test_an_empty_cell_means_unchanged(book: Book, seed_journey: Journey) -> None:
    book.set_map("evaluation", "dealer", "text", 0, None)
    book.set_map("evaluation", "dealer", "label", 0, None)
    book.set_table(L.Role.METRICS, 0, "name", None)
    assert merged(book, seed_journey) == seed_journey


def test_the_marker_clears_an_optional_field_in_either_language(book: Book, seed_journey: Journey) -> None:
    first = seed_journey.metrics[0]
    assert first.short or first.definition
    book.set_table(L.Role.METRICS, 0, "short", "(clear)")
    book.set_table(L.Role.METRICS, 0, "definition", " (삭제) ")
    result = merged(book, seed_journey)
    assert result.metrics[0].short is None
    assert result.metrics[0].definition == ""
    assert result.metrics[0].name == first.name


def test_clearing_a_required_field_removes_the_record(book: Book, seed_journey: Journey) -> None:
    managed = {m for moment in seed_journey.moments_of_truth for m in moment.metrics}
    index, metric = next((i, m) for i, m in enumerate(seed_journey.metrics) if m.id not in managed)
    book.set_table(L.Role.METRICS, index, "name", "(clear)")
    result = merged(book, seed_journey)
    assert metric.id not in {m.id for m in result.metrics}
    lines = [str(c) for c in changes(seed_journey, result)]
    assert lines == [f"- metric        {metric.id}"]


def test_removing_what_the_journey_still_refers_to_is_caught(book: Book, seed_journey: Journey) -> None:
    book.set_map("evaluation", "pain-points", "text", 0, "(삭제)")  # the blueprint links to it
    with pytest.raises(cjm.ValidationError, match="pp-evaluation-1") as caught:
        merged(book, seed_journey)
    assert all(f.source and f.source.startswith("filled.xlsx ") for f in caught.value.findings)


def test_evidence_rows_are_added_with_ids_and_typed_values(book: Book, seed_journey: Journey) -> None:
    book.set_table(L.Role.EVIDENCE, 0, "date", dt.datetime(2025, 3, 4))
    book.set_table(L.Role.EVIDENCE, 0, "method", "인터뷰")
    book.set_table(L.Role.EVIDENCE, 0, "source_role", "dealer")
    book.set_table(L.Role.EVIDENCE, 0, "stage", "검토/주문")
    book.set_table(L.Role.EVIDENCE, 0, "supports", "eu-stock-inquiry")
    book.set_table(L.Role.EVIDENCE, 0, "summary", "=재고 정보가 늦다")  # typed as a formula in Excel
    book.set_table(L.Role.EVIDENCE, 1, "method", "observation")
    book.set_table(L.Role.EVIDENCE, 1, "source_role", "end_user")
    book.set_table(L.Role.EVIDENCE, 1, "date", "2025.03.05")
    result = merged(book, seed_journey)
    first, second = result.evidence
    assert first.id == "ev-1"
    assert second.id == "ev-2"
    assert first.date == dt.date(2025, 3, 4)
    assert second.date == dt.date(2025, 3, 5)
    assert first.stage == "evaluation"
    assert first.supports == ("eu-stock-inquiry",)
    assert first.summary == "=재고 정보가 늦다"  # the formula's text, never its value


def test_every_error_of_the_workbook_is_reported_at_once_with_its_cell(
    book: Book, seed_journey: Journey
) -> None:
    book.set_map("awareness", "touchpoints", "label", 1, "확실")
    book.set_table(L.Role.EVIDENCE, 0, "method", "전화")
    book.set_table(L.Role.EVIDENCE, 0, "date", "다음 주")
    book.set_table(L.Role.EVIDENCE, 1, "method", "interview")
    book.set_table(L.Role.EVIDENCE, 1, "source_role", "dealer")
    book.set_table(L.Role.EVIDENCE, 1, "stage", "없는 단계")
    book.set_table(L.Role.METRICS, 0, "target", "높게")
    with pytest.raises(cjm.LoadError) as caught:
        merged(book, seed_journey)
    found = {(f.source, f.message.split(":")[0]) for f in caught.value.findings}
    sources = sorted(source for source, _ in found)
    assert len(caught.value.findings) == 6  # the first evidence row also lacks its source role
    assert any(s.startswith("filled.xlsx 지도!D") for s in sources)
    assert any(s.startswith("filled.xlsx 증거 로그!B3") for s in sources)
    assert any(s.startswith("filled.xlsx 증거 로그!C3") for s in sources)
    assert any(s.startswith("filled.xlsx 증거 로그!I4") for s in sources)
    assert any(s.startswith("filled.xlsx 지표!") for s in sources)
    messages = " | ".join(f.message for f in caught.value.findings)
    assert "expected one of 가설, 사실, 아이디어" in messages
    assert "expected a date (YYYY-MM-DD)" in messages
    assert "no stage '없는 단계'" in messages
    assert "검토/주문" in messages
    assert "expected a number" in messages
    assert "출처 역할 is required" in messages


def test_a_bad_mot_cell_of_the_stages_sheet_is_reported_once(book: Book, seed_journey: Journey) -> None:
    # the Stages sheet's rows are decoded once, for the stages and for their Moments of Truth
    book.set_table(L.Role.STAGES, 0, "mot", "maybe")
    cell = book.table_cell(L.Role.STAGES, 0, "mot").coordinate
    with pytest.raises(cjm.LoadError) as caught:
        merged(book, seed_journey)
    (finding,) = caught.value.findings
    assert finding.source == f"filled.xlsx {L.sheet_name(L.Role.STAGES, seed_journey.language)}!{cell}"
    assert "expected Y or N" in finding.message


def test_a_dangling_id_is_placed_at_its_cell(book: Book, seed_journey: Journey) -> None:
    book.set_table(L.Role.EVIDENCE, 0, "method", "interview")
    book.set_table(L.Role.EVIDENCE, 0, "source_role", "dealer")
    book.set_table(L.Role.EVIDENCE, 0, "supports", "no-such-item")
    with pytest.raises(cjm.ValidationError) as caught:
        merged(book, seed_journey)
    (finding,) = caught.value.findings
    assert finding.source is not None
    assert finding.source.startswith("filled.xlsx 증거 로그!")
    assert "no-such-item" in finding.message


def test_a_template_of_another_version_is_caught(book: Book, seed_journey: Journey) -> None:
    import attrs

    cells = {s: dict(row) for s, row in seed_journey.cells.items()}
    cells["evaluation"]["dealer"] = tuple(
        attrs.evolve(item, text=item.text + " (수정)") for item in cells["evaluation"]["dealer"]
    )
    newer = attrs.evolve(seed_journey, cells=cells)
    book.set_map("evaluation", "dealer", "label", 0, "사실")
    with pytest.raises(cjm.LoadError, match="another version of the journey"):
        merged(book, newer)


def test_the_new_items_sheet_adds_entries(book: Book, seed_journey: Journey) -> None:
    book.set_table(L.Role.NEW_ITEMS, 0, "stage", "검토/주문")
    book.set_table(L.Role.NEW_ITEMS, 0, "lane", "딜러 행동")
    book.set_table(L.Role.NEW_ITEMS, 0, "text", "견적 자동화")
    book.set_table(L.Role.NEW_ITEMS, 0, "label", "idea")
    book.set_table(L.Role.NEW_ITEMS, 1, "stage", "검토/주문")
    book.set_table(L.Role.NEW_ITEMS, 1, "lane", "Pain Point")
    book.set_table(L.Role.NEW_ITEMS, 1, "text", "견적이 늦다")
    result = merged(book, seed_journey)
    assert result.items("evaluation", "dealer")[-1].text == "견적 자동화"
    added = [p for p in result.pain_points if p.text == "견적이 늦다"]
    assert len(added) == 1
    assert added[0].stage == "evaluation"
    assert added[0].id.startswith("pp-")


def test_a_renamed_sheet_is_still_found(book: Book, seed_journey: Journey) -> None:
    book.set_table(L.Role.EVIDENCE, 0, "method", "survey")
    book.set_table(L.Role.EVIDENCE, 0, "source_role", "internal")
    # Excel updates the defined names when a sheet is renamed; openpyxl does not, so do as Excel does
    book.sheet(L.Role.EVIDENCE).title = "VOC 2025"
    book.wb.defined_names[L.defined_name(L.Role.EVIDENCE)].attr_text = "'VOC 2025'!$A$1"
    assert len(merged(book, seed_journey).evidence) == 1


def test_a_sheet_is_found_by_its_name_in_either_language(book: Book, seed_journey: Journey) -> None:
    book.set_table(L.Role.EVIDENCE, 0, "method", "survey")
    book.set_table(L.Role.EVIDENCE, 0, "source_role", "internal")
    book.sheet(L.Role.EVIDENCE).title = "Evidence"  # the English name
    del book.wb.defined_names[L.defined_name(L.Role.EVIDENCE)]
    assert len(merged(book, seed_journey).evidence) == 1


def test_a_workbook_read_on_its_own_is_the_whole_journey(seed_journey: Journey, tmp_path: Path) -> None:
    path = tmp_path / "map.xlsx"
    path.write_bytes(workbook_bytes(seed_journey))
    assert read_workbook(path) == seed_journey


def test_reading_the_wall_layout_of_a_filled_template(seed_journey: Journey) -> None:
    book = Book(workbook_bytes(seed_journey, template=True, layout="wall"))
    rows = book.map_rows("dealer")
    ws = book.sheet(L.Role.MAP)
    label_col = book.keys(L.Role.MAP)["evaluation:label"]
    ws.cell(rows[0], label_col).value = "Fact"
    result = merged(book, seed_journey)
    assert result.items("evaluation", "dealer")[0].label is Label.FACT
