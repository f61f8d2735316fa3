"""The project's index page in Debian's Chromium, offline: every link leads to a file the build made."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import cjm
from cjm.project import build, init_project
from tests.browser import PageOpener


def test_the_index_page_opens_offline_and_links_every_deliverable(
    tmp_path: Path, open_page: PageOpener
) -> None:
    folder = tmp_path / "cx"
    init_project(folder, preset="b2b-dealer", language="ko")
    cjm.save(
        cjm.preset_journey("b2b-dealer", "en", id="b2b-dealer-en"), folder / "journeys" / "b2b-dealer-en.yaml"
    )
    build(folder)
    local = open_page(folder / "out" / "index.html", viewport={"width": 1400, "height": 900})
    page = local.page
    local.assert_clean()  # no console error, no request
    assert page.locator("section.journey").count() == 2
    assert page.locator("section.journey svg").count() == 2  # a thumbnail of each map
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert len(hrefs) == 2 * 5 + 2 + 2  # five deliverables each, each thumbnail, the portfolio's two
    for href in hrefs:
        assert Path(unquote(urlsplit(href).path)).is_file(), href
    text = page.locator("main").text_content() or ""
    assert "data-backed" in text  # the first journey (by file name) is the English one
    assert page.locator("section.portfolio").count() == 1  # two journeys: compared side by side
    page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
