"""The Mermaid journey diagram: sections per stage, scores mapped to 1..5, syntax-safe text."""

from __future__ import annotations

import pytest

from cjm.exporters.mermaid import render, task_score
from cjm.model import Journey, JourneyBuilder, Scale


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


def test_missing_scores_are_neutral_and_said(seed_journey: Journey) -> None:
    text = render(seed_journey)
    assert "%% 인지/탐색: 점수 없음: 중립으로 표시" in text
    assert "      동료 추천 확인: 3: 최종 사용자" in text


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
