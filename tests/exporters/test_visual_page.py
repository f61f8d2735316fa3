"""The map's HTML page in a real browser (Debian's Chromium, offline): what a user sees and does."""

from __future__ import annotations

import io
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

import cjm
from cjm.exporters.visual import picture, render_html
from cjm.exporters.visual.fonts import FontSet, font_set
from cjm.exporters.visual.png import render_png
from cjm.exporters.visual.svg import render_svg
from cjm.exporters.visual.synthetic import synthetic_map
from tests.browser import A3_LANDSCAPE_PT, PT_TOLERANCE, PageOpener, pdf_pages, print_pdf, screenshot
from tests.conftest import B2B_EXAMPLE, SEED_EXAMPLE
from tests.exporters.visual_journeys import HOSTILE, hostile, surveyed

#: Where the pictures a person should look at are kept (the pytest temp folder of the run).
WIDE = {"width": 1600, "height": 1000}


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return font_set()


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet) -> Path:
    path = tmp_path_factory.mktemp("page") / "map.html"
    path.write_text(render_html(surveyed(), fonts), encoding="utf-8")
    return path


def _normal(text: str) -> str:
    return " ".join(text.split())


def test_the_page_loads_offline_with_no_error_and_every_stage_and_item(
    seed_page: Path, open_page: PageOpener, tmp_path: Path
) -> None:
    local = open_page(seed_page, viewport=WIDE)
    page = local.page
    page.wait_for_selector("html[data-ready=true]")
    local.assert_clean()  # no console error, no uncaught exception, no request of any kind
    shown = _normal(page.locator("main").text_content() or "")
    journey = surveyed()
    for stage in journey.stages:
        assert stage.name in shown
    data = page.evaluate("JSON.parse(document.getElementById('cjm-data').textContent).items")
    texts = [item["text"] for item in data.values()]
    for _stage, _lane, _index, item in journey.all_items():
        assert item.text in texts  # every item is in the page: drawn, and whole in its detail
    drawn = sum(1 for t in texts if _normal(t).replace(" ", "") in shown.replace(" ", ""))
    assert drawn >= 0.9 * len(texts)
    screenshot(page, tmp_path / "seed-page.png")
    print(f"screenshot: {tmp_path / 'seed-page.png'}")


def test_a_label_filter_hides_exactly_its_items(seed_page: Path, open_page: PageOpener) -> None:
    page = open_page(seed_page, viewport=WIDE).page
    total = page.locator("g.item").count()
    hypotheses = page.locator('g.item[data-label="hypothesis"]').count()
    facts = page.locator('g.item[data-label="fact"]').count()
    assert total > 150
    assert hypotheses > 100
    assert facts == 6
    assert page.locator("g.item:visible").count() == total
    page.uncheck('input[name=label][value="hypothesis"]')
    assert page.locator("g.item:visible").count() == total - hypotheses
    assert page.locator('g.item[data-label="hypothesis"]:visible').count() == 0
    page.uncheck('input[name=label][value="fact"]')
    assert page.locator("g.item:visible").count() == total - hypotheses - facts
    page.check('input[name=label][value="hypothesis"]')
    page.check('input[name=label][value="fact"]')
    assert page.locator("g.item:visible").count() == total


def test_clicking_an_item_shows_its_evidence(seed_page: Path, open_page: PageOpener) -> None:
    local = open_page(seed_page, viewport=WIDE)
    page = local.page
    panel = page.locator(".panel")
    assert panel.is_hidden()
    page.locator('g.item[data-kind="emotion"] circle').first.click()
    assert panel.is_visible()
    body = panel.text_content() or ""
    assert "근거 (1)" in body
    assert "survey responses" in body
    assert "설문" in body
    assert "n=100" in body
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    # a hypothesis with no evidence says so
    page.locator('g.item[data-label="hypothesis"]').first.click()
    assert "근거 없음" in (panel.text_content() or "")
    # "+N more" lists the whole cell
    page.keyboard.press("Escape")
    page.locator("g.more").first.click()
    assert page.locator(".panel li").count() >= 7
    local.assert_clean()


def test_the_page_is_keyboard_reachable(seed_page: Path, open_page: PageOpener) -> None:
    page = open_page(seed_page, viewport=WIDE).page
    page.locator("g.item").first.focus()
    page.keyboard.press("Enter")
    assert page.locator(".panel").is_visible()
    assert page.evaluate("document.activeElement.className") == "close"
    page.keyboard.press("Escape")
    assert page.locator(".panel").is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('class')") == "item"


def test_search_dims_what_does_not_match(seed_page: Path, open_page: PageOpener) -> None:
    page = open_page(seed_page, viewport=WIDE).page
    page.fill("input[name=q]", "재고")
    matches = page.locator("output[name=matches]").text_content() or ""
    count = int(re.search(r"\d+", matches).group())  # type: ignore[union-attr]
    assert count == page.locator("g.item:not(.is-dim):not(.is-hidden)").count()
    assert 3 <= count <= 20
    page.fill("input[name=q]", "")
    assert page.locator("g.item.is-dim").count() == 0


