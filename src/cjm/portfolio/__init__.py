"""Portfolios: several journeys side by side (per dealer, persona, product group or language).

:func:`compare` groups journeys by stage set and compares each group stage by
stage (emotion, pain points by severity, evidence coverage) and KPI by KPI;
it lists journeys that share no stage set on their own, with the reason, and
ranks the blueprint causes behind pain points of several journeys.  The
result (:class:`Portfolio`) is plain data, drawn by
:func:`cjm.exporters.excel.portfolio.portfolio_workbook`,
:func:`cjm.exporters.powerpoint.portfolio.portfolio_deck` and
:func:`cjm.portfolio.html.portfolio_html` (the project's index page).
"""

from __future__ import annotations

from cjm.portfolio.compare import (
    SEVERITIES,
    CausedPain,
    Coverage,
    Group,
    KpiRow,
    KpiValue,
    Member,
    Portfolio,
    SeverityCounts,
    SharedCause,
    Single,
    StageCell,
    StageRow,
    compare,
)
from cjm.portfolio.html import portfolio_html

__all__ = [
    "SEVERITIES",
    "CausedPain",
    "Coverage",
    "Group",
    "KpiRow",
    "KpiValue",
    "Member",
    "Portfolio",
    "SeverityCounts",
    "SharedCause",
    "Single",
    "StageCell",
    "StageRow",
    "compare",
    "portfolio_html",
]
