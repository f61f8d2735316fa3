"""A Mermaid ``journey`` diagram: a section per stage, a task per action, scored by emotion.

Mermaid scores tasks 1 (frustrated) to 5 (delighted) with 3 neutral, so the
journey's emotion scale is mapped linearly onto 1..5 and rounded: on the
default -2..+2 scale, 0 lands on Mermaid's neutral face.  A stage with no
emotion score is drawn neutral (3) and says so in a ``%%`` comment, never
silently.  Tasks are the items of action lanes (all item lanes if there are
none), their actors the lanes' actors; characters Mermaid reads as syntax
(``:`` ``;`` ``#``) are replaced by look-alikes.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from cjm.exporters import check_options
from cjm.exporters.reports import role_name
from cjm.i18n import term
from cjm.model import Journey, Lane, LaneKind

__all__ = ["MermaidExporter", "render", "task_score"]

#: Mermaid's score range and neutral score.
LOW, HIGH, NEUTRAL = 1, 5, 3

_SAFE = str.maketrans({":": "：", ";": "；", "#": "＃", "\n": " ", "\r": " ", "%": "％", "\t": " "})


def _safe(text: str) -> str:
    return " ".join(text.translate(_SAFE).split())


def task_score(journey: Journey, stage_id: str) -> int | None:
    """The Mermaid score (1..5) of a stage, from the average of its emotion scores; None if none."""
    scores = [e.score for e in journey.emotions if e.stage == stage_id]
    if not scores:
        return None
    fraction = journey.emotion_scale.fraction(sum(scores) / len(scores))
    return max(LOW, min(HIGH, int(LOW + fraction * (HIGH - LOW) + 0.5)))


def _task_lanes(journey: Journey) -> list[Lane]:
    actions = [lane for lane in journey.lanes if lane.kind is LaneKind.ACTIONS]
    return actions or [lane for lane in journey.lanes if lane.kind.holds_items]


def _actor_name(lane: Lane, language: str) -> str:
    return lane.name if lane.actor is None else role_name(lane.actor, language)


def render(journey: Journey, *, language: str | None = None) -> str:
    """The Mermaid source of the journey diagram."""
    lang = language or journey.language
    lines = ["journey", f"    title {_safe(journey.title)}"]
    lanes = _task_lanes(journey)
    for stage in journey.stages:
        lines.append(f"    section {_safe(stage.name)}")
        score = task_score(journey, stage.id)
        if score is None:
            lines.append(f"    %% {_safe(stage.name)}: {term('no_score', lang)}")
            score = NEUTRAL
        for lane in lanes:
            actor = _safe(_actor_name(lane, lang).replace(",", " "))
            for item in journey.items(stage.id, lane.id):
                lines.append(f"      {_safe(item.text)}: {score}: {actor}")
    return "\n".join(lines) + "\n"


class MermaidExporter:
    """The journey as a Mermaid ``journey`` diagram."""

    name = "mermaid"
    suffixes = (".mmd", ".mermaid")
    description = "A Mermaid journey diagram: a section per stage, scored from the emotion curve."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        opts = check_options(self.name, options, {"language": None})
        dest.write(render(journey, language=opts["language"]).encode("utf-8"))
