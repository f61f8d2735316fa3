"""Breaking text into lines that fit a width, measured in the face that draws them.

Words (runs between spaces) stay whole, as Korean typesetting keeps an
어절 together (CSS ``word-break: keep-all``); a word wider than the line breaks
between characters.  At most ``max_lines`` lines are made; text left over is
cut and the last line ends in "…".

The work is bounded whatever the input: only as many characters are looked
at as ``max_lines`` lines could hold, so a 5 MB field costs what a short one
does.
"""

from __future__ import annotations

import attrs

from cjm.exporters.visual.fonts import Face, FontSet
from cjm.exporters.visual.scene import TextBlock

__all__ = ["ELLIPSIS", "Typesetter", "Wrapped", "wrap"]

ELLIPSIS = "…"
#: The narrowest advance any character is assumed to have, in ems (a space, a period).
_NARROWEST = 0.2


@attrs.frozen
class Wrapped:
    """Lines of text, and whether the text was cut to fit."""

    lines: tuple[str, ...]
    cut: bool


def wrap(text: str, face: Face, size: float, width: float, max_lines: int) -> Wrapped:
    """``text`` broken into at most ``max_lines`` lines no wider than ``width`` px."""
    max_lines = max(1, max_lines)
    budget = int(max_lines * (width / (size * _NARROWEST) + 2)) + 1
    head = text[:budget]
    cut_early = len(text) > budget
    lines: list[str] = []
    paragraphs = head.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n")
    for paragraph in paragraphs:
        room = max_lines + 1 - len(lines)  # one line more than fits tells that the text goes on
        if room <= 0:
            break
        lines.extend(_paragraph(" ".join(paragraph.split()), face, size, width, room))
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    cut = cut_early or len(lines) > max_lines
    lines = lines[:max_lines]
    if cut:
        lines[-1] = _with_ellipsis(lines[-1], face, size, width)
    return Wrapped(tuple(lines), cut)


def _paragraph(paragraph: str, face: Face, size: float, width: float, limit: int) -> list[str]:
    if not paragraph:
        return [""]
    lines: list[str] = []
    current = ""
    for word in paragraph.split(" "):
        candidate = f"{current} {word}" if current else word
        if face.width(candidate, size, width) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            if len(lines) >= limit:
                return lines
            current = ""
        while face.width(word, size, width) > width:  # a word wider than the line breaks anywhere
            head = _longest_prefix(word, face, size, width)
            lines.append(word[:head])
            if len(lines) >= limit:
                return lines
            word = word[head:]
        current = word
    lines.append(current)
    return lines


def _longest_prefix(text: str, face: Face, size: float, width: float) -> int:
    """How many leading characters of ``text`` fit ``width`` (at least one): a binary search."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if face.width(text[:middle], size, width) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _with_ellipsis(line: str, face: Face, size: float, width: float) -> str:
    """``line`` shortened until it and an ellipsis fit ``width``: a binary search on the kept length."""
    line = line.rstrip()
    low, high = 0, len(line)
    while low < high:
        middle = (low + high + 1) // 2
        if face.width(line[:middle] + ELLIPSIS, size, width) <= width:
            low = middle
        else:
            high = middle - 1
    return line[:low].rstrip() + ELLIPSIS


class Typesetter:
    """Text blocks measured and broken in a font set's faces."""

    def __init__(self, fonts: FontSet, line_height: float = 1.3) -> None:
        self.fonts = fonts
        self.line_height = line_height

    def block(
        self,
        text: str,
        x: float,
        top: float,
        width: float,
        size: float,
        *,
        bold: bool = False,
        lines: int = 3,
        colour: str = "1F2937",
        anchor: str = "start",
        italic: bool = False,
    ) -> TextBlock:
        """``text`` broken to ``width`` in at most ``lines`` lines, its first line's top at ``top``."""
        face = self.fonts.face(bold)
        wrapped = wrap(text, face, size, width, lines)
        return TextBlock(
            x=x,
            y=top + face.baseline(size, self.line_height),
            lines=wrapped.lines,
            size=size,
            bold=bold,
            colour=colour,
            anchor=anchor,
            line_height=self.line_height,
            italic=italic,
            source=text,
            width=width,
            cut=wrapped.cut,
        )

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of one line of ``text`` at ``size`` px."""
        return self.fonts.face(bold).width(text, size)
