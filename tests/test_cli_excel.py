"""``cjm template`` and ``cjm import``: what they print, what they write, and their exit status."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cjm
from cjm.cli import main
from cjm.io.workbook import layout as L
from tests.conftest import SEED_EXAMPLE
from tests.io.workbook_editing import Book


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def journey_file(tmp_path: Path) -> Path:
    path = tmp_path / "journey.yaml"
    shutil.copy(SEED_EXAMPLE, path)
    return path


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_template_from_a_preset(tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str) -> None:
    out_path = tmp_path / "t.xlsx"
    code, out, _ = run(
        capsys, "template", "--preset", "b2b-dealer", "--lang", lang, "--output", str(out_path)
    )
    assert code == 0
    assert "6 stages, 8 lanes" in out
    book = Book(out_path.read_bytes())
    assert book.sheet(L.Role.MAP).title == ("지도" if lang == "ko" else "Map")
    assert cjm.io.workbook.read_workbook(out_path).stages == cjm.preset_journey("b2b-dealer", lang).stages


def test_template_from_a_journey_carries_its_content(
    journey_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "t.xlsx"
    code, _, _ = run(capsys, "template", str(journey_file), "-o", str(out_path), "--layout", "wall")
    assert code == 0
    assert Book(out_path.read_bytes()).map_cell("touchpoints", "awareness", "text", 0).value == "학회"


@pytest.mark.parametrize(
    "argv",
    [
        ["template", "--output", "t.xlsx"],
        ["template", "x.yaml", "--preset", "aidma", "--output", "t.xlsx"],
        ["template", "--preset", "aidma", "--output", "t.pptx"],
        ["import", "map.xlsx"],
        ["import", "map.xlsx", "--into", "journey.txt"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(tmp_path / a) if a.endswith(("xlsx", "pptx")) else a for a in argv]
    try:
        code = main(paths)
    except SystemExit as exited:  # argparse refuses a bad argument itself
        code = exited.code  # type: ignore[assignment]
    assert code == 2
    assert capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_import_dry_run_says_no_changes_and_writes_nothing(
    journey_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = tmp_path / "map.xlsx"
    assert run(capsys, "export", str(journey_file), "-o", str(workbook))[0] == 0
    before = journey_file.read_bytes()
    code, out, _ = run(capsys, "import", str(workbook), "--into", str(journey_file), "--dry-run")
    assert (code, out) == (0, "no changes\n")
    assert journey_file.read_bytes() == before


def test_import_merges_into_the_journey_file(
    journey_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "t.xlsx"
    run(capsys, "template", str(journey_file), "-o", str(template))
    book = Book(template.read_bytes())
    book.set_map("evaluation", "dealer", "label", 0, "사실")
    book.set_table(L.Role.EVIDENCE, 0, "method", "인터뷰")
    book.set_table(L.Role.EVIDENCE, 0, "source_role", "dealer")
    book.save(template)

    code, out, _ = run(capsys, "import", str(template), "--into", str(journey_file), "--dry-run")
    assert code == 0
    assert "~ label" in out
    assert "hypothesis → fact" in out
    assert "+ evidence      ev-1" in out

    new_file = tmp_path / "v2.yaml"
    code, out, _ = run(
        capsys, "import", str(template), "--into", str(journey_file), "--output", str(new_file)
    )
    assert code == 0
    assert "2 changes" in out
    assert cjm.load(new_file).evidence[0].source_role == "dealer"
    assert cjm.load(journey_file).evidence == ()  # --output leaves the journey file alone

    code, out, _ = run(capsys, "import", str(template), "--into", str(journey_file))
    assert code == 0
    assert cjm.load(journey_file).items("evaluation", "dealer")[0].label.value == "fact"


def test_import_reports_every_cell_and_writes_nothing(
    journey_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "t.xlsx"
    run(capsys, "template", str(journey_file), "-o", str(template))
    book = Book(template.read_bytes())
    book.set_map("evaluation", "dealer", "label", 0, "maybe")
    book.set_table(L.Role.EVIDENCE, 0, "method", "interview")
    book.set_table(L.Role.EVIDENCE, 0, "source_role", "dealer")
    book.set_table(L.Role.EVIDENCE, 0, "date", "yesterday")
    book.save(template)
    before = journey_file.read_bytes()
    code, _, err = run(capsys, "import", str(template), "--into", str(journey_file))
    assert code == 1
    assert "t.xlsx 지도!" in err
    assert "t.xlsx 증거 로그!B3" in err
    assert "expected a date" in err
    assert journey_file.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journey.yaml", "t.xlsx"]


def test_import_a_whole_workbook_to_a_new_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = tmp_path / "map.xlsx"
    run(capsys, "export", str(SEED_EXAMPLE), "-o", str(workbook), "--option", "layout=wall")
    code, _out, _ = run(capsys, "import", str(workbook), "--output", str(tmp_path / "back.json"))
    assert code == 0
    assert cjm.load(tmp_path / "back.json") == cjm.load(SEED_EXAMPLE)


def test_import_a_broken_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    code, _, err = run(capsys, "import", str(broken), "--output", str(tmp_path / "out.yaml"))
    assert code == 1
    assert "not a complete zip package" in err
    assert not (tmp_path / "out.yaml").exists()


def test_building_the_parser_does_not_import_openpyxl() -> None:
    # every `cjm` command builds the whole parser: the Excel commands import openpyxl only when run
    code = (
        "import cjm.cli, sys; cjm.cli.build_parser(); "
        "print(sorted(m for m in ('openpyxl',) if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_layouts_are_one_constant() -> None:
    from cjm.exporters.excel import LAYOUTS

    assert LAYOUTS is L.LAYOUTS == ("grid", "wall")
