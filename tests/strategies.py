"""Hypothesis strategies for valid journeys: every id unique, every reference resolving.

Texts mix Hangul, emoji, newlines, quotes, YAML and Markdown syntax and very
long runs, because those are what break serialisers.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from cjm.model import (
    Baseline,
    Blueprint,
    Direction,
    Emotion,
    Evidence,
    EvidenceKind,
    EvidenceMethod,
    EvidencePolicy,
    Handoff,
    HandoffRecord,
    Item,
    Journey,
    Label,
    Lane,
    LaneKind,
    Layer,
    Link,
    LinkKind,
    Metric,
    MomentOfTruth,
    Node,
    NodeKind,
    Opportunity,
    PainPoint,
    Persona,
    Scale,
    Stage,
    Stakeholder,
)
from cjm.validate.structure import LINK_ENDS

_TRICKY = [
    "인지/탐색",
    "검토/주문",
    "OTD 70%",
    "😀🏥",
    "a | b",
    "- dash",
    "key: value",
    "# not a comment",
    "'quoted'",
    '"double"',
    "yes",
    "null",
    "1.0",
    "2026-01-01",
    "=SUM(A1)",
    "line one\nline two",
    "trailing newline\n",
    "  leading spaces",
    "tab\tinside",
    "*alias",
    "&anchor",
    "x" * 3000,
    "가" * 2000,
]

# No control characters but tab and newline: validation refuses the others (cjm.validate.text),
# and tests/hostile/test_control_characters.py tries them.
_alphabet = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\t\n")
texts = st.one_of(st.sampled_from(_TRICKY), st.text(_alphabet, min_size=1, max_size=60)).filter(
    lambda s: bool(s.strip())
)
plain = st.text(_alphabet, max_size=30)
labels = st.sampled_from(list(Label))
slugs = st.from_regex(r"[a-z0-9가-힣][a-z0-9가-힣_.\-]{0,20}", fullmatch=True)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
numbers = st.one_of(
    st.integers(min_value=-(10**9), max_value=10**9).map(float),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
)
one_to_five = st.one_of(st.none(), st.integers(min_value=1, max_value=5))


def _unique_ids(min_size: int = 0, max_size: int = 5) -> st.SearchStrategy[list[str]]:
    return st.lists(slugs, min_size=min_size, max_size=max_size, unique=True)


def _some(draw: st.DrawFn, pool: list[str], max_size: int = 3) -> tuple[str, ...]:
    if not pool:
        return ()
    return tuple(draw(st.lists(st.sampled_from(pool), max_size=max_size, unique=True)))


def _blueprint(
    draw: st.DrawFn, stage_ids: list[str], pain_ids: list[str], metric_ids: list[str]
) -> Blueprint:
    kinds = draw(st.lists(st.sampled_from(list(NodeKind)), max_size=6))
    nodes = [
        Node(
            id=f"n-{i}",
            kind=kind,
            name=draw(texts),
            layer=draw(st.none() | st.sampled_from(list(Layer))),
            stage=draw(st.none() | st.sampled_from(stage_ids)) if stage_ids else None,
            fail_point=draw(st.booleans()),
            description=draw(plain),
        )
        for i, kind in enumerate(kinds)
    ]
    by_kind: dict[str, list[str]] = {}
    for node in nodes:
        by_kind.setdefault(node.kind.value, []).append(node.id)
    by_kind["pain point"] = pain_ids
    by_kind["metric"] = metric_ids
    links = []
    for kind in LinkKind:
        sources, targets = LINK_ENDS[kind]
        source_pool = [x for k in sorted(sources) for x in by_kind.get(k, [])]
        target_pool = [x for k in sorted(targets) for x in by_kind.get(k, [])]
        if source_pool and target_pool:
            for _ in range(draw(st.integers(0, 2))):
                links.append(
                    Link(
                        source=draw(st.sampled_from(source_pool)),
                        target=draw(st.sampled_from(target_pool)),
                        kind=kind,
                        note=draw(plain),
                    )
                )
    handoffs = []
    for i in range(draw(st.integers(0, 2))):
        items = draw(st.lists(texts, max_size=3, unique=True))
        handoffs.append(
            Handoff(
                id=f"ho-{i}",
                source=draw(texts),
                target=draw(texts),
                stage=draw(st.none() | st.sampled_from(stage_ids)) if stage_ids else None,
                items=items,
                sla=draw(st.none() | texts),
                sla_hours=draw(st.none() | st.floats(min_value=0, max_value=1e4)),
                records=[
                    HandoffRecord(
                        date=draw(st.none() | dates),
                        reference=draw(st.none() | texts),
                        present=draw(st.lists(st.sampled_from(items), unique=True)) if items else (),
                        hours=draw(st.none() | st.floats(min_value=0, max_value=1e4)),
                    )
                    for _ in range(draw(st.integers(0, 2)))
                ],
            )
        )
    return Blueprint(nodes=nodes, links=links, handoffs=handoffs)


@st.composite
def journeys(draw: st.DrawFn, *, blueprints: bool = True) -> Journey:
    """A valid journey of a few stages and lanes with every kind of record."""
    stage_ids = draw(_unique_ids(0, 4))
    lane_kinds = draw(st.lists(st.sampled_from(list(LaneKind)), max_size=6))
    lane_ids = draw(st.lists(slugs, min_size=len(lane_kinds), max_size=len(lane_kinds), unique=True))
    stages = [
        Stage(id=s, name=draw(texts), description=draw(plain), duration=draw(st.none() | texts))
        for s in stage_ids
    ]
    lanes = [
        Lane(
            id=lane_id,
            name=draw(texts),
            kind=kind,
            actor=draw(st.none() | st.sampled_from(["end_user", "dealer", "manufacturer", "구매팀"])),
            layer=draw(st.none() | st.sampled_from(list(Layer))),
        )
        for lane_id, kind in zip(lane_ids, lane_kinds, strict=True)
    ]
    personas = [
        Persona(
            id=p,
            name=draw(texts),
            role=draw(plain),
            goals=draw(st.lists(texts, max_size=2)),
            frustrations=draw(st.lists(texts, max_size=2)),
            quote=draw(st.none() | texts),
            stakeholders=[
                Stakeholder(
                    role=draw(texts),
                    concerns=draw(st.lists(texts, max_size=2)),
                    stages=_some(draw, stage_ids),
                )
                for _ in range(draw(st.integers(0, 2)))
            ],
        )
        for p in draw(_unique_ids(0, 2))
    ]
    evidence_ids = [f"ev-{i}" for i in range(draw(st.integers(0, 3)))]
    item_lanes = [lane.id for lane in lanes if lane.kind.holds_items]
    cells: dict[str, dict[str, list[Item]]] = {}
    claim_counter = 0
    claims: list[str] = []
    for stage_id in stage_ids:
        for lane_id in item_lanes:
            items = []
            for _ in range(draw(st.integers(0, 3))):
                item_id = None
                if draw(st.booleans()):
                    claim_counter += 1
                    item_id = f"item-{claim_counter}"
                    claims.append(item_id)
                items.append(
                    Item(
                        id=item_id,
                        text=draw(texts),
                        label=draw(labels),
                        evidence=_some(draw, evidence_ids),
                        tags=draw(st.lists(plain.filter(str.strip), max_size=2)),
                        owner=draw(st.none() | texts),
                        last_verified=draw(st.none() | dates),
                    )
                )
            if items:
                cells.setdefault(stage_id, {})[lane_id] = items
    pain_points = (
        [
            PainPoint(
                id=f"pp-{i}",
                stage=draw(st.sampled_from(stage_ids)),
                text=draw(texts),
                severity=draw(one_to_five),
                frequency=draw(one_to_five),
                label=draw(labels),
                evidence=_some(draw, evidence_ids),
                owner=draw(st.none() | texts),
                last_verified=draw(st.none() | dates),
            )
            for i in range(draw(st.integers(0, 3)))
        ]
        if stage_ids
        else []
    )
    pain_ids = [p.id for p in pain_points]
    opportunities = [
        Opportunity(
            id=f"op-{i}",
            text=draw(texts),
            stage=draw(st.none() | st.sampled_from(stage_ids)) if stage_ids else None,
            addresses=_some(draw, pain_ids),
            value=draw(one_to_five),
            effort=draw(one_to_five),
            owner=draw(st.none() | texts),
            quick_fix=draw(st.booleans()),
            label=draw(labels),
            last_verified=draw(st.none() | dates),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    claims += pain_ids + [o.id for o in opportunities]
    metrics = [
        Metric(
            id=f"m-{i}",
            name=draw(texts),
            short=draw(st.none() | texts),
            stage=draw(st.none() | st.sampled_from(stage_ids)) if stage_ids else None,
            definition=draw(plain),
            formula=draw(plain),
            unit=draw(st.sampled_from(["", "%", "일", "days", "/5"])),
            direction=draw(st.none() | st.sampled_from(list(Direction))),
            baseline=draw(
                st.none()
                | st.builds(
                    Baseline,
                    value=st.none() | numbers,
                    text=st.none() | texts,
                    as_of=st.none() | dates,
                    source=st.none() | texts,
                    label=labels,
                    evidence=st.just(_some(draw, evidence_ids)),
                )
            ),
            target=draw(st.none() | numbers),
            owner=draw(st.none() | texts),
            last_verified=draw(st.none() | dates),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    metric_ids = [m.id for m in metrics]
    scale = draw(st.sampled_from([Scale(), Scale(low=1, high=5), Scale(low=0, high=10)]))
    persona_pool = [None] + [p.id for p in personas]
    emotions = []
    seen_emotions = set()
    for stage_id in stage_ids:
        persona_id = draw(st.sampled_from(persona_pool))
        if draw(st.booleans()) and (stage_id, persona_id) not in seen_emotions:
            seen_emotions.add((stage_id, persona_id))
            emotions.append(
                Emotion(
                    stage=stage_id,
                    persona=persona_id,
                    score=draw(st.floats(min_value=scale.low, max_value=scale.high)),
                    note=draw(plain),
                    label=draw(labels),
                )
            )
    moments = [
        MomentOfTruth(stage=s, metrics=_some(draw, metric_ids), note=draw(plain))
        for s in stage_ids
        if draw(st.booleans())
    ]
    evidence = [
        Evidence(
            id=ev,
            date=draw(st.none() | dates),
            method=draw(st.sampled_from(list(EvidenceMethod))),
            source_role=draw(st.sampled_from(["end_user", "dealer", "internal", "구매 담당"])),
            organisation=draw(st.none() | texts),
            kind=draw(st.none() | st.sampled_from(list(EvidenceKind))),
            reference=draw(st.none() | texts),
            summary=draw(plain),
            stage=draw(st.none() | st.sampled_from(stage_ids)) if stage_ids else None,
            product_group=draw(st.none() | texts),
            supports=_some(draw, claims),
            contradicts=_some(draw, claims),
        )
        for ev in evidence_ids
    ]
    blueprint = _blueprint(draw, stage_ids, pain_ids, metric_ids) if blueprints else Blueprint()
    policy = draw(
        st.sampled_from(
            [EvidencePolicy(), EvidencePolicy(min_direct=1, dual_source=("end_user", "internal", "구매팀"))]
        )
    )
    return Journey(
        id=draw(slugs),
        title=draw(texts),
        description=draw(plain),
        language=draw(st.sampled_from(["ko", "en"])),
        version=draw(st.sampled_from(["1.0", "2.0", "1.10"])),
        updated=draw(st.none() | dates),
        owner=draw(st.none() | texts),
        last_verified=draw(st.none() | dates),
        personas=personas,
        stages=stages,
        lanes=lanes,
        cells=cells,
        emotion_scale=scale,
        emotions=emotions,
        moments_of_truth=moments,
        pain_points=pain_points,
        opportunities=opportunities,
        metrics=metrics,
        evidence=evidence,
        blueprint=blueprint,
        evidence_policy=policy,
        stated_stage_count=draw(st.none() | st.integers(min_value=1, max_value=12)),
    )
