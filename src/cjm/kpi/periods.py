"""Reporting periods: ``2026``, ``2026H2``, ``2026Q3``, ``2026-07``, date ranges, and runs of them.

A period is a half-open range of days, ``start <= day < end``, with a label.
Every KPI is computed for one period at a time; a run of periods
(``2025Q1..2026Q2``) gives one result per period.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

__all__ = ["Period", "default_period", "parse_periods", "quarter_of"]

_YEAR = re.compile(r"(\d{4})")
_HALF = re.compile(r"(\d{4})[-]?H([12])", re.IGNORECASE)
_QUARTER = re.compile(r"(\d{4})[-]?Q([1-4])", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@attrs.frozen(kw_only=True, order=False)
class Period:
    """A labelled range of days, ``start`` included, ``end`` excluded."""

    label: str
    start: dt.date
    end: dt.date

    def __attrs_post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"period {self.label!r}: start {self.start} must be before end {self.end}")

    @property
    def last_day(self) -> dt.date:
        """The last day in the period (the as-of date of its figures)."""
        return self.end - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        """How many days the period has."""
        return (self.end - self.start).days

    def __str__(self) -> str:
        return self.label


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _one(text: str) -> tuple[str, Period]:
    """(kind, period) of one period written alone."""
    text = text.strip()
    if m := _QUARTER.fullmatch(text):
        year, q = int(m[1]), int(m[2])
        return "quarter", Period(
            label=f"{year}Q{q}", start=_month_start(year, 3 * q - 2), end=_month_start(year, 3 * q + 1)
        )
    if m := _HALF.fullmatch(text):
        year, h = int(m[1]), int(m[2])
        return "half", Period(
            label=f"{year}H{h}", start=_month_start(year, 6 * h - 5), end=_month_start(year, 6 * h + 1)
        )
    if m := _DAY.fullmatch(text):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return "day", Period(label=day.isoformat(), start=day, end=day + dt.timedelta(days=1))
    if m := _MONTH.fullmatch(text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: month {month} is not 1-12")
        return "month", Period(
            label=f"{year}-{month:02d}", start=_month_start(year, month), end=_month_start(year, month + 1)
        )
    if m := _YEAR.fullmatch(text):
        year = int(m[1])
        return "year", Period(label=str(year), start=dt.date(year, 1, 1), end=dt.date(year + 1, 1, 1))
    raise ValueError(
        f"{text!r} is not a period: expected 2026, 2026H2, 2026Q3, 2026-07, 2026-07-01, "
        "or a range such as 2025Q1..2026Q2 or 2026-07-01..2026-09-15"
    )


def _step(kind: str, period: Period) -> Period:
    """The period of the same kind that follows ``period``."""
    if kind == "day":
        return _one(period.end.isoformat())[1]
    start = period.end
    if kind == "year":
        return _one(str(start.year))[1]
    if kind == "half":
        return _one(f"{start.year}H{(start.month - 1) // 6 + 1}")[1]
    if kind == "quarter":
        return _one(f"{start.year}Q{(start.month - 1) // 3 + 1}")[1]
    return _one(f"{start.year}-{start.month:02d}")[1]


def parse_periods(text: str) -> tuple[Period, ...]:
    """Periods from text: one period, a comma-separated list, or ranges ``A..B``.

    ``2025Q3..2026Q1`` is three quarters; ``2026-07-01..2026-09-15`` (days at both
    ends) is one custom period from the first day to the last, both included.
    Raises ``ValueError`` saying what was expected.
    """
    out: list[Period] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if ".." not in part:
            out.append(_one(part)[1])
            continue
        first_text, last_text = (s.strip() for s in part.split("..", 1))
        kind, first = _one(first_text)
        last_kind, last = _one(last_text)
        if kind != last_kind:
            raise ValueError(
                f"{part!r}: both ends of a range must be of one kind (got {kind} and {last_kind})"
            )
        if last.start < first.start:
            raise ValueError(f"{part!r}: the range ends before it starts")
        if kind == "day":
            out.append(Period(label=part.replace(" ", ""), start=first.start, end=last.end))
            continue
        current = first
        while current.start <= last.start:
            out.append(current)
            current = _step(kind, current)
    if not out:
        raise ValueError("no period given")
    return tuple(dict.fromkeys(out))


def quarter_of(day: dt.date) -> Period:
    """The calendar quarter containing ``day``."""
    return _one(f"{day.year}Q{(day.month - 1) // 3 + 1}")[1]


def default_period(first: dt.date, last: dt.date) -> Period:
    """The period to report when none is asked for: the latest complete quarter of the data.

    A quarter is complete when the data reach its last day.  When the data do
    not span a whole quarter, the quarter holding their last day is used.
    """
    quarter = quarter_of(last)
    if quarter.last_day == last:
        return quarter
    previous = quarter_of(quarter.start - dt.timedelta(days=1))
    return previous if previous.start >= first else quarter
