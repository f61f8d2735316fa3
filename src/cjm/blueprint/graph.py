"""The blueprint as a graph, built from the journey's records when an analysis needs it.

:func:`blueprint_graph` gives every element and link as a networkx
``MultiDiGraph`` (for GraphML and for anyone who wants networkx's algorithms);
:func:`causal_edges` gives the causal links only, which the root-cause
and impact analyses run on (:mod:`cjm.blueprint.causes`).  Causal edges
point from cause to effect: a process that ``causes`` a pain point, the
department that performs a process (``performed_by`` reversed) and the
system it uses (``uses`` reversed).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from cjm.model import Journey, LinkKind

__all__ = ["CAUSAL_KINDS", "blueprint_graph", "causal_edges"]

#: Link kinds that carry cause and effect, and whether the edge runs against the link.
CAUSAL_KINDS: dict[LinkKind, bool] = {
    LinkKind.CAUSES: False,
    LinkKind.PERFORMED_BY: True,
    LinkKind.USES: True,
}


def causal_edges(journey: Journey) -> Iterable[tuple[str, str]]:
    """(cause, effect) for every causal link."""
    for link in journey.blueprint.links:
        reversed_ = CAUSAL_KINDS.get(link.kind)
        if reversed_ is None:
            continue
        yield (link.target, link.source) if reversed_ else (link.source, link.target)


def blueprint_graph(journey: Journey) -> nx.MultiDiGraph:
    """Every blueprint element (nodes, pain points, metrics, hand-offs) and every link."""
    graph = nx.MultiDiGraph(journey=journey.id, title=journey.title)
    for node in journey.blueprint.nodes:
        graph.add_node(
            node.id,
            element=node.kind.value,
            name=node.name,
            layer=node.layer.value if node.layer else "",
            stage=node.stage or "",
            fail_point=node.fail_point,
        )
    for pain in journey.pain_points:
        graph.add_node(
            pain.id,
            element="pain_point",
            name=pain.text,
            stage=pain.stage,
            severity=pain.severity or 0,
            frequency=pain.frequency or 0,
            label=pain.label.value,
        )
    for metric in journey.metrics:
        graph.add_node(metric.id, element="metric", name=metric.name, stage=metric.stage or "")
    for handoff in journey.blueprint.handoffs:
        graph.add_node(
            handoff.id,
            element="handoff",
            name=f"{handoff.source} → {handoff.target}",
            stage=handoff.stage or "",
            items="; ".join(handoff.items),
            sla=handoff.sla or "",
        )
    for link in journey.blueprint.links:
        graph.add_edge(link.source, link.target, key=link.kind.value, kind=link.kind.value, note=link.note)
    for opportunity in journey.opportunities:
        graph.add_node(
            opportunity.id, element="opportunity", name=opportunity.text, owner=opportunity.owner or ""
        )
        for pain_id in opportunity.addresses:
            graph.add_edge(opportunity.id, pain_id, key="addresses", kind="addresses", note="")
    return graph
