"""The one converter between plain data (dicts, lists, str, numbers) and the model.

Structuring is strict, because a journey file is edited by hand: text must be
text (``version: 1.10`` would silently become ``"1.1"``), yes/no must be a
boolean, lists must be lists, unknown fields are refused.  Every problem of a
document is collected before anything is raised, each with its path.

Unstructuring writes the smallest faithful document: fields left at their
default are omitted, whole floats are written as integers, dates as ISO text,
and cells in stage and lane order, so that files diff well.
"""

from __future__ import annotations

import datetime as dt
import math
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_unstructure_fn, override

from cjm.model import Journey
from cjm.model.vocab import VOCABULARIES
from cjm.validate.findings import Finding, Path

__all__ = ["ShapeError", "structure", "unstructure"]

T = TypeVar("T")


class ShapeError(Exception):
    """Raised by :func:`structure`: every problem of the document, each with its path."""

    def __init__(self, problems: list[tuple[Path, str]]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")

    def findings(self, rule: str = "shape") -> list[Finding]:
        """The problems as findings (without file positions)."""
        return [Finding(rule=rule, path=path, message=message) for path, message in self.problems]


class _Problem(ValueError):
    """A leaf problem with a readable message (what was expected)."""


_CAUGHT = (ValueError, TypeError, KeyError, BaseValidationError)


def _type_name(tp: Any) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false", dt.date: "a date"}
    return names.get(tp, getattr(tp, "__name__", str(tp)))


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"a {type(value).__name__}"


def _structure_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    hint = (
        " (put it in quotes)"
        if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool)
        else ""
    )
    raise _Problem(f"expected text, got {_describe(value)}{hint}")


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _Problem(f"expected a whole number, got {_describe(value)}")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    raise _Problem(f"expected a finite number, got {_describe(value)}")


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise _Problem(f"expected true or false, got {_describe(value)}")


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _Problem(f"expected a date (YYYY-MM-DD) without a time, got {_describe(value)}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Problem(f"expected a date as YYYY-MM-DD, got {_describe(value)}")


def _enum_hook(enum_type: type[Enum]) -> Callable[[Any, type], Enum]:
    allowed = ", ".join(str(member.value) for member in enum_type)

    def structure_enum(value: Any, _: type) -> Enum:
        if isinstance(value, str):
            try:
                return enum_type(value)
            except ValueError:
                pass
        raise _Problem(f"expected one of {allowed}; got {_describe(value)}")

    return structure_enum


def _enum_value(member: Enum) -> Any:
    return member.value


def _note(exc: Exception, note: str) -> Exception:
    """Attach a cattrs note (``add_note`` is Python 3.11+; cattrs reads ``__notes__``)."""
    notes = [*getattr(exc, "__notes__", []), note]
    exc.__notes__ = notes  # type: ignore[attr-defined]
    return exc


def _tuple_hook(conv: cattrs.Converter, tp: Any) -> Callable[[Any, type], tuple[Any, ...]]:
    (element_type, _ellipsis) = typing.get_args(tp)

    def structure_tuple(value: Any, _: type) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise _Problem(f"expected a list, got {_describe(value)}")
        out, errors = [], []
        for index, element in enumerate(value):
            try:
                out.append(conv.structure(element, element_type))
            except _CAUGHT as exc:
                errors.append(_note(exc, IterableValidationNote(f"index {index}", index, element_type)))
        if errors:
            raise IterableValidationError("invalid list", errors, tp)
        return tuple(out)

    return structure_tuple


def _mapping_hook(conv: cattrs.Converter, tp: Any) -> Callable[[Any, type], dict[str, Any]]:
    (_key_type, value_type) = typing.get_args(tp)

    def structure_mapping(value: Any, _: type) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise _Problem(f"expected a mapping, got {_describe(value)}")
        out, errors = {}, []
        for key, element in value.items():
            if not isinstance(key, str):
                errors.append(
                    _note(
                        _Problem(f"expected a text key, got {_describe(key)}"),
                        IterableValidationNote("key", str(key), str),
                    )
                )
                continue
            try:
                out[key] = conv.structure(element, value_type)
            except _CAUGHT as exc:
                errors.append(_note(exc, IterableValidationNote(f"key {key}", key, value_type)))
        if errors:
            raise IterableValidationError("invalid mapping", errors, tp)
        return out

    return structure_mapping


def _attrs_hook(conv: cattrs.Converter, cls: type[T]) -> Callable[[Any, type], T]:
    """Structure an attrs class, collecting every field's problem before raising.

    Each field is structured by its type, then put through its converter and
    validator, so that a field rule (an id with a space, a severity of 7) is
    reported together with type problems, not one at a time.
    """
    fields = attrs.fields(attrs.resolve_types(cls))  # type: ignore[arg-type, type-var]
    names = [f.name for f in fields]

    def structure_attrs(value: Any, _: type) -> T:
        if not isinstance(value, Mapping):
            raise _Problem(f"expected a mapping with fields {', '.join(names)}; got {_describe(value)}")
        errors: list[Exception] = []
        for key in value:
            if key not in names:
                problem = _Problem(f"unknown field {key!r}; expected one of: {', '.join(names)}")
                errors.append(_note(problem, AttributeValidationNote(str(key), str(key), None)))
        kwargs: dict[str, Any] = {}
        for field in fields:
            if field.name not in value:
                if field.default is attrs.NOTHING:
                    problem = _Problem(f"required field {field.name!r} is missing")
                    errors.append(_note(problem, AttributeValidationNote(field.name, field.name, field.type)))
                continue
            try:
                structured = conv.structure(value[field.name], field.type)
                checked = field.converter(structured) if callable(field.converter) else structured
                if field.validator is not None:
                    field.validator(None, field, checked)
            except _CAUGHT as exc:
                errors.append(_note(exc, AttributeValidationNote(field.name, field.name, field.type)))
                continue
            kwargs[field.name] = structured
        if errors:
            raise ClassValidationError(f"invalid {cls.__name__}", errors, cls)
        try:
            return cls(**kwargs)
        except ValueError as exc:  # a rule spanning two fields (e.g. a scale's low < high)
            raise _Problem(str(exc)) from exc

    return structure_attrs


def _float_out(value: float) -> float | int:
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


#: Fields written even at their default: the method is about labels and versions,
#: so every labelled record states its label, and every journey its language and version.
ALWAYS_WRITTEN = frozenset({"label", "language", "version"})


def _unstructure_fn(conv: cattrs.Converter, cls: type) -> Callable[[Any], dict[str, Any]]:
    """Omit fields at their default, except those in :data:`ALWAYS_WRITTEN`."""
    names = [f.name for f in attrs.fields(cls)]
    always: dict[str, Any] = {
        name: override(omit_if_default=False) for name in names if name in ALWAYS_WRITTEN
    }
    if not always:
        return make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
    generated: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls, conv, _cattrs_omit_if_default=True, **always
    )

    def in_field_order(obj: Any) -> dict[str, Any]:  # cattrs writes required fields first
        data = generated(obj)
        return {name: data[name] for name in names if name in data}

    return in_field_order


