"""A semantic diff of two journeys: what a reviewer wants to know changed.

Records are matched by what identifies them — stages, lanes, pain points,
metrics, evidence and blueprint nodes by id; emotions by stage and persona;
Moments of Truth by stage; blueprint links by (source, kind, target); items
within a cell by id, then by text, then by position — and compared field by
field, so every difference between two journeys appears, each as one line:

    label    cells.evaluation.dealer[2]   hypothesis -> fact   '재고·납기 확인'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from cjm.io.converter import unstructure
from cjm.model import Journey
from cjm.validate import Path, format_path

__all__ = ["Difference", "diff", "render_markdown", "render_text"]


@attrs.frozen(kw_only=True)
class Difference:
    """One difference: its kind, where (in the newer journey, or the older for removals), before and after."""

    kind: str  # added | removed | changed | label | baseline | link added | link removed
    path: Path
    before: Any = None
    after: Any = None
    subject: str = ""

    @property
    def where(self) -> str:
        """The field path, readable."""
        return format_path(self.path)

    def __str__(self) -> str:
        if self.kind in ("added", "link added"):
            detail = _show(self.after)
        elif self.kind in ("removed", "link removed"):
            detail = _show(self.before)
        else:
            detail = f"{_show(self.before)} -> {_show(self.after)}"
        subject = f"   {_show(self.subject)}" if self.subject and self.kind in ("label", "changed") else ""
        return f"{self.kind:<12} {self.where}   {detail}{subject}"


def _show(value: Any, limit: int = 70) -> str:
    if isinstance(value, Mapping):
        text = value.get("text") or value.get("name") or value.get("id")
        if text is None and {"source", "target", "kind"} <= set(value):
            text = f"{value['source']} -{value['kind']}-> {value['target']}"
        value = text if text is not None else value
    flat = " ".join(str(value).split()) if not isinstance(value, str) else " ".join(value.split())
    if isinstance(value, str):
        flat = repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
    return flat


#: How the records of each keyed collection are identified.
_KEYS: dict[Path, Callable[[Mapping[str, Any]], Any]] = {
    ("stages",): lambda r: r["id"],
    ("lanes",): lambda r: r["id"],
    ("personas",): lambda r: r["id"],
    ("pain_points",): lambda r: r["id"],
    ("opportunities",): lambda r: r["id"],
    ("metrics",): lambda r: r["id"],
    ("evidence",): lambda r: r["id"],
    ("emotions",): lambda r: (r["stage"], r.get("persona")),
    ("moments_of_truth",): lambda r: r["stage"],
    ("blueprint", "nodes"): lambda r: r["id"],
    ("blueprint", "handoffs"): lambda r: r["id"],
    ("blueprint", "links"): lambda r: (r["source"], r["kind"], r["target"]),
}


def diff(old: Journey, new: Journey) -> list[Difference]:
    """Every difference between ``old`` and ``new``; empty when they are equal."""
    return list(_compare(unstructure(old), unstructure(new), ()))


def _compare(a: Any, b: Any, path: Path) -> Iterator[Difference]:
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        if path == ("cells",):
            yield from _cells(a, b)
            return
        for key in dict.fromkeys([*a, *b]):
            if (*path, key) in _KEYS or (not path and key == "cells"):
                # a collection left out of a file is an empty one: compare record by record
                empty: Any = {} if key == "cells" else []
                yield from _compare(a.get(key, empty), b.get(key, empty), (*path, key))
            elif key not in b:
                yield _classify("removed", (*path, key), a[key], None)
            elif key not in a:
                yield _classify("added", (*path, key), None, b[key])
            else:
                yield from _compare(a[key], b[key], (*path, key))
        return
    key_of = _KEYS.get(path)
    if key_of is not None and isinstance(a, list) and isinstance(b, list):
        yield from _keyed(a, b, path, key_of)
        return
    yield _classify("changed", path, a, b)


def _classify(kind: str, path: Path, before: Any, after: Any, subject: str = "") -> Difference:
    if kind == "changed" and path and path[-1] == "label":
        kind = "label"
    elif "baseline" in path[:3] and path[0] == "metrics":
        kind = "baseline"
    elif path[:2] == ("blueprint", "links") and kind in ("added", "removed"):
        kind = f"link {kind}"
    return Difference(kind=kind, path=path, before=before, after=after, subject=subject)


def _keyed(
    a: list[Any], b: list[Any], path: Path, key_of: Callable[[Mapping[str, Any]], Any]
) -> Iterator[Difference]:
    old = {key_of(r): (i, r) for i, r in enumerate(a)}
    new = {key_of(r): (i, r) for i, r in enumerate(b)}
    for key, (i, record) in old.items():
        if key not in new:
            yield _classify("removed", (*path, i), record, None)
    for key, (j, record) in new.items():
        if key not in old:
            yield _classify("added", (*path, j), None, record)
        else:
            subject = record.get("text") or record.get("name") or str(record.get("id", ""))
            for difference in _compare(old[key][1], record, (*path, j)):
                yield difference if difference.subject else attrs.evolve(difference, subject=subject)
    if [key_of(r) for r in a if key_of(r) in new] != [key_of(r) for r in b if key_of(r) in old]:
        yield Difference(kind="reordered", path=path, before=len(a), after=len(b))


def _cells(a: dict[str, Any], b: dict[str, Any]) -> Iterator[Difference]:
    for stage in dict.fromkeys([*a, *b]):
        old_row, new_row = a.get(stage, {}), b.get(stage, {})
        for lane in dict.fromkeys([*old_row, *new_row]):
            yield from _items(old_row.get(lane, []), new_row.get(lane, []), ("cells", stage, lane))


def _items(old: list[dict[str, Any]], new: list[dict[str, Any]], path: Path) -> Iterator[Difference]:
    """Match a cell's items by id, then by text, then by position; compare the pairs."""
    pairs: list[tuple[int, int]] = []
    left = list(range(len(old)))
    right = list(range(len(new)))
    for match in (
        lambda o, n: o.get("id") is not None and o.get("id") == n.get("id"),
        lambda o, n: o.get("id") == n.get("id") and o["text"] == n["text"],
        lambda o, n: o.get("id") is None and n.get("id") is None,
    ):
        for i in list(left):
            for j in right:
                if match(old[i], new[j]):
                    pairs.append((i, j))
                    left.remove(i)
                    right.remove(j)
                    break
    for i in left:
        yield Difference(kind="removed", path=(*path, i), before=old[i])
    for j in right:
        yield Difference(kind="added", path=(*path, j), after=new[j])
    for i, j in sorted(pairs, key=lambda p: p[1]):
        o, n = old[i], new[j]
        for field in dict.fromkeys([*o, *n]):
            if o.get(field) != n.get(field):
                kind = (
                    "label"
                    if field == "label"
                    else "added"
                    if field not in o
                    else "removed"
                    if field not in n
                    else "changed"
                )
                yield Difference(
                    kind=kind,
                    path=(*path, j, field),
                    before=o.get(field),
                    after=n.get(field),
                    subject=n["text"],
                )
    if [i for i, _ in sorted(pairs, key=lambda p: p[1])] != sorted(i for i, _ in pairs):
        yield Difference(kind="reordered", path=path, before=len(old), after=len(new))


def render_text(differences: list[Difference]) -> str:
    """One line per difference, or ``no differences``."""
    if not differences:
        return "no differences\n"
    return "".join(f"{d}\n" for d in differences)


def render_markdown(differences: list[Difference], old: Journey, new: Journey) -> str:
    """The differences as a Markdown table, headed by the two versions."""
    lines = [f"# {new.title}: {old.version} → {new.version}", ""]
    if not differences:
        return "\n".join([*lines, "No differences.", ""])
    counts: dict[str, int] = {}
    for d in differences:
        counts[d.kind] = counts.get(d.kind, 0) + 1
    lines += [" · ".join(f"{kind} {n}" for kind, n in sorted(counts.items())), ""]
    lines += ["| change | where | before | after |", "|---|---|---|---|"]
    for d in differences:
        cells = [
            d.kind,
            f"`{d.where}`",
            _show(d.before) if d.before is not None else "",
            _show(d.after) if d.after is not None else "",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
