"""The journey: stages, lanes, the content of each cell and the records behind them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from cjm.model.blueprint import Blueprint
from cjm.model.checks import by_id, doc, non_blank, slug, tuple_field
from cjm.model.elements import (
    Emotion,
    Evidence,
    EvidencePolicy,
    Item,
    Lane,
    Metric,
    MomentOfTruth,
    Opportunity,
    PainPoint,
    Persona,
    Scale,
    Stage,
    StageQuestions,
)

__all__ = ["Cells", "Journey"]

#: Content of the map: stage id -> lane id -> items, read-only.
Cells = Mapping[str, Mapping[str, tuple[Item, ...]]]


def freeze_cells(cells: Mapping[str, Mapping[str, Iterable[Item]]]) -> Cells:
    """Read-only copy of ``cells`` with empty cells and empty stages dropped.

    Dropping empties makes "no items" have one representation, so two journeys
    with the same content compare equal however they were built.
    """
    frozen: dict[str, Mapping[str, tuple[Item, ...]]] = {}
    for stage_id, lanes in cells.items():
        row = {lane_id: tuple(items) for lane_id, items in lanes.items()}
        row = {lane_id: items for lane_id, items in row.items() if items}
        if row:
            frozen[stage_id] = MappingProxyType(row)
    return MappingProxyType(frozen)


@attrs.frozen(kw_only=True)
class Journey:
    """One persona's journey, stage by stage, with the evidence behind it.

    ``cells[stage_id][lane_id]`` holds the items of lanes whose kind
    :attr:`~cjm.LaneKind.holds_items`; the other lanes show the journey's
    emotions, moments of truth, pain points, metrics and opportunities.
    """

    id: str = attrs.field(validator=slug, metadata=doc("Stable id of the journey."))
    title: str = attrs.field(validator=non_blank, metadata=doc("Title shown on every output."))
    description: str = attrs.field(default="", metadata=doc("Scope and purpose of the map."))
    language: str = attrs.field(default="en", metadata=doc("Language of the content: 'ko', 'en' …"))
    version: str = attrs.field(
        default="1.0", validator=non_blank, metadata=doc("Map version: '1.0' (hypotheses), '2.0' …")
    )
    updated: dt.date | None = attrs.field(default=None, metadata=doc("Date of this version (YYYY-MM-DD)."))
    owner: str | None = attrs.field(
        default=None, metadata=doc("Who keeps the map true: a person or department.")
    )
    last_verified: dt.date | None = attrs.field(
        default=None,
        metadata=doc("When the map was last checked against the field (YYYY-MM-DD); else `updated` counts."),
    )
    preset: str | None = attrs.field(
        default=None, metadata=doc("The preset the journey started from; its shipped question bank applies.")
    )
    personas: tuple[Persona, ...] = tuple_field("The personas; the first is the one the map is seen through.")
    stages: tuple[Stage, ...] = tuple_field("The stages, in order.")
    lanes: tuple[Lane, ...] = tuple_field("The lanes, in order.")
    cells: Cells = attrs.field(
        factory=dict,
        converter=freeze_cells,
        eq=True,
        hash=False,
        metadata=doc("Content of the map: stage id -> lane id -> list of items."),
    )
    emotion_scale: Scale = attrs.field(factory=Scale, metadata=doc("Range of emotion scores."))
    emotions: tuple[Emotion, ...] = tuple_field("The emotion curve: a score per stage (and persona).")
    moments_of_truth: tuple[MomentOfTruth, ...] = tuple_field("The stages that are Moments of Truth.")
    pain_points: tuple[PainPoint, ...] = tuple_field("Pain points, each at a stage.")
    opportunities: tuple[Opportunity, ...] = tuple_field("Improvement opportunities.")
    metrics: tuple[Metric, ...] = tuple_field("KPIs with definitions, baselines and targets.")
    evidence: tuple[Evidence, ...] = tuple_field("The VOC log: evidence behind the content.")
    blueprint: Blueprint = attrs.field(
        factory=Blueprint, metadata=doc("The service blueprint behind the map.")
    )
    questions: tuple[StageQuestions, ...] = tuple_field(
        "Interview questions per stage, beyond the shipped bank."
    )
    evidence_policy: EvidencePolicy = attrs.field(
        factory=EvidencePolicy, metadata=doc("Thresholds and roles of the evidence rules (`cjm check`).")
    )
    stated_stage_count: int | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.ge(1)),
        metadata=doc("The number of stages the project's documents state, checked against the stages."),
    )

    # --- lookups -----------------------------------------------------------------

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id; ``KeyError`` if there is none."""
        return by_id(self.stages, stage_id, "stage")

    def lane(self, lane_id: str) -> Lane:
        """The lane with this id; ``KeyError`` if there is none."""
        return by_id(self.lanes, lane_id, "lane")

    def persona(self, persona_id: str) -> Persona:
        """The persona with this id; ``KeyError`` if there is none."""
        return by_id(self.personas, persona_id, "persona")

    def metric(self, metric_id: str) -> Metric:
        """The metric with this id; ``KeyError`` if there is none."""
        return by_id(self.metrics, metric_id, "metric")

    def items(self, stage_id: str, lane_id: str) -> tuple[Item, ...]:
        """Items of one cell; empty if the cell is empty."""
        return self.cells.get(stage_id, {}).get(lane_id, ())

    def moment_of_truth(self, stage_id: str) -> MomentOfTruth | None:
        """The Moment of Truth at this stage, or None if the stage is not one."""
        return next((m for m in self.moments_of_truth if m.stage == stage_id), None)

    def emotion(self, stage_id: str, persona_id: str | None = None) -> Emotion | None:
        """The emotion score at this stage for this persona (None: the journey's own)."""
        return next((e for e in self.emotions if e.stage == stage_id and e.persona == persona_id), None)

    def pain_points_at(self, stage_id: str) -> tuple[PainPoint, ...]:
        """Pain points of one stage, in file order."""
        return tuple(p for p in self.pain_points if p.stage == stage_id)

    def opportunities_at(self, stage_id: str) -> tuple[Opportunity, ...]:
        """Opportunities of one stage, in file order."""
        return tuple(o for o in self.opportunities if o.stage == stage_id)

    def metrics_at(self, stage_id: str) -> tuple[Metric, ...]:
        """Metrics of one stage, in file order."""
        return tuple(m for m in self.metrics if m.stage == stage_id)

    def ordered_cells(self) -> Iterator[tuple[str, str, tuple[Item, ...]]]:
        """Every non-empty cell as (stage id, lane id, items), in stage and lane order.

        Cells under ids the journey does not declare come last, in file order,
        so that nothing is hidden from a caller (validation reports them).
        """
        stage_order = _order([s.id for s in self.stages], self.cells)
        lane_ids = [lane.id for lane in self.lanes]
        for stage_id in stage_order:
            row = self.cells[stage_id]
            for lane_id in _order(lane_ids, row):
                yield stage_id, lane_id, row[lane_id]

    def all_items(self) -> Iterator[tuple[str, str, int, Item]]:
        """Every item as (stage id, lane id, index, item), in stage and lane order."""
        for stage_id, lane_id, items in self.ordered_cells():
            for index, item in enumerate(items):
                yield stage_id, lane_id, index, item


def _order(declared: list[str], present: Mapping[str, Any]) -> list[str]:
    unique = dict.fromkeys(declared)  # declared ids, each once, in order
    return [key for key in unique if key in present] + [key for key in present if key not in unique]
