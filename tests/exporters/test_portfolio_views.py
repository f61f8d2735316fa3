"""The portfolio's views read back: the workbook (openpyxl), the deck (python-pptx), the HTML fragment
(html.parser), and the workbook and the deck rendered by LibreOffice.

The hand-made portfolio and its hand-computed figures are in tests/portfolio/test_compare.py.
Look at the pages too: ``pytest tests/exporters/test_portfolio_views.py --basetemp=out`` keeps the PNGs.
"""

from __future__ import annotations

import io
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from pptx import Presentation

import cjm
from cjm.exporters.excel.book import LABEL_FILLS
from cjm.exporters.excel.portfolio import portfolio_workbook
from cjm.exporters.powerpoint import Deck
from cjm.exporters.powerpoint.portfolio import CAUSES_SHOWN, portfolio_builder, portfolio_deck
from cjm.exporters.reports import MET_FILLS, heat
from cjm.model import Label
from cjm.portfolio import compare, portfolio_html
from cjm.portfolio.wording import WORDS
from tests.exporters.pptx_reading import deck_text, notes, table_rows, tables, titles
from tests.portfolio.test_compare import P1, hand_made, seed_dealers
from tests.render import pdf_page_count, png_pages, to_pdf


def _fill(cell: Any) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    rgb = cell.fill.start_color.rgb
    return rgb[-6:] if isinstance(rgb, str) else None


def _book(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


# --- the workbook -------------------------------------------------------------------------------


def test_the_workbook_has_a_sheet_per_group_the_shared_causes_and_about() -> None:
    book = _book(portfolio_workbook(compare(hand_made())))
    assert book.sheetnames == ["Compared 1", "Shared causes", "About"]
    korean = _book(portfolio_workbook(compare(hand_made()), "ko"))
    assert korean.sheetnames == ["비교 1", "공통 원인", "정보"]
    for sheet in book.worksheets:
        assert sheet.protection.sheet  # views: never read back
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1


def test_the_group_sheet_stages_by_journey_with_heat_fills() -> None:
    ws = _book(portfolio_workbook(compare(hand_made()), "en"))["Compared 1"]
    assert ws["A1"].value == "Journeys on the same stages 1: Dealer A · Dealer B"
    assert ws.freeze_panes == "B8"
    assert {"A5:A7", "B5:I5", "J5:Q5", "C6:H6", "B6:B7", "I6:I7"} <= {str(r) for r in ws.merged_cells.ranges}
    assert [ws.cell(5, c).value for c in (1, 2, 10)] == ["Stage", "Dealer A", "Dealer B"]
    assert [ws.cell(6, c).value for c in (2, 3, 9)] == ["Emotion", "Pain points by severity", "Coverage"]
    assert [ws.cell(7, c).value for c in range(3, 9)] == ["5", "4", "3", "2", "1", "Unrated"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=8, max_row=11, max_col=17)]
    assert rows[0][:9] == ["Find / 찾기", 1, 0, 0, 0, 0, 0, 0, pytest.approx(1 / 3)]
    assert rows[1][:9] == ["Buy / 구매", -2, 0, 1, 0, 0, 0, 1, 0]
    assert rows[2][:9] == ["Use / 사용", "–", 1, 0, 0, 0, 0, 0, 0.5]
    assert rows[3][:9] == ["All stages", None, 1, 1, 0, 0, 0, 1, 0.2]
    assert rows[0][9:] == [0, 0, 0, 0, 1, 0, 0, 0]  # Dealer B at find: emotion 0, a severity-2 pain, 0/2
    assert rows[1][9:] == ["–", 0, 0, 1, 0, 0, 0, 0.5]
    assert rows[2][16] == "–"  # Dealer B has no claim at use
    assert _fill(ws["B8"]) == heat(0.75)
    assert _fill(ws["B9"]) == heat(0.0)
    assert _fill(ws["J8"]) == heat(0.5)
    assert _fill(ws["I8"]) == heat(1 / 3)
    assert ws["I8"].number_format == "0%"
    assert _fill(ws["J9"]) is None  # not measured: no colour
    assert ws["C8"].font.color.rgb.endswith("A6A6A6")  # zero counts in grey


