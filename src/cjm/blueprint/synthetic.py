"""A deterministic generator of synthetic enterprise blueprints, for tests and benchmarks.

``synthetic_journey(links=100_000, seed=7)`` returns a valid journey on seed
000's six stages whose blueprint has about that many links, shaped like a
real enterprise: departments perform processes, processes use systems and
hand work to the next process (with some rework loops), a failure in a
process often carries into the next one, processes cause pain points (most
pain points have two or three causes), some systems cause process
failures, and the Moments of Truth are measured by metrics with baselines
and targets.  The same seed always gives the same journey.
"""

from __future__ import annotations

import random

from cjm.model import (
    Baseline,
    Blueprint,
    Journey,
    Layer,
    Link,
    LinkKind,
    Metric,
    MomentOfTruth,
    Node,
    NodeKind,
    PainPoint,
    Stage,
)

__all__ = ["synthetic_journey"]

_STAGES = ("awareness", "evaluation", "onboarding", "everyday-use", "problem", "repurchase")
_MOTS = ("evaluation", "onboarding", "problem")
#: Links per process on average: performed_by 1, uses 1.5, next 1, causes 2 × ½ pain,
#: causes the next process 0.3, a system causes it 0.1.
_LINKS_PER_PROCESS = 4.9


def synthetic_journey(links: int = 1_000, *, seed: int = 7) -> Journey:
    """A valid journey whose blueprint has about ``links`` links (at least a few dozen)."""
    rng = random.Random(seed)
    processes = max(8, round(links / _LINKS_PER_PROCESS))
    departments = max(3, processes // 50)
    systems = max(3, processes // 20)
    pains = max(4, processes // 2)

    nodes = [
        Node(id=f"dept-{i}", kind=NodeKind.DEPARTMENT, name=f"Department {i}") for i in range(departments)
    ]
    nodes += [
        Node(id=f"sys-{i}", kind=NodeKind.SYSTEM, name=f"System {i}", layer=Layer.SUPPORT)
        for i in range(systems)
    ]
    nodes += [
        Node(
            id=f"proc-{i}",
            kind=NodeKind.PROCESS,
            name=f"Process {i}",
            layer=Layer.BACKSTAGE if i % 3 else Layer.FRONTSTAGE,
            stage=_STAGES[i % len(_STAGES)],
            fail_point=rng.random() < 0.05,
        )
        for i in range(processes)
    ]
    out: list[Link] = []
    for i in range(processes):
        process = f"proc-{i}"
        out.append(
            Link(source=process, target=f"dept-{rng.randrange(departments)}", kind=LinkKind.PERFORMED_BY)
        )
        for system in rng.sample(range(systems), 2 if rng.random() < 0.5 else 1):
            out.append(Link(source=process, target=f"sys-{system}", kind=LinkKind.USES))
        following = i + 1 if rng.random() < 0.97 else max(0, i - rng.randrange(1, 5))  # some rework loops
        if following < processes and following != i:
            out.append(Link(source=process, target=f"proc-{following}", kind=LinkKind.NEXT))
            if rng.random() < 0.3:  # a failure here carries into the next process
                out.append(Link(source=process, target=f"proc-{following}", kind=LinkKind.CAUSES))
        if rng.random() < 0.1:
            out.append(Link(source=f"sys-{rng.randrange(systems)}", target=process, kind=LinkKind.CAUSES))
    pain_points = []
    for k in range(pains):
        stage = _STAGES[k % len(_STAGES)]
        pain_points.append(
            PainPoint(
                id=f"pain-{k}",
                stage=stage,
                text=f"Pain point {k}",
                severity=rng.randint(1, 5),
                frequency=rng.randint(1, 5),
            )
        )
        for cause in rng.sample(range(processes), min(processes, rng.choice((1, 2, 2, 3)))):
            out.append(Link(source=f"proc-{cause}", target=f"pain-{k}", kind=LinkKind.CAUSES))
    metrics = [
        Metric(
            id=f"kpi-{stage}",
            name=f"KPI of {stage}",
            stage=stage,
            unit="%",
            baseline=Baseline(value=float(rng.randint(40, 80))),
            target=95,
        )
        for stage in _MOTS
    ]
    for k in range(0, pains, 10):
        if pain_points[k].stage in _MOTS:
            out.append(
                Link(source=f"pain-{k}", target=f"kpi-{pain_points[k].stage}", kind=LinkKind.MEASURED_BY)
            )
    return Journey(
        id=f"synthetic-{links}",
        title=f"Synthetic enterprise blueprint ({len(out)} links)",
        stages=tuple(Stage(id=s, name=s) for s in _STAGES),
        moments_of_truth=tuple(MomentOfTruth(stage=s, metrics=(f"kpi-{s}",)) for s in _MOTS),
        pain_points=tuple(pain_points),
        metrics=tuple(metrics),
        blueprint=Blueprint(nodes=tuple(nodes), links=tuple(out)),
    )
