"""Analyses of the service blueprint; each is a function that returns data.

* :func:`root_causes` / :func:`all_root_causes` — every upstream internal cause
  of a pain point, with the path to it;
* :func:`impact_ranking` — how much customer pain each process, system and
  department feeds, weighted by severity × frequency, by Moments of Truth and
  by the gap between a linked metric's baseline and its target;
* :func:`orphans` — pain points with no cause, opportunities with no owner,
  Moments of Truth with no metric;
* :func:`handoff_reports` — each hand-off's checklist, SLA and the information
  completeness % (seed 000's stage-5 KPI) computed from its records;
* :func:`rework_loops` and :func:`lane_crossings`.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterable, Iterator, Mapping

import attrs
import networkx as nx
import numpy as np

from cjm.blueprint.causes import CauseTable, cause_table
from cjm.blueprint.graph import causal_edges
from cjm.model import Journey, Layer, LinkKind, Metric, NodeKind, PainPoint

__all__ = [
    "Cause",
    "Crossing",
    "HandoffReport",
    "Impact",
    "Orphans",
    "PainWeights",
    "RootCauses",
    "all_root_causes",
    "handoff_reports",
    "impact_ranking",
    "lane_crossings",
    "orphans",
    "pain_weight",
    "rework_loops",
    "root_causes",
]


@attrs.frozen(kw_only=True)
class Cause:
    """An upstream cause of a pain point, how far up it is, and the path from it to the pain."""

    id: str
    kind: str
    name: str
    distance: int
    path: tuple[str, ...]


def _describe(journey: Journey) -> dict[str, tuple[str, str]]:
    names = {n.id: (n.kind.value, n.name) for n in journey.blueprint.nodes}
    names.update({h.id: ("handoff", f"{h.source} → {h.target}") for h in journey.blueprint.handoffs})
    return names


#: The cause table of each live journey, by identity: journeys are frozen, so the
#: table stays true for as long as the journey lives (and goes with it).
_TABLES: dict[int, tuple[weakref.ref[Journey], CauseTable]] = {}


def _table(journey: Journey) -> CauseTable:
    cached = _TABLES.get(id(journey))
    if cached is not None and cached[0]() is journey:
        return cached[1]
    table = cause_table(causal_edges(journey), (p.id for p in journey.pain_points))
    key = id(journey)
    _TABLES[key] = (weakref.ref(journey, lambda _ref: _TABLES.pop(key, None)), table)
    return table


class RootCauses(Mapping[str, list[Cause]]):
    """Every pain point's upstream causes: a read-only mapping from pain point id to its causes.

    Computed for all pain points at once (see :mod:`cjm.blueprint.causes`); each
    pain point's list, with its paths, is built when it is looked up.
    """

    def __init__(self, journey: Journey) -> None:
        self.table = _table(journey)
        self._names = _describe(journey)
        self._pains = [p.id for p in journey.pain_points]  # in file order, for iteration
        self._known = frozenset(self._pains)

    def __getitem__(self, pain_id: str) -> list[Cause]:
        # Every pain point is numbered in the table's index, so this one check suffices.
        if pain_id not in self._known:
            raise KeyError(f"no pain point with id {pain_id!r}")
        out = []
        for cause, distance, path in self.table.causes_of(pain_id):
            kind, name = self._names.get(cause, ("?", cause))
            out.append(Cause(id=cause, kind=kind, name=name, distance=distance, path=path))
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(self._pains)

    def __len__(self) -> int:
        return len(self._pains)

    @property
    def pair_count(self) -> int:
        """How many (cause, pain point) pairs there are in all."""
        return len(self.table)


def root_causes(journey: Journey, pain_id: str) -> list[Cause]:
    """Every upstream cause of one pain point, nearest first (``KeyError`` for an unknown id)."""
    return RootCauses(journey)[pain_id]


def all_root_causes(journey: Journey) -> RootCauses:
    """Every pain point's upstream causes, in one pass over the blueprint."""
    return RootCauses(journey)


@attrs.frozen(kw_only=True)
class PainWeights:
    """How one pain point counts in the impact ranking (see :func:`pain_weight`)."""

    mot_factor: float = 2.0
    #: Severity and frequency of an unrated pain point: the lowest, so unrated pains never outrank rated ones.
    unrated: int = 1


