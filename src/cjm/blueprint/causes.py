"""Root causes of every pain point at once, as arrays.

The plain way to find a pain point's causes is a graph traversal from it;
done for each of tens of thousands of pain points, that is tens of thousands
of traversals in Python.  Here every pain point's search advances together:
a breadth-first search over (cause, pain point) pairs, one level at a time,
with numpy doing each level's expansion and de-duplication in bulk.  The
result is a table of (cause, pain point, distance, next hop) rows; a shortest
path is rebuilt from the next hops only when asked for, and the impact
ranking is a weighted count over the table's rows.

Edges point from cause to effect: a process that ``causes`` a pain point, the
department that performs a process (``performed_by`` reversed), the system it
uses (``uses`` reversed).  Cycles are fine: a pair is visited once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import numpy.typing as npt

__all__ = ["CauseTable", "cause_table"]

IntArray = npt.NDArray[np.int64]


class CauseTable:
    """Every (cause, pain point) pair of a blueprint, with the distance and the next hop toward the pain.

    Rows are sorted by pain point, then distance.  ``names[i]`` is the id of element ``i``.
    """

    __slots__ = ("cause", "distance", "index", "names", "next_hop", "pain")

    def __init__(
        self,
        index: dict[str, int],
        names: list[str],
        cause: IntArray,
        pain: IntArray,
        distance: IntArray,
        next_hop: IntArray,
    ) -> None:
        self.index = index
        self.names = names
        order = np.lexsort((distance, pain))
        self.cause = cause[order]
        self.pain = pain[order]
        self.distance = distance[order]
        self.next_hop = next_hop[order]

    def __len__(self) -> int:
        return int(self.cause.size)

    def rows_of(self, pain: int) -> slice:
        """The rows of one pain point (by element number)."""
        start = int(np.searchsorted(self.pain, pain, side="left"))
        stop = int(np.searchsorted(self.pain, pain, side="right"))
        return slice(start, stop)

    def causes_of(self, element_id: str) -> Iterator[tuple[str, int, tuple[str, ...]]]:
        """(cause id, distance, path from the cause to the pain point) for one pain point, nearest first."""
        pain = self.index.get(element_id)
        if pain is None:
            return
        rows = self.rows_of(pain)
        causes = self.cause[rows].tolist()
        hops = dict(zip(causes, self.next_hop[rows].tolist(), strict=True))
        entries = sorted(
            zip(causes, self.distance[rows].tolist(), strict=True), key=lambda cd: (cd[1], self.names[cd[0]])
        )
        for cause, distance in entries:
            path = [cause]
            while path[-1] != pain:
                path.append(hops[path[-1]])
            yield self.names[cause], distance, tuple(self.names[n] for n in path)


def cause_table(edges: Iterable[tuple[str, str]], pains: Iterable[str]) -> CauseTable:
    """The cause table of causal ``edges`` (cause, effect) for the given pain point ids."""
    index: dict[str, int] = {}
    number = index.setdefault  # number(name, len(index)): an element's number, new ones appended
    sources: list[int] = []
    targets: list[int] = []
    for cause_id, effect_id in edges:
        sources.append(number(cause_id, len(index)))
        targets.append(number(effect_id, len(index)))
    pain_numbers = np.array([number(p, len(index)) for p in pains], dtype=np.int64)
    names = list(index)
    size = len(names)

    src = np.array(sources, dtype=np.int64)
    dst = np.array(targets, dtype=np.int64)
    by_effect = np.argsort(dst, kind="stable")
    parents = src[by_effect]
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(dst, minlength=size), out=indptr[1:])

    # Level 1: each pain point's direct causes; the next hop is the pain point itself.
    frontier_pain, frontier_cause, frontier_hop = _expand(
        indptr, parents, pain_numbers, pain_numbers, pain_numbers
    )
    found_cause, found_pain, found_hop, found_distance = [], [], [], []
    levels: list[IntArray] = []  # the (cause, pain) keys found at each level, sorted
    level = 1
    while frontier_cause.size:
        key = frontier_cause * size + frontier_pain
        order = np.argsort(key, kind="stable")
        key = key[order]
        first = np.ones(key.size, dtype=bool)
        first[1:] = key[1:] != key[:-1]  # one row per pair at this level
        keep = first & (frontier_cause[order] != frontier_pain[order])  # a pain is not its own cause
        for known in levels:  # drop pairs reached at an earlier level (diamonds, cycles)
            at = np.searchsorted(known, key)
            at[at == known.size] = 0
            keep &= known[at] != key
        rows = order[keep]
        if not rows.size:
            break
        levels.append(key[keep])
        cause, pain, hop = frontier_cause[rows], frontier_pain[rows], frontier_hop[rows]
        found_cause.append(cause)
        found_pain.append(pain)
        found_hop.append(hop)
        found_distance.append(np.full(cause.size, level, dtype=np.int64))
        frontier_pain, frontier_cause, frontier_hop = _expand(indptr, parents, cause, pain, cause)
        level += 1

    def joined(parts: list[IntArray]) -> IntArray:
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    return CauseTable(
        index,
        names,
        joined(found_cause),
        joined(found_pain),
        joined(found_distance),
        joined(found_hop),
    )


def _expand(
    indptr: IntArray, parents: IntArray, nodes: IntArray, pains: IntArray, hops: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """For each (node, pain) row: one row per parent of the node, the node being the next hop."""
    starts = indptr[nodes]
    counts = indptr[nodes + 1] - starts
    total = int(counts.sum())
    if total == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    positions = np.arange(total, dtype=np.int64) + offsets
    return np.repeat(pains, counts), parents[positions], np.repeat(hops, counts)
