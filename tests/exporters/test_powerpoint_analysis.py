"""Blueprint, root-cause, hand-off, coverage, what-changed and dealer slides, read back."""

from __future__ import annotations

from pathlib import Path

import attrs
from pptx.enum.shapes import MSO_SHAPE_TYPE

import cjm
from cjm.exporters.powerpoint import Deck
from cjm.exporters.powerpoint.analysis import changes_builder, dealer_heatmap_builder
from cjm.io.voc import read_evidence
from cjm.versions import diff, promote
from cjm.voc.survey import score_file
from tests.conftest import EXAMPLES
from tests.exporters.pptx_reading import deck_text, reopen, table_rows, tables, titles
from tests.render import pdf_page_count, to_pdf

FIELD = EXAMPLES / "medical_device_dealer"


def test_the_blueprint_slide_draws_lanes_lines_nodes_and_connectors(seed_journey: cjm.Journey) -> None:
    prs = reopen(Deck(seed_journey).add("blueprint"))
    [slide] = prs.slides
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    for lane in ("물리적 증거", "고객 행동", "프런트스테이지", "백스테이지", "지원 프로세스"):
        assert lane in texts
    for line in ("상호작용선", "가시선", "내부 상호작용선"):
        assert line in texts
    assert any(t.startswith("⚠ 재고·납기 정보 연동") and "물류팀" in t and "ERP" in t for t in texts)
    boxes = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and s.has_text_frame]
    names = {n.name for n in seed_journey.blueprint.nodes if n.layer is not None}
    assert names <= {b.text_frame.paragraphs[0].text.removeprefix("⚠ ") for b in boxes}
    connectors = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE]
    drawn = [c for c in connectors if c.begin_x != c.end_x or c.begin_y != c.end_y]
    flows = [link for link in seed_journey.blueprint.links if link.kind.value in ("next", "causes")]
    node_ids = {n.id for n in seed_journey.blueprint.nodes if n.layer is not None}
    between_nodes = [link for link in flows if link.source in node_ids and link.target in node_ids]
    assert len(drawn) >= len(between_nodes) + 3  # the three lines as well
    assert "누가, 언제, 어떤 시스템으로" in slide.notes_slide.notes_text_frame.text


def test_root_causes_per_moment_of_truth(seed_journey: cjm.Journey) -> None:
    prs = reopen(Deck(seed_journey).add("root-causes"))
    assert titles(prs) == [
        "MoT 근본 원인: 검토/주문",
        "MoT 근본 원인: 초기 준비/첫 사용",
        "MoT 근본 원인: 문제/변경 요청",
    ]
    rows = table_rows(tables(prs.slides[0])[0])
    stock = next(row for row in rows if row[0] == "재고 정보 지연")
    assert "물류팀 → 재고·납기 정보 연동" in stock[1]
    assert "Pain Point 3건 해결" in stock[2]


def test_handoff_checklist(seed_journey: cjm.Journey) -> None:
    prs = reopen(Deck(seed_journey, language="en").add("handoffs"))
    rows = table_rows(tables(prs.slides[0])[0])
    assert rows[0] == ["Hand-off", "Required items (share of records carrying each)", "SLA", "Completeness"]
    assert rows[1][0].startswith("딜러사 → 제조사 영업팀")
    assert "사진  25%" in rows[1][1]
    assert rows[1][3] == "67%"


def test_coverage_and_standard_deck(seed_journey: cjm.Journey) -> None:
    journey = attrs.evolve(seed_journey, evidence=read_evidence(FIELD / "voc_log.csv"))
    prs = reopen(Deck(journey).add("coverage"))
    rows = table_rows(tables(prs.slides[0])[0])
    assert rows[0][:4] == ["여정 단계", "딜러", "최종 사용자", "내부"]
    assert rows[2][:5] == ["검토/주문", "2", "2", "0", "4"]
    assert rows[2][5] == "충족"
    standard = titles(reopen(Deck.standard(journey)))
    assert {"서비스 블루프린트", "핸드오프 체크리스트", "증거 커버리지"} <= set(standard)
    assert "MoT 근본 원인: 검토/주문" in standard


def test_what_changed_and_dealer_slides(seed_journey: cjm.Journey, tmp_path: Path) -> None:
    v2 = promote(seed_journey, read_evidence(FIELD / "voc_log.csv")).journey
    prs = reopen(Deck(v2).add(changes_builder(diff(seed_journey, v2), seed_journey, v2)))
    assert titles(prs)[0].startswith("변경 내역: 1.0 → 2.0")
    assert "hypothesis" in deck_text(prs)
    result = score_file(FIELD / "survey_responses.csv")
    deck = Deck(seed_journey).add(dealer_heatmap_builder(result, seed_journey))
    rows = table_rows(tables(reopen(deck).slides[0])[0])
    assert rows[0][0] == "딜러"
    c_dealer = next(row for row in rows if row[0] == "C딜러(대구)")
    assert c_dealer[1].startswith("CSAT 19")
    path = deck.save(tmp_path / "dealers.pptx")
    assert pdf_page_count(to_pdf(path, tmp_path)) == 1


def test_a_cut_row_of_a_korean_deck_says_so_in_korean(seed_journey: cjm.Journey) -> None:
    first, *others = seed_journey.blueprint.handoffs
    items = tuple(f"필수 정보 항목 {n}: 주문 번호와 납기 확인 내용" for n in range(150))
    long = attrs.evolve(first, items=(*first.items, *items))
    journey = attrs.evolve(
        seed_journey, blueprint=attrs.evolve(seed_journey.blueprint, handoffs=(long, *others))
    )
    prs = reopen(Deck(journey).add("handoffs"))
    assert len(prs.slides) >= 2
    label = table_rows(tables(prs.slides[1])[0])[1][0]
    assert label.startswith(f"{first.source} → {first.target}")
    assert label.endswith(" (계속)")
    assert "(cont.)" not in deck_text(prs)
