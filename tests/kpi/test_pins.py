"""The kpi and spark extras' pins: what is installed meets them, and they keep out what was measured broken.

Measured for this project with ibis-framework 12.0.0 (the KPI catalogue, data and
analytics tests; DuckDB 1.5.6 and 2.0.0, and Spark 4.0.5 in local mode):

* sqlglot 27.29, 28.0, 28.10.1, 29.0.1, 30.0 and 30.17 pass everything;
  from 30.18 on, ibis's DuckDB ``create_table`` from Arrow data fails ("syntax
  error at or near EXISTS" with DuckDB 2.0, "at end of input" with 1.5), which
  breaks reading xlsx files.  The issue author saw breakage from 28 on; the
  versions above were tested one by one, and the pin admits the measured range.
* ibis 12's own pyspark extra requires pyspark below 4.1.
* DuckDB 1.5 and 2.0 both pass (2.0 with a deprecation warning from inside ibis,
  which cjm silences: it is ibis's to fix, not the caller's).
"""

from __future__ import annotations

import re
from importlib.metadata import requires, version

import pyarrow as pa
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from cjm.kpi import connect
from cjm.kpi.engine import quiet


def _extra(name: str) -> dict[str, Requirement]:
    found = {}
    for text in requires("cjmkit") or []:
        requirement = Requirement(text)
        if requirement.marker is not None and requirement.marker.evaluate({"extra": name}):
            found[requirement.name] = requirement
    return found


def test_the_extras_exist_and_test_installs_them() -> None:
    kpi, spark, test = _extra("kpi"), _extra("spark"), _extra("test")
    assert {"ibis-framework", "duckdb", "sqlglot", "pyarrow", "numpy"} <= set(kpi)
    assert {"pyspark", "ibis-framework", "cjmkit"} <= set(spark)
    assert test["cjmkit"].extras == {"kpi", "spark", "png"}


def test_installed_versions_meet_the_pins() -> None:
    for extra in ("kpi", "spark"):
        for name, requirement in _extra(extra).items():
            if name == "cjmkit":
                continue
            assert requirement.specifier.contains(version(name), prereleases=True), (name, version(name))


def test_sqlglot_pin_keeps_out_the_versions_measured_broken() -> None:
    pin: SpecifierSet = _extra("kpi")["sqlglot"].specifier
    for broken in ("30.18.0", "30.19.0", "30.30.0", "31.0.0"):
        assert not pin.contains(broken), broken
    for measured in ("27.29.0", "28.0.0", "28.10.1", "29.0.1", "30.0.0", "30.17.0"):
        assert pin.contains(measured), measured
    assert not pin.contains("27.28.0")  # older than any measured


def test_pyspark_pin_within_ibis_s_own_bounds() -> None:
    ours = _extra("spark")["pyspark"].specifier
    ibis_needs = next(
        Requirement(r).specifier for r in requires("ibis-framework") or [] if re.match(r"pyspark\b", r)
    )
    for candidate in ("3.5.0", "4.0.0", "4.0.5", "4.1.0", "4.3.0"):
        if ours.contains(candidate):
            assert ibis_needs.contains(candidate), candidate


def test_the_installed_stack_creates_tables() -> None:
    # The symptom of an incompatible sqlglot: ibis cannot create a DuckDB table.
    with connect("duckdb") as engine, quiet():
        table = engine.backend.create_table("pin_check", pa.table({"a": [1, 2, 3]}), temp=True)
        assert table["a"].sum().to_pyarrow().as_py() == 6
