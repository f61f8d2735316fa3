"""docs/kpi.md describes every table, column and KPI, and its code runs."""

from __future__ import annotations

import re
from typing import Any

from cjm.kpi import CATALOGUE, SCHEMA
from tests.conftest import EXAMPLES, ROOT

DOC = (ROOT / "docs" / "kpi.md").read_text(encoding="utf-8")


def test_every_table_and_column_is_documented() -> None:
    for table in SCHEMA:
        section = DOC.split(f"### `{table.name}`\n", 1)
        assert len(section) == 2, table.name
        body = section[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        for column in table.columns:
            required = "yes" if column.required else ""
            assert f"| `{column.name}` | {column.type.value} | {required} |" in body, (
                table.name,
                column.name,
            )


def test_every_kpi_is_in_the_catalogue_table() -> None:
    for kpi in CATALOGUE:
        row = f"| `{kpi.id}` | {kpi.stage} | {kpi.name[1]} ({kpi.name[0]}) | {kpi.formula[1]} | {kpi.unit} |"
        assert row in DOC, kpi.id


def test_the_own_kpi_example_runs() -> None:
    code = re.search(r"## Adding your own KPI.*?```python\n(.*?)```", DOC, re.S)
    assert code is not None
    source = code.group(1).replace('"data/"', repr(str(EXAMPLES / "medical_device_dealer" / "data")))
    names: dict[str, Any] = {}
    exec(compile(source, "docs/kpi.md", "exec"), names)  # the documented code, as a reader would run it
    results = names["results"]
    # the example's orders have no `returned` column: the new KPI is skipped, saying so, and the rest run
    assert [s.kpi for s in results.skipped] == ["returns"]
    assert "orders.returned" in results.skipped[0].reason
    assert results.value("otd-dealer") is not None
