"""Text measuring and fitting: how wide a line is, how tall a block, where to cut.

PowerPoint does not tell a file writer how text will wrap, and a table row
simply grows until the table runs off the slide.  So every text is measured
here before it is placed: a width per character (Hangul and other East Asian
characters count one em, about twice a Latin letter; Latin letters use Arial's
widths), words wrapped greedily, lines stacked at a line height that suits the
script.  The estimate errs on the wide side, so what fits here fits when
PowerPoint or LibreOffice draws it.

A block that does not fit is first shrunk, one half point at a time, down to a
floor (a legible minimum); below the floor it is cut, at a paragraph or line
boundary, and the rest continues on a continuation slide.  Nothing here knows
python-pptx: sizes are points, results are plain data, so the rules are easy to
test.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import attrs

__all__ = [
    "BOLD_FACTOR",
    "Block",
    "Cell",
    "Para",
    "Row",
    "Span",
    "Table",
    "TablePage",
    "block_height",
    "fit_size",
    "has_wide",
    "line_height",
    "sizes",
    "split_block",
    "text_width",
    "wrap",
]

#: Latin advance widths in thousandths of an em (Arial / Liberation Sans), ASCII 32..126.
_ARIAL = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # space .. /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0 .. ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ .. O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P .. _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` .. o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p .. ~
)  # fmt: skip

#: Width of a full-width character (CJK ideographs, kana, symbols, emoji) in ems.
WIDE_EM = 1.0
#: Width of a Hangul syllable in ems (Malgun Gothic and Noto Sans CJK KR: about 0.92).
HANGUL_EM = 0.96
#: Width of any other narrow character (accented Latin, Greek, Cyrillic …) in ems.
OTHER_EM = 0.62
#: Space LibreOffice adds where Hangul meets Latin letters or digits ("autospace"), in ems.
SCRIPT_GAP_EM = 0.25
#: Measured widths are multiplied by this margin, so an estimate is never short.
SAFETY = 1.05
#: Bold text is this much wider than regular text.
BOLD_FACTOR = 1.07
#: Line height as a multiple of the font size, for Latin-only lines and for lines with
#: East Asian text (CJK fonts such as Malgun Gothic and Noto Sans CJK have tall line boxes).
LATIN_LINE = 1.22
WIDE_LINE = 1.48


def _is_wide(code: int) -> bool:
    return (
        0x1100 <= code <= 0x11FF  # Hangul Jamo
        or 0x2190 <= code <= 0x2BFF  # arrows, math symbols, boxes, shapes, dingbats
        or 0x2E80 <= code <= 0xA4CF  # CJK radicals .. Yi, incl. Hangul compatibility Jamo, kana, CJK
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # CJK compatibility forms
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or code >= 0x1F000  # emoji and other supplementary-plane symbols
        or code >= 0x20000  # CJK extension planes
    )


@lru_cache(maxsize=4096)
def _char_em(char: str) -> float:
    code = ord(char)
    if 32 <= code <= 126:
        return _ARIAL[code - 32] / 1000
    if 0xAC00 <= code <= 0xD7AF:
        return HANGUL_EM
    if _is_wide(code):
        return WIDE_EM
    if code in (0x00B7, 0x2022, 0x2026):  # middle dot, bullet, ellipsis: may be set in the EA font
        return WIDE_EM
    if code < 32:
        return 0.0
    return OTHER_EM


def has_wide(text: str) -> bool:
    """True if ``text`` has a character drawn full-width (Hangul, CJK, symbols)."""
    return any(ord(c) >= 0x1100 and _is_wide(ord(c)) for c in text)


def _ems(text: str, cap: float = math.inf) -> float:
    """Width of ``text`` in ems, with a gap wherever Hangul and Latin letters or digits meet.

    Counting stops once the width passes ``cap``: a caller asking "does it fit?"
    need not measure a 3,000-character word to the end.
    """
    total = 0.0
    previous = 0  # 1: Hangul, 2: Latin letter or digit, 0: anything else
    for char in text:
        total += _char_em(char)
        kind = 1 if "\uac00" <= char <= "\ud7af" else 2 if char.isascii() and char.isalnum() else 0
        if kind and previous and kind != previous:
            total += SCRIPT_GAP_EM
        if kind or char == " ":
            previous = kind
        if total > cap:
            break
    return total


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of ``text`` on one line at ``size`` points, in points, with the safety margin."""
    return _ems(text) * size * SAFETY * (BOLD_FACTOR if bold else 1.0)


