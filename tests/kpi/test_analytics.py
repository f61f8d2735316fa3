"""Journey analytics on the world's event log: funnel, time in stage, paths, map against reality."""

from __future__ import annotations

from pathlib import Path

import pytest

import cjm
from cjm.kpi import Dataset, JourneyAnalytics, analyse_journey, parse_periods, read_data


@pytest.fixture(scope="module")
def analytics(world_data: dict[str, Dataset], seed_journey: cjm.Journey) -> dict[str, JourneyAnalytics]:
    return {name: analyse_journey(data, seed_journey, min_share=10.0) for name, data in world_data.items()}


def test_funnel_reached_converted_dropped(engine_name: str, analytics: dict[str, JourneyAnalytics]) -> None:
    funnel = {step.stage: step for step in analytics[engine_name].funnel}
    as_numbers = {s: (f.reached, f.converted, f.dropped) for s, f in funnel.items()}
    assert as_numbers == {
        "awareness": (4, 3, 1),  # C3 never went on
        "evaluation": (3, 2, 1),  # C1 (브로셔 placed here by the map), C2, C4; C2 stopped
        "onboarding": (1, 0, 1),
        "everyday-use": (1, 0, 1),  # C4 skipped onboarding
        "problem": (0, 0, 0),
        "repurchase": (0, None, None),  # the last stage has no next
    }
    assert funnel["awareness"].conversion == 75.0
    assert funnel["problem"].conversion is None


def test_time_in_stage(engine_name: str, analytics: dict[str, JourneyAnalytics]) -> None:
    funnel = {step.stage: step for step in analytics[engine_name].funnel}
    # awareness: C1 10 days, C2 4, C4 4; evaluation: C1 10, C4 4
    assert funnel["awareness"].median_days == pytest.approx(4.0)
    assert funnel["awareness"].mean_days == pytest.approx(6.0)
    assert funnel["evaluation"].median_days == pytest.approx(7.0)
    assert funnel["evaluation"].timed == 2
    assert funnel["onboarding"].median_days is None


def test_paths(engine_name: str, analytics: dict[str, JourneyAnalytics]) -> None:
    paths = [(str(p), p.customers) for p in analytics[engine_name].paths]
    assert paths == [
        ("awareness", 1),
        ("awareness → evaluation", 1),
        ("awareness → evaluation → everyday-use", 1),
        ("awareness → evaluation → onboarding", 1),
    ]
    assert all(p.share == 25.0 for p in analytics[engine_name].paths)


def test_map_against_reality(engine_name: str, analytics: dict[str, JourneyAnalytics]) -> None:
    result = analytics[engine_name]
    assert [(t.touchpoint, t.events) for t in result.missing] == [("카카오톡 채널", 3)]  # 3 of 14 events
    unseen = {t.touchpoint for t in result.unseen}
    assert "의료 전문지" in unseen
    assert "학회" not in unseen
    assert "카카오톡 채널" not in unseen
    fax = next(t for t in result.touchpoints if t.touchpoint == "팩스")
    assert not fax.on_map
    assert fax.events == 1
    assert fax.share < 10.0  # rare: not reported as missing
    brochure = next(t for t in result.touchpoints if t.touchpoint == "제품 브로셔")
    assert brochure.map_stages == ("evaluation",)
    assert brochure.data_stages == ("evaluation",)
    assert result.unknown_stages == ("pilot",)
    assert result.unplaced == 1  # 팩스, with no stage and not on the map
    assert (result.customers, result.events) == (4, 14)


def test_paths_of_touchpoints_and_a_period(world_dir: Path, seed_journey: cjm.Journey) -> None:
    with read_data(world_dir) as data:
        result = analyse_journey(data, seed_journey, path_level="touchpoint", top=1)
        assert str(result.paths[0]) == "유통 파트너 영업사원 → 팩스"
        march = analyse_journey(data, seed_journey, period=parse_periods("2026-03")[0])
    assert march.customers == 2
    assert march.funnel[0].reached == 2


def test_without_an_event_table(tmp_path: Path, seed_journey: cjm.Journey) -> None:
    from tests.kpi.world import write_world

    with read_data(write_world(tmp_path, drop=("events",))) as data, pytest.raises(KeyError, match="events"):
        analyse_journey(data, seed_journey)
