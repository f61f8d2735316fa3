"""The emotion curve's row: a smooth line per persona through the measured stages.

Each point sits at its score's height on the journey's emotion scale, at the
centre of its stage's column.  Runs of measured stages are joined by a
monotone cubic (Fritsch–Carlson), which never swings past its points, so the
curve never shows a high or a low that was not measured.  A stage with no
score is a gap in the line with the words "not measured"; the 95 % interval is
a whisker and ``n`` is written under the point where the score has them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cjm.exporters.visual.content import MapContent
from cjm.exporters.visual.scene import Box, Chart, Dot, Group, Line, Path, Shape, TextBlock
from cjm.exporters.visual.words import INK, PERSONA_COLOURS
from cjm.grid import format_number
from cjm.model import Emotion, Stage

__all__ = ["curve_row", "monotone_segments", "score_y"]


def score_y(score: float, low: float, high: float, top: float, height: float) -> float:
    """The y of ``score`` in a plot ``height`` px tall from ``top`` (high at the top)."""
    fraction = (score - low) / (high - low)
    return top + (1.0 - min(1.0, max(0.0, fraction))) * height


def monotone_segments(
    points: Sequence[tuple[float, float]],
) -> list[tuple[tuple[float, float], tuple[float, float], tuple[float, float]]]:
    """Cubic Bézier segments through ``points`` (x increasing) of a monotone cubic interpolation."""
    n = len(points)
    if n < 2:
        return []
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    slopes = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(n - 1)]
    tangents = (
        [slopes[0]]
        + [
            0.0 if slopes[i - 1] * slopes[i] <= 0 else (slopes[i - 1] + slopes[i]) / 2
            for i in range(1, n - 1)
        ]
        + [slopes[-1]]
    )
    for i, slope in enumerate(slopes):  # Fritsch–Carlson: keep each segment monotone
        if slope == 0:
            tangents[i] = tangents[i + 1] = 0.0
            continue
        a, b = tangents[i] / slope, tangents[i + 1] / slope
        length = a * a + b * b
        if length > 9:
            scale = 3 / length**0.5
            tangents[i], tangents[i + 1] = scale * a * slope, scale * b * slope
    segments = []
    for i in range(n - 1):
        h = xs[i + 1] - xs[i]
        segments.append(
            (
                (xs[i] + h / 3, ys[i] + tangents[i] * h / 3),
                (xs[i + 1] - h / 3, ys[i + 1] - tangents[i + 1] * h / 3),
                (xs[i + 1], ys[i + 1]),
            )
        )
    return segments


def curve_row(
    content: MapContent, writer: Any, stages: Sequence[Stage], left: float, column: float, top: float, m: Any
) -> tuple[list[Shape], float]:
    """The curve's row at ``top``: its lane box, the plot, the series, and the gaps."""
    journey = content.journey
    scale = journey.emotion_scale
    series_count = max(1, len(content.curves))
    height = m.curve_height + 12 * (series_count - 1)  # a line of n labels per series
    plot_top, plot_height = top + 22, m.curve_height - 44
    shapes: list[Shape] = []
    lane = [
        Box(x=m.margin, y=top, w=m.lane_width - m.gap, h=height, fill="F3F4F6", radius=4, role="lane"),
        writer.block(
            content.word("emotion"),
            m.margin + m.pad,
            top + m.pad,
            m.lane_width - m.gap - 2 * m.pad,
            m.text,
            bold=True,
            lines=2,
        ),
    ]
    for value, name in ((scale.high, "high"), ((scale.low + scale.high) / 2, "mid"), (scale.low, "low")):
        y = score_y(value, scale.low, scale.high, plot_top, plot_height)
        lane.append(
            TextBlock(
                x=m.margin + m.lane_width - m.gap - 6,
                y=y + 3.5,
                lines=(format_number(value),),
                size=m.small,
                colour=INK["muted"],
                anchor="end",
                source=format_number(value),
                width=30,
            )
        )
        shapes.append(
            Line(
                x1=left,
                y1=y,
                x2=left + column * len(stages),
                y2=y,
                stroke="D1D5DB",
                width=1.0,
                dash=None if name == "mid" else "3 3",
            )
        )
    shapes.insert(0, Group(children=tuple(lane), role="lane", data={"lane": "emotion-curve"}))
    centres = [left + (i + 0.5) * column for i in range(len(stages))]
    index = {stage.id: i for i, stage in enumerate(content.stages)}
    emotion_index = {id(e): i for i, e in enumerate(journey.emotions)}
    measured = [False] * len(stages)
    series_values = []
    for number, series in enumerate(content.curves):
        colour = PERSONA_COLOURS[number % len(PERSONA_COLOURS)]
        points = [series.points[index[s.id]] for s in stages]
        nudge = (number - (len(content.curves) - 1) / 2) * 8.0
        parts: list[Shape] = []
        runs: list[list[tuple[float, float]]] = [[]]
        for i, point in enumerate(points):
            if point is None:
                if runs[-1]:
                    runs.append([])
                continue
            measured[i] = True
            runs[-1].append(
                (centres[i] + nudge, score_y(point.score, scale.low, scale.high, plot_top, plot_height))
            )
        for run in runs:
            if len(run) >= 2:
                parts.append(
                    Path(start=run[0], curves=tuple(monotone_segments(run)), stroke=colour, width=2.5)
                )
        for i, point in enumerate(points):
            if point is not None:
                card = content.points[emotion_index[id(point)]]
                drawn = _point(
                    writer, point, centres[i] + nudge, colour, scale, plot_top, plot_height, number, m
                )
                # a white halo, the point's click target; red when ``cjm check`` has something to say of it
                y = score_y(point.score, scale.low, scale.high, plot_top, plot_height)
                ring = INK["alert"] if card.findings else None
                drawn.insert(0, Dot(cx=centres[i] + nudge, cy=y, r=8, fill="FFFFFF", stroke=ring))
                data = {"kind": "emotion", "stage": point.stage, "lane": "emotion-curve"}
                if card.label is not None:
                    data["label"] = card.label.value
                if card.personas:
                    data["personas"] = " ".join(card.personas)
                if card.findings:
                    data["flag"] = "finding"
                tip = "\n".join([f"{card.text}: {card.detail}", *(f.message for f in card.findings)])
                parts.append(Group(children=tuple(drawn), key=card.key, role="item", data=data, title=tip))
        data = {"persona": series.persona or ""}
        shapes.append(
            Group(
                children=tuple(parts),
                key=f"curve-{series.persona or 'journey'}",
                role="curve",
                data=data,
                title=series.name,
            )
        )
        series_values.append((series.name, tuple(p.score if p is not None else None for p in points), colour))
    for i, stage in enumerate(stages):
        if not measured[i]:
            width = min(column - 16, writer.width(content.word("not_measured"), m.small) + 14)
            y = plot_top + plot_height / 2 - 9
            shapes.append(
                Group(
                    role="gap",
                    data={"stage": stage.id},
                    children=(
                        Box(
                            x=centres[i] - width / 2,
                            y=y,
                            w=width,
                            h=18,
                            fill="FFFFFF",
                            stroke=INK["line"],
                            dash="3 2",
                            radius=9,
                            role="gap",
                        ),
                        writer.block(
                            content.word("not_measured"),
                            centres[i],
                            y + 3,
                            width,
                            m.small,
                            lines=1,
                            colour=INK["muted"],
                            anchor="middle",
                            italic=True,
                        ),
                    ),
                )
            )
    if len(content.curves) > 1:
        x = left + 6
        for name, _, colour in series_values:
            shapes.append(Line(x1=x, y1=top + 10, x2=x + 16, y2=top + 10, stroke=colour, width=2.5))
            block = writer.block(name, x + 20, top + 4, 200, m.small, lines=1, colour=INK["text"])
            shapes.append(block)
            x += 30 + writer.width(block.lines[0], m.small)
    shapes.append(
        Chart(
            x=left,
            y=top,
            w=column * len(stages),
            h=height,
            categories=tuple(s.name for s in stages),
            series=tuple(series_values),
            low=scale.low,
            high=scale.high,
            plot_y=plot_top,
            plot_h=plot_height,
        )
    )
    return shapes, height


