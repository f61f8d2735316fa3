"""The PowerPoint deck, read back with python-pptx: what each slide says, shows and notes."""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter

import attrs
import pytest
from hypothesis import given, settings
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu

import cjm
from cjm.exporters.powerpoint import CATALOG, Deck, DeckContext, SlideBuilder, TableFlow, slide_names
from cjm.exporters.powerpoint.builders import (
    MOT_MARK,
    QUICK_WIN_COLOUR,
    label_counts,
    priority,
    quick_win,
    ranked_opportunities,
    ranked_pain_points,
)
from cjm.exporters.powerpoint.fitting import Cell, Para, Row, Table
from cjm.exporters.powerpoint.wording import LEAD, THREE_C
from cjm.model import Journey, JourneyBuilder, Label
from cjm.voc.questions import shipped_questions
from tests.exporters.pptx_reading import (
    INCH,
    A,
    bottom,
    build,
    charts,
    deck_text,
    notes,
    point_counts,
    reopen,
    right,
    scatter_points,
    sections,
    shape_texts,
    slides_titled,
    table_rows,
    tables,
    title,
    titles,
)
from tests.exporters.test_markdown import _squash, seed_fragments
from tests.strategies import journeys


@pytest.fixture(scope="module")
def seed_deck(seed_journey: Journey) -> object:
    return build(seed_journey)


@pytest.fixture(scope="module")
def b2b_deck(b2b_journey: Journey) -> object:
    return build(b2b_journey)


def test_the_standard_seed_deck(seed_deck: object, seed_journey: Journey) -> None:
    names = titles(seed_deck)
    assert names[0] == seed_journey.title
    assert names[1] == "한눈에 보는 고객여정"
    assert names[2] == "목차"
    assert names[3] == "페르소나: 병원 진료과 의사"
    stage_titles = [t for t in names if re.match(r"^\d\. ", t)]
    assert [t.split("  ")[0] for t in stage_titles] == [
        f"{i}. {s.name}" for i, s in enumerate(seed_journey.stages, 1)
    ]
    assert [t for t in names if t.startswith(f"{MOT_MARK} MoT: ")] == [
        "★ MoT: 검토/주문",
        "★ MoT: 초기 준비/첫 사용",
        "★ MoT: 문제/변경 요청",
    ]
    assert [t for t in names if t.startswith("단계별 KPI: ")] == [
        f"단계별 KPI: {s.name}" for s in seed_journey.stages
    ]
    for expected in ("감정 곡선", "Pain Point 우선순위", "근거 현황: 가설·사실·아이디어", "3C 전략 워크숍"):
        assert expected in names
    assert [t for t in names if t.startswith("LEAD 회고")] == [
        "LEAD 회고: Learn (학습/통찰)",
        "LEAD 회고: Explore (탐색/발견)",
        "LEAD 회고: Apply (적용/실행)",
        "LEAD 회고: Differentiate (차별화/발전)",
    ]


def test_every_text_of_the_seed_table_appears(seed_deck: object) -> None:
    text = _squash(deck_text(seed_deck))
    missing = [f for f in seed_fragments() if _squash(f) not in text]
    assert missing == []


def test_every_text_of_the_seed_journey_appears(seed_deck: object, seed_journey: Journey) -> None:
    text = deck_text(seed_deck)
    expected = [item.text for *_, item in seed_journey.all_items()]
    expected += [p.text for p in seed_journey.pain_points] + [o.text for o in seed_journey.opportunities]
    expected += [m.name for m in seed_journey.metrics] + [
        m.definition for m in seed_journey.metrics if m.definition
    ]
    expected += [m.formula for m in seed_journey.metrics if m.formula]
    persona = seed_journey.personas[0]
    expected += [persona.role, persona.description, *persona.goals, *persona.needs, *persona.frustrations]
    expected += [s.description for s in seed_journey.stages]
    assert [e for e in expected if e not in text] == []


