"""The emotion curve in words, the same in every text export (Markdown, Mermaid).

A score is said on the journey's scale with what it was measured from, as far
as the record has it: ``0.32, n=100, 95% interval -0.07 … 0.69``.  A stage
with no score is "not measured" (측정 안 됨), never a neutral score it was
not given.
"""

from __future__ import annotations

from cjm.grid import format_number
from cjm.i18n import term
from cjm.model import Emotion, Journey, Scale

__all__ = ["measured", "persona_groups", "scale_range", "stage_emotions"]


def scale_range(scale: Scale) -> str:
    """The scale as its ends: ``-2 … 2``."""
    return f"{format_number(scale.low)} … {format_number(scale.high)}"


def measured(emotion: Emotion, language: str) -> str:
    """The score with its count and 95 % interval where it has them: ``0.32, n=100, 95% interval …``."""
    parts = [format_number(emotion.score)]
    if emotion.n is not None:
        parts.append(f"n={emotion.n}")
    if emotion.low is not None and emotion.high is not None:
        span = f"{format_number(emotion.low)} … {format_number(emotion.high)}"
        parts.append(f"{term('interval_95', language)} {span}")
    return ", ".join(parts)


def stage_emotions(journey: Journey, stage_id: str) -> list[Emotion]:
    """The emotion records of a stage, every persona's, in file order."""
    return [e for e in journey.emotions if e.stage == stage_id]


def persona_groups(journey: Journey) -> list[str | None]:
    """Whose curves the journey has, in order of first appearance (None: the journey's own persona)."""
    return list(dict.fromkeys(e.persona for e in journey.emotions))
