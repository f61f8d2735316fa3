"""Render what cjm writes in a real office suite: LibreOffice -> PDF -> PNG pages.

Tests that need LibreOffice use the ``soffice`` fixture-free helpers below and
call :func:`require_soffice`, which skips on a machine without it, except in CI
(``CI=true``), where a missing LibreOffice is a failure: CI installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

__all__ = ["colour_pixels", "pdf_page_count", "png_pages", "require_soffice", "to_pdf"]


def require_soffice() -> str:
    """Path of ``soffice``; skip the test if absent (fail in CI)."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        message = (
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc libreoffice-impress"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def to_pdf(document: Path, out_dir: Path, timeout: int = 240) -> Path:
    """Convert an .xlsx/.pptx/.docx to PDF with LibreOffice; returns the PDF's path."""
    soffice = require_soffice()
    profile = out_dir / ".lo-profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(document),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    pdf = out_dir / (document.stem + ".pdf")
    assert result.returncode == 0, f"LibreOffice failed: {result.stdout}{result.stderr}"
    assert pdf.exists(), f"LibreOffice wrote no PDF: {result.stdout}{result.stderr}"
    return pdf


def pdf_page_count(pdf: Path) -> int:
    """Number of pages of a PDF (pdfinfo from poppler-utils)."""
    result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    for line in result.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError(f"pdfinfo gave no page count: {result.stdout}")


def png_pages(pdf: Path, out_dir: Path, dpi: int = 60) -> list[Path]:
    """Each page of the PDF as a PNG (pdftoppm), for looking at."""
    prefix = out_dir / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(out_dir.glob(f"{pdf.stem}*.png"))


def colour_pixels(
    png: Path,
    colour: str,
    box: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0),
    tolerance: int = 24,
) -> int:
    """How many pixels of ``png`` inside ``box`` are within ``tolerance`` of ``colour`` (RGB hex).

    ``box`` is (left, top, right, bottom) as fractions of the page, so that a
    shape's place on a slide or sheet picks its pixels at any resolution.
    """
    wanted = tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))
    with Image.open(png) as image:
        width, height = image.size
        left, top, right, bottom = box
        area = image.convert("RGB").crop(
            (round(left * width), round(top * height), round(right * width), round(bottom * height))
        )
        return sum(
            1
            for pixel in area.get_flattened_data()
            if all(abs(channel - goal) <= tolerance for channel, goal in zip(pixel, wanted, strict=True))
        )
