"""The deck's opening map: the visual map's layout as native shapes, the curve a native chart."""

from __future__ import annotations

import csv
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

import cjm
from cjm.exporters.powerpoint import Deck
from cjm.exporters.powerpoint.design import builtin_design
from cjm.exporters.powerpoint.overview import (
    CARD_LIMITS,
    SCALE_FLOOR,
    SCALE_MAX,
    deck_fonts,
    fit_map,
)
from cjm.exporters.powerpoint.scene import EMU_PER_PX
from cjm.exporters.visual.content import Card, MapContent, map_content
from cjm.exporters.visual.fonts import font_set
from cjm.exporters.visual.words import FILL, PERSONA_COLOURS
from cjm.model import Journey, JourneyBuilder
from cjm.voc.survey import emotions_from_scores, score_file
from tests.conftest import SEED_EXAMPLE
from tests.exporters.pptx_reading import A, build, notes, reopen, sections, title, titles
from tests.render import colour_pixels, png_pages, to_pdf
from tests.strategies import journeys

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
MAP_KO, MAP_EN = "한눈에 보는 고객여정", "The journey at a glance"
#: Stages the survey is cut down to leave unmeasured, so the curve has gaps.
UNMEASURED = ("onboarding", "repurchase")


def all_shapes(container: Any) -> Iterator[Any]:
    """Every shape on a slide, the shapes inside groups included."""
    for shape in container.shapes:
        yield shape
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from all_shapes(shape)


def named(slide: Any, role: str) -> dict[str, Any]:
    """The group shapes of one role (``item``, ``more``, ``gap`` …) by what they name."""
    out = {}
    for shape in all_shapes(slide):
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP and shape.name.startswith(f"{role} "):
            out[shape.name.split(" ", 1)[1]] = shape
    return out


def map_slide(prs: Any) -> Any:
    (slide,) = (s for s in prs.slides if title(s) in (MAP_KO, MAP_EN))
    return slide


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def surveyed(journey: Journey, tmp_path: Path) -> Journey:
    """The seed with its emotion curve set from the bundled survey, two stages left unmeasured."""
    source = SEED_EXAMPLE.parent / "survey_responses.csv"
    cut = tmp_path / "responses.csv"
    with source.open(encoding="utf-8", newline="") as inp, cut.open("w", encoding="utf-8", newline="") as out:
        reader = csv.DictReader(inp)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        writer.writerows(row for row in reader if row["stage"] not in UNMEASURED)
    result = score_file(cut, stages=[s.id for s in journey.stages])
    scored, _ = emotions_from_scores(journey, result, source=cut)
    return scored


@pytest.fixture(scope="module")
def seed_deck(seed_journey: Journey) -> Any:
    return build(seed_journey)


@pytest.fixture(scope="module")
def seed_content(seed_journey: Journey) -> MapContent:
    return map_content(seed_journey)


def test_the_map_opens_the_deck_after_the_title(seed_deck: Any, seed_journey: Journey) -> None:
    names = titles(seed_deck)
    assert names[:3] == [seed_journey.title, MAP_KO, "목차"]
    first = sections(seed_deck)[0]
    assert (first[0], len(first[1])) == ("시작", 3)  # title, map, agenda
    agenda = "\n".join(s.text_frame.text for s in seed_deck.slides[2].shapes if s.has_text_frame)
    agenda += "".join(c.text for s in seed_deck.slides[2].shapes if s.has_table for c in s.table.iter_cells())
    assert MAP_KO in agenda


def test_every_stage_is_on_the_map(seed_deck: Any, seed_journey: Journey) -> None:
    slide = map_slide(seed_deck)
    stages = named(slide, "stage")
    assert list(stages) == [f"stage-{s.id}" for s in seed_journey.stages]
    for stage in seed_journey.stages:
        header = next(s for s in stages[f"stage-{stage.id}"].shapes if s.name == "header")
        assert squash(header.text_frame.paragraphs[0].text) == squash(stage.name)
    marked = [key for key, group in stages.items() if any(s.name == "mot-badge" for s in group.shapes)]
    assert marked == [f"stage-{m.stage}" for m in seed_journey.moments_of_truth]


def _card_text(card_shape: Any) -> str:
    """The card's own text (its first paragraph), its lines joined, the ellipsis of a cut dropped."""
    return squash(card_shape.text_frame.paragraphs[0].text).removesuffix("…")