class _Weigher:
    """Weights of pain points, with the journey's lookups built once (not once per pain point)."""

    def __init__(self, journey: Journey, weights: PainWeights) -> None:
        self.weights = weights
        self.mot_stages = {m.stage for m in journey.moments_of_truth}
        metrics = {m.id: m for m in journey.metrics}
        self.gaps: dict[str, float] = {}
        for link in journey.blueprint.links:
            if link.kind is not LinkKind.MEASURED_BY or link.target not in metrics:
                continue
            gap = _gap(metrics[link.target])
            self.gaps[link.source] = max(gap, self.gaps.get(link.source, 0.0))

    def __call__(self, pain: PainPoint) -> float:
        unrated = self.weights.unrated
        base = (pain.severity or unrated) * (pain.frequency or unrated)
        mot = self.weights.mot_factor if pain.stage in self.mot_stages else 1.0
        return base * mot * (1.0 + self.gaps.get(pain.id, 0.0))


def _gap(metric: Metric) -> float:
    """Relative gap (0..1) between a metric's baseline and target; 0 if either is missing."""
    if metric.target is None or metric.baseline is None or metric.baseline.value is None:
        return 0.0
    scale = max(abs(metric.target), abs(metric.baseline.value), 1e-9)
    return min(1.0, abs(metric.target - metric.baseline.value) / scale)


def pain_weight(journey: Journey, pain: PainPoint, weights: PainWeights = PainWeights()) -> float:
    """severity × frequency, × the MoT factor at a Moment of Truth, × (1 + the largest relative gap
    between baseline and target of the metrics the pain point is ``measured_by``)."""
    return _Weigher(journey, weights)(pain)


@attrs.frozen(kw_only=True)
class Impact:
    """How much customer pain one process, system or department feeds."""

    id: str
    kind: str
    name: str
    pain_points: tuple[str, ...]
    weight: float
    at_moments_of_truth: int

    def summary(self, language: str = "en") -> str:
        """The finding in words: fixing X addresses N pain points worth Y."""
        n = len(self.pain_points)
        if language.startswith("ko"):
            return f"{self.name} 개선 시 Pain Point {n}건 해결 (가중치 {self.weight:g})"
        noun = "pain point" if n == 1 else "pain points"
        return f"fixing {self.kind} {self.name} addresses {n} {noun} worth {self.weight:g}"


_RANKED = (NodeKind.PROCESS, NodeKind.SYSTEM, NodeKind.DEPARTMENT)


def impact_ranking(
    journey: Journey, *, kinds: Iterable[NodeKind] = _RANKED, weights: PainWeights = PainWeights()
) -> list[Impact]:
    """Processes, systems and departments by the weighted customer pain they feed, heaviest first."""
    table = _table(journey)
    weigh = _Weigher(journey, weights)
    size = len(table.names)
    pain_weight_of = np.zeros(size)
    pain_at_mot = np.zeros(size)
    for pain in journey.pain_points:
        number = table.index[pain.id]
        pain_weight_of[number] = weigh(pain)
        pain_at_mot[number] = pain.stage in weigh.mot_stages
    totals = np.bincount(table.cause, weights=pain_weight_of[table.pain], minlength=size)
    at_mot = np.bincount(table.cause, weights=pain_at_mot[table.pain], minlength=size)
    ranked_kinds = frozenset(kinds)  # once: an iterator would be spent on the first node
    wanted = {n.id: n for n in journey.blueprint.nodes if n.kind in ranked_kinds}
    numbers = np.array([table.index.get(node_id, -1) for node_id in wanted], dtype=np.int64)
    ranked_nodes = [
        node for node, number in zip(wanted.values(), numbers.tolist(), strict=True) if number >= 0
    ]
    ranked_numbers = numbers[numbers >= 0]
    by_cause = np.argsort(table.cause, kind="stable")
    starts = np.searchsorted(table.cause[by_cause], ranked_numbers, side="left")
    stops = np.searchsorted(table.cause[by_cause], ranked_numbers, side="right")
    pain_names = table.names
    ranking = []
    for node, number, start, stop in zip(
        ranked_nodes, ranked_numbers.tolist(), starts.tolist(), stops.tolist(), strict=True
    ):
        if start == stop:
            continue
        pains = table.pain[by_cause[start:stop]].tolist()
        ranking.append(
            Impact(
                id=node.id,
                kind=node.kind.value,
                name=node.name,
                pain_points=tuple(pain_names[p] for p in pains),
                weight=round(float(totals[number]), 6),
                at_moments_of_truth=int(at_mot[number]),
            )
        )
    ranking.sort(key=lambda i: (-i.weight, -len(i.pain_points), i.id))
    return ranking


@attrs.frozen(kw_only=True)
class Orphans:
    """What the blueprint leaves unexplained or unowned."""

    pain_points_without_cause: tuple[str, ...]
    opportunities_without_owner: tuple[str, ...]
    moments_without_metric: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(
            self.pain_points_without_cause or self.opportunities_without_owner or self.moments_without_metric
        )


