"""Reporting periods as people write them."""

from __future__ import annotations

import datetime as dt

import pytest

from cjm.kpi import default_period, parse_periods


@pytest.mark.parametrize(
    ("text", "labels", "first", "end"),
    [
        ("2026Q3", ["2026Q3"], dt.date(2026, 7, 1), dt.date(2026, 10, 1)),
        ("2026q4", ["2026Q4"], dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
        ("2026", ["2026"], dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
        ("2026H2", ["2026H2"], dt.date(2026, 7, 1), dt.date(2027, 1, 1)),
        ("2026-02", ["2026-02"], dt.date(2026, 2, 1), dt.date(2026, 3, 1)),
        ("2025Q4..2026Q2", ["2025Q4", "2026Q1", "2026Q2"], dt.date(2025, 10, 1), dt.date(2026, 7, 1)),
        ("2025-11..2026-01", ["2025-11", "2025-12", "2026-01"], dt.date(2025, 11, 1), dt.date(2026, 2, 1)),
        ("2026-07-01..2026-09-15", ["2026-07-01..2026-09-15"], dt.date(2026, 7, 1), dt.date(2026, 9, 16)),
        ("2026Q1, 2026Q3", ["2026Q1", "2026Q3"], dt.date(2026, 1, 1), dt.date(2026, 10, 1)),
    ],
)
def test_periods(text: str, labels: list[str], first: dt.date, end: dt.date) -> None:
    periods = parse_periods(text)
    assert [p.label for p in periods] == labels
    assert periods[0].start == first
    assert periods[-1].end == end


def test_a_period_knows_its_last_day_and_length() -> None:
    (q3,) = parse_periods("2026Q3")
    assert q3.last_day == dt.date(2026, 9, 30)
    assert q3.days == 92
    assert str(q3) == "2026Q3"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026Q5", "is not a period"),
        ("Q3 2026", "is not a period"),
        ("2026-13", "month 13 is not 1-12"),
        ("2026Q3..2026", "both ends of a range must be of one kind"),
        ("2026Q3..2026Q1", "ends before it starts"),
        (" , ", "no period given"),
    ],
)
def test_bad_periods_say_what_was_expected(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_periods(text)


def test_default_period_is_the_latest_complete_quarter() -> None:
    assert default_period(dt.date(2025, 1, 3), dt.date(2026, 9, 30)).label == "2026Q3"
    assert default_period(dt.date(2025, 1, 3), dt.date(2026, 10, 5)).label == "2026Q3"
    # data within one quarter: that quarter
    assert default_period(dt.date(2026, 8, 1), dt.date(2026, 8, 30)).label == "2026Q3"
