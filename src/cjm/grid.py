"""The map as a grid of entries: what each lane shows at each stage.

Every exporter draws the same grid, so a Moment of Truth, a baseline or a pain
point reads the same in Markdown, Excel and PowerPoint.  Lanes of kinds that
hold items show the cell's items; the other kinds show the journey's records
for that stage.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from cjm.model import Journey, Label, Lane, LaneKind, Metric, Opportunity, PainPoint, Stage

__all__ = [
    "QUICK_WIN_EFFORT",
    "QUICK_WIN_VALUE",
    "Entry",
    "Grid",
    "baseline_text",
    "format_number",
    "format_value",
    "grid",
    "metric_entry",
    "priority",
    "quick_win",
]

#: An opportunity is a quick win at this value or more and this effort or less (1–5 scales).
QUICK_WIN_VALUE = 4
QUICK_WIN_EFFORT = 2


@attrs.frozen(kw_only=True)
class Entry:
    """One line of a cell: its text, its label (None for flags), and the id it came from."""

    text: str
    label: Label | None = None
    ref: str | None = None


@attrs.frozen(kw_only=True)
class Grid:
    """Stages × lanes, each cell a tuple of entries, plus which stages are Moments of Truth."""

    stages: tuple[Stage, ...]
    lanes: tuple[Lane, ...]
    cells: dict[tuple[str, str], tuple[Entry, ...]]
    moments: frozenset[str]

    def cell(self, stage_id: str, lane_id: str) -> tuple[Entry, ...]:
        """The entries at ``stage_id`` × ``lane_id``."""
        return self.cells.get((stage_id, lane_id), ())

    def rows(self) -> Iterator[tuple[Stage, tuple[tuple[Entry, ...], ...]]]:
        """Each stage with its cells in lane order."""
        for stage in self.stages:
            yield stage, tuple(self.cell(stage.id, lane.id) for lane in self.lanes)


def format_number(value: float) -> str:
    """70.0 -> '70', 2.5 -> '2.5', 0.125 -> '0.125' (no trailing zeros, no exponent)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(value: float, unit: str) -> str:
    """A number with its unit: '70%', '2.5일', '3.8/5', '12 days' (a word unit gets a space)."""
    number = format_number(value)
    if unit and unit[0].isascii() and unit[0].isalpha():
        return f"{number} {unit}"
    return f"{number}{unit}"


def priority(pain: PainPoint) -> int | None:
    """Severity × frequency of a pain point, or None when either is not scored."""
    if pain.severity is None or pain.frequency is None:
        return None
    return pain.severity * pain.frequency


def quick_win(opp: Opportunity) -> bool:
    """High value for low effort: value ≥ :data:`QUICK_WIN_VALUE`, effort ≤ :data:`QUICK_WIN_EFFORT`."""
    return (
        opp.value is not None
        and opp.effort is not None
        and opp.value >= QUICK_WIN_VALUE
        and opp.effort <= QUICK_WIN_EFFORT
    )


def baseline_text(metric: Metric) -> str | None:
    """The metric's baseline as the map shows it ('70%', or the map's own text '60일+'); None if none."""
    baseline = metric.baseline
    if baseline is None:
        return None
    if baseline.text:
        return baseline.text
    if baseline.value is not None:
        return format_value(baseline.value, metric.unit)
    return None


def metric_entry(metric: Metric) -> Entry | None:
    """The map's baseline entry for a metric ('OTD 70%'), or None if it has no baseline."""
    figure = baseline_text(metric)
    if figure is None or metric.baseline is None:
        return None
    return Entry(text=f"{metric.display_name} {figure}", label=metric.baseline.label, ref=metric.id)


def _entries(journey: Journey, stage: Stage, lane: Lane) -> tuple[Entry, ...]:
    kind = lane.kind
    if kind.holds_items:
        return tuple(Entry(text=i.text, label=i.label, ref=i.id) for i in journey.items(stage.id, lane.id))
    if kind is LaneKind.MOMENT_OF_TRUTH:
        moment = journey.moment_of_truth(stage.id)
        if moment is None:
            return (Entry(text="N"),)
        return (Entry(text="Y"), *(Entry(text=journey.metric(m).display_name, ref=m) for m in moment.metrics))
    if kind is LaneKind.PAIN_POINTS:
        return tuple(Entry(text=p.text, label=p.label, ref=p.id) for p in journey.pain_points_at(stage.id))
    if kind is LaneKind.OPPORTUNITIES:
        return tuple(Entry(text=o.text, label=o.label, ref=o.id) for o in journey.opportunities_at(stage.id))
    if kind is LaneKind.METRICS:
        return tuple(e for e in map(metric_entry, journey.metrics_at(stage.id)) if e is not None)
    if kind is LaneKind.EMOTIONS:
        out = []
        for emotion in journey.emotions:
            if emotion.stage != stage.id:
                continue
            who = f"{journey.persona(emotion.persona).name}: " if emotion.persona else ""
            note = f" ({emotion.note})" if emotion.note else ""
            out.append(Entry(text=f"{who}{format_number(emotion.score)}{note}", label=emotion.label))
        return tuple(out)
    raise AssertionError(f"unhandled lane kind {kind}")  # pragma: no cover


def grid(journey: Journey) -> Grid:
    """The map of a valid journey as a grid (see :func:`cjm.ensure_valid`)."""
    cells = {
        (stage.id, lane.id): _entries(journey, stage, lane)
        for stage in journey.stages
        for lane in journey.lanes
    }
    return Grid(
        stages=journey.stages,
        lanes=journey.lanes,
        cells=cells,
        moments=frozenset(m.stage for m in journey.moments_of_truth),
    )