def _point(
    writer: Any,
    point: Emotion,
    x: float,
    colour: str,
    scale: Any,
    top: float,
    height: float,
    number: int,
    m: Any,
) -> list[Shape]:
    """A point of the curve: its whisker (the 95 % interval), its dot, its score and its n."""
    low, high = scale.low, scale.high
    y = score_y(point.score, low, high, top, height)
    parts: list[Shape] = []
    if point.low is not None and point.high is not None:
        y_low = score_y(point.low, low, high, top, height)
        y_high = score_y(point.high, low, high, top, height)
        parts += [
            Line(x1=x, y1=y_high, x2=x, y2=y_low, stroke=colour, width=1.2),
            Line(x1=x - 4, y1=y_high, x2=x + 4, y2=y_high, stroke=colour, width=1.2),
            Line(x1=x - 4, y1=y_low, x2=x + 4, y2=y_low, stroke=colour, width=1.2),
        ]
    parts.append(Dot(cx=x, cy=y, r=4.5, fill=colour))
    score = format_number(point.score)
    parts.append(
        TextBlock(
            x=x + 8, y=y - 5, lines=(score,), size=m.small, bold=True, colour=colour, source=score, width=40
        )
    )
    if point.n is not None:
        text = f"n={point.n}"
        parts.append(
            TextBlock(
                x=x,
                y=top + height + 14 + 12 * number,
                lines=(text,),
                size=m.small,
                colour=colour,
                anchor="middle",
                source=text,
                width=writer.width(text, m.small),
            )
        )
    return parts