def test_the_overview_is_a_native_table_of_stages_by_lanes(seed_deck: object, seed_journey: Journey) -> None:
    pages = slides_titled(seed_deck, "고객여정지도")
    assert [title(p) for p in pages] == ["고객여정지도 (1/2)", "고객여정지도 (2/2)"]
    lanes: list[str] = []
    for page in pages:
        (table,) = tables(page)
        rows = table_rows(table)
        assert rows[0] == ["구분 / 여정 단계"] + [
            f"{MOT_MARK} {s.name}" if seed_journey.moment_of_truth(s.id) else s.name
            for s in seed_journey.stages
        ]
        lanes += [row[0] for row in rows[1:]]
        assert "가설" in deck_text_of(page)
        assert "MoT(중요순간)" in deck_text_of(page)
    assert lanes == [lane.name for lane in seed_journey.lanes]
    first = table_rows(tables(pages[0])[0])
    assert first[1][2].splitlines() == [
        "제조사/유통 파트너 웹사이트",
        "제품 브로셔",
        "온라인 상담",
        "동료 의사 커뮤니티",
    ]
    second = table_rows(tables(pages[1])[0])
    assert second[1][2].splitlines()[0] == "★ Y"
    assert "OTD" in second[1][2]
    assert second[1][1] == "N"
    assert notes(pages[0]).startswith("CFT 검토 진행")


def deck_text_of(slide: object) -> str:
    return "\n".join(shape_texts(slide))


def test_labels_are_colours_with_a_legend(b2b_deck: object, b2b_journey: Journey) -> None:
    (page, *_) = slides_titled(b2b_deck, "Journey map")
    frame = next(shape for shape in page.shapes if shape.has_table)
    table = frame.table
    colours = {"hypothesis": "D9A400", "fact": "2E8B57", "idea": "2F6DB5"}
    bullets: Counter[str] = Counter(clr[0].get("val") for clr in frame.element.iter(f"{{{A}}}buClr"))
    items = Counter(item.label.value for *_, item in b2b_journey.all_items())
    shown = {k: bullets[v] for k, v in colours.items()}
    assert shown["fact"] >= items["fact"]
    assert shown["idea"] >= items["idea"]
    assert "Hypothesis" in deck_text_of(page)
    assert "Moment of Truth" in deck_text_of(page)
    header = table.rows[0].cells
    decision = next(c for c in header if "Decision" in c.text_frame.text)
    assert decision.text_frame.text == "★ Decision"
    assert str(decision.fill.fore_color.rgb) == "C0392B"


def test_thirty_stages_split_over_legible_slides() -> None:
    builder = JourneyBuilder(id="long", title="Thirty stages").lane("do", "Actions", kind="actions")
    for n in range(30):
        builder.stage(f"s{n}", f"Stage {n}").add(f"s{n}", "do", f"Action {n}")
    prs = build(builder.build(), slides="overview")
    pages = list(prs.slides)
    assert len(pages) >= 4
    seen = []
    for page in pages:
        (table,) = tables(page)
        header = table_rows(table)[0][1:]
        assert len(header) <= 9
        assert all(col.width >= Emu(int(1.15 * INCH)) for col in list(table.columns)[1:])
        seen += header
    assert seen == [f"Stage {n}" for n in range(30)]
    assert title(pages[0]) == "Journey map (Stage 1–8 / 30)"


def test_the_emotion_curve_is_a_line_chart_per_persona(b2b_deck: object, b2b_journey: Journey) -> None:
    (page,) = slides_titled(b2b_deck, "Emotion curve")
    (chart,) = charts(page)
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    persona, mot = chart.plots[0].series
    assert persona.name == b2b_journey.personas[0].name
    assert list(persona.values) == [b2b_journey.emotion(s.id).score for s in b2b_journey.stages]
    assert mot.name == "★ Moment of Truth"
    assert list(mot.values) == [None, None, -1.0, None, None]
    assert list(chart.plots[0].categories) == [
        "Awareness",
        "Consideration",
        "★ Decision",
        "Contract & onboarding",
        "Retention & growth",
    ]
    assert notes(page)


