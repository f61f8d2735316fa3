"""Journeys as YAML and JSON: lossless round trips, stable text, and errors that say where."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given

import cjm
from cjm.io import dumps, load, loads, read, save
from cjm.model import Journey
from tests.strategies import journeys


@given(journeys())
def test_yaml_round_trip(journey: Journey) -> None:
    assert loads(dumps(journey, "yaml"), format="yaml") == journey


@given(journeys())
def test_json_round_trip(journey: Journey) -> None:
    assert loads(dumps(journey, "json"), format="json") == journey


@given(journeys())
def test_dump_is_stable(journey: Journey) -> None:
    text = dumps(journey)
    assert dumps(loads(text)) == text


def test_korean_is_written_as_is(seed_journey: Journey) -> None:
    text = dumps(seed_journey)
    assert "인지/탐색" in text
    assert "\\u" not in text
    assert "인지/탐색" in dumps(seed_journey, "json")


def test_example_file_is_in_canonical_form(seed_journey: Journey) -> None:
    """Saving the bundled example changes nothing, so hand edits diff cleanly."""
    from tests.conftest import SEED_EXAMPLE

    assert dumps(seed_journey) == SEED_EXAMPLE.read_text(encoding="utf-8")


def test_fields_come_in_model_order(small_journey: Journey) -> None:
    keys = [line.split(":")[0] for line in dumps(small_journey).splitlines() if line and line[0].isalpha()]
    assert keys[:3] == ["id", "title", "language"]
    assert keys.index("stages") < keys.index("lanes") < keys.index("cells") < keys.index("evidence")


def test_labels_are_always_written(small_journey: Journey) -> None:
    data = json.loads(dumps(small_journey, "json"))
    assert data["cells"]["find"]["touch"][0] == {"id": "web", "text": "Website", "label": "hypothesis"}


def test_save_and_load(tmp_path: Path, small_journey: Journey) -> None:
    for name in ("j.yaml", "j.yml", "j.json"):
        save(small_journey, tmp_path / name)
        assert load(tmp_path / name) == small_journey


def _problems(text: str, fmt: str = "yaml") -> list[str]:
    with pytest.raises(cjm.InputError) as caught:
        loads(text, format=fmt, name="j." + fmt)
    return [str(f) for f in caught.value.findings]


def test_malformed_yaml_names_the_line() -> None:
    [problem] = _problems("id: x\ntitle: [unclosed\nstages: []\n")
    assert problem.startswith("j.yaml:3")
    assert "syntax" in problem


def test_wrong_types_are_all_reported_with_lines() -> None:
    text = """id: x
title: T
version: 1.0
stages:
  - id: a
    name: 3
  - name: B
lanes:
  - id: l
    name: L
    kind: feelings
pain_points:
  - id: p
    stage: a
    text: t
    severity: 7
opportunities:
  - id: o
    text: t
    quick_fix: "yes"
"""
    problems = _problems(text)
    assert len(problems) == 6, problems
    expected = [
        ("j.yaml:3 version", "expected text, got the number 1.0 (put it in quotes)"),
        ("j.yaml:6 stages[0].name", "expected text"),
        ("j.yaml:7 stages[1].id", "required field 'id' is missing"),
        ("j.yaml:11 lanes[0].kind", "expected one of touchpoints"),
        ("j.yaml:16 pain_points[0].severity", "from 1 to 5"),
        ("j.yaml:20 opportunities[0].quick_fix", "expected true or false"),
    ]
    for (where, what), problem in zip(expected, problems, strict=True):
        assert problem.startswith(where), problem
        assert what in problem, problem


def test_unknown_fields_are_refused() -> None:
    [problem] = _problems("id: x\ntitle: T\nstages:\n  - id: a\n    name: A\n    colour: red\n")
    assert problem.startswith("j.yaml:6 stages[0].colour")
    assert "unknown field 'colour'" in problem


def test_duplicate_keys_are_refused() -> None:
    [problem] = _problems("id: x\ntitle: T\ntitle: U\n")
    assert problem.startswith("j.yaml:3 title")
    assert "first at line 2" in problem


def test_unknown_and_duplicate_ids_come_together() -> None:
    text = """id: x
title: T
stages:
  - id: a
    name: A
  - id: a
    name: A again
lanes:
  - id: l
    name: L
    kind: text
cells:
  b:
    l:
      - text: orphan
        label: hypothesis
        evidence: [ev-9]
"""
    with pytest.raises(cjm.ValidationError) as caught:
        loads(text, name="j.yaml")
    problems = [str(f) for f in caught.value.findings]
    assert any(p.startswith("j.yaml:6 stages[1]") and "used twice" in p for p in problems), problems
    assert any(p.startswith("j.yaml:13 cells.b") and "no stage with id 'b'" in p for p in problems), problems
    assert any(p.startswith("j.yaml:17 cells.b.l[0].evidence[0]") for p in problems), problems


def test_aliases_are_refused() -> None:
    [problem] = _problems("id: &a x\ntitle: *a\n")
    assert "aliases" in problem
    assert problem.startswith("j.yaml:2")


def test_empty_and_non_mapping_documents() -> None:
    assert "empty" in _problems("")[0]
    assert "expected a mapping" in _problems("- a\n- b\n")[0]


def test_json_errors_name_the_line() -> None:
    [problem] = _problems('{\n  "id": "x",\n  "title": \n}', "json")
    assert problem.startswith("j.json:4")
    problems = _problems('{\n  "id": "x",\n  "title": "T",\n  "stages": [{"id": "a"}]\n}', "json")
    assert problems[0].startswith("j.json:4 stages[0].name")


def test_json_duplicate_keys_are_refused() -> None:
    assert "duplicate key 'id'" in _problems('{"id": "x", "id": "y", "title": "T"}', "json")[0]


def test_schema_key_is_accepted_in_json(small_journey: Journey) -> None:
    data = json.loads(dumps(small_journey, "json"))
    assert loads(json.dumps({"$schema": "journey.schema.json", **data}), format="json") == small_journey


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "j.yaml"
    path.write_bytes("id: x\ntitle: 인지\n".encode("cp949"))
    with pytest.raises(cjm.LoadError, match="not UTF-8"):
        load(path)


def test_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(cjm.LoadError, match=r"\.yaml, \.yml, \.json"):
        load(tmp_path / "j.txt")


def test_read_returns_positions(tmp_path: Path, small_journey: Journey) -> None:
    save(small_journey, tmp_path / "j.yaml")
    journey, source = read(tmp_path / "j.yaml")
    assert journey == small_journey
    assert source.locate(("stages", 1, "name")).startswith(str(tmp_path / "j.yaml") + ":")


def test_save_is_atomic(tmp_path: Path, small_journey: Journey, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "j.yaml"
    path.write_text("the user's earlier file\n", encoding="utf-8")

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        save(small_journey, path)
    assert path.read_text(encoding="utf-8") == "the user's earlier file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.yaml"]


def test_save_into_missing_folder(tmp_path: Path, small_journey: Journey) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        save(small_journey, tmp_path / "nope" / "j.yaml")
