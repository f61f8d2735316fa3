"""Several journeys side by side: the same journey per dealer, persona, product group or language.

:func:`compare` groups the journeys by their stage set (the stage ids, in
order).  Journeys that share a stage set are compared stage by stage: the
emotion score of each journey's own curve, the pain points by severity and
the evidence coverage, and their KPIs metric by metric (baseline, target and
gap).  A journey whose stage set no other journey has is listed on its own,
with the reason in words, rather than forced into a comparison.  Across all
journeys, the blueprint causes behind pain points of several journeys are
ranked: the fix that helps most journeys first.

Everything here is plain data (frozen attrs records, tuples in a fixed
order); the workbook, the slides and the HTML fragment draw it
(:mod:`cjm.exporters.excel.portfolio`, :mod:`cjm.exporters.powerpoint.portfolio`,
:mod:`cjm.portfolio.html`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import attrs

from cjm.blueprint import all_root_causes, pain_weight
from cjm.errors import InputError
from cjm.model import Blueprint, Direction, Journey, Label, Link, LinkKind, PainPoint, Scale
from cjm.portfolio.wording import say, stage_count
from cjm.validate import Finding, evidence_share

__all__ = [
    "SEVERITIES",
    "CausedPain",
    "Coverage",
    "Group",
    "KpiRow",
    "KpiValue",
    "Member",
    "Portfolio",
    "SeverityCounts",
    "SharedCause",
    "Single",
    "StageCell",
    "StageRow",
    "compare",
]

#: Pain-point severities in the order the views show them: the most severe first.
SEVERITIES = (5, 4, 3, 2, 1)
#: Stage names a reason shows of each stage set, and other stage sets it names.
_NAMES_SHOWN, _OTHERS_SHOWN = 3, 3


@attrs.frozen(kw_only=True)
class Coverage:
    """How much of a map (or one stage of it) is data-backed: facts with evidence among its claims.

    The claims are every labelled thing :func:`cjm.validate.claims` gives
    (items, pain points, opportunities, baselines, emotion scores), as the
    index page's :func:`cjm.validate.evidence_share` counts them: a hypothesis
    or an idea is assumed, a fact counts as backed once evidence supports it.
    """

    claims: int
    backed: int

    @property
    def share(self) -> float | None:
        """Facts with evidence ÷ claims (0.0 … 1.0); None with no claims."""
        return self.backed / self.claims if self.claims else None


@attrs.frozen(kw_only=True)
class SeverityCounts:
    """Pain points by severity: how many are rated 1 … 5 (``by_severity[0]`` is 1), how many unrated."""

    by_severity: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    unscored: int = 0

    @classmethod
    def of(cls, pains: Iterable[PainPoint]) -> SeverityCounts:
        """The counts of ``pains``."""
        counts = [0] * 5
        unscored = 0
        for pain in pains:
            if pain.severity is None:
                unscored += 1
            else:
                counts[pain.severity - 1] += 1
        return cls(by_severity=(counts[0], counts[1], counts[2], counts[3], counts[4]), unscored=unscored)

    def count(self, severity: int | None) -> int:
        """How many pain points have ``severity`` (None: the unrated ones)."""
        return self.unscored if severity is None else self.by_severity[severity - 1]

    @property
    def total(self) -> int:
        return sum(self.by_severity) + self.unscored


@attrs.frozen(kw_only=True)
class Member:
    """One journey of the portfolio as the views name it; its totals over the whole map."""

    id: str
    title: str
    language: str
    version: str
    stages: tuple[str, ...]
    stage_names: tuple[str, ...]
    scale: Scale
    pains: SeverityCounts
    coverage: Coverage


@attrs.frozen(kw_only=True)
class StageCell:
    """One stage of one journey in a comparison."""

    #: The score of the journey's own emotion curve here; None where it was not measured.
    emotion: float | None
    #: Where that score lies on the journey's scale, 0.0 (worst) … 1.0 (best): comparable across scales.
    emotion_share: float | None
    pains: SeverityCounts
    coverage: Coverage


@attrs.frozen(kw_only=True)
class StageRow:
    """A stage across the journeys of a group: a cell per journey, in the group's column order."""

    stage: str
    #: The stage's name in each journey (journeys in other languages name it in theirs).
    names: tuple[str, ...]
    cells: tuple[StageCell, ...]

    @property
    def name(self) -> str:
        """The name in the first journey."""
        return self.names[0]


@attrs.frozen(kw_only=True)
class KpiValue:
    """One journey's figures for a KPI: baseline, target, and the gap between them."""

    metric: str
    name: str
    unit: str
    baseline: float | None
    #: The baseline as the map shows it where a number alone cannot ('60일+').
    baseline_text: str | None
    baseline_label: Label | None
    target: float | None
    #: baseline − target (as the KPI report's gap: negative is below target); None without both.
    gap: float | None