def orphans(journey: Journey) -> Orphans:
    """Pain points no link causes, opportunities with no owner, Moments of Truth with no metric."""
    caused = {link.target for link in journey.blueprint.links if link.kind is LinkKind.CAUSES}
    return Orphans(
        pain_points_without_cause=tuple(p.id for p in journey.pain_points if p.id not in caused),
        opportunities_without_owner=tuple(o.id for o in journey.opportunities if not (o.owner or "").strip()),
        moments_without_metric=tuple(m.stage for m in journey.moments_of_truth if not m.metrics),
    )


@attrs.frozen(kw_only=True)
class HandoffReport:
    """A hand-off's checklist and how well its records meet it."""

    id: str
    source: str
    target: str
    stage: str | None
    items: tuple[str, ...]
    sla: str | None
    records: int
    #: Share of required items present over all records, in % (None without records or items).
    completeness: float | None
    #: For each required item, the share of records that carried it, in %.
    item_presence: dict[str, float]
    #: Records that took longer than the SLA in hours (None without an SLA in hours).
    over_sla: int | None


def handoff_reports(journey: Journey) -> list[HandoffReport]:
    """Each hand-off: who → whom, the required items, the SLA and the completeness % from its records."""
    reports = []
    for handoff in journey.blueprint.handoffs:
        records = handoff.records
        presence = {
            item: 100.0 * sum(item in r.present for r in records) / len(records) if records else 0.0
            for item in handoff.items
        }
        completeness = None
        if records and handoff.items:
            completeness = sum(presence.values()) / len(handoff.items)
        over_sla = None
        if handoff.sla_hours is not None:
            over_sla = sum(1 for r in records if r.hours is not None and r.hours > handoff.sla_hours)
        reports.append(
            HandoffReport(
                id=handoff.id,
                source=handoff.source,
                target=handoff.target,
                stage=handoff.stage,
                items=handoff.items,
                sla=handoff.sla,
                records=len(records),
                completeness=completeness,
                item_presence=presence if records else {},
                over_sla=over_sla,
            )
        )
    return reports


def rework_loops(journey: Journey, *, limit: int = 100) -> list[tuple[str, ...]]:
    """Cycles in the flow (``next``) and cause links among nodes: work that comes back. At most ``limit``."""
    graph = nx.DiGraph()
    for link in journey.blueprint.links:
        if link.kind in (LinkKind.NEXT, LinkKind.CAUSES):
            graph.add_edge(link.source, link.target)
    loops = []
    for cycle in itertools.islice(nx.simple_cycles(graph), limit):
        start = cycle.index(min(cycle))  # the same loop reads the same way every run
        loops.append(tuple(cycle[start:] + cycle[:start]))
    return sorted(loops)


#: The blueprint's three lines, by the pair of layers on either side.
LINES: dict[frozenset[Layer], str] = {
    frozenset({Layer.CUSTOMER, Layer.FRONTSTAGE}): "interaction",
    frozenset({Layer.FRONTSTAGE, Layer.BACKSTAGE}): "visibility",
    frozenset({Layer.BACKSTAGE, Layer.SUPPORT}): "internal interaction",
}
_ORDER = [Layer.PHYSICAL_EVIDENCE, Layer.CUSTOMER, Layer.FRONTSTAGE, Layer.BACKSTAGE, Layer.SUPPORT]


@attrs.frozen(kw_only=True)
class Crossing:
    """A link between nodes of different layers, and the lines it crosses."""

    source: str
    target: str
    kind: str
    layers: tuple[str, str]
    lines: tuple[str, ...]


def lane_crossings(journey: Journey) -> list[Crossing]:
    """Links whose ends lie in different swimlanes, with the lines of the blueprint they cross."""
    layers = {n.id: n.layer for n in journey.blueprint.nodes if n.layer is not None}
    crossings = []
    for link in journey.blueprint.links:
        a, b = layers.get(link.source), layers.get(link.target)
        if a is None or b is None or a is b:
            continue
        low, high = sorted((_ORDER.index(a), _ORDER.index(b)))
        lines = tuple(
            LINES[frozenset({_ORDER[i], _ORDER[i + 1]})]
            for i in range(low, high)
            if frozenset({_ORDER[i], _ORDER[i + 1]}) in LINES
        )
        crossings.append(
            Crossing(
                source=link.source,
                target=link.target,
                kind=link.kind.value,
                layers=(a.value, b.value),
                lines=lines,
            )
        )
    return crossings
