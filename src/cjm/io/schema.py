"""The JSON Schema of journey files, derived from the model so the two never drift.

Editors use it to complete and check journey files: VS Code's YAML extension
reads a first line ``# yaml-language-server: $schema=journey.schema.json``, and
JSON files may name it in a top-level ``"$schema"`` key.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from enum import Enum
from typing import Any

import attrs

from cjm.model import Journey
from cjm.model.checks import ids, non_blank, one_to_five, slug

__all__ = ["SCHEMA_ID", "json_schema"]

#: The schema's identifier (also its file name).
SCHEMA_ID = "journey.schema.json"


def _id_schema() -> dict[str, Any]:
    # Portable across regex engines (ECMA-262, Python, Go): ASCII word characters
    # and any non-ASCII character (Hangul ids are allowed); the model's check is exact.
    return {
        "type": "string",
        "pattern": r"^[A-Za-z0-9_\u0080-\uffff][A-Za-z0-9_.\-\u0080-\uffff]{0,99}$",
    }


def _field_schema(field: attrs.Attribute[Any], defs: dict[str, Any]) -> dict[str, Any]:
    schema = _type_schema(field.type, defs)
    validator = field.validator
    inner = getattr(validator, "validator", validator)  # attrs.validators.optional wraps
    if inner is slug:
        schema = _replace_string(schema, _id_schema())
    elif inner is non_blank:
        schema = _replace_string(schema, {"type": "string", "minLength": 1, "pattern": r"\S"})
    elif inner is one_to_five:
        schema = _replace_string(schema, {"type": "integer", "minimum": 1, "maximum": 5}, key="integer")
    elif inner is ids:
        schema = {"type": "array", "items": _id_schema()}
    doc = field.metadata.get("doc")
    if doc:
        schema = {**schema, "description": doc}
    if field.default is not attrs.NOTHING and not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        default = field.default.value if isinstance(field.default, Enum) else field.default
        default = list(default) if isinstance(default, tuple) else default
        if default is not None:
            schema = {**schema, "default": default}
    return schema


def _replace_string(
    schema: dict[str, Any], replacement: dict[str, Any], key: str = "string"
) -> dict[str, Any]:
    if schema.get("type") == key:
        return replacement
    if "anyOf" in schema:
        return {"anyOf": [replacement if s.get("type") == key else s for s in schema["anyOf"]]}
    return schema


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [_type_schema(a, defs) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if origin in (Mapping, dict, typing.Mapping) or (origin is not None and issubclass(origin, Mapping)):
        return {"type": "object", "additionalProperties": _type_schema(args[1], defs)}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"enum": [member.value for member in tp]}
    if attrs.has(tp):
        return _class_ref(tp, defs)
    raise TypeError(f"no JSON Schema for type {tp!r}")  # pragma: no cover


def _class_ref(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # placeholder against recursion
        fields = attrs.fields(attrs.resolve_types(cls))
        defs[name] = {
            "type": "object",
            "description": (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " "),
            "properties": {f.name: _field_schema(f, defs) for f in fields},
            "required": [f.name for f in fields if f.default is attrs.NOTHING],
            "additionalProperties": False,
        }
    return {"$ref": f"#/$defs/{name}"}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a journey file."""
    defs: dict[str, Any] = {}
    _class_ref(Journey, defs)
    root = dict(defs.pop("Journey"))
    root["properties"] = {
        "$schema": {"type": "string", "description": "Schema location, for editors."},
        **root["properties"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "cjm journey",
        **root,
        "$defs": dict(sorted(defs.items())),
    }
