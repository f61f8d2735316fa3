"""Text rules: no control characters in any text of a journey.

A NUL or an ESC in a stage name travels into every output: raw into Markdown
and Mermaid (where ESC sequences reach whoever prints the file in a terminal),
and into workbooks and decks that Excel or PowerPoint may refuse to open.  So
every string of the journey — every field, every mapping key, at any depth —
is checked, and each one holding a control character is an error with its
field path (``stages[2].name``) and the characters as ``U+001B``.

What passes: tab (U+0009), line feed (U+000A) and a carriage return followed
by a line feed (CRLF, as text pasted on Windows has); a lone carriage return
does not (a terminal would draw the rest of the line over the start).  What
is refused: the other C0 controls (U+0000–U+001F), DEL (U+007F) and the C1
controls (U+0080–U+009F).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from cjm.model import Journey
from cjm.validate.findings import Finding, Path

__all__ = ["CONTROL_CHARACTERS", "control_characters"]

#: A control character a journey's text may not hold (CR only when it is not part of CRLF).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")

_SHOWN = 5  # characters named in one finding; the rest counted


def control_characters(journey: Journey) -> Iterator[Finding]:
    """Every text of ``journey`` that holds a control character, with its path."""
    texts: list[str] = []
    _collect(journey, texts)
    if CONTROL_CHARACTERS.search("\t".join(texts)) is None:  # the usual case, in one pass
        return
    for path, text in _strings(journey, ()):
        matches = list(CONTROL_CHARACTERS.finditer(text))
        if not matches:
            continue
        first = matches[0]
        found = sorted({match.group() for match in matches})
        names = ", ".join(f"U+{ord(c):04X}" for c in found[:_SHOWN])
        more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
        noun = "a control character" if len(found) == 1 else "control characters"
        yield Finding(
            rule="control-character",
            path=path,
            message=(
                f"{noun} {names}{more} (first at character {first.start() + 1}); "
                f"remove {'it' if len(found) == 1 else 'them'}: only tabs and line breaks are allowed in text"
            ),
        )


def _strings(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """(path, string) of every string in ``value``: attrs fields, sequences, mapping keys and values."""
    if isinstance(value, str):
        if not isinstance(value, enum.Enum):
            yield path, value
    elif attrs.has(type(value)):
        for field in _fields(type(value)):
            yield from _strings(getattr(value, field), (*path, field))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            key_path = (*path, key) if isinstance(key, (str, int)) else path
            if isinstance(key, str) and not isinstance(key, enum.Enum):
                yield key_path, key
            yield from _strings(item, key_path)
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _collect(value: Any, texts: list[str]) -> None:
    """Append every string in ``value`` to ``texts`` (the quick pass: no paths; a journey with
    100,000 evidence records is walked in a fraction of a second)."""
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is not None:
        for name in names:
            item = getattr(value, name)
            if type(item) is str:
                texts.append(item)
            elif item is not None and type(item) not in _LEAVES:
                _collect(item, texts)
    elif kind is tuple or kind is list:
        for item in value:
            if type(item) is str:
                texts.append(item)
            elif item is not None:
                _collect(item, texts)
    elif isinstance(value, str):
        texts.append(value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str):
                texts.append(key)
            _collect(item, texts)
    elif attrs.has(kind):
        _fields(kind)
        _collect(value, texts)


_LEAVES = frozenset({int, float, bool, dt.date, dt.datetime})
_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in attrs.fields(cls))
    return names