def test_the_group_sheet_kpi_table() -> None:
    ws = _book(portfolio_workbook(compare(hand_made()), "en"))["Compared 1"]
    column_a = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    head = column_a.index("KPIs: baseline · target · gap")
    assert column_a[head + 1] == "Gap = baseline − target."
    heads = [ws.cell(head + 4, c).value for c in (2, 5, 8, 10, 13, 16)]
    assert heads == ["Baseline", "Target", "Gap"] * 2
    assert column_a[head + 4 :] == ["Buy", "OTD", "Use", "CSAT", "All stages", "NPS"]
    otd = column_a.index("OTD") + 1
    assert [ws.cell(otd, c).value for c in (2, 5, 8, 10, 13, 16)] == [70, 95, -25, 80, 90, -10]
    assert ws.cell(otd, 2).number_format == '0"%"'
    assert ws.cell(otd, 8).number_format == '+0"%";-0"%";0"%"'
    assert _fill(ws.cell(otd, 8)) == MET_FILLS[False]  # higher is better, below target
    assert _fill(ws.cell(otd, 2)) == LABEL_FILLS[Label.HYPOTHESIS]
    assert _fill(ws.cell(otd, 10)) == LABEL_FILLS[Label.FACT]
    csat = column_a.index("CSAT") + 1
    assert ws.cell(csat, 8).value == pytest.approx(-0.7)
    assert ws.cell(csat, 8).number_format == '+0.0"/5";-0.0"/5";0.0"/5"'
    assert [ws.cell(csat, c).value for c in (10, 13, 16)] == [None, None, None]  # Dealer B has no CSAT
    nps = column_a.index("NPS") + 1
    assert [ws.cell(nps, c).value for c in (2, 10, 13, 16)] == [None, 30, None, None]
    assert f"B{otd}:D{otd}" in {str(r) for r in ws.merged_cells.ranges}


def test_the_shared_causes_and_about_sheets() -> None:
    book = _book(portfolio_workbook(compare(hand_made()), "en"))
    ws = book["Shared causes"]
    assert [c.value for c in ws[5]] == [
        "Rank",
        "Cause",
        "Kind",
        "Journeys",
        "Weight",
        "Journey",
        "Weight in the journey",
        "Pain points it causes",
    ]
    erp = [c.value for c in ws[6]]
    assert erp[:4] == [1, "ERP\n(sys-erp, erp)", "system", 3]
    assert erp[4] == pytest.approx(P1 + 13)
    assert erp[5:7] == ["Dealer A", pytest.approx(P1 + 10)]
    assert erp[7] == "Buy: Delivery is late (30.3)\nUse: Wrong lot delivered (10)"
    assert [ws.cell(r, 6).value for r in range(6, 11)] == [
        "Dealer A",
        "Dealer B",
        "Journey C",
        "Dealer A",
        "Dealer B",
    ]
    assert ws.cell(8, 8).value == "X one: Slow portal (1)"
    assert [ws.cell(9, c).value for c in (1, 2, 3, 4)] == [2, "Order entry", "process", 2]
    assert [ws.cell(7, c).value for c in (1, 2, 4)] == [1, "ERP\n(sys-erp, erp)", 3]  # on every row
    assert ws.cell(7, 1).font.color.rgb.endswith("595959")
    assert not ws.merged_cells.ranges  # the sheet sorts and filters
    assert ws.auto_filter.ref == "A5:H10"
    about = [str(c.value) for row in book["About"].iter_rows() for c in row if c.value is not None]
    assert about[about.index("dealer-a") :][:4] == ["dealer-a", "Dealer A", "3 stages", "Compared 1"]
    assert "Journey C" in about
    assert "stages differ — Journey C: 2 stages (X one, X two); Dealer A: 3 stages (Find, Buy, Use)" in about


def test_the_korean_workbook_of_the_seed_as_two_dealers(seed_journey: cjm.Journey) -> None:
    book = _book(portfolio_workbook(compare(seed_dealers(seed_journey))))
    assert book.sheetnames == ["비교 1", "공통 원인", "정보"]
    ws = book["비교 1"]
    assert [ws.cell(5, c).value for c in (1, 2, 10)] == [
        "여정 단계",
        "A딜러(서울) 고객여정지도",
        "B딜러(부산) 고객여정지도",
    ]
    assert [ws.cell(r, 1).value for r in range(8, 15)] == [*(s.name for s in seed_journey.stages), "전체"]
    column_a = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    second_line = column_a.index("고객 문의 처리시간 2차") + 1
    assert ws.cell(second_line, 2).value == "60일+"  # the baseline as the map shows it
    assert book["공통 원인"]["B6"].value == "딜러사 영업·서비스"


def test_a_portfolio_with_nothing_to_compare_still_has_its_sheets() -> None:
    c = hand_made()[2]
    book = _book(portfolio_workbook(compare([c])))
    assert book.sheetnames == ["Shared causes", "About"]
    assert book["Shared causes"]["A6"].value == "No cause is shared by several journeys"