def test_two_personas_two_series() -> None:
    journey = (
        JourneyBuilder(id="j", title="J")
        .persona(cjm.Persona(id="a", name="Ann"))
        .persona(cjm.Persona(id="b", name="Bo"))
        .stage("x", "X")
        .stage("y", "Y")
        .emotion("x", 1, persona="a")
        .emotion("y", -1, persona="a")
        .emotion("x", -2, persona="b")
        .build()
    )
    (chart,) = charts(build(journey, slides="emotion").slides[0])
    assert [(s.name, list(s.values)) for s in chart.plots[0].series] == [
        ("Ann", [1.0, -1.0]),
        ("Bo", [-2.0, None]),
    ]


def test_no_emotion_scores_leaves_room_to_score(seed_deck: object, seed_journey: Journey) -> None:
    (page,) = slides_titled(seed_deck, "감정 곡선")
    assert charts(page) == []
    rows = table_rows(tables(page)[0])
    assert rows[0] == ["여정 단계", "점수", "이유"]
    assert [r[1:] for r in rows[1:]] == [["", ""]] * len(seed_journey.stages)


def test_pain_point_matrix_is_an_xy_chart(seed_deck: object, seed_journey: Journey) -> None:
    (page, rest) = slides_titled(seed_deck, "Pain Point 우선순위")
    (chart,) = charts(page)
    assert chart.chart_type == XL_CHART_TYPE.XY_SCATTER
    ranked = ranked_pain_points(seed_journey)
    shown: dict[tuple[float, float], list[int]] = {}
    for index in range(len(chart.plots[0].series)):
        for x, y, label in scatter_points(chart, index):
            shown[(x, y)] = _numbers(label)
    expected: dict[tuple[float, float], list[int]] = {}
    for number, pain in enumerate(ranked, start=1):
        expected.setdefault((float(pain.frequency), float(pain.severity)), []).append(number)
    assert shown == expected
    assert [s.name for s in chart.plots[0].series] == [
        "높음 (S×F 12 이상)",
        "중간 (S×F 8–11)",
        "낮음 (S×F 7 이하)",
    ]
    listed = table_rows(tables(page)[0])[1:] + table_rows(tables(rest)[0])[1:]
    assert [row[0] for row in listed] == [str(n) for n in range(1, len(ranked) + 1)]
    assert [row[1] for row in listed] == [p.text for p in ranked]
    assert [int(row[5]) for row in listed] == [priority(p) for p in ranked]
    assert listed[0][1:3] == ["진행 안내 지연", "문제/변경 요청"]


def _numbers(label: str) -> list[int]:
    """``"9–18"`` -> 9 … 18; ``"3, 5"`` -> [3, 5]; a leading ★ is ignored."""
    out: list[int] = []
    for part in label.lstrip("★ ").split(", "):
        first, _, last = part.partition("–")
        out += list(range(int(first), int(last or first) + 1))
    return out


def test_opportunity_matrix_marks_quick_wins(b2b_deck: object, b2b_journey: Journey) -> None:
    (page,) = slides_titled(b2b_deck, "Opportunities")
    (chart,) = charts(page)
    wins, others = chart.plots[0].series
    assert (wins.name, others.name) == ("★ Quick win", "Others")
    ranked = ranked_opportunities(b2b_journey)
    assert [n for n, o in enumerate(ranked, 1) if quick_win(o)] == [1, 2]
    assert scatter_points(chart, 0) == [(1.0, 4.0, "1"), (2.0, 4.0, "2")]
    rows = table_rows(tables(page)[0])
    assert "★ Quick win" in rows[1][1]
    assert "[Quick fix]" in rows[1][1]
    assert [r[3:5] for r in rows[1:]] == [[str(o.value), str(o.effort)] for o in ranked]


#: (value, effort) given in turn to the seed's opportunities: quick wins (value ≥ 4, effort ≤ 2)
#: on three spots, the rest on seven, so that the quick wins are the shorter, first series.
SCORES = ((5, 1), (4, 2), (5, 2), (2, 4), (3, 3), (1, 5), (4, 4), (2, 2), (5, 5), (3, 1))


