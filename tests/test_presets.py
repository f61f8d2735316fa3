"""Presets ship in Korean and English and start valid journeys."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

import cjm
from cjm.presets import preset_journey, presets

NAMES = ["aidma", "aisas", "b2b", "b2b-dealer"]


def _texts(value: object) -> list[dict[str, str]]:
    if isinstance(value, dict):
        if set(value) in ({"ko"}, {"en"}, {"ko", "en"}):
            return [value]  # type: ignore[list-item]
        return [t for inner in value.values() for t in _texts(inner)]
    if isinstance(value, list):
        return [t for inner in value for t in _texts(inner)]
    return []


def test_the_presets() -> None:
    assert [p.name for p in presets()] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_text_is_in_both_languages(name: str) -> None:
    data = yaml.safe_load(resources.files("cjm.presets").joinpath(f"{name}.yaml").read_text(encoding="utf-8"))
    texts = _texts(data)
    assert texts
    for text in texts:
        assert set(text) == {"ko", "en"}
        assert text["ko"].strip()
        assert text["en"].strip()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_preset_journeys_are_valid(name: str, language: str) -> None:
    journey = cjm.ensure_valid(preset_journey(name, language))
    assert journey.language == language
    assert journey.version == "1.0"
    assert journey.stages
    assert journey.lanes
    assert dict(journey.cells) == {}


def test_b2b_dealer_is_seed_000() -> None:
    ko = preset_journey("b2b-dealer", "ko")
    assert [s.name for s in ko.stages] == [
        "인지/탐색",
        "검토/주문",
        "초기 준비/첫 사용",
        "일상 사용/재주문",
        "문제/변경 요청",
        "재구매/확장",
    ]
    assert [lane.name for lane in ko.lanes] == [
        "주요 접점",
        "End-User 행동",
        "딜러 행동",
        "제조사 행동",
        "MoT (중요순간)",
        "Pain Point",
        "현재 지표(베이스라인)",
        "개선 기회",
    ]
    en = preset_journey("b2b-dealer", "en")
    assert en.stages[0].name == "Awareness / exploration"
    for moment in ko.moments_of_truth:
        assert moment.metrics, f"MoT {moment.stage} has no KPI"
    assert {m.short for m in ko.metrics} >= {"QTO", "OTD", "DOS", "TTRU", "FCR", "LTV"}


def test_unknown_preset_or_language() -> None:
    with pytest.raises(cjm.PresetError, match="available"):
        preset_journey("nope")
    with pytest.raises(cjm.PresetError, match="ko, en"):
        preset_journey("aidma", "fr")