def test_persona_filter_keeps_one_curve(tmp_path: Path, fonts: FontSet, open_page: PageOpener) -> None:
    path = tmp_path / "personas.html"
    path.write_text(render_html(synthetic_map(300, stages=6), fonts), encoding="utf-8")
    page = open_page(path, viewport=WIDE).page
    assert page.locator("g.curve:visible").count() == 3
    page.select_option("select[name=persona]", "persona-2")
    assert page.locator("g.curve:visible").count() == 2  # the journey's own curve and persona 2's
    assert page.locator('g.curve[data-persona="persona-3"]').is_hidden()


def test_the_print_is_one_a3_landscape_page_per_view(
    seed_page: Path, open_page: PageOpener, tmp_path: Path, fonts: FontSet
) -> None:
    pages = pdf_pages(print_pdf(open_page(seed_page).page, tmp_path / "seed.pdf"))
    assert len(pages) == 2  # the map, then the blueprint
    for width, height in pages:
        assert width == pytest.approx(A3_LANDSCAPE_PT[0], abs=PT_TOLERANCE)
        assert height == pytest.approx(A3_LANDSCAPE_PT[1], abs=PT_TOLERANCE)
    no_blueprint = tmp_path / "b2b.html"
    no_blueprint.write_text(render_html(cjm.load(B2B_EXAMPLE), fonts), encoding="utf-8")
    assert len(pdf_pages(print_pdf(open_page(no_blueprint).page, tmp_path / "b2b.pdf"))) == 1


class _Elements(HTMLParser):
    """The tags, attribute names and attribute values of a page, and its scripts' types."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.values: list[str] = []
        self.scripts: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        self.values.extend(value or "" for _, value in attrs)
        if tag == "script":
            self.scripts.append(dict(attrs).get("type"))


def test_hostile_text_is_shown_never_run(tmp_path: Path, fonts: FontSet, open_page: PageOpener) -> None:
    journey = hostile(cjm.load(SEED_EXAMPLE))
    html = render_html(journey, fonts)
    # parsed as a browser would: our two scripts, no element or attribute the values brought in
    parsed = _Elements()
    parsed.feed(html)
    assert parsed.scripts == [None, None] or parsed.scripts == ["application/json", None]
    assert "img" not in parsed.tags
    assert not [a for a in parsed.attributes if a.startswith("on")]
    assert not [v for v in parsed.values if v.strip().lower().startswith("javascript:")]
    path = tmp_path / "hostile.html"
    path.write_text(html, encoding="utf-8")
    local = open_page(path, viewport=WIDE)
    page = local.page
    page.wait_for_selector("html[data-ready=true]")
    page.locator("g.item").first.click()
    page.locator('g.item[data-kind="pain"]').first.click()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img, main script, .panel img, .panel script").count() == 0
    assert HOSTILE[0] in (page.locator(".panel").text_content() or "") + (
        page.locator("main").text_content() or ""
    )
    local.assert_clean()


def test_png_looks_like_the_browser_drawing(tmp_path: Path, fonts: FontSet, open_page: PageOpener) -> None:
    journey = surveyed()
    scene = picture(journey, fonts)
    svg_path = tmp_path / "map.svg"
    svg_path.write_text(render_svg(scene, fonts), encoding="utf-8")
    size = {"width": round(scene.width), "height": round(scene.height)}
    shot = tmp_path / "browser.png"
    open_page(svg_path, viewport=size).page.screenshot(path=str(shot))
    ours = Image.open(io.BytesIO(render_png(scene, fonts))).convert("L")
    with Image.open(shot) as browser:
        theirs = browser.convert("L")
    assert theirs.size == ours.size
    small = (ours.width // 8, ours.height // 8)
    difference = ImageChops.difference(ours.resize(small), theirs.resize(small))
    assert ImageStat.Stat(difference).mean[0] < 4.0  # of 255: the same picture, anti-aliasing aside
    (tmp_path / "resvg.png").write_bytes(render_png(scene, fonts))


def test_a_thousand_items_respond_at_once(tmp_path: Path, fonts: FontSet, open_page: PageOpener) -> None:
    """Not a timing test (the benchmark times it): the big page works, filters and prints."""
    path = tmp_path / "big.html"
    path.write_text(render_html(synthetic_map(1000), fonts), encoding="utf-8")
    local = open_page(path, viewport=WIDE)
    page = local.page
    page.wait_for_selector("html[data-ready=true]")
    before = page.locator("g.item:visible").count()
    start = time.perf_counter()
    page.uncheck('input[name=label][value="idea"]')
    assert page.locator("g.item:visible").count() < before
    print(f"first filter response: {time.perf_counter() - start:.3f} s")
    local.assert_clean()