def scored_opportunities(journey: Journey) -> Journey:
    """``journey`` with a value and an effort on every opportunity, a few of them quick wins."""
    scored = tuple(
        attrs.evolve(opp, value=value, effort=effort)
        for opp, (value, effort) in zip(journey.opportunities, itertools.cycle(SCORES), strict=False)
    )
    return attrs.evolve(journey, opportunities=scored)


def test_every_matrix_series_holds_its_points_and_a_visible_marker(seed_journey: Journey) -> None:
    journey = scored_opportunities(seed_journey)
    prs = build(journey, slides="pain-matrix,opportunity-matrix")
    pain_chart, opportunity_chart = (chart for slide in prs.slides for chart in charts(slide))
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    for chart in (pain_chart, opportunity_chart):
        series = list(chart.element.iter(f"{c}ser"))
        assert len(series) >= 2
        for index, element in enumerate(series):
            assert scatter_points(chart, index), f"series {index} holds no point"
            marker = element.find(f"{c}marker")
            assert marker.find(f"{c}symbol").get("val") == "circle"
            assert int(marker.find(f"{c}size").get("val")) >= 10
            assert marker.find(f"{c}spPr/{{{A}}}solidFill/{{{A}}}srgbClr") is not None
            assert element.find(f"{c}spPr/{{{A}}}ln/{{{A}}}noFill") is not None  # markers, no line
        # LibreOffice draws nothing of a first series with fewer points than a later one
        counts = point_counts(chart)
        assert len(set(counts)) == 1, counts
    ranked = ranked_opportunities(journey)
    wins = {(float(o.effort), float(o.value)) for o in ranked if quick_win(o)}  # type: ignore[arg-type]
    others = {(float(o.effort), float(o.value)) for o in ranked if not quick_win(o)}  # type: ignore[arg-type]
    assert len(wins) < len(others)
    assert [s.name for s in opportunity_chart.plots[0].series] == ["★ Quick Win", "기타"]
    assert {(x, y) for x, y, _ in scatter_points(opportunity_chart, 0)} == wins
    assert {(x, y) for x, y, _ in scatter_points(opportunity_chart, 1)} == others
    numbers = sorted(
        n for i in (0, 1) for *_, label in scatter_points(opportunity_chart, i) for n in _numbers(label)
    )
    assert numbers == list(range(1, len(ranked) + 1))
    fill = next(opportunity_chart.element.iter(f"{c}ser")).find(f"{c}marker/{c}spPr//{{{A}}}srgbClr")
    assert fill.get("val") == QUICK_WIN_COLOUR


def test_moments_of_truth_with_their_kpis(seed_deck: object, seed_journey: Journey) -> None:
    (page,) = slides_titled(seed_deck, "★ MoT: 검토/주문")
    rows = table_rows(tables(page)[0])
    assert rows[0] == ["KPI", "정의 / 산식", "베이스라인", "목표", "방향"]
    moment = seed_journey.moment_of_truth("evaluation")
    assert moment is not None
    assert [r[0].splitlines()[0] for r in rows[1:]] == [
        seed_journey.metric(m).display_name for m in moment.metrics
    ]
    otd = next(r for r in rows if r[0].startswith("OTD"))
    assert otd[2] == "70%"
    assert otd[4] == "높을수록 좋음"


def test_baseline_against_target(b2b_deck: object, b2b_journey: Journey) -> None:
    text = deck_text(b2b_deck)
    for metric in b2b_journey.metrics:
        if metric.target is not None:
            assert cjm.grid.format_value(metric.target, metric.unit) in text


