"""The Blueprint and Hand-off checklist views of the map workbook, and the small report workbooks."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import openpyxl

import cjm
from cjm.exporters.excel.views import changes_workbook, coverage_workbook, dealer_heatmap_workbook
from cjm.io.voc import read_evidence
from cjm.io.workbook import read_workbook
from cjm.versions import diff, promote
from cjm.voc.survey import score_file
from tests.conftest import EXAMPLES
from tests.render import pdf_page_count, to_pdf

FIELD = EXAMPLES / "medical_device_dealer"


def _values(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    return [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_the_map_workbook_shows_the_blueprint_and_reads_back_unchanged(
    seed_journey: cjm.Journey, tmp_path: Path
) -> None:
    path = cjm.export(seed_journey, "xlsx", tmp_path / "map.xlsx")
    book = openpyxl.load_workbook(path, rich_text=True)
    assert "서비스 블루프린트" in book.sheetnames
    assert "핸드오프 체크리스트" in book.sheetnames
    blueprint = _values(book["서비스 블루프린트"])
    assert "백스테이지" in blueprint
    assert any("⚠ 재고·납기 정보 연동 (물류팀 · ERP(주문·재고·청구))" in v for v in blueprint)
    assert any("물류팀 → 재고·납기 정보 연동" in v for v in blueprint)
    assert any(v.startswith("딜러사 영업·서비스 개선 시 Pain Point 9건 해결") for v in blueprint)
    handoffs = _values(book["핸드오프 체크리스트"])
    assert "정보 완전성 67% · SLA 초과 2" in handoffs
    assert "25%" in handoffs
    assert book["서비스 블루프린트"].protection.sheet
    assert read_workbook(path, into=seed_journey) == seed_journey


def test_no_blueprint_no_views(b2b_journey: cjm.Journey, tmp_path: Path) -> None:
    path = cjm.export(b2b_journey, "xlsx", tmp_path / "map.xlsx")
    assert "Service blueprint" not in openpyxl.load_workbook(path).sheetnames


def test_report_workbooks(seed_journey: cjm.Journey, tmp_path: Path) -> None:
    v2 = promote(seed_journey, read_evidence(FIELD / "voc_log.csv")).journey
    changes = openpyxl.load_workbook(
        io.BytesIO(changes_workbook(diff(seed_journey, v2), seed_journey, v2))
    ).active
    rows = list(changes.iter_rows(min_row=4, values_only=True))
    assert rows[0] == ("변경", "위치", "대상", "이전", "이후")
    assert ("label", "pain_points[5].label", "재고 정보 지연", "hypothesis", "fact") in rows
    assert changes.auto_filter.ref == f"A4:E{3 + len(rows)}"
    coverage = openpyxl.load_workbook(io.BytesIO(coverage_workbook(attrs.evolve(v2)))).active
    assert ["검토/주문", 2, 2, 0, 4, "충족"] in [
        list(r) for r in coverage.iter_rows(min_row=5, values_only=True)
    ]
    heat_bytes = dealer_heatmap_workbook(score_file(FIELD / "survey_responses.csv"), seed_journey)
    heat = openpyxl.load_workbook(io.BytesIO(heat_bytes)).active
    c_row = next(r for r in heat.iter_rows(min_row=5) if r[0].value == "C딜러(대구)")
    assert c_row[1].value.startswith("CSAT 19")
    assert c_row[1].fill.fgColor.rgb.endswith("8C")
    path = tmp_path / "heat.xlsx"
    path.write_bytes(heat_bytes)
    assert pdf_page_count(to_pdf(path, tmp_path)) == 1