def line_height(text: str, size: float) -> float:
    """Height of one line of ``text`` at ``size`` points."""
    return size * (WIDE_LINE if has_wide(text) else LATIN_LINE)


@lru_cache(maxsize=16384)
def wrap(text: str, width: float, size: float, *, bold: bool = False) -> tuple[tuple[int, int], ...]:
    """Where ``text`` breaks into lines ``width`` points wide: (start, end) offsets of each line.

    Lines break at spaces; a word wider than the line is broken between
    characters.  A newline in the text always starts a new line.  The offsets
    let a caller cut the text exactly, without losing a character.  Results
    are cached: a deck measures the same text at several sizes and pages.
    """
    factor = size * SAFETY * (BOLD_FACTOR if bold else 1.0)
    limit = width / factor if factor > 0 else math.inf  # the line width in ems
    lines: list[tuple[int, int]] = []
    start = 0
    for hard in text.split("\n"):
        end_of_hard = start + len(hard)
        _wrap_hard(text, start, end_of_hard, limit, lines)
        start = end_of_hard + 1
    return tuple(lines)


def _wrap_hard(text: str, start: int, stop: int, limit: float, lines: list[tuple[int, int]]) -> None:
    """Wrap ``text[start:stop]`` (no newlines) greedily into ``lines``."""
    if start == stop:
        lines.append((start, stop))
        return
    line_start = start
    used = 0.0
    pos = start
    while pos < stop:
        # the next word: spaces before it belong to the line it follows
        word_end = pos
        while word_end < stop and text[word_end] != " ":
            word_end += 1
        spaces_end = word_end
        while spaces_end < stop and text[spaces_end] == " ":
            spaces_end += 1
        word = _ems(text[pos:word_end], cap=limit - used)
        if used + word <= limit:
            used += word + sum(_char_em(c) for c in text[word_end:spaces_end])
            pos = spaces_end
            continue
        if pos > line_start:  # the word goes to the next line
            lines.append((line_start, pos))
            line_start, used = pos, 0.0
            continue
        # a word longer than a whole line: break it between characters
        cut = pos
        while cut < word_end and (used + _char_em(text[cut]) <= limit or cut == pos):
            used += _char_em(text[cut])
            cut += 1
        lines.append((line_start, cut))
        line_start, pos, used = cut, cut, 0.0
    if line_start < stop or not lines:
        lines.append((line_start, stop))


@attrs.frozen
class Span:
    """A run of text in one style; ``colour`` is an RGB hex string or a theme colour name."""

    text: str
    bold: bool = False
    colour: str | None = None
    italic: bool = False


