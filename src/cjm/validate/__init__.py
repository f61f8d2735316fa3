"""Rules that span objects, reported as findings: every problem at once, each with a path.

:func:`validate` runs a rule set (the structural rules by default; add
:func:`evidence_rules` for seed 000's evidence principles, or use
:func:`all_rules`) and returns findings; :func:`ensure_valid` raises one :class:`~cjm.errors.ValidationError`
holding every error-severity finding.  :func:`staleness_rules` (not in :func:`all_rules`)
report what was not verified within a number of days; :func:`evidence_share` says how
much of a map is data-backed.
"""

from __future__ import annotations

from collections.abc import Iterable

from cjm.errors import ValidationError
from cjm.model import EvidencePolicy, Journey
from cjm.validate.evidence import Claim, claims, evidence_rules
from cjm.validate.findings import Finding, Path, Severity, format_path
from cjm.validate.share import EvidenceShare, Share, evidence_share
from cjm.validate.staleness import staleness_rules
from cjm.validate.structure import STRUCTURE_RULES, Rule

__all__ = [
    "STRUCTURE_RULES",
    "Claim",
    "EvidenceShare",
    "Finding",
    "Path",
    "Rule",
    "Severity",
    "Share",
    "all_rules",
    "claims",
    "ensure_valid",
    "evidence_rules",
    "evidence_share",
    "format_path",
    "staleness_rules",
    "validate",
]


def all_rules(policy: EvidencePolicy | None = None) -> tuple[Rule, ...]:
    """The structural rules and the evidence rules (what ``cjm check`` runs)."""
    return STRUCTURE_RULES + evidence_rules(policy)


def validate(journey: Journey, rules: Iterable[Rule] = STRUCTURE_RULES) -> list[Finding]:
    """Every finding of ``rules`` on ``journey``: errors, warnings and notes, in rule order."""
    return [finding for rule in rules for finding in rule(journey)]


def ensure_valid(journey: Journey, rules: Iterable[Rule] = STRUCTURE_RULES) -> Journey:
    """Return ``journey`` unchanged, or raise one error listing every error-severity finding."""
    errors = [f for f in validate(journey, rules) if f.severity is Severity.ERROR]
    if errors:
        count = "1 problem" if len(errors) == 1 else f"{len(errors)} problems"
        raise ValidationError(f"journey {journey.id!r}: {count}", errors)
    return journey
