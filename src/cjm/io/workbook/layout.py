"""How a journey is laid out in a workbook: sheets, columns and cell codecs.

The Excel exporter writes this layout and :func:`cjm.io.workbook.read_workbook`
reads it back, so the two share this module (data flows files -> io -> model
-> exporters; the exporter may import io, never the reverse).

Every field of the model has one *home* cell where it is written and read:

* ``Map``: the text and label of each item, pain point and opportunity shown
  at a stage, and each stage's Moment-of-Truth flag;
* one table sheet per kind of record (stages, lanes, personas, stakeholders,
  pain points, opportunities, metrics, evidence), a row per record, a column
  per field, derived from the model's attrs fields so that a field added to
  the model gets a column without a change here;
* ``Emotions``: a stage × persona matrix of scores (the chart's data);
* ``Journey``: the journey's own fields; fields with no sheet of their own
  (the blueprint, the evidence policy …) as JSON text.

Cells that only *show* a field whose home is elsewhere (the text of a pain
point on the Pain points sheet when the Map shows it, a metric's gap, the
Map's metric and emotion lanes) are locked and grey, and never read.

Each sheet is found by a workbook-level defined name (``cjm_map`` …), which
Excel and LibreOffice keep when a sheet is renamed, or else by its name in
either language; each column by a key in the sheet's hidden first row.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import types
import typing
import zlib
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

import attrs

from cjm.grid import format_number
from cjm.i18n import pick, term, vocabulary
from cjm.io.converter import ShapeError, structure, unstructure
from cjm.io.xlsx_engine import CellValue, Formula
from cjm.model import (
    Emotion,
    Evidence,
    Item,
    Journey,
    Label,
    Lane,
    LaneKind,
    Metric,
    MomentOfTruth,
    Opportunity,
    PainPoint,
    Persona,
    Stage,
    Stakeholder,
)
from cjm.model.checks import ID_PATTERN, ids, one_to_five, slug

__all__ = [
    "CLEAR",
    "CLEAR_MARKERS",
    "COLUMNS",
    "FORMAT",
    "JOURNEY_COLLECTIONS",
    "LAYOUTS",
    "CellProblem",
    "Codec",
    "Column",
    "Role",
    "Sheet",
    "defined_name",
    "field_default",
    "is_clear",
    "is_required",
    "item_checksum",
    "item_ref",
    "sheet_name",
    "unwrap_optional",
    "word",
]

#: Version of the workbook layout, written in cell A1 of the sheets whose column A holds row keys.
FORMAT = "cjm-workbook/1"
#: The key of a sheet's column A when it holds row keys (stage ids of the Emotions sheet).
ROW_KEY = "__row__"
#: Map layouts: ``grid`` (stages as rows, seed 000) and ``wall`` (stages as columns).
LAYOUTS = ("grid", "wall")
#: The journey's collections: fields with sheets of their own, not rows of the Journey sheet.
JOURNEY_COLLECTIONS = (
    "personas",
    "stages",
    "lanes",
    "cells",
    "emotions",
    "moments_of_truth",
    "pain_points",
    "opportunities",
    "metrics",
    "evidence",
)


def item_checksum(text: str) -> str:
    """The checksum of an item's text that a Map row id without an item id carries."""
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def item_ref(stage_id: str, lane_id: str, index: int, text: str) -> str:
    """The Map's row id of an item without an id: where it was and a checksum of its text.

    Ids never hold '/', so the reader tells the two kinds apart; the checksum
    lets it notice a workbook made from another version of the journey.
    """
    return f"{stage_id}/{lane_id}/{index}/{item_checksum(text)}"


class _Clear:
    """The clear marker, read from a cell: set the field to its default, or remove the record."""

    def __repr__(self) -> str:
        return "CLEAR"


CLEAR: Any = _Clear()

#: What a user writes in a cell to clear it (case and surrounding spaces do not matter).
CLEAR_MARKERS = ("(clear)", "(삭제)")


def is_clear(value: CellValue | None) -> bool:
    """True if the cell holds a clear marker (in either language)."""
    return isinstance(value, str) and "(" in value and value.strip().casefold() in CLEAR_MARKERS


