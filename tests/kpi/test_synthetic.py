"""The synthetic company: deterministic, every table, the story the example tells."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cjm.kpi import compute, generate, parse_periods, read_data
from cjm.kpi.schema import SCHEMA


def test_same_arguments_same_files(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", customers=60, seed=3)
    second = generate(tmp_path / "b", customers=60, seed=3)
    other = generate(tmp_path / "c", customers=60, seed=4)
    assert set(first.files) == set(SCHEMA.names)
    for table in first.files:
        assert filecmp.cmp(first.files[table][0], second.files[table][0], shallow=False), table
    assert not filecmp.cmp(first.files["orders"][0], other.files["orders"][0], shallow=False)
    assert first.rows("orders") == 60 * 12
    assert first.rows("tickets") == 60 * 6


def test_parquet_with_numeric_ids_in_chunks(tmp_path: Path) -> None:
    made = generate(
        tmp_path,
        customers=50,
        orders=2_500,
        tickets=700,
        format="parquet",
        chunk_rows=1_000,
        integer_ids=True,
        tables=("customers", "orders", "tickets", "deliveries"),
    )
    orders = pq.read_table(made.files["orders"][0])
    assert orders.num_rows == 2_500
    assert orders.schema.field("order_id").type == "int64"
    assert len(set(orders.column("order_id").to_pylist())) == 2_500
    assert pq.read_table(made.files["tickets"][0]).num_rows == 700
    with read_data(tmp_path) as data:
        results = compute(data, periods=parse_periods("2026Q3"))
    fcr = results.value("fcr")
    assert fcr is not None
    assert fcr.value is not None
    assert 30 < fcr.value < 80


def test_the_story_one_dealer_serves_worse(tmp_path: Path) -> None:
    generate(tmp_path, customers=400)
    with read_data(tmp_path) as data:
        results = compute(data, periods=parse_periods("2026Q2..2026Q3"), by=("dealer",))
    for kpi_id, worse_is_lower in (("otd-dealer", True), ("fcr", True), ("csat", True), ("ttru", False)):
        by_dealer = {v.dealer: v.value for v in results.of(kpi_id, "2026Q3")}
        c = by_dealer.pop("D03")
        assert c is not None, kpi_id
        assert all(v is not None for v in by_dealer.values()), kpi_id
        if worse_is_lower:
            assert c < min(v for v in by_dealer.values() if v is not None), kpi_id
        else:
            assert c > max(v for v in by_dealer.values() if v is not None), kpi_id
    otd = results.value("otd-dealer", "2026Q3")
    assert otd is not None
    assert otd.value is not None
    assert 60 < otd.value < 80  # seed 000 says 70 %


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="format is csv or parquet"):
        generate("unused", format="xlsx")
    with pytest.raises(ValueError, match="unknown table"):
        generate("unused", tables=("orderz",))
