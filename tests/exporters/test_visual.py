"""The visual map: its content, its layout, and the SVG and PNG written from it."""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest
from PIL import Image, ImageChops

import cjm
from cjm.exporters.visual import picture, render_html
from cjm.exporters.visual.content import map_content
from cjm.exporters.visual.curve import monotone_segments, score_y
from cjm.exporters.visual.fonts import FontSet, font_set
from cjm.exporters.visual.layout import PAGE_WIDTH, map_scenes
from cjm.exporters.visual.png import render_png
from cjm.exporters.visual.scene import Box, Group, Scene, TextBlock
from cjm.exporters.visual.svg import render_svg
from cjm.exporters.visual.synthetic import synthetic_map
from cjm.exporters.visual.words import FILL
from cjm.exporters.visual.wrap import wrap
from cjm.model import Label
from tests.conftest import B2B_EXAMPLE, SEED_EXAMPLE
from tests.exporters.visual_journeys import huge_field, surveyed

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return font_set()


@pytest.fixture(scope="module")
def seed() -> cjm.Journey:
    return cjm.load(SEED_EXAMPLE)


@pytest.fixture(scope="module")
def seed_surveyed(seed: cjm.Journey) -> cjm.Journey:
    return surveyed(seed)


def _items(scene: Scene) -> list[Group]:
    return [s for s in scene.walk() if isinstance(s, Group) and s.role == "item"]


def test_the_font_is_a_real_cjk_face(fonts: FontSet) -> None:
    # The test command installs fonts-noto-cjk; the map must be measured in it, not estimated.
    assert fonts.regular.path is not None
    assert "CJK" in fonts.family
    hangul = fonts.regular.width("가", 10)
    assert 8.5 < hangul < 10.5  # a Hangul syllable is about one em
    assert fonts.regular.width("i", 10) < fonts.regular.width("W", 10)
    assert fonts.bold.width("가나다", 12) >= fonts.regular.width("가나다", 12)


def test_every_stage_and_item_of_the_seed_is_drawn(seed: cjm.Journey, fonts: FontSet) -> None:
    scene = picture(seed, fonts)
    text = "\n".join(scene.texts())
    for stage in seed.stages:
        assert stage.name in text
    shown = {g.key for g in _items(scene)}
    content = map_content(seed)
    for card in content.cards():
        cell = f"more-{card.stage}-{card.lane}"
        assert card.key in shown or any(isinstance(s, Group) and s.key == cell for s in scene.walk()), card
    # what a card shows is its text, whole or its start cut with an ellipsis
    groups = {g.key: g for g in _items(scene)}
    for card in content.cards():
        if card.key not in groups:
            continue
        block = next(
            c for c in groups[card.key].children if isinstance(c, TextBlock) and c.source == card.text
        )
        shown_text = " ".join(block.lines)
        if block.cut:
            assert shown_text.endswith("…")
            assert " ".join(card.text.split()).replace(" ", "").startswith(shown_text[:-1].replace(" ", ""))
        else:
            assert shown_text.replace(" ", "") == card.text.replace(" ", "")


def _card_parts(group: Group) -> tuple[Box, list[TextBlock]]:
    box = next(c for c in group.children if isinstance(c, Box) and c.role == "card")
    return box, [c for c in group.children if isinstance(c, TextBlock)]


@pytest.mark.parametrize("path", [SEED_EXAMPLE, B2B_EXAMPLE])
def test_every_text_fits_inside_its_card(path: Path, fonts: FontSet) -> None:
    journey = surveyed() if path == SEED_EXAMPLE else cjm.load(path)
    for scene in map_scenes(map_content(journey), fonts):
        for group in _items(scene):
            if group.data.get("kind") == "emotion":
                continue
            box, blocks = _card_parts(group)
            for block in blocks:
                face = fonts.face(block.bold)
                top = block.y - face.baseline(block.size, block.line_height)  # the line box's top
                bottom = top + block.height
                assert top >= box.y - 0.5, (group.key, block.lines)
                assert bottom <= box.y + box.h + 0.5, (group.key, block.lines)
                for line in block.lines:
                    width = face.width(line, block.size)
                    left = {"start": block.x, "middle": block.x - width / 2, "end": block.x - width}[
                        block.anchor
                    ]
                    assert left >= box.x - 0.5, (group.key, line)
                    assert left + width <= box.x + box.w + 0.5, (group.key, line)


