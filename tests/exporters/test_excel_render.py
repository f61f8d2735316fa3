"""The seed example's map and template opened in LibreOffice: they convert, print on A3, show Hangul.

Look at the pages too: ``pytest tests/exporters/test_excel_render.py --basetemp=out`` keeps the PNGs.
The emotion chart under the map is looked for by its curves' colours.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

import cjm
from cjm.exporters.excel.book import CURVE_COLOURS
from tests.exporters.test_excel import two_curves_with_gaps
from tests.io.workbook_editing import workbook_bytes
from tests.render import colour_pixels, pdf_page_count, png_pages, require_soffice, to_pdf

A3_LANDSCAPE = (1190.55, 841.89)


def _only(data: bytes, sheet: str) -> bytes:
    """The workbook with every sheet but ``sheet`` hidden, so that LibreOffice prints that one alone."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/workbook.xml":
                xml = content.decode("utf-8")
                xml = re.sub(
                    r"<sheet\b[^>]*>",
                    lambda m: (
                        m.group(0)
                        if f'name="{sheet}"' in m.group(0)
                        else m.group(0).replace('state="visible"', 'state="hidden"')
                    ),
                    xml,
                )
                names = re.findall(r'<sheet\b[^>]*name="([^"]*)"', xml)
                index = names.index(sheet)
                xml = re.sub(r'activeTab="\d+"', f'activeTab="{index}"', xml)
                xml = re.sub(r'firstSheet="\d+"', f'firstSheet="{index}"', xml)
                content = xml.encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def _pages(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True
    )
    return [
        (float(m.group(1)), float(m.group(2)))
        for m in re.finditer(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info.stdout)
    ]


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("layout", ["grid", "wall"])
def test_the_seed_map_prints_on_a3_with_hangul(
    tmp_path: Path, seed_journey: cjm.Journey, layout: str
) -> None:
    require_soffice()
    path = tmp_path / f"map_{layout}.xlsx"
    path.write_bytes(_only(workbook_bytes(seed_journey, layout=layout), "지도"))
    pdf = to_pdf(path, tmp_path)
    pages = _pages(pdf)
    assert 1 <= len(pages) <= 3, f"the map should take a few A3 pages, took {len(pages)}"
    assert all(size == pytest.approx(A3_LANDSCAPE, abs=1) for size in pages)
    text = re.sub(r"\s", "", _text(pdf))
    for stage in seed_journey.stages:
        # A wrapped name comes out line by line, and a line may break after '/':
        # look for each run of Hangul (drawn as text, not boxes).
        for word in re.findall(r"[가-힣]+", stage.name):
            assert word in text
    assert "딜러행동" in text
    assert "가설" in text
    assert png_pages(pdf, tmp_path)


def test_the_whole_workbook_and_the_template_convert(tmp_path: Path, seed_journey: cjm.Journey) -> None:
    require_soffice()
    for name, data in (
        ("workbook", workbook_bytes(seed_journey)),
        ("template", workbook_bytes(seed_journey, template=True)),
    ):
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(data)
        pdf = to_pdf(path, tmp_path)
        assert pdf_page_count(pdf) >= 8
        text = re.sub(r"\s", "", _text(pdf))
        assert "증거로그" in text or "VOC" in text or name == "workbook"
        assert seed_journey.metrics[0].name.replace(" ", "") in text


def test_the_template_map_prints_on_a3(tmp_path: Path, seed_journey: cjm.Journey) -> None:
    require_soffice()
    path = tmp_path / "template_map.xlsx"
    path.write_bytes(_only(workbook_bytes(seed_journey, template=True), "지도"))
    pdf = to_pdf(path, tmp_path)
    pages = _pages(pdf)
    assert 1 <= len(pages) <= 5
    assert all(size == pytest.approx(A3_LANDSCAPE, abs=1) for size in pages)
    assert "작성용템플릿" in _text(pdf).replace(" ", "")


def _title_top(pdf: Path, title: str) -> tuple[int, float]:
    """The page (from 1) that shows ``title`` and how far down it the title starts (0 top, 1 bottom)."""
    layout = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    first, *rest = title.split()
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", layout.stdout, re.S), start=1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)
        for index, (top, word) in enumerate(words):
            if word == first and [w for _, w in words[index + 1 : index + 1 + len(rest)]] == rest:
                return number, float(top) / height
    raise AssertionError(f"no page shows {title!r}")


@pytest.mark.parametrize("layout", ["grid", "wall"])
def test_libreoffice_draws_every_emotion_curve_under_the_map(
    tmp_path: Path, b2b_journey: cjm.Journey, layout: str
) -> None:
    """Two personas' curves, gaps where a stage has no score: both lines are drawn, in each layout.

    Look at the chart: ``pytest … --basetemp=out`` keeps ``curve_grid-2.png`` and ``curve_wall-2.png``.
    """
    require_soffice()
    path = tmp_path / f"curve_{layout}.xlsx"
    path.write_bytes(_only(workbook_bytes(two_curves_with_gaps(b2b_journey), layout=layout), "Map"))
    pdf = to_pdf(path, tmp_path)
    page, top = _title_top(pdf, "Emotion curve")
    png = png_pages(pdf, tmp_path)[page - 1]
    below = (0.0, top, 1.0, 1.0)  # the chart and what follows it: the map's fills are above
    for colour in CURVE_COLOURS[:2]:
        assert colour_pixels(png, colour, below) >= 150, colour  # a line and its markers, not a legend key
