"""How much room a text takes in a cell: column widths and wrapped line counts.

Excel does not fit row heights to wrapped text when it opens a file, so cjm
computes them.  Widths are in Excel's column units (the width of the digit 0
in the default font, about 7 pixels).  A Hangul or other East Asian wide
glyph takes about twice the room of a Latin letter; the counts below err on
the wide side, so a row is a little too tall rather than cut off.
"""

from __future__ import annotations

import re

__all__ = ["LINE_HEIGHT", "PADDING", "display_width", "line_count", "row_height"]

#: Points per line of 10-point text, including the line gap of the Korean fonts
#: (Malgun Gothic in Excel; Noto Sans CJK, LibreOffice's fallback, is the taller).
LINE_HEIGHT = 14.6
#: Points added above and below the text of a cell.
PADDING = 4.0
#: Room lost to the cell's inner margins, in column units.
CELL_MARGIN = 1.2

_WIDE_RE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U0001f300-\U0001faff"
    "\U00020000-\U0003fffd]"
)
#: Width of a wide (East Asian) glyph, an upper-case Latin letter and a narrow one (i, l, t,
#: space …), in column units; any other character counts 1.
WIDE = 1.9
UPPER = 1.15
NARROW = 0.6
_DROP_NARROW = str.maketrans("", "", " .,;:'!|ijlrtf()[]-")
_DROP_UPPER = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ@%&mw")


def display_width(text: str) -> float:
    """Width of one line of ``text`` in column units (string methods only: it runs per VOC row)."""
    length = len(text)
    narrow = length - len(text.translate(_DROP_NARROW))
    upper = length - len(text.translate(_DROP_UPPER))
    width = length + (UPPER - 1.0) * upper - (1.0 - NARROW) * narrow
    if not text.isascii():
        width += (WIDE - 1.0) * len(_WIDE_RE.findall(text))
    return width


def _wrap_count(paragraph: str, room: float) -> int:
    """Lines a paragraph takes when wrapped at spaces (and inside a word too long for a line)."""
    if not paragraph:
        return 1
    lines = 1
    used = 0.0
    for index, word in enumerate(paragraph.split(" ")):
        width = display_width(word)
        gap = 1.0 if index and used else 0.0
        if used + gap + width <= room:
            used += gap + width
            continue
        if used:
            lines += 1
            used = 0.0
        while width > room:  # a run longer than the line breaks anywhere
            lines += 1
            width -= room
        used = width
    return lines


def line_count(text: str, column_width: float) -> int:
    """Lines ``text`` takes in a wrapped cell ``column_width`` units wide."""
    room = max(column_width - CELL_MARGIN, 1.0)
    return sum(_wrap_count(p, room) for p in text.split("\n"))


def row_height(lines: int, scale: float = 1.0) -> float:
    """Row height in points for ``lines`` lines of text (``scale`` for a font other than 10 pt)."""
    return round(max(lines, 1) * LINE_HEIGHT * scale + PADDING, 1)
