"""Computed values onto the journey's metrics: value, as-of date, source, evidence; units; the gap table."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import cjm
from cjm.kpi import (
    GapRow,
    KpiResults,
    Status,
    apply_baselines,
    baseline_rows,
    render_markdown,
    render_terminal,
)
from cjm.kpi.baselines import unit_factor
from cjm.kpi.report import width
from cjm.validate import Severity, all_rules, validate

#: The hand-computed period of the world (its results also hold 2026Q2 and 2030Q1).
Q3 = "2026Q3"


def _metric(journey: cjm.Journey, metric_id: str) -> cjm.Metric:
    return journey.metric(metric_id)


def test_values_become_facts_with_date_source_and_evidence(
    seed_journey: cjm.Journey, world_results: dict[str, KpiResults]
) -> None:
    updated, rows = apply_baselines(seed_journey, world_results["duckdb"], data_name="data", period=Q3)
    otd = _metric(updated, "otd-dealer").baseline
    assert otd is not None
    assert (otd.value, otd.as_of, otd.label) == (60.0, dt.date(2026, 9, 30), cjm.Label.FACT)
    assert otd.source == "data: orders.csv (2026Q3, n=5, cjm kpi on duckdb)"
    assert otd.evidence == ("kpi-data-2026q3",)
    record = next(e for e in updated.evidence if e.id == "kpi-data-2026q3")
    assert record.kind is cjm.EvidenceKind.DATA
    assert record.reference == "data"
    assert record.date == dt.date(2026, 9, 30)
    # the seed's text "60일+" gives way to the measured value
    second = _metric(updated, "inquiry-time-2nd").baseline
    assert second is not None
    assert (second.value, second.text) == (32.5, None)
    # a value that needs words keeps them as the map's text
    causes = _metric(updated, "cause-distribution").baseline
    assert causes is not None
    assert causes.text == "80% (quality, spec-change, storage-mixing)"
    # metrics the catalogue does not define keep their hypotheses
    assert _metric(updated, "quality-rate") == _metric(seed_journey, "quality-rate")
    written = {r.metric for r in rows if r.status == Status.WRITTEN}
    assert len(written) == 28
    assert "quality-rate" not in written


def test_the_result_passes_cjm_check(seed_journey: cjm.Journey, world_results: dict[str, KpiResults]) -> None:
    updated, _ = apply_baselines(seed_journey, world_results["duckdb"], data_name="data", period=Q3)
    errors = [f for f in validate(updated, all_rules()) if f.severity is Severity.ERROR]
    assert errors == []
    again, _ = apply_baselines(updated, world_results["duckdb"], data_name="data", period=Q3)
    assert [e.id for e in again.evidence].count("kpi-data-2026q3") == 1  # a rerun replaces its entry


def test_rounding_follows_the_unit(seed_journey: cjm.Journey, world_results: dict[str, KpiResults]) -> None:
    updated, _ = apply_baselines(seed_journey, world_results["duckdb"], period=Q3)
    values = {m.id: m.baseline.value for m in updated.metrics if m.baseline is not None}
    assert values["qto"] == 66.7  # 2/3, one decimal for %
    assert values["initial-support-csat"] == 3.67  # two decimals for /5
    assert values["ltv"] == 10667.0  # whole won


def test_units_hours_to_days_and_mismatches(
    seed_journey: cjm.Journey, world_results: dict[str, KpiResults]
) -> None:
    metrics = list(seed_journey.metrics)
    for i, metric in enumerate(metrics):
        if metric.id == "response-lead-time":
            metrics[i] = attrs.evolve(metric, unit="일")  # the KPI is in hours
        if metric.id == "otd-dealer":
            metrics[i] = attrs.evolve(metric, unit="건")  # not a percentage
    journey = attrs.evolve(seed_journey, metrics=tuple(metrics))
    updated, rows = apply_baselines(journey, world_results["duckdb"], period=Q3)
    lead = _metric(updated, "response-lead-time").baseline
    assert lead is not None
    assert lead.value == pytest.approx(0.3)  # 6.4 hours
    otd_row = next(r for r in rows if r.metric == "otd-dealer")
    assert otd_row.status == Status.UNIT
    assert "'건'" in otd_row.note
    assert _metric(updated, "otd-dealer").baseline == _metric(seed_journey, "otd-dealer").baseline
    assert unit_factor("days", "Days") == 1.0
    assert unit_factor("hours", "days") == pytest.approx(1 / 24)
    assert unit_factor("%", "") == 1.0
    assert unit_factor("%", "원") is None


def test_gap_to_target_in_the_metric_s_direction(
    seed_journey: cjm.Journey, world_results: dict[str, KpiResults]
) -> None:
    targets = {"otd-dealer": 70.0, "ttru": 3.0, "fcr": 50.0}
    journey = attrs.evolve(
        seed_journey,
        metrics=tuple(attrs.evolve(m, target=targets.get(m.id, m.target)) for m in seed_journey.metrics),
    )
    rows = {r.metric: r for r in baseline_rows(journey, world_results["duckdb"], period=Q3)}
    assert (rows["otd-dealer"].gap, rows["otd-dealer"].met) == (-10.0, False)  # higher is better
    assert (rows["ttru"].gap, rows["ttru"].met) == (0.5, False)  # lower is better
    assert (rows["fcr"].gap, rows["fcr"].met) == (10.0, True)
    assert rows["otd-dealer"].previous is not None
    assert rows["otd-dealer"].previous.value == 70
    assert dict(rows["otd-dealer"].dealers) == {"D1": 50.0, "D2": 66.7, "D3": None}


def test_nothing_to_write_for_a_period_without_data(
    seed_journey: cjm.Journey, world_results: dict[str, KpiResults]
) -> None:
    updated, rows = apply_baselines(seed_journey, world_results["duckdb"], period="2030Q1")
    assert updated is seed_journey
    assert {r.status for r in rows if r.metric == "otd-dealer"} == {Status.NO_VALUE}
    with pytest.raises(ValueError, match="no period '2031Q1'"):
        apply_baselines(seed_journey, world_results["duckdb"], period="2031Q1")


def test_catalogue_kpis_the_map_lacks_are_listed(
    seed_journey: cjm.Journey, world_results: dict[str, KpiResults]
) -> None:
    rows = baseline_rows(seed_journey, world_results["duckdb"], period=Q3)
    lacking = [r for r in rows if r.status == Status.NOT_ON_MAP]
    assert [r.metric for r in lacking] == ["inquiry-time"]
    assert lacking[0].value == 14.2
    assert lacking[0].stage == "everyday-use"
    undefined = [r.metric for r in rows if r.status == Status.NO_DEFINITION]
    assert "timely-reorder" in undefined
    assert "material-freshness-check" in undefined


def _rows(journey: cjm.Journey, results: KpiResults) -> list[GapRow]:
    return apply_baselines(journey, results, period=Q3)[1]


def test_terminal_report_lines_up_in_korean(
    seed_journey: cjm.Journey, world_results: dict[str, KpiResults]
) -> None:
    results = world_results["duckdb"]
    text = render_terminal(seed_journey, results, _rows(seed_journey, results), period=Q3)
    lines = text.splitlines()
    assert lines[0] == f"KPI 베이스라인 — {seed_journey.title}"
    assert "기간: 2026Q3" in lines[1]
    otd = next(line for line in lines if line.startswith("otd-dealer"))
    assert "60%" in otd
    assert "70% (가설)" in otd
    assert "가딜러 50%, 나딜러 66.7%, 다딜러 –" in otd
    header = next(line for line in lines if line.startswith("ID"))
    cut = width(header.split("  딜러별")[0])
    table = [line for line in lines if line.split(" ")[0] in {m.id for m in seed_journey.metrics}]
    for line in table:  # every row's columns end where the header's do, Hangul counted as two
        prefix = ""
        for char in line:
            if width(prefix) >= cut:
                break
            prefix += char
        assert width(prefix) == cut, line
    assert "[검토/주문]" in text
    assert "카탈로그에 정의가 없는 지표" in text


def test_markdown_report(seed_journey: cjm.Journey, world_results: dict[str, KpiResults]) -> None:
    results = world_results["duckdb"]
    text = render_markdown(seed_journey, results, _rows(seed_journey, results), period=Q3, language="en")
    assert text.startswith(f"# KPI baselines — {seed_journey.title}\n")
    assert "## 검토/주문" in text
    assert (
        "| **딜러 창고 제때 공급률 (On-Time Delivery to Dealer)** `otd-dealer` | 60% | 70% (hypothesis) |"
        in text
    )
    assert "| By dealer |" in text or "By dealer" in text
    assert "inquiry-time" in text
    assert "not on the map" in text
