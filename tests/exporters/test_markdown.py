"""The Markdown map: every text of seed 000's V1.0 table, labels shown, table intact."""

from __future__ import annotations

import re

from cjm.exporters.markdown import LABEL_MARKS, render
from cjm.model import Journey, JourneyBuilder, Label
from tests.conftest import DATA


def _squash(text: str) -> str:
    """Compare text regardless of spacing and of the separators the map splits cells on."""
    return re.sub(r"[\s,.:]", "", text)


def seed_fragments() -> list[str]:
    rows = (DATA / "seed000_v1_table.tsv").read_text(encoding="utf-8").splitlines()
    fragments = []
    for row in rows[1:]:
        for cell in row.split("\t"):
            fragments += [f for f in re.split(r"[,.]\s*|\s+(?=\d차)|(?<=%)\s+", cell) if f.strip()]
    return fragments


def test_every_text_of_the_seed_table_appears(seed_journey: Journey) -> None:
    text = _squash(render(seed_journey))
    missing = [f for f in seed_fragments() if _squash(f) not in text]
    assert missing == []
    assert len(seed_fragments()) >= 150


def test_the_map_is_one_table_with_a_row_per_stage(seed_journey: Journey) -> None:
    lines = render(seed_journey).splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| 여정 단계"))
    rows = lines[header + 2 : header + 2 + len(seed_journey.stages)]
    assert [row.split(" | ")[0] for row in rows] == [f"| **{s.name}**" for s in seed_journey.stages]
    columns = len(seed_journey.lanes) + 1
    assert all(row.count(" | ") == columns - 1 for row in rows)


def test_labels_are_marked_with_a_legend(small_journey: Journey) -> None:
    text = render(small_journey)
    assert f"{LABEL_MARKS[Label.FACT]} Compares offers" in text
    assert "🟨 Hypothesis · 🟩 Fact · 🟦 Idea" in text
    assert "🟨 가설" in render(small_journey, language="ko")


def test_derived_lanes_show_their_records(small_journey: Journey) -> None:
    row = next(line for line in render(small_journey).splitlines() if line.startswith("| **Buy**"))
    assert "Y<br>OTD" in row
    assert "Delivery is late" in row
    assert "OTD 70%" in row
    assert "Live tracking" in row
    assert "-2 (late)" in row


def test_pipes_and_newlines_do_not_break_the_table() -> None:
    journey = (
        JourneyBuilder(id="j", title="J")
        .stage("s", "S")
        .lane("l", "L", kind="text")
        .add("s", "l", "a | b\nsecond line")
        .build()
    )
    row = next(line for line in render(journey).splitlines() if line.startswith("| **S**"))
    assert row == "| **S** | 🟨 a \\| b<br>second line |"
