"""The example projects: a project file, one journey in Korean and in English, and a survey.

Each of examples/hospital_outpatient, examples/retail_support and
examples/digital_signup is a cjm project (docs/projects.md): ``cjm.yaml`` names
``journeys/*.yaml``, the same journey written twice (``<name>-ko.yaml`` and
``<name>-en.yaml``, sharing every id so the two can be compared side by side),
and ``data/survey_responses.csv`` sets the emotion curve of every stage.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
import yaml

import cjm
from cjm.validate import Severity, all_rules
from cjm.voc.survey import emotions_from_scores, score_file
from tests.conftest import EXAMPLES

#: Project folder -> the stem the two journey files share.
PROJECTS = {
    "hospital_outpatient": "outpatient",
    "retail_support": "support",
    "digital_signup": "signup",
}
LANGUAGES = ("ko", "en")
DELIVERABLES = ["html", "png", "xlsx", "pptx", "md", "mmd"]

project_names = pytest.mark.parametrize("name", sorted(PROJECTS))


def _project(name: str) -> Path:
    return EXAMPLES / name


def _journey_path(name: str, language: str) -> Path:
    return _project(name) / "journeys" / f"{PROJECTS[name]}-{language}.yaml"


def _journeys(name: str) -> dict[str, cjm.Journey]:
    return {language: cjm.load(_journey_path(name, language)) for language in LANGUAGES}


def _survey(name: str) -> Path:
    return _project(name) / "data" / "survey_responses.csv"


@project_names
def test_project_file_names_the_journeys_and_the_survey(name: str) -> None:
    root = _project(name)
    text = (root / "cjm.yaml").read_text(encoding="utf-8")
    assert text.startswith("# cjm project: ")
    config = yaml.safe_load(text)
    assert set(config) == {"title", "journeys", "data", "deliverables"}
    korean, english = (part.strip() for part in config["title"].split(" / "))
    assert any("가" <= ch <= "힣" for ch in korean)
    assert english.isascii()
    assert config["journeys"] == ["journeys/*.yaml"]
    matched = sorted(path for pattern in config["journeys"] for path in root.glob(pattern))
    assert matched == sorted(_journey_path(name, language) for language in LANGUAGES)
    assert config["data"] == {"survey": "data/survey_responses.csv"}
    assert (root / config["data"]["survey"]).is_file()
    assert config["deliverables"] == DELIVERABLES


@project_names
@pytest.mark.parametrize("language", LANGUAGES)
def test_journey_is_valid_and_complete(name: str, language: str) -> None:
    journey = cjm.ensure_valid(cjm.load(_journey_path(name, language)))
    errors = [f for f in cjm.validate(journey, all_rules()) if f.severity is Severity.ERROR]
    assert errors == []  # what `cjm check` reports, evidence rules included
    assert journey.language == language
    assert journey.personas
    assert journey.moments_of_truth
    assert all(moment.metrics for moment in journey.moments_of_truth)
    assert journey.metrics
    for metric in journey.metrics:
        assert metric.baseline is not None, metric.id
        assert metric.baseline.value is not None, metric.id
        assert metric.target is not None, metric.id
        assert metric.stage is not None, metric.id
    assert journey.pain_points
    assert all(pain.severity is not None and pain.frequency is not None for pain in journey.pain_points)
    assert all(o.value is not None and o.effort is not None for o in journey.opportunities)
    stages = {stage.id for stage in journey.stages}
    assert {m.stage for m in journey.metrics} == stages  # every stage has a KPI
    assert {p.stage for p in journey.pain_points} == stages  # and a pain point
    # a realistic mix: mostly hypotheses, some facts (with evidence), some ideas
    labels = Counter(item.label for *_, item in journey.all_items())
    assert labels[cjm.Label.HYPOTHESIS] > labels[cjm.Label.FACT] > 0
    assert labels[cjm.Label.IDEA] > 0
    methods = {record.method for record in journey.evidence}
    assert {cjm.EvidenceMethod.INTERVIEW, cjm.EvidenceMethod.OBSERVATION} <= methods
    assert {record.source_role for record in journey.evidence} >= {"end_user", "internal"}


@project_names
def test_korean_and_english_journeys_are_the_same_journey(name: str) -> None:
    ko, en = (_journeys(name)[language] for language in LANGUAGES)
    assert ko.id != en.id
    assert [s.id for s in ko.stages] == [s.id for s in en.stages]
    assert [lane.id for lane in ko.lanes] == [lane.id for lane in en.lanes]
    assert [lane.kind for lane in ko.lanes] == [lane.kind for lane in en.lanes]
    assert [p.id for p in ko.personas] == [p.id for p in en.personas]

    def shape(journey: cjm.Journey) -> list[tuple[str, str, int, str | None, cjm.Label]]:
        return [(s, lane, i, item.id, item.label) for s, lane, i, item in journey.all_items()]

    assert shape(ko) == shape(en)
    for records in ("pain_points", "opportunities", "metrics", "evidence"):
        assert [r.id for r in getattr(ko, records)] == [r.id for r in getattr(en, records)], records
    assert [(m.stage, m.metrics) for m in ko.moments_of_truth] == [
        (m.stage, m.metrics) for m in en.moments_of_truth
    ]
    assert [(e.stage, e.score) for e in ko.emotions] == [(e.stage, e.score) for e in en.emotions]
    # the words differ: one is written in Korean, the other in English
    assert any("가" <= ch <= "힣" for ch in ko.stages[0].name)
    assert all(stage.name.isascii() for stage in en.stages)


@project_names
def test_survey_sets_every_stage_emotion(name: str) -> None:
    path = _survey(name)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert 150 <= len(rows) <= 300
    assert {row["instrument"] for row in rows} >= {"csat"}
    for language, journey in _journeys(name).items():
        stages = [stage.id for stage in journey.stages]
        result = score_file(path, stages=stages)
        assert result.responses == len(rows)
        assert set(result.groups("stage")) == set(stages)
        for stage in stages:
            assert result.score("stage", stage, "csat").n >= 30, (language, stage)
        updated, notes = emotions_from_scores(journey, result, source=path)
        assert notes == [], (language, notes)
        by_stage = {e.stage: e for e in updated.emotions if e.persona is None}
        assert set(by_stage) == set(stages)
        scale = updated.emotion_scale
        for stage, emotion in by_stage.items():
            assert emotion.label is cjm.Label.FACT, stage
            assert emotion.evidence == ("survey",)
            assert scale.low <= emotion.score <= scale.high
        cjm.ensure_valid(updated)
        assert len({e.score for e in by_stage.values()}) > 1  # a curve, not a line
