"""Root causes of every pain point and the impact ranking, against the plain networkx method.

Run:  python benchmarks/bench_blueprint.py [--sizes 10000,100000,1000000]

For each synthetic enterprise blueprint (cjm.blueprint.synthetic) it times, in
the same run:

* plain: build a networkx DiGraph of the causal links, then for each pain
  point a shortest-path traversal against the links (nx.single_source_shortest_path
  on the reversed view), accumulating each cause's weighted pain;
* cjm:   cjm.blueprint.all_root_causes + cjm.blueprint.impact_ranking.

and prints the times, the speed-up (plain / cjm), how cjm's time grows with
the links, and the peak memory of each (tracemalloc, in a separate run so it
does not distort the times).  Goals (issue #5): ≥10× at 100,000 links; the
1,000,000-link run within 12× of the 100,000-link run.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import networkx as nx

from cjm.blueprint import all_root_causes, impact_ranking
from cjm.blueprint.analyses import PainWeights, _Weigher
from cjm.blueprint.graph import causal_edges
from cjm.blueprint.synthetic import synthetic_journey
from cjm.model import Journey, NodeKind


def plain(journey: Journey) -> tuple[int, dict[str, float]]:
    """The straightforward method: one networkx traversal from each pain point."""
    graph = nx.DiGraph()
    graph.add_edges_from((cause, effect) for cause, effect, _ in causal_edges(journey))
    reverse = graph.reverse(copy=False)
    weigh = _Weigher(journey, PainWeights())
    ranked_kinds = (NodeKind.PROCESS, NodeKind.SYSTEM, NodeKind.DEPARTMENT)
    ranked = {n.id for n in journey.blueprint.nodes if n.kind in ranked_kinds}
    totals: dict[str, float] = {}
    found = 0
    for pain in journey.pain_points:
        if pain.id not in reverse:
            continue
        paths = nx.single_source_shortest_path(reverse, pain.id)
        weight = weigh(pain)
        for cause in paths:
            if cause == pain.id:
                continue
            found += 1
            if cause in ranked:
                totals[cause] = totals.get(cause, 0.0) + weight
    return found, totals


def ours(journey: Journey) -> tuple[int, dict[str, float]]:
    """cjm's analyses."""
    causes = all_root_causes(journey)
    ranking = impact_ranking(journey)
    return causes.pair_count, {i.id: i.weight for i in ranking}


def timed(function: Callable[[Journey], Any], journey: Journey) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = function(journey)
    return time.perf_counter() - start, result


def peak_mb(function: Callable[[Journey], Any], journey: Journey) -> float:
    gc.collect()
    tracemalloc.start()
    function(journey)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="link counts, comma-separated")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for size in sizes:
        journey = synthetic_journey(size)
        links = len(journey.blueprint.links)
        t_plain, (n_plain, w_plain) = timed(plain, journey)
        t_ours, (n_ours, w_ours) = timed(ours, journey)
        assert n_plain == n_ours, f"cause counts differ: plain {n_plain}, cjm {n_ours}"
        assert w_plain.keys() == w_ours.keys()
        assert all(abs(w_plain[k] - w_ours[k]) < 1e-6 * max(1.0, w_plain[k]) for k in w_plain)
        memory = (
            ("-", "-")
            if args.no_memory
            else (f"{peak_mb(plain, journey):.0f}", f"{peak_mb(ours, journey):.0f}")
        )
        rows.append((size, links, len(journey.pain_points), n_ours, t_plain, t_ours, memory))
        print(
            f"{links:>9,} links {len(journey.pain_points):>8,} pain points {n_ours:>10,} causes | "
            f"plain {t_plain:8.3f} s  cjm {t_ours:7.3f} s  speed-up {t_plain / t_ours:5.1f}x | "
            f"peak MB plain {memory[0]:>5} cjm {memory[1]:>5}",
            flush=True,
        )
        del journey
    by_size = {r[0]: r for r in rows}
    for small, big in itertools.pairwise(sizes):
        a, b = by_size[small], by_size[big]
        print(
            f"growth {a[1]:,} -> {b[1]:,} links ({b[1] / a[1]:.1f}x): cjm time x{b[5] / a[5]:.1f}, "
            f"plain time x{b[4] / a[4]:.1f}"
        )


if __name__ == "__main__":
    main()
