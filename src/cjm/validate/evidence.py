"""Seed 000's evidence principles as rules: a map is a story the team tells itself until
field evidence turns its hypotheses into facts.

Each rule returns findings (rule, severity, where, why).  Thresholds and the
roles that make a dual source are the journey's ``evidence_policy``
(:class:`cjm.EvidencePolicy`); :func:`evidence_rules` makes the rules for
:func:`cjm.validate`, optionally under another policy.

========================  ========  ==================================================
rule                      severity  what it checks
========================  ========  ==================================================
field-evidence            warning   at least ``min_direct`` observations, interviews or
                                    focus groups per product group (or per journey);
                                    documents, surveys and meetings do not count
fact-needs-evidence       error     a fact cites evidence (hypothesis and fact apart)
mot-needs-metric          error     every Moment of Truth is managed by a metric
dual-source               error     an issue (item, pain point, opportunity) labelled
                                    fact is backed by every role of ``dual_source`` (by
                                    default the dealer and the end user); measurements
                                    (baselines, emotion scores) need evidence only
contradicted-fact         warning   a fact that evidence contradicts
evidence-log              warning   every evidence entry points to its record
                                    (recording, memo, photo, form) and to what it
                                    supports or contradicts
stage-count               warning   the stage count the documents state matches the
                                    stages (seed 000 says seven and lists six)
========================  ========  ==================================================
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterator
from typing import Any

import attrs

from cjm.model import Evidence, EvidencePolicy, Journey, Label
from cjm.validate.findings import Finding, Path, Severity
from cjm.validate.structure import Rule

__all__ = ["Claim", "claims", "evidence_rules"]


@attrs.frozen(kw_only=True)
class Claim:
    """Something labelled in the journey, with the evidence for and against it."""

    id: str | None
    path: Path
    text: str
    label: Label
    #: True for measurements (a metric's baseline, an emotion score), which need
    #: evidence to be facts but are not issues that two parties must report.
    measured: bool
    supporting: tuple[Evidence, ...]
    contradicting: tuple[Evidence, ...]

    @property
    def roles(self) -> frozenset[str]:
        """The source roles of the supporting evidence."""
        return frozenset(e.source_role for e in self.supporting)


def claims(journey: Journey) -> Iterator[Claim]:
    """Every labelled item, pain point, opportunity, baseline and emotion, with its evidence.

    Evidence counts for a claim when the claim cites it (``evidence:``) or when
    the evidence names the claim in ``supports``; against it when the evidence
    names it in ``contradicts``.
    """
    by_id = {e.id: e for e in journey.evidence}
    supports: dict[str, list[Evidence]] = {}
    contradicts: dict[str, list[Evidence]] = {}
    for record in journey.evidence:
        for target in record.supports:
            supports.setdefault(target, []).append(record)
        for target in record.contradicts:
            contradicts.setdefault(target, []).append(record)

    def make(
        claim_id: str | None,
        path: Path,
        text: str,
        label: Label,
        cited: tuple[str, ...],
        measured: bool = False,
    ) -> Claim:
        backing = {by_id[e].id: by_id[e] for e in cited if e in by_id}
        if claim_id is not None:
            backing.update({e.id: e for e in supports.get(claim_id, ())})
        against = tuple(contradicts.get(claim_id, ())) if claim_id is not None else ()
        return Claim(
            id=claim_id,
            path=path,
            text=text,
            label=label,
            measured=measured,
            supporting=tuple(backing.values()),
            contradicting=against,
        )

    for stage_id, lane_id, index, item in journey.all_items():
        yield make(item.id, ("cells", stage_id, lane_id, index), item.text, item.label, item.evidence)
    for i, pain in enumerate(journey.pain_points):
        yield make(pain.id, ("pain_points", i), pain.text, pain.label, pain.evidence)
    for i, opportunity in enumerate(journey.opportunities):
        yield make(
            opportunity.id, ("opportunities", i), opportunity.text, opportunity.label, opportunity.evidence
        )
    for i, metric in enumerate(journey.metrics):
        if metric.baseline is not None:
            text = f"{metric.display_name} baseline"
            baseline = metric.baseline
            yield make(None, ("metrics", i, "baseline"), text, baseline.label, baseline.evidence, True)
    for i, emotion in enumerate(journey.emotions):
        yield make(
            None, ("emotions", i), f"emotion at {emotion.stage}", emotion.label, emotion.evidence, True
        )


def evidence_rules(policy: EvidencePolicy | None = None) -> tuple[Rule, ...]:
    """The evidence rules, ready for :func:`cjm.validate`.

    They follow each journey's own ``evidence_policy`` unless ``policy`` is given.
    """

    def policy_of(journey: Journey) -> EvidencePolicy:
        return policy if policy is not None else journey.evidence_policy

    # The rules run one after another on the same journey: gather its claims once, not once per rule.
    memo: list[Any] = [None, ()]

    def claims_of(journey: Journey) -> tuple[Claim, ...]:
        known = memo[0]() if memo[0] is not None else None
        if known is not journey:
            memo[:] = [weakref.ref(journey), tuple(claims(journey))]
        return memo[1]  # type: ignore[no-any-return]

    def field_evidence(journey: Journey) -> Iterator[Finding]:
        min_direct = policy_of(journey).min_direct
        direct = Counter(e.product_group or "" for e in journey.evidence if e.method.is_direct)
        groups = {e.product_group or "" for e in journey.evidence} or {""}
        for group in sorted(groups):
            count = direct.get(group, 0)
            if count < min_direct:
                scope = f"product group {group!r}" if group else "the journey"
                yield Finding(
                    rule="field-evidence",
                    severity=Severity.WARNING,
                    path=("evidence",),
                    message=(
                        f"{scope} has {count} direct field session(s) (observation, interview, focus group); "
                        f"at least {min_direct} are needed: documents and meetings alone do not count"
                    ),
                )

    def facts_need_evidence(journey: Journey) -> Iterator[Finding]:
        for claim in claims_of(journey):
            if claim.label is Label.FACT and not claim.supporting:
                yield Finding(
                    rule="fact-needs-evidence",
                    path=claim.path,
                    message=f"{_short(claim.text)!r} is labelled fact but cites no evidence; "
                    "label it hypothesis until evidence backs it",
                )

    def dual_source(journey: Journey) -> Iterator[Finding]:
        roles = policy_of(journey).dual_source
        needed = set(roles)
        for claim in claims_of(journey):
            if claim.label is not Label.FACT or not claim.supporting or claim.measured:
                continue
            missing = sorted(needed - claim.roles)
            if missing:
                yield Finding(
                    rule="dual-source",
                    path=claim.path,
                    message=(
                        f"{_short(claim.text)!r} is a fact backed only by {', '.join(sorted(claim.roles))}; "
                        f"a fact needs {' and '.join(roles)} (missing: {', '.join(missing)})"
                    ),
                )

    def contradicted_facts(journey: Journey) -> Iterator[Finding]:
        for claim in claims_of(journey):
            if claim.label is Label.FACT and claim.contradicting:
                ids = ", ".join(e.id for e in claim.contradicting)
                yield Finding(
                    rule="contradicted-fact",
                    severity=Severity.WARNING,
                    path=claim.path,
                    message=f"{_short(claim.text)!r} is a fact but evidence {ids} contradicts it",
                )

    def mot_needs_metric(journey: Journey) -> Iterator[Finding]:
        for i, moment in enumerate(journey.moments_of_truth):
            if not moment.metrics:
                yield Finding(
                    rule="mot-needs-metric",
                    path=("moments_of_truth", i, "metrics"),
                    message=f"the Moment of Truth at {moment.stage!r} is managed by no metric; link a KPI",
                )

    def evidence_log(journey: Journey) -> Iterator[Finding]:
        cited = {e.id for claim in claims_of(journey) for e in claim.supporting}
        for i, record in enumerate(journey.evidence):
            if not (record.reference or "").strip():
                yield Finding(
                    rule="evidence-log",
                    severity=Severity.WARNING,
                    path=("evidence", i, "reference"),
                    message=f"evidence {record.id!r} names no record (recording, memo, photo, form)",
                )
            if not record.supports and not record.contradicts and record.id not in cited:
                yield Finding(
                    rule="evidence-log",
                    severity=Severity.INFO,
                    path=("evidence", i),
                    message=f"evidence {record.id!r} supports or contradicts nothing on the map yet",
                )

    def stage_count(journey: Journey) -> Iterator[Finding]:
        stated = journey.stated_stage_count
        if stated is not None and stated != len(journey.stages):
            yield Finding(
                rule="stage-count",
                severity=Severity.WARNING,
                path=("stated_stage_count",),
                message=f"the documents state {stated} stages but the journey lists {len(journey.stages)}",
            )

    return (
        field_evidence,
        facts_need_evidence,
        dual_source,
        contradicted_facts,
        mot_needs_metric,
        evidence_log,
        stage_count,
    )


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
