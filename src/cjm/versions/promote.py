"""Promotion: turn a V1.0 of hypotheses into the next version by the seed's rules.

A hypothesis backed by every role of the journey's dual-source policy (by
default a dealer *and* an end user) becomes a fact and cites that evidence
(a measurement — a baseline, an emotion score — needs only evidence);
one that evidence contradicts stays a hypothesis and is flagged (tag
``contradicted``); one backed by a single source, or by none, stays a
hypothesis.  The version is raised, and every change is explained by the
evidence behind it.  Nothing is removed: promotion only relabels, cites and
tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from cjm.io.voc import merge_evidence
from cjm.model import Evidence, EvidencePolicy, Journey, Label
from cjm.validate import Path, ensure_valid, format_path
from cjm.validate.evidence import Claim, claims

__all__ = ["CONTRADICTED_TAG", "Promotion", "Verdict", "next_version", "promote"]

#: The tag promotion puts on a claim that evidence contradicts.
CONTRADICTED_TAG = "contradicted"


@attrs.frozen(kw_only=True)
class Verdict:
    """What promotion decided for one claim, and why."""

    path: Path
    text: str
    before: Label
    after: Label
    outcome: str  # promoted | contradicted | one-source | unverified
    evidence: tuple[str, ...]
    roles: tuple[str, ...]
    reason: str

    @property
    def where(self) -> str:
        """The claim's field path, readable."""
        return format_path(self.path)


@attrs.frozen(kw_only=True)
class Promotion:
    """The promoted journey and a verdict for every hypothesis looked at."""

    journey: Journey
    verdicts: tuple[Verdict, ...]

    def of(self, outcome: str) -> tuple[Verdict, ...]:
        """The verdicts with this outcome."""
        return tuple(v for v in self.verdicts if v.outcome == outcome)


def next_version(version: str) -> str:
    """'1.0' -> '2.0', 'V2' -> 'V3', '2.1' -> '3.0'; text without a number gets ' (2)'."""
    match = re.search(r"\d+", version)
    if match is None:
        return f"{version} (2)"
    major = int(match.group()) + 1
    rest = version[match.end() :]
    rest = re.sub(r"\d+", "0", rest)
    return f"{version[: match.start()]}{major}{rest}"


def _judge(claim: Claim, policy: EvidencePolicy) -> Verdict | None:
    if claim.label is not Label.HYPOTHESIS:
        return None
    supporting = tuple(e.id for e in claim.supporting)
    roles = tuple(sorted(claim.roles))
    needed = policy.dual_source

    def verdict(
        outcome: str, reason: str, *, after: Label = Label.HYPOTHESIS, evidence: tuple[str, ...] = supporting
    ) -> Verdict:
        return Verdict(
            path=claim.path,
            text=claim.text,
            before=claim.label,
            after=after,
            outcome=outcome,
            evidence=evidence,
            roles=roles,
            reason=reason,
        )

    if claim.contradicting:
        against = ", ".join(f"{e.id} ({e.source_role})" for e in claim.contradicting)
        return verdict(
            "contradicted",
            f"contradicted by {against}; stays a hypothesis, flagged for review",
            evidence=tuple(e.id for e in claim.contradicting) + supporting,
        )
    both = set(needed) <= set(roles)
    if supporting and (claim.measured or both):
        if both:
            by_role = "; ".join(
                f"{role}: {', '.join(e.id for e in claim.supporting if e.source_role == role)}"
                for role in needed
            )
            reason = f"confirmed by {' and '.join(needed)} ({by_role})"
        else:
            reason = f"measured: {', '.join(supporting)}"
        return verdict("promoted", reason, after=Label.FACT)
    if supporting:
        missing = ", ".join(sorted(set(needed) - set(roles)))
        return verdict("one-source", f"backed by {', '.join(roles)} only; needs {missing} too")
    return verdict("unverified", "no evidence yet", evidence=())


def _apply(record: Any, verdict: Verdict) -> Any:
    """The record with the verdict's label, cited evidence and flag."""
    changes: dict[str, Any] = {}
    if verdict.after is not record.label:
        changes["label"] = verdict.after
    if verdict.outcome == "promoted":
        cited = tuple(dict.fromkeys((*record.evidence, *verdict.evidence)))
        if cited != record.evidence:
            changes["evidence"] = cited
    if verdict.outcome == "contradicted" and hasattr(record, "tags") and CONTRADICTED_TAG not in record.tags:
        changes["tags"] = (*record.tags, CONTRADICTED_TAG)
    return attrs.evolve(record, **changes) if changes else record


def _applying(verdict: Verdict) -> Callable[[Any], Any]:
    return lambda record: _apply(record, verdict)


def _update(journey: Journey, path: Path, change: Callable[[Any], Any]) -> Journey:
    head = path[0]
    if head == "cells":
        _, stage_id, lane_id, index = path
        stage_id, lane_id, index = str(stage_id), str(lane_id), int(index)
        items = list(journey.cells[stage_id][lane_id])
        items[index] = change(items[index])
        row = {**journey.cells[stage_id], lane_id: tuple(items)}
        return attrs.evolve(journey, cells={**journey.cells, stage_id: row})
    head, index = str(head), int(path[1])
    records = list(getattr(journey, head))
    if head == "metrics":
        metric = records[index]
        records[index] = attrs.evolve(metric, baseline=change(metric.baseline))
    else:
        records[index] = change(records[index])
    changes: dict[str, Any] = {head: tuple(records)}
    return attrs.evolve(journey, **changes)


def promote(
    journey: Journey,
    evidence: Iterable[Evidence] = (),
    *,
    policy: EvidencePolicy | None = None,
    version: str | None = None,
) -> Promotion:
    """Add ``evidence`` to the VOC log, then promote the hypotheses it settles (see the module docs).

    The result's journey has its version raised (``version`` sets it instead);
    every hypothesis gets a verdict.  Raises :class:`~cjm.ValidationError` if the
    journey, with the new evidence, has dangling references.
    """
    merged = attrs.evolve(journey, evidence=merge_evidence(journey.evidence, evidence))
    ensure_valid(merged)
    rules = policy or merged.evidence_policy
    verdicts = [v for v in (_judge(c, rules) for c in claims(merged)) if v is not None]
    promoted = merged
    for verdict in verdicts:
        if verdict.outcome in ("promoted", "contradicted"):
            promoted = _update(promoted, verdict.path, _applying(verdict))
    promoted = attrs.evolve(promoted, version=version or next_version(journey.version))
    return Promotion(journey=promoted, verdicts=tuple(verdicts))
