"""Evidence coverage: how much field evidence each stage has, from which source roles.

The table behind seed 000's two field rules: at least ``min_direct`` direct
sessions (observation, interview, focus group), and both roles of the dual
source heard, for every stage.
"""

from __future__ import annotations

import attrs

from cjm.model import Journey

__all__ = ["Coverage", "StageCoverage", "evidence_coverage"]


@attrs.frozen(kw_only=True)
class StageCoverage:
    """One stage: evidence counts by source role, direct sessions, and what the rules still miss."""

    stage: str
    name: str
    by_role: dict[str, int]
    direct: int
    missing_roles: tuple[str, ...]
    enough_direct: bool

    @property
    def complete(self) -> bool:
        """Both rules met at this stage."""
        return self.enough_direct and not self.missing_roles


@attrs.frozen(kw_only=True)
class Coverage:
    """The coverage table: stages in order, the roles seen, and evidence with no stage."""

    stages: tuple[StageCoverage, ...]
    roles: tuple[str, ...]
    unstaged: int


def evidence_coverage(journey: Journey) -> Coverage:
    """Evidence per stage × source role, against the journey's evidence policy."""
    policy = journey.evidence_policy
    roles = list(dict.fromkeys([*policy.dual_source, *(e.source_role for e in journey.evidence)]))
    rows = []
    for stage in journey.stages:
        here = [e for e in journey.evidence if e.stage == stage.id]
        by_role = {role: sum(1 for e in here if e.source_role == role) for role in roles}
        direct = sum(1 for e in here if e.method.is_direct)
        rows.append(
            StageCoverage(
                stage=stage.id,
                name=stage.name,
                by_role=by_role,
                direct=direct,
                missing_roles=tuple(r for r in policy.dual_source if by_role.get(r, 0) == 0),
                enough_direct=direct >= policy.min_direct,
            )
        )
    stage_ids = {s.id for s in journey.stages}
    unstaged = sum(1 for e in journey.evidence if e.stage not in stage_ids)
    return Coverage(stages=tuple(rows), roles=tuple(roles), unstaged=unstaged)
