"""Staleness: what was not verified within the limit; and how much of a map is data-backed."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from cjm.cli import main
from cjm.io import dumps, loads
from cjm.io.workbook import read_workbook
from cjm.model import (
    Baseline,
    Emotion,
    Evidence,
    Item,
    Journey,
    Label,
    Lane,
    Metric,
    Opportunity,
    PainPoint,
    Stage,
)
from cjm.validate import (
    EvidenceShare,
    Finding,
    Severity,
    Share,
    all_rules,
    evidence_share,
    format_path,
    staleness_rules,
    validate,
)
from tests.io.workbook_editing import workbook_bytes

TODAY = dt.date(2025, 12, 4)
OLD = dt.date(2025, 1, 10)  # 328 days before TODAY
RECENT = dt.date(2025, 11, 1)
LIMIT = "the project's limit is 180 days"


def _days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def _journey(**fields: Any) -> Journey:
    """One stage, one lane; ``fields`` override or add to it.  Verified recently unless told otherwise."""
    base: dict[str, Any] = {
        "id": "j",
        "title": "J",
        "last_verified": RECENT,
        "stages": [Stage(id="s", name="S"), Stage(id="t", name="T")],
        "lanes": [Lane(id="l", name="L", kind="actions")],
    }
    return Journey(**{**base, **fields})


def _found(journey: Journey, rule: str, days: int = 180) -> list[Finding]:
    return [f for f in validate(journey, staleness_rules(days, today=TODAY)) if f.rule == rule]


def _where(findings: list[Finding]) -> list[str]:
    return [format_path(f.path) for f in findings]


def _ev(id: str, date: dt.date | None, **fields: Any) -> Evidence:
    return Evidence(
        id=id, method="interview", source_role="dealer", date=date, reference="memo.txt", **fields
    )


# --- the journey ---------------------------------------------------------------------


def test_a_journey_not_verified_within_the_limit() -> None:
    [finding] = _found(_journey(last_verified=OLD, updated=RECENT), "stale-journey")
    assert finding.severity is Severity.WARNING
    assert finding.path == ("last_verified",)
    assert finding.message == f"the journey was last verified 2025-01-10, 328 days ago; {LIMIT}"


def test_a_journey_without_last_verified_counts_from_its_version() -> None:
    [finding] = _found(_journey(last_verified=None, updated=OLD), "stale-journey")
    assert finding.path == ("updated",)
    assert "since its version of 2025-01-10, 328 days ago" in finding.message
    # a recent check outweighs an old version
    assert _found(_journey(last_verified=RECENT, updated=OLD), "stale-journey") == []


def test_a_journey_never_verified_gets_a_note() -> None:
    [finding] = _found(_journey(last_verified=None, updated=None), "stale-journey")
    assert finding.severity is Severity.INFO
    assert finding.path == ("last_verified",)
    assert "never verified" in finding.message


@pytest.mark.parametrize(("age", "stale"), [(179, False), (180, False), (181, True), (-5, False)])
def test_exactly_the_limit_is_not_stale(age: int, stale: bool) -> None:
    journey = _journey(
        last_verified=_days_ago(age),
        pain_points=[PainPoint(id="p", stage="s", text="waits", last_verified=_days_ago(age))],
    )
    assert len(_found(journey, "stale-journey")) == int(stale)
    assert len(_found(journey, "stale-record")) == int(stale)


# --- records ---------------------------------------------------------------------------


def test_records_verified_too_long_ago_each_with_its_path() -> None:
    journey = _journey(
        cells={
            "s": {
                "l": [
                    Item(text="fresh", last_verified=RECENT),
                    Item(text="calls the dealer", last_verified=OLD),
                ]
            }
        },
        pain_points=[
            PainPoint(id="p1", stage="s", text="never dated"),
            PainPoint(id="p2", stage="s", text="waits", owner="CS팀", last_verified=OLD),
        ],
        opportunities=[Opportunity(id="o1", text="portal", last_verified=OLD)],
        metrics=[Metric(id="m1", name="OTD", last_verified=OLD), Metric(id="m2", name="NPS")],
    )
    found = _found(journey, "stale-record")
    assert _where(found) == [
        "cells.s.l[1].last_verified",
        "pain_points[1].last_verified",
        "opportunities[0].last_verified",
        "metrics[0].last_verified",
    ]
    assert all(f.severity is Severity.WARNING for f in found)
    assert found[0].message == f"item 'calls the dealer' was last verified 2025-01-10, 328 days ago; {LIMIT}"
    assert found[1].message.startswith("pain point 'p2' was last verified 2025-01-10")


def test_a_shorter_limit_finds_more() -> None:
    journey = _journey(pain_points=[PainPoint(id="p", stage="s", text="waits", last_verified=RECENT)])
    assert _found(journey, "stale-record") == []
    [finding] = _found(journey, "stale-record", days=30)  # 2025-11-01 is 33 days before
    assert finding.message.endswith("33 days ago; the project's limit is 30 days")


# --- hypotheses that never gained evidence ----------------------------------------------------


def test_an_old_hypothesis_without_evidence() -> None:
    journey = _journey(
        updated=OLD,
        cells={
            "s": {
                "l": [
                    Item(text="orders by phone"),  # hypothesis since the version of OLD
                    Item(text="checked lately", last_verified=RECENT),
                    Item(text="a fact", label=Label.FACT, id="f", evidence=("e1",)),
                    Item(text="an idea", label=Label.IDEA),
                    Item(id="backed", text="backed"),
                    Item(id="refuted", text="refuted"),
                ]
            }
        },
        emotions=[Emotion(stage="s", score=1)],
        evidence=[_ev("e1", RECENT, supports=("backed",)), _ev("e2", RECENT, contradicts=("refuted",))],
    )
    found = _found(journey, "stale-hypothesis")
    assert _where(found) == ["cells.s.l[0]", "emotions[0]"]
    assert found[0].severity is Severity.WARNING
    assert found[0].message == (
        "'orders by phone' is a hypothesis no evidence has backed or refuted, "
        f"since the journey's version of 2025-01-10, 328 days ago; {LIMIT}"
    )


def test_a_hypothesis_counts_from_its_own_check_first() -> None:
    journey = _journey(
        updated=RECENT,
        pain_points=[PainPoint(id="p", stage="s", text="waits", last_verified=OLD)],
        metrics=[Metric(id="m", name="OTD", last_verified=OLD, baseline=Baseline(value=60))],
    )
    found = _found(journey, "stale-hypothesis")
    assert _where(found) == ["pain_points[0]", "metrics[0].baseline"]
    assert "last verified 2025-01-10, 328 days ago" in found[0].message
    # without any date there is nothing to count from
    assert _found(_journey(updated=None, cells={"s": {"l": [Item(text="x")]}}), "stale-hypothesis") == []


# --- facts whose evidence has aged --------------------------------------------------------


def test_a_fact_whose_only_evidence_is_old() -> None:
    journey = _journey(
        cells={
            "s": {
                "l": [
                    Item(id="a", text="all old", label=Label.FACT, evidence=("e1", "e2")),
                    Item(id="b", text="one recent", label=Label.FACT, evidence=("e1", "e3")),
                    Item(id="c", text="one undated", label=Label.FACT, evidence=("e1", "e4")),
                    Item(id="d", text="a hypothesis", evidence=("e1",)),
                ]
            }
        },
        evidence=[_ev("e1", OLD), _ev("e2", _days_ago(200)), _ev("e3", _days_ago(180)), _ev("e4", None)],
    )
    [finding] = _found(journey, "stale-evidence")
    assert finding.path == ("cells", "s", "l", 0)
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        f"'all old' is a fact whose newest evidence (e1, e2) dates from 2025-05-18, 200 days ago; {LIMIT}"
    )


# --- the rule set ---------------------------------------------------------------------------


def test_the_rules_are_not_in_all_rules_and_today_defaults_to_the_day_they_run() -> None:
    journey = _journey(last_verified=dt.date(2000, 1, 1))
    assert not [f for f in validate(journey, all_rules()) if f.rule.startswith("stale")]
    assert [f.rule for f in validate(journey, staleness_rules())] == ["stale-journey"]
    assert [r.__name__ for r in staleness_rules()] == [
        "stale_journey",
        "stale_record",
        "stale_hypothesis",
        "stale_evidence",
    ]


@pytest.mark.parametrize("days", [-1, 1.5, True])
def test_the_limit_is_a_whole_number_of_days(days: Any) -> None:
    with pytest.raises(ValueError, match="whole number"):
        staleness_rules(days)


# --- cjm check --stale-after ------------------------------------------------------------------

OLD_FILE = """\
id: j
title: J
updated: 2020-03-01
stages:
  - id: s
    name: S
