"""KPI baselines from operational data, and journey analytics from event logs.

A company's records (orders, tickets, surveys … one file per table, see
:mod:`cjm.kpi.schema`) are read onto an engine (:func:`read_data`: DuckDB in
this process by default, Spark on request), seed 000's KPI catalogue
(:data:`CATALOGUE`, one ibis expression per KPI) is computed per period and
dealer (:func:`compute`), and the values become the journey's baselines
(:func:`apply_baselines`)::

    import cjm
    from cjm import kpi

    journey = cjm.load("journey.yaml")
    with kpi.read_data("data/") as data:
        results = kpi.compute(data, periods=kpi.parse_periods("2026Q3"), by=("dealer",))
    updated, rows = kpi.apply_baselines(journey, results, data_name="data")
    cjm.save(updated, "journey-with-baselines.yaml")

Importing this package needs nothing beyond cjm; reading data and computing
need the ``kpi`` extra (``pip install 'cjmkit[kpi]'``; ``cjmkit[kpi,spark]``
for Spark), and say so with :class:`~cjm.errors.MissingDependencyError`.
"""

from cjm.kpi.analytics import FunnelStep, JourneyAnalytics, PathCount, TouchpointUse, analyse_journey
from cjm.kpi.baselines import GapRow, Status, apply_baselines, baseline_rows
from cjm.kpi.catalogue import CATALOGUE, Catalogue, Kpi, Scope
from cjm.kpi.compute import KpiResults, KpiValue, Skipped, compute
from cjm.kpi.data import Dataset, Source, TableMapping, read_data, read_mapping
from cjm.kpi.engine import ENGINES, Engine, connect
from cjm.kpi.periods import Period, default_period, parse_periods
from cjm.kpi.report import KpiReport, PeriodRows, kpi_report, render_markdown, render_terminal
from cjm.kpi.schema import SCHEMA, Column, ColumnType, Schema, TableSpec
from cjm.kpi.synthetic import generate

__all__ = [
    "CATALOGUE",
    "ENGINES",
    "SCHEMA",
    "Catalogue",
    "Column",
    "ColumnType",
    "Dataset",
    "Engine",
    "FunnelStep",
    "GapRow",
    "JourneyAnalytics",
    "Kpi",
    "KpiReport",
    "KpiResults",
    "KpiValue",
    "PathCount",
    "Period",
    "PeriodRows",
    "Schema",
    "Scope",
    "Skipped",
    "Source",
    "Status",
    "TableMapping",
    "TableSpec",
    "TouchpointUse",
    "analyse_journey",
    "apply_baselines",
    "baseline_rows",
    "compute",
    "connect",
    "default_period",
    "generate",
    "kpi_report",
    "parse_periods",
    "read_data",
    "read_mapping",
    "render_markdown",
    "render_terminal",
]
