"""Journey analytics from an event log: the funnel, time in stage, frequent paths, the map against reality.

The ``events`` table holds one row per thing a customer did or met: who, when,
and the stage and/or touchpoint.  A row with a touchpoint but no stage is
placed at the stage where the journey's map lists that touchpoint.  Stages
are taken in the journey's order; seed 003 asks this of its data: *at which
point do leads drop out?*

* **Funnel** per stage: customers who *reached* it (an event there), who
  *converted* (an event at a later stage after entering it) and who
  *dropped* (reached it and went no further); the last stage has no next.
* **Time in stage**: from a customer's first event at a stage to their first
  event at a later stage (days; median and mean over those who moved on).
* **Paths**: each customer's sequence of stages (or touchpoints), repeats in a
  row collapsed, counted; the most frequent first.
* **Map against reality**: touchpoints the map names that the data never show,
  and touchpoints frequent in the data that the map lacks.

Everything is computed by ibis expressions, on DuckDB or Spark alike; only
the small results come back to Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs

from cjm.kpi.catalogue import in_period
from cjm.kpi.data import Dataset
from cjm.kpi.engine import ibis_module, rows
from cjm.kpi.periods import Period
from cjm.model import Journey, LaneKind

__all__ = [
    "FunnelStep",
    "JourneyAnalytics",
    "PathCount",
    "TouchpointUse",
    "analyse_journey",
    "map_touchpoints",
]

#: Steps of a path kept; longer paths end in "…".
PATH_STEPS = 8


@attrs.frozen(kw_only=True)
class FunnelStep:
    """One stage of the funnel, with the time customers spent in it.

    ``converted`` and ``dropped`` are None for the last stage.  Times are in
    days, over the ``timed`` customers who moved on (None if none did).
    """

    stage: str
    reached: int
    converted: int | None
    dropped: int | None
    median_days: float | None
    mean_days: float | None
    timed: int

    @property
    def conversion(self) -> float | None:
        """Percent of those who reached the stage that went on (None for the last or an empty stage)."""
        if self.converted is None or not self.reached:
            return None
        return 100.0 * self.converted / self.reached


@attrs.frozen(kw_only=True)
class PathCount:
    """A path through the journey and how many customers took it."""

    steps: tuple[str, ...]
    customers: int
    share: float
    truncated: bool = False

    def __str__(self) -> str:
        return " → ".join(self.steps) + (" → …" if self.truncated else "")


@attrs.frozen(kw_only=True)
class TouchpointUse:
    """A touchpoint: where the map lists it, and how often the data show it."""

    touchpoint: str
    map_stages: tuple[str, ...]
    data_stages: tuple[str, ...]
    events: int
    customers: int
    share: float

    @property
    def on_map(self) -> bool:
        """True if the map names this touchpoint at some stage."""
        return bool(self.map_stages)


@attrs.frozen(kw_only=True)
class JourneyAnalytics:
    """What an event log says about a journey."""

    funnel: tuple[FunnelStep, ...]
    paths: tuple[PathCount, ...]
    touchpoints: tuple[TouchpointUse, ...]
    customers: int
    events: int
    period: Period | None
    path_level: str
    #: Stage values in the data that are not stages of the journey (their rows are left out of the funnel).
    unknown_stages: tuple[str, ...] = ()
    #: Rows with neither a known stage nor a touchpoint the map places.
    unplaced: int = 0
    min_share: float = 2.0
    dealer: str | None = None

    @property
    def unseen(self) -> tuple[TouchpointUse, ...]:
        """Touchpoints the map names that the data never show."""
        return tuple(t for t in self.touchpoints if t.on_map and t.events == 0)

    @property
    def missing(self) -> tuple[TouchpointUse, ...]:
        """Touchpoints in at least ``min_share`` % of the events that the map lacks, most frequent first."""
        return tuple(t for t in self.touchpoints if not t.on_map and t.share >= self.min_share)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def map_touchpoints(journey: Journey) -> dict[str, list[tuple[str, str]]]:
    """The map's touchpoints: normalised text -> [(stage id, text as written)], in map order."""
    lanes = [lane.id for lane in journey.lanes if lane.kind is LaneKind.TOUCHPOINTS]
    out: dict[str, list[tuple[str, str]]] = {}
    for stage in journey.stages:
        for lane in lanes:
            for item in journey.items(stage.id, lane):
                out.setdefault(_norm(item.text), []).append((stage.id, item.text))
    return out


