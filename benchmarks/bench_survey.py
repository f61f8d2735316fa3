"""Scoring a million survey rows: cjm's streaming scorer against a pandas groupby, same run.

Run:  python benchmarks/bench_survey.py [--rows 1000000]

Both read the same CSV (written once by cjm.voc.synthetic) and compute, per
stage and per dealer, the count and NPS / CSAT / CES of each instrument.
cjm streams the file row by row, checking every row, and keeps only
histograms; pandas loads the file into a DataFrame first.  Time is measured
without tracing; peak memory in a second run under tracemalloc (numpy's
buffers are traced too).
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cjm.voc.survey import score_file
from cjm.voc.synthetic import write_synthetic_responses


def with_cjm(path: Path) -> dict[tuple[str, str, str], float | None]:
    result = score_file(path)
    return {
        (dimension, key, kind.value): score.value
        for dimension in ("stage", "dealer")
        for key, kind, score in result.table(dimension)
    }


def with_pandas(path: Path) -> dict[tuple[str, str, str], float | None]:
    import pandas as pd

    frame = pd.read_csv(path, usecols=["stage", "instrument", "score", "dealer"])
    out: dict[tuple[str, str, str], float | None] = {}
    for dimension in ("stage", "dealer"):
        for (key, kind), scores in frame.groupby([dimension, "instrument"])["score"]:
            if kind == "nps":
                value = 100 * ((scores >= 9).mean() - (scores <= 6).mean())
            elif kind == "csat":
                value = 100 * (scores >= 4).mean()
            else:
                value = scores.mean()
            out[(dimension, str(key), str(kind))] = float(value)
    return out


def timed(function: Callable[[Path], Any], path: Path) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = function(path)
    return time.perf_counter() - start, result


def peak_mb(function: Callable[[Path], Any], path: Path) -> float:
    gc.collect()
    tracemalloc.start()
    function(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.csv"
        write_synthetic_responses(path, rows=args.rows)
        size = path.stat().st_size / 1e6
        t_cjm, ours = timed(with_cjm, path)
        t_pd, theirs = timed(with_pandas, path)
        assert ours.keys() == theirs.keys()
        assert all(abs((ours[k] or 0) - (theirs[k] or 0)) < 1e-6 for k in ours), "results differ"
        m_cjm, m_pd = peak_mb(with_cjm, path), peak_mb(with_pandas, path)
    print(f"{args.rows:,} rows ({size:.0f} MB CSV), {len(ours)} scores")
    print(f"cjm streaming: {t_cjm:6.2f} s ({args.rows / t_cjm:,.0f} rows/s), peak {m_cjm:6.1f} MB")
    print(f"pandas groupby: {t_pd:6.2f} s ({args.rows / t_pd:,.0f} rows/s), peak {m_pd:6.1f} MB")
    print(f"time cjm/pandas {t_cjm / t_pd:.2f}x, peak memory cjm/pandas {m_cjm / m_pd:.3f}x")


if __name__ == "__main__":
    main()
