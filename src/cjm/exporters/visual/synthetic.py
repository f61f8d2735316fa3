"""A deterministic generator of large journeys, for the visual map's tests and benchmark.

``synthetic_map(items=1000, stages=12, lanes=8, personas=3)`` returns a valid
journey of that size: four lanes of actions and touchpoints holding the items,
then the emotion lane, pain points, KPIs and opportunities; every persona
scored on the emotion curve (with n and an interval, as a survey would give)
except on a few stages left unmeasured; labels, evidence and Korean and
Latin text mixed.  The same seed always gives the same journey.
"""

from __future__ import annotations

import random

from cjm.model import (
    Baseline,
    Emotion,
    Evidence,
    EvidenceMethod,
    Item,
    Journey,
    Label,
    Lane,
    LaneKind,
    Metric,
    MomentOfTruth,
    Opportunity,
    PainPoint,
    Persona,
    Stage,
)

__all__ = ["synthetic_map"]

_WORDS = (
    "재고", "납기", "확인", "주문", "딜러", "교육", "설치", "문의", "포털", "견적", "사양", "비교",
    "order", "portal", "quote", "training", "stock", "delivery", "support", "demo", "invoice",
)  # fmt: skip


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(low, high)))


def synthetic_map(
    items: int = 1000,
    *,
    stages: int = 12,
    lanes: int = 8,
    personas: int = 3,
    seed: int = 7,
    per_cell: int | None = None,
) -> Journey:
    """A valid journey with about ``items`` items spread over ``stages`` × the item lanes.

    ``per_cell`` puts exactly that many items in every cell of the first lane
    instead (a crowded map); ``lanes`` counts every lane, the emotion lane and
    the four record lanes included (at least 5).
    """
    rng = random.Random(seed)
    item_lanes = max(1, lanes - 4)
    stage_list = tuple(
        Stage(id=f"s{i + 1}", name=f"단계 {i + 1} stage", duration=f"{i + 1}d") for i in range(stages)
    )
    lane_list = [
        Lane(id=f"l{j + 1}", name=f"레인 {j + 1}", kind=LaneKind.TOUCHPOINTS if j == 0 else LaneKind.ACTIONS)
        for j in range(item_lanes)
    ] + [
        Lane(id="emotion", name="감정", kind=LaneKind.EMOTIONS),
        Lane(id="pains", name="Pain Point", kind=LaneKind.PAIN_POINTS),
        Lane(id="kpis", name="KPI", kind=LaneKind.METRICS),
        Lane(id="ideas", name="개선 기회", kind=LaneKind.OPPORTUNITIES),
    ]
    evidence = tuple(
        Evidence(
            id=f"ev{k}",
            method=rng.choice(list(EvidenceMethod)),
            source_role=rng.choice(("dealer", "end_user")),
            summary=_text(rng, 6, 14),
            reference=f"voc/{k}.m4a",
        )
        for k in range(40)
    )
    labels = (Label.HYPOTHESIS, Label.HYPOTHESIS, Label.FACT, Label.IDEA)
    cells: dict[str, dict[str, list[Item]]] = {}
    budget = items // 2 if per_cell is None else per_cell * stages
    for n in range(budget):
        stage = stage_list[n % stages].id if per_cell is None else stage_list[n // per_cell].id
        lane = lane_list[rng.randrange(item_lanes)].id if per_cell is None else lane_list[0].id
        label = rng.choice(labels)
        cites = tuple(sorted(rng.sample([e.id for e in evidence], 2))) if label is Label.FACT else ()
        cells.setdefault(stage, {}).setdefault(lane, []).append(
            Item(text=_text(rng, 1, 9), label=label, evidence=cites)
        )
    rest = items - budget if per_cell is None else 0
    pains = tuple(
        PainPoint(
            id=f"p{k}",
            stage=stage_list[k % stages].id,
            text=_text(rng, 2, 8),
            severity=rng.randint(1, 5),
            frequency=rng.randint(1, 5),
        )
        for k in range(rest // 3)
    )
    opportunities = tuple(
        Opportunity(
            id=f"o{k}",
            stage=stage_list[k % stages].id,
            text=_text(rng, 2, 8),
            value=rng.randint(1, 5),
            effort=rng.randint(1, 5),
        )
        for k in range(rest // 3)
    )
    metrics = tuple(
        Metric(
            id=f"m{k}",
            name=f"지표 {k} KPI",
            short=f"K{k}",
            stage=stage_list[k % stages].id,
            unit="%",
            baseline=Baseline(value=float(rng.randint(10, 90))),
            target=float(rng.randint(50, 99)),
        )
        for k in range(rest - 2 * (rest // 3))
    )
    persona_list = tuple(
        Persona(id=f"persona-{k + 1}", name=f"페르소나 {k + 1}", role="구매 담당") for k in range(personas)
    )
    emotions = []
    for k, persona in enumerate(persona_list):
        for i, step in enumerate(stage_list):
            if (i + k) % 5 == 4:
                continue  # not measured
            score = round(rng.uniform(-1.6, 1.6), 2)
            emotions.append(
                Emotion(
                    stage=step.id,
                    persona=None if k == 0 else persona.id,
                    score=score,
                    n=rng.randint(20, 200),
                    low=round(score - 0.3, 2),
                    high=round(score + 0.3, 2),
                    label=Label.FACT,
                )
            )
    moments = tuple(
        MomentOfTruth(stage=stage_list[i].id, metrics=(f"m{i}",) if i < len(metrics) else ())
        for i in range(1, stages, 4)
    )
    return Journey(
        id="synthetic-map",
        title=f"합성 여정 synthetic journey ({items} items)",
        language="ko",
        personas=persona_list,
        stages=stage_list,
        lanes=tuple(lane_list),
        cells=cells,
        emotions=tuple(emotions),
        moments_of_truth=moments,
        pain_points=pains,
        opportunities=opportunities,
        metrics=metrics,
        evidence=evidence,
    )
