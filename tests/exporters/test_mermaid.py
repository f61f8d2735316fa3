"""The Mermaid journey diagram: sections per stage, scores mapped to 1..5, syntax-safe text."""

from __future__ import annotations

import itertools
import re

import pytest

from cjm.exporters.mermaid import render, task_score
from cjm.model import Journey, JourneyBuilder, Persona, Scale
from cjm.voc.survey import emotions_from_scores, score_file
from tests.conftest import EXAMPLES

SURVEY = EXAMPLES / "medical_device_dealer" / "survey_responses.csv"


def surveyed(journey: Journey) -> Journey:
    """``journey`` with its emotion curve from the example's survey, as ``cjm survey`` writes it."""
    result = score_file(SURVEY, stages=[s.id for s in journey.stages])
    return emotions_from_scores(journey, result, source=SURVEY)[0]


def _comments(text: str) -> dict[str, str]:
    """Each section's ``%%`` comment, by section name, with the comment's stage name taken off."""
    out: dict[str, str] = {}
    lines = text.splitlines()
    for line, following in itertools.pairwise(lines):
        if line.startswith("    section "):
            name = line.removeprefix("    section ")
            assert following.startswith(f"    %% {name}: "), following
            out[name] = following.removeprefix(f"    %% {name}: ")
    return out


def _journey(scale: Scale, *scores: float) -> Journey:
    builder = JourneyBuilder(id="j", title="J", emotion_scale=scale).lane(
        "a", "A", kind="actions", actor="dealer"
    )
    for index, score in enumerate(scores):
        builder.stage(f"s{index}", f"S{index}").emotion(f"s{index}", score).add(
            f"s{index}", "a", f"task {index}"
        )
    return builder.build()


@pytest.mark.parametrize(
    ("scale", "score", "expected"),
    [
        (Scale(), -2, 1),
        (Scale(), -1, 2),
        (Scale(), 0, 3),
        (Scale(), 1, 4),
        (Scale(), 2, 5),
        (Scale(low=1, high=5), 3, 3),
        (Scale(low=0, high=10), 10, 5),
        (Scale(low=0, high=10), 0, 1),
    ],
)
def test_scores_map_linearly_onto_one_to_five(scale: Scale, score: float, expected: int) -> None:
    assert task_score(_journey(scale, score), "s0") == expected


def test_diagram_sections_and_tasks(small_journey: Journey) -> None:
    lines = render(small_journey).splitlines()
    assert lines[:2] == ["journey", "    title Small journey"]
    assert "    section Find" in lines
    assert "      Compares offers: 4: end user" in lines
    assert "      Orders | pays: 1: end user" in lines


def test_a_journey_without_emotions_says_so_and_draws_neutral(seed_journey: Journey) -> None:
    assert not seed_journey.emotions
    text = render(seed_journey)
    assert text.splitlines()[1] == f"    title {seed_journey.title} (감정 측정 안 됨)"
    comments = _comments(text)
    assert list(comments) == [s.name for s in seed_journey.stages]
    assert set(comments.values()) == {"측정 안 됨 → Mermaid 3 (중립)"}
    assert "      동료 추천 확인: 3: 최종 사용자" in text
    english = render(seed_journey, language="en")
    assert english.splitlines()[1].endswith(" (emotion not measured)")
    assert set(_comments(english).values()) == {"not measured → Mermaid 3 (neutral)"}


def test_each_section_says_the_measured_emotion(seed_journey: Journey) -> None:
    """Survey means near 0 all land on Mermaid's 3; each comment says what was measured."""
    journey = surveyed(seed_journey)
    text = render(journey)
    assert text.splitlines()[1] == f"    title {journey.title}"
    comments = _comments(text)
    for stage in journey.stages:
        emotion = journey.emotion(stage.id)
        assert emotion is not None
        assert emotion.n is not None
        assert emotion.low is not None
        assert emotion.high is not None
        score = task_score(journey, stage.id)
        assert comments[stage.name] == (
            f"감정(-2 … 2): {emotion.score:g}, n={emotion.n}, "
            f"95% 구간 {emotion.low:g} … {emotion.high:g} → Mermaid {score}"
        )
    assert comments["인지/탐색"] == "감정(-2 … 2): 0.32, n=100, 95% 구간 -0.07 … 0.69 → Mermaid 3"
    tasks = [line for line in text.splitlines() if line.startswith("      ")]
    assert tasks
    assert all(line.split(": ")[-2] == "3" for line in tasks)  # the honest mapping kept


def test_a_stage_without_a_score_says_not_measured() -> None:
    journey = (
        JourneyBuilder(id="j", title="J", language="en", emotion_scale=Scale(low=1, high=5))
        .persona(Persona(id="ann", name="Ann"))
        .stage("a", "A")
        .stage("b", "B")
        .stage("c", "C")
        .lane("do", "Do", kind="actions", actor="dealer")
        .add("a", "do", "ask")
        .add("b", "do", "wait")
        .add("c", "do", "pay")
        .emotion("a", 4.5, n=12, low=3.9, high=5)
        .emotion("c", 2, persona="ann")
        .build()
    )
    text = render(journey)
    assert text.splitlines()[1] == "    title J"
    assert _comments(text) == {
        "A": "Emotion (1 … 5): 4.5, n=12, 95% interval 3.9 … 5 → Mermaid 5",
        "B": "not measured → Mermaid 3 (neutral)",
        "C": "Emotion (1 … 5): Ann 2 → Mermaid 2",
    }
    assert re.findall(r"(\w+): (\d): dealer", text) == [("ask", "5"), ("wait", "3"), ("pay", "2")]
    assert "B: 측정 안 됨 → Mermaid 3 (중립)" in render(journey, language="ko")


def test_syntax_characters_are_replaced() -> None:
    journey = (
        JourneyBuilder(id="j", title="a: b; #c")
        .stage("s", "S: one")
        .lane("a", "A", kind="actions", actor="x")
        .add("s", "a", "asks: why?\nthen # waits")
        .build()
    )
    text = render(journey)
    assert "title a： b； ＃c" in text
    assert "asks： why? then ＃ waits: 3: x" in text
    for line in text.splitlines()[2:]:
        if not line.strip().startswith(("section", "%%")):
            assert line.count(":") == 2
