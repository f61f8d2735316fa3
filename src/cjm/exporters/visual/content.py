"""What the visual map shows: for each lane and stage, its cards, and the emotion curve.

This is the map read once from the journey, before any drawing: each card
carries its text, label, the evidence behind it (cited by the card or naming
it in ``supports``), the evidence against it, the findings of ``cjm check``
that point at it, and what the page's detail panel shows (KPIs, the blueprint
causes of a pain point).  The layout draws it; the page embeds it as data.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from cjm.blueprint import all_root_causes
from cjm.exporters.emotions import measured
from cjm.exporters.visual.words import WORDS
from cjm.grid import baseline_text, format_number, format_value, quick_win
from cjm.i18n import pick
from cjm.model import (
    Emotion,
    Evidence,
    Journey,
    Label,
    Lane,
    LaneKind,
    LinkKind,
    Metric,
    Stage,
)
from cjm.validate import Finding, Severity, all_rules, claims, validate

__all__ = ["Card", "CurveSeries", "MapContent", "Row", "map_content"]


@attrs.frozen(kw_only=True)
class Card:
    """One thing shown in a cell: an item, a pain point, a KPI, an opportunity, a MoT."""

    key: str
    kind: str  # item, pain, metric, opportunity, mot
    text: str
    label: Label | None
    stage: str
    lane: str
    #: A short second line: severity, baseline → target, value × effort …
    detail: str = ""
    severity: int | None = None
    evidence: tuple[Evidence, ...] = ()
    against: tuple[Evidence, ...] = ()
    findings: tuple[Finding, ...] = ()
    #: A softer flag than a finding: a hypothesis at a Moment of Truth.
    caution: str | None = None
    personas: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Row:
    """A lane of the map, with its cards per stage; ``kind`` is the lane's kind."""

    lane: Lane
    cells: dict[str, tuple[Card, ...]]

    @property
    def kind(self) -> LaneKind:
        """What the lane holds."""
        return self.lane.kind


@attrs.frozen(kw_only=True)
class CurveSeries:
    """One persona's emotion curve (``persona`` None: the journey's own), a point or None per stage."""

    persona: str | None
    name: str
    points: tuple[Emotion | None, ...]


@attrs.frozen(kw_only=True)
class MapContent:
    """The map's content, ready to lay out."""

    journey: Journey
    language: str
    stages: tuple[Stage, ...]
    rows: tuple[Row, ...]
    curves: tuple[CurveSeries, ...]
    #: Index into ``rows`` before which the emotion curve is drawn.
    curve_at: int
    moments: frozenset[str]
    #: The card of each point of the curve, by the emotion's index in ``journey.emotions``.
    points: dict[int, Card]
    #: Findings that point at no card (the evidence log, the stage count …).
    general: tuple[Finding, ...]
    evidence_index: dict[str, Evidence]

    def cards(self) -> list[Card]:
        """Every card, in lane and stage order, then the points of the curve."""
        cells = [card for row in self.rows for stage in self.stages for card in row.cells.get(stage.id, ())]
        return cells + list(self.points.values())

    def word(self, key: str) -> str:
        """The page's word ``key`` in the map's language."""
        return pick(WORDS[key], self.language)


def _signed(value: float) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + format_number(abs(value))


def _metric_detail(metric: Metric, content_lang: str) -> str:
    baseline = metric.baseline
    now = baseline_text(metric) or pick(WORDS["no_baseline"], content_lang)
    if metric.target is None:
        return now
    target = format_value(metric.target, metric.unit)
    if baseline is None or baseline.value is None:
        return f"{now} → {target}"
    gap = baseline.value - metric.target
    return f"{now} → {target} ({pick(WORDS['gap'], content_lang)} {_signed(gap)})"