lanes:
  - id: l
    name: L
    kind: actions
cells:
  s:
    l:
      - text: orders by phone
        last_verified: 2020-02-01
"""


def test_check_reports_what_is_stale_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "j.yaml"
    path.write_text(OLD_FILE, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    plain = capsys.readouterr().out
    assert "stale" not in plain

    assert main(["check", str(path), "--stale-after", "30"]) == 0  # warnings do not fail the check
    out = capsys.readouterr().out
    assert "WARNING stale-journey (1)" in out
    assert f"{path}:3 updated: the journey has not been verified since its version of 2020-03-01" in out
    assert "WARNING stale-record (1)" in out
    assert "cells.s.l[0].last_verified: item 'orders by phone' was last verified 2020-02-01" in out
    assert "WARNING stale-hypothesis (1)" in out
    assert "the project's limit is 30 days" in out
    warnings = int(plain.rsplit("error(s), ", 1)[1].split()[0])
    assert out.rstrip().endswith(f"0 error(s), {warnings + 3} warning(s)")


def test_check_refuses_a_bad_number_of_days(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "j.yaml"
    path.write_text(OLD_FILE, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["check", str(path), "--stale-after", "soon"])
    assert exit_.value.code == 2
    assert "expected a whole number of days" in capsys.readouterr().err


# --- the data-backed share ----------------------------------------------------------------------


def test_evidence_share_per_stage_and_overall() -> None:
    journey = _journey(
        stages=[Stage(id="a", name="A"), Stage(id="b", name="B"), Stage(id="c", name="C")],
        cells={
            "a": {
                "l": [
                    Item(text="backed fact", label=Label.FACT, evidence=("e1",)),
                    Item(text="fact, no evidence", label=Label.FACT),
                    Item(text="hypothesis"),
                    Item(text="idea", label=Label.IDEA),
                ]
            }
        },
        pain_points=[
            PainPoint(id="p1", stage="a", text="backed by supports", label=Label.FACT),
            PainPoint(id="p2", stage="b", text="assumed"),
        ],
        opportunities=[Opportunity(id="o1", text="no stage")],  # an idea of no stage: overall only
        emotions=[Emotion(stage="b", score=1)],
        metrics=[
            Metric(
                id="m1",
                name="OTD",
                stage="b",
                baseline=Baseline(value=60, label=Label.FACT, evidence=("e1",)),
            )
        ],
        evidence=[_ev("e1", RECENT, supports=("p1",))],
    )
    share = evidence_share(journey)
    assert isinstance(share, EvidenceShare)
    assert list(share.stages) == ["a", "b", "c"]
    assert share.stages["a"] == Share(claims=5, backed=2, assumed=2)
    assert share.stages["a"].share == pytest.approx(0.4)
    assert share.stages["b"] == Share(claims=3, backed=1, assumed=2)
    assert share.stages["b"].share == pytest.approx(1 / 3)
    assert share.stages["c"] == Share()
    assert share.stages["c"].share == 0.0
    assert share.overall == Share(claims=9, backed=3, assumed=5)
    assert share.overall.share == pytest.approx(1 / 3)


# --- owner and last_verified survive every format -----------------------------------------------


def _owned() -> Journey:
    return _journey(
        owner="CX팀 홍길동",
        last_verified=dt.date(2025, 3, 4),
        updated=dt.date(2025, 1, 2),
        cells={"s": {"l": [Item(id="i", text="주문", owner="영업팀", last_verified=dt.date(2025, 2, 1))]}},
        pain_points=[
            PainPoint(id="p", stage="s", text="대기", owner="CS", last_verified=dt.date(2025, 2, 2))
        ],
        opportunities=[Opportunity(id="o", text="포털", owner="IT", last_verified=dt.date(2025, 2, 3))],
        metrics=[Metric(id="m", name="OTD", owner="물류", last_verified=dt.date(2025, 2, 4))],
    )


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_owner_and_last_verified_round_trip_in_text(fmt: str) -> None:
    journey = _owned()
    text = dumps(journey, fmt)
    assert "last_verified" in text
    assert "영업팀" in text
    assert loads(text, format=fmt) == journey


@pytest.mark.parametrize("layout", ["grid", "wall"])
@pytest.mark.parametrize("language", ["ko", "en"])
def test_owner_and_last_verified_round_trip_in_the_workbook(layout: str, language: str) -> None:
    journey = _owned()
    back = read_workbook(io.BytesIO(workbook_bytes(journey, layout=layout, language=language)))
    assert back == journey
    assert back.metrics[0].owner == "물류"
    assert back.cells["s"]["l"][0].last_verified == dt.date(2025, 2, 1)