def test_evidence_summary_counts_labels_per_stage(b2b_deck: object, b2b_journey: Journey) -> None:
    (page,) = slides_titled(b2b_deck, "Evidence:")
    counts = label_counts(b2b_journey)
    (chart,) = charts(page)
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert series["Fact"] == [float(counts[s.id][Label.FACT]) for s in b2b_journey.stages]
    rows = table_rows(tables(page)[0])
    assert rows[0] == ["Stage", "Hypothesis", "Fact", "Idea", "Total", "VOC log"]
    total = rows[-1]
    assert total[0] == "Total"
    assert int(total[4]) == sum(sum(c.values()) for c in counts.values())
    assert (
        total[5] == f"{len(b2b_journey.evidence)} ({sum(e.method.is_direct for e in b2b_journey.evidence)})"
    )


def test_voc_guide_has_seed_questions_for_dealer_stages(seed_deck: object, seed_journey: Journey) -> None:
    pages = slides_titled(seed_deck, "VOC 인터뷰 가이드")
    rows = [row for page in pages for row in table_rows(tables(page)[0])[1:]]
    shipped = [q for s in seed_journey.stages for q in shipped_questions("b2b-dealer", s.id, "ko")]
    assert len(shipped) == 18
    asked = "\n".join(row[1] for row in rows)
    for number, question in enumerate(shipped, start=1):
        assert f"{number}. {question}" in asked
    assert all(row[2] == "" for row in rows)  # room to write
    assert notes(pages[0]).startswith("인터뷰 진행 안내")
    english = build(seed_journey, slides="voc-guide", language="en")
    first = shipped_questions("b2b-dealer", "awareness", "en")[0]
    assert f"1. {first}" in deck_text(english)
    assert notes(english.slides[0]).startswith("Running the interviews")


def test_the_journeys_own_questions_join_the_guide(seed_journey: Journey) -> None:
    import attrs

    own = cjm.StageQuestions(stage="problem", questions=("이번 분기 교환 건은 몇 건이었나요?",))
    prs = build(attrs.evolve(seed_journey, questions=(own,)), slides="voc-guide")
    assert "16. 이번 분기 교환 건은 몇 건이었나요?" in deck_text(prs)


def test_voc_guide_leaves_room_for_other_stages(b2b_deck: object, b2b_journey: Journey) -> None:
    (page,) = slides_titled(b2b_deck, "VOC interview guide")
    rows = table_rows(tables(page)[0])[1:]
    assert [r[1] for r in rows] == ["Write the questions for this stage"] * len(b2b_journey.stages)


def test_lead_and_3c_workshop_slides_with_notes(seed_deck: object, b2b_deck: object) -> None:
    lead = slides_titled(seed_deck, "LEAD 회고")
    for slide, (letter, _, question) in zip(lead, LEAD, strict=True):
        texts = list(shape_texts(slide))
        assert letter in texts
        assert question[0] in texts
        assert "여기에 적어 주세요" in texts
        assert notes(slide).startswith("LEAD 회고 진행")
    lead_en = slides_titled(b2b_deck, "LEAD retrospective")
    assert [title(s) for s in lead_en] == [f"LEAD retrospective: {h[1]}" for _, h, _ in LEAD]
    assert notes(lead_en[0]).startswith("Running the LEAD retrospective")
    (canvas,) = slides_titled(seed_deck, "3C 전략 워크숍")
    texts = list(shape_texts(canvas))
    assert [h[0] for h, _ in THREE_C] == [t for t in texts if t in {h[0] for h, _ in THREE_C}]
    assert "전략 방향" in texts
    assert notes(canvas).startswith("3C 분석 워크숍 진행")
    assert "진행 안내 지연 (문제/변경 요청, S×F 16)" in notes(canvas)
    assert "OTD 70%" in notes(canvas)


def test_korean_runs_carry_an_east_asian_font(seed_deck: object) -> None:
    """Every Korean run names the deck's fonts; the opening map names the font it was measured in."""
    checked = 0
    for slide in seed_deck.slides:
        if title(slide) == "한눈에 보는 고객여정":
            continue  # see tests/exporters/test_powerpoint_overview.py
        for shape in slide.shapes:
            for run in shape.element.iter(f"{{{A}}}r"):
                rpr = run.find(f"{{{A}}}rPr")
                if not re.search("[가-힣]", run.findtext(f"{{{A}}}t") or ""):
                    continue
                checked += 1
                assert rpr.get("lang") == "ko-KR"
                assert rpr.find(f"{{{A}}}ea").get("typeface") == "Malgun Gothic"
                assert rpr.find(f"{{{A}}}latin").get("typeface") == "Arial"
    assert checked > 500