def map_content(
    journey: Journey, *, language: str | None = None, findings: Sequence[Finding] | None = None
) -> MapContent:
    """The content of the visual map of a valid journey."""
    lang = language or journey.language
    found = list(validate(journey, all_rules()) if findings is None else findings)
    by_path: dict[tuple[str | int, ...], list[Finding]] = {}
    general: list[Finding] = []
    for finding in found:
        if finding.severity is Severity.INFO:
            continue
        key = _anchor(finding.path)
        if key is None:
            general.append(finding)
        else:
            by_path.setdefault(key, []).append(finding)
    backing = {claim.path: claim for claim in claims(journey)}
    moments = frozenset(m.stage for m in journey.moments_of_truth)
    persona_ids = {p.id for p in journey.personas}
    causes = all_root_causes(journey) if journey.blueprint.links else None
    measured_by: dict[str, list[str]] = {}
    for link in journey.blueprint.links:
        if link.kind is LinkKind.MEASURED_BY:
            measured_by.setdefault(link.source, []).append(link.target)

    def card(
        kind: str,
        path: tuple[str | int, ...],
        stage: str,
        lane: str,
        text: str,
        label: Label | None,
        **extra: object,
    ) -> Card:
        claim = backing.get(path if kind != "metric" else (*path, "baseline"))
        caution = None
        if label is Label.HYPOTHESIS and stage in moments:
            caution = pick(WORDS["flag.mot_hypothesis"], lang)
        return Card(
            key="-".join(str(p) for p in path),
            kind=kind,
            text=text,
            label=label,
            stage=stage,
            lane=lane,
            evidence=claim.supporting if claim is not None else (),
            against=claim.contradicting if claim is not None else (),
            findings=tuple(by_path.get(path, ())),
            caution=caution,
            **extra,  # type: ignore[arg-type]
        )

    index = {id(p): i for i, p in enumerate(journey.pain_points)}
    opp_index = {id(o): i for i, o in enumerate(journey.opportunities)}
    metric_index = {m.id: i for i, m in enumerate(journey.metrics)}
    rows = []
    for lane in journey.lanes:
        cells: dict[str, tuple[Card, ...]] = {}
        for stage in journey.stages:
            cards: list[Card] = []
            kind = lane.kind
            if kind.holds_items:
                for i, item in enumerate(journey.items(stage.id, lane.id)):
                    tags = tuple(t for t in item.tags if t in persona_ids)
                    cards.append(
                        card(
                            "item",
                            ("cells", stage.id, lane.id, i),
                            stage.id,
                            lane.id,
                            item.text,
                            item.label,
                            personas=tags,
                        )
                    )
            elif kind is LaneKind.PAIN_POINTS:
                for pain in journey.pain_points_at(stage.id):
                    parts = []
                    if pain.severity is not None:
                        parts.append(f"{pick(WORDS['severity'], lang)} {pain.severity}/5")
                    if pain.frequency is not None:
                        parts.append(f"{pick(WORDS['frequency'], lang)} {pain.frequency}/5")
                    cards.append(
                        card(
                            "pain",
                            ("pain_points", index[id(pain)]),
                            stage.id,
                            lane.id,
                            pain.text,
                            pain.label,
                            detail=" · ".join(parts),
                            severity=pain.severity,
                            metrics=tuple(measured_by.get(pain.id, ())),
                            causes=tuple(c.name for c in causes[pain.id]) if causes is not None else (),
                            personas=tuple(t for t in pain.tags if t in persona_ids),
                        )
                    )
            elif kind is LaneKind.OPPORTUNITIES:
                for opp in journey.opportunities_at(stage.id):
                    detail = ""
                    if opp.value is not None and opp.effort is not None:
                        detail = pick(WORDS["value_effort"], lang).format(v=opp.value, e=opp.effort)
                        if quick_win(opp):
                            detail += f" · {pick(WORDS['quick_win'], lang)}"
                    cards.append(
                        card(
                            "opportunity",
                            ("opportunities", opp_index[id(opp)]),
                            stage.id,
                            lane.id,
                            opp.text,
                            opp.label,
                            detail=detail,
                            personas=tuple(t for t in opp.tags if t in persona_ids),
                        )
                    )
            elif kind is LaneKind.METRICS:
                for metric in journey.metrics_at(stage.id):
                    label = metric.baseline.label if metric.baseline is not None else None
                    cards.append(
                        card(
                            "metric",
                            ("metrics", metric_index[metric.id]),
                            stage.id,
                            lane.id,
                            metric.display_name,
                            label,
                            detail=_metric_detail(metric, lang),
                            metrics=(metric.id,),
                        )
                    )
            elif kind is LaneKind.MOMENT_OF_TRUTH:
                moment = journey.moment_of_truth(stage.id)
                if moment is not None:
                    i = journey.moments_of_truth.index(moment)
                    names = ", ".join(
                        journey.metric(m).display_name for m in moment.metrics if m in metric_index
                    )
                    text = f"★ {pick(WORDS['mot.short'], lang)}" + (
                        f" — {moment.note}" if moment.note else ""
                    )
                    cards.append(
                        card(
                            "mot",
                            ("moments_of_truth", i),
                            stage.id,
                            lane.id,
                            text,
                            None,
                            detail=names,
                            metrics=moment.metrics,
                        )
                    )
            if cards:
                cells[stage.id] = tuple(cards)
        if lane.kind is not LaneKind.EMOTIONS:
            rows.append(Row(lane=lane, cells=cells))
    stage_names = {stage.id: stage.name for stage in journey.stages}
    points = {}
    for i, emotion in enumerate(journey.emotions):
        who = next((p.name for p in journey.personas if p.id == emotion.persona), None)
        text = f"{content_word('emotion', lang)} · {stage_names.get(emotion.stage, emotion.stage)}"
        if who:
            text += f" · {who}"
        detail = measured(emotion, lang)
        if emotion.note:
            detail += f" — {emotion.note}"
        points[i] = card(
            "emotion",
            ("emotions", i),
            emotion.stage,
            "emotion-curve",
            text,
            emotion.label,
            detail=detail,
            personas=(emotion.persona,) if emotion.persona else (),
        )
    return MapContent(
        journey=journey,
        points=points,
        language=lang,
        stages=journey.stages,
        rows=tuple(rows),
        curves=_curves(journey),
        curve_at=_curve_position(journey),
        moments=moments,
        general=tuple(general),
        evidence_index={e.id: e for e in journey.evidence},
    )


