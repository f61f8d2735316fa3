"""Every KPI against hand-computed values (tests/kpi/world.py), on DuckDB and on Spark.

Also: an empty period gives no value (never 0), a division by zero gives no
value, and a count in a period the data cover but that has no rows is a true 0.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from cjm.errors import CjmError
from cjm.kpi import CATALOGUE, Catalogue, Dataset, Kpi, KpiResults, Scope, compute, parse_periods
from cjm.kpi.catalogue import UNITS
from cjm.model import Direction
from cjm.voc.survey import Instrument, score_histogram
from tests.kpi.world import EXPECTED, EXPECTED_N, TABLES

PRESET_IDS = {
    "portal-usage", "info-completeness", "new-leads", "qto", "order-accuracy", "order-rejection",
    "otd-dealer", "dos", "ttru", "onboarding-completion", "first-week-reinquiry", "noncompliance-issues",
    "initial-support-csat", "reorder-interval", "ttfr", "inquiry-time", "csat", "nps", "fcr",
    "response-lead-time", "handoff-completeness", "cause-distribution", "new-repurchase",
    "existing-repurchase", "churn", "ltv",
}  # fmt: skip


def _close(actual: float | None, expected: float | None) -> bool:
    if expected is None or actual is None:
        return actual is expected
    return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9)


def test_catalogue_has_every_preset_metric_id(b2b_preset_metrics: set[str]) -> None:
    ids = {k.id for k in CATALOGUE}
    assert ids >= PRESET_IDS
    assert b2b_preset_metrics <= ids
    assert set(EXPECTED) == ids  # every KPI has a hand-computed value


def test_every_kpi_is_described(b2b_preset_metrics: set[str]) -> None:
    for kpi in CATALOGUE:
        assert kpi.unit in UNITS
        assert isinstance(kpi.direction, Direction)
        assert all(kpi.name), kpi.id
        assert all(kpi.formula), kpi.id
        assert kpi.reads, kpi.id
        assert all(t in TABLES for t in kpi.reads), kpi.id


@pytest.mark.parametrize("kpi_id", sorted(EXPECTED))
def test_kpi_overall_and_by_dealer(
    kpi_id: str, engine_name: str, world_results: dict[str, KpiResults]
) -> None:
    results = world_results[engine_name]
    overall, by_dealer = EXPECTED[kpi_id]
    record = results.value(kpi_id, "2026Q3")
    assert record is not None
    assert _close(record.value, overall), (record.value, overall)
    if kpi_id in EXPECTED_N:
        assert record.n == EXPECTED_N[kpi_id]
    for dealer, value in by_dealer.items():
        found = results.value(kpi_id, "2026Q3", dealer)
        assert _close(found.value if found else None, value), (dealer, found, value)
    with_value = {v.dealer for v in results.of(kpi_id, "2026Q3") if v.value is not None}
    assert with_value == {d for d, v in by_dealer.items() if v is not None}


@pytest.mark.parametrize("kpi_id", sorted(EXPECTED))
def test_empty_period_has_no_value(
    kpi_id: str, engine_name: str, world_results: dict[str, KpiResults]
) -> None:
    record = world_results[engine_name].value(kpi_id, "2030Q1")
    assert record is None or record.value is None
    assert all(v.value is None for v in world_results[engine_name].of(kpi_id, "2030Q1"))


def test_division_by_zero_is_no_value_not_zero(
    engine_name: str, world_results: dict[str, KpiResults]
) -> None:
    results = world_results[engine_name]
    # D2 had no customer at the start of Q3; D3 holds stock but sold nothing.
    for kpi_id, dealer in (("churn", "D2"), ("existing-repurchase", "D2"), ("ltv", "D2"), ("dos", "D3")):
        record = results.value(kpi_id, "2026Q3", dealer)
        assert record is not None, (kpi_id, dealer, record)
        assert record.value is None, (kpi_id, dealer, record)


def test_a_period_inside_the_data_without_rows_has_no_value(
    engine_name: str, world_results: dict[str, KpiResults]
) -> None:
    # Nobody was onboarded or first supplied in 2026Q2, and nobody first ordered then.
    results = world_results[engine_name]
    for kpi_id in ("ttru", "onboarding-completion", "first-week-reinquiry", "new-repurchase"):
        record = results.value(kpi_id, "2026Q2")
        assert record is not None, record
        assert record.value is None, record
        assert record.n == 0, record
    # …but C1's first reorder was on 2026-06-20, 526 days after the first order.
    ttfr = results.value("ttfr", "2026Q2")
    assert ttfr is not None
    assert ttfr.value == 526.0


def test_a_count_in_a_covered_period_without_rows_is_zero(
    engine_name: str, world_results: dict[str, KpiResults]
) -> None:
    # Leads run from February to October 2026; none was added in Q2.
    record = world_results[engine_name].value("new-leads", "2026Q2")
    assert record is not None
    assert record.value == 0.0
    assert record.n == 0


def test_cause_distribution_names_the_top_causes(
    engine_name: str, world_results: dict[str, KpiResults]
) -> None:
    record = world_results[engine_name].value("cause-distribution", "2026Q3")
    assert record is not None
    assert record.detail == "quality, spec-change, storage-mixing"


def test_nps_matches_the_survey_module(world_results: dict[str, KpiResults]) -> None:
    answers = [int(row[4]) for row in TABLES["survey_responses"][1] if row[3] == "nps"]
    counts = {a: answers.count(a) for a in set(answers)}
    expected = score_histogram(Instrument.NPS, counts).value
    record = world_results["duckdb"].value("nps", "2026Q3")
    assert record is not None
    assert expected is not None
    assert math.isclose(record.value or 0.0, expected)


def test_both_engines_give_the_same_records(world_results: dict[str, KpiResults]) -> None:
    def key(results: KpiResults) -> dict[tuple[str, str, str | None], tuple[float | None, int, str]]:
        return {(v.kpi, v.period, v.dealer): (v.value, v.n, v.detail) for v in results.values}

    duck, spark = key(world_results["duckdb"]), key(world_results["spark"])
    assert duck.keys() == spark.keys()
    for k, (value, n, detail) in duck.items():
        other = spark[k]
        assert _close(value, other[0]), (k, duck[k], other)
        assert n == other[1], (k, duck[k], other)
        assert detail == other[2], (k, duck[k], other)


def test_your_own_kpi_runs_like_the_shipped_ones(engine_name: str, world_data: dict[str, Dataset]) -> None:
    def big_orders(s: Scope) -> Any:
        orders = s.within("orders", "order_date")
        return s.share(orders, orders["amount"] >= 3000)

    mine = Kpi(
        id="big-orders",
        stage="evaluation",
        name=("큰 주문 비율", "Share of big orders"),
        formula=("3000원 이상 주문 / 주문 × 100", "orders of 3000 or more / orders × 100"),
        unit="%",
        direction="higher",
        reads={"orders": ("order_date", "amount")},
        expression=big_orders,
        split_by=("orders",),
    )
    catalogue = Catalogue((mine,))
    results = compute(
        world_data[engine_name], catalogue=catalogue, periods=parse_periods("2026Q3"), by=("dealer",)
    )
    overall, d1 = results.value("big-orders"), results.value("big-orders", dealer="D1")
    assert overall is not None
    assert overall.value == 50.0  # O3, O5, O8 of six
    assert d1 is not None
    assert d1.value == 50.0
    assert CATALOGUE.with_kpis(mine).get("big-orders") is mine
    assert len(CATALOGUE.with_kpis(mine)) == len(CATALOGUE) + 1


def test_catalogue_refuses_duplicate_ids() -> None:
    kpi = CATALOGUE.get("otd-dealer")
    with pytest.raises(ValueError, match="two KPIs have the id 'otd-dealer'"):
        Catalogue((kpi, kpi))
    with pytest.raises(KeyError, match="no KPI 'nope'"):
        CATALOGUE.only(("otd-dealer", "nope"))


def test_a_failing_kpi_is_named(world_data: dict[str, Dataset]) -> None:
    def broken_at_run_time(s: Scope) -> Any:
        orders = s.within("orders", "order_date")
        return s.mean(orders, orders["customer_id"].cast("int64"))  # 'C1' is no number

    def broken_when_built(s: Scope) -> Any:
        return s.table("orders")["no_such_column"]

    def kpi(kpi_id: str, expression: Any) -> Kpi:
        return Kpi(
            id=kpi_id,
            stage="evaluation",
            name=("x", "x"),
            formula=("x", "x"),
            unit="count",
            direction="higher",
            reads={"orders": ("order_date",)},
            expression=expression,
        )

    data = world_data["duckdb"]
    periods = parse_periods("2026Q3")
    catalogue = Catalogue((CATALOGUE.get("otd-dealer"), kpi("broken", broken_at_run_time)))
    with pytest.raises(CjmError, match=r"KPI 'broken' failed on duckdb: .*Conversion Error"):
        compute(data, catalogue=catalogue, periods=periods)
    with pytest.raises(CjmError, match="KPI 'built': its expression failed"):
        compute(data, catalogue=Catalogue((kpi("built", broken_when_built),)), periods=periods)
