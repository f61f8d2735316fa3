"""Control characters in a journey's text are errors with their field path; tabs and line breaks pass.

So no output ever carries a raw NUL or an ESC sequence to whoever opens or
prints it: ``cjm export`` validates first and writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import cjm
from cjm.io import dumps
from cjm.validate import validate
from cjm.validate.text import control_characters
from tests.conftest import SEED_EXAMPLE
from tests.hostile.conftest import cli, listing


def seed_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(dumps(cjm.load(SEED_EXAMPLE), "json"))
    return document


def write_json(folder: Path, document: dict[str, Any]) -> Path:
    path = folder / "journey.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def first_cell(document: dict[str, Any]) -> tuple[str, str, list[Any]]:
    for stage, lanes in document["cells"].items():
        for lane, items in lanes.items():
            if items:
                return stage, lane, items
    raise AssertionError("no cell")


def test_each_control_character_is_an_error_with_its_field_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = seed_document()
    document["stages"][2]["name"] = "주문\x1b[2J\x00"
    document["personas"][0]["name"] = "C1\x85"
    document["title"] = "over\rwritten"
    stage, lane, items = first_cell(document)
    if isinstance(items[0], str):
        items[0] = "bell\x07"
    else:
        items[0]["text"] = "bell\x07"
    path = write_json(tmp_path, document)
    code, out, err = cli(capsys, "validate", path)
    assert code == 1
    assert "stages[2].name: error: control characters U+0000, U+001B (first at character 3)" in err
    assert "personas[0].name: error: a control character U+0085" in err
    assert "title: error: a control character U+000D" in err
    assert f"cells.{stage}.{lane}[0]" in err
    assert "U+0007" in err
    assert f"{path}: invalid, 4 errors" in err
    assert out == ""


def test_tabs_newlines_and_windows_line_breaks_pass(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = seed_document()
    document["description"] = "첫 줄\r\n둘째 줄\n\t들여쓴 줄\r\n"
    document["stages"][0]["name"] = "인지\t탐색"
    code, out, err = cli(capsys, "validate", write_json(tmp_path, document))
    assert code == 0, err
    assert "valid" in out


@pytest.mark.parametrize(
    "char", [chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0))]
)
def test_every_c0_and_c1_control_is_refused(char: str) -> None:
    journey = cjm.load(SEED_EXAMPLE)
    stages = list(journey.stages)
    stages[1] = attrs.evolve(stages[1], name=f"a{char}b")
    [finding] = control_characters(attrs.evolve(journey, stages=tuple(stages)))
    assert finding.path == ("stages", 1, "name")
    assert f"U+{ord(char):04X}" in finding.message


def test_export_refuses_and_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = seed_document()
    document["stages"][0]["name"] = "\x1b]0;owned\x07인지"
    path = write_json(tmp_path, document)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    old = out_dir / "map.md"
    old.write_text("the user's map\n", encoding="utf-8")
    for fmt, name in (("markdown", "map.md"), ("mermaid", "map.mmd"), ("xlsx", "map.xlsx")):
        code, _, err = cli(capsys, "export", path, "-f", fmt, "-o", out_dir / name)
        assert code == 1
        assert "stages[0].name: error: control characters U+0007, U+001B" in err
    assert listing(out_dir) == ["map.md"]
    assert old.read_text(encoding="utf-8") == "the user's map\n"


def test_yaml_escapes_are_caught_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = SEED_EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "journey.yaml"
    path.write_text(text.replace("title: ", 'title: "\\e[31m" # ', 1), encoding="utf-8")
    assert "\\e[31m" in path.read_text(encoding="utf-8")
    code, _, err = cli(capsys, "validate", path)
    assert code == 1
    assert "title: error: a control character U+001B" in err


def test_a_clean_journey_has_no_finding() -> None:
    assert [f for f in validate(cjm.load(SEED_EXAMPLE)) if f.rule == "control-character"] == []
