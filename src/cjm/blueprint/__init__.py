"""The service blueprint: a graph built from the journey's records, and its analyses.

See :mod:`cjm.blueprint.analyses` for what each analysis returns.
"""

from cjm.blueprint.analyses import (
    Cause,
    Crossing,
    HandoffReport,
    Impact,
    Orphans,
    PainWeights,
    RootCauses,
    all_root_causes,
    handoff_reports,
    impact_ranking,
    lane_crossings,
    orphans,
    pain_weight,
    rework_loops,
    root_causes,
)
from cjm.blueprint.graph import blueprint_graph

__all__ = [
    "Cause",
    "Crossing",
    "HandoffReport",
    "Impact",
    "Orphans",
    "PainWeights",
    "RootCauses",
    "all_root_causes",
    "blueprint_graph",
    "handoff_reports",
    "impact_ranking",
    "lane_crossings",
    "orphans",
    "pain_weight",
    "rework_loops",
    "root_causes",
]
