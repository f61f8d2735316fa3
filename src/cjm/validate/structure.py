"""Structural rules: every id unique, every reference resolves, every score on its scale.

Each rule is a function from a journey to findings; :data:`STRUCTURE_RULES`
lists them.  The seed's evidence rules (field evidence first, dual source …)
plug into the same mechanism as another rule set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from cjm.model import Journey, LaneKind, LinkKind
from cjm.validate.findings import Finding, Path, Severity, format_path
from cjm.validate.text import control_characters

__all__ = ["STRUCTURE_RULES", "Rule"]

#: A rule: a journey in, findings out.  Its ``__name__`` (with - for _) names the rule.
Rule = Callable[[Journey], Iterable[Finding]]

_COLLECTIONS = ("stages", "lanes", "personas", "metrics", "evidence", "pain_points", "opportunities")

_WHERE_DERIVED = {
    LaneKind.EMOTIONS: "emotions",
    LaneKind.MOMENT_OF_TRUTH: "moments_of_truth",
    LaneKind.PAIN_POINTS: "pain_points",
    LaneKind.METRICS: "metrics (with a baseline)",
    LaneKind.OPPORTUNITIES: "opportunities",
}


def _claim_ids(journey: Journey) -> Iterator[tuple[Path, str]]:
    """(where, id) of every claim evidence can support or contradict: items, pain points, opportunities."""
    for stage_id, lane_id, index, item in journey.all_items():
        if item.id is not None:
            yield ("cells", stage_id, lane_id, index), item.id
    for name in ("pain_points", "opportunities"):
        for index, record in enumerate(getattr(journey, name)):
            yield (name, index), record.id


def duplicate_ids(journey: Journey) -> Iterator[Finding]:
    """No two records of a collection share an id; no two claims share an id."""
    for name in _COLLECTIONS:
        yield from _duplicates(((name, i), r.id) for i, r in enumerate(getattr(journey, name)))
    # Two pain points (or two opportunities) sharing an id were reported above.
    yield from _duplicates(_claim_ids(journey), skip_same_collection=True)
    yield from _duplicates(
        (("emotions", i), f"{e.stage} / {e.persona or '(journey persona)'}")
        for i, e in enumerate(journey.emotions)
    )
    yield from _duplicates((("moments_of_truth", i), m.stage) for i, m in enumerate(journey.moments_of_truth))


def _duplicates(
    entries: Iterable[tuple[Path, str]], *, skip_same_collection: bool = False
) -> Iterator[Finding]:
    first: dict[str, Path] = {}
    for path, key in entries:
        earlier = first.setdefault(key, path)
        if earlier is path:
            continue
        if skip_same_collection and earlier[0] == path[0] != "cells":
            continue
        yield Finding(
            rule="duplicate-id",
            path=path,
            message=f"{key!r} is used twice (first at {format_path(earlier)}); each must be unique",
        )


def unknown_references(journey: Journey) -> Iterator[Finding]:
    """Every stage, lane, persona, metric, evidence and claim id referred to exists."""
    stages = {s.id for s in journey.stages}
    lanes = {lane.id for lane in journey.lanes}
    personas = {p.id for p in journey.personas}
    metrics = {m.id for m in journey.metrics}
    evidence = {e.id for e in journey.evidence}
    pains = {p.id for p in journey.pain_points}
    claims = {claim for _, claim in _claim_ids(journey)}

    def check(path: Path, ids: Sequence[str] | str | None, known: set[str], what: str) -> Iterator[Finding]:
        values = [ids] if isinstance(ids, str) else list(ids or ())
        for position, value in enumerate(values):
            if value not in known:
                where = path if isinstance(ids, str) else (*path, position)
                yield Finding(
                    rule="unknown-reference",
                    path=where,
                    message=f"no {what} with id {value!r}; expected one of: {_choices(known)}",
                )

    for stage_id, row in journey.cells.items():
        yield from check(("cells", stage_id), stage_id, stages, "stage")
        for lane_id in row:
            yield from check(("cells", stage_id, lane_id), lane_id, lanes, "lane")
    for stage_id, lane_id, index, item in journey.all_items():
        yield from check(("cells", stage_id, lane_id, index, "evidence"), item.evidence, evidence, "evidence")
    for i, emotion in enumerate(journey.emotions):
        yield from check(("emotions", i, "stage"), emotion.stage, stages, "stage")
        if emotion.persona is not None:
            yield from check(("emotions", i, "persona"), emotion.persona, personas, "persona")
        yield from check(("emotions", i, "evidence"), emotion.evidence, evidence, "evidence")
    for i, moment in enumerate(journey.moments_of_truth):
        yield from check(("moments_of_truth", i, "stage"), moment.stage, stages, "stage")
        yield from check(("moments_of_truth", i, "metrics"), moment.metrics, metrics, "metric")
    for i, pain in enumerate(journey.pain_points):
        yield from check(("pain_points", i, "stage"), pain.stage, stages, "stage")
        yield from check(("pain_points", i, "evidence"), pain.evidence, evidence, "evidence")
    for i, opportunity in enumerate(journey.opportunities):
        yield from check(("opportunities", i, "stage"), opportunity.stage, stages, "stage")
        yield from check(("opportunities", i, "addresses"), opportunity.addresses, pains, "pain point")
        yield from check(("opportunities", i, "evidence"), opportunity.evidence, evidence, "evidence")
    for i, metric in enumerate(journey.metrics):
        yield from check(("metrics", i, "stage"), metric.stage, stages, "stage")
        if metric.baseline is not None:
            yield from check(
                ("metrics", i, "baseline", "evidence"), metric.baseline.evidence, evidence, "evidence"
            )
    for i, record in enumerate(journey.evidence):
        yield from check(("evidence", i, "stage"), record.stage, stages, "stage")
        yield from check(
            ("evidence", i, "supports"), record.supports, claims, "item, pain point or opportunity"
        )
        yield from check(
            ("evidence", i, "contradicts"), record.contradicts, claims, "item, pain point or opportunity"
        )
    for i, block in enumerate(journey.questions):
        yield from check(("questions", i, "stage"), block.stage, stages, "stage")
    for p, persona in enumerate(journey.personas):
        for s, stakeholder in enumerate(persona.stakeholders):
            yield from check(
                ("personas", p, "stakeholders", s, "stages"), stakeholder.stages, stages, "stage"
            )


def _choices(known: set[str]) -> str:
    if not known:
        return "(none defined)"
    shown = sorted(known)
    return ", ".join(shown[:12]) + (f" … ({len(shown)} in all)" if len(shown) > 12 else "")


def items_in_derived_lanes(journey: Journey) -> Iterator[Finding]:
    """Cells hold items only in lanes of kind touchpoints, actions, thoughts or text."""
    kinds = {lane.id: lane.kind for lane in journey.lanes}
    for stage_id, row in journey.cells.items():
        for lane_id in row:
            kind = kinds.get(lane_id)
            if kind is not None and not kind.holds_items:
                yield Finding(
                    rule="derived-lane",
                    path=("cells", stage_id, lane_id),
                    message=(
                        f"lane {lane_id!r} is of kind {kind.value} and shows the journey's "
                        f"{_WHERE_DERIVED[kind]}; write this content there, not in cells"
                    ),
                )


def scores_on_scale(journey: Journey) -> Iterator[Finding]:
    """Every emotion score lies on the journey's emotion scale."""
    scale = journey.emotion_scale
    for i, emotion in enumerate(journey.emotions):
        if not scale.contains(emotion.score):
            yield Finding(
                rule="off-scale",
                path=("emotions", i, "score"),
                message=(
                    f"score {emotion.score:g} is off the emotion scale; "
                    f"expected {scale.low:g} to {scale.high:g}"
                ),
            )


