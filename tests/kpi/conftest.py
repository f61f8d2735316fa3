"""Fixtures of the KPI tests: the hand-computed world, and one engine of each kind for the session.

Spark starts once (local mode, two cores) and every Spark test shares it; the
whole catalogue is computed once per engine and the tests read the results.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cjm import preset_journey
from cjm.kpi import Dataset, Engine, KpiResults, compute, connect, parse_periods, read_data
from tests.kpi.world import write_world

#: The periods every engine computes the world for: one before (leads only), the
#: hand-computed one, and one with no data at all.
WORLD_PERIODS = "2026Q2,2026Q3,2030Q1"


@pytest.fixture(scope="session")
def spark() -> Iterator[Engine]:
    """A local Spark engine shared by the session (stopped at the end)."""
    engine = connect("spark", master="local[2]")
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-computed world as CSV files."""
    return write_world(tmp_path_factory.mktemp("world"))


@pytest.fixture(scope="session")
def world_data(world_dir: Path, spark: Engine) -> Iterator[dict[str, Dataset]]:
    """The world read once onto each engine."""
    data = {"duckdb": read_data(world_dir), "spark": read_data(world_dir, engine=spark)}
    yield data
    data["duckdb"].close()


@pytest.fixture(scope="session")
def world_results(world_data: dict[str, Dataset]) -> dict[str, KpiResults]:
    """The whole catalogue on the world, by dealer, on DuckDB and on Spark."""
    periods = parse_periods(WORLD_PERIODS)
    return {name: compute(data, periods=periods, by=("dealer",)) for name, data in world_data.items()}


@pytest.fixture(scope="session")
def b2b_preset_metrics() -> set[str]:
    """Metric ids of the b2b-dealer preset (seed 000's KPI list)."""
    return {m.id for m in preset_journey("b2b-dealer", "en").metrics}


@pytest.fixture(params=["duckdb", "spark"])
def engine_name(request: pytest.FixtureRequest) -> str:
    """Each engine in turn."""
    return str(request.param)