class CellProblem(ValueError):
    """A cell's value is not what its column expects; the message says what was expected."""


# --- wording ---------------------------------------------------------------------

_WORDS: dict[str, tuple[str, str]] = {
    "sheet.map": ("지도", "Map"),
    "sheet.journey": ("여정 정보", "Journey"),
    "sheet.stages": ("단계", "Stages"),
    "sheet.lanes": ("레인", "Lanes"),
    "sheet.personas": ("페르소나", "Personas"),
    "sheet.stakeholders": ("이해관계자", "Stakeholders"),
    "sheet.emotions": ("감정 곡선", "Emotions"),
    "sheet.pain_points": ("Pain Point", "Pain points"),
    "sheet.opportunities": ("개선 기회", "Opportunities"),
    "sheet.metrics": ("지표", "Metrics"),
    "sheet.evidence": ("증거 로그", "Evidence"),
    "sheet.new_items": ("새 항목", "New items"),
    "sheet.readme": ("읽어보기", "Read me"),
    "col.id": ("id", "id"),
    "col.name": ("이름", "Name"),
    "col.text": ("내용", "Text"),
    "col.label": ("라벨", "Label"),
    "col.description": ("설명", "Description"),
    "col.duration": ("소요 기간", "Duration"),
    "col.kind": ("종류", "Kind"),
    "col.actor": ("행위자", "Actor"),
    "col.layer": ("블루프린트 레이어", "Blueprint layer"),
    "col.short": ("약칭", "Short name"),
    "col.stage": ("여정 단계", "Stage"),
    "col.lane": ("레인", "Lane"),
    "col.persona": ("페르소나", "Persona"),
    "col.tags": ("태그", "Tags"),
    "col.evidence": ("근거(증거 id)", "Evidence ids"),
    "col.ref": ("행 id", "Row id"),
    "col.mot": ("MoT", "MoT"),
    "col.mot.metrics": ("MoT 관리 지표", "MoT metrics"),
    "col.mot.note": ("MoT 메모", "MoT note"),
    "col.concerns": ("관심사", "Concerns"),
    "col.stages": ("참여 단계", "Stages"),
    "col.gap": ("격차", "Gap"),
    "col.quadrant": ("우선순위 사분면", "Quadrant"),
    "col.score": ("점수", "Score"),
    "col.note": ("메모", "Note"),
    "col.as_of": ("측정일", "Measured on"),
    "col.source": ("출처", "Source"),
    "col.baseline.text": ("베이스라인(표시)", "Baseline as shown"),
    "col.baseline.label": ("베이스라인 라벨", "Baseline label"),
    "col.baseline.evidence": ("베이스라인 근거", "Baseline evidence"),
    "col.baseline.as_of": ("베이스라인 측정일", "Baseline measured on"),
    "col.baseline.source": ("베이스라인 출처", "Baseline source"),
    "col.product_group": ("제품군", "Product group"),
    "col.field": ("항목", "Field"),
    "col.value_cell": ("값", "Value"),
    "col.language": ("언어", "Language"),
    "col.title": ("제목", "Title"),
    "col.emotion_scale.low": ("감정 척도 최저", "Emotion scale, lowest"),
    "col.emotion_scale.high": ("감정 척도 최고", "Emotion scale, highest"),
    "col.n": ("응답 수(n)", "Answers (n)"),
    "col.low": ("95% 구간 하한", "95% interval, low"),
    "col.high": ("95% 구간 상한", "95% interval, high"),
    "col.stated_stage_count": ("문서상 단계 수", "Stated number of stages"),
    "col.json": ("{field} (JSON, 여정 파일에서 수정)", "{field} (JSON; edit in the journey file)"),
    "quadrant.quick_win": ("즉시 실행(Quick Win)", "Quick win"),
    "quadrant.major": ("핵심 과제", "Major project"),
    "quadrant.fill_in": ("여유 시 실행", "Fill-in"),
    "quadrant.thankless": ("재검토", "Reconsider"),
    "LaneKind.touchpoints": ("접점", "touchpoints"),
    "LaneKind.actions": ("행동", "actions"),
    "LaneKind.thoughts": ("생각·느낌", "thoughts"),
    "LaneKind.text": ("텍스트", "text"),
    "LaneKind.emotions": ("감정", "emotions"),
    "LaneKind.moment_of_truth": ("MoT", "moment of truth"),
    "LaneKind.pain_points": ("Pain Point", "pain points"),
    "LaneKind.metrics": ("지표", "metrics"),
    "LaneKind.opportunities": ("개선 기회", "opportunities"),
}