def stageless_lanes(journey: Journey) -> Iterator[Finding]:
    """A map needs stages and lanes to show anything; say so, without failing."""
    if not journey.stages:
        yield Finding(rule="empty-map", severity=Severity.WARNING, message="the journey has no stages")
    if not journey.lanes:
        yield Finding(rule="empty-map", severity=Severity.WARNING, message="the journey has no lanes")


#: For each link kind: the kinds of element its source and its target may be.
LINK_ENDS: dict[LinkKind, tuple[frozenset[str], frozenset[str]]] = {
    LinkKind.CAUSES: (
        frozenset({"process", "system", "department", "action", "handoff"}),
        frozenset({"pain point", "process", "system", "action", "handoff"}),
    ),
    LinkKind.PERFORMED_BY: (frozenset({"process", "action"}), frozenset({"department"})),
    LinkKind.USES: (frozenset({"process", "action"}), frozenset({"system"})),
    LinkKind.NEXT: (frozenset({"process", "action"}), frozenset({"process", "action"})),
    LinkKind.MEASURED_BY: (frozenset({"pain point"}), frozenset({"metric"})),
}


def blueprint_elements(journey: Journey) -> dict[str, str]:
    """Every id a blueprint link may name, with what it is (node kind, 'pain point', 'metric', 'handoff')."""
    elements: dict[str, str] = {m.id: "metric" for m in journey.metrics}
    elements.update({p.id: "pain point" for p in journey.pain_points})
    elements.update({h.id: "handoff" for h in journey.blueprint.handoffs})
    elements.update({n.id: n.kind.value for n in journey.blueprint.nodes})
    return elements


