"""The Markdown map: every text of seed 000's V1.0 table, labels shown, table intact."""

from __future__ import annotations

import re

from cjm.exporters.markdown import LABEL_MARKS, render
from cjm.model import Journey, JourneyBuilder, Label, Persona
from tests.conftest import DATA
from tests.exporters.test_mermaid import surveyed


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


def _section(text: str, heading: str) -> list[str]:
    """The lines of the section under ``heading`` (up to the next heading)."""
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line]


def test_emotions_are_said_as_measured_with_n_and_interval(seed_journey: Journey) -> None:
    journey = surveyed(seed_journey)
    rows = _section(render(journey), "## 감정 (-2 … 2)")
    assert rows[0] == "| 여정 단계 | 페르소나 | 감정 |  |"
    assert len(rows) == 2 + len(journey.stages)
    assert (
        rows[2] == "| 인지/탐색 |  | 🟩 0.32, n=100, 95% 구간 -0.07 … 0.69 | CSAT 58.0 [48.2, 67.2] n=100 |"
    )
    for row, stage in zip(rows[2:], journey.stages, strict=True):
        emotion = journey.emotion(stage.id)
        assert emotion is not None
        assert row.startswith(f"| {stage.name} |  | 🟩 {emotion.score:g}, n={emotion.n}, 95% 구간 ")


def _partly_measured(language: str) -> Journey:
    return (
        JourneyBuilder(id="j", title="J", language=language)
        .persona(Persona(id="ann", name="Ann"))
        .stage("a", "A")
        .stage("b", "B")
        .lane("feel", "Feel", kind="emotions")
        .emotion("a", 1.5, n=40, low=1.1, high=1.9, note="glad", label=Label.FACT)
        .emotion("b", -1, persona="ann")
        .build()
    )


def test_a_stage_without_a_score_is_not_measured_never_neutral() -> None:
    text = render(_partly_measured("en"))
    assert _section(text, "## Emotion (-2 … 2)")[2:] == [
        "| A |  | 🟩 1.5, n=40, 95% interval 1.1 … 1.9 | glad |",
        "| A | Ann | not measured |  |",
        "| B |  | not measured |  |",
        "| B | Ann | 🟨 -1 |  |",
    ]
    map_rows = {line.split(" | ")[0]: line for line in text.splitlines() if line.startswith("| **")}
    assert map_rows["| **A**"] == "| **A** | 🟩 1.5, n=40, 95% interval 1.1 … 1.9 (glad) |"
    assert map_rows["| **B**"] == "| **B** | 🟨 Ann: -1 |"
    korean = render(_partly_measured("ko"))
    assert "| B |  | 측정 안 됨 |  |" in korean
    assert "95% 구간 1.1 … 1.9" in korean


def test_an_unmeasured_emotion_lane_says_so() -> None:
    journey = JourneyBuilder(id="j", title="J").stage("a", "A").lane("feel", "Feel", kind="emotions").build()
    text = render(journey)
    assert "| **A** | not measured |" in text.splitlines()
    assert _section(text, "## Emotion (-2 … 2)") == ["emotion not measured"]


def test_no_emotion_section_where_the_map_has_no_emotions(seed_journey: Journey) -> None:
    assert not any(line.startswith("## 감정") for line in render(seed_journey).splitlines())
