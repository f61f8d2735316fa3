"""The KPI report and the funnel as workbooks and slides, read back as a user would, and rendered."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import attrs
import pytest
from openpyxl import load_workbook

import cjm
from cjm.exporters.excel.kpi import funnel_workbook, kpi_workbook, number_format
from cjm.exporters.powerpoint import Deck
from cjm.exporters.powerpoint.kpi import funnel_builder, kpi_builder
from cjm.exporters.reports import MET_FILLS, SPREAD_FILLS
from cjm.kpi import Dataset, JourneyAnalytics, KpiResults, analyse_journey, compute, parse_periods, read_data
from cjm.kpi.report import path_text
from tests.conftest import EXAMPLES
from tests.exporters.pptx_reading import reopen, table_rows, tables, titles
from tests.render import pdf_page_count, to_pdf

#: Targets given to the seed map for these tests (seed 000 sets none).
TARGETS = {"otd-dealer": 70.0, "ttru": 3.0, "fcr": 50.0}


@pytest.fixture(scope="module")
def results(world_data: dict[str, Dataset]) -> KpiResults:
    """The world's two quarters with data, split by dealer."""
    return compute(world_data["duckdb"], periods=parse_periods("2026Q2,2026Q3"), by=("dealer",))


@pytest.fixture(scope="module")
def journey(seed_journey: cjm.Journey) -> cjm.Journey:
    """Seed 000's map with three targets."""
    metrics = tuple(attrs.evolve(m, target=TARGETS.get(m.id, m.target)) for m in seed_journey.metrics)
    return attrs.evolve(seed_journey, metrics=metrics)


def _fill(cell: object) -> str | None:
    colour = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else None  # type: ignore[attr-defined]
    return colour[-6:] if isinstance(colour, str) else None


def _row_of(ws: object, metric: str) -> int:
    for row in ws.iter_rows(min_col=2, max_col=2):  # type: ignore[attr-defined]
        if row[0].value == metric:
            return int(row[0].row)
    raise AssertionError(f"no row for {metric}")


def _columns(ws: object) -> dict[str, int]:
    """Header text -> column number (the header is row 5)."""
    return {c.value: c.column for c in ws[5] if c.value}  # type: ignore[index]


def test_a_sheet_per_period_newest_first_then_the_trend_and_about(
    journey: cjm.Journey, results: KpiResults
) -> None:
    book = load_workbook(io.BytesIO(kpi_workbook(journey, results)))
    assert book.sheetnames == ["2026Q3", "2026Q2", "기간별 추이", "정보"]
    english = load_workbook(io.BytesIO(kpi_workbook(journey, results, language="en")))
    assert english.sheetnames == ["2026Q3", "2026Q2", "By period", "About"]


def test_values_are_numbers_in_their_unit_against_baseline_and_target(
    journey: cjm.Journey, results: KpiResults
) -> None:
    ws = load_workbook(io.BytesIO(kpi_workbook(journey, results)))["2026Q3"]
    col = _columns(ws)
    assert list(col)[:9] == [
        "KPI",
        "ID",
        "측정값",
        "기존 베이스라인",
        "지도 대비",
        "목표",
        "차이",
        "목표 달성",
        "건수",
    ]
    row = _row_of(ws, "otd-dealer")
    value = ws.cell(row, col["측정값"])
    assert (value.value, value.number_format) == (60.0, '0.0"%"')  # a number: sums and charts work
    baseline = ws.cell(row, col["기존 베이스라인"])
    assert (baseline.value, _fill(baseline)) == ("70% (가설)", "FFF2CC")
    assert ws.cell(row, col["지도 대비"]).value == -10.0
    assert ws.cell(row, col["목표"]).value == 70.0
    gap = ws.cell(row, col["차이"])
    assert (gap.value, gap.number_format) == (-10.0, '+0.0"%";-0.0"%";0.0"%"')
    met = ws.cell(row, col["목표 달성"])
    assert (met.value, _fill(met)) == ("미달", MET_FILLS[False])
    fcr = _row_of(ws, "fcr")
    assert (ws.cell(fcr, col["목표 달성"]).value, _fill(ws.cell(fcr, col["목표 달성"]))) == (
        "달성",
        MET_FILLS[True],
    )
    assert ws.cell(row, col["건수"]).value == results.value("otd-dealer", "2026Q3").n  # type: ignore[union-attr]
    ttru = _row_of(ws, "ttru")
    assert ws.cell(ttru, col["측정값"]).number_format == '0.0"일"'


