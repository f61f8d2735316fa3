"""Journeys the visual-map tests draw: the seed with its survey, hostile text, huge fields."""

from __future__ import annotations

import attrs

import cjm
from cjm.model import Evidence, EvidenceMethod, Item, Journey, Label, Persona
from cjm.voc.survey import emotions_from_scores, score_file
from tests.conftest import SEED_EXAMPLE

#: Text a page must show as text and never run.
HOSTILE = (
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "javascript:window.__pwned=1",
    "</script><script>window.__pwned=1</script>",
    "{{7*7}} ${7*7} &amp; &lt;b&gt;",
)


def surveyed(journey: Journey | None = None) -> Journey:
    """The seed example with its emotion curve set from the bundled survey (600 responses)."""
    journey = journey or cjm.load(SEED_EXAMPLE)
    result = score_file(SEED_EXAMPLE.parent / "survey_responses.csv", stages=[s.id for s in journey.stages])
    return emotions_from_scores(journey, result, source="survey_responses.csv")[0]


def hostile(journey: Journey) -> Journey:
    """``journey`` with hostile text in every kind of field the map shows."""
    bad = iter(HOSTILE * 1000)
    stages = tuple(
        attrs.evolve(s, name=f"{s.name} {next(bad)}", description=next(bad)) for s in journey.stages
    )
    lanes = tuple(attrs.evolve(lane, name=f"{lane.name} {next(bad)}") for lane in journey.lanes)
    cells = {
        stage: {
            lane: [attrs.evolve(i, text=f"{i.text} {next(bad)}") for i in items]
            for lane, items in row.items()
        }
        for stage, row in journey.cells.items()
    }
    personas = tuple(
        attrs.evolve(p, name=f"{p.name} {next(bad)}", role=next(bad), goals=(next(bad),))
        for p in journey.personas
    )
    pains = tuple(attrs.evolve(p, text=f"{p.text} {next(bad)}") for p in journey.pain_points)
    opportunities = tuple(attrs.evolve(o, text=f"{o.text} {next(bad)}") for o in journey.opportunities)
    metrics = tuple(attrs.evolve(m, name=f"{m.name} {next(bad)}", short=next(bad)) for m in journey.metrics)
    record = Evidence(
        id="hostile-voc",
        method=EvidenceMethod.INTERVIEW,
        source_role=next(bad),
        summary=next(bad),
        reference="javascript:window.__pwned=1",
        supports=(pains[0].id,),
    )
    return attrs.evolve(
        journey,
        title=f"{journey.title} {next(bad)}",
        description=next(bad),
        stages=stages,
        lanes=lanes,
        cells=cells,
        personas=personas,
        pain_points=pains,
        opportunities=opportunities,
        metrics=metrics,
        evidence=(*journey.evidence, record),
    )


def huge_field(journey: Journey, size: int, *, spaced: bool, hangul: bool) -> Journey:
    """``journey`` with one item of ``size`` characters, unbroken or with spaces, Hangul or Latin."""
    unit = (
        ("가나다라마바사아 " if spaced else "가나다라마바사아자")
        if hangul
        else ("lorem ipsum " if spaced else "loremipsum")
    )
    text = (unit * (size // len(unit) + 1))[:size]
    stage = journey.stages[0].id
    lane = next(lane.id for lane in journey.lanes if lane.kind.holds_items)
    cells = {k: dict(v) for k, v in journey.cells.items()}
    cells.setdefault(stage, {})[lane] = [Item(text=text, label=Label.HYPOTHESIS), *journey.items(stage, lane)]
    return attrs.evolve(journey, cells=cells)


def english(journey: Journey) -> Journey:
    """``journey`` marked English (the page's own words follow the journey's language)."""
    return attrs.evolve(journey, language="en", personas=journey.personas or (Persona(id="p", name="P"),))
