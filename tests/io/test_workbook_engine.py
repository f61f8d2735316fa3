"""The xlsx engine: text escaping, the streaming writer, and the reader's view of cells."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjm.io.xlsx_engine import (
    BulkRow,
    BulkSheet,
    Formula,
    XlsxReader,
    column_index,
    column_letter,
    escape_text,
    save,
    unescape_text,
)
from tests.io.xlsx_fixtures import MAIN, minimal_xlsx

_ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)


@given(_ANY_TEXT)
def test_escaping_round_trips_every_text(text: str) -> None:
    escaped = escape_text(text)
    assert unescape_text(escaped) == text
    assert not any(ord(c) < 0x20 and c not in "\t\n" for c in escaped)


def test_escapes_match_what_excel_writes() -> None:
    assert escape_text("a\x01b") == "a_x0001_b"
    assert escape_text("_x0041_") == "_x005F_x0041_"
    assert escape_text("line\r\nbreak") == "line_x000D_\nbreak"
    assert unescape_text("_x005F_x0041_") == "_x0041_"


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (16383, "XFD")])
def test_column_letters(index: int, letters: str) -> None:
    assert column_letter(index) == letters
    assert column_index(letters) == index


def _read(data: bytes) -> list[tuple[int, dict[int, object]]]:
    with XlsxReader(io.BytesIO(data), name="t.xlsx") as reader:
        return list(reader.rows(reader.sheets[0]))


def test_shared_rich_and_phonetic_strings() -> None:
    strings = (
        f'<sst xmlns="{MAIN}"><si><t>plain</t></si>'
        "<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></si>"
        '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>'
        '<si><t xml:space="preserve">  _x0001_ </t></si></sst>'
    )
    sheet = (
        '<row r="1">' + "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCD")) + "</row>"
    )
    assert _read(minimal_xlsx(sheet, shared_strings=strings)) == [
        (1, {0: "plain", 1: "rich text", 2: "漢字", 3: "  \x01 "})
    ]


def test_dates_from_number_formats_in_both_date_systems() -> None:
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="yyyy&quot;년&quot; m&quot;월&quot; d&quot;일&quot;"/></numFmts>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
        '<xf numFmtId="22"/></cellXfs>'
        "</styleSheet>"
    )
    sheet = (
        '<row r="1"><c r="A1"><v>45000</v></c><c r="B1" s="1"><v>45000</v></c>'
        '<c r="C1" s="2"><v>45001</v></c><c r="D1" s="3"><v>45000.5</v></c></row>'
    )
    rows = _read(minimal_xlsx(sheet, styles=styles))
    assert rows == [
        (1, {0: 45000.0, 1: dt.date(2023, 3, 15), 2: dt.date(2023, 3, 16), 3: dt.datetime(2023, 3, 15, 12)})
    ]
    rows_1904 = _read(minimal_xlsx(sheet, styles=styles, workbook_pr='<workbookPr date1904="1"/>'))
    assert rows_1904[0][1][1] == dt.date(2027, 3, 16)


def test_formulas_come_as_their_text_never_their_result() -> None:
    sheet = (
        '<row r="1"><c r="A1"><f>SUM(B1:C1)</f><v>3</v></c><c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
        '<c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#N/A</v></c></row>'
        '<row r="2"><c r="A2"><f t="shared" si="0" ref="A2:A3">B2*2</f><v>4</v></c></row>'
        '<row r="3"><c r="A3"><f t="shared" si="0"/><v>6</v></c></row>'
    )
    with XlsxReader(io.BytesIO(minimal_xlsx(sheet)), name="t.xlsx") as reader:
        rows = list(reader.rows(reader.sheets[0]))
        problems = reader.problems
    first = rows[0][1]
    assert first[0] == "=SUM(B1:C1)"
    assert isinstance(first[0], Formula)
    assert first[1] == '="a"&"b"'
    assert first[2] is True
    assert first[3] == "#N/A"
    assert rows[1][1][0] == "=B2*2"
    assert len(rows) == 2  # the copied formula has no text: reported, not guessed
    assert problems[0].source == "t.xlsx Sheet1!A3"
    assert "copied from another cell" in problems[0].message


def test_cells_and_rows_without_references_and_prefixed_namespaces() -> None:
    sheet = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is>'
        '</x:c><x:c><x:v>2</x:v></x:c></x:row><x:row r="3"><x:c r="C3"><x:v>3</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    assert _read(minimal_xlsx(sheet)) == [(1, {0: "a", 1: 2.0}), (3, {2: 3.0})]


def test_the_streaming_writer_puts_rows_where_the_style_rows_were() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Log"
    ws["A1"] = "id"
    ws["B1"] = "when"
    ws["C1"] = "score"
    from openpyxl.styles import Font

    for col in (1, 2, 3):
        ws.cell(row=2, column=col).font = Font(bold=True)
        ws.cell(row=3, column=col).font = Font(italic=True)
    ws.cell(row=2, column=2).number_format = "yyyy-mm-dd"
    rows = [
        BulkRow(0, ["=not a formula", dt.date(2025, 1, 2), 0.1 + 0.2], 30.0),
        BulkRow(1, ["  spaced \x02", None, 5]),
    ]
    out = io.BytesIO()
    save(wb, out, [BulkSheet(title="Log", first_row=2, columns=3, variants=2, row_count=2, rows=rows)])
    back = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["Log"]
    assert back["A2"].value == "=not a formula"
    assert back["A2"].data_type == "s"
    assert back["A2"].font.b
    assert back["B2"].value == dt.datetime(2025, 1, 2)
    assert back.row_dimensions[2].height == 30
    assert back["A3"].font.i
    assert back["A3"].value == "  spaced _x0002_"
    assert back.max_row == 3
    assert _read(out.getvalue())[1:] == [
        (2, {0: "=not a formula", 1: dt.date(2025, 1, 2), 2: 0.30000000000000004}),
        (3, {0: "  spaced \x02", 2: 5.0}),
    ]