def test_one_column_per_dealer_with_the_worst_and_best_shaded(
    journey: cjm.Journey, results: KpiResults
) -> None:
    ws = load_workbook(io.BytesIO(kpi_workbook(journey, results)))["2026Q3"]
    col = _columns(ws)
    assert [name for name in col if name.endswith("딜러")] == ["가딜러", "나딜러", "다딜러"]
    row = _row_of(ws, "otd-dealer")  # D1 50%, D2 66.7%, D3 holds no orders; higher is better
    worst, best, none = (ws.cell(row, col[n]) for n in ("가딜러", "나딜러", "다딜러"))
    assert (worst.value, _fill(worst), worst.font.b) == (50.0, SPREAD_FILLS["worst"], True)
    assert (best.value, _fill(best)) == (66.7, SPREAD_FILLS["best"])
    assert (none.value, _fill(none)) == ("–", None)  # no value is never 0


def test_stages_are_row_groups_in_the_map_s_order(journey: cjm.Journey, results: KpiResults) -> None:
    ws = load_workbook(io.BytesIO(kpi_workbook(journey, results)))["2026Q3"]
    merged = {r.min_row for r in ws.merged_cells.ranges if r.min_row > 5}
    groups = [str(ws.cell(r, 1).value) for r in sorted(merged)]
    names = [s.name for s in journey.stages]
    shown = [g.removeprefix("★ ").removesuffix(" (MoT)") for g in groups]
    assert shown == [n for n in names if n in shown]
    mot = {journey.stage(m.stage).name for m in journey.moments_of_truth}
    assert {g.removeprefix("★ ").removesuffix(" (MoT)") for g in groups if g.startswith("★ ")} == mot
    assert ws.freeze_panes == "C6"
    assert ws.protection.sheet  # a view, never read back


def test_the_trend_sheet_lines_periods_up(journey: cjm.Journey, results: KpiResults) -> None:
    ws = load_workbook(io.BytesIO(kpi_workbook(journey, results)))["기간별 추이"]
    header = [c.value for c in ws[4]]
    assert header == ["KPI", "ID", "2026Q2", "2026Q3", "목표"]
    row = _row_of(ws, "otd-dealer")
    assert (ws.cell(row, 3).value, _fill(ws.cell(row, 3))) == (100.0, MET_FILLS[True])  # one order, on time
    assert (ws.cell(row, 4).value, _fill(ws.cell(row, 4))) == (60.0, MET_FILLS[False])
    assert ws.cell(row, 5).value == 70.0


