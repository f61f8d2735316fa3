"""Seed 000's evidence principles as rules, with a policy per journey."""

from __future__ import annotations

import attrs

import cjm
from cjm.model import Evidence, EvidencePolicy, Item, Journey, Label
from cjm.validate import Severity, all_rules, evidence_rules, format_path, validate


def _findings(journey: Journey, rule: str) -> list[cjm.Finding]:
    return [f for f in validate(journey, evidence_rules()) if f.rule == rule]


def _journey(*evidence: Evidence, label: Label = Label.FACT, cites: tuple[str, ...] = ()) -> Journey:
    builder = cjm.JourneyBuilder(id="j", title="J")
    for record in evidence:
        builder.evidence(record)
    return (
        builder.stage("s", "S")
        .lane("l", "L", kind="text")
        .add("s", "l", "orders by phone", id="claim", label=label, evidence=cites)
        .build()
    )


def _ev(id: str, role: str, method: str = "interview", **fields: object) -> Evidence:
    return Evidence(id=id, method=method, source_role=role, **fields)  # type: ignore[arg-type]


def test_a_fact_needs_evidence() -> None:
    [finding] = _findings(_journey(), "fact-needs-evidence")
    assert finding.severity is Severity.ERROR
    assert format_path(finding.path) == "cells.s.l[0]"


def test_dual_source() -> None:
    one = _journey(_ev("e1", "dealer", supports=("claim",)))
    [finding] = _findings(one, "dual-source")
    assert "missing: end_user" in finding.message
    both = _journey(_ev("e1", "dealer", supports=("claim",)), _ev("e2", "end_user"), cites=("e2",))
    assert _findings(both, "dual-source") == []


def test_the_policy_comes_from_the_journey() -> None:
    journey = attrs.evolve(
        _journey(_ev("e1", "end_user", supports=("claim",))),
        evidence_policy=EvidencePolicy(dual_source=("end_user",), min_direct=1),
    )
    assert _findings(journey, "dual-source") == []
    assert _findings(journey, "field-evidence") == []
    strict = validate(journey, evidence_rules(EvidencePolicy()))
    assert [f.rule for f in strict if f.rule == "dual-source"] == ["dual-source"]


def test_field_evidence_counts_direct_sessions_per_product_group() -> None:
    journey = _journey(
        _ev("e1", "dealer", product_group="cement"),
        _ev("e2", "end_user", method="observation", product_group="cement"),
        _ev("e3", "end_user", method="focus_group", product_group="cement"),
        _ev("e4", "internal", method="document", product_group="implant"),
        _ev("e5", "internal", method="meeting", product_group="implant"),
        label=Label.HYPOTHESIS,
    )
    [finding] = _findings(journey, "field-evidence")
    assert "'implant' has 0 direct" in finding.message
    assert finding.severity is Severity.WARNING


def test_contradicted_fact() -> None:
    journey = _journey(
        _ev("e1", "dealer", supports=("claim",)),
        _ev("e2", "end_user", supports=("claim",)),
        _ev("e3", "end_user", contradicts=("claim",)),
    )
    [finding] = _findings(journey, "contradicted-fact")
    assert "e3" in finding.message


def test_mot_needs_metric_and_stage_count() -> None:
    journey = attrs.evolve(
        _journey(label=Label.HYPOTHESIS),
        moments_of_truth=(cjm.MomentOfTruth(stage="s"),),
        stated_stage_count=7,
    )
    assert [f.rule for f in validate(journey, evidence_rules()) if f.severity is Severity.ERROR] == [
        "mot-needs-metric"
    ]
    [count] = _findings(journey, "stage-count")
    assert "state 7 stages but the journey lists 1" in count.message


def test_evidence_log() -> None:
    journey = _journey(_ev("e1", "dealer", supports=("claim",)), label=Label.HYPOTHESIS)
    [warning] = _findings(journey, "evidence-log")
    assert "names no record" in warning.message
    idle = _journey(_ev("e1", "dealer", reference="memo.pdf"), label=Label.HYPOTHESIS)
    [note] = _findings(idle, "evidence-log")
    assert note.severity is Severity.INFO


def test_the_seed_v1_has_no_errors(seed_journey: Journey) -> None:
    findings = validate(seed_journey, all_rules())
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert {f.rule for f in findings if f.severity is Severity.WARNING} == {"field-evidence", "stage-count"}


def test_the_b2b_example_passes_its_own_policy(b2b_journey: Journey) -> None:
    assert [str(f) for f in validate(b2b_journey, all_rules()) if f.severity is Severity.ERROR] == []
    assert b2b_journey.evidence_policy.dual_source == ("end_user", "internal")


def test_items_without_ids_count_their_cited_evidence() -> None:
    journey = Journey(
        id="j",
        title="J",
        stages=[cjm.Stage(id="s", name="S")],
        lanes=[cjm.Lane(id="l", name="L", kind="text")],
        cells={"s": {"l": [Item(text="x", label="fact", evidence=("e1", "e2"))]}},
        evidence=[_ev("e1", "dealer"), _ev("e2", "end_user")],
    )
    assert [f for f in validate(journey, all_rules()) if f.severity is Severity.ERROR] == []