def word(key: str, language: str) -> str:
    """This module's wording for ``key``, falling back to cjm's shared terms."""
    if key in _WORDS:
        return pick(_WORDS[key], language)
    return term(key, language)


def both(key: str) -> tuple[str, str]:
    """(Korean, English) wording of ``key``."""
    return (word(key, "ko"), word(key, "en"))


# --- sheets ----------------------------------------------------------------------


class Role(str, Enum):
    """What a sheet of a cjm workbook holds."""

    MAP = "map"
    JOURNEY = "journey"
    STAGES = "stages"
    LANES = "lanes"
    PERSONAS = "personas"
    STAKEHOLDERS = "stakeholders"
    EMOTIONS = "emotions"
    PAIN_POINTS = "pain_points"
    OPPORTUNITIES = "opportunities"
    METRICS = "metrics"
    EVIDENCE = "evidence"
    NEW_ITEMS = "new_items"
    README = "readme"


def sheet_name(role: Role, language: str) -> str:
    """The sheet's name in ``language``."""
    return word(f"sheet.{role.value}", language)


def defined_name(role: Role) -> str:
    """The workbook-level defined name that points at the sheet of ``role``."""
    return f"cjm_{role.value}"


# --- codecs ----------------------------------------------------------------------

_ID_SPLIT = re.compile(r"[\s,;]+")
_DATE_TEXT = re.compile(r"^\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?\s*$")


def _show(value: CellValue) -> str:
    if isinstance(value, Formula):
        return f"the formula {value!r} (formulas are read as text, never computed)"
    if isinstance(value, bool):
        return f"the value {'TRUE' if value else 'FALSE'}"
    if isinstance(value, float):
        return f"the number {format_number(value)}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f"{shown!r}"


