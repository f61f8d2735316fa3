"""Journey -> xlsx -> journey compares equal, for the map and the template, in both layouts."""

from __future__ import annotations

import io
import zipfile

import attrs
import pytest
from hypothesis import given

import cjm
from cjm.io.workbook import changes, read_workbook
from cjm.model import Item, Journey
from tests.io.workbook_editing import workbook_bytes
from tests.strategies import journeys


@given(journeys())
def test_any_journey_reads_back_equal(journey: Journey) -> None:
    for layout in ("grid", "wall"):
        data = workbook_bytes(journey, layout=layout)
        assert read_workbook(io.BytesIO(data)) == journey
        # merged into the journey it came from, the workbook changes nothing
        assert read_workbook(io.BytesIO(data), into=journey) == journey


@given(journeys())
def test_any_template_reads_back_equal(journey: Journey) -> None:
    data = workbook_bytes(journey, template=True)
    assert read_workbook(io.BytesIO(data)) == journey


@pytest.mark.parametrize("layout", ["grid", "wall"])
@pytest.mark.parametrize("template", [False, True])
@pytest.mark.parametrize("language", ["ko", "en"])
def test_examples_read_back_equal(
    seed_journey: Journey, b2b_journey: Journey, layout: str, template: bool, language: str
) -> None:
    for journey in (seed_journey, b2b_journey):
        data = workbook_bytes(journey, layout=layout, template=template, language=language)
        back = read_workbook(io.BytesIO(data))
        assert changes(journey, back) == []
        assert back == journey


def _journey_with(*texts: str) -> Journey:
    builder = cjm.JourneyBuilder(id="t", title="텍스트 시험", language="ko").stage("s", "단계")
    builder.lane("l", "레인", kind="actions")
    for text in texts:
        builder.add("s", "l", text)
    return builder.build()


TRICKY = [
    "=SUM(A1:A3)",
    "+82 10 1234 5678",
    "-3 dB",
    "@dealer",
    '=HYPERLINK("http://example.com")',
    "줄 하나\n줄 둘",
    "  앞뒤 공백  ",
    "windows\r\nline break",
    "literal _x0041_ escape",
    "emoji 😀🏥 and 한글",
    "tab\tinside",
    "1.0",
    "2026-01-01",
    "TRUE",
    "#N/A",
    "가" * 20_000,
]


def test_text_excel_would_misread_is_written_as_text_and_reads_back_identical() -> None:
    journey = _journey_with(*TRICKY)
    data = workbook_bytes(journey)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        for name in sheets:
            xml = package.read(name).decode("utf-8")
            assert "<f>" not in xml, f"{name} holds a formula"
            assert "<f " not in xml, f"{name} holds a formula"
    back = read_workbook(io.BytesIO(data))
    assert [i.text for i in back.items("s", "l")] == TRICKY


def test_control_characters_in_a_workbook_are_refused_naming_the_cell() -> None:
    """Excel holds them (as _x001B_ escapes), but a journey may not (cjm.validate.text)."""
    data = workbook_bytes(_journey_with("ok", "carriage\rreturn", "control \x01\x07\x1b chars"))
    with pytest.raises(cjm.ValidationError) as caught:
        read_workbook(io.BytesIO(data))
    problems = [str(f) for f in caught.value.findings]
    assert len(problems) == 2, problems
    assert "cells.s.l[1].text: error: a control character U+000D" in problems[0]
    assert "cells.s.l[2].text: error: control characters U+0001, U+0007, U+001B" in problems[1]


def test_a_text_longer_than_a_cell_is_refused_naming_where() -> None:
    journey = _journey_with("ok", "x" * 40_000)
    with pytest.raises(cjm.InputError) as caught:
        workbook_bytes(journey)
    (finding,) = caught.value.findings
    assert finding.path == ("cells", "s", "l", 1, "text")
    assert "32767" in finding.message
    assert "40000" in finding.message


def test_every_text_over_the_limit_is_reported_at_once() -> None:
    journey = _journey_with("y" * 33_000, "z" * 33_000)
    evidence = [
        cjm.Evidence(id=f"ev-{i}", method="interview", source_role="dealer", summary="s" * 33_000)
        for i in range(2)
    ]
    journey = attrs.evolve(journey, evidence=evidence)
    with pytest.raises(cjm.InputError) as caught:
        workbook_bytes(journey)
    assert len(caught.value.findings) == 4


def test_a_text_that_is_the_clear_marker_is_refused() -> None:
    with pytest.raises(cjm.InputError, match="clear marker"):
        workbook_bytes(_journey_with("(삭제)"))


def test_export_through_the_registry_leaves_no_file_on_error(tmp_path: object) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "map.xlsx"
    with pytest.raises(cjm.InputError):
        cjm.export(_journey_with("x" * 40_000), "xlsx", target)
    assert not target.exists()
    assert list(Path(str(tmp_path)).iterdir()) == []


def test_a_float_needing_17_digits_reads_back_exactly() -> None:
    journey = (
        cjm.JourneyBuilder(id="f", title="f").stage("s", "S").emotion("s", 5.960464477539063e-08).build()
    )
    back = read_workbook(io.BytesIO(workbook_bytes(journey)))
    assert back.emotions[0].score == 5.960464477539063e-08


def test_items_keep_their_ids_and_positions(seed_journey: Journey) -> None:
    with_ids = dict(seed_journey.cells)
    stage = next(iter(with_ids))
    lanes = dict(with_ids[stage])
    lane = next(iter(lanes))
    lanes[lane] = (Item(id="first-one", text="첫 항목", label="fact"), *lanes[lane])
    with_ids[stage] = lanes
    journey = attrs.evolve(seed_journey, cells=with_ids)
    back = read_workbook(io.BytesIO(workbook_bytes(journey)))
    assert back.items(stage, lane)[0].id == "first-one"
    assert back == journey
