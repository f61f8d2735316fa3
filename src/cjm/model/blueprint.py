"""Service-blueprint records: what happens behind the map, and who and what causes each pain.

A journey map shows *what* hurts; the blueprint shows *why* — the internal
processes, systems and departments behind each pain point — and the hand-offs
between parties with the information each must carry.  These are plain
records kept in the journey file; :mod:`cjm.blueprint` builds a graph from
them when an analysis needs one.

Links point from a node to what it acts on:

=============  ===============================  =================================
kind           from                             to
=============  ===============================  =================================
causes         process, system, department,     a pain point, or another node
               action, hand-off                 (system X makes process Y fail)
performed_by   process or action                department
uses           process or action                system
next           action or process                action or process (the flow;
                                                a cycle is a rework loop)
measured_by    pain point                       metric
=============  ===============================  =================================
"""

from __future__ import annotations

import datetime as dt

import attrs

from cjm.model.checks import by_id, doc, finite, non_blank, slug, tuple_field
from cjm.model.vocab import Layer, LinkKind, NodeKind

__all__ = ["Blueprint", "Handoff", "HandoffRecord", "Link", "Node"]


@attrs.frozen(kw_only=True)
class Node:
    """An action, process, system, department or piece of physical evidence."""

    id: str = attrs.field(validator=slug, metadata=doc("Stable id, used by links."))
    kind: NodeKind = attrs.field(
        converter=NodeKind, metadata=doc("action, process, system, department, evidence.")
    )
    name: str = attrs.field(validator=non_blank, metadata=doc("Name shown on the blueprint."))
    layer: Layer | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(Layer),
        metadata=doc("Swimlane: physical_evidence, customer, frontstage, backstage, support."),
    )
    stage: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(slug), metadata=doc("Id of the journey stage.")
    )
    fail_point: bool = attrs.field(default=False, metadata=doc("A point where the service often fails."))
    description: str = attrs.field(default="", metadata=doc("What happens here."))


@attrs.frozen(kw_only=True)
class Link:
    """A typed relation from one element (node, pain point) to another."""

    source: str = attrs.field(
        validator=slug, metadata=doc("Id of the node (or pain point) the link starts at.")
    )
    target: str = attrs.field(
        validator=slug, metadata=doc("Id of the node, pain point or metric it points to.")
    )
    kind: LinkKind = attrs.field(
        converter=LinkKind, metadata=doc("causes, performed_by, uses, next, measured_by.")
    )
    note: str = attrs.field(default="", metadata=doc("Why the link holds."))


@attrs.frozen(kw_only=True)
class HandoffRecord:
    """One observed hand-off: which of the required items it carried."""

    date: dt.date | None = attrs.field(default=None, metadata=doc("When (YYYY-MM-DD)."))
    reference: str | None = attrs.field(default=None, metadata=doc("Ticket or case number."))
    present: tuple[str, ...] = tuple_field("The required items that were there.")
    hours: float | None = attrs.field(
        default=None, validator=finite, metadata=doc("How long it took, in hours.")
    )


@attrs.frozen(kw_only=True)
class Handoff:
    """A hand-off between two parties, the information it must carry, and its service level."""

    id: str = attrs.field(validator=slug, metadata=doc("Stable id."))
    source: str = attrs.field(
        validator=non_blank, metadata=doc("Who hands over: a node id or a party's name.")
    )
    target: str = attrs.field(
        validator=non_blank, metadata=doc("Who takes over: a node id or a party's name.")
    )
    stage: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(slug), metadata=doc("Id of the journey stage.")
    )
    items: tuple[str, ...] = tuple_field("Information items the hand-off must carry.")
    sla: str | None = attrs.field(default=None, metadata=doc("The service level, as agreed, e.g. '24h'."))
    sla_hours: float | None = attrs.field(
        default=None, validator=finite, metadata=doc("The service level in hours, to check records against.")
    )
    records: tuple[HandoffRecord, ...] = tuple_field("Observed hand-offs, for the completeness %.")


@attrs.frozen(kw_only=True)
class Blueprint:
    """The service blueprint behind a journey: nodes, typed links, hand-offs."""

    nodes: tuple[Node, ...] = tuple_field("The elements.")
    links: tuple[Link, ...] = tuple_field("Typed relations.")
    handoffs: tuple[Handoff, ...] = tuple_field("Hand-offs with their checklists.")

    def node(self, node_id: str) -> Node:
        """The node with this id; ``KeyError`` if there is none."""
        return by_id(self.nodes, node_id, "blueprint node")
