"""The model: frozen records, single-field checks, lookups and the builder."""

from __future__ import annotations

import attrs
import pytest

import cjm
from cjm.model import Item, Journey, JourneyBuilder, Label, LaneKind, Scale, Stage


def test_records_are_frozen(small_journey: Journey) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        small_journey.title = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        small_journey.cells["find"]["touch"] = ()  # type: ignore[index]


def test_lists_become_tuples_and_strings_become_vocabulary() -> None:
    item = Item(text="x", label="fact", tags=["a"])
    assert item.tags == ("a",)
    assert item.label is Label.FACT


@pytest.mark.parametrize("bad", ["", "has space", "-leading", "x" * 101, "a/b"])
def test_ids_must_be_slugs(bad: str) -> None:
    with pytest.raises(ValueError, match="not an id"):
        Stage(id=bad, name="S")


def test_hangul_ids_are_allowed() -> None:
    assert Stage(id="인지-탐색", name="인지/탐색").id == "인지-탐색"


def test_text_must_not_be_blank() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        Item(text="   ")


def test_severity_is_one_to_five() -> None:
    with pytest.raises(ValueError, match="1 to 5"):
        cjm.PainPoint(id="p", stage="s", text="t", severity=6)
    with pytest.raises(ValueError, match="1 to 5"):
        cjm.PainPoint(id="p", stage="s", text="t", frequency=True)


def test_scale_must_rise() -> None:
    with pytest.raises(ValueError, match="below high"):
        Scale(low=2, high=2)
    assert Scale(low=1, high=5).fraction(3) == 0.5


def test_unknown_lane_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="'feelings' is not a valid LaneKind"):
        cjm.Lane(id="x", name="X", kind="feelings")


def test_derived_lane_kinds_hold_no_items() -> None:
    assert {k for k in LaneKind if k.holds_items} == {
        LaneKind.TOUCHPOINTS,
        LaneKind.ACTIONS,
        LaneKind.THOUGHTS,
        LaneKind.TEXT,
    }


def test_lookups(small_journey: Journey) -> None:
    assert small_journey.stage("buy").name == "Buy"
    assert small_journey.items("find", "touch")[0].text == "Website"
    assert small_journey.items("buy", "touch") == ()
    assert small_journey.moment_of_truth("buy") is not None
    assert small_journey.moment_of_truth("find") is None
    assert small_journey.emotion("buy").score == -2  # type: ignore[union-attr]
    assert [p.id for p in small_journey.pain_points_at("buy")] == ["pp-slow"]
    with pytest.raises(KeyError, match="no stage with id 'nope'"):
        small_journey.stage("nope")


def test_empty_cells_do_not_count() -> None:
    a = Journey(id="j", title="J", cells={"s": {"l": []}})
    b = Journey(id="j", title="J")
    assert a == b
    assert dict(a.cells) == {}


def test_ordered_cells_follow_stage_and_lane_order() -> None:
    journey = (
        JourneyBuilder(id="j", title="J")
        .stage("one", "One")
        .stage("two", "Two")
        .lane("a", "A", kind="text")
        .lane("b", "B", kind="text")
        .add("two", "b", "4")
        .add("two", "a", "3")
        .add("one", "b", "2")
        .add("one", "a", "1")
        .build()
    )
    assert [item.text for *_, item in journey.all_items()] == ["1", "2", "3", "4"]


def test_builder_round_trips_a_journey(seed_journey: Journey) -> None:
    assert JourneyBuilder.from_journey(seed_journey).build() == seed_journey


def test_evolve_changes_one_field(small_journey: Journey) -> None:
    v2 = attrs.evolve(small_journey, version="2.0")
    assert v2.version == "2.0"
    assert small_journey.version == "1.0"
    assert v2.cells == small_journey.cells