def analyse_journey(
    dataset: Dataset,
    journey: Journey,
    *,
    period: Period | None = None,
    top: int = 10,
    path_level: str = "stage",
    min_share: float = 2.0,
    dealer: str | None = None,
) -> JourneyAnalytics:
    """Funnel, time in stage, frequent paths and map-against-reality from the ``events`` table.

    ``period`` keeps the events within it (default: all); ``dealer`` keeps one
    dealer's customers; ``path_level`` is ``stage`` or ``touchpoint``;
    ``min_share`` (percent of events) is how frequent a touchpoint must be to
    count as missing from the map.
    """
    if path_level not in ("stage", "touchpoint"):
        raise ValueError(f"path_level is stage or touchpoint, not {path_level!r}")
    if "events" not in dataset.tables:
        raise KeyError(
            "journey analytics need the events table: add events.csv, events.parquet or events.xlsx"
        )
    ibis = ibis_module()
    stages = [s.id for s in journey.stages]
    placed = map_touchpoints(journey)
    events = dataset.table("events")
    if period is not None:
        events = events.filter(in_period(ibis, events["at"], period))
    if dealer is not None:
        if "dealer_id" not in events.columns:
            raise KeyError("the events table has no dealer_id column, so it cannot be narrowed to one dealer")
        events = events.filter(events["dealer_id"].cast("string") == dealer)
    has_stage = "stage" in events.columns
    has_touch = "touchpoint" in events.columns
    if not has_stage and not has_touch:
        raise KeyError("the events table needs a stage or a touchpoint column")
    touch = _normalised(events["touchpoint"]) if has_touch else ibis.null("string")
    where = {key: spots[0][0] for key, spots in placed.items()}
    from_map = touch.substitute(where, else_=ibis.null("string")) if where else ibis.null("string")
    stage = ibis.coalesce(events["stage"], from_map) if has_stage else from_map
    index = stage.substitute({s: i for i, s in enumerate(stages)}, else_=ibis.null("int64"))
    events = events.select(
        customer=events["customer_id"].cast("string"),
        at=events["at"],
        stage=stage,
        index=index,
        touch=touch,
        touchpoint=events["touchpoint"] if has_touch else ibis.null("string"),
    )
    totals = rows(
        events.aggregate(
            events=events.count(),
            customers=events["customer"].nunique(),
            unplaced=events["stage"].isnull().cast("int64").sum(),
        )
    )[0]
    unknown = events.filter(events["stage"].notnull() & events["index"].isnull())
    unknown_stages = sorted(r["stage"] for r in rows(unknown.select("stage").distinct()))
    known = events.filter(events["index"].notnull())
    funnel = _funnel(known, stages)
    paths = _paths(
        ibis,
        known if path_level == "stage" else events.filter(events["touchpoint"].notnull()),
        path_level,
        top,
    )
    touchpoints = _touchpoints(events, placed, stages, int(totals["events"] or 0)) if has_touch else ()
    return JourneyAnalytics(
        funnel=funnel,
        paths=paths,
        touchpoints=touchpoints,
        customers=int(totals["customers"] or 0),
        events=int(totals["events"] or 0),
        period=period,
        path_level=path_level,
        unknown_stages=tuple(unknown_stages),
        unplaced=int(totals["unplaced"] or 0),
        min_share=min_share,
        dealer=dealer,
    )


def _normalised(column: Any) -> Any:
    text = column.cast("string").lower()
    return text.re_replace(r"\s+", " ").re_replace(r"^ | $", "").nullif("")