@attrs.frozen
class Para:
    """A paragraph: spans, an optional bullet in a colour, an alignment ('l', 'ctr', 'r')."""

    spans: tuple[Span, ...]
    bullet: str | None = None
    bullet_colour: str | None = None
    align: str | None = None
    scale: float = 1.0  # size relative to the block's size, e.g. 0.85 for a small caption

    @classmethod
    def of(
        cls,
        text: str,
        *,
        bold: bool = False,
        colour: str | None = None,
        italic: bool = False,
        bullet: str | None = None,
        bullet_colour: str | None = None,
        align: str | None = None,
        scale: float = 1.0,
    ) -> Para:
        """A paragraph of one span: ``Para.of("text", bold=True)``."""
        return cls(
            spans=(Span(text, bold=bold, colour=colour, italic=italic),),
            bullet=bullet,
            bullet_colour=bullet_colour,
            align=align,
            scale=scale,
        )

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    @property
    def bold(self) -> bool:
        """True if the widest reading applies: any span is bold."""
        return any(span.bold for span in self.spans)

    def indent(self, size: float) -> float:
        """Points the text is indented by for its bullet."""
        return bullet_indent(size * self.scale) if self.bullet else 0.0

    def lines(self, width: float, size: float) -> tuple[tuple[int, int], ...]:
        """Line offsets of this paragraph in a column ``width`` points wide."""
        own = size * self.scale
        return wrap(self.text, max(width - self.indent(size), own), own, bold=self.bold)

    def height(self, width: float, size: float) -> float:
        """Height of the paragraph in points."""
        return len(self.lines(width, size)) * line_height(self.text, size * self.scale)

    def split_at(self, head_end: int, tail_start: int | None = None) -> tuple[Para, Para]:
        """This paragraph cut in two, each keeping its spans' styles.

        The head ends at character ``head_end``, the tail starts at
        ``tail_start`` (default: the same place); what lies between is the
        space or newline the line break consumed.
        """
        start = head_end if tail_start is None else tail_start
        head: list[Span] = []
        tail: list[Span] = []
        pos = 0
        for span in self.spans:
            end = pos + len(span.text)
            if pos < head_end:
                head.append(attrs.evolve(span, text=span.text[: head_end - pos]))
            if end > start:
                tail.append(attrs.evolve(span, text=span.text[max(0, start - pos) :]))
            pos = end
        return (
            attrs.evolve(self, spans=tuple(s for s in head if s.text)),
            attrs.evolve(self, spans=tuple(s for s in tail if s.text)),
        )


def bullet_indent(size: float) -> float:
    """Hanging indent for a bullet at ``size`` points."""
    return round(size * 1.1, 1)


#: A block of text: the paragraphs of a text box or table cell.
Block = tuple[Para, ...]

#: Space before each paragraph of a block but the first, as a fraction of the size.
PARA_GAP = 0.15


def block_height(block: Block, width: float, size: float) -> float:
    """Height of ``block`` set ``width`` points wide at ``size`` points."""
    if not block:
        return 0.0
    lines = sum(para.height(width, size) for para in block)
    return lines + PARA_GAP * size * (len(block) - 1)


def sizes(largest: float, floor: float, step: float = 0.5) -> list[float]:
    """Font sizes to try, from ``largest`` down by ``step``, ending exactly at ``floor``.

    No size is below ``floor``: where the steps do not land on it (``largest``
    not a whole number of steps above it), the last step is shorter.
    """
    if largest <= floor:
        return [floor]
    above = math.ceil(round((largest - floor) / step, 9))  # the sizes above the floor
    return [*(largest - step * i for i in range(above)), floor]


def fit_size(block: Block, width: float, height: float, largest: float, floor: float) -> float | None:
    """The largest size from ``largest`` down to ``floor`` at which ``block`` fits, or None."""
    for size in sizes(largest, floor):
        if block_height(block, width, size) <= height:
            return size
    return None


