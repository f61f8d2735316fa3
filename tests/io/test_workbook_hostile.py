"""Untrusted workbooks: each hostile or broken one gives a clear error, fast, in bounded memory."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

import cjm
from cjm.io.workbook import read_workbook
from cjm.io.xlsx_engine import Limits, XlsxReader
from tests.io.workbook_editing import workbook_bytes
from tests.io.xlsx_fixtures import MAIN, minimal_xlsx, repack

#: Loose bounds: a refusal must not take the time or memory the attack asks for.
MAX_SECONDS = 3.0
MAX_PEAK_BYTES = 32 << 20

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    + f']><worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c>'
    "</row></sheetData></worksheet>"
)


@contextmanager
def bounded() -> Iterator[None]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < MAX_SECONDS, f"took {elapsed:.1f} s"
        assert peak < MAX_PEAK_BYTES, f"peak {peak / 1e6:.1f} MB"


def read_all(data: bytes, limits: Limits | None = None) -> None:
    with XlsxReader(io.BytesIO(data), name="hostile.xlsx", limits=limits) as reader:
        for sheet in reader.sheets:
            for _ in reader.rows(sheet):
                pass


def refused(data: bytes, *expected: str, limits: Limits | None = None) -> cjm.LoadError:
    with bounded(), pytest.raises(cjm.LoadError) as caught:
        read_all(data, limits)
    text = str(caught.value)
    assert text.startswith("hostile.xlsx: cannot read the workbook")
    for part in expected:
        assert part in text, text
    return caught.value


@pytest.fixture(scope="module")
def genuine(seed_journey_module: cjm.Journey) -> bytes:
    return workbook_bytes(seed_journey_module)


@pytest.fixture(scope="module")
def seed_journey_module() -> cjm.Journey:
    from tests.conftest import SEED_EXAMPLE

    return cjm.load(SEED_EXAMPLE)


def test_entity_expansion_in_a_sheet_is_refused() -> None:
    refused(minimal_xlsx(BILLION_LAUGHS), "document type or entities", "entity expansion", "Sheet1")


def test_entity_expansion_in_the_shared_strings_is_refused() -> None:
    strings = BILLION_LAUGHS.replace("<worksheet", "<sst").replace("</worksheet>", "</sst>")
    sheet = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    refused(minimal_xlsx(sheet, shared_strings=strings), "document type or entities")


def test_a_doctype_in_the_workbook_part_is_refused(genuine: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(genuine)) as package:
        xml = package.read("xl/workbook.xml")
    hostile = xml.replace(b"<workbook", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><workbook', 1)
    refused(repack(genuine, replace={"xl/workbook.xml": hostile}), "document type or entities")


def test_a_truncated_zip_is_refused(genuine: bytes) -> None:
    refused(genuine[: len(genuine) // 2], "not a complete zip package", "truncated")


def test_a_file_that_is_no_zip_at_all_is_refused() -> None:
    refused(b"id,summary\nev-1,not a workbook\n", "not an .xlsx workbook")


def test_an_encrypted_or_legacy_workbook_is_named_as_such() -> None:
    refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "encrypted workbook or an old .xls")


def test_corrupt_sheet_xml_is_refused_naming_the_sheet_and_the_cell() -> None:
    broken = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ok</t></is></c>'
    broken += '<c r="B1"><v>1</v></row></sheetData></worksheet>'  # </c> missing
    error = refused(minimal_xlsx(broken), "not well-formed XML", "mismatched tag", "line 1")
    assert error.findings[0].source == "hostile.xlsx Sheet1!B1"


def test_a_missing_sheet_part_is_refused_naming_the_sheet(genuine: bytes) -> None:
    refused(repack(genuine, drop=("xl/worksheets/sheet2.xml",)), "sheet '", "is missing", "incomplete")


def test_a_missing_sheet_part_is_refused_by_read_workbook_too(genuine: bytes) -> None:
    with pytest.raises(cjm.LoadError, match="is missing"):
        read_workbook(io.BytesIO(repack(genuine, drop=("xl/worksheets/sheet3.xml",))))


def _declare_size(data: bytes, part: str, size: int) -> bytes:
    """The package with ``part``'s declared inflated size changed in both zip headers."""
    buffer = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo(part)
    struct.pack_into("<I", buffer, info.header_offset + 22, size)  # local file header
    name = part.encode()
    position = 0
    while True:
        position = buffer.find(b"PK\x01\x02", position)
        if position < 0:
            raise AssertionError("no central directory entry")
        name_length = struct.unpack_from("<H", buffer, position + 28)[0]
        if bytes(buffer[position + 46 : position + 46 + name_length]) == name:
            struct.pack_into("<I", buffer, position + 24, size)
            return bytes(buffer)
        position += 4


def test_huge_shared_strings_are_refused_before_being_read() -> None:
    sheet = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    strings = f'<sst xmlns="{MAIN}"><si><t>a</t></si></sst>'
    data = _declare_size(minimal_xlsx(sheet, shared_strings=strings), "xl/sharedStrings.xml", 300 << 20)
    refused(data, "xl/sharedStrings.xml inflates to 314572800 bytes")


def test_shared_strings_over_the_limit_are_refused_in_bounded_memory() -> None:
    sheet = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    strings = (
        f'<sst xmlns="{MAIN}">'
        + "".join(f"<si><t>{i:08d} 공유 문자열</t></si>" for i in range(200_000))
        + "</sst>"
    )
    limits = Limits(max_shared_strings_bytes=1 << 20)
    refused(minimal_xlsx(sheet, shared_strings=strings), "at most 1048576", limits=limits)


def test_a_part_that_inflates_beyond_what_it_declares_is_refused() -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 20_000))
    data = minimal_xlsx(rows)
    lying = _declare_size(data, "xl/worksheets/sheet1.xml", 1000)
    refused(lying, "xl/worksheets/sheet1.xml")


def test_a_zip_bomb_is_refused_by_its_ratio() -> None:
    padding = '<row r="1"><c r="A1"><v>0</v></c></row>' + " " * (40 << 20)
    refused(minimal_xlsx(padding), "inflates", "zip bomb")


def test_a_cell_longer_than_excel_allows_is_refused() -> None:
    cell = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"x" * 40_000}</t></is></c></row>'
    error = refused(minimal_xlsx(cell), "more than 32767 characters")
    assert error.findings[0].source == "hostile.xlsx Sheet1!A1"


def test_a_workbook_cjm_did_not_write_is_named_as_such() -> None:
    data = minimal_xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>hello</t></is></c></row>')
    with pytest.raises(cjm.LoadError, match="not a workbook cjm wrote"):
        read_workbook(io.BytesIO(data))


@pytest.mark.parametrize(
    ("find", "replace"),
    [
        (b'<c r="A', b'<c r="A!'),
        (b'<row r="3"', b'<row r="1"'),
        (b't="n"><v>', b't="n"><v>x'),
    ],
    ids=["bad cell reference", "rows out of order", "not a number"],
)
def test_malformed_cells_are_refused_with_the_cell(genuine: bytes, find: bytes, replace: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(genuine)) as package:
        part, xml = next(
            (name, package.read(name))
            for name in package.namelist()
            if name.startswith("xl/worksheets/sheet") and find in package.read(name)
        )
    error = refused(repack(genuine, replace={part: xml.replace(find, replace, 1)}))
    assert error.findings[0].source is not None
    assert "!" in error.findings[0].source