def test_the_about_sheet_says_what_was_read_and_what_was_not(
    journey: cjm.Journey, results: KpiResults
) -> None:
    ws = load_workbook(io.BytesIO(kpi_workbook(journey, results)))["정보"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "orders" in texts
    assert "orders.csv" in texts
    undefined = [m.id for m in journey.metrics if m.id not in results.catalogue]
    if undefined:
        assert any(all(i in t for i in undefined) for t in texts)


def test_a_period_without_data_shows_no_values(journey: cjm.Journey, world_data: dict[str, Dataset]) -> None:
    empty = compute(world_data["duckdb"], periods=parse_periods("2030Q1"))
    ws = load_workbook(io.BytesIO(kpi_workbook(journey, empty)))["2030Q1"]
    row = _row_of(ws, "otd-dealer")
    assert ws.cell(row, 3).value == "–"
    assert ws.cell(row, 8).value is None  # nothing to say about the target


def test_user_text_that_looks_like_a_formula_stays_text(journey: cjm.Journey, results: KpiResults) -> None:
    hostile = attrs.evolve(
        journey,
        metrics=tuple(
            attrs.evolve(m, name='=HYPERLINK("http://x","y")') if m.id == "otd-dealer" else m
            for m in journey.metrics
        ),
    )
    ws = load_workbook(io.BytesIO(kpi_workbook(hostile, results)))["2026Q3"]
    cell = ws.cell(_row_of(ws, "otd-dealer"), 1)
    assert cell.data_type == "s"
    assert str(cell.value).endswith('=HYPERLINK("http://x","y")')


@pytest.mark.parametrize(
    ("decimals", "unit", "options", "expected"),
    [
        (1, "%", {}, '0.0"%"'),
        (1, "days", {}, '0.0" days"'),
        (2, "/5", {}, '0.00"/5"'),
        (0, "원", {"large": True}, '#,##0"원"'),
        (1, "시간", {"signed": True}, '+0.0"시간";-0.0"시간";0.0"시간"'),
        (None, "", {}, "0"),
    ],
)
def test_number_formats_keep_the_unit_as_written(
    decimals: int | None, unit: str, options: dict[str, bool], expected: str
) -> None:
    assert number_format(decimals, unit, **options) == expected


def test_slides_per_stage_then_by_dealer_then_by_period(journey: cjm.Journey, results: KpiResults) -> None:
    prs = reopen(Deck(journey).add(kpi_builder(results, journey)))
    names = titles(prs)
    stages = [t for t in names if t.startswith("KPI 베이스라인 2026Q3: ")]
    assert stages[0] == "KPI 베이스라인 2026Q3: 인지/탐색"
    assert "KPI 베이스라인 2026Q3: ★ 검토/주문 (MoT)" in stages
    assert any(t.startswith("딜러별 KPI 2026Q3") for t in names)
    assert any(t.startswith("KPI 베이스라인: 기간별 추이") for t in names)
    slide = next(s for s, t in zip(prs.slides, names, strict=True) if "검토/주문" in t)
    rows = table_rows(tables(slide)[0])
    assert rows[0] == [
        "KPI",
        "측정값",
        "기존 베이스라인",
        "지도 대비",
        "목표",
        "차이",
        "건수",
        "딜러 편차 (최저 … 최고)",
    ]
    otd = next(r for r in rows if r[0].endswith("otd-dealer"))
    assert otd[1:7] == ["60%", "70% (가설)", "-10%", "70%", "-10% 미달", otd[6]]
    assert otd[7] == "▼ 가딜러 50%\n▲ 나딜러 66.7%"
    assert "가설" in slide.notes_slide.notes_text_frame.text


def test_the_dealer_slide_shades_worst_and_best(journey: cjm.Journey, results: KpiResults) -> None:
    prs = reopen(Deck(journey, language="en").add(kpi_builder(results, journey)))
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text.startswith("KPIs by dealer 2026Q3"))
    table = tables(slide)[0]
    rows = table_rows(table)
    assert rows[0] == ["KPI", "Value", "가딜러", "나딜러", "다딜러"]
    index = next(i for i, r in enumerate(rows) if "딜러 창고 제때 공급률" in r[0])
    cells = table.rows[index].cells
    assert str(cells[2].fill.fore_color.rgb) == SPREAD_FILLS["worst"]
    assert str(cells[3].fill.fore_color.rgb) == SPREAD_FILLS["best"]
    assert rows[index][2:] == ["50%", "66.7%", "–"]  # no value, never 0


def test_one_period_and_no_split_make_only_the_stage_slides(
    journey: cjm.Journey, world_data: dict[str, Dataset]
) -> None:
    single = compute(world_data["duckdb"], periods=parse_periods("2026Q3"))
    prs = reopen(Deck(journey).add(kpi_builder(single, journey)))
    assert all(t.startswith("KPI 베이스라인 2026Q3: ") for t in titles(prs))
    header = table_rows(tables(prs.slides[0])[0])[0]
    assert header[-1] == "건수"  # no dealer spread without a split


