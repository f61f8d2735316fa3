"""Step-by-step construction of a journey in a script."""

from __future__ import annotations

from typing import Any

import attrs

from cjm.model.elements import (
    Emotion,
    Evidence,
    Item,
    Lane,
    Metric,
    MomentOfTruth,
    Opportunity,
    PainPoint,
    Persona,
    Stage,
)
from cjm.model.journey import Journey
from cjm.model.vocab import Label, LaneKind

__all__ = ["JourneyBuilder"]


class JourneyBuilder:
    """The one mutable way to assemble a journey; :meth:`build` returns it frozen.

    >>> b = JourneyBuilder(id="support", title="Support journey", language="en")
    >>> b.stage("ask", "Ask for help").lane("channels", "Channels", kind="touchpoints")
    ... # doctest: +ELLIPSIS
    <cjm.model.builder.JourneyBuilder object at ...>
    >>> b.add("ask", "channels", "Call centre")
    ... # doctest: +ELLIPSIS
    <cjm.model.builder.JourneyBuilder object at ...>
    >>> b.build().items("ask", "channels")[0].text
    'Call centre'

    Every method returns the builder, so calls chain.  Nothing is checked
    across objects until :func:`cjm.validate` (or :func:`cjm.ensure_valid`).
    """

    def __init__(self, *, id: str, title: str, **journey_fields: Any) -> None:
        self._fields: dict[str, Any] = {"id": id, "title": title, **journey_fields}
        self._stages: list[Stage] = []
        self._lanes: list[Lane] = []
        self._cells: dict[str, dict[str, list[Item]]] = {}
        self._lists: dict[str, list[Any]] = {
            name: []
            for name in (
                "personas",
                "emotions",
                "moments_of_truth",
                "pain_points",
                "opportunities",
                "metrics",
                "evidence",
            )
        }

    def stage(self, id: str, name: str, **fields: Any) -> JourneyBuilder:
        """Append a stage."""
        self._stages.append(Stage(id=id, name=name, **fields))
        return self

    def lane(self, id: str, name: str, *, kind: LaneKind | str, **fields: Any) -> JourneyBuilder:
        """Append a lane."""
        self._lanes.append(Lane(id=id, name=name, kind=LaneKind(kind), **fields))
        return self

    def add(
        self, stage: str, lane: str, text: str, *, label: Label | str = Label.HYPOTHESIS, **fields: Any
    ) -> JourneyBuilder:
        """Append an item to the cell at ``stage`` × ``lane``."""
        item = Item(text=text, label=Label(label), **fields)
        self._cells.setdefault(stage, {}).setdefault(lane, []).append(item)
        return self

    def persona(self, persona: Persona) -> JourneyBuilder:
        """Append a persona."""
        self._lists["personas"].append(persona)
        return self

    def emotion(self, stage: str, score: float, **fields: Any) -> JourneyBuilder:
        """Set a point of the emotion curve."""
        self._lists["emotions"].append(Emotion(stage=stage, score=score, **fields))
        return self

    def moment_of_truth(self, stage: str, *metrics: str, note: str = "") -> JourneyBuilder:
        """Mark a stage as a Moment of Truth managed by the given metric ids."""
        self._lists["moments_of_truth"].append(MomentOfTruth(stage=stage, metrics=metrics, note=note))
        return self

    def pain_point(self, id: str, stage: str, text: str, **fields: Any) -> JourneyBuilder:
        """Append a pain point."""
        self._lists["pain_points"].append(PainPoint(id=id, stage=stage, text=text, **fields))
        return self

    def opportunity(self, id: str, text: str, **fields: Any) -> JourneyBuilder:
        """Append an opportunity."""
        self._lists["opportunities"].append(Opportunity(id=id, text=text, **fields))
        return self

    def metric(self, metric: Metric) -> JourneyBuilder:
        """Append a metric."""
        self._lists["metrics"].append(metric)
        return self

    def evidence(self, evidence: Evidence) -> JourneyBuilder:
        """Append a VOC log entry."""
        self._lists["evidence"].append(evidence)
        return self

    def build(self) -> Journey:
        """The frozen journey as assembled so far (the builder stays usable)."""
        fields: dict[str, Any] = {**self._fields, **self._lists}
        return Journey(stages=tuple(self._stages), lanes=tuple(self._lanes), cells=self._cells, **fields)

    @classmethod
    def from_journey(cls, journey: Journey) -> JourneyBuilder:
        """A builder holding a copy of ``journey``, to extend it step by step."""
        fields = attrs.asdict(journey, recurse=False)
        builder = cls(id=fields.pop("id"), title=fields.pop("title"))
        builder._stages = list(fields.pop("stages"))
        builder._lanes = list(fields.pop("lanes"))
        builder._cells = {
            s: {lane: list(items) for lane, items in row.items()} for s, row in fields.pop("cells").items()
        }
        for name in builder._lists:
            builder._lists[name] = list(fields.pop(name))
        builder._fields.update(fields)
        return builder
