"""Presets: stage and lane sets shipped as bilingual data, to start a journey from.

Each preset is a YAML file beside this module.  Every text a user sees is
written as ``{ko: …, en: …}``; :func:`preset_journey` picks one language and
returns an ordinary journey, with empty cells, ready to fill.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import attrs
import yaml

from cjm.errors import PresetError
from cjm.i18n import LANGUAGES
from cjm.io.converter import ShapeError, structure
from cjm.model import Journey, Lane, Metric, MomentOfTruth, Stage

__all__ = ["PresetInfo", "preset_journey", "presets"]


@attrs.frozen(kw_only=True)
class PresetInfo:
    """A preset's name, title and description in one language, and its stage names."""

    name: str
    title: str
    description: str
    stages: tuple[str, ...]


@cache
def _raw(name: str) -> dict[str, Any]:
    resource = resources.files(__package__).joinpath(f"{name}.yaml")
    if not resource.is_file():
        raise PresetError(f"no preset named {name!r}; available: {', '.join(_names())}")
    data = yaml.safe_load(resource.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise PresetError(f"preset {name!r} is damaged: expected a mapping")
    return data


def _names() -> list[str]:
    root = resources.files(__package__)
    return sorted(
        entry.name[: -len(".yaml")]
        for entry in root.iterdir()
        if entry.is_file() and entry.name.endswith(".yaml")
    )


def _localize(value: Any, language: str) -> Any:
    """Replace every ``{ko: …, en: …}`` mapping by the text of ``language``."""
    if isinstance(value, dict):
        if set(value) == set(LANGUAGES):
            return value[language]
        return {key: _localize(inner, language) for key, inner in value.items()}
    if isinstance(value, list):
        return [_localize(inner, language) for inner in value]
    return value


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise PresetError(f"presets ship in {', '.join(LANGUAGES)}; got language {language!r}")


def presets(language: str = "en") -> list[PresetInfo]:
    """Every shipped preset, sorted by name, described in ``language``."""
    _check_language(language)
    out = []
    for name in _names():
        data = _localize(_raw(name), language)
        out.append(
            PresetInfo(
                name=name,
                title=data["title"],
                description=data.get("description", ""),
                stages=tuple(stage["name"] for stage in data["stages"]),
            )
        )
    return out


def preset_journey(
    name: str, language: str = "en", *, id: str | None = None, title: str | None = None
) -> Journey:
    """A new journey (version 1.0) with the preset's stages, lanes, Moments of Truth and KPIs."""
    _check_language(language)
    data = _localize(_raw(name), language)
    try:
        metrics = structure(data.get("metrics", []), tuple[Metric, ...])
        moments = tuple(
            MomentOfTruth(stage=stage, metrics=tuple(m.id for m in metrics if m.stage == stage))
            for stage in data.get("moments_of_truth", ())
        )
        return Journey(
            id=id or name,
            title=title or data["title"],
            description=data.get("description", ""),
            language=language,
            preset=name,
            stages=structure(data["stages"], tuple[Stage, ...]),
            lanes=structure(data["lanes"], tuple[Lane, ...]),
            moments_of_truth=moments,
            metrics=metrics,
        )
    except (ShapeError, KeyError, ValueError) as exc:
        raise PresetError(f"preset {name!r} is damaged: {exc}") from exc
