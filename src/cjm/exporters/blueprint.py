"""The service blueprint as GraphML (for yEd, Gephi, networkx) and as a Mermaid flowchart.

The flowchart draws the five swimlanes as subgraphs in blueprint order, the
pain points beside them, each link labelled by its kind; fail points are
marked ⚠ and styled, causal links are drawn thick.  The three lines of the
blueprint (interaction, visibility, internal interaction) are the borders
between the swimlane subgraphs, named in each subgraph's title.
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO

import networkx as nx

from cjm.blueprint import blueprint_graph
from cjm.exporters import check_options
from cjm.exporters.reports import LINES
from cjm.i18n import pick, vocabulary
from cjm.model import Journey, Layer, LinkKind, NodeKind

__all__ = ["GraphmlExporter", "MermaidBlueprintExporter", "render_flowchart"]

_LAYER_ORDER = (Layer.PHYSICAL_EVIDENCE, Layer.CUSTOMER, Layer.FRONTSTAGE, Layer.BACKSTAGE, Layer.SUPPORT)
_WORDS = {
    "unplaced": ("레인 미지정", "no lane"),
    "departments": ("담당 부서", "Departments and owners"),
    "pains": ("Pain Point", "Pain points"),
    "links": {
        LinkKind.CAUSES: ("원인", "causes"),
        LinkKind.PERFORMED_BY: ("수행", "performed by"),
        LinkKind.USES: ("사용", "uses"),
        LinkKind.NEXT: ("다음", "next"),
        LinkKind.MEASURED_BY: ("지표", "measured by"),
    },
}


class GraphmlExporter:
    """The blueprint graph as GraphML: every node, pain point, metric, hand-off, opportunity and link."""

    name = "graphml"
    suffixes = (".graphml",)
    description = "The service blueprint as GraphML: nodes, pain points, metrics and typed links."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        check_options(self.name, options, {})
        buffer = io.BytesIO()
        nx.write_graphml(blueprint_graph(journey), buffer, encoding="utf-8", prettyprint=True)
        dest.write(buffer.getvalue())


def _label(text: str) -> str:
    """Text for a Mermaid node or edge label: quoted, with Mermaid's own characters escaped."""
    escaped = text.replace("&", "&amp;").replace('"', "#quot;").replace("<", "&lt;").replace(">", "&gt;")
    return '"' + " ".join(escaped.split()) + '"'


def _node_id(element: str) -> str:
    """A Mermaid-safe node id (ids may hold Hangul, dots and hyphens)."""
    return "n_" + "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in element)


def render_flowchart(journey: Journey, *, language: str | None = None) -> str:
    """The Mermaid flowchart source of the blueprint."""
    lang = language or journey.language
    lines = ["flowchart TB", f"    %% {' '.join(journey.title.split())}"]
    by_layer: dict[Layer | str | None, list[str]] = {}
    for node in journey.blueprint.nodes:
        label = _label(("⚠ " if node.fail_point else "") + node.name)  # every fail point, whatever its kind
        if node.kind is NodeKind.SYSTEM:
            shape = f"[({label})]"
        elif node.kind is NodeKind.DEPARTMENT:
            shape = f"([{label}])"
        else:
            shape = f"[{label}]"
        group: Layer | str | None = node.layer
        if group is None and node.kind is NodeKind.DEPARTMENT:
            group = "departments"
        by_layer.setdefault(group, []).append(f"{_node_id(node.id)}{shape}")
    for index, layer in enumerate((*_LAYER_ORDER, "departments", None)):
        members = by_layer.get(layer)
        if not members:
            continue
        if isinstance(layer, Layer):
            title = vocabulary(layer, lang)
        else:
            title = pick(_WORDS["departments" if layer else "unplaced"], lang)  # type: ignore[arg-type]
        below = LINES.get(layer) if isinstance(layer, Layer) else None
        if below is not None:
            title += f" ── {pick(below, lang)} ──"
        lines.append(f"    subgraph lane{index}[{_label(title)}]")
        lines.extend(f"        {member}" for member in members)
        lines.append("    end")
    linked = {link.source for link in journey.blueprint.links} | {
        link.target for link in journey.blueprint.links
    }
    pains = [p for p in journey.pain_points if p.id in linked]
    if pains:
        lines.append(f"    subgraph pains[{_label(pick(_WORDS['pains'], lang))}]")  # type: ignore[arg-type]
        lines.extend(f"        {_node_id(p.id)}{{{{{_label(p.text)}}}}}" for p in pains)
        lines.append("    end")
    metrics = {m.id: m for m in journey.metrics}
    measured = {link.target for link in journey.blueprint.links if link.kind is LinkKind.MEASURED_BY}
    for metric_id in sorted(measured):
        if metric_id in metrics:
            lines.append(f"    {_node_id(metric_id)}[/{_label(metrics[metric_id].display_name)}/]")
    link_words: dict[LinkKind, tuple[str, str]] = _WORDS["links"]  # type: ignore[assignment]
    for link in journey.blueprint.links:
        arrow = (
            "==>" if link.kind is LinkKind.CAUSES else "-.->" if link.kind is LinkKind.MEASURED_BY else "-->"
        )
        word = pick(link_words[link.kind], lang)
        lines.append(f"    {_node_id(link.source)} {arrow}|{_label(word)}| {_node_id(link.target)}")
    fail_points = [_node_id(n.id) for n in journey.blueprint.nodes if n.fail_point]
    lines.append("    classDef fail fill:#fde2e2,stroke:#c0392b,stroke-width:2px")
    lines.append("    classDef pain fill:#fff4d6,stroke:#b7791f")
    if fail_points:
        lines.append(f"    class {','.join(fail_points)} fail")
    if pains:
        lines.append(f"    class {','.join(_node_id(p.id) for p in pains)} pain")
    return "\n".join(lines) + "\n"


class MermaidBlueprintExporter:
    """The blueprint as a Mermaid flowchart with swimlanes, fail points and typed links."""

    name = "mermaid-blueprint"
    suffixes = (".blueprint.mmd",)
    description = "The service blueprint as a Mermaid flowchart: swimlanes, fail points, causes."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        opts = check_options(self.name, options, {"language": None})
        dest.write(render_flowchart(journey, language=opts["language"]).encode("utf-8"))