def test_the_svg_tspans_fit_their_boxes(seed_surveyed: cjm.Journey, fonts: FontSet) -> None:
    """The same check on the written SVG: each tspan, measured in the font, inside its card's rect."""
    svg = render_svg(picture(seed_surveyed, fonts), fonts, embed_fonts=False)
    root = ET.fromstring(svg)  # well-formed XML
    cards = [g for g in root.iter(f"{SVG}g") if g.get("class") == "item" and g.get("data-kind") != "emotion"]
    assert len(cards) > 100
    for g in cards:
        rect = g.find(f"{SVG}rect")
        assert rect is not None
        x, w = float(rect.get("x", 0)), float(rect.get("width", 0))
        for text in g.iter(f"{SVG}text"):
            face = fonts.face(text.get("font-weight") == "bold")
            size = float(text.get("font-size", 0))
            for span in text.iter(f"{SVG}tspan"):
                width = face.width(span.text or "", size)
                start = float(span.get("x", 0))
                left = start - width if text.get("text-anchor") == "end" else start
                assert x - 0.5 <= left, span.text
                assert left + width <= x + w + 0.5, span.text


def test_cards_of_a_cell_do_not_overlap(seed: cjm.Journey, fonts: FontSet) -> None:
    boxes = [_card_parts(g)[0] for g in _items(picture(seed, fonts)) if g.data.get("kind") != "emotion"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
            assert apart, (a, b)


def test_cards_show_their_label_by_colour_and_letter(seed_surveyed: cjm.Journey, fonts: FontSet) -> None:
    journey = seed_surveyed
    for group in _items(picture(journey, fonts)):
        label = group.data.get("label")
        if group.data.get("kind") in ("emotion", "mot") or label is None:
            continue
        box, blocks = _card_parts(group)
        assert box.fill == FILL[Label(label)]
        assert blocks[0].lines[0] in ("가", "사", "아")  # the badge's letter, for grey-scale prints


def test_evidence_counts_and_flags(seed_surveyed: cjm.Journey, fonts: FontSet) -> None:
    journey = seed_surveyed
    # a fact with two pieces of evidence from one side only: counted, and flagged by the dual-source rule
    first = journey.cells["awareness"]["touchpoints"][0]
    record = cjm.Evidence(id="voc-1", method="interview", source_role="dealer", summary="학회에서 처음 접함")
    other = cjm.Evidence(id="voc-2", method="observation", source_role="dealer", summary="학회 부스")
    cells = {k: dict(v) for k, v in journey.cells.items()}
    cells["awareness"]["touchpoints"] = [
        cjm.Item(text=first.text, label="fact", evidence=("voc-1", "voc-2")),
        *journey.cells["awareness"]["touchpoints"][1:],
    ]
    journey = attrs.evolve(journey, cells=cells, evidence=(*journey.evidence, record, other))
    groups = {g.key: g for g in _items(picture(journey, fonts))}
    fact = groups["cells-awareness-touchpoints-0"]
    marks = next(b for b in fact.children if isinstance(b, TextBlock) and b.anchor == "end")
    assert marks.lines == ("◆2 !",)
    assert fact.data["flag"] == "finding"
    assert _card_parts(fact)[0].stroke == "B42318"
    assert "needs dealer and end_user" in (fact.title or "")
    # a hypothesis at a Moment of Truth is marked, softer
    mot = groups["cells-evaluation-touchpoints-0"]
    assert mot.data["flag"] == "caution"


def test_the_curve_points_sit_at_their_scores(seed_surveyed: cjm.Journey, fonts: FontSet) -> None:
    journey = seed_surveyed
    scene = map_scenes(map_content(journey), fonts)[0]
    svg = ET.fromstring(render_svg(scene, fonts, embed_fonts=False))
    curve = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "curve")
    dots = [
        c
        for g in curve.iter(f"{SVG}g")
        if g.get("data-kind") == "emotion"
        for c in g.findall(f"{SVG}circle")
        if c.get("r") == "4.5"
    ]
    scores = [journey.emotion(s.id) for s in journey.stages]
    assert len(dots) == sum(1 for e in scores if e is not None) == 6
    ys = [float(d.get("cy", 0)) for d in dots]
    # heights follow the scores: the highest score is the highest point
    measured = [e.score for e in scores if e is not None]
    order = sorted(range(6), key=lambda i: measured[i])
    assert sorted(range(6), key=lambda i: -ys[i]) == order
    chart = next(s for s in scene.walk() if type(s).__name__ == "Chart")
    top = chart.plot_y
    for emotion, y in zip([e for e in scores if e is not None], ys, strict=True):
        assert y == pytest.approx(score_y(emotion.score, -2, 2, top, chart.plot_h), abs=0.01)
    # the survey's n is written under each point
    assert sum(1 for line in scene.texts() if line == "n=100") == 6