@attrs.frozen(kw_only=True)
class KpiRow:
    """A KPI across the journeys of a group, matched by metric id, else by display name."""

    key: str
    name: str
    stage: str | None
    unit: str
    direction: Direction | None
    #: Every metric id the KPI goes by in the journeys (one when the ids agree).
    ids: tuple[str, ...]
    #: The journey's figures, in the group's column order; None where a journey lacks the KPI.
    values: tuple[KpiValue | None, ...]


@attrs.frozen(kw_only=True)
class Group:
    """Journeys that share a stage set, compared stage by stage and KPI by KPI."""

    number: int
    stages: tuple[str, ...]
    members: tuple[Member, ...]
    rows: tuple[StageRow, ...]
    kpis: tuple[KpiRow, ...]


@attrs.frozen(kw_only=True)
class Single:
    """A journey listed on its own: no other journey shares its stage set."""

    member: Member
    #: The first journey of each other stage set, in portfolio order: what it differs from.
    others: tuple[Member, ...]

    def reason(self, language: str) -> str:
        """Why it is not compared, in words: "stages differ — A: 6 stages (…); B: 5 stages (…)"."""
        member = self.member
        if not member.stages:
            return say("no_stages", language)
        if not self.others:
            return say("alone", language)
        shown = self.others[:_OTHERS_SHOWN]
        same_set = all(set(o.stages) == set(member.stages) for o in shown)
        parts = [_stage_summary(m, language) for m in (member, *shown)]
        if len(self.others) > _OTHERS_SHOWN:
            parts.append(say("more", language, n=len(self.others) - _OTHERS_SHOWN))
        head = say("order" if same_set else "differ", language)
        return f"{head} — {'; '.join(parts)}"


def _stage_summary(member: Member, language: str) -> str:
    names = list(member.stage_names[:_NAMES_SHOWN])
    if len(member.stage_names) > _NAMES_SHOWN:
        names.append("…")
    listed = f" ({', '.join(names)})" if names else ""
    return f"{member.title}: {stage_count(len(member.stages), language)}{listed}"


@attrs.frozen(kw_only=True)
class CausedPain:
    """A pain point of one journey that a shared cause lies behind, with its weight."""

    journey: str
    pain: str
    stage: str
    text: str
    weight: float


@attrs.frozen(kw_only=True)
class SharedCause:
    """A blueprint node behind pain points of several journeys (matched by id, else by name)."""

    id: str
    name: str
    kind: str
    #: Every id the node goes by in the journeys (one when the ids agree).
    ids: tuple[str, ...]
    #: Ids of the journeys it reaches, in portfolio order.
    journeys: tuple[str, ...]
    #: The pain points it causes: journey by journey, the heaviest first.
    pains: tuple[CausedPain, ...]
    #: The summed pain weight (:func:`cjm.blueprint.pain_weight`) over every journey.
    weight: float

    def weight_in(self, journey_id: str) -> float:
        """The summed weight of the pain points it causes in one journey."""
        return round(sum(p.weight for p in self.pains if p.journey == journey_id), 6)

    def pains_in(self, journey_id: str) -> tuple[CausedPain, ...]:
        """The pain points it causes in one journey, the heaviest first."""
        return tuple(p for p in self.pains if p.journey == journey_id)


@attrs.frozen(kw_only=True)
class Portfolio:
    """The comparison of several journeys (see the module's text)."""

    #: The journeys, as given (the slides need them whole).
    journeys: tuple[Journey, ...] = attrs.field(repr=False)
    #: Every journey as the views name it, in the order given.
    members: tuple[Member, ...]
    #: The compared groups, in the order their first journey was given.
    groups: tuple[Group, ...]
    #: The journeys not compared, in the order given.
    singles: tuple[Single, ...]
    #: Causes behind pain points of several journeys: most journeys first, then the heaviest.
    shared_causes: tuple[SharedCause, ...]

    def member(self, journey_id: str) -> Member:
        """The member with this journey id; ``KeyError`` if there is none."""
        for member in self.members:
            if member.id == journey_id:
                return member
        raise KeyError(f"no journey with id {journey_id!r} in the portfolio")

    @property
    def language(self) -> str:
        """The language of the first journey (the views' default wording)."""
        return self.members[0].language if self.members else "en"


