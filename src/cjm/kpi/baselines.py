"""Computed KPIs onto a journey: each metric's baseline, and the value–baseline–target–gap table.

:func:`baseline_rows` lines the journey's metrics up with a run's results, by
metric id: the computed value, the baseline the map had, the target and the
gap to it.  :func:`apply_baselines` writes the values into the journey as
facts: each baseline gets the value, its as-of date (the period's last day),
its source (the files it was computed from) and an evidence entry of kind
``data`` naming the data, so ``cjm check`` accepts the result (measurements
need evidence, not the dealer-and-end-user dual source of issues).

Units: a value is written only where the metric's unit means the same as the
KPI's (``일`` and ``days``, ``시간`` and ``hours`` …); hours and days convert.
A metric whose unit says something else keeps its baseline, and the row says
why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from cjm.kpi.catalogue import Kpi
from cjm.kpi.compute import KpiResults
from cjm.model import Baseline, Direction, Evidence, EvidenceKind, EvidenceMethod, Journey, Label, Metric

__all__ = [
    "GapRow",
    "Status",
    "apply_baselines",
    "baseline_rows",
    "evidence_id_for",
    "rows_by_stage",
    "unit_factor",
]

#: Unit spellings that mean a catalogue unit (compared without case or spaces).
_UNIT_WORDS = {
    "%": ("%", "percent", "퍼센트"),
    "days": ("days", "day", "d", "일", "日"),
    "hours": ("hours", "hour", "h", "hrs", "시간"),
    "/5": ("/5", "점/5", "5점", "5점만점", "outof5"),
    "points": ("points", "point", "pts", "점", "p"),
    "KRW": ("krw", "원", "₩", "won"),
    "count": ("count", "건", "명", "leads", "cases", "개"),
}
_FACTORS = {("hours", "days"): 1 / 24, ("days", "hours"): 24.0}


class Status:
    """What happened to one metric (the ``status`` of a :class:`GapRow`)."""

    WRITTEN = "written"
    NO_VALUE = "no value"
    SKIPPED = "skipped"
    UNIT = "unit differs"
    NOT_ON_MAP = "not on the map"
    NO_DEFINITION = "no definition"


@attrs.frozen(kw_only=True)
class GapRow:
    """One line of the KPI report: a metric (or a catalogue KPI) with its value, baseline, target, gap.

    ``value`` is in the metric's unit; ``previous`` is the baseline the map
    had before; ``gap`` is ``value − target`` and ``met`` says whether the
    target is reached in ``direction`` (the metric's, or the KPI's when the
    map gives none).  ``dealers`` holds each dealer's value when the run was
    split by dealer.  ``decimals`` is how many digits the value keeps (from
    the KPI's unit; None without a KPI).
    """

    stage: str | None
    metric: str
    name: str
    unit: str
    direction: Direction | None
    value: float | None
    n: int | None
    previous: Baseline | None
    target: float | None
    gap: float | None
    met: bool | None
    status: str
    note: str = ""
    detail: str = ""
    dealers: tuple[tuple[str, float | None], ...] = ()
    decimals: int | None = None

    @property
    def change(self) -> float | None:
        """How far the value is from the map's previous baseline (``value − previous``), in the unit.

        None when either is missing, or the previous baseline was only words ("60일+").
        """
        if self.value is None or self.previous is None or self.previous.value is None:
            return None
        return self.value - self.previous.value

    def extremes(self) -> tuple[str | None, str | None]:
        """The worst and the best dealer by value, in the metric's direction (None, None if it has none).

        Needs two dealers with different values; ties go to the first dealer in id order.
        """
        known = [(d, v) for d, v in self.dealers if v is not None]
        if self.direction not in (Direction.HIGHER, Direction.LOWER) or len({v for _d, v in known}) < 2:
            return None, None
        low = min(known, key=lambda pair: pair[1])[0]
        high = max(known, key=lambda pair: pair[1])[0]
        return (low, high) if self.direction is Direction.HIGHER else (high, low)


def _norm(unit: str) -> str:
    return re.sub(r"\s+", "", unit).casefold()


def unit_factor(kpi_unit: str, metric_unit: str) -> float | None:
    """The factor taking a value in ``kpi_unit`` to ``metric_unit``; None if they do not match.

    An empty metric unit takes the KPI's value as it is.
    """
    wanted = _norm(metric_unit)
    if not wanted:
        return 1.0
    for unit, words in _UNIT_WORDS.items():
        if wanted in {_norm(w) for w in words}:
            if unit == kpi_unit:
                return 1.0
            return _FACTORS.get((kpi_unit, unit))
    return None


def evidence_id_for(period: str) -> str:
    """The id of the evidence entry a run for ``period`` adds (``kpi-data-2026q3``)."""
    return "kpi-data-" + re.sub(r"[^\w.\-]+", "-", period).strip("-").lower()


def _met(value: float, target: float, direction: Direction | None) -> bool | None:
    if direction is Direction.HIGHER:
        return value >= target
    if direction is Direction.LOWER:
        return value <= target
    return None


def baseline_rows(
    journey: Journey, results: KpiResults, *, period: str | None = None, language: str | None = None
) -> list[GapRow]:
    """A row per journey metric, in stage order, then the catalogue KPIs the map lacks.

    ``period`` defaults to the run's last period.
    """
    lang = language or journey.language
    wanted = period or results.periods[-1].label
    skipped = {s.kpi: s for s in results.skipped}
    stage_order = {s.id: i for i, s in enumerate(journey.stages)}
    rows: list[GapRow] = []
    for metric in journey.metrics:
        if metric.id not in results.catalogue:
            rows.append(_row(metric, None, Status.NO_DEFINITION, note="no KPI of this id in the catalogue"))
            continue
        kpi = results.catalogue.get(metric.id)
        if metric.id in skipped:
            rows.append(_row(metric, None, Status.SKIPPED, note=skipped[metric.id].reason))
            continue
        factor = unit_factor(kpi.unit, metric.unit)
        record = results.value(metric.id, wanted)
        if factor is None:
            note = (
                f"the map's unit {metric.unit!r} is not the KPI's ({kpi.unit_text(lang)}); value not written"
            )
            rows.append(_row(metric, None, Status.UNIT, note=note))
            continue
        if record is None or record.value is None:
            n = record.n if record is not None else 0
            rows.append(_row(metric, None, Status.NO_VALUE, n=n, note=f"no data to compute it for {wanted}"))
            continue
        value = round(record.value * factor, kpi.decimals)
        rows.append(
            _row(
                metric,
                value,
                Status.WRITTEN,
                n=record.n,
                detail=record.detail,
                dealers=_dealer_values(results, kpi, wanted, factor),
                unit=metric.unit or kpi.unit_text(lang),
                decimals=kpi.decimals,
                direction=metric.direction or kpi.direction,
            )
        )
    on_map = {m.id for m in journey.metrics}
    for kpi in results.catalogue:
        if kpi.id in on_map:
            continue
        record = results.value(kpi.id, wanted)
        shown = None if record is None or record.value is None else round(record.value, kpi.decimals)
        note = skipped[kpi.id].reason if kpi.id in skipped else "the journey has no metric of this id"
        rows.append(
            GapRow(
                stage=kpi.stage,
                metric=kpi.id,
                name=kpi.label(lang),
                unit=kpi.unit_text(lang),
                direction=kpi.direction,
                value=shown,
                n=record.n if record is not None else None,
                previous=None,
                target=None,
                gap=None,
                met=None,
                status=Status.NOT_ON_MAP,
                note=note,
                detail=record.detail if record is not None else "",
                dealers=_dealer_values(results, kpi, wanted),
                decimals=kpi.decimals,
            )
        )
    rows.sort(key=lambda r: stage_order.get(r.stage or "", len(stage_order)))
    return rows


def _dealer_values(
    results: KpiResults, kpi: Kpi, period: str, factor: float = 1.0
) -> tuple[tuple[str, float | None], ...]:
    """Each dealer's value of ``kpi`` for ``period``, in the metric's unit (× ``factor``), rounded."""
    return tuple(
        (v.dealer or "", None if v.value is None else round(v.value * factor, kpi.decimals))
        for v in results.of(kpi.id, period)
    )


def _row(
    metric: Metric,
    value: float | None,
    status: str,
    *,
    n: int | None = None,
    note: str = "",
    detail: str = "",
    dealers: tuple[tuple[str, float | None], ...] = (),
    unit: str | None = None,
    decimals: int | None = None,
    direction: Direction | None = None,
) -> GapRow:
    target = metric.target
    gap = value - target if value is not None and target is not None else None
    direction = direction or metric.direction
    met = _met(value, target, direction) if value is not None and target is not None else None
    return GapRow(
        stage=metric.stage,
        metric=metric.id,
        name=metric.name,
        unit=metric.unit if unit is None else unit,
        direction=direction,
        value=value,
        n=n,
        previous=metric.baseline,
        target=target,
        gap=gap,
        met=met,
        status=status,
        note=note,
        detail=detail,
        dealers=dealers,
        decimals=decimals,
    )


def apply_baselines(
    journey: Journey,
    results: KpiResults,
    *,
    period: str | None = None,
    data_name: str = "data",
    evidence_id: str | None = None,
    language: str | None = None,
) -> tuple[Journey, list[GapRow]]:
    """The journey with every computable metric's baseline set from ``results``, and the report rows.

    Each written baseline is a fact with ``value``, ``as_of`` (the period's
    last day), ``source`` (the files read, the period and the engine) and the
    evidence entry ``evidence_id`` (default ``kpi-data-<period>``), which is
    added to the journey's evidence (replacing one of the same id), of kind
    ``data`` with ``data_name`` (the data folder) as its reference.  Metrics
    without a value keep their baseline.
    """
    wanted = period or results.periods[-1].label
    chosen = next((p for p in results.periods if p.label == wanted), None)
    if chosen is None:
        raise ValueError(
            f"the results have no period {wanted!r}; they have {', '.join(map(str, results.periods))}"
        )
    rows = baseline_rows(journey, results, period=wanted, language=language)
    written = {r.metric: r for r in rows if r.status == Status.WRITTEN}
    if not written:
        return journey, rows
    record_id = evidence_id or evidence_id_for(wanted)
    metrics = []
    for metric in journey.metrics:
        row = written.get(metric.id)
        if row is None or row.value is None:
            metrics.append(metric)
            continue
        kpi = results.catalogue.get(metric.id)
        files = ", ".join(results.reads(kpi))
        baseline = Baseline(
            value=row.value,
            as_of=chosen.last_day,
            source=f"{data_name}: {files} ({wanted}, n={row.n}, cjm kpi on {results.engine})",
            label=Label.FACT,
            evidence=(record_id,),
            text=_text(row, metric) if row.detail else None,
        )
        metrics.append(attrs.evolve(metric, baseline=baseline))
    evidence = Evidence(
        id=record_id,
        date=chosen.last_day,
        method=EvidenceMethod.DOCUMENT,
        source_role="internal",
        kind=EvidenceKind.DATA,
        reference=data_name,
        summary=(
            f"KPI baselines for {wanted} computed by cjm kpi from the company's records "
            f"({', '.join(sorted(set(results.sources.values())))})"
        ),
        tags=("kpi", wanted),
    )
    kept = [e for e in journey.evidence if e.id != record_id]
    updated = attrs.evolve(journey, metrics=tuple(metrics), evidence=(*kept, evidence))
    return updated, rows


def _text(row: GapRow, metric: Metric) -> str:
    """The figure as the map shows it, where the value needs words (cause-distribution's causes)."""
    from cjm.grid import format_value

    assert row.value is not None
    return f"{format_value(row.value, metric.unit)} ({row.detail})"


def rows_by_stage(rows: Iterable[GapRow]) -> dict[str | None, list[GapRow]]:
    """Rows grouped by stage, in the order given."""
    out: dict[str | None, list[GapRow]] = {}
    for row in rows:
        out.setdefault(row.stage, []).append(row)
    return out
