"""The example's data folder is what the generator writes, and its baselines come from it."""

from __future__ import annotations

import filecmp
from pathlib import Path

import cjm
from cjm.kpi import apply_baselines, compute, generate, read_data
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "medical_device_dealer"

#: The command that wrote the data (`cjm kpi-sample`'s defaults) and the baselines.
SAMPLE = {"customers": 400, "seed": 7}


def test_the_data_folder_is_the_generator_s_output(tmp_path: Path) -> None:
    made = generate(tmp_path, customers=SAMPLE["customers"], seed=SAMPLE["seed"])
    shipped = sorted(p.name for p in (EXAMPLE / "data").iterdir())
    assert shipped == sorted(path.name for path, _rows in made.files.values())
    for path, _rows in made.files.values():
        assert filecmp.cmp(path, EXAMPLE / "data" / path.name, shallow=False), path.name
    assert sum(p.stat().st_size for p in (EXAMPLE / "data").iterdir()) < 4 * 1024 * 1024


def test_journey_with_baselines_is_what_cjm_kpi_writes() -> None:
    journey = cjm.load(EXAMPLE / "journey.yaml")
    with read_data(EXAMPLE / "data") as data:
        results = compute(data, by=("dealer",))
    updated, _rows = apply_baselines(journey, results, data_name="data")
    expected = (EXAMPLE / "journey-with-baselines.yaml").read_text(encoding="utf-8")
    assert cjm.dumps(updated, "yaml") == expected
    otd = updated.metric("otd-dealer").baseline
    assert otd is not None
    assert otd.label is cjm.Label.FACT
    assert str(otd.as_of) == "2026-09-30"
