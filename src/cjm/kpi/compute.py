"""Running the catalogue: one value per KPI, period and (optionally) dealer, as plain records.

:func:`compute` runs every KPI whose tables and columns were read, for each
period asked (by default the latest complete quarter of the data), overall
and, with ``by=("dealer",)``, per dealer.  A KPI whose table or optional
column is missing is *skipped* with the reason; a division by zero or an
empty period gives a value of ``None`` (never 0 and never an error).

The results are plain attrs records (:class:`KpiValue`, :class:`Skipped`,
:class:`KpiResults`): no ibis objects, so exporters and reports read them
without the ``kpi`` extra.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from cjm.errors import CjmError
from cjm.kpi.catalogue import CATALOGUE, Catalogue, Kpi, Scope
from cjm.kpi.data import Dataset
from cjm.kpi.engine import fetch, ibis_module, rows
from cjm.kpi.periods import Period, default_period

__all__ = ["DIMENSIONS", "KpiResults", "KpiValue", "Skipped", "compute"]

#: Splits a result can have besides stage and period.
DIMENSIONS = ("dealer",)

_DEALER = "dealer_id"


@attrs.frozen(kw_only=True)
class KpiValue:
    """One KPI's value for one period, overall (``dealer`` None) or for one dealer.

    ``value`` is None when there was nothing to compute it from (no rows, or a
    division by zero).  ``n`` is how many records it rests on (orders,
    tickets, customers … as the KPI's formula counts them).  ``detail`` says
    more where a number alone cannot (the top causes of cause-distribution).
    """

    kpi: str
    stage: str
    period: str
    dealer: str | None
    value: float | None
    n: int
    detail: str = ""


@attrs.frozen(kw_only=True)
class Skipped:
    """A KPI that was not computed, and why (a missing table or column)."""

    kpi: str
    stage: str
    reason: str


@attrs.frozen(kw_only=True)
class KpiResults:
    """Every value of one run, what was skipped, and what the run read."""

    catalogue: Catalogue
    values: tuple[KpiValue, ...]
    skipped: tuple[Skipped, ...]
    periods: tuple[Period, ...]
    by: tuple[str, ...]
    engine: str
    #: table -> file it was read from (the name, with the sheet for a workbook).
    sources: Mapping[str, str]
    #: dealer id -> name, from the dealers table (empty without it).
    dealer_names: Mapping[str, str] = attrs.field(factory=dict)
    #: KPIs asked to split by dealer that could not be (their files have no dealer_id).
    unsplit: tuple[str, ...] = ()

    def value(self, kpi: str, period: str | None = None, dealer: str | None = None) -> KpiValue | None:
        """The record of one KPI for a period (default: the last) and a dealer (None: overall)."""
        wanted = period or self.periods[-1].label
        for record in self.values:
            if record.kpi == kpi and record.period == wanted and record.dealer == dealer:
                return record
        return None

    def dealers(self) -> list[str]:
        """Dealers with a value, sorted."""
        return sorted({v.dealer for v in self.values if v.dealer is not None})

    def of(self, kpi: str, period: str | None = None) -> list[KpiValue]:
        """Every dealer's record of one KPI for a period (default: the last), by dealer."""
        wanted = period or self.periods[-1].label
        rows = [v for v in self.values if v.kpi == kpi and v.period == wanted and v.dealer is not None]
        return sorted(rows, key=lambda v: v.dealer or "")

    def reads(self, kpi: Kpi) -> list[str]:
        """The files a KPI's value came from."""
        return [self.sources[t] for t in kpi.reads if t in self.sources]


def missing_for(kpi: Kpi, dataset: Dataset) -> str | None:
    """Why ``kpi`` cannot be computed from ``dataset``, or None if it can."""
    tables = [t for t in kpi.reads if t not in dataset.tables]
    if tables:
        files = ", ".join(f"{t}.csv/.parquet/.xlsx" for t in tables)
        noun = "table" if len(tables) == 1 else "tables"
        return f"needs the {noun} {', '.join(map(repr, tables))} (no {files} in the data)"
    gaps = [f"{t}.{c}" for t, columns in kpi.reads.items() for c in columns if not dataset.has(t, c)]
    if gaps:
        files = ", ".join(sorted({dataset.sources[g.split(".")[0]].name for g in gaps}))
        noun = "column" if len(gaps) == 1 else "columns"
        return f"needs the {noun} {', '.join(gaps)} ({files} has no such column)"
    return None


def compute(
    dataset: Dataset,
    *,
    catalogue: Catalogue = CATALOGUE,
    periods: Sequence[Period] | None = None,
    by: Iterable[str] = (),
) -> KpiResults:
    """Compute every KPI of ``catalogue`` that ``dataset`` allows, for each period.

    ``periods`` defaults to the latest complete quarter of the data;
    ``by=("dealer",)`` adds a value per dealer to the overall one.
    """
    split = tuple(by)
    for dimension in split:
        if dimension not in DIMENSIONS:
            raise ValueError(f"cannot split by {dimension!r}; expected {', '.join(DIMENSIONS)}")
    span = dataset.first_and_last_day()
    chosen = tuple(periods) if periods else _default_periods(span)
    covered = [p for p in chosen if span is not None and p.start <= span[1] and p.end > span[0]]
    ibis = ibis_module()
    skipped: list[Skipped] = []
    unsplit: list[str] = []
    split_kpis: list[Kpi] = []
    plans: list[tuple[Kpi, list[tuple[str, ...]]]] = []
    for kpi in catalogue:
        reason = missing_for(kpi, dataset)
        if reason is not None:
            skipped.append(Skipped(kpi=kpi.id, stage=kpi.stage, reason=reason))
            continue
        key_sets: list[tuple[str, ...]] = [()]
        if "dealer" in split:
            if kpi.split_by and all(dataset.has(t, _DEALER) for t in kpi.split_by):
                key_sets.append((_DEALER,))
                split_kpis.append(kpi)
            else:
                unsplit.append(kpi.id)
        if covered:
            plans.append((kpi, key_sets))
    values = _run_all(plans, dataset, covered, ibis)
    names = _dealer_names(dataset)
    values = _complete(values, catalogue, skipped, chosen, split_kpis, names)
    return KpiResults(
        catalogue=catalogue,
        values=tuple(values),
        skipped=tuple(skipped),
        periods=chosen,
        by=split,
        engine=dataset.engine.name,
        sources={name: source.name for name, source in dataset.sources.items()},
        dealer_names=names,
        unsplit=tuple(unsplit),
    )


def _complete(
    values: list[KpiValue],
    catalogue: Catalogue,
    skipped: Sequence[Skipped],
    periods: Sequence[Period],
    split: Sequence[Kpi],
    names: Mapping[str, str],
) -> list[KpiValue]:
    """Every computed KPI with a record for every period (and dealer): None where there was no row.

    A period outside the data's span was not queried at all; a dealer without
    rows for a KPI (no customers at the period's start, say) has no value.
    """
    have = {(v.kpi, v.period, v.dealer): v for v in values}
    dealers = sorted({v.dealer for v in values if v.dealer is not None} | set(names))
    gone = {s.kpi for s in skipped}
    out: list[KpiValue] = []
    for kpi in catalogue:
        if kpi.id in gone:
            continue
        groups: list[str | None] = [None, *dealers] if kpi in split else [None]
        for period in periods:
            for dealer in groups:
                record = have.get((kpi.id, period.label, dealer))
                out.append(
                    record
                    or KpiValue(
                        kpi=kpi.id, stage=kpi.stage, period=period.label, dealer=dealer, value=None, n=0
                    )
                )
    return out


def _default_periods(span: tuple[dt.date, dt.date] | None) -> tuple[Period, ...]:
    if span is None:
        raise CjmError("the data hold no dated rows, so there is no period to report; give one (e.g. 2026Q3)")
    return (default_period(*span),)


def _run_all(
    plans: Sequence[tuple[Kpi, Sequence[tuple[str, ...]]]],
    dataset: Dataset,
    periods: Sequence[Period],
    ibis: Any,
) -> list[KpiValue]:
    """Every KPI, period and split in one query (the engine plans and shares the work once).

    Should that query fail, each KPI runs alone, so the error names the KPI that failed.
    """
    if not plans:
        return []
    parts = [_parts(kpi, dataset, periods, keys, ibis) for kpi, keys in plans]
    query = _union([part for kpi_parts in parts for part in kpi_parts])
    try:
        table = fetch(query)
    except Exception:
        return [v for kpi, keys in plans for v in _run(kpi, dataset, periods, keys, ibis)]
    by_kpi: dict[str, list[dict[str, Any]]] = {}
    for row in table.to_pylist():
        by_kpi.setdefault(row["kpi"], []).append(row)
    return [v for kpi, _keys in plans for v in _records(kpi, by_kpi.get(kpi.id, []), periods)]


def _parts(
    kpi: Kpi, dataset: Dataset, periods: Sequence[Period], key_sets: Sequence[tuple[str, ...]], ibis: Any
) -> list[Any]:
    parts = []
    for period in periods:
        for keys in key_sets:
            scope = Scope(tables=dataset.tables, period=period, keys=keys, ibis=ibis)
            try:
                result = kpi.expression(scope)
                parts.append(
                    _normalised(result, keys, period, ibis).mutate(kpi=ibis.literal(kpi.id, "string"))
                )
            except Exception as exc:
                raise CjmError(f"KPI {kpi.id!r}: its expression failed: {exc}") from exc
    return parts


def _union(parts: Sequence[Any]) -> Any:
    query = parts[0]
    for part in parts[1:]:
        query = query.union(part)
    return query


def _run(
    kpi: Kpi, dataset: Dataset, periods: Sequence[Period], key_sets: Sequence[tuple[str, ...]], ibis: Any
) -> list[KpiValue]:
    """One KPI alone (every period and split in one query); an engine error names the KPI."""
    try:
        table = fetch(_union(_parts(kpi, dataset, periods, key_sets, ibis)))
    except CjmError:
        raise
    except Exception as exc:
        raise CjmError(f"KPI {kpi.id!r} failed on {dataset.engine.name}: {exc}") from exc
    return _records(kpi, table.to_pylist(), periods)


def _records(kpi: Kpi, rows: Sequence[dict[str, Any]], periods: Sequence[Period]) -> list[KpiValue]:
    out = []
    for row in rows:
        value = row["value"]
        if value is not None and not math.isfinite(value):
            value = None
        details = [row[c] for c in sorted(c for c in row if c.startswith("detail_")) if row[c]]
        out.append(
            KpiValue(
                kpi=kpi.id,
                stage=kpi.stage,
                period=row["period"],
                dealer=row["dealer"],
                value=value,
                n=int(row["n"] or 0),
                detail=", ".join(details),
            )
        )
    order = {p.label: i for i, p in enumerate(periods)}
    out.sort(key=lambda v: (order[v.period], v.dealer is not None, v.dealer or ""))
    return out


def _normalised(result: Any, keys: tuple[str, ...], period: Period, ibis: Any) -> Any:
    """A KPI's result in the one shape every part of the union has."""
    details = sorted(c for c in result.columns if c.startswith("detail_"))
    dealer = result[_DEALER].cast("string") if _DEALER in keys else ibis.null("string")
    columns = {
        "period": ibis.literal(period.label, "string"),
        "dealer": dealer,
        "value": result["value"].cast("float64"),
        "n": result["n"].cast("int64"),
    }
    for i in range(1, 4):
        name = f"detail_{i}"
        columns[name] = result[name].cast("string") if name in details else ibis.null("string")
    return result.select(**columns)


def _dealer_names(dataset: Dataset) -> dict[str, str]:
    if not dataset.has("dealers", "name"):
        return {}
    table = dataset.table("dealers")
    found = rows(table.select(id=table[_DEALER].cast("string"), name=table["name"]))
    return {row["id"]: row["name"] for row in found if row["id"] is not None and row["name"]}
