"""What changed between two versions of a journey, line by line, for ``cjm import --dry-run``.

Records with ids are matched by id; items without ids by their cell, then by
equal text, then in order.  Label changes are listed on their own, because a
hypothesis becoming a fact is the news of a field study.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from cjm.io.workbook.layout import JOURNEY_COLLECTIONS
from cjm.model import Item, Journey

__all__ = ["Change", "changes"]


@attrs.frozen(kw_only=True)
class Change:
    """One change: ``+`` added, ``-`` removed, ``~`` changed; what kind of record, which, and how."""

    op: str
    kind: str
    where: str
    detail: str = ""

    def __str__(self) -> str:
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.op} {self.kind:<13} {self.where}{detail}"


def _short(value: Any, width: int = 50) -> str:
    if isinstance(value, str):
        text = value.replace("\n", "⏎")
        return repr(text if len(text) <= width else text[: width - 1] + "…")
    if isinstance(value, tuple):
        return "[" + ", ".join(_short(v, 20) for v in value) + "]"
    if hasattr(value, "value") and not attrs.has(type(value)):
        return str(value.value)
    if attrs.has(type(value)):
        return "{…}"
    return repr(value)


def _field_changes(before: Any, after: Any, prefix: str = "") -> Iterator[tuple[str, Any, Any]]:
    for field in attrs.fields(type(before)):
        old, new = getattr(before, field.name), getattr(after, field.name)
        if old == new:
            continue
        if attrs.has(type(old)) and attrs.has(type(new)) and type(old) is type(new):
            yield from _field_changes(old, new, f"{prefix}{field.name}.")
        else:
            yield f"{prefix}{field.name}", old, new


def _describe(before: Any, after: Any, skip: Sequence[str] = ()) -> str:
    return "; ".join(
        f"{name} {_short(old)} → {_short(new)}"
        for name, old, new in _field_changes(before, after)
        if name not in skip
    )


def _keyed(kind: str, before: Sequence[Any], after: Sequence[Any], key: Any, show: Any) -> Iterator[Change]:
    old = {key(r): r for r in before}
    new = {key(r): r for r in after}
    for k, record in new.items():
        if k not in old:
            yield Change(op="+", kind=kind, where=show(record))
    for k, record in old.items():
        if k not in new:
            yield Change(op="-", kind=kind, where=show(record))
    for k, record in new.items():
        if k in old and old[k] != record:
            previous = old[k]
            label_old, label_new = getattr(previous, "label", None), getattr(record, "label", None)
            if label_old != label_new:
                before_label = getattr(label_old, "value", label_old)
                after_label = getattr(label_new, "value", label_new)
                detail = f"{before_label} → {after_label}"
                yield Change(op="~", kind="label", where=show(record), detail=detail)
            rest = _describe(previous, record, skip=("label",))
            if rest:
                yield Change(op="~", kind=kind, where=show(record), detail=rest)


def _items(before: Journey, after: Journey) -> Iterator[Change]:
    def place(journey: Journey, stage: str, lane: str) -> str:
        s = next((x.name for x in journey.stages if x.id == stage), stage)
        ln = next((x.name for x in journey.lanes if x.id == lane), lane)
        return f"{s} · {ln}"

    old_ids = {i.id: (s, ln, i) for s, ln, _, i in before.all_items() if i.id}
    new_ids = {i.id: (s, ln, i) for s, ln, _, i in after.all_items() if i.id}
    for item_id, (s, ln, item) in new_ids.items():
        if item_id not in old_ids:
            yield Change(op="+", kind="item", where=place(after, s, ln), detail=_short(item.text))
        else:
            os_, ol, old = old_ids[item_id]
            yield from _item_change(old, item, place(after, s, ln), moved=(os_, ol) != (s, ln))
    for item_id, (s, ln, item) in old_ids.items():
        if item_id not in new_ids:
            yield Change(op="-", kind="item", where=place(before, s, ln), detail=_short(item.text))
    keys = {(s, ln) for s, ln, _ in before.ordered_cells()} | {(s, ln) for s, ln, _ in after.ordered_cells()}
    for stage, lane in sorted(keys):
        olds = [i for i in before.items(stage, lane) if not i.id]
        news = [i for i in after.items(stage, lane) if not i.id]
        where = place(after, stage, lane)
        unmatched_new = []
        for fresh in news:  # equal text first
            match = next((o for o in olds if o.text == fresh.text), None)
            if match is not None:
                olds.remove(match)
                yield from _item_change(match, fresh, where)
            else:
                unmatched_new.append(fresh)
        for o, n in zip(olds, unmatched_new, strict=False):
            yield from _item_change(o, n, where)
        for n in unmatched_new[len(olds) :]:
            yield Change(op="+", kind="item", where=where, detail=_short(n.text))
        for o in olds[len(unmatched_new) :]:
            yield Change(op="-", kind="item", where=where, detail=_short(o.text))


def _item_change(old: Item, new: Item, where: str, moved: bool = False) -> Iterator[Change]:
    if old.label != new.label:
        yield Change(
            op="~",
            kind="label",
            where=where,
            detail=f"{_short(new.text)} {old.label.value} → {new.label.value}",
        )
    rest = _describe(old, new, skip=("label",))
    if moved:
        rest = "moved here" + (f"; {rest}" if rest else "")
    if rest:
        yield Change(op="~", kind="item", where=where, detail=rest)


def changes(before: Journey, after: Journey) -> list[Change]:
    """Every difference from ``before`` to ``after``: items added, changed, removed; labels changed …"""
    out: list[Change] = []
    if before == after:
        return out
    scalar = [f.name for f in attrs.fields(Journey) if f.name not in JOURNEY_COLLECTIONS]
    for name in scalar:
        if getattr(before, name) != getattr(after, name):
            out.append(
                Change(
                    op="~",
                    kind="journey",
                    where=name,
                    detail=f"{_short(getattr(before, name))} → {_short(getattr(after, name))}",
                )
            )
    out.extend(_items(before, after))
    stage_name = {s.id: s.name for s in (*before.stages, *after.stages)}
    out.extend(_keyed("stage", before.stages, after.stages, lambda r: r.id, lambda r: r.name))
    out.extend(_keyed("lane", before.lanes, after.lanes, lambda r: r.id, lambda r: r.name))
    out.extend(_keyed("persona", before.personas, after.personas, lambda r: r.id, lambda r: r.id))
    out.extend(
        _keyed(
            "MoT",
            before.moments_of_truth,
            after.moments_of_truth,
            lambda r: r.stage,
            lambda r: stage_name.get(r.stage, r.stage),
        )
    )
    out.extend(_keyed("pain point", before.pain_points, after.pain_points, lambda r: r.id, lambda r: r.id))
    out.extend(
        _keyed("opportunity", before.opportunities, after.opportunities, lambda r: r.id, lambda r: r.id)
    )
    out.extend(_keyed("metric", before.metrics, after.metrics, lambda r: r.id, lambda r: r.id))
    out.extend(_keyed("evidence", before.evidence, after.evidence, lambda r: r.id, lambda r: r.id))
    out.extend(
        _keyed(
            "emotion",
            before.emotions,
            after.emotions,
            lambda r: (r.stage, r.persona),
            lambda r: stage_name.get(r.stage, r.stage) + (f" ({r.persona})" if r.persona else ""),
        )
    )
    if not out:  # only the order of some records changed
        out.append(Change(op="~", kind="order", where="records reordered"))
    return out