def test_a_stage_without_a_score_is_a_gap_never_a_neutral_point(seed: cjm.Journey, fonts: FontSet) -> None:
    journey = surveyed(seed)
    emotions = tuple(e for e in journey.emotions if e.stage != "problem")
    journey = attrs.evolve(journey, emotions=emotions)
    scene = map_scenes(map_content(journey), fonts)[0]
    gaps = [g for g in scene.walk() if isinstance(g, Group) and g.role == "gap"]
    assert [g.data["stage"] for g in gaps] == ["problem"]
    assert "측정 안 됨" in "".join(scene.texts())
    paths = [s for s in scene.walk() if type(s).__name__ == "Path"]
    # the line breaks at the gap: one run through stages 1-4; stage 6, alone after the gap, is a dot
    assert len(paths) == 1
    assert len(paths[0].curves) == 3
    no_data = map_scenes(map_content(seed), fonts)[0]
    assert sum(1 for g in no_data.walk() if isinstance(g, Group) and g.role == "gap") == len(seed.stages)


def test_the_monotone_curve_never_overshoots() -> None:
    points = [(0.0, 10.0), (10.0, 50.0), (20.0, 50.0), (30.0, 0.0)]
    for (c1, c2, end), start in zip(monotone_segments(points), points[:-1], strict=True):
        low, high = sorted((start[1], end[1]))
        for _, y in (c1, c2):
            assert low - 1e-9 <= y <= high + 1e-9


def test_a_crowded_cell_shows_the_first_cards_and_how_many_more(fonts: FontSet) -> None:
    journey = synthetic_map(per_cell=40, stages=12)
    scenes = map_scenes(map_content(journey), fonts)
    assert len(scenes) == 2  # 12 stages: two pages of six
    assert "2쪽으로 나누어" in "".join(scenes[0].texts())
    more = [g for s in scenes for g in s.walk() if isinstance(g, Group) and g.role == "more"]
    assert len(more) == 12
    assert all(g.data["count"] == "35" for g in more)
    assert "+35개 더" in "".join(scenes[0].texts())
    for scene in scenes:
        assert scene.width == PAGE_WIDTH


def test_wrapping_is_bounded_on_huge_text(fonts: FontSet) -> None:
    for text in ("가" * 5_000_000, "word " * 1_000_000, "x" * 5_000_000):
        start = time.perf_counter()
        wrapped = wrap(text, fonts.regular, 11, 200, 3)
        assert time.perf_counter() - start < 0.5
        assert wrapped.cut
        assert len(wrapped.lines) == 3
        assert wrapped.lines[-1].endswith("…")
        assert all(fonts.regular.width(line, 11) <= 200 for line in wrapped.lines)


@pytest.mark.parametrize("size", [100_000, 1_000_000, 5_000_000])
@pytest.mark.parametrize(("spaced", "hangul"), [(False, True), (True, False)])
def test_a_huge_field_is_cut_in_the_picture_and_whole_in_the_page(
    seed: cjm.Journey, fonts: FontSet, size: int, spaced: bool, hangul: bool
) -> None:
    journey = huge_field(seed, size, spaced=spaced, hangul=hangul)
    start = time.perf_counter()
    svg = render_svg(picture(journey, fonts), fonts, embed_fonts=False)
    page = render_html(journey, fonts, embed_fonts=False)
    assert time.perf_counter() - start < 5
    assert len(svg) < 400_000  # the picture holds three lines of it, not the field
    assert "…" in svg
    text = journey.cells["awareness"]["touchpoints"][0].text
    assert text in page  # the page's detail has it whole (in its JSON)


def test_png_is_the_scene_drawn_with_hangul(seed: cjm.Journey, fonts: FontSet) -> None:
    scene = picture(seed, fonts)
    with Image.open(io.BytesIO(render_png(scene, fonts))) as image:
        assert image.size == (round(scene.width), round(scene.height))
    with Image.open(io.BytesIO(render_png(scene, fonts, scale=2))) as double:
        assert double.size == (round(scene.width * 2), round(scene.height * 2))
    # a known Hangul word draws ink where a blank picture has none
    word = Scene(
        width=200,
        height=40,
        title="t",
        children=(TextBlock(x=10, y=28, lines=("검토/주문",), size=20, source="검토/주문", width=180),),
    )
    blank = Scene(width=200, height=40, title="t", children=())
    drawn = Image.open(io.BytesIO(render_png(word, fonts))).convert("L")
    empty = Image.open(io.BytesIO(render_png(blank, fonts))).convert("L")
    ink = sum(ImageChops.difference(drawn, empty).histogram()[97:])
    assert ink > 300  # five glyphs' worth of dark pixels, not tofu boxes' outlines only
    # Hangul glyphs are not the font's missing-glyph box: each syllable has its own shape
    boxes = Scene(
        width=200,
        height=40,
        title="t",
        children=(TextBlock(x=10, y=28, lines=("\ue000\ue001",), size=20, source="", width=180),),
    )
    assert render_png(boxes, fonts) != render_png(word, fonts)