def compare(journeys: Sequence[Journey]) -> Portfolio:
    """The portfolio of ``journeys``: compared groups, the journeys on their own, shared causes.

    Journey ids must be unique (they name the columns and the causes'
    journeys): :class:`~cjm.errors.InputError` lists every repeated one.
    """
    journeys = tuple(journeys)
    _check_ids(journeys)
    profiles = [_Profile(journey) for journey in journeys]
    by_set: dict[tuple[str, ...], list[int]] = {}
    for index, profile in enumerate(profiles):
        by_set.setdefault(profile.member.stages, []).append(index)
    groups: list[Group] = []
    alone: list[int] = []
    for stage_set, indexes in by_set.items():  # in the order each stage set first appears
        if stage_set and len(indexes) > 1:
            groups.append(_group(len(groups) + 1, [profiles[i] for i in indexes]))
        else:
            alone.extend(indexes)
    singles = []
    for index in sorted(alone):
        own = profiles[index].member.stages
        others = tuple(profiles[ix[0]].member for stage_set, ix in by_set.items() if stage_set != own)
        singles.append(Single(member=profiles[index].member, others=others))
    return Portfolio(
        journeys=journeys,
        members=tuple(p.member for p in profiles),
        groups=tuple(groups),
        singles=tuple(singles),
        shared_causes=_shared_causes(journeys),
    )


def _check_ids(journeys: Sequence[Journey]) -> None:
    first: dict[str, int] = {}
    problems = []
    for index, journey in enumerate(journeys):
        if journey.id in first:
            problems.append(
                Finding(
                    rule="portfolio",
                    path=("journeys", index, "id"),
                    message=f"journey {index + 1} ({journey.title!r}) has the id {journey.id!r} of journey "
                    f"{first[journey.id] + 1}; give each journey of a portfolio its own id",
                )
            )
        else:
            first[journey.id] = index
    if problems:
        count = "1 repeated id" if len(problems) == 1 else f"{len(problems)} repeated ids"
        raise InputError(f"portfolio of {len(journeys)} journeys: {count}", problems)


# --- one journey: its stages, claims and totals -------------------------------------------------


class _Profile:
    """What the comparison reads of one journey, computed once."""

    def __init__(self, journey: Journey) -> None:
        self.journey = journey
        share = evidence_share(journey)  # the one definition of coverage, as the map and the index show it
        self.coverage = {
            stage: Coverage(claims=part.claims, backed=part.backed) for stage, part in share.stages.items()
        }
        total = (share.overall.claims, share.overall.backed)
        self.member = Member(
            id=journey.id,
            title=journey.title,
            language=journey.language,
            version=journey.version,
            stages=tuple(s.id for s in journey.stages),
            stage_names=tuple(s.name for s in journey.stages),
            scale=journey.emotion_scale,
            pains=SeverityCounts.of(journey.pain_points),
            coverage=Coverage(claims=total[0], backed=total[1]),
        )

    def cell(self, stage_id: str) -> StageCell:
        journey = self.journey
        emotion = journey.emotion(stage_id)
        score = emotion.score if emotion is not None else None
        return StageCell(
            emotion=score,
            emotion_share=journey.emotion_scale.fraction(score) if score is not None else None,
            pains=SeverityCounts.of(journey.pain_points_at(stage_id)),
            coverage=self.coverage.get(stage_id, Coverage(claims=0, backed=0)),
        )


# --- a group: stage rows and KPI rows -----------------------------------------------------------


def _group(number: int, profiles: Sequence[_Profile]) -> Group:
    stages = profiles[0].member.stages
    rows = tuple(
        StageRow(
            stage=stage_id,
            names=tuple(p.member.stage_names[i] for p in profiles),
            cells=tuple(p.cell(stage_id) for p in profiles),
        )
        for i, stage_id in enumerate(stages)
    )
    return Group(
        number=number,
        stages=stages,
        members=tuple(p.member for p in profiles),
        rows=rows,
        kpis=_kpis([p.journey for p in profiles], stages),
    )


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


@attrs.define
class _KpiDraft:
    key: str
    name: str
    stage: str | None
    unit: str
    direction: Direction | None
    ids: list[str]
    values: dict[int, KpiValue]


