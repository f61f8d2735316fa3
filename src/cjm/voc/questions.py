"""The interview guide: the shipped question bank, plus or instead of the journey's own questions.

Seed 000 ships three questions per stage of the ``b2b-dealer`` preset, in
Korean and English (``cjm/presets/questions/``).  A journey that started from
that preset (``preset: b2b-dealer``) gets them for the stages it kept; its
``questions`` add to a stage's shipped questions, or replace them
(``replace: true``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import attrs
import yaml

from cjm.errors import PresetError
from cjm.i18n import language_of
from cjm.model import Journey, Stage

__all__ = ["GuideQuestion", "GuideStage", "interview_guide", "shipped_questions"]


@attrs.frozen(kw_only=True)
class GuideQuestion:
    """A question of the guide, numbered across the guide, and where it comes from."""

    number: int
    text: str
    shipped: bool


@attrs.frozen(kw_only=True)
class GuideStage:
    """A stage of the guide and its questions."""

    stage: Stage
    questions: tuple[GuideQuestion, ...]


@cache
def _bank(preset: str) -> dict[str, Any] | None:
    resource = resources.files("cjm.presets").joinpath("questions").joinpath(f"{preset}.yaml")
    if not resource.is_file():
        return None
    data = yaml.safe_load(resource.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("stages"), dict):
        raise PresetError(f"the question bank of preset {preset!r} is damaged")
    return data


def shipped_questions(preset: str | None, stage_id: str, language: str) -> tuple[str, ...]:
    """The shipped questions of one stage of a preset, in ``language`` (ko or en); empty if none."""
    if preset is None:
        return ()
    bank = _bank(preset)
    if bank is None:
        return ()
    lang = language_of(language)
    return tuple(entry[lang] for entry in bank["stages"].get(stage_id, ()))


def interview_guide(journey: Journey, language: str | None = None) -> list[GuideStage]:
    """Every stage of the journey with its questions, numbered 1, 2, 3 … across the guide."""
    lang = language or journey.language
    number = 0
    guide = []
    for stage in journey.stages:
        texts: list[tuple[str, bool]] = [(q, True) for q in shipped_questions(journey.preset, stage.id, lang)]
        for block in journey.questions:
            if block.stage != stage.id:
                continue
            if block.replace:
                texts = []
            texts.extend((q, False) for q in block.questions)
        questions = []
        for text, shipped in texts:
            number += 1
            questions.append(GuideQuestion(number=number, text=text, shipped=shipped))
        guide.append(GuideStage(stage=stage, questions=tuple(questions)))
    return guide