def content_word(key: str, language: str) -> str:
    """The picture's word ``key`` in ``language``."""
    return pick(WORDS[key], language)


def _anchor(path: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """The card a finding's path points into, or None for findings about the whole journey."""
    if len(path) >= 4 and path[0] == "cells":
        return path[:4]
    if len(path) >= 2 and path[0] in (
        "pain_points",
        "opportunities",
        "metrics",
        "moments_of_truth",
        "emotions",
    ):
        return path[:2]
    return None


def _curves(journey: Journey) -> tuple[CurveSeries, ...]:
    """One series for the journey's own scores, then one per persona with scores of its own."""
    scored = {e.persona for e in journey.emotions}
    owners = [p for p in (None, *(x.id for x in journey.personas)) if p in scored]
    owners += sorted(p for p in scored if p is not None and p not in owners)  # unknown ids: validation's job
    series = []
    for persona in owners:
        if persona is None:  # the journey's own scores: its first persona's, unless that one has its own
            first = journey.personas[0] if journey.personas else None
            name = (
                first.name
                if first is not None and first.id not in scored
                else content_word("all", journey.language)
            )
        else:
            name = next((p.name for p in journey.personas if p.id == persona), persona)
        points = tuple(journey.emotion(stage.id, persona) for stage in journey.stages)
        series.append(CurveSeries(persona=persona, name=name, points=points))
    return tuple(series)


def _curve_position(journey: Journey) -> int:
    """Where the curve goes: at the emotions lane, else after the last lane of actions or thoughts."""
    lanes = list(journey.lanes)
    rows = [lane for lane in lanes if lane.kind is not LaneKind.EMOTIONS]
    for i, lane in enumerate(lanes):
        if lane.kind is LaneKind.EMOTIONS:
            return sum(1 for other in lanes[:i] if other.kind is not LaneKind.EMOTIONS)
    last = max((i for i, lane in enumerate(rows) if lane.kind.holds_items), default=len(rows) - 1)
    return last + 1