def test_cards_show_their_items_text_in_their_labels_colour(seed_deck: Any, seed_content: MapContent) -> None:
    slide = map_slide(seed_deck)
    cards: dict[str, Card] = {card.key: card for card in seed_content.cards()}
    items = named(slide, "item")
    assert items, "no card on the map"
    for key, group in items.items():
        card = cards[key]
        (shape,) = (s for s in group.shapes if s.name == "card")
        shown = _card_text(shape)
        assert shown, key
        assert squash(card.text).startswith(shown), (key, shown)
        fill = FILL[card.label] if card.label is not None else "FFFFFF"
        assert shape.fill.fore_color.rgb == RGBColor.from_string(fill), key
        described = group.element.find(f"./*/{{{P}}}cNvPr").get("descr")
        assert described.startswith(card.text[:50]), key
    item_texts = {squash(item.text) for *_, item in seed_content.journey.all_items()}
    assert any(squash(cards[k].text) in item_texts for k in items)


def test_each_cell_shows_its_cards_or_counts_the_rest(seed_deck: Any, seed_content: MapContent) -> None:
    slide = map_slide(seed_deck)
    items, more = named(slide, "item"), named(slide, "more")
    for row in seed_content.rows:
        for stage in seed_content.stages:
            cards = row.cells.get(stage.id, ())
            shown = sum(1 for card in cards if card.key in items)
            group = more.get(f"more-{stage.id}-{row.lane.id}")
            counted = int(re.search(r"\+(\d+)", group.shapes[0].text_frame.text).group(1)) if group else 0
            assert shown + counted == len(cards), (stage.id, row.lane.id)
            assert shown >= 1 or not cards or counted == len(cards)


def test_the_curve_is_a_native_line_chart_of_the_survey_scores(seed_journey: Journey, tmp_path: Path) -> None:
    journey = surveyed(seed_journey, tmp_path)
    measured = [s.id for s in journey.stages if journey.emotion(s.id) is not None]
    assert measured == [s.id for s in journey.stages if s.id not in UNMEASURED]
    slide = map_slide(build(journey, slides="map"))
    (frame,) = (s for s in all_shapes(slide) if s.has_chart)
    chart = frame.chart
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert list(chart.plots[0].categories) == [s.name for s in journey.stages]
    (series,) = chart.plots[0].series
    expected = [e.score if (e := journey.emotion(s.id)) is not None else None for s in journey.stages]
    assert list(series.values) == expected
    assert chart.element.find(f".//{{{C}}}dispBlanksAs").get("val") == "gap"
    scale = journey.emotion_scale
    assert (chart.value_axis.minimum_scale, chart.value_axis.maximum_scale) == (scale.low, scale.high)
    gaps = named(slide, "gap")
    assert sorted(gaps) == sorted(UNMEASURED)
    assert all("측정 안 됨" in g.shapes[0].text_frame.text for g in gaps.values())
    colour = series.format.line.color.rgb
    assert colour == RGBColor.from_string(PERSONA_COLOURS[0])


def test_no_emotions_no_chart_only_gaps(seed_deck: Any, seed_journey: Journey) -> None:
    slide = map_slide(seed_deck)
    assert not seed_journey.emotions
    assert not any(s.has_chart for s in all_shapes(slide))
    assert sorted(named(slide, "gap")) == sorted(s.id for s in seed_journey.stages)


def _inside_the_slide(prs: Any, slide: Any) -> None:
    width, height = int(prs.slide_width), int(prs.slide_height)
    content = builtin_design().content
    for shape in all_shapes(slide):
        left, top = int(shape.left), int(shape.top)
        right, bottom = left + int(shape.width), top + int(shape.height)
        assert left >= 0, shape.name
        assert top >= 0, shape.name
        assert right <= width, shape.name
        assert bottom <= height, shape.name
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP and shape.name.split(" ")[0] in ("item", "stage", "lane"):
            assert content.left <= left <= right <= content.right, shape.name
            assert content.top <= top <= bottom <= content.bottom, shape.name


@pytest.mark.parametrize("example", ["seed", "b2b"])
def test_nothing_lies_outside_the_slide(
    example: str, seed_deck: Any, b2b_journey: Journey, seed_journey: Journey, tmp_path: Path
) -> None:
    if example == "seed":
        prs = seed_deck
        _inside_the_slide(prs, map_slide(prs))
        prs = build(surveyed(seed_journey, tmp_path), slides="map")
    else:
        prs = build(b2b_journey, slides="map")
    _inside_the_slide(prs, map_slide(prs))


@given(journeys(blueprints=False))
@settings(max_examples=15)
def test_any_valid_journey_has_a_map_inside_its_slides(journey: Journey) -> None:
    prs = build(journey, slides="map")
    assert bool(len(prs.slides)) == bool(journey.stages and journey.lanes)
    for slide in prs.slides:
        _inside_the_slide(prs, slide)