def blueprint_structure(journey: Journey) -> Iterator[Finding]:
    """Blueprint ids unique and apart from pain points; links resolve and join the right kinds."""
    blueprint = journey.blueprint
    yield from _duplicates((("blueprint", "nodes", i), n.id) for i, n in enumerate(blueprint.nodes))
    yield from _duplicates((("blueprint", "handoffs", i), h.id) for i, h in enumerate(blueprint.handoffs))
    others = {p.id: "a pain point" for p in journey.pain_points}
    others.update({m.id: "a metric" for m in journey.metrics})
    for i, node in enumerate(blueprint.nodes):
        if node.id in others:
            yield Finding(
                rule="duplicate-id",
                path=("blueprint", "nodes", i),
                message=f"node id {node.id!r} is also {others[node.id]}'s id; links cannot tell them apart",
            )
    stages = {s.id for s in journey.stages}
    staged = [("nodes", i, n.stage) for i, n in enumerate(blueprint.nodes)]
    staged += [("handoffs", i, h.stage) for i, h in enumerate(blueprint.handoffs)]
    for name, i, stage in staged:
        if stage is not None and stage not in stages:
            yield Finding(
                rule="unknown-reference",
                path=("blueprint", name, i, "stage"),
                message=f"no stage with id {stage!r}; expected one of: {_choices(stages)}",
            )
    elements = blueprint_elements(journey)
    for i, link in enumerate(blueprint.links):
        sources, targets = LINK_ENDS[link.kind]
        for end, allowed in (("source", sources), ("target", targets)):
            element = getattr(link, end)
            what = elements.get(element)
            if what is None:
                yield Finding(
                    rule="unknown-reference",
                    path=("blueprint", "links", i, end),
                    message=f"no node, pain point, metric or hand-off with id {element!r}",
                )
            elif what not in allowed:
                yield Finding(
                    rule="link-kind",
                    path=("blueprint", "links", i, end),
                    message=(
                        f"a {link.kind.value} link cannot {'start' if end == 'source' else 'end'} at "
                        f"{what} {element!r}; expected {' or '.join(sorted(allowed))}"
                    ),
                )
    for i, handoff in enumerate(blueprint.handoffs):
        required = set(handoff.items)
        for r, record in enumerate(handoff.records):
            for p, item in enumerate(record.present):
                if item not in required:
                    yield Finding(
                        rule="unknown-reference",
                        path=("blueprint", "handoffs", i, "records", r, "present", p),
                        message=f"{item!r} is not one of the hand-off's items: {', '.join(handoff.items)}",
                    )


STRUCTURE_RULES: tuple[Rule, ...] = (
    duplicate_ids,
    unknown_references,
    blueprint_structure,
    items_in_derived_lanes,
    scores_on_scale,
    stageless_lanes,
    control_characters,
)
