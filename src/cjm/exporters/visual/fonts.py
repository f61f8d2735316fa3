"""The font the picture is drawn in: found once, measured glyph by glyph, embedded as a subset.

SVG has no text wrapping, so the map breaks every text into lines itself, and
a line is only right if it is measured in the font that will draw it.  cjm
therefore picks one real font file, a CJK-capable sans serif (Hangul and Latin
in one face: Noto Sans CJK KR where fontconfig finds it, Malgun Gothic on
Windows, Apple SD Gothic Neo on macOS), reads its advance widths with
fontTools, and then

* names that font in the SVG and hands its files to resvg for the PNG, and
* embeds a subset of it (only the glyphs the picture uses, as WOFF) in the SVG
  and the HTML page, so a browser on any machine draws the very glyphs that
  were measured, with no font download.

Widths are measured without kerning (the writers switch it off), so a width
here is the width drawn.  When no font file can be found the widths are
estimated (a Hangul syllable one em, a Latin letter 0.6 em) with a margin, and
the picture says nothing is embedded.
"""

from __future__ import annotations

import base64
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import attrs

from cjm.errors import ExportOptionError

__all__ = ["Face", "FontSet", "font_set"]

#: Widths are multiplied by this, so a line measured to fit still fits when a
#: renderer shapes it a hair wider.
SAFETY = 1.02

#: Where to look when fontconfig is not there: (regular, bold) files and their face index.
_KNOWN: tuple[tuple[str, str, int], ...] = (
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        1,
    ),
    ("C:/Windows/Fonts/malgun.ttf", "C:/Windows/Fonts/malgunbd.ttf", 0),
    ("/System/Library/Fonts/AppleSDGothicNeo.ttc", "/System/Library/Fonts/AppleSDGothicNeo.ttc", 0),
)


@attrs.frozen(kw_only=True, eq=False)
class Face:
    """One font face: its file, its family name and its advance widths in ems."""

    path: str | None
    index: int
    family: str
    bold: bool
    widths: dict[int, float] = attrs.field(repr=False)
    #: Width of a character the font has no glyph for (it falls back to another font).
    missing: float = 1.0
    ascent: float = 0.88
    descent: float = 0.12

    def baseline(self, size: float, line_height: float) -> float:
        """How far below the top of a line box ``line_height`` × ``size`` tall its baseline lies.

        As CSS sets it: the font's ascent plus half the leading (the line box
        less the font's ascent and descent), so text drawn here sits where a
        browser would put it.
        """
        return size * ((line_height - (self.ascent + self.descent)) / 2 + self.ascent)

    def width(self, text: str, size: float, limit: float = float("inf")) -> float:
        """Width of ``text`` at ``size`` px; counting stops once it passes ``limit``."""
        widths = self.widths
        missing = self.missing
        total = 0.0
        stop = limit / (size * SAFETY) if limit != float("inf") else limit
        for char in text:
            total += widths.get(ord(char), missing)
            if total > stop:
                break
        return total * size * SAFETY

    def data_url(self, text: str) -> str | None:
        """A ``data:`` URL of this face cut down to the glyphs ``text`` needs (WOFF); None if no file."""
        if self.path is None:
            return None
        woff = _subset(self.path, self.index, "".join(sorted(set(text))))
        return "data:font/woff;base64," + base64.b64encode(woff).decode("ascii")


@attrs.frozen(kw_only=True, eq=False)
class FontSet:
    """The regular and bold faces the picture is drawn in."""

    regular: Face
    bold: Face

    @property
    def family(self) -> str:
        """The family name, as the SVG and the page name it."""
        return self.regular.family

    @property
    def embedded_family(self) -> str:
        """The name the embedded subset is declared under (distinct from any installed font)."""
        return "cjm-map"

    @property
    def files(self) -> list[str]:
        """The font files, for a rasteriser."""
        return sorted({p for p in (self.regular.path, self.bold.path) if p})

    def face(self, bold: bool) -> Face:
        """The bold or the regular face."""
        return self.bold if bold else self.regular

    def css_stack(self) -> str:
        """The CSS ``font-family`` value: the embedded subset, the font itself, then common Korean fonts."""
        names = [
            self.embedded_family,
            self.family,
            "Noto Sans CJK KR",
            "Malgun Gothic",
            "Apple SD Gothic Neo",
        ]
        unique = list(dict.fromkeys(names))
        return ", ".join(f"'{name}'" for name in unique) + ", sans-serif"

    def font_face_css(self, regular: str, bold: str) -> str:
        """``@font-face`` rules embedding the subsets the ``regular`` and ``bold`` texts need.

        Empty when no font file was found (the page then names the fonts only).
        """
        rules = []
        for face, weight, text in ((self.regular, 400, regular), (self.bold, 700, bold)):
            url = face.data_url(text) if text else None
            if url is not None:
                rules.append(
                    f"@font-face{{font-family:'{self.embedded_family}';font-weight:{weight};"
                    f"src:url({url}) format('woff');}}"
                )
        return "".join(rules)