def split_block(block: Block, width: float, height: float, size: float) -> tuple[Block, Block]:
    """Cut ``block`` so the head fits in ``height``; the tail continues elsewhere.

    Cuts between paragraphs where possible, else between lines of a paragraph.
    The head holds at least one line, so a caller always makes progress.
    """
    head: list[Para] = []
    used = 0.0
    for index, para in enumerate(block):
        gap = PARA_GAP * size if head else 0.0
        para_height = para.height(width, size)
        if used + gap + para_height <= height:
            head.append(para)
            used += gap + para_height
            continue
        room = height - used - gap
        lines = para.lines(width, size)
        per_line = line_height(para.text, size * para.scale)
        fitting = int(room // per_line) if room > 0 else 0
        if fitting <= 0 and head:
            return tuple(head), tuple(block[index:])
        fitting = max(fitting, 1)
        if fitting >= len(lines):  # pragma: no cover - the paragraph would have fitted
            head.append(para)
            return tuple(head), tuple(block[index + 1 :])
        first, rest = para.split_at(lines[fitting - 1][1], lines[fitting][0])
        tail = (rest, *block[index + 1 :]) if rest.spans else tuple(block[index + 1 :])
        return (*head, first), tail
    return tuple(head), ()


# --- tables ------------------------------------------------------------------------

#: Cell margins in points: left/right and top/bottom.
CELL_MARGIN_X = 4.0
CELL_MARGIN_Y = 2.5
#: The mark of a continued row label when a table names none (a deck names its own).
CONTINUED = " (cont.)"


@attrs.frozen
class Cell:
    """A table cell: its text, its fill, and whether it repeats when its row is cut."""

    block: Block = ()
    fill: str | None = None
    repeat: bool = False  # row labels repeat on the continuation of a cut row
    anchor: str = "t"  # vertical anchor: t, ctr, b


@attrs.frozen
class Row:
    """A table row; ``min_height`` (points) leaves room to write."""

    cells: tuple[Cell, ...]
    min_height: float = 0.0


@attrs.frozen
class TablePage:
    """The rows of a table on one slide, with the height of each row in points."""

    rows: tuple[Row, ...]
    heights: tuple[float, ...]

    @property
    def height(self) -> float:
        return sum(self.heights)


@attrs.frozen
class Table:
    """A table to lay out: column widths (points), a header repeated on every page, rows.

    ``continued`` is appended to a repeated row label when a row is cut
    across slides, e.g. " (계속)"; None leaves it to the deck, which writes
    its own word (:data:`CONTINUED` outside a deck).
    """

    widths: tuple[float, ...]
    rows: tuple[Row, ...]
    header: Row | None = None
    continued: str | None = None

    def row_height(self, row: Row, size: float) -> float:
        tallest = max(
            (
                block_height(c.block, w - 2 * CELL_MARGIN_X, size)
                for c, w in zip(row.cells, self.widths, strict=True)
            ),
            default=0.0,
        )
        return max(tallest + 2 * CELL_MARGIN_Y, row.min_height, size * LATIN_LINE + 2 * CELL_MARGIN_Y)

    def height(self, size: float) -> float:
        """Height of the whole table on one page at ``size``."""
        rows = (self.header, *self.rows) if self.header else self.rows
        return sum(self.row_height(row, size) for row in rows)

    def clipped(self, size: float, page: float) -> Table:
        """This table with its repeated text kept short enough to repeat on pages ``page`` tall.

        The header may take a third of a page and a row label half of one; text
        beyond that (a stage name of a thousand characters) is cut with "…".
        Everything else is cut for continuation, never lost.  A table with
        nothing to cut is returned as it is.
        """
        clipped = False

        def clip(cell: Cell, width: float, most: float) -> Cell:
            nonlocal clipped
            inner = width - 2 * CELL_MARGIN_X
            room = most - 2 * CELL_MARGIN_Y
            if block_height(cell.block, inner, size) <= room:
                return cell
            clipped = True
            head, _ = split_block(cell.block, inner, max(room - size * WIDE_LINE, 0.0), size)
            return attrs.evolve(cell, block=_mark_continued(head, "…"))

        header = self.header
        if header is not None:
            cells = tuple(clip(c, w, page / 3) for c, w in zip(header.cells, self.widths, strict=True))
            header = attrs.evolve(header, cells=cells)
        rows = tuple(
            attrs.evolve(
                row,
                cells=tuple(
                    clip(c, w, page / 2) if c.repeat else c
                    for c, w in zip(row.cells, self.widths, strict=True)
                ),
            )
            for row in self.rows
        )
        return attrs.evolve(self, header=header, rows=rows) if clipped else self

    def fit(self, height: float, largest: float, floor: float) -> float | None:
        """The largest size at which the table fits on one page ``height`` tall, or None."""
        for size in sizes(largest, floor):
            if self.clipped(size, height).height(size) <= height:
                return size
        return None

    def pages(self, size: float, heights: Callable[[int], float]) -> list[TablePage]:
        """Lay the rows out on pages; page ``i`` is ``heights(i)`` points tall.

        A row that does not fit in the space left starts a new page; a row
        taller than a whole page is cut, its repeating cells repeated with
        :attr:`continued`, the rest of its text carried to the next page.
        """
        return self.clipped(size, heights(0))._paginate(size, heights)

    def _paginate(self, size: float, heights: Callable[[int], float]) -> list[TablePage]:
        """:meth:`pages` of a table already clipped."""
        pages: list[TablePage] = []
        header_height = self.row_height(self.header, size) if self.header else 0.0
        pending = deque(self.rows)
        current: list[Row] = []
        current_heights: list[float] = []
        used = 0.0  # the sum of current_heights

        def close() -> None:
            nonlocal current, current_heights, used
            head = (self.header,) if self.header else ()
            head_heights = (header_height,) if self.header else ()
            pages.append(TablePage(rows=(*head, *current), heights=(*head_heights, *current_heights)))
            current, current_heights, used = [], [], 0.0

        while pending:
            row = pending.popleft()
            room = heights(len(pages)) - header_height - used
            needed = self.row_height(row, size)
            if needed <= room:
                current.append(row)
                current_heights.append(needed)
                used += needed
                continue
            empty_room = heights(len(pages) + (1 if current else 0)) - header_height
            # a cut row still carries its repeated cells (the row label) whole: it needs their height
            least = max(3 * size * WIDE_LINE, self._repeated_height(row, size))
            if current and (needed <= empty_room or room < least):
                close()  # start the row on a fresh page
                pending.appendleft(row)
                continue
            head, tail = self._cut(row, max(room, least), size)
            current.append(head)
            current_heights.append(self.row_height(head, size))
            close()
            if any(cell.block for cell in tail.cells if not cell.repeat):
                pending.appendleft(tail)
        if current or not pages:
            close()
        return pages

    def _repeated_height(self, row: Row, size: float) -> float:
        """Height of ``row``'s repeated cells alone (what every page of a cut row shows)."""
        repeated = tuple(cell if cell.repeat else attrs.evolve(cell, block=()) for cell in row.cells)
        return self.row_height(Row(cells=repeated), size)

    def _cut(self, row: Row, room: float, size: float) -> tuple[Row, Row]:
        inner = room - 2 * CELL_MARGIN_Y
        mark = CONTINUED if self.continued is None else self.continued
        heads: list[Cell] = []
        tails: list[Cell] = []
        for cell, width in zip(row.cells, self.widths, strict=True):
            if cell.repeat:
                heads.append(cell)
                tails.append(attrs.evolve(cell, block=_mark_continued(cell.block, mark)))
                continue
            head, tail = split_block(cell.block, width - 2 * CELL_MARGIN_X, inner, size)
            heads.append(attrs.evolve(cell, block=head))
            tails.append(attrs.evolve(cell, block=tail))
        rest = max(0.0, row.min_height - room)
        return Row(cells=tuple(heads), min_height=min(row.min_height, room)), Row(
            cells=tuple(tails), min_height=rest
        )


def _mark_continued(block: Block, mark: str) -> Block:
    if not block or block[-1].text.endswith(mark):
        return block
    last = block[-1]
    return (*block[:-1], attrs.evolve(last, spans=(*last.spans, Span(mark, colour=None))))


def paginate_blocks(
    blocks: Sequence[Block], width: float, heights: Callable[[int], float], size: float
) -> list[Block]:
    """Text blocks stacked on pages ``width`` wide, cut where a page is full."""
    pages: list[Block] = []
    current: list[Para] = []
    for block in blocks:
        current.extend(block)
    rest: Block = tuple(current)
    while rest:
        head, rest = split_block(rest, width, heights(len(pages)), size)
        pages.append(head)
    return pages or [()]


def longest(texts: Iterable[str], size: float, *, bold: bool = False) -> float:
    """Width of the widest of ``texts`` on one line."""
    return max((text_width(t, size, bold=bold) for t in texts), default=0.0)
