"""A Mermaid ``journey`` diagram: a section per stage, a task per action, scored by emotion.

Mermaid scores tasks 1 (frustrated) to 5 (delighted) with 3 neutral, so the
journey's emotion scale is mapped linearly onto 1..5 and rounded: on the
default -2..+2 scale, 0 lands on Mermaid's neutral face, and so does any
score within ±0.5 of it (a survey's mean often is).  So every section opens
with a ``%%`` comment saying what was measured there: the score on the
journey's scale, with its ``n`` and 95 % interval where the record has them,
and the Mermaid score it became; a stage with no score is drawn neutral (3)
and its comment says "not measured".  A journey with no emotion score at all
says so in its title.  Tasks are the items of action lanes (all item lanes if
there are none), their actors the lanes' actors; characters Mermaid reads as
syntax (``:`` ``;`` ``#``) are replaced by look-alikes.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from cjm.exporters import check_options
from cjm.exporters.emotions import measured, scale_range, stage_emotions
from cjm.exporters.reports import role_name
from cjm.i18n import Wording, pick, term
from cjm.model import Journey, Lane, LaneKind

__all__ = ["WORDS", "MermaidExporter", "render", "task_score"]

#: Mermaid's score range and neutral score.
LOW, HIGH, NEUTRAL = 1, 5, 3

#: The diagram's own words: what a section's comment says of the stage's emotion.
WORDS: dict[str, Wording] = {
    "measured": ("감정({scale}): {scores} → Mermaid {task}", "Emotion ({scale}): {scores} → Mermaid {task}"),
    "not_measured": ("{not_measured} → Mermaid {task} (중립)", "{not_measured} → Mermaid {task} (neutral)"),
}

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


def _comment(journey: Journey, stage_id: str, score: int | None, language: str) -> str:
    """What the stage's ``%%`` comment says: its measured emotion and the Mermaid score drawn."""
    if score is None:
        return pick(WORDS["not_measured"], language).format(
            not_measured=term("not_measured", language), task=NEUTRAL
        )
    scores = "; ".join(
        (f"{_safe(journey.persona(e.persona).name)} " if e.persona else "") + measured(e, language)
        for e in stage_emotions(journey, stage_id)
    )
    return pick(WORDS["measured"], language).format(
        scale=scale_range(journey.emotion_scale), scores=scores, task=score
    )


def render(journey: Journey, *, language: str | None = None) -> str:
    """The Mermaid source of the journey diagram."""
    lang = language or journey.language
    title = _safe(journey.title)
    if not journey.emotions:
        title = f"{title} ({term('emotion_not_measured', lang)})"
    lines = ["journey", f"    title {title}"]
    lanes = _task_lanes(journey)
    for stage in journey.stages:
        lines.append(f"    section {_safe(stage.name)}")
        score = task_score(journey, stage.id)
        lines.append(f"    %% {_safe(stage.name)}: {_comment(journey, stage.id, score, lang)}")
        for lane in lanes:
            actor = _safe(_actor_name(lane, lang).replace(",", " "))
            for item in journey.items(stage.id, lane.id):
                lines.append(f"      {_safe(item.text)}: {NEUTRAL if score is None else score}: {actor}")
    return "\n".join(lines) + "\n"


class MermaidExporter:
    """The journey as a Mermaid ``journey`` diagram."""

    name = "mermaid"
    suffixes = (".mmd", ".mermaid")
    description = "A Mermaid journey diagram: a section per stage, scored from the emotion curve."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        opts = check_options(self.name, options, {"language": None})
        dest.write(render(journey, language=opts["language"]).encode("utf-8"))