def font_set(
    path: str | os.PathLike[str] | None = None, bold_path: str | os.PathLike[str] | None = None
) -> FontSet:
    """The faces to draw in: the files given, else a CJK sans serif found on this machine.

    A given file that cannot be read raises :class:`~cjm.errors.ExportOptionError`
    naming it; with nothing found the widths are estimated.
    """
    if path is not None:
        regular = _face(str(path), 0, bold=False)
        bold = (
            _face(str(bold_path), 0, bold=True) if bold_path is not None else attrs.evolve(regular, bold=True)
        )
        return FontSet(regular=regular, bold=bold)
    return _system_set()


@lru_cache(maxsize=1)
def _system_set() -> FontSet:
    found = _fontconfig(False), _fontconfig(True)
    if found[0] is None:
        found = next(
            (((r, i), (b, i)) for r, b, i in _KNOWN if Path(r).is_file() and Path(b).is_file()),
            (None, None),
        )
    regular_at, bold_at = found
    if regular_at is None:
        return FontSet(regular=_estimated(False), bold=_estimated(True))
    regular = _face(regular_at[0], regular_at[1], bold=False)
    bold = (
        _face(bold_at[0], bold_at[1], bold=True) if bold_at is not None else attrs.evolve(regular, bold=True)
    )
    return FontSet(regular=regular, bold=bold)


def _fontconfig(bold: bool) -> tuple[str, int] | None:
    """The file and face index fontconfig picks for Korean sans-serif text, if fontconfig is there."""
    fc_match = shutil.which("fc-match")
    if fc_match is None or sys.platform == "win32":
        return None
    pattern = "sans-serif:lang=ko" + (":weight=bold" if bold else "")
    try:
        out = subprocess.run(
            [fc_match, "-f", "%{file}\t%{index}\t%{lang}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    file, _, rest = out.partition("\t")
    index, _, langs = rest.partition("\t")
    if not file or not Path(file).is_file() or "ko" not in langs.split("|"):
        return None  # a font without Hangul would draw boxes: better the known paths
    return file, int(index or 0)


@lru_cache(maxsize=8)
def _face(path: str, index: int, *, bold: bool) -> Face:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        cmap = font.getBestCmap()
        metrics = font["hmtx"].metrics
        upem = float(font["head"].unitsPerEm)
        family = font["name"].getDebugName(16) or font["name"].getDebugName(1) or Path(path).stem
        hhea = font["hhea"]
    except (OSError, TTLibError, KeyError, AttributeError) as exc:
        raise ExportOptionError(f"{path}: cannot read the font: {exc}") from exc
    if not cmap:
        raise ExportOptionError(f"{path}: the font maps no characters")
    widths = {code: metrics[glyph][0] / upem for code, glyph in cmap.items() if glyph in metrics}
    for code in (0x09, 0x0A, 0x0D):
        widths.setdefault(code, 0.0)
    font.close()
    return Face(
        path=path,
        index=index,
        family=family,
        bold=bold,
        widths=widths,
        ascent=hhea.ascent / upem,
        descent=-hhea.descent / upem,
    )


def _estimated(bold: bool) -> Face:
    """Widths by script when no font file is found: generous, so text never overflows."""
    widths: dict[int, float] = dict.fromkeys(range(32, 127), 0.62)
    widths.update(dict.fromkeys(map(ord, " .,;:'!|ijlI()[]"), 0.3))
    widths.update(dict.fromkeys(map(ord, "MWmw@%&"), 0.8))
    widths.update(dict.fromkeys(range(44032, 55204), 1.0))
    return Face(path=None, index=0, family="sans-serif", bold=bold, widths=widths, missing=1.05)


@lru_cache(maxsize=16)
def _subset(path: str, index: int, text: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []  # no kerning, no ligatures: what was measured is what is drawn
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    options.hinting = False
    font = TTFont(path, fontNumber=index, lazy=True)
    for tag in _UNUSED_TABLES:  # dropped before the subsetter reads them: the layout tables cost the most
        if tag in font:
            del font[tag]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + "…+−→·★!?%")
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    font.close()
    return buffer.getvalue()


#: Tables the picture never needs: layout (kerning, ligatures), vertical metrics, the baseline table.
_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx", "kern", "DSIG")


def characters(texts: Iterable[str]) -> str:
    """Every character of ``texts``, once."""
    seen: set[str] = set()
    for text in texts:
        seen.update(text)
    return "".join(sorted(seen))