def test_16_9_and_nothing_leaves_its_slide(seed_deck: object, b2b_deck: object) -> None:
    for prs in (seed_deck, b2b_deck):
        assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))
        for slide in prs.slides:
            heading = slide.shapes.title
            footer = ("Footer", "Slide number", "Legend")
            own = heading.shape_id if heading is not None else None
            content = [s for s in slide.shapes if s.shape_id != own and s.name not in footer]
            for shape in content:
                assert right(shape) <= prs.slide_width, (title(slide), shape.name)
                assert bottom(shape) <= prs.slide_height - Emu(int(0.4 * INCH)), (title(slide), shape.name)
            if heading is not None and slide.slide_layout.name == "Title Only":
                assert heading.top + heading.height <= min(s.top for s in content if s.top > heading.top)
                assert heading.width > Emu(12 * INCH)


def test_a_2000_character_pain_point_continues_on_continuation_slides() -> None:
    long_text = ("가나다라마바사 아자차카타파하 " * 120)[:2000]
    builder = JourneyBuilder(id="j", title="J", language="ko").lane("pain", "Pain Point", kind="pain_points")
    builder.lane("do", "행동", kind="actions")
    for n in range(6):
        builder.stage(f"s{n}", f"단계 {n}").add(f"s{n}", "do", f"행동 {n}")
    journey = builder.pain_point("p", "s0", long_text, severity=5, frequency=5).build()
    prs = build(journey, slides="overview,stages,pain-matrix")
    overview = slides_titled(prs, "고객여정지도")
    assert len(overview) >= 3
    pieces = [table_rows(tables(s)[0])[1][1] for s in overview]
    assert "".join(pieces).replace("\n", "").replace(" ", "") == long_text.replace(" ", "")
    assert table_rows(tables(overview[1])[0])[1][0] == "Pain Point (계속)"
    for slide in prs.slides:
        for shape in slide.shapes:
            assert bottom(shape) <= prs.slide_height
    stage_pages = slides_titled(prs, "1. 단계 0")
    assert len(stage_pages) >= 2
    stage_text = "".join(table_rows(tables(s)[-1])[0][1] for s in stage_pages)
    assert long_text.replace(" ", "") in stage_text.replace("\n", "").replace(" ", "")
    matrix = slides_titled(prs, "Pain Point 우선순위")
    assert charts(matrix[0])
    assert len(matrix) >= 2


def test_an_empty_journey_gets_a_workshop_deck() -> None:
    prs = build(Journey(id="empty", title="Empty"))
    assert titles(prs) == [
        "Empty",
        "Agenda",
        "Persona",
        "LEAD retrospective: Learn",
        "LEAD retrospective: Explore",
        "LEAD retrospective: Apply",
        "LEAD retrospective: Differentiate",
        "3C strategy workshop",
    ]
    canvas = table_rows(tables(prs.slides[2])[0])
    assert [r[0] for r in canvas] == ["Name", "Role", "Goals", "Needs", "Frustrations", "Quote"]


def test_one_stage() -> None:
    journey = (
        JourneyBuilder(id="one", title="One")
        .stage("find", "Find")
        .lane("touch", "Touchpoints", kind="touchpoints")
        .lane("feel", "Emotion", kind="emotions")
        .add("find", "touch", "Website")
        .emotion("find", 1)
        .build()
    )
    prs = build(journey)
    (page,) = slides_titled(prs, "Journey map")
    assert table_rows(tables(page)[0])[0] == ["Lane / Stage", "Find"]
    assert "1. Find" in titles(prs)


