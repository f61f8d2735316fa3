"""The Excel map as a reviewer sees it, and the template as a dealer fills it in."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from openpyxl.utils import range_boundaries

import cjm
from cjm.exporters.excel.book import LABEL_FILLS, MOT_FILL, PAPER_A3
from cjm.exporters.excel.measure import display_width, line_count
from cjm.io.workbook import layout as L
from cjm.model import Journey, Label
from tests.exporters.excel_content import sheet_content
from tests.io.workbook_editing import Book, workbook_bytes


@pytest.fixture(scope="module")
def seed() -> Journey:
    from tests.conftest import SEED_EXAMPLE

    return cjm.load(SEED_EXAMPLE)


@pytest.fixture(scope="module")
def seed_map(seed: Journey) -> Book:
    return Book(workbook_bytes(seed))


@pytest.fixture(scope="module")
def seed_template(seed: Journey) -> Book:
    return Book(workbook_bytes(seed, template=True))


def test_the_map_is_seed_000s_grid(seed: Journey, seed_map: Book) -> None:
    ws = seed_map.sheet(L.Role.MAP)
    assert ws.title == "지도"
    header = [ws.cell(5, c).value for c in range(2, ws.max_column + 1) if ws.cell(5, c).value]
    assert header == ["여정 단계", *(lane.name for lane in seed.lanes)]
    names = [str(ws.cell(r, 2).value).split("\n")[0] for r in range(6, ws.max_row + 1) if ws.cell(r, 2).value]
    assert names == [stage.name for stage in seed.stages]
    touchpoints = [
        ws.cell(r, seed_map.keys(L.Role.MAP)["touchpoints:text"]).value
        for r in seed_map.map_rows("awareness")
    ]
    assert touchpoints == [i.text for i in seed.items("awareness", "touchpoints")]


def test_labels_are_colours_and_words_with_a_legend(seed_map: Book) -> None:
    text = seed_map.map_cell("awareness", "touchpoints", "text", 0)
    label = seed_map.map_cell("awareness", "touchpoints", "label", 0)
    assert label.value == "가설"
    assert text.fill.start_color.rgb[-6:] == LABEL_FILLS[Label.HYPOTHESIS]
    ws = seed_map.sheet(L.Role.MAP)
    legend = {
        ws.cell(4, c).value: ws.cell(4, c).fill.start_color.rgb[-6:]
        for c in range(3, 40)
        if ws.cell(4, c).value
    }
    assert legend["가설"] == LABEL_FILLS[Label.HYPOTHESIS]
    assert legend["사실"] == LABEL_FILLS[Label.FACT]
    assert legend["아이디어"] == LABEL_FILLS[Label.IDEA]
    assert legend["★ MoT"] == MOT_FILL
    rules = sheet_content(ws)["conditional"]
    assert any('="사실"' in formula for _, formula in rules), "a changed label recolours its row"


def test_moments_of_truth_are_highlighted(seed: Journey, seed_map: Book) -> None:
    ws = seed_map.sheet(L.Role.MAP)
    for stage in seed.stages:
        cell = ws.cell(seed_map.map_rows(stage.id)[0], 2)
        is_mot = seed.moment_of_truth(stage.id) is not None
        assert ("★ MoT" in cell.value) == is_mot
        assert (cell.fill.start_color.rgb[-6:] == MOT_FILL) == is_mot
        assert seed_map.map_cell(stage.id, "mot", "text", 0).value == ("Y" if is_mot else "N")


def test_the_map_prints_on_a3_landscape_one_page_wide(seed_map: Book) -> None:
    content = sheet_content(seed_map.sheet(L.Role.MAP))
    assert content["print"]["paper"] == PAPER_A3
    assert content["print"]["orientation"] == "landscape"
    assert (content["print"]["fit_width"], content["print"]["fit_height"], content["print"]["fit"]) == (
        1,
        0,
        True,
    )
    assert content["print"]["title_rows"] == "$5:$5"
    assert content["freeze"] == "C6"
    assert "A" in content["hidden_columns"]
    assert 1 in content["hidden_rows"]


def test_row_heights_and_widths_follow_the_text(seed: Journey, seed_map: Book) -> None:
    ws = seed_map.sheet(L.Role.MAP)
    keys = seed_map.keys(L.Role.MAP)
    for lane in ("touchpoints", "end-user", "dealer", "manufacturer"):
        width = ws.column_dimensions[openpyxl.utils.get_column_letter(keys[f"{lane}:text"])].width
        assert 12 <= width <= 30
        for stage in seed.stages:
            for index, item in enumerate(seed.items(stage.id, lane)):
                row = seed_map.map_rows(stage.id)[index]
                lines = line_count(item.text, width)
                assert ws.row_dimensions[row].height >= 14 * lines, (item.text, lines)
    assert display_width("가나다") == pytest.approx(2 * display_width("abc") * 0.95, rel=0.1)


def two_curves_with_gaps(journey: Journey) -> Journey:
    """``journey`` with no score at its third stage and a second persona scored at three stages only."""
    third = journey.stages[2].id
    buyer = cjm.Persona(id="buyer", name="Purchasing buyer")
    scored = (journey.stages[0].id, journey.stages[3].id, journey.stages[4].id)
    emotions = tuple(e for e in journey.emotions if e.stage != third) + tuple(
        cjm.Emotion(stage=stage, score=score, persona=buyer.id)
        for stage, score in zip(scored, (-1, 2, 0), strict=True)
    )
    return cjm.ensure_valid(attrs.evolve(journey, personas=(*journey.personas, buyer), emotions=emotions))


def _cells(book: Book, reference: str) -> list[Any]:
    """The values of the cells a chart reference (``'Emotions'!$C$4:$C$8``) points at, on its sheet."""
    sheet, _, cells = reference.rpartition("!")
    assert sheet.strip("'") == book.sheet(L.Role.EMOTIONS).title
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    assert min_col == max_col
    ws = book.sheet(L.Role.EMOTIONS)
    return [ws.cell(row, min_col).value for row in range(min_row, max_row + 1)]


@pytest.mark.parametrize("layout", L.LAYOUTS)
def test_the_emotion_curve_is_a_native_line_chart(b2b_journey: Journey, layout: str) -> None:
    journey = two_curves_with_gaps(b2b_journey)
    book = Book(workbook_bytes(journey, layout=layout))
    ws = book.sheet(L.Role.MAP)
    (chart,) = ws._charts
    assert type(chart).__name__ == "LineChart"
    grid_end = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value)  # the last row of a block
    assert chart.anchor._from.row + 1 > grid_end  # under the grid, not over it
    assert chart.display_blanks == "gap"
    names = [s.tx.v for s in chart.series]
    assert names == ["Ji-hye Kim, ERP project lead (Map persona)", "Purchasing buyer"]
    keys = book.keys(L.Role.EMOTIONS)
    for series, persona in zip(chart.series, (None, "buyer"), strict=True):
        reference = series.val.numRef.f
        column = range_boundaries(reference.rpartition("!")[2].replace("$", ""))[0]
        assert keys[f"{persona or '-'}:score"] == column  # the persona's own score column
        scores = [journey.emotion(s.id, persona) for s in journey.stages]
        assert _cells(book, reference) == [e.score if e else None for e in scores]  # no score: empty, not 0
        assert _cells(book, series.cat.numRef.f) == [s.name for s in journey.stages]
    (first, second) = chart.series
    assert _cells(book, first.val.numRef.f)[2] is None
    assert _cells(book, second.val.numRef.f) == [-1, None, None, 2, 0]


@pytest.mark.parametrize("layout", L.LAYOUTS)
def test_no_emotion_scores_no_chart(seed: Journey, layout: str) -> None:
    assert not seed.emotions
    assert Book(workbook_bytes(seed, layout=layout)).sheet(L.Role.MAP)._charts == []


def test_other_sheets_carry_every_record(seed: Journey, seed_map: Book) -> None:
    assert seed_map.wb.sheetnames[:2] == ["지도", "감정 곡선"]
    metrics = seed_map.sheet(L.Role.METRICS)
    names = [
        metrics.cell(r, seed_map.keys(L.Role.METRICS)["name"]).value for r in range(3, metrics.max_row + 1)
    ]
    assert names == [m.name for m in seed.metrics]
    mot_column = seed_map.keys(L.Role.METRICS)["mot"]
    managed = {m.id for m in seed.metrics if m.stage in {x.stage for x in seed.moments_of_truth}}
    marked = {
        metrics.cell(r, 1).value for r in range(3, metrics.max_row + 1) if metrics.cell(r, mot_column).value
    }
    assert marked == managed
    evidence = seed_map.sheet(L.Role.EVIDENCE)
    assert list(evidence.tables) == ["VOC_log"]


def test_read_me_explains_the_colours_in_the_journeys_language(seed_map: Book, b2b_journey: Journey) -> None:
    ws = seed_map.sheet(L.Role.README)
    texts = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "가설" in texts
    assert "(삭제)" in texts
    assert "cjm import" in texts
    english = Book(workbook_bytes(b2b_journey)).sheet(L.Role.README)
    assert "Hypothesis" in " ".join(str(c.value) for row in english.iter_rows() for c in row if c.value)


def test_the_wall_layout_transposes_the_grid(seed: Journey) -> None:
    book = Book(workbook_bytes(seed, layout="wall"))
    ws = book.sheet(L.Role.MAP)
    header = [ws.cell(5, c).value for c in range(2, ws.max_column + 1) if ws.cell(5, c).value]
    assert [h.split("\n")[0] for h in header] == ["레인", *(s.name for s in seed.stages)]
    lanes = [ws.cell(r, 2).value for r in range(6, ws.max_row + 1) if ws.cell(r, 2).value]
    assert lanes == [lane.name for lane in seed.lanes]


def test_the_template_is_protected_with_open_content_cells(seed_template: Book, seed: Journey) -> None:
    ws = seed_template.sheet(L.Role.MAP)
    assert ws.protection.sheet
    assert ws.cell(5, 3).protection.locked  # a header
    assert seed_template.map_cell("awareness", "touchpoints", "ref", 0).protection.locked
    blank = len(seed.items("awareness", "touchpoints"))
    assert not seed_template.map_cell("awareness", "touchpoints", "text", blank).protection.locked
    assert not seed_template.map_cell("awareness", "touchpoints", "label", blank).protection.locked
    assert seed_template.wb.sheetnames[0] == "읽어보기"
    assert seed_template.wb.active.title == "지도"


def test_the_template_offers_dropdowns_and_input_messages(seed_template: Book) -> None:
    map_rules = seed_template.sheet(L.Role.MAP).data_validations.dataValidation
    lists = {rule.formula1 for rule in map_rules if rule.type == "list"}
    assert '"가설,사실,아이디어"' in lists
    assert '"Y,N"' in lists
    evidence = seed_template.sheet(L.Role.EVIDENCE)
    by_column = {
        str(rule.sqref).split(":")[0].rstrip("0123456789"): rule
        for rule in evidence.data_validations.dataValidation
    }
    keys = seed_template.keys(L.Role.EVIDENCE)
    letter = openpyxl.utils.get_column_letter
    assert "인터뷰" in by_column[letter(keys["method"])].formula1
    assert "녹취" in by_column[letter(keys["kind"])].formula1
    assert "검토/주문" in by_column[letter(keys["stage"])].formula1
    assert all(rule.showInputMessage and rule.prompt for rule in by_column.values())
    assert len(by_column) == len(keys)  # every column says what it expects
    new_items = seed_template.sheet(L.Role.NEW_ITEMS).data_validations.dataValidation
    assert any("딜러 행동" in (rule.formula1 or "") for rule in new_items)


def test_the_language_option_switches_cjms_wording(seed: Journey) -> None:
    book = Book(workbook_bytes(seed, language="en"))
    assert book.wb.sheetnames[0] == "Map"
    assert book.map_cell("awareness", "touchpoints", "label", 0).value == "Hypothesis"
    assert book.map_cell("awareness", "touchpoints", "text", 0).value == "학회"  # the user's text untouched


def test_export_through_the_registry_with_string_options(seed: Journey, tmp_path: Path) -> None:
    path = cjm.export(seed, "xlsx", tmp_path / "wall.xlsx", layout="wall", language="en")
    assert openpyxl.load_workbook(path).sheetnames[0] == "Map"
    with pytest.raises(cjm.ExportOptionError, match="layout"):
        cjm.export(seed, "xlsx", tmp_path / "bad.xlsx", layout="diagonal")
    with pytest.raises(cjm.ExportOptionError, match="paper"):
        cjm.export(seed, "xlsx", tmp_path / "bad.xlsx", paper="A4")
    assert not (tmp_path / "bad.xlsx").exists()


def test_an_empty_journey_still_makes_a_workbook() -> None:
    journey = cjm.JourneyBuilder(id="empty", title="Empty").build()
    data = workbook_bytes(journey)
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames[0] == "Map"
    assert cjm.io.workbook.read_workbook(io.BytesIO(data)) == journey
