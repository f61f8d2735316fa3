"""Promotion: which hypotheses of seed 000's V1.0 become facts with the bundled VOC log, and why."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

import cjm
from cjm.io.voc import read_evidence
from cjm.model import Journey, Label
from cjm.validate import all_rules
from cjm.versions import CONTRADICTED_TAG, next_version, promote
from tests.conftest import EXAMPLES
from tests.strategies import journeys

VOC = EXAMPLES / "medical_device_dealer" / "voc_log.csv"


@pytest.fixture(scope="module")
def promotion(seed_journey: Journey) -> cjm.versions.Promotion:
    return promote(seed_journey, read_evidence(VOC))


def _ids(promotion: cjm.versions.Promotion, outcome: str) -> set[str]:
    journey = promotion.journey
    out = set()
    for verdict in promotion.of(outcome):
        path = verdict.path
        if path[0] == "pain_points":
            out.add(journey.pain_points[int(path[1])].id)
        else:
            out.add(str(journey.cells[str(path[1])][str(path[2])][int(path[3])].id))
    return out


def test_facts_need_the_dealer_and_the_end_user(promotion: cjm.versions.Promotion) -> None:
    assert _ids(promotion, "promoted") == {
        "pp-evaluation-3",  # 재고 정보 지연: dealer ev-2026-d01 + physician ev-2026-u01
        "pp-onboarding-1",  # 업데이트된 가이드 부재: dealer ev-2026-d02 + physician ev-2026-u01
        "pp-problem-1",  # 접수 경로 다수: dealer ev-2026-d02 + observation ev-2026-u02
        "pp-problem-3",  # 진행 안내 지연: dealer ev-2026-d01 + survey ev-2026-u04
        "eu-stock-inquiry",
        "dealer-stock-check",
    }
    late = next(v for v in promotion.of("promoted") if "재고 정보 지연" in v.text)
    assert late.reason == "confirmed by dealer and end_user (dealer: ev-2026-d01; end_user: ev-2026-u01)"


def test_contradicted_and_single_source_stay_hypotheses(promotion: cjm.versions.Promotion) -> None:
    assert _ids(promotion, "contradicted") == {"pp-evaluation-1"}  # the dealers' focus group disagrees
    assert _ids(promotion, "one-source") == {"pp-onboarding-6", "pp-everyday-use-3"}
    pains = {p.id: p for p in promotion.journey.pain_points}
    assert pains["pp-evaluation-1"].label is Label.HYPOTHESIS
    assert CONTRADICTED_TAG in pains["pp-evaluation-1"].tags
    assert pains["pp-onboarding-6"].label is Label.HYPOTHESIS
    assert "needs dealer too" in next(v.reason for v in promotion.of("one-source") if "긴 설치" in v.text)


def test_promoted_facts_cite_their_evidence_and_pass_the_rules(promotion: cjm.versions.Promotion) -> None:
    journey = promotion.journey
    assert journey.version == "2.0"
    pains = {p.id: p for p in journey.pain_points}
    assert pains["pp-evaluation-3"].label is Label.FACT
    assert set(pains["pp-evaluation-3"].evidence) == {"ev-2026-d01", "ev-2026-u01"}
    assert len(journey.evidence) == 8
    errors = [f for f in cjm.validate(journey, all_rules()) if f.severity is cjm.Severity.ERROR]
    assert errors == []


def test_dangling_evidence_is_refused(seed_journey: Journey) -> None:
    bad = cjm.Evidence(id="e", method="interview", source_role="dealer", supports=("pp-nowhere",))
    with pytest.raises(cjm.ValidationError, match="pp-nowhere"):
        promote(seed_journey, [bad])


@pytest.mark.parametrize(
    ("before", "after"),
    [("1.0", "2.0"), ("2.1", "3.0"), ("V1", "V2"), ("v1.0-draft", "v2.0-draft"), ("draft", "draft (2)")],
)
def test_next_version(before: str, after: str) -> None:
    assert next_version(before) == after


@given(journeys())
def test_promote_never_loses_an_item(journey: Journey) -> None:
    result = promote(journey).journey
    assert [(s, lane, i, item.text) for s, lane, i, item in result.all_items()] == [
        (s, lane, i, item.text) for s, lane, i, item in journey.all_items()
    ]
    for name in ("pain_points", "opportunities", "metrics", "evidence", "emotions", "stages", "lanes"):
        assert len(getattr(result, name)) == len(getattr(journey, name))
    assert attrs.evolve(result, version=journey.version).stages == journey.stages
    # only hypotheses change label, and only to fact
    before = {(s, lane, i): item.label for s, lane, i, item in journey.all_items()}
    for s, lane, i, item in result.all_items():
        if item.label is not before[(s, lane, i)]:
            assert (before[(s, lane, i)], item.label) == (Label.HYPOTHESIS, Label.FACT)