def test_language_option_changes_only_cjm_wording(seed_journey: Journey) -> None:
    prs = build(seed_journey, language="en", slides="overview,stages")
    names = titles(prs)
    assert names[0] == "Journey map (1/2)"
    assert "2. 검토/주문  ★ MoT" in names
    assert "Lane / Stage" in deck_text(prs)
    assert "제조사/유통 파트너 웹사이트" in deck_text(prs)


def test_options_as_strings_and_python_values(seed_journey: Journey) -> None:
    assert titles(build(seed_journey, slides="lead, 3c", language="en"))[-1] == "3C strategy workshop"
    assert len(build(seed_journey, slides=["3c"]).slides) == 1
    with pytest.raises(cjm.ExportOptionError, match="no slide named 'maps'; the slides: title, map, agenda"):
        build(seed_journey, slides="maps")
    with pytest.raises(cjm.ExportOptionError, match="no option colour"):
        build(seed_journey, colour="red")
    with pytest.raises(cjm.ExportOptionError, match="ROLE=LAYOUT NAME"):
        build(seed_journey, layouts="content")


def test_cjm_export_writes_the_deck(tmp_path: object, seed_journey: Journey) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "deck.pptx"
    cjm.export(seed_journey, "pptx", target, slides="title,overview")
    from pptx import Presentation

    assert len(Presentation(str(target)).slides) == 3


def test_an_invalid_journey_is_refused() -> None:
    journey = Journey(id="bad", title="Bad", emotions=[cjm.Emotion(stage="nowhere", score=1)])
    with pytest.raises(cjm.ValidationError, match="nowhere"):
        build(journey)


def test_slides_are_grouped_in_sections(seed_deck: object) -> None:
    found = sections(seed_deck)
    assert [name for name, _ in found] == ["시작", "고객과 여정", "분석", "워크숍"]
    ids = [slide.slide_id for slide in seed_deck.slides]
    assert [i for _, group in found for i in group] == ids


def test_every_slide_name_builds_alone(b2b_journey: Journey, seed_journey: Journey) -> None:
    from cjm.io.voc import read_evidence
    from tests.conftest import EXAMPLES

    voc = read_evidence(EXAMPLES / "medical_device_dealer" / "voc_log.csv")
    seed = attrs.evolve(seed_journey, evidence=voc)  # the seed has the blueprint; the VOC log, coverage
    for name in slide_names():
        built = [len(build(journey, slides=name).slides) for journey in (b2b_journey, seed)]
        assert max(built) >= 1, name


def test_tabs_line_breaks_and_emoji_survive_and_control_characters_are_refused() -> None:
    def journey(text: str) -> Journey:
        builder = JourneyBuilder(id="j", title="J").stage("a", "A").lane("l", "L", kind="text")
        return builder.add("a", "l", text).build()

    prs = build(journey("Tab\there, emoji 😀, 한국어\nsecond line"), slides="overview")
    cell = table_rows(tables(prs.slides[0])[0])[1][1]
    assert cell == "Tab\there, emoji 😀, 한국어\vsecond line"  # python-pptx reads a break as \v
    with pytest.raises(cjm.ValidationError, match="U\\+0007"):  # validation first (cjm.validate.text)
        build(journey("bell\x07"), slides="overview")


def test_the_deck_does_not_touch_the_journey(seed_journey: Journey) -> None:
    before = cjm.dumps(seed_journey)
    Deck.standard(seed_journey).write(io.BytesIO())
    assert cjm.dumps(seed_journey) == before


def _owners(ctx: DeckContext) -> None:
    """The docs' example builder (docs/powerpoint.md)."""
    header = Row(
        cells=(
            Cell(block=(Para.of(ctx.term("opportunities"), bold=True),)),
            Cell(block=(Para.of(ctx.term("owner"), bold=True),)),
        )
    )
    rows = tuple(
        Row(cells=(Cell(block=(Para.of(o.text),)), Cell(block=(Para.of(o.owner or "—"),))))
        for o in ctx.journey.opportunities
    )
    width = ctx.content.width_pt
    table = Table(widths=(width * 0.7, width * 0.3), rows=rows, header=header)
    ctx.place(
        ctx.pick(("개선 기회 담당", "Opportunity owners")),
        [TableFlow(table, ctx.content)],
        notes=ctx.pick(("담당자와 완료 시점을 확인합니다.", "Confirm each owner and date.")),
    )