def test_the_reports_render_in_libreoffice_with_hangul(
    tmp_path: Path, journey: cjm.Journey, results: KpiResults, funnel: JourneyAnalytics
) -> None:
    book = tmp_path / "kpi.xlsx"
    book.write_bytes(kpi_workbook(journey, results))
    deck = Deck(journey).add(kpi_builder(results, journey))
    slides = deck.save(tmp_path / "kpi.pptx")
    funnel_book = tmp_path / "funnel.xlsx"
    funnel_book.write_bytes(funnel_workbook(journey, funnel))
    funnel_deck = Deck(journey).add(funnel_builder(funnel, journey))
    funnel_slides = funnel_deck.save(tmp_path / "funnel.pptx")
    documents = (
        (book, "딜러 창고 제때 공급률"),
        (slides, "검토/주문"),
        (funnel_book, "카카오톡 채널"),
        (funnel_slides, "초기 준비/첫 사용"),
    )
    for path, expected in documents:
        out = tmp_path / path.name.replace(".", "-")
        out.mkdir()
        pdf = to_pdf(path, out)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert expected.replace(" ", "") in "".join(text.split())
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "CJK" in fonts  # Hangul in a CJK font, not boxes
        if path in (slides, funnel_slides):
            made = deck if path == slides else funnel_deck
            assert pdf_page_count(pdf) == made.slide_count


# --- the funnel -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def funnel(seed_journey: cjm.Journey) -> JourneyAnalytics:
    """The bundled example's event log against its map."""
    with read_data(EXAMPLES / "medical_device_dealer" / "data") as data:
        return analyse_journey(data, seed_journey)


def test_the_funnel_sheet_has_numbers_a_chart_paths_and_the_map_against_the_data(
    seed_journey: cjm.Journey, funnel: JourneyAnalytics
) -> None:
    ws = load_workbook(io.BytesIO(funnel_workbook(seed_journey, funnel))).active
    assert [c.value for c in ws[4]][:6] == ["단계", "도달", "전환", "이탈", "전환율", "체류(중앙값, 일)"]
    first = funnel.funnel[0]
    assert [c.value for c in ws[5]][:4] == ["인지/탐색", first.reached, first.converted, first.dropped]
    assert ws.cell(5, 5).number_format == '0.0"%"'
    last = 4 + len(funnel.funnel)
    assert [ws.cell(last, c).value for c in (1, 3, 4)] == ["재구매/확장", "–", "–"]  # no next stage
    [chart] = ws._charts
    assert chart.grouping == "stacked"
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "가장 많은 경로 (단계)" in texts
    assert path_text(seed_journey, funnel, funnel.paths[0].steps, funnel.paths[0].truncated) in texts
    assert "의료 전문지" in texts  # on the map, never in the data
    assert "카카오톡 채널" in texts  # frequent in the data, not on the map


def test_the_funnel_slides_chart_and_table_then_paths_and_touchpoints(
    seed_journey: cjm.Journey, funnel: JourneyAnalytics
) -> None:
    prs = reopen(Deck(seed_journey, language="en").add(funnel_builder(funnel, seed_journey)))
    assert titles(prs) == [
        "Funnel: reached, converted, dropped",
        "The map against the data: Most frequent paths (stage)",
    ]
    chart_slide, reality = prs.slides
    [chart] = [s.chart for s in chart_slide.shapes if s.has_chart]
    assert list(chart.plots[0].categories) == [s.name for s in seed_journey.stages]
    assert [s.name for s in chart.plots[0].series] == ["converted", "dropped"]
    rows = table_rows(tables(chart_slide)[0])
    assert rows[0] == ["stage", "reached", "converted", "dropped", "conversion", "days in stage (median)"]
    assert rows[1][:4] == ["인지/탐색", f"{funnel.funnel[0].reached:,}", f"{funnel.funnel[0].converted:,}",
                           f"{funnel.funnel[0].dropped:,}"]  # fmt: skip
    paths, touchpoints = (table_rows(t) for t in tables(reality))
    assert paths[1][0] == f"{funnel.paths[0].customers:,}"
    assert ["의료 전문지", "인지/탐색"] in touchpoints
    assert any(r[0] == "카카오톡 채널" for r in touchpoints)
