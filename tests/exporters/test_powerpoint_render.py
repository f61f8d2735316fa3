"""The decks opened in a real office suite: LibreOffice renders every slide, Hangul in a CJK font."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

import cjm
from cjm.exporters.powerpoint import Deck
from cjm.exporters.powerpoint.builders import QUICK_WIN_COLOUR
from cjm.exporters.powerpoint.design import BUILTIN_PALETTE
from tests.exporters.test_powerpoint import scored_opportunities
from tests.render import colour_pixels, pdf_page_count, png_pages, require_soffice, to_pdf


def _fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


def _text(pdf: Path, page: int) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("example", ["seed", "b2b"])
def test_libreoffice_renders_every_slide(
    example: str, tmp_path: Path, seed_journey: cjm.Journey, b2b_journey: cjm.Journey
) -> None:
    require_soffice()
    journey = seed_journey if example == "seed" else b2b_journey
    deck = Deck.standard(journey)
    path = deck.save(tmp_path / f"{example}.pptx")
    pdf = to_pdf(path, tmp_path)
    assert pdf_page_count(pdf) == deck.slide_count
    first_line = _text(pdf, 1).split("\n")[0].replace(" ", "")
    assert first_line in journey.title.replace(" ", "")  # LibreOffice spaces Hangul from Latin
    if example == "seed":
        assert "CJK" in _fonts(pdf)  # Hangul drawn in a CJK font, not as empty boxes
        assert "고객여정지도" in _text(pdf, 5)  # the overview table, after the title, map, agenda, persona


def test_libreoffice_draws_the_quick_wins_of_the_value_effort_chart(
    tmp_path: Path, seed_journey: cjm.Journey
) -> None:
    """Every opportunity scored, the quick wins the shorter series: both draw their markers.

    Look at the slide: ``pytest … --basetemp=out`` keeps ``matrix-1.png``.
    """
    require_soffice()
    path = Deck.standard(scored_opportunities(seed_journey), slides=["opportunity-matrix"]).save(
        tmp_path / "matrix.pptx"
    )
    prs = Presentation(str(path))
    (frame,) = (shape for shape in prs.slides[0].shapes if shape.has_chart)
    width, height = int(prs.slide_width), int(prs.slide_height)
    left, top = frame.left / width, frame.top / height
    right, bottom = (frame.left + frame.width) / width, (frame.top + frame.height) / height
    png = png_pages(to_pdf(path, tmp_path), tmp_path, dpi=60)[0]
    # quick wins have value 4 or 5 of 0..6: the chart's upper half, away from the legend below
    upper = (left, top, right, (top + bottom) / 2)
    marker = 100  # a 16 pt circle at 60 dpi covers some 140 pixels, its white rim aside
    assert colour_pixels(png, QUICK_WIN_COLOUR, upper) >= 2 * marker
    assert colour_pixels(png, BUILTIN_PALETTE.low, (left, top, right, bottom)) >= 2 * marker