OWNERS = SlideBuilder(
    name="owners",
    title=("개선 기회 담당", "Opportunity owners"),
    build=_owners,
    section="analysis",
    applies=lambda journey: bool(journey.opportunities),
)


def test_a_builder_of_your_own_in_sections_of_your_own(b2b_journey: Journey) -> None:
    deck = Deck(b2b_journey)
    deck.section("Review", "title", "overview").section("Owners", OWNERS, "3c")
    prs = reopen(deck)
    assert titles(prs) == [
        b2b_journey.title,
        "Journey map (1/2)",
        "Journey map (2/2)",
        "Opportunity owners",
        "3C strategy workshop",
    ]
    rows = table_rows(tables(prs.slides[3])[0])
    assert rows[1:] == [[o.text, o.owner] for o in b2b_journey.opportunities]
    assert notes(prs.slides[3]) == "Confirm each owner and date."
    assert [(name, len(ids)) for name, ids in sections(prs)] == [("Review", 3), ("Owners", 2)]
    assert deck.agenda() == [
        ("Review", ["Title", "Journey map"]),
        ("Owners", ["Opportunity owners", "3C strategy workshop"]),
    ]


def test_a_registered_builder_joins_the_standard_deck(b2b_journey: Journey) -> None:
    catalog = CATALOG.copy()
    catalog.register(attrs.evolve(OWNERS, standard=True, order=85))
    deck = Deck.standard(b2b_journey, catalog=catalog)
    names = deck.names
    assert names[names.index("opportunity-matrix") + 1 : names.index("kpis")] == ["owners"]
    assert "Opportunity owners" in titles(reopen(deck))
    assert "owners" not in slide_names()  # the process-wide catalog is untouched
    with pytest.raises(ValueError, match="exists; pass override=True"):
        catalog.register(OWNERS)
    catalog.register(OWNERS, override=True)
    assert Deck.standard(b2b_journey, slides=["owners"], catalog=catalog).names == ["owners"]


def test_a_builder_with_nothing_to_show_is_skipped_with_its_agenda_line() -> None:
    journey = JourneyBuilder(id="j", title="J").stage("a", "A").build()
    deck = Deck(journey).add("title", "agenda", OWNERS, "lead")
    assert deck.agenda("en")[-1] == ("Workshop", ["LEAD retrospective"])
    assert "Opportunity owners" not in titles(reopen(deck))


def test_a_portfolio_deck(seed_journey: Journey, b2b_journey: Journey) -> None:
    deck = Deck.portfolio([seed_journey, b2b_journey])
    prs = reopen(deck)
    assert titles(prs) == [seed_journey.title, b2b_journey.title]
    assert all(len(charts(s)) == 1 and len(tables(s)) == 1 for s in prs.slides)
    assert [name for name, _ in sections(prs)] == ["포트폴리오"]
    (chart,) = charts(prs.slides[1])
    assert list(chart.plots[0].series[0].values) == [e.score for e in b2b_journey.emotions]


@given(journeys(blueprints=False))
@settings(max_examples=25)
def test_any_valid_journey_makes_a_deck_that_stays_on_its_slides(journey: Journey) -> None:
    prs = build(journey)
    assert len(prs.slides) >= 7
    for slide in prs.slides:
        for shape in slide.shapes:
            assert right(shape) <= prs.slide_width, (title(slide), shape.name)
            assert bottom(shape) <= prs.slide_height, (title(slide), shape.name)
    text = re.sub(r"\s+", "", deck_text(prs))
    for *_, item in journey.all_items():
        if len(item.text) <= 60 and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", item.text):
            assert re.sub(r"\s+", "", item.text) in text
