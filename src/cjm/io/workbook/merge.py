"""Applying what a workbook says to a journey: decode every cell, merge every record.

The rules, in one place:

* an empty cell leaves the field as it is (in a new record: the field's default);
* the clear marker, ``(clear)`` or ``(삭제)``, sets the field to its default
  (empty text, no value, no list entries, the record's default label); in a
  field the record cannot be without (an item's text, a metric's name, an
  evidence row's method …) it removes the record;
* records are matched by id (the Map's hidden row ids, the id columns of the
  tables); a row without an id is a new record, and gets the next free id
  of its kind where the model needs one (``pp-3``, ``ev-12`` …);
* a workbook made from another version of the journey is caught: an item
  without an id is matched by its place and a checksum of its text;
* every problem is collected, each naming ``Sheet!Cell`` and what was
  expected; nothing is returned while there is any.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import attrs

from cjm.i18n import pick
from cjm.io.workbook import layout as L
from cjm.io.workbook.sheets import GridRow, Location, Raw, Row
from cjm.io.xlsx_engine import CellValue
from cjm.model import (
    Emotion,
    Item,
    Journey,
    Lane,
    LaneKind,
    MomentOfTruth,
    Opportunity,
    PainPoint,
    Persona,
    Stage,
    Stakeholder,
)
from cjm.validate.findings import Finding, Path

__all__ = ["Merger"]

T = TypeVar("T")
K = TypeVar("K")


class _Removed:
    def __repr__(self) -> str:
        return "REMOVED"


class _Failed:
    def __repr__(self) -> str:
        return "FAILED"


REMOVED: Any = _Removed()
FAILED: Any = _Failed()

_ID_NUMBER = re.compile(r"^(?P<prefix>.*?)(?P<number>\d+)$")


class Merger:
    """Decodes a workbook's raw cells and applies them to a base journey."""

    def __init__(self, raw: Raw, name: str, *, standalone: bool) -> None:
        self.raw = raw
        self.standalone = standalone
        self.name = name
        self.findings: list[Finding] = []
        #: Where in the workbook each part of the result came from, for validation findings:
        #: a cell (``Sheet!C7``) or a row, whose field cells are named on demand.
        self.sources: dict[Path, str | Location] = {}
        self.language = "en"
        self.stage_lookup: dict[str, str] = {}
        self.stage_ids: frozenset[str] = frozenset()
        self.lane_lookup: dict[str, str] = {}
        self.names: dict[str, list[str]] = {}

    # --- findings and decoding ------------------------------------------------------

    def problem(self, source: str, message: str, rule: str = "workbook") -> None:
        self.findings.append(Finding(rule=rule, message=message, source=f"{self.name} {source}"))

    def decode(self, column: L.Column, value: CellValue, row: Row, key: str | None) -> Any:
        """A cell's value through its column's codec, CLEAR, or FAILED (with a finding)."""
        if L.is_clear(value):
            return L.CLEAR
        try:
            decoded = column.codec.read(value, self.language)
        except L.CellProblem as problem:
            self.problem(row.source(key), f"{column.title(self.language)}: {problem}")
            return FAILED
        if column.codec is L.STAGE_REF:
            return self.resolve(decoded, self.stage_lookup, "stage", row.source(key))
        return decoded

    def resolve(self, text: str, lookup: dict[str, str], what: str, source: str) -> Any:
        found = lookup.get(text) or lookup.get(text.strip().casefold())
        if found is None:
            names = self.names.get(what, [])
            shown = ", ".join(names[:12]) or "(none)"
            self.problem(source, f"no {what} {text!r} in the journey; expected one of: {shown}")
            return FAILED
        return found

    def set_lookups(self, stages: Sequence[Stage], lanes: Sequence[Lane]) -> None:
        self.stage_lookup = _lookup(stages)
        self.stage_ids = frozenset(s.id for s in stages)
        self.lane_lookup = _lookup(lanes)
        self.names = {"stage": [s.name for s in stages], "lane": [lane.name for lane in lanes]}

    def decode_row(
        self, columns: dict[str, L.Column], row: Row, keys: Iterable[str] | None = None
    ) -> dict[str, Any] | None:
        """The row's cells decoded by key (only ``keys`` if given); None if any failed.

        Every cell of the row is checked before giving up, so that every
        problem of the row is reported at once.
        """
        out: dict[str, Any] = {}
        failed = False
        for key, value in row.values.items():
            if keys is not None and key not in keys:
                continue
            column = columns.get(key)
            if column is None or column.view:
                continue
            decoded = self.decode(column, value, row, key)
            if decoded is FAILED:
                failed = True
            else:
                out[key] = decoded
        if failed:
            for column in columns.values():
                if column.required and column.key != "id" and column.key not in row.values and keys is None:
                    self.problem(row.source(None), f"{column.title(self.language)} is required")
            return None
        return out

    # --- records ---------------------------------------------------------------------

    def assemble(
        self,
        cls: type[T],
        base: T | None,
        values: dict[str, Any],
        row: Row | None,
        prefix: str = "",
    ) -> T | Any:
        """A record of ``cls``: ``base`` (None: a new record) with ``values`` applied.

        Returns REMOVED when a required field is cleared, FAILED (with findings)
        when a value breaks a field's rule or a required field is missing.
        """
        kwargs: dict[str, Any] = {}
        given: list[tuple[str, attrs.Attribute[Any]]] = []
        failed = False
        nested_keys = {k.rsplit(".", 1)[0] for k in values if "." in k}
        for field in _fields(typing.cast(type, cls)):
            key = f"{prefix}{field.name}" if prefix else field.name
            if key in values:
                value = values[key]
                if value is L.CLEAR:
                    if L.is_required(field):
                        return REMOVED
                    value = L.field_default(field)
                elif field.validator is not None:
                    given.append((key, field))
                kwargs[field.name] = value
            elif nested_keys and (key in nested_keys or any(k.startswith(f"{key}.") for k in nested_keys)):
                inner, _ = L.unwrap_optional(field.type)
                nested_base = getattr(base, field.name) if base is not None else None
                nested = self.assemble(inner, nested_base, values, row, prefix=f"{key}.")
                if nested is FAILED:
                    failed = True
                elif nested is not REMOVED:
                    kwargs[field.name] = nested
            elif base is not None:
                kwargs[field.name] = getattr(base, field.name)
            elif L.is_required(field):
                self.problem(
                    _where(row, None),
                    f"{_title(key, self.language)} is required for a new {cls.__name__.lower()}",
                )
                failed = True
        if failed:
            return FAILED
        try:
            return cls(**kwargs)
        except (ValueError, TypeError) as exc:
            # find the cell whose value broke its field's rule, to name it
            for key, field in given:
                try:
                    value = kwargs[field.name]
                    converted = field.converter(value) if callable(field.converter) else value
                    field.validator(None, field, converted)  # type: ignore[misc]
                except (ValueError, TypeError) as field_exc:
                    self.problem(_where(row, key), f"{_title(key, self.language)}: {field_exc}")
                    failed = True
            if not failed:
                self.problem(_where(row, None), f"{cls.__name__}: {exc}")
            return FAILED

    def merge_table(
        self,
        role: L.Role,
        base: Sequence[T],
        *,
        prefix: str | None = None,
        path: str,
        decoded: list[tuple[dict[str, Any], Row]] | None = None,
    ) -> list[T]:
        """A keyed collection with the rows of its sheet applied (see the module's rules).

        ``decoded`` (if given) receives each row's decoded cells, for a caller
        that reads more from the same rows (the stages' MoT columns), so that
        no cell is decoded, and no problem reported, twice.
        """
        if not self.raw.has(role):
            return list(base)
        spec = L.COLUMNS[role]
        columns = {c.key: c for c in spec.columns}
        result: list[Any] = list(base)
        index = {getattr(r, "id"): i for i, r in enumerate(result)}  # noqa: B009
        seen: dict[str, str] = {}
        new_id = _IdMaker(prefix, index) if prefix is not None else None
        for row in self.raw.table(role):
            values = self.decode_row(columns, row)
            if not values:
                continue
            if decoded is not None:
                decoded.append((dict(values), row))
            record_id = values.get("id")
            if record_id is L.CLEAR:
                self.problem(
                    row.source("id"),
                    "an id cannot be cleared; to remove the row, clear a field it cannot be without "
                    "(its name or text)",
                )
                continue
            if record_id is None:
                if new_id is None:
                    self.problem(row.source(None), "an id is required for a new row")
                    continue
                record_id = new_id()
                values["id"] = record_id
            if record_id in seen:
                self.problem(
                    row.source("id"), f"the id {record_id!r} is used twice (first at {seen[record_id]})"
                )
                continue
            seen[record_id] = row.source("id")
            position = index.get(record_id)
            old = result[position] if position is not None else None
            record = self.assemble(spec.cls, old, values, row)
            position = _place(result, index, record_id, position, record)
            if position is None:
                continue
            self.sources[(path, position)] = row.location()
        return [r for r in result if r is not REMOVED]

    # --- the whole journey --------------------------------------------------------------

    def journey_fields(self, base: Journey | None) -> Journey | None:
        row = self.raw.journey
        if row is None:
            return base
        columns = {c.key: c for c in L.JOURNEY_FIELDS}
        values = self.decode_row(columns, row)
        if values is None:
            return None
        language = values.get("language")
        if isinstance(language, str):
            self.language = language
        elif base is not None:
            self.language = base.language
        result = self.assemble(Journey, base, values, row)
        if result is REMOVED:
            self.problem(row.source(None), "the journey's id and title cannot be cleared")
            return None
        if result is FAILED:
            return None
        for key in row.values:
            self.sources[tuple(key.split("."))] = row.source(key)
        return typing.cast(Journey, result)

    def apply(self, base: Journey) -> Journey:
        """``base`` with everything the workbook says applied (check :attr:`findings` after)."""
        j = base
        self.language = j.language
        stage_rows: list[tuple[dict[str, Any], Row]] = []
        stages = self.merge_table(L.Role.STAGES, j.stages, path="stages", decoded=stage_rows)
        lanes = self.merge_table(L.Role.LANES, j.lanes, path="lanes")
        self.set_lookups(stages, lanes)
        personas = self.merge_table(L.Role.PERSONAS, j.personas, prefix="persona-", path="personas")
        personas = self.stakeholders(personas)
        metrics = self.merge_table(L.Role.METRICS, j.metrics, prefix="m-", path="metrics")
        evidence = self.merge_table(L.Role.EVIDENCE, j.evidence, prefix="ev-", path="evidence")
        pains = self.merge_table(L.Role.PAIN_POINTS, j.pain_points, prefix="pp-", path="pain_points")
        opportunities = self.merge_table(
            L.Role.OPPORTUNITIES, j.opportunities, prefix="op-", path="opportunities"
        )
        kinds = {lane.id: lane.kind for lane in lanes}
        entries = self.grid_entries(kinds)
        pains = self.map_records(entries, pains, LaneKind.PAIN_POINTS, PainPoint, "pp-", "pain_points")
        opportunities = self.map_records(
            entries, opportunities, LaneKind.OPPORTUNITIES, Opportunity, "op-", "opportunities"
        )
        cells = self.items(j, entries)
        moments = self.moments(j, stages, stage_rows, entries, kinds)
        emotions = self.emotions(j)
        try:
            return attrs.evolve(
                j,
                stages=tuple(stages),
                lanes=tuple(lanes),
                personas=tuple(personas),
                metrics=tuple(metrics),
                evidence=tuple(evidence),
                pain_points=tuple(pains),
                opportunities=tuple(opportunities),
                cells=cells,
                moments_of_truth=tuple(moments),
                emotions=tuple(emotions),
            )
        except (ValueError, TypeError) as exc:
            self.problem(self.raw.sheets.get(L.Role.JOURNEY, ""), str(exc))
            return j

    # --- stakeholders ---------------------------------------------------------------------

    def stakeholders(self, personas: list[Persona]) -> list[Persona]:
        if not self.raw.has(L.Role.STAKEHOLDERS):
            return personas
        spec = L.COLUMNS[L.Role.STAKEHOLDERS]
        columns = {c.key: c for c in spec.columns}
        by_persona: dict[str, list[tuple[Row, dict[str, Any]]]] = {}
        for row in self.raw.table(L.Role.STAKEHOLDERS):
            values = self.decode_row(columns, row)
            if not values:
                continue
            owner = values.pop("persona", None)
            if owner is None or owner is L.CLEAR:
                self.problem(row.source(None), "the persona (its id) is required for a stakeholder row")
                continue
            by_persona.setdefault(owner, []).append((row, values))
        known = {p.id for p in personas}
        for owner, owner_rows in by_persona.items():
            if owner not in known:
                self.problem(
                    owner_rows[0][0].source("persona"),
                    f"no persona with id {owner!r}; expected one of: {', '.join(sorted(known)) or '(none)'}",
                )
        out = []
        for p_index, persona in enumerate(personas):
            if persona.id not in by_persona:
                out.append(persona)
                continue
            holders: list[Any] = []
            for position, (row, values) in enumerate(by_persona[persona.id]):
                base = persona.stakeholders[position] if position < len(persona.stakeholders) else None
                record = self.assemble(Stakeholder, base, values, row)
                if record is FAILED or record is REMOVED:
                    continue
                self.sources[("personas", p_index, "stakeholders", len(holders))] = row.location()
                holders.append(record)
            out.append(attrs.evolve(persona, stakeholders=tuple(holders)))
        return out

    # --- the Map ----------------------------------------------------------------------------

    def grid_entries(self, kinds: dict[str, LaneKind]) -> list[_GridEntry]:
        """Every Map slot that holds something, and every row of the New items sheet, in order."""
        raw = self.raw
        wall = raw.layout == "wall"
        stages = self.stage_ids
        lanes = frozenset(kinds)
        out: list[_GridEntry] = []
        reported: set[str] = set()
        for row in raw.grid:
            stage_id, lane_id = (row.group, row.block) if wall else (row.block, row.group)
            skip = False
            for value, what, known in ((stage_id, "stage", stages), (lane_id, "lane", lanes)):
                if value not in known:
                    skip = True
                    if value not in reported:
                        reported.add(value)
                        self.problem(
                            row.source(),
                            f"the Map has a {what} {value!r} that the journey does not have; "
                            f"expected one of: {', '.join(sorted(known)) or '(none)'}",
                        )
            if not skip:
                out.append(_GridEntry(stage=stage_id, lane=lane_id, kind=kinds[lane_id], row=row))
        for table_row in raw.table(L.Role.NEW_ITEMS):
            values = table_row.values
            if not any(k in values for k in ("text", "label", *(c.key for c in L.ITEM_EXTRA))):
                continue
            stage = self._ref(table_row, "stage", self.stage_lookup)
            lane = self._ref(table_row, "lane", self.lane_lookup)
            if stage is FAILED or lane is FAILED:
                continue
            if kinds[lane] not in L.MAP_HOMES:
                self.problem(
                    table_row.source("lane"),
                    f"lane {lane!r} shows records kept elsewhere; new entries go in a lane of "
                    "touchpoints, actions, thoughts, text, pain points or opportunities",
                )
                continue
            grid_row = GridRow(
                sheet=table_row.sheet,
                number=table_row.number,
                values={k: v for k, v in values.items() if k not in ("stage", "lane")},
                letters=table_row.letters,
            )
            out.append(_GridEntry(stage=stage, lane=lane, kind=kinds[lane], row=grid_row))
        return out

    def _ref(self, row: Row, key: str, lookup: dict[str, str]) -> Any:
        value = row.values.get(key)
        if value is None:
            self.problem(row.source(None), f"a {key} is required")
            return FAILED
        return self.resolve(L.cell_text(value).strip(), lookup, key, row.source(key))

    def entry_values(self, entry: _GridEntry, keys: Iterable[str]) -> dict[str, Any] | None:
        return self.decode_row(_ENTRY_COLUMNS, entry.row, keys)

    def map_records(
        self,
        entries: list[_GridEntry],
        records: list[Any],
        kind: LaneKind,
        cls: type,
        prefix: str,
        path: str,
    ) -> list[Any]:
        """Pain points or opportunities with the text and label the Map gives them."""
        result = list(records)
        index = {r.id: i for i, r in enumerate(result)}
        given: dict[str, tuple[dict[str, Any], str]] = {}
        new_id = _IdMaker(prefix, index)
        for entry in entries:
            if entry.kind is not kind:
                continue
            values = self.entry_values(entry, ("text", "label"))
            if values is None:
                continue
            ref = L.cell_text(entry.row.values.get("ref", "")).strip()
            if not values and not ref:
                continue
            values["stage"] = entry.stage
            position: int | None
            if ref:
                if ref in given:
                    earlier, earlier_source = given[ref]
                    if {k: v for k, v in earlier.items() if k != "stage"} != {
                        k: v for k, v in values.items() if k != "stage"
                    }:
                        self.problem(
                            entry.row.source(),
                            f"{ref!r} is also at {earlier_source} with other text or label; "
                            "write it the same in both places",
                        )
                    continue
                given[ref] = (values, entry.row.source())
                position = index.get(ref)
                old = result[position] if position is not None else None
                record = self.assemble(cls, old, {**values, "id": ref}, entry.row)
            else:
                if "text" not in values:
                    continue
                ref = new_id()
                position = None
                record = self.assemble(cls, None, {**values, "id": ref}, entry.row)
            position = _place(result, index, ref, position, record)
            if position is None:
                continue
            self.sources[(path, position)] = entry.row.source()
            self.sources[(path, position, "text")] = entry.row.source()
        return [r for r in result if r is not REMOVED]

    def items(self, base: Journey, entries: list[_GridEntry]) -> dict[str, dict[str, list[Item]]]:
        """The cells: the Map's item entries merged with the base's items (see the module's rules)."""
        by_id: dict[str, tuple[str, str, int]] = {}
        for stage_id, lane_id, position, item in base.all_items():
            if item.id is not None:
                by_id.setdefault(item.id, (stage_id, lane_id, position))
        claimed: dict[tuple[str, str, int], str] = {}
        placed: dict[tuple[str, str], list[tuple[Item, str]]] = {}
        item_keys = ("text", "label", *(c.key for c in L.ITEM_EXTRA))
        for entry in entries:
            if not entry.kind.holds_items:
                continue
            values = self.entry_values(entry, item_keys)
            if values is None:
                continue
            ref = L.cell_text(entry.row.values.get("ref", "")).strip()
            if not values and not ref:
                continue
            origin: tuple[str, str, int] | None = None
            item_id: str | None = None
            if ref and "/" in ref:
                origin = self.positional(base, ref, entry)
                if origin is FAILED:
                    continue
            elif ref:
                item_id = ref
                origin = by_id.get(ref)
            if origin is not None:
                if origin in claimed:
                    self.problem(
                        entry.row.source(),
                        f"this row repeats the item at {claimed[origin]}; each item once "
                        "(copy the text into a blank row to add a new one)",
                    )
                    continue
                claimed[origin] = entry.row.source()
            old = base.items(origin[0], origin[1])[origin[2]] if origin is not None else None
            if old is None and "text" not in values:
                if values or ref:
                    self.problem(
                        entry.row.source(),
                        f"this entry has no text; write its text, or {L.CLEAR_MARKERS[0]} to remove it",
                    )
                continue
            fields = dict(values)
            if item_id is not None:
                fields["id"] = item_id
            item = self.assemble(Item, old, fields, entry.row)
            if item is FAILED or item is REMOVED:
                continue
            placed.setdefault((entry.stage, entry.lane), []).append((item, entry.row.source()))
        cells: dict[str, dict[str, list[Item]]] = {}
        touched = set(placed)
        for stage_id, lane_id, items in base.ordered_cells():
            kept = [(i, item) for i, item in enumerate(items) if (stage_id, lane_id, i) not in claimed]
            merged = [item for item, _ in placed.get((stage_id, lane_id), [])]
            for position, item in kept:  # unmentioned items keep their place
                merged.insert(min(position, len(merged)), item)
            if merged:
                cells.setdefault(stage_id, {})[lane_id] = merged
            touched.discard((stage_id, lane_id))
        for stage_id, lane_id in touched:
            cells.setdefault(stage_id, {})[lane_id] = [item for item, _ in placed[(stage_id, lane_id)]]
        for (stage_id, lane_id), items_here in placed.items():
            for position, (_, source) in enumerate(items_here):
                self.sources[("cells", stage_id, lane_id, position)] = source
        order = list(dict.fromkeys(self.stage_lookup.values()))
        return {
            s: cells[s] for s in [*(x for x in order if x in cells), *(x for x in cells if x not in order)]
        }

    def positional(self, base: Journey, ref: str, entry: _GridEntry) -> Any:
        """The base item a place-and-checksum row id points at (FAILED, with a finding, if it moved)."""
        parts = ref.split("/")
        if len(parts) != 4 or not parts[2].isdigit():
            self.problem(
                entry.row.source(), f"the hidden row id {ref!r} is damaged; restore it or clear the row"
            )
            return FAILED
        if self.standalone:
            return None  # read on its own, the row id only says the item has no id
        stage_id, lane_id, position_text, checksum = parts
        position = int(position_text)
        items = base.items(stage_id, lane_id)
        if position >= len(items):
            self.problem(
                entry.row.source(),
                "this workbook was made from another version of the journey: the item it refers to "
                f"({stage_id}/{lane_id} #{position + 1}) is gone; make a new template",
            )
            return FAILED
        if L.item_checksum(items[position].text) != checksum:
            self.problem(
                entry.row.source(),
                "this workbook was made from another version of the journey: item "
                f"#{position + 1} of {stage_id}/{lane_id} now reads {items[position].text[:40]!r}; "
                "make a new template, or give the item an id",
            )
            return FAILED
        return (stage_id, lane_id, position)

    # --- Moments of Truth and emotions --------------------------------------------------------

    def moments(
        self,
        base: Journey,
        stages: list[Stage],
        stage_rows: list[tuple[dict[str, Any], Row]],
        entries: list[_GridEntry],
        kinds: dict[str, LaneKind],
    ) -> list[MomentOfTruth]:
        """The Moments of Truth: the Map's MoT flags (or the Stages sheet's), with their details.

        ``stage_rows`` are the Stages sheet's rows as :meth:`merge_table` decoded them.
        """
        flags: dict[str, tuple[bool | None, str]] = {}
        map_has_flags = any(k is LaneKind.MOMENT_OF_TRUTH for k in kinds.values()) and bool(self.raw.grid)
        if map_has_flags:
            first_rows: dict[tuple[str, str], int] = {}
            for entry in entries:
                key = (entry.stage, entry.lane)
                first_rows[key] = min(first_rows.get(key, entry.row.number), entry.row.number)
            for entry in entries:
                if entry.kind is not LaneKind.MOMENT_OF_TRUTH or "text" not in entry.row.values:
                    continue
                if entry.row.number != first_rows[(entry.stage, entry.lane)]:
                    continue
                value = self.decode(_MOT_COLUMN, entry.row.values["text"], entry.row, "text")
                if value is FAILED:
                    continue
                flag = None if value is L.CLEAR else bool(value)
                if entry.stage in flags and flags[entry.stage][0] != flag:
                    self.problem(entry.row.source(), f"the MoT flag differs from {flags[entry.stage][1]}")
                    continue
                flags[entry.stage] = (flag, entry.row.source())
        details: dict[str, tuple[dict[str, Any], Row]] = {}
        for values, row in stage_rows:
            if not isinstance(values.get("id"), str):
                continue
            stage_id = values["id"]
            if not map_has_flags and "mot" in values:
                flag = None if values["mot"] is L.CLEAR else bool(values["mot"])
                flags[stage_id] = (flag, row.source("mot"))
            given = {k[len("mot.") :]: v for k, v in values.items() if k.startswith("mot.")}
            if given:
                details[stage_id] = (given, row)
        result: list[Any] = list(base.moments_of_truth)
        index = {m.stage: i for i, m in enumerate(result)}
        for stage_id, (flag, _source) in flags.items():
            if flag is not True and stage_id in index:
                result[index[stage_id]] = REMOVED
        for stage in stages:
            flag = flags.get(stage.id, (None, ""))[0]
            exists = stage.id in index and result[index[stage.id]] is not REMOVED
            wanted = flag is True or (flag is None and exists and stage.id not in flags)
            detail = details.get(stage.id)
            mot_values: dict[str, Any] = detail[0] if detail is not None else {}
            mot_row: Row | None = detail[1] if detail is not None else None
            if not wanted:
                if mot_row is not None and any(v is not L.CLEAR for v in mot_values.values()):
                    self.problem(
                        mot_row.source(None),
                        "MoT metrics or a note for a stage that is not a Moment of Truth "
                        "(its MoT cell says N); set it to Y, or clear these cells",
                    )
                continue
            old = result[index[stage.id]] if exists else None
            moment = self.assemble(MomentOfTruth, old, {**mot_values, "stage": stage.id}, mot_row)
            if moment is FAILED or moment is REMOVED:
                continue
            if exists:
                result[index[stage.id]] = moment
            else:
                index[stage.id] = len(result)
                result.append(moment)
            if mot_row is not None:
                for cell_key in mot_row.values:
                    if cell_key.startswith("mot."):
                        self.sources[("moments_of_truth", index[stage.id], cell_key[4:])] = mot_row.source(
                            cell_key
                        )
        return [m for m in result if m is not REMOVED]

    def emotions(self, base: Journey) -> list[Emotion]:
        rows = self.raw.emotions
        if not rows:
            return list(base.emotions)
        columns = {c.key: c for c in L.EMOTION_FIELDS}
        result: list[Any] = list(base.emotions)
        index = {(e.stage, e.persona): i for i, e in enumerate(result)}
        for row in rows:
            stage_id = self.raw_stage_of(row)
            if stage_id is None:
                continue
            by_persona: dict[str | None, dict[str, str]] = {}
            for key in row.values:
                if ":" in key:
                    persona_key, _, field = key.partition(":")
                    by_persona.setdefault(None if persona_key == "-" else persona_key, {})[field] = key
            for persona, keys in by_persona.items():
                group = Row(
                    sheet=row.sheet,
                    number=row.number,
                    values={field: row.values[key] for field, key in keys.items()},
                    letters={field: row.letters[key] for field, key in keys.items()},
                )
                values = self.decode_row(columns, group)
                if not values:
                    continue
                which = (stage_id, persona)
                position = index.get(which)
                old = result[position] if position is not None else None
                emotion = self.assemble(
                    Emotion, old, {**values, "stage": stage_id, "persona": persona}, group
                )
                position = _place(result, index, which, position, emotion)
                if position is None:
                    continue
                self.sources[("emotions", position)] = group.location()
        return [e for e in result if e is not REMOVED]

    def raw_stage_of(self, row: Row) -> str | None:
        value = row.values.get(_ROW_KEY)
        if value is None:
            return None
        stage_id = L.cell_text(value).strip()
        if stage_id not in self.stage_ids:
            self.problem(row.source(_ROW_KEY), f"no stage {stage_id!r} in the journey")
            return None
        return stage_id

    def place(self, path: Path) -> str | None:
        """The workbook cell (or row) a part of the result came from."""
        for end in range(len(path), 0, -1):
            where = self.sources.get(tuple(path[:end]))
            if where is None:
                continue
            if isinstance(where, str):
                return where
            rest = path[end:]
            key = rest[0] if rest and isinstance(rest[0], str) else None
            if key is not None and len(rest) > 1 and isinstance(rest[1], str):
                key = f"{key}.{rest[1]}" if f"{key}.{rest[1]}" in where.letters else key
            return where.source(key)
        return None


