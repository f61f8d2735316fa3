"""How much of a map is data-backed: facts with evidence, against what is assumed.

Every labelled claim counts (items, pain points, opportunities, metric
baselines, emotion scores; see :func:`cjm.validate.claims`).  A claim is
*backed* when it is labelled fact and some evidence supports it; *assumed* when
it is a hypothesis or an idea.  A fact citing no evidence is neither (the
``fact-needs-evidence`` rule reports it), so backed + assumed may fall short of
the claims.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from cjm.model import Journey, Label
from cjm.validate.evidence import Claim, claims

__all__ = ["EvidenceShare", "Share", "evidence_share"]


@attrs.frozen(kw_only=True)
class Share:
    """The claims of one stage (or of the whole map) and how many of them are backed."""

    claims: int = 0
    #: Facts that evidence supports.
    backed: int = 0
    #: Hypotheses and ideas.
    assumed: int = 0

    @property
    def share(self) -> float:
        """backed / claims, from 0.0 to 1.0; 0.0 when there are no claims."""
        return self.backed / self.claims if self.claims else 0.0

    def __add__(self, other: Share) -> Share:
        return Share(
            claims=self.claims + other.claims,
            backed=self.backed + other.backed,
            assumed=self.assumed + other.assumed,
        )


@attrs.frozen(kw_only=True)
class EvidenceShare:
    """The data-backed share of a journey, per stage and overall.

    ``stages`` has every stage of the journey, in order (a stage without claims
    has an empty :class:`Share`), then any undeclared stage a claim names.
    ``overall`` also counts the claims of no stage (an opportunity or metric
    without one).
    """

    stages: Mapping[str, Share]
    overall: Share


def evidence_share(journey: Journey) -> EvidenceShare:
    """The share of ``journey``'s claims that are facts with evidence, per stage and overall."""
    stages: dict[str, Share] = {stage.id: Share() for stage in journey.stages}
    overall = Share()
    for claim in claims(journey):
        one = Share(
            claims=1,
            backed=int(claim.label is Label.FACT and bool(claim.supporting)),
            assumed=int(claim.label is not Label.FACT),
        )
        overall += one
        stage = _stage_of(journey, claim)
        if stage is not None:
            stages[stage] = stages.get(stage, Share()) + one
    return EvidenceShare(stages=MappingProxyType(stages), overall=overall)


def _stage_of(journey: Journey, claim: Claim) -> str | None:
    """The id of the stage a claim belongs to, from its path; None for a claim of no stage."""
    head, *rest = claim.path
    if head == "cells":
        return str(rest[0])
    index = rest[0]
    assert isinstance(index, int)
    if head == "pain_points":
        return journey.pain_points[index].stage
    if head == "opportunities":
        return journey.opportunities[index].stage
    if head == "metrics":
        return journey.metrics[index].stage
    if head == "emotions":
        return journey.emotions[index].stage
    return None
