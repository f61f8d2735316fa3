"""The JSON Schema of the project file (draft 2020-12), for editor completion and checks.

``cjm schema --project --output cjm.schema.json``; the reader in
:mod:`.config` checks the same rules (and more: that files exist) with lines.
"""

from __future__ import annotations

from typing import Any

from cjm.project.config import DELIVERABLES

__all__ = ["project_schema"]

_PATH = {"type": "string", "minLength": 1, "description": "A path relative to the project folder."}


def project_schema() -> dict[str, Any]:
    """The schema of ``cjm.yaml``."""
    options: dict[str, Any] = {
        "html": {"language": {"type": "string"}, "embed_fonts": {"type": "boolean"}},
        "svg": {
            "language": {"type": "string"},
            "view": {"enum": ["map", "blueprint"]},
            "embed_fonts": {"type": "boolean"},
        },
        "png": {
            "language": {"type": "string"},
            "view": {"enum": ["map", "blueprint"]},
            "scale": {"type": "number"},
        },
        "xlsx": {"language": {"type": "string"}, "layout": {"enum": ["grid", "wall"]}},
        "template": {"language": {"type": "string"}, "layout": {"enum": ["grid", "wall"]}},
        "pptx": {
            "language": {"type": "string"},
            "slides": {"type": "string"},
            "template": _PATH,
            "layouts": {"type": "string"},
        },
        "md": {"language": {"type": "string"}},
        "mmd": {"language": {"type": "string"}},
        "guide": {"language": {"type": "string"}},
    }
    assert set(options) == set(DELIVERABLES)
    deliverable = {
        "oneOf": [
            {"enum": sorted(DELIVERABLES)},
            *(
                {
                    "type": "object",
                    "properties": {
                        name: {"type": ["object", "null"], "properties": props, "additionalProperties": False}
                    },
                    "required": [name],
                    "additionalProperties": False,
                }
                for name, props in sorted(options.items())
            ),
        ]
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "project.schema.json",
        "title": "cjm project file (cjm.yaml)",
        "type": "object",
        "additionalProperties": False,
        "required": ["journeys"],
        "properties": {
            "title": {"type": "string", "minLength": 1},
            "language": {"type": "string"},
            "output": _PATH,
            "journeys": {"oneOf": [_PATH, {"type": "array", "items": _PATH, "minItems": 1}]},
            "data": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "survey": _PATH,
                    "voc": _PATH,
                    "kpi": {
                        "oneOf": [
                            _PATH,
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["folder"],
                                "properties": {
                                    "folder": _PATH,
                                    "mapping": _PATH,
                                    "period": {"type": "string"},
                                },
                            },
                        ]
                    },
                },
            },
            "deliverables": {"type": "array", "items": deliverable, "minItems": 1},
            "staleness": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"days": {"type": "integer", "minimum": 1}},
            },
        },
    }
