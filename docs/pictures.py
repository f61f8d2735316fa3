"""Make the pictures of the docs from the bundled example: python docs/pictures.py

The map and the blueprint are cjm's own PNG export of seed 000's map with the
emotion curve from its bundled survey; the page is a screenshot of the HTML
export in Debian's Chromium (``/usr/bin/chromium``), with a card's evidence open.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import cjm
from cjm.voc.survey import emotions_from_scores, score_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "medical_device_dealer"
OUT = ROOT / "docs" / "img"


def main() -> None:
    journey = cjm.load(EXAMPLE / "journey.yaml")
    result = score_file(EXAMPLE / "survey_responses.csv", stages=[s.id for s in journey.stages])
    journey = emotions_from_scores(journey, result, source="survey_responses.csv")[0]
    OUT.mkdir(parents=True, exist_ok=True)
    cjm.export(journey, "png", OUT / "map.png")
    cjm.export(journey, "png", OUT / "blueprint.png", view="blueprint")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "map.html"
        cjm.export(journey, "html", page)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND"],
            )
            tab = browser.new_page(viewport={"width": 1400, "height": 860})
            tab.goto(page.as_uri())
            tab.locator('g.item[data-kind="emotion"] circle').nth(1).click()
            tab.screenshot(path=str(OUT / "page.png"))
            browser.close()
    for name in ("map.png", "blueprint.png", "page.png"):
        print(f"wrote {OUT / name}")
    for project in ("hospital_outpatient", "retail_support", "digital_signup"):  # the gallery
        folder = ROOT / "examples" / project
        path = sorted((folder / "journeys").glob("*-ko.yaml"))[0]
        journey = cjm.load(path)
        result = score_file(folder / "data" / "survey_responses.csv", stages=[s.id for s in journey.stages])
        journey = emotions_from_scores(journey, result, source="survey_responses.csv")[0]
        cjm.export(journey, "png", OUT / f"gallery-{project}.png", scale=0.6)
        print(f"wrote {OUT / f'gallery-{project}.png'}")


if __name__ == "__main__":
    main()
