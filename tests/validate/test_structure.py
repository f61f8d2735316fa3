"""Structural validation: every problem at once, each with a path."""

from __future__ import annotations

import attrs
import pytest

import cjm
from cjm.model import Emotion, Item, Journey, MomentOfTruth, PainPoint, Stage
from cjm.validate import Severity, ensure_valid, format_path, validate


def _errors(journey: Journey) -> list[tuple[str, str]]:
    return [(f.rule, format_path(f.path)) for f in validate(journey) if f.severity is Severity.ERROR]


def test_examples_are_valid(seed_journey: Journey, b2b_journey: Journey, small_journey: Journey) -> None:
    for journey in (seed_journey, b2b_journey, small_journey):
        assert _errors(journey) == []


def test_duplicate_ids(small_journey: Journey) -> None:
    broken = attrs.evolve(
        small_journey,
        stages=(*small_journey.stages, Stage(id="find", name="Again")),
        pain_points=(*small_journey.pain_points, PainPoint(id="web", stage="buy", text="clash with an item")),
    )
    assert ("duplicate-id", "stages[2]") in _errors(broken)
    assert ("duplicate-id", "pain_points[1]") in _errors(broken)


def test_every_dangling_reference_is_reported(small_journey: Journey) -> None:
    broken = attrs.evolve(
        small_journey,
        cells={
            **small_journey.cells,
            "ghost": {"touch": (Item(text="x"),)},
            "buy": {"nowhere": (Item(text="y", evidence=("ev-404",)),)},
        },
        moments_of_truth=(MomentOfTruth(stage="buy", metrics=("otd", "m-404")),),
        emotions=(Emotion(stage="gone", score=0, persona="nobody"),),
    )
    errors = _errors(broken)
    assert ("unknown-reference", "cells.ghost") in errors
    assert ("unknown-reference", "cells.buy.nowhere") in errors
    assert ("unknown-reference", "cells.buy.nowhere[0].evidence[0]") in errors
    assert ("unknown-reference", "moments_of_truth[0].metrics[1]") in errors
    assert ("unknown-reference", "emotions[0].stage") in errors
    assert ("unknown-reference", "emotions[0].persona") in errors


def test_content_in_a_derived_lane_is_refused(small_journey: Journey) -> None:
    broken = attrs.evolve(small_journey, cells={**small_journey.cells, "buy": {"pain": (Item(text="x"),)}})
    [finding] = [f for f in validate(broken) if f.rule == "derived-lane"]
    assert "pain_points" in finding.message
    assert format_path(finding.path) == "cells.buy.pain"


def test_scores_off_scale(small_journey: Journey) -> None:
    broken = attrs.evolve(small_journey, emotions=(Emotion(stage="find", score=4.5),))
    [finding] = [f for f in validate(broken) if f.rule == "off-scale"]
    assert "expected -2 to 2" in finding.message


def test_ensure_valid_raises_once_with_all_errors(small_journey: Journey) -> None:
    broken = attrs.evolve(
        small_journey,
        emotions=(Emotion(stage="find", score=9), Emotion(stage="nope", score=0)),
    )
    with pytest.raises(cjm.ValidationError) as caught:
        ensure_valid(broken)
    assert len(caught.value.findings) == 2
    assert "emotions[0].score" in str(caught.value)
    assert "emotions[1].stage" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_an_empty_journey_is_valid_with_warnings() -> None:
    findings = validate(Journey(id="empty", title="Empty"))
    assert {f.severity for f in findings} == {Severity.WARNING}


def test_paths_quote_keys_that_are_not_identifiers() -> None:
    assert format_path(("cells", "first-use", "dealer", 0, "text")) == 'cells["first-use"].dealer[0].text'
    assert format_path(("cells", "인지", 2)) == "cells.인지[2]"