def _is_homogeneous_tuple(tp: Any) -> bool:
    origin: Any = typing.get_origin(tp)
    args = typing.get_args(tp)
    return origin is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_mapping(tp: Any) -> bool:
    origin: Any = typing.get_origin(tp)
    return origin in (Mapping, dict)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter()
    # Hooks by class dispatch on the class's MRO, so each enum (a str) and bool
    # (an int) is registered by its own class, ahead of str and int.
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(dt.date, _structure_date)
    for enum_type in VOCABULARIES:
        conv.register_structure_hook(enum_type, _enum_hook(enum_type))
        conv.register_unstructure_hook(enum_type, _enum_value)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, lambda t: _tuple_hook(conv, t))
    conv.register_structure_hook_factory(_is_mapping, lambda t: _mapping_hook(conv, t))
    conv.register_structure_hook_factory(attrs.has, lambda cls: _attrs_hook(conv, cls))

    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_unstructure_hook(float, _float_out)
    conv.register_unstructure_hook_factory(attrs.has, lambda cls: _unstructure_fn(conv, cls))
    journey_fn = _unstructure_fn(conv, Journey)

    def unstructure_journey(journey: Journey) -> dict[str, Any]:
        data = journey_fn(journey)
        if journey.cells:  # put the cells, converted above, in stage and lane order
            cells = data["cells"]
            ordered: dict[str, dict[str, Any]] = {}
            for stage_id, lane_id, _items in journey.ordered_cells():
                ordered.setdefault(stage_id, {})[lane_id] = cells[stage_id][lane_id]
            data["cells"] = ordered
        return data

    conv.register_unstructure_hook(Journey, unstructure_journey)
    return conv


_CONVERTER = _make_converter()


def structure(data: Any, cls: type[T]) -> T:
    """Plain data -> model object; :class:`ShapeError` lists every problem with its path."""
    try:
        return _CONVERTER.structure(data, cls)
    except _CAUGHT as exc:
        raise ShapeError(list(_walk(exc, ()))) from None


def unstructure(obj: Any) -> Any:
    """Model object -> plain data (dicts, lists, str, numbers, bools)."""
    return _CONVERTER.unstructure(obj)


def _walk(exc: BaseException, path: Path) -> typing.Iterator[tuple[Path, str]]:
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            key = note.name if isinstance(note, AttributeValidationNote) else note.index
            yield from _walk(sub, (*path, key))
        for sub in without:
            yield from _walk(sub, path)
    else:
        yield path, _message(exc)


def _message(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return "required field is missing"
    text = str(exc) or type(exc).__name__
    if isinstance(exc, (_Problem, ValueError)):
        return text
    return f"invalid value ({text})"