def _kpis(journeys: Sequence[Journey], stages: Sequence[str]) -> tuple[KpiRow, ...]:
    """The group's KPIs: a metric joins the row of its id, else of its display name (once per journey)."""
    drafts: list[_KpiDraft] = []
    by_id: dict[str, _KpiDraft] = {}
    by_name: dict[str, list[_KpiDraft]] = {}
    for column, journey in enumerate(journeys):
        for metric in journey.metrics:
            draft = by_id.get(metric.id)
            if draft is not None and column in draft.values:
                draft = None  # a second metric of one journey under the same id: a row of its own
            if draft is None:
                named = by_name.get(_norm(metric.display_name), [])
                draft = next((d for d in named if column not in d.values), None)
            if draft is None:
                draft = _KpiDraft(
                    key=metric.id,
                    name=metric.display_name,
                    stage=metric.stage,
                    unit=metric.unit,
                    direction=metric.direction,
                    ids=[],
                    values={},
                )
                drafts.append(draft)
            baseline = metric.baseline
            value = baseline.value if baseline is not None else None
            draft.values[column] = KpiValue(
                metric=metric.id,
                name=metric.display_name,
                unit=metric.unit,
                baseline=value,
                baseline_text=baseline.text if baseline is not None else None,
                baseline_label=baseline.label if baseline is not None else None,
                target=metric.target,
                gap=value - metric.target if value is not None and metric.target is not None else None,
            )
            if metric.id not in draft.ids:
                draft.ids.append(metric.id)
            by_id.setdefault(metric.id, draft)
            names = by_name.setdefault(_norm(metric.display_name), [])
            if draft not in names:
                names.append(draft)
    place = {stage_id: i for i, stage_id in enumerate(stages)}
    order = sorted(range(len(drafts)), key=lambda i: (place.get(drafts[i].stage or "", len(place)), i))
    return tuple(
        KpiRow(
            key=d.key,
            name=d.name,
            stage=d.stage,
            unit=d.unit,
            direction=d.direction,
            ids=tuple(d.ids),
            values=tuple(d.values.get(column) for column in range(len(journeys))),
        )
        for d in (drafts[i] for i in order)
    )


# --- causes shared by several journeys ----------------------------------------------------------


def _weigher(journey: Journey) -> Callable[[PainPoint], float]:
    """:func:`cjm.blueprint.pain_weight` for each pain point of ``journey``, without a pass over
    every link per pain point.

    The weight reads the journey's Moments of Truth, its metrics and the pain
    point's own ``measured_by`` links, nothing else; weighing against a
    stand-in journey that holds only those gives the same figure, and keeps a
    portfolio of large blueprints linear in their size.
    """
    measured: dict[str, list[Link]] = {}
    for link in journey.blueprint.links:
        if link.kind is LinkKind.MEASURED_BY:
            measured.setdefault(link.source, []).append(link)
    bare = Journey(
        id=journey.id,
        title=journey.title,
        moments_of_truth=journey.moments_of_truth,
        metrics=journey.metrics,
    )

    def weigh(pain: PainPoint) -> float:
        links = measured.get(pain.id)
        stand_in = attrs.evolve(bare, blueprint=Blueprint(links=tuple(links))) if links else bare
        return pain_weight(stand_in, pain)

    return weigh


@attrs.define
class _CauseDraft:
    id: str
    name: str
    kind: str
    ids: list[str]
    pains: dict[tuple[int, str], CausedPain]  # (journey number, pain id) -> the pain

    def journeys(self) -> set[int]:
        return {number for number, _pain in self.pains}


def _shared_causes(journeys: Sequence[Journey]) -> tuple[SharedCause, ...]:
    drafts: list[_CauseDraft] = []
    by_id: dict[str, _CauseDraft] = {}
    by_name: dict[str, list[_CauseDraft]] = {}
    for number, journey in enumerate(journeys):
        found = all_root_causes(journey)
        weigh = _weigher(journey)
        here: dict[str, _CauseDraft] = {}  # cause id in this journey -> its draft
        for pain in journey.pain_points:
            weight: float | None = None
            for cause in found[pain.id]:
                if cause.kind == "?":  # not a blueprint node or hand-off (validation reports it)
                    continue
                draft = here.get(cause.id)
                if draft is None:
                    draft = by_id.get(cause.id)
                    if draft is None:  # the same name, in a draft this journey has not joined yet
                        named = by_name.get(_norm(cause.name), [])
                        draft = next((d for d in named if number not in d.journeys()), None)
                    if draft is None:
                        draft = _CauseDraft(id=cause.id, name=cause.name, kind=cause.kind, ids=[], pains={})
                        drafts.append(draft)
                    here[cause.id] = draft
                    if cause.id not in draft.ids:
                        draft.ids.append(cause.id)
                    by_id.setdefault(cause.id, draft)
                    names = by_name.setdefault(_norm(cause.name), [])
                    if draft not in names:
                        names.append(draft)
                if weight is None:
                    weight = weigh(pain)
                draft.pains[(number, pain.id)] = CausedPain(
                    journey=journey.id, pain=pain.id, stage=pain.stage, text=pain.text, weight=weight
                )
    shared = []
    for draft in drafts:
        if len(draft.journeys()) < 2:
            continue
        order = sorted(draft.pains, key=lambda key: (key[0], -draft.pains[key].weight))
        pains = tuple(draft.pains[key] for key in order)
        shared.append(
            SharedCause(
                id=draft.id,
                name=draft.name,
                kind=draft.kind,
                ids=tuple(draft.ids),
                journeys=tuple(journeys[n].id for n in sorted(draft.journeys())),
                pains=pains,
                weight=round(sum(p.weight for p in pains), 6),
            )
        )
    shared.sort(key=lambda c: (-len(c.journeys), -c.weight, -len(c.pains), c.name, c.id))
    return tuple(shared)
