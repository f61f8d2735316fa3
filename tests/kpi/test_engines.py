"""The same definitions on DuckDB and on Spark give the same results on the example's company data."""

from __future__ import annotations

import math
import sys

import pytest

from cjm.errors import MissingDependencyError
from cjm.kpi import Engine, compute, connect, parse_periods, read_data
from cjm.kpi.engine import require
from tests.conftest import EXAMPLES

DATA = EXAMPLES / "medical_device_dealer" / "data"


def test_the_whole_catalogue_alike_on_duckdb_and_spark(spark: Engine) -> None:
    periods = parse_periods("2026Q2..2026Q3")
    with read_data(DATA) as data:
        duck = compute(data, periods=periods, by=("dealer",))
    other = compute(read_data(DATA, engine=spark), periods=periods, by=("dealer",))
    assert duck.skipped == other.skipped == ()
    left = {(v.kpi, v.period, v.dealer): v for v in duck.values}
    right = {(v.kpi, v.period, v.dealer): v for v in other.values}
    assert left.keys() == right.keys()
    assert len(left) == 29 * 2 * 5  # every KPI, both quarters, overall and four dealers
    for key, a in left.items():
        b = right[key]
        assert a.n == b.n, key
        assert a.detail == b.detail, key
        assert (a.value is None) == (b.value is None), key
        if a.value is not None and b.value is not None:
            assert math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-9), (key, a.value, b.value)
    assert (duck.engine, other.engine) == ("duckdb", "spark")


def test_unknown_engine() -> None:
    with pytest.raises(ValueError, match="unknown engine 'polars'; expected duckdb or spark"):
        connect("polars")


def test_a_missing_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if it were not installed
    with pytest.raises(MissingDependencyError, match=r"pip install 'cjmkit\[kpi,spark\]' \(and Java 17"):
        require("pyspark")
    with pytest.raises(MissingDependencyError, match="pip install somepackage"):
        require("somepackage.sub")


def test_duckdb_options_for_data_larger_than_memory(tmp_path: object) -> None:
    with connect("duckdb", memory_limit="512MB", temp_directory=str(tmp_path), threads=1) as engine:
        settings = engine.backend.raw_sql(
            "select current_setting('memory_limit'), current_setting('threads')"
        ).fetchall()
    limit, threads = settings[0]
    assert "MiB" in limit or "MB" in limit
    assert threads == 1


def test_spark_without_java_says_so(tmp_path: object) -> None:
    import os
    import subprocess

    env = {**os.environ, "JAVA_HOME": str(tmp_path), "PYSPARK_SUBMIT_ARGS": "pyspark-shell"}
    code = (
        "from cjm.kpi import connect\n"
        "from cjm.errors import CjmError\n"
        "try:\n"
        "    connect('spark', master='local[1]')\n"
        "except CjmError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Spark needs Java 17 or later: install it and set JAVA_HOME" in result.stdout
