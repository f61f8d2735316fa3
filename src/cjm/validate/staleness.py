"""Staleness rules: a map is true on the day it was checked against the field, and ages after.

:func:`staleness_rules` makes the rules for :func:`cjm.validate` under a limit
of ``days``; something checked exactly ``days`` ago is still fresh.  A date in
the future is never stale.  ``cjm check --stale-after DAYS`` runs them, and so
does a project build, with the project's ``staleness: days``.

================  ========  ============================================================
rule              severity  what it checks
================  ========  ============================================================
stale-journey     warning   the journey was verified (``last_verified``, else
                            ``updated``) within the limit; a journey with neither date
                            gets a note (info) that it was never verified
stale-record      warning   an item, pain point, opportunity or metric with its own
                            ``last_verified`` was verified within the limit
stale-hypothesis  warning   a hypothesis older than the limit (its record's
                            ``last_verified``, else the journey's ``updated``) has
                            gained evidence, for or against
stale-evidence    warning   a fact has at least one piece of evidence within the limit;
                            evidence without a date never counts as old
================  ========  ============================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cjm.model import Journey, Label
from cjm.validate.evidence import _short, claims
from cjm.validate.findings import Finding, Path, Severity
from cjm.validate.structure import Rule

__all__ = ["staleness_rules"]

#: The journey's collections whose records carry ``last_verified``, checked by ``stale-record``.
_RECORDS = (("pain_points", "pain point"), ("opportunities", "opportunity"), ("metrics", "metric"))


def staleness_rules(days: int = 180, today: dt.date | None = None) -> tuple[Rule, ...]:
    """The staleness rules under a limit of ``days``, ready for :func:`cjm.validate`.

    ``today`` is the day ages are counted to (default: the day the rules run).
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ValueError(f"days must be a whole number, 0 or more; got {days!r}")

    def now() -> dt.date:
        return today if today is not None else dt.date.today()

    def age(date: dt.date, on: dt.date) -> str:
        elapsed = (on - date).days
        return f"{date.isoformat()}, {elapsed} day{'' if elapsed == 1 else 's'} ago; {_limit(days)}"

    def stale_journey(journey: Journey) -> Iterator[Finding]:
        on = now()
        if journey.last_verified is not None:
            date, field, what = journey.last_verified, "last_verified", "was last verified"
        elif journey.updated is not None:
            date, field, what = journey.updated, "updated", "has not been verified since its version of"
        else:
            yield Finding(
                rule="stale-journey",
                severity=Severity.INFO,
                path=("last_verified",),
                message="the journey was never verified: it has no last_verified date and no updated date",
            )
            return
        if (on - date).days > days:
            yield Finding(
                rule="stale-journey",
                severity=Severity.WARNING,
                path=(field,),
                message=f"the journey {what} {age(date, on)}",
            )

    def stale_record(journey: Journey) -> Iterator[Finding]:
        on = now()
        records: list[tuple[Path, str, dt.date | None]] = [
            (("cells", stage_id, lane_id, index), f"item {_short(item.text)!r}", item.last_verified)
            for stage_id, lane_id, index, item in journey.all_items()
        ]
        for name, noun in _RECORDS:
            for index, record in enumerate(getattr(journey, name)):
                records.append(((name, index), f"{noun} {record.id!r}", record.last_verified))
        for path, what, date in records:
            if date is not None and (on - date).days > days:
                yield Finding(
                    rule="stale-record",
                    severity=Severity.WARNING,
                    path=(*path, "last_verified"),
                    message=f"{what} was last verified {age(date, on)}",
                )

    def stale_hypothesis(journey: Journey) -> Iterator[Finding]:
        on = now()
        verified = _verified_dates(journey)
        for claim in claims(journey):
            if claim.label is not Label.HYPOTHESIS or claim.supporting or claim.contradicting:
                continue
            own = verified.get(claim.path)
            date = own if own is not None else journey.updated
            if date is None or (on - date).days <= days:
                continue
            since = "last verified" if own is not None else "since the journey's version of"
            yield Finding(
                rule="stale-hypothesis",
                severity=Severity.WARNING,
                path=claim.path,
                message=f"{_short(claim.text)!r} is a hypothesis no evidence has backed or refuted, "
                f"{since} {age(date, on)}",
            )

    def stale_evidence(journey: Journey) -> Iterator[Finding]:
        on = now()
        for claim in claims(journey):
            if claim.label is not Label.FACT or not claim.supporting:
                continue
            dates = [e.date for e in claim.supporting]
            if any(date is None or (on - date).days <= days for date in dates):
                continue
            newest = max(date for date in dates if date is not None)
            ids = ", ".join(e.id for e in claim.supporting)
            yield Finding(
                rule="stale-evidence",
                severity=Severity.WARNING,
                path=claim.path,
                message=f"{_short(claim.text)!r} is a fact whose newest evidence ({ids}) dates from "
                f"{age(newest, on)}",
            )

    return stale_journey, stale_record, stale_hypothesis, stale_evidence


def _verified_dates(journey: Journey) -> dict[Path, dt.date]:
    """The ``last_verified`` of each claim's record that has one, by the claim's path (emotions have none)."""
    dates: dict[Path, dt.date | None] = {
        ("cells", stage_id, lane_id, index): item.last_verified
        for stage_id, lane_id, index, item in journey.all_items()
    }
    for name, _ in _RECORDS:
        for index, record in enumerate(getattr(journey, name)):
            dates[(name, index, "baseline") if name == "metrics" else (name, index)] = record.last_verified
    return {path: date for path, date in dates.items() if date is not None}


def _limit(days: int) -> str:
    return f"the project's limit is {days} day{'' if days == 1 else 's'}"
