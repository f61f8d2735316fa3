"""The decks opened in a real office suite: LibreOffice renders every slide, Hangul in a CJK font."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import cjm
from cjm.exporters.powerpoint import Deck
from tests.render import pdf_page_count, require_soffice, to_pdf


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
        assert "고객여정지도" in _text(pdf, 4)