def _funnel(events: Any, stages: list[str]) -> tuple[FunnelStep, ...]:
    ev = events
    first = ev.group_by(["customer", "index"]).aggregate(entered=ev["at"].min())
    later = first.rename(__c="customer", __i="index", __e="entered")
    pairs = first.join(
        later,
        [
            first["customer"] == later["__c"],
            later["__i"] > first["index"],
            later["__e"] >= first["entered"],
        ],
    )
    moved = pairs.group_by(["customer", "index"]).aggregate(left_at=pairs["__e"].min())
    moved = moved.rename(__mc="customer", __mi="index")
    joined = first.left_join(moved, [first["customer"] == moved["__mc"], first["index"] == moved["__mi"]])
    days = (joined["left_at"].epoch_seconds() - joined["entered"].epoch_seconds()).cast("float64") / 86400.0
    joined = joined.mutate(__days=days)
    table = joined.group_by("index").aggregate(
        reached=joined.count(),
        converted=joined["left_at"].count(),
        median_days=joined["__days"].median(),
        mean_days=joined["__days"].mean(),
    )
    by_index = {r["index"]: r for r in rows(table)}
    out = []
    for i, stage in enumerate(stages):
        row = by_index.get(i)
        reached = int(row["reached"]) if row else 0
        converted = int(row["converted"]) if row else 0
        last = i == len(stages) - 1
        out.append(
            FunnelStep(
                stage=stage,
                reached=reached,
                converted=None if last else converted,
                dropped=None if last else reached - converted,
                median_days=None if last or not row else row["median_days"],
                mean_days=None if last or not row else row["mean_days"],
                timed=0 if last else converted,
            )
        )
    return tuple(out)


def _paths(ib: Any, events: Any, level: str, top: int) -> tuple[PathCount, ...]:
    column = "stage" if level == "stage" else "touchpoint"
    ev = events
    order = ib.window(group_by="customer", order_by=["at", column])
    ev = ev.mutate(__prev=ev[column].lag().over(order))
    steps = ev.filter(ev["__prev"].isnull() | (ev["__prev"] != ev[column]))
    steps = steps.mutate(__k=ib.row_number().over(order))
    per_customer = steps.group_by("customer").aggregate(
        __len=steps.count(),
        **{f"s{i}": steps[column].max(where=steps["__k"] == i) for i in range(PATH_STEPS)},
    )
    keys = [f"s{i}" for i in range(PATH_STEPS)]
    per_customer = per_customer.mutate(__more=per_customer["__len"] > PATH_STEPS)
    counted = per_customer.group_by([*keys, "__more"]).aggregate(customers=per_customer.count())
    # every customer's path is counted once, so the customers of all paths are the total:
    # a window over the counted paths gives it in the same query
    counted = counted.mutate(__total=counted["customers"].sum().over(ib.window()))
    # Ties: shorter paths first, then alphabetical; NULLs placed explicitly, as engines differ.
    ties = [ib.asc(counted[k], nulls_first=True) for k in keys]
    best = counted.order_by([ib.desc(counted["customers"]), *ties]).limit(top)
    out = []
    for row in rows(best):
        path = tuple(row[k] for k in keys if row[k] is not None)
        total = row["__total"]
        out.append(
            PathCount(
                steps=path,
                customers=int(row["customers"]),
                share=100.0 * row["customers"] / total if total else 0.0,
                truncated=bool(row["__more"]),
            )
        )
    return tuple(out)


@attrs.define
class _Seen:
    name: str
    events: int = 0
    stages: set[str] = attrs.field(factory=set)


def _touchpoints(
    events: Any, placed: dict[str, list[tuple[str, str]]], stages: Iterable[str], total: int
) -> tuple[TouchpointUse, ...]:
    ev = events
    seen = ev.filter(ev["touch"].notnull())
    per = seen.group_by(["touch", "stage"]).aggregate(
        events=seen.count(), customers=seen["customer"].nunique(), name=seen["touchpoint"].min()
    )
    per_touch = seen.group_by("touch").aggregate(customers=seen["customer"].nunique())
    customers = {r["touch"]: int(r["customers"]) for r in rows(per_touch)}
    order = {s: i for i, s in enumerate(stages)}
    found: dict[str, _Seen] = {}
    for row in rows(per):
        entry = found.setdefault(row["touch"], _Seen(name=row["name"]))
        entry.events += int(row["events"])
        if row["stage"] is not None:
            entry.stages.add(row["stage"])
    out = []
    for key in [*placed, *sorted(k for k in found if k not in placed)]:
        entry = found.get(key, _Seen(name=key))
        spots = placed.get(key, [])
        out.append(
            TouchpointUse(
                touchpoint=spots[0][1] if spots else entry.name,
                map_stages=tuple(s for s, _ in spots),
                data_stages=tuple(sorted(entry.stages, key=lambda s: order.get(s, len(order)))),
                events=entry.events,
                customers=customers.get(key, 0),
                share=100.0 * entry.events / total if total else 0.0,
            )
        )
    out.sort(key=lambda t: (not t.on_map, -t.events if not t.on_map else 0))
    return tuple(out)