def cell_text(value: CellValue) -> str:
    """A cell's value as text: numbers without trailing zeros, dates as YYYY-MM-DD."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format_number(value) if not value.is_integer() or abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return value.isoformat()


@attrs.frozen(kw_only=True)
class Codec:
    """How one field's value is written to a cell and read back from it.

    ``write(value, language)`` gives the cell value (text, number, date or
    None for an empty cell); ``read(cell, language)`` gives the field value or
    raises :class:`CellProblem`.  ``choices(language)`` lists a dropdown's
    entries (None: free entry); ``number_format`` is the cell's format.
    """

    name: str
    write: Callable[[Any, str], Any]
    read: Callable[[CellValue, str], Any]
    expected: tuple[str, str]
    choices: Callable[[str], list[str]] | None = None
    number_format: str = "@"
    wide: bool = False


def _text_write(value: Any, _: str) -> Any:
    return value if value else None


def _text_read(cell: CellValue, _: str) -> str:
    return cell_text(cell)


TEXT = Codec(
    name="text",
    write=_text_write,
    read=_text_read,
    expected=("텍스트", "text"),
    wide=True,
)


def _id_read(cell: CellValue, _: str) -> str:
    text = cell_text(cell).strip()
    if not ID_PATTERN.fullmatch(text):
        raise CellProblem(f"expected an id (letters, digits, '_', '-', '.', no spaces), got {_show(cell)}")
    return text


ID = Codec(name="id", write=_text_write, read=_id_read, expected=("id", "an id"))


def _ids_write(value: Sequence[str], _: str) -> Any:
    return ", ".join(value) if value else None


def _ids_read(cell: CellValue, _: str) -> tuple[str, ...]:
    parts = [p for p in _ID_SPLIT.split(cell_text(cell)) if p]
    bad = [p for p in parts if not ID_PATTERN.fullmatch(p)]
    if bad:
        raise CellProblem(f"expected ids separated by commas, got {', '.join(map(repr, bad))}")
    return tuple(parts)


IDS = Codec(
    name="ids", write=_ids_write, read=_ids_read, expected=("쉼표로 구분한 id", "ids separated by commas")
)


def _plain_list(values: Sequence[str]) -> bool:
    return all(v and "\n" not in v and "\r" not in v and v == v.strip() for v in values) and not (
        values and values[0].startswith("[")
    )


def _texts_write(value: Sequence[str], _: str) -> Any:
    if not value:
        return None
    if _plain_list(value):
        return "\n".join(value)
    return json.dumps(list(value), ensure_ascii=False)


def _texts_read(cell: CellValue, _: str) -> tuple[str, ...]:
    text = cell_text(cell)
    if text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, list) and all(isinstance(v, str) for v in data):
            return tuple(data)
    return tuple(line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip())


TEXTS = Codec(
    name="texts",
    write=_texts_write,
    read=_texts_read,
    expected=("한 줄에 하나씩", "one per line"),
    wide=True,
)


def _number_read(cell: CellValue, _: str) -> float:
    if isinstance(cell, (bool, dt.date, dt.datetime)):
        raise CellProblem(f"expected a number, got {_show(cell)}")
    if isinstance(cell, float):
        return cell
    text = cell_text(cell).strip().replace(",", "")
    try:
        number = float(text)
    except ValueError:
        raise CellProblem(f"expected a number, got {_show(cell)}") from None
    if not math.isfinite(number) or isinstance(cell, Formula):
        raise CellProblem(f"expected a number, got {_show(cell)}")
    return number


def _number_write(value: Any, _: str) -> Any:
    return value


NUMBER = Codec(
    name="number",
    write=_number_write,
    read=_number_read,
    expected=("숫자", "a number"),
    number_format="General",
)


def _int_read(cell: CellValue, language: str) -> int:
    number = _number_read(cell, language)
    if not number.is_integer():
        raise CellProblem(f"expected a whole number, got {_show(cell)}")
    return int(number)


INTEGER = Codec(
    name="integer",
    write=_number_write,
    read=_int_read,
    expected=("정수", "a whole number"),
    number_format="0",
)


def _one_to_five_read(cell: CellValue, language: str) -> int:
    number = _int_read(cell, language) if not isinstance(cell, float) or cell.is_integer() else None
    if number is None or not 1 <= number <= 5:
        raise CellProblem(f"expected a whole number from 1 to 5, got {_show(cell)}")
    return number


ONE_TO_FIVE = Codec(
    name="one_to_five",
    write=_number_write,
    read=_one_to_five_read,
    expected=("1~5 정수", "a whole number from 1 to 5"),
    choices=lambda _: ["1", "2", "3", "4", "5"],
    number_format="0",
)


def _date_read(cell: CellValue, _: str) -> dt.date:
    if isinstance(cell, dt.datetime):
        if cell.time() != dt.time(0):
            raise CellProblem(f"expected a date without a time, got {_show(cell)}")
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, str) and not isinstance(cell, Formula):
        match = _DATE_TEXT.match(cell)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
    raise CellProblem(f"expected a date (YYYY-MM-DD), got {_show(cell)}")


DATE = Codec(
    name="date",
    write=_number_write,
    read=_date_read,
    expected=("날짜(YYYY-MM-DD)", "a date (YYYY-MM-DD)"),
    number_format="yyyy-mm-dd",
)

_YES = {"y", "yes", "true", "1", "예", "o", "네"}
_NO = {"n", "no", "false", "0", "아니오", "x", "아니요"}


def _yes_no_read(cell: CellValue, _: str) -> bool:
    if isinstance(cell, bool):
        return cell
    text = cell_text(cell).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellProblem(f"expected Y or N, got {_show(cell)}")


YES_NO = Codec(
    name="yes_no",
    write=lambda value, _: "Y" if value else "N",
    read=_yes_no_read,
    expected=("Y 또는 N", "Y or N"),
    choices=lambda _: ["Y", "N"],
)


def enum_name(member: Enum, language: str) -> str:
    """The display name of a vocabulary value in ``language``."""
    key = f"{type(member).__name__}.{member.value}"
    if key in _WORDS:
        return word(key, language)
    try:
        return vocabulary(member, language)
    except KeyError:
        return str(member.value)


def enum_codec(enum: type[Enum]) -> Codec:
    """Vocabulary values shown by their names in the workbook's language; read in either language."""
    lookup: dict[str, Enum] = {}
    for member in enum:
        for name in (str(member.value), enum_name(member, "ko"), enum_name(member, "en")):
            lookup.setdefault(name.casefold(), member)
            lookup.setdefault(name.casefold().replace(" ", "_"), member)

    def read(cell: CellValue, language: str) -> Enum:
        text = cell_text(cell).strip().casefold()
        found = lookup.get(text) or lookup.get(text.replace(" ", "_"))
        if found is None:
            allowed = ", ".join(enum_name(m, language) for m in enum)
            raise CellProblem(f"expected one of {allowed}; got {_show(cell)}")
        return found

    def write(value: Enum, language: str) -> str:
        return enum_name(value, language)

    def choices(language: str) -> list[str]:
        return [enum_name(m, language) for m in enum]

    return Codec(
        name=f"enum:{enum.__name__}",
        write=write,
        read=read,
        expected=("목록의 값", "a value from the list"),
        choices=choices,
    )


