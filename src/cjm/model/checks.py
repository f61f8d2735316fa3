"""Single-field validators shared by the model classes, and the field and lookup helpers they share.

Each validator checks one value and raises ``ValueError`` saying what was
expected.  Rules that span objects (dangling ids, scores off a journey's scale)
live in :mod:`cjm.validate`, where every problem is reported at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

import attrs

__all__ = [
    "ID_PATTERN",
    "by_id",
    "doc",
    "finite",
    "ids",
    "non_blank",
    "one_to_five",
    "slug",
    "to_tuple",
    "tuple_field",
]

#: Ids are human-readable slugs: letters (any script), digits, ``_``, ``-`` and ``.``.
ID_PATTERN = re.compile(r"\w[\w.\-]{0,99}")


T = TypeVar("T")


def to_tuple(values: Iterable[T]) -> tuple[T, ...]:
    """Converter for collection fields: any iterable (a list, say) becomes a tuple."""
    return tuple(values)


def doc(text: str) -> dict[str, str]:
    """Field metadata holding the description published in the JSON Schema."""
    return {"doc": text}


def tuple_field(text: str, *, of_ids: bool = False) -> Any:
    """A collection field: empty by default, any iterable given becomes a tuple; ``of_ids``: each an id."""
    return attrs.field(
        factory=tuple, converter=to_tuple, validator=ids if of_ids else None, metadata=doc(text)
    )


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_HasId)


def by_id(records: Iterable[R], wanted: str, what: str) -> R:
    """The first of ``records`` whose id is ``wanted``; ``KeyError`` naming ``what`` if there is none."""
    for record in records:
        if record.id == wanted:
            return record
    raise KeyError(f"no {what} with id {wanted!r}")


def slug(_: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    """An id: 1–100 letters, digits, ``_``, ``-``, ``.``; no spaces."""
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise ValueError(
            f"{value!r} is not an id: expected 1-100 letters, digits, '_', '-' or '.', "
            "not starting with '-' or '.', no spaces"
        )


def ids(_: Any, _attribute: attrs.Attribute[Any], value: Iterable[Any]) -> None:
    """A sequence of ids."""
    for one in value:
        slug(_, _attribute, one)


def non_blank(_: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    """Text with at least one visible character."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected non-empty text")


def one_to_five(_: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    """An optional whole number from 1 to 5 (severity, frequency, value, effort)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValueError(f"expected a whole number from 1 to 5, got {value!r}")


def finite(_: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    """An optional finite number (no NaN, no infinity)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value!r}")