_ROW_KEY = L.ROW_KEY


@attrs.frozen(kw_only=True)
class _GridEntry:
    stage: str
    lane: str
    kind: LaneKind
    row: GridRow


_TEXT_COLUMN = L.Column(key="text", header=L.both("col.text"), codec=L.TEXT)
_LABEL_COLUMN = L.Column(key="label", header=L.both("col.label"), codec=L.LABEL)
_MOT_COLUMN = L.Column(key="mot", header=L.both("col.mot"), codec=L.YES_NO)
_ENTRY_COLUMNS = {"text": _TEXT_COLUMN, "label": _LABEL_COLUMN, **{c.key: c for c in L.ITEM_EXTRA}}


def _where(row: Row | None, key: str | None) -> str:
    return row.source(key) if row is not None else ""


class _IdMaker:
    """New ids of one kind (``ev-1``, ``ev-2`` …), past the highest already in use."""

    def __init__(self, prefix: str, used: dict[str, Any]) -> None:
        self.prefix = prefix
        self.used = used
        numbers = [
            int(m.group("number")) for r in used if (m := _ID_NUMBER.match(r)) and m.group("prefix") == prefix
        ]
        self.number = max(numbers, default=0)

    def __call__(self) -> str:
        self.number += 1
        while f"{self.prefix}{self.number}" in self.used:
            self.number += 1
        return f"{self.prefix}{self.number}"


def _lookup(records: Iterable[Stage | Lane]) -> dict[str, str]:
    """Name or id (as written, or folded) -> id; ids win over names."""
    out: dict[str, str] = {}
    records = list(records)
    for record in records:
        out.setdefault(record.name, record.id)
        out.setdefault(record.name.strip().casefold(), record.id)
    for record in records:
        out[record.id] = record.id
        out[record.id.casefold()] = record.id
    return out


@functools.cache
def _fields(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    return tuple(attrs.fields(attrs.resolve_types(cls)))


def _title(key: str, language: str) -> str:
    return pick(L.header_of(key), language)


def _place(result: list[Any], index: dict[K, int], key: K, position: int | None, record: Any) -> int | None:
    """Put a merged record at its place in ``result``: replace, append, or mark removed.

    Returns the record's position, or None when there is nothing to place (a
    failed row, or a removal)."""
    if record is FAILED:
        return None
    if record is REMOVED:
        if position is not None:
            result[position] = REMOVED
        return None
    if position is None:
        position = index[key] = len(result)
        result.append(record)
    else:
        result[position] = record
    return position
