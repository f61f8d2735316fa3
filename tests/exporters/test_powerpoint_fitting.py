"""Text measuring and fitting: widths, wrapping, shrinking to a floor, cutting for continuation."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm.exporters.powerpoint.fitting import (
    Cell,
    Para,
    Row,
    Span,
    Table,
    block_height,
    fit_size,
    line_height,
    sizes,
    split_block,
    text_width,
    wrap,
)

texts = st.text(
    alphabet=st.sampled_from(list("abc XYZ 123 가나다 한국어 ·,.()/-😀\n")), min_size=0, max_size=400
)


def test_hangul_is_about_twice_as_wide_as_latin() -> None:
    latin = text_width("abcdefghij", 10)
    hangul = text_width("가나다라마바사아자차", 10)
    assert 1.6 < hangul / latin < 2.2


def test_bold_is_wider_and_sizes_scale() -> None:
    assert text_width("Label", 10, bold=True) > text_width("Label", 10)
    assert text_width("Label", 20) == pytest.approx(2 * text_width("Label", 10))


def test_east_asian_lines_are_taller() -> None:
    assert line_height("한국어", 10) > line_height("Latin", 10)


def test_wrap_breaks_at_spaces_and_inside_long_words() -> None:
    text = "one two three " + "x" * 80
    lines = wrap(text, 60, 10)
    assert next(text[a:b] for a, b in lines) == "one two "
    assert all(text_width(text[a:b].rstrip(), 10) <= 60 for a, b in lines)
    assert "".join(text[a:b] for a, b in lines) == text


def test_newlines_always_break() -> None:
    assert len(wrap("a\nb\n\nc", 500, 10)) == 4


@given(texts, st.floats(min_value=20, max_value=400))
def test_wrapping_keeps_every_character_in_order(text: str, width: float) -> None:
    lines = wrap(text, width, 10)
    rebuilt = "\n".join(text[a:b] for a, b in lines)
    assert rebuilt.replace("\n", "") == text.replace("\n", "")
    starts = [a for a, _ in lines]
    assert starts == sorted(starts)


def test_fit_shrinks_to_the_floor_then_gives_up() -> None:
    block = (Para.of("word " * 40),)
    assert fit_size(block, 400, 200, 14, 9) == 14
    tight = fit_size(block, 200, 60, 14, 9)
    assert tight is not None
    assert 9 <= tight < 14
    assert fit_size(block, 100, 20, 14, 9) is None
    assert sizes(12, 9) == [12, 11.5, 11, 10.5, 10, 9.5, 9]


def test_sizes_end_exactly_at_the_floor() -> None:
    assert sizes(27.3, 16)[-3:] == [pytest.approx(16.8), pytest.approx(16.3), 16]
    assert sizes(8.73, 7) == [pytest.approx(x) for x in (8.73, 8.23, 7.73, 7.23)] + [7]
    assert sizes(9, 9) == [9]
    assert sizes(8, 9) == [9]


@given(
    st.integers(min_value=100, max_value=8000),
    st.integers(min_value=100, max_value=8000),
    st.sampled_from([0.25, 0.5, 1.0]),
)
def test_sizes_step_down_and_never_below_the_floor(largest: int, floor: int, step: float) -> None:
    top, bottom = largest / 100, floor / 100  # sizes in hundredths of a point
    found = sizes(top, bottom, step)
    assert found[-1] == bottom
    assert min(found) == bottom
    assert found[0] == max(top, bottom)
    gaps = [a - b for a, b in pairwise(found)]
    assert all(0 < gap <= step + 1e-9 for gap in gaps)
    assert all(gap == pytest.approx(step) for gap in gaps[:-1])


@given(st.lists(texts, min_size=1, max_size=6), st.floats(min_value=30, max_value=300))
def test_a_cut_block_loses_nothing(paragraphs: list[str], height: float) -> None:
    block = tuple(Para(spans=(Span(p),), bullet="●") for p in paragraphs if p.strip())
    rest = block
    pieces = []
    for _ in range(500):
        if not rest:
            break
        head, rest = split_block(rest, 150, height, 10)
        assert head, "every cut makes progress"
        pieces.append(head)
    assert not rest

    def squash(paras: tuple[Para, ...]) -> str:
        return "".join(p.text for p in paras).replace(" ", "").replace("\n", "")

    assert "".join(squash(p) for p in pieces) == squash(block)
    for head in pieces[:-1]:
        assert block_height(head, 150, 10) <= max(height, line_height("가", 10) * 1.01) + 1e-6


def test_a_table_continues_on_more_pages_and_repeats_labels() -> None:
    long = Cell(block=(Para.of("긴 내용 " * 400),))
    rows = (
        Row(cells=(Cell(block=(Para.of("Lane"),), repeat=True), long)),
        Row(cells=(Cell(block=(Para.of("Next"),), repeat=True), Cell(block=(Para.of("short"),)))),
    )
    header = Row(cells=(Cell(block=(Para.of("h1"),)), Cell(block=(Para.of("h2"),))))
    table = Table(widths=(80.0, 300.0), rows=rows, header=header, continued=" (cont.)")
    assert table.fit(300, 12, 9) is None
    pages = table.pages(9, lambda _: 300.0)
    assert len(pages) >= 3
    assert all(page.rows[0] is header for page in pages)
    assert all(page.height <= 300.0 + 1e-6 for page in pages)
    labels = [page.rows[1].cells[0].block[0].text for page in pages]
    assert labels[0] == "Lane"
    assert all(label == "Lane (cont.)" for label in labels[1:-1])
    assert pages[-1].rows[-1].cells[0].block[0].text == "Next"


def test_a_cut_row_with_a_tall_label_starts_a_new_page_rather_than_run_off() -> None:
    """A row label clipped to half a page is repeated whole on each page of its row: a page with
    less room left than the label is closed first (Hypothesis found a 5,000-character lane name
    running 0.5 in off the overview slide)."""
    tall_label = Cell(block=(Para.of("가" * 5000, bold=True),), repeat=True)
    second = Row(cells=(tall_label, Cell(block=(Para.of("긴 내용 " * 600),))))
    for words in range(20, 200, 10):  # the first row leaves every amount of room
        content = Cell(block=(Para.of("짧은 내용 " * words),))
        first = Row(cells=(Cell(block=(Para.of("a"),), repeat=True), content))
        table = Table(widths=(90.0, 300.0), rows=(first, second))
        for page in table.pages(9, lambda _: 300.0):
            assert page.height <= 300.0 + 1e-6, words


def test_room_to_write_is_kept_but_never_loops() -> None:
    rows = tuple(Row(cells=(Cell(), Cell()), min_height=120.0) for _ in range(5))
    table = Table(widths=(50.0, 50.0), rows=rows)
    pages = table.pages(10, lambda _: 250.0)
    assert [len(p.rows) for p in pages] == [2, 2, 1]
    tall = Table(widths=(50.0, 50.0), rows=(Row(cells=(Cell(), Cell()), min_height=900.0),))
    assert len(tall.pages(10, lambda _: 250.0)) == 1