def json_codec(tp: Any) -> Codec:
    """Any value as JSON text, structured by the journey converter on reading."""

    def write(value: Any, _: str) -> str:
        return json.dumps(unstructure(value), ensure_ascii=False, separators=(",", ":"))

    def read(cell: CellValue, _: str) -> Any:
        try:
            data = json.loads(cell_text(cell))
        except ValueError as exc:
            raise CellProblem(f"expected JSON text, got {_show(cell)} ({exc})") from None
        try:
            return structure(data, tp)
        except ShapeError as exc:
            raise CellProblem("; ".join(f.message for f in exc.findings())) from None

    return Codec(name="json", write=write, read=read, expected=("JSON", "JSON text"), wide=True)


LABEL = enum_codec(Label)

# --- columns ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Column:
    """A column of a table sheet: the field it holds, its header, its codec, its width.

    ``key`` is the field's name, dotted for a nested record (``baseline.value``).
    ``view`` columns only show something computed from other fields; they are
    written locked and never read.
    """

    key: str
    header: tuple[str, str]
    codec: Codec
    width: float = 14
    required: bool = False
    view: bool = False
    prompt: tuple[str, str] = ("", "")

    def title(self, language: str) -> str:
        """The header in ``language``."""
        return pick(self.header, language)


def unwrap_optional(tp: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``; ``(tp, False)`` for any other type."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def codec_for(field: attrs.Attribute[Any]) -> Codec:
    """The codec for an attrs field, from its type and validator."""
    tp, _ = unwrap_optional(field.type)
    validator = field.validator
    inner = getattr(validator, "validator", validator)
    if tp is str:
        return ID if inner is slug else TEXT
    if tp is bool:
        return YES_NO
    if tp is int:
        return ONE_TO_FIVE if inner is one_to_five else INTEGER
    if tp is float:
        return NUMBER
    if tp is dt.date:
        return DATE
    if isinstance(tp, type) and issubclass(tp, Enum):
        return LABEL if tp is Label else enum_codec(tp)
    if typing.get_origin(tp) is tuple and typing.get_args(tp)[:1] == (str,):
        return IDS if inner is ids else TEXTS
    return json_codec(field.type)


def is_required(field: attrs.Attribute[Any]) -> bool:
    """A field a record cannot be without: clearing it removes the record."""
    return field.default is attrs.NOTHING


def field_default(field: attrs.Attribute[Any]) -> Any:
    """The value a field takes when it is not given (a factory's value is made anew)."""
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()  # type: ignore[union-attr]
    return default


def header_of(key: str) -> tuple[str, str]:
    for candidate in (f"col.{key}", key, f"col.{key.rsplit('.', 1)[-1]}", key.rsplit(".", 1)[-1]):
        if candidate in _WORDS:
            return _WORDS[candidate]
        try:
            return (term(candidate, "ko"), term(candidate, "en"))
        except KeyError:
            continue
    return (key, key)


_WIDTHS = {"id": 14, "text": 40, "summary": 44, "definition": 32, "description": 32, "name": 24}


def _simple(tp: Any) -> bool:
    """A nested record whose fields all fit in one cell each (spread over columns, not JSON)."""
    inner, _ = unwrap_optional(tp)
    if not attrs.has(inner):
        return False
    for field in attrs.fields(attrs.resolve_types(inner)):
        codec = codec_for(field)
        if codec.name == "json":
            return False
    return True


def derive_columns(
    cls: type,
    order: Sequence[str],
    *,
    skip: Sequence[str] = (),
    prefix: str = "",
    extra: Sequence[Column] = (),
) -> list[Column]:
    """Columns for every field of ``cls``: those named in ``order`` first, then the others.

    A nested record whose fields are simple is spread over ``name.field``
    columns (``order`` may name them, dotted); any other complex field is one
    JSON column.  ``extra`` columns (views) stand where ``order`` names them.
    """
    fields = attrs.fields_dict(attrs.resolve_types(cls))
    extras = {c.key: c for c in extra}
    names = [k.split(".")[0] for k in order]
    names += [name for name in fields if name not in names]
    out: list[Column] = []
    done: set[str] = set()
    for name in names:
        if name in done or name in skip:
            continue
        done.add(name)
        if name in extras:
            out.append(extras[name])
            continue
        if name not in fields:
            continue
        field = fields[name]
        full = f"{prefix}{name}"
        if _simple(field.type):
            inner, _ = unwrap_optional(field.type)
            sub_order = [k[len(name) + 1 :] for k in order if k.startswith(f"{name}.")]
            nested = derive_columns(inner, sub_order, prefix=f"{full}.")
            out.extend(attrs.evolve(c, required=False) for c in nested)
            continue
        codec = codec_for(field)
        out.append(
            Column(
                key=full,
                header=header_of(full),
                codec=codec,
                width=_WIDTHS.get(name, 30 if codec.wide else 14),
                required=is_required(field),
            )
        )
    return out


def _view(key: str, width: float = 12) -> Column:
    return Column(key=key, header=header_of(key), codec=TEXT, width=width, view=True)


def stage_column() -> Column:
    """A stage reference: the stage's name (or its id where names are ambiguous)."""
    return Column(key="stage", header=both("col.stage"), codec=STAGE_REF, width=18)


def _stage_read(cell: CellValue, _: str) -> str:
    # Resolved against the journey's stages by the reader (names or ids); here only text.
    text = cell_text(cell).strip()
    if not text:
        raise CellProblem("expected a stage")
    return text


STAGE_REF = Codec(
    name="stage",
    write=_text_write,
    read=_stage_read,
    expected=("여정 단계 이름", "a stage name"),
)


def _with_stage(columns: list[Column]) -> list[Column]:
    return [attrs.evolve(stage_column(), required=c.required) if c.key == "stage" else c for c in columns]


@attrs.frozen(kw_only=True)
class Sheet:
    """A table sheet: its role, the record class, its columns, and the key column."""

    role: Role
    cls: type
    columns: tuple[Column, ...]
    key: str = "id"

    def column(self, key: str) -> Column:
        """The column holding ``key``."""
        return next(c for c in self.columns if c.key == key)


def _table(role: Role, cls: type, order: Sequence[str], **kwargs: Any) -> Sheet:
    columns = _with_stage(derive_columns(cls, order, **kwargs))
    return Sheet(role=role, cls=cls, columns=tuple(columns))


def _metric_columns() -> list[Column]:
    columns = derive_columns(
        Metric,
        [
            "id",
            "name",
            "short",
            "stage",
            "definition",
            "formula",
            "unit",
            "direction",
            "baseline.value",
            "baseline.text",
            "baseline.as_of",
            "baseline.source",
            "baseline.label",
            "baseline.evidence",
            "target",
            "gap",
            "mot",
            "tags",
        ],
        extra=[_view("gap"), _view("mot", 6)],
    )
    columns = [attrs.evolve(c, header=both("baseline")) if c.key == "baseline.value" else c for c in columns]
    return _with_stage(columns)


def _opportunity_columns() -> list[Column]:
    return _with_stage(
        derive_columns(
            Opportunity,
            [
                "id",
                "stage",
                "text",
                "label",
                "addresses",
                "value",
                "effort",
                "quadrant",
                "owner",
                "quick_fix",
                "evidence",
                "tags",
            ],
            extra=[_view("quadrant", 16)],
        )
    )


def _stage_columns() -> list[Column]:
    own = derive_columns(Stage, ["id", "name", "description", "duration"])
    mot = [Column(key="mot", header=both("col.mot"), codec=YES_NO, width=6)]
    for column in derive_columns(MomentOfTruth, ["metrics", "note"], skip=["stage"], prefix="mot."):
        mot.append(attrs.evolve(column, required=False))
    return [*own, *mot]


#: The table sheets, by role.
COLUMNS: dict[Role, Sheet] = {
    Role.STAGES: Sheet(role=Role.STAGES, cls=Stage, columns=tuple(_stage_columns())),
    Role.LANES: _table(Role.LANES, Lane, ["id", "name", "kind", "actor", "layer", "description"]),
    Role.PERSONAS: _table(
        Role.PERSONAS,
        Persona,
        ["id", "name", "role", "description", "goals", "needs", "frustrations", "quote"],
        skip=["stakeholders"],
    ),
    Role.STAKEHOLDERS: Sheet(
        role=Role.STAKEHOLDERS,
        cls=Stakeholder,
        columns=(
            Column(key="persona", header=both("col.persona"), codec=ID, width=16, required=True),
            *derive_columns(Stakeholder, ["role", "concerns", "stages"]),
        ),
        key="persona",
    ),
    Role.PAIN_POINTS: _table(
        Role.PAIN_POINTS,
        PainPoint,
        ["id", "stage", "text", "label", "severity", "frequency", "evidence", "tags"],
    ),
    Role.OPPORTUNITIES: Sheet(
        role=Role.OPPORTUNITIES, cls=Opportunity, columns=tuple(_opportunity_columns())
    ),
    Role.METRICS: Sheet(role=Role.METRICS, cls=Metric, columns=tuple(_metric_columns())),
    Role.EVIDENCE: _table(
        Role.EVIDENCE,
        Evidence,
        [
            "id",
            "date",
            "method",
            "source_role",
            "organisation",
            "kind",
            "reference",
            "summary",
            "stage",
            "product_group",
            "supports",
            "contradicts",
            "tags",
        ],
    ),
}

#: Fields of an item in hidden columns of the Map (text and label are shown; the id is the row id).
ITEM_EXTRA = tuple(derive_columns(Item, ["evidence", "tags"], skip=["id", "text", "label"]))
#: Fields of an emotion in each persona's group of the Emotions sheet.
EMOTION_FIELDS = tuple(
    derive_columns(Emotion, ["score", "label", "note", "evidence"], skip=["stage", "persona"])
)
#: The journey's own fields (not its collections), a row each on the Journey sheet.
JOURNEY_FIELDS = tuple(
    derive_columns(
        Journey,
        ["id", "title", "description", "language", "version", "updated", "emotion_scale"],
        skip=JOURNEY_COLLECTIONS,
    )
)
#: Lane kinds whose entries the Map holds (text and label are read back from it).
MAP_HOMES = frozenset(
    {
        LaneKind.TOUCHPOINTS,
        LaneKind.ACTIONS,
        LaneKind.THOUGHTS,
        LaneKind.TEXT,
        LaneKind.PAIN_POINTS,
        LaneKind.OPPORTUNITIES,
    }
)
#: Lane kinds that carry a label per entry on the Map.
LABELLED = MAP_HOMES | {LaneKind.METRICS, LaneKind.EMOTIONS}
