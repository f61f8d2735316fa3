"""Golden files of the seed example's workbook and template: their extracted content, not their bytes.

Refresh after an intended change with ``CJM_UPDATE_GOLDENS=1 pytest tests/exporters/test_excel_golden.py``
and review the diff of ``tests/data/excel/*.json`` like code.
"""

from __future__ import annotations

import json
import os

import pytest

from cjm.model import Journey
from tests.conftest import DATA
from tests.exporters.excel_content import extract
from tests.io.workbook_editing import workbook_bytes

GOLDENS = DATA / "excel"
UPDATE = os.environ.get("CJM_UPDATE_GOLDENS") == "1"


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("seed_map", {}),
        ("seed_map_wall", {"layout": "wall"}),
        ("seed_template", {"template": True}),
    ],
)
def test_seed_workbook_matches_its_golden(
    seed_journey: Journey, name: str, options: dict[str, object]
) -> None:
    content = json.loads(json.dumps(extract(workbook_bytes(seed_journey, **options)), ensure_ascii=False))
    path = GOLDENS / f"{name}.json"
    if UPDATE:
        GOLDENS.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    assert path.exists(), f"{path} is missing: run with CJM_UPDATE_GOLDENS=1 to write it"
    golden = json.loads(path.read_text(encoding="utf-8"))
    for sheet in golden["sheets"]:
        assert content["content"].get(sheet) == golden["content"][sheet], (
            f"sheet {sheet!r} differs from {path}"
        )
    assert content == golden