# --- the deck -----------------------------------------------------------------------------------


def _deck(data: bytes) -> Any:
    return Presentation(io.BytesIO(data))


def test_the_deck_heat_map_shared_causes_and_not_compared() -> None:
    prs = _deck(portfolio_deck(compare(hand_made()), "en"))
    names = titles(prs)
    assert names[:3] == [
        "Emotion and evidence coverage by stage",
        "Causes shared by several journeys",
        "Journeys not compared",
    ]
    assert {"Dealer A", "Dealer B", "Journey C"} <= set(names[3:])  # a summary slide of each
    heat_slide, shared_slide, single_slide = list(prs.slides)[:3]
    (table,) = tables(heat_slide)
    assert table_rows(table) == [
        ["Stage", "Dealer A", "", "Dealer B", ""],
        ["", "Emotion", "Coverage", "Emotion", "Coverage"],
        ["Find / 찾기", "1", "33%\n1/3", "0", "0%\n0/2"],
        ["Buy / 구매", "-2", "0%\n0/5", "–", "50%\n1/2"],
        ["Use / 사용", "–", "50%\n1/2", "–", "–"],
        ["All stages", "", "20%\n2/10", "", "20%\n1/5"],
    ]
    assert table.cell(0, 1).is_merge_origin
    assert table.cell(0, 2).is_spanned
    assert str(table.cell(2, 1).fill.fore_color.rgb) == heat(0.75)
    assert str(table.cell(2, 2).fill.fore_color.rgb) == heat(1 / 3)
    assert notes(heat_slide).startswith("Facilitation: start where journeys differ most")
    (shared,) = tables(shared_slide)
    rows = table_rows(shared)
    assert rows[0] == [
        "Rank",
        "Cause",
        "Pain points · weight by journey",
        "Weight",
        "Heaviest pain points it causes",
    ]
    assert rows[1] == [
        "1",
        "ERP\nsystem",
        "Dealer A · 2 · 40.3\nDealer B · 1 · 2\nJourney C · 1 · 1",
        "43.3",
        "Buy: Delivery is late\nUse: Wrong lot delivered\n찾기: 정보 부족\n+1 more",
    ]
    assert rows[2][:2] == ["2", "Order entry\nprocess"]
    (single,) = tables(single_slide)
    assert table_rows(single)[1][0] == "Journey C"
    assert table_rows(single)[1][1].startswith("stages differ — Journey C: 2 stages")


def test_the_deck_in_korean_and_without_summaries(seed_journey: cjm.Journey) -> None:
    portfolio = compare(seed_dealers(seed_journey))
    prs = _deck(portfolio_deck(portfolio, summaries=False))  # the first journey's language: Korean
    assert titles(prs)[0] == "단계별 감정·증거 커버리지"
    shared = [t for t in titles(prs) if t.startswith("여러 여정의 공통 원인")]
    assert shared
    assert len(prs.slides) == 1 + len(shared)  # nothing is not compared, no summaries
    text = deck_text(prs)
    assert "딜러사 영업·서비스" in text
    assert f"상위 {CAUSES_SHOWN}개만 표시합니다 (전체 {len(portfolio.shared_causes)}개" in text
    (table,) = tables(prs.slides[0])
    assert table_rows(table)[0][1] == "A딜러(서울) 고객여정지도"
    assert table_rows(table)[3][:5] == ["검토/주문", "–", "0%\n0/24", "-1", "4%\n1/25"]


def test_the_builder_joins_any_deck() -> None:
    a, b, _c = hand_made()
    deck = Deck(a, language="en").add("title", portfolio_builder(compare([a, b])))
    stream = io.BytesIO()
    deck.write(stream)
    names = titles(_deck(stream.getvalue()))
    assert names[1:] == ["Emotion and evidence coverage by stage", "Causes shared by several journeys"]


def test_an_empty_portfolio_has_no_deck() -> None:
    with pytest.raises(cjm.errors.InputError, match="an empty portfolio has no slides"):
        portfolio_deck(compare([]))


# --- the HTML fragment --------------------------------------------------------------------------

_ALLOWED = {"section", "div", "h3", "table", "thead", "tbody", "tr", "th", "td", "p", "ol", "ul", "li"}
_ALLOWED |= {"strong", "span", "br"}
_VOID = {"br"}