def test_notes_say_how_to_read_the_map(seed_deck: Any, b2b_journey: Journey) -> None:
    korean = notes(map_slide(seed_deck))
    assert korean.startswith("이 지도를 읽는 법")
    for mark in ("★ MoT", "◆", "!:", "?:", "가설", "측정하지 않은"):
        assert mark in korean, mark
    assert "the documents state 7 stages" in korean  # the check's findings about the whole journey
    english = notes(map_slide(build(b2b_journey, slides="map")))
    assert english.startswith("How to read the map")
    for mark in ("★ MoT", "◆", "!:", "?:", "hypothesis", "not measured"):
        assert mark in english, mark


def test_the_maps_text_is_set_in_the_font_it_was_measured_in(seed_deck: Any) -> None:
    family = font_set().family if font_set().regular.path else "Malgun Gothic"
    checked = 0
    for shape in all_shapes(map_slide(seed_deck)):
        if shape.is_placeholder or shape.name == "Footer":
            continue  # the slide's title and footer are the deck's, in its fonts
        for run in shape.element.iter(f"{{{A}}}r"):
            if re.search("[가-힣]", run.findtext(f"{{{A}}}t") or ""):
                properties = run.find(f"{{{A}}}rPr")
                assert properties.get("lang") == "ko-KR"
                assert properties.find(f"{{{A}}}ea").get("typeface") == family
                checked += 1
    assert checked > 50


def test_many_stages_make_one_slide_per_page_of_stages() -> None:
    builder = JourneyBuilder(id="long", title="Long", language="en").lane(
        "touch", "Touchpoints", kind="touchpoints"
    )
    for number in range(1, 11):
        builder = builder.stage(f"s{number}", f"Stage {number}").add(f"s{number}", "touch", f"Visit {number}")
    prs = build(builder.build(), slides="map")
    assert titles(prs) == [f"{MAP_EN} (1/2)", f"{MAP_EN} (2/2)"]
    seen = [list(named(slide, "stage")) for slide in prs.slides]
    assert seen == [[f"stage-s{n}" for n in range(1, 6)], [f"stage-s{n}" for n in range(6, 11)]]
    assert "spread over 2 slides" in notes(prs.slides[0])


def test_the_fit_gives_way_scale_then_cards_then_lanes(seed_content: MapContent) -> None:
    fonts = deck_fonts(font_set())
    content = attrs.evolve(seed_content, general=())
    slide = builtin_design().content
    width, height = slide.width / EMU_PER_PX, slide.height / EMU_PER_PX
    roomy = fit_map(content, fonts, 3000, 3000)
    assert (roomy.scale, roomy.metrics.cell_cards, roomy.metrics.card_lines) == (SCALE_MAX, *CARD_LIMITS[0])
    fit = fit_map(content, fonts, width, height)
    assert fit.legible
    assert (fit.lane_parts, len(fit.scenes)) == (1, 1)
    assert max(s.height for s in fit.scenes) * fit.scale <= height
    assert (fit.metrics.cell_cards, fit.metrics.card_lines) in CARD_LIMITS[1:]
    short = fit_map(content, fonts, width, height / 2)
    assert short.legible
    assert short.scale >= SCALE_FLOOR
    assert short.lane_parts >= 2
    assert short.metrics.cell_cards <= fit.metrics.cell_cards
    assert all(s.height * short.scale <= height / 2 for s in short.scenes)


def test_the_map_slide_can_be_built_alone_or_left_out(seed_journey: Journey) -> None:
    assert titles(build(seed_journey, slides="map")) == [MAP_KO]
    deck = Deck.standard(seed_journey, slides=["title", "agenda"])
    assert MAP_KO not in titles(reopen(deck))


def test_libreoffice_draws_the_map_with_hangul_and_the_curve(seed_journey: Journey, tmp_path: Path) -> None:
    """Look at the slide: ``pytest … --basetemp=out`` keeps ``map-2.png``."""
    journey = surveyed(seed_journey, tmp_path)
    path = Deck.standard(journey, slides=["title", "map"]).save(tmp_path / "map.pptx")
    pdf = to_pdf(path, tmp_path)
    png = png_pages(pdf, tmp_path, dpi=80)[1]
    text = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert all(squash(s.name) in squash(text) for s in journey.stages)  # Hangul drawn as text, not boxes
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts
    # cards in the hypothesis colour all over the map, the curve's line across its row
    assert colour_pixels(png, FILL[cjm.Label.HYPOTHESIS], tolerance=6) > 20_000
    prs = reopen(Deck.standard(journey, slides=["title", "map"]))
    (frame,) = (s for s in all_shapes(prs.slides[1]) if s.has_chart)
    w, h = int(prs.slide_width), int(prs.slide_height)
    box = (frame.left / w, frame.top / h, (frame.left + frame.width) / w, (frame.top + frame.height) / h)
    assert colour_pixels(png, PERSONA_COLOURS[0], box) > 300
