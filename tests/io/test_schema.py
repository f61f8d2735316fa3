"""The published JSON Schema accepts every valid journey file and refuses bad ones."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given

from cjm.io import dumps
from cjm.io.schema import json_schema
from cjm.model import Journey
from tests.strategies import journeys

VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


@given(journeys())
def test_schema_accepts_every_valid_journey(journey: Journey) -> None:
    errors = list(VALIDATOR.iter_errors(json.loads(dumps(journey, "json"))))
    assert errors == []


def test_schema_accepts_the_examples(seed_journey: Journey, b2b_journey: Journey) -> None:
    for journey in (seed_journey, b2b_journey):
        assert list(VALIDATOR.iter_errors(json.loads(dumps(journey, "json")))) == []


@pytest.mark.parametrize(
    "document",
    [
        {"title": "no id"},
        {"id": "x", "title": "T", "colour": "red"},
        {"id": "x", "title": "T", "stages": [{"id": "has space", "name": "S"}]},
        {"id": "x", "title": "T", "cells": {"s": {"l": [{"text": "t", "label": "maybe"}]}}},
        {"id": "x", "title": "T", "pain_points": [{"id": "p", "stage": "s", "text": "t", "severity": 9}]},
    ],
)
def test_schema_refuses_bad_documents(document: dict[str, object]) -> None:
    assert list(VALIDATOR.iter_errors(document))


def test_schema_describes_fields_for_editors() -> None:
    item = json_schema()["$defs"]["Item"]["properties"]
    assert "evidence" in item["evidence"]["description"]
    assert item["label"]["enum"] == ["hypothesis", "fact", "idea"]