class _Reader(HTMLParser):
    """Tags, attributes and text of a fragment; fails on an end tag that closes the wrong element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in _VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open.pop() == tag, f"</{tag}> closes the wrong element"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(fragment: str) -> _Reader:
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    assert not reader.open, f"left open: {reader.open}"
    return reader


def _hostile() -> list[cjm.Journey]:
    a, b, c = hand_made()
    hurt = attrs.evolve(a.pain_points[0], text="<img src=x onerror=alert(1)>")
    a = attrs.evolve(a, title='<script>alert("a")</script> & Co', pain_points=(hurt, *a.pain_points[1:]))
    b = attrs.evolve(b, stages=(attrs.evolve(b.stages[0], name="<b>찾기</b>"), *b.stages[1:]))
    nodes = (attrs.evolve(c.blueprint.nodes[0], name="ERP <i>"),)
    c = attrs.evolve(c, title="C \"quoted\" 'title'", blueprint=attrs.evolve(c.blueprint, nodes=nodes))
    return [a, b, c]


def test_the_html_fragment_parses_and_escapes_every_value() -> None:
    fragment = portfolio_html(compare(_hostile()), "en")
    for raw in ("<script", "<img", "<b>", "<i>", "onerror=alert(1)>"):
        assert raw not in fragment
    assert "&lt;script&gt;alert(&quot;a&quot;)&lt;/script&gt; &amp; Co" in fragment
    reader = _read(fragment)
    assert {tag for tag, _ in reader.tags} <= _ALLOWED
    assert reader.tags[0] == ("section", {"class": "cjm-portfolio"})
    text = "".join(reader.text)
    assert '<script>alert("a")</script> & Co' in text  # shown as text, as written
    assert "Find / <b>찾기</b>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "C \"quoted\" 'title'" in text
    styles = [a["style"] for tag, a in reader.tags if tag == "td" and "style" in a]
    assert styles
    assert all(re.fullmatch(r"background:#[0-9A-F]{6}", s or "") for s in styles)
    assert not any(k.startswith("on") for _tag, a in reader.tags for k in a)


def test_the_html_fragment_content() -> None:
    fragment = portfolio_html(compare(hand_made()), "en")
    reader = _read(fragment)
    assert [tag for tag, _ in reader.tags].count("table") == 1
    cells = [(a.get("class"), a.get("style")) for tag, a in reader.tags if tag == "td"]
    assert cells[:3] == [
        ("emotion num", f"background:#{heat(0.75)}"),
        ("pains num", None),
        ("coverage num", f"background:#{heat(1 / 3)}"),
    ]
    titles_ = [a.get("title") for tag, a in reader.tags if tag == "td" and a.get("class") == "pains num"]
    assert titles_[2] == "Pain points by severity — 4: 1 · Unrated: 1"  # Dealer A at buy
    assert titles_[0] == "none"
    text = "".join(reader.text)
    assert "Causes shared by several journeys" in text
    assert "Dealer A (2) · Dealer B (1) · Journey C (1)" in text
    assert "Journey C: stages differ — Journey C: 2 stages (X one, X two)" in text
    assert [a.get("class") for tag, a in reader.tags if tag == "ol"] == ["shared"]
    korean = "".join(_read(portfolio_html(compare(hand_made()), "ko")).text)
    assert "여러 여정의 공통 원인" in korean
    assert "비교하지 않은 여정" in korean


def test_the_wording_is_korean_and_english() -> None:
    for key, (ko, en) in WORDS.items():
        assert ko.strip(), key
        assert en.strip(), key
        assert re.findall(r"{\w+}", ko) == re.findall(r"{\w+}", en), key


# --- rendered by LibreOffice --------------------------------------------------------------------


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s", "", out)


def test_the_workbook_and_the_deck_render_with_hangul(tmp_path: Path, seed_journey: cjm.Journey) -> None:
    portfolio = compare([*seed_dealers(seed_journey), *hand_made()[2:]])
    book = tmp_path / "workbook.xlsx"
    book.write_bytes(portfolio_workbook(portfolio))
    pdf = to_pdf(book, tmp_path)
    text = _text(pdf)
    for word in (
        "A딜러(서울)고객여정지도",
        "같은단계의여정비교",
        "검토/주문",
        "공통원인",
        "비교하지않은여정",
    ):
        assert word in text, word
    assert png_pages(pdf, tmp_path)
    deck = tmp_path / "deck.pptx"
    data = portfolio_deck(portfolio, summaries=False)
    deck.write_bytes(data)
    pdf = to_pdf(deck, tmp_path)
    assert pdf_page_count(pdf) == len(_deck(data).slides)
    text = _text(pdf)
    for word in ("단계별감정", "커버리지", "검토/주문", "여러여정의공통원인", "비교하지않은여정"):
        assert word in text, word
    assert png_pages(pdf, tmp_path)