def test_png_refuses_a_bad_scale(seed: cjm.Journey, fonts: FontSet) -> None:
    with pytest.raises(cjm.CjmError, match="scale must be"):
        render_png(picture(seed, fonts), fonts, scale=0)


def test_exporters_write_files_that_open(tmp_path: Path, seed: cjm.Journey) -> None:
    for suffix in ("svg", "html", "png"):
        out = cjm.export(seed, suffix, tmp_path / f"map.{suffix}")
        assert out.stat().st_size > 10_000
    ET.parse(tmp_path / "map.svg")
    with Image.open(tmp_path / "map.png") as image:
        assert image.size[0] == PAGE_WIDTH
    blueprint = cjm.export(seed, "svg", tmp_path / "blueprint.svg", view="blueprint")
    assert "서비스 블루프린트" in blueprint.read_text(encoding="utf-8")
    with pytest.raises(cjm.CjmError, match="view must be one of"):
        cjm.export(seed, "svg", tmp_path / "x.svg", view="nope")
    assert not (tmp_path / "x.svg").exists()


def test_english_journey_gets_english_words(fonts: FontSet) -> None:
    journey = cjm.load(B2B_EXAMPLE)
    text = "".join(picture(journey, fonts).texts())
    assert "Legend" in text
    assert "Stage" in text
    assert "범례" not in text
    assert "측정 안 됨" not in text


def test_the_svg_embeds_a_subset_of_the_font(seed: cjm.Journey, fonts: FontSet) -> None:
    svg = render_svg(picture(seed, fonts), fonts)
    assert "@font-face" in svg
    assert "data:font/woff;base64," in svg
    assert len(svg) < 600_000  # a subset, not the 16 MB font


def test_a_journey_shows_as_its_map_in_a_notebook(seed: cjm.Journey) -> None:
    """IPython's HTML formatter learns to show a Journey (what ``import cjm`` does in a notebook)."""
    from cjm.exporters.visual.notebook import journey_html, register

    class Formatter:
        def __init__(self) -> None:
            self.types: dict[type, object] = {}

        def for_type(self, kind: type, function: object) -> None:
            self.types[kind] = function

    class Shell:
        def __init__(self) -> None:
            self.display_formatter = type("Display", (), {"formatters": {"text/html": Formatter()}})()

    shell = Shell()
    assert register(shell)
    assert shell.display_formatter.formatters["text/html"].types[cjm.Journey] is journey_html
    html = journey_html(seed)
    assert html.startswith("<div")
    assert "<svg" in html
    assert seed.stages[0].name in html
    assert not register(object())  # no IPython: nothing to register with


def test_the_benchmark_runs_at_a_small_size() -> None:
    """benchmarks/bench_visual.py at a small size, so it cannot rot (its figures are not checked)."""
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_visual.py"
    done = subprocess.run(
        [sys.executable, str(script), "--items", "80", "--stages", "4", "--no-browser"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "png" in done.stdout
    assert "html" in done.stdout


def _luminance(rgb: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("view", ["map", "blueprint"])
def test_every_text_colour_passes_wcag_aa_on_what_it_is_drawn_on(
    seed_surveyed: cjm.Journey, fonts: FontSet, view: str
) -> None:
    """Each text's colour against the fill of the box it sits in: at least 4.5:1 (WCAG AA)."""
    scene = picture(seed_surveyed, fonts, view=view)
    boxes = [s for s in scene.walk() if isinstance(s, Box) and s.fill]
    checked = 0
    for block in (s for s in scene.walk() if isinstance(s, TextBlock)):
        under = [
            b for b in boxes if b.x <= block.x <= b.x + b.w and b.y <= block.y - block.size / 2 <= b.y + b.h
        ]
        fill = min(under, key=lambda b: b.w * b.h).fill if under else "FFFFFF"
        assert _contrast(block.colour, fill or "FFFFFF") >= 4.5, (block.lines, block.colour, fill)
        checked += 1
    assert checked > 100
