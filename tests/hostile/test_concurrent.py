"""Several writers to one path at once: the result is one complete file, and no temporary file stays."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import cjm
from cjm.io.files import write_bytes
from cjm.io.workbook import read_workbook
from tests.conftest import B2B_EXAMPLE, SEED_EXAMPLE
from tests.hostile.conftest import child, listing


def test_concurrent_cjm_exports_to_one_path_leave_one_complete_workbook(out_dir: Path) -> None:
    target = out_dir / "map.xlsx"
    journeys = [SEED_EXAMPLE, B2B_EXAMPLE, SEED_EXAMPLE, B2B_EXAMPLE]
    processes = [child("export", journey, "-o", target) for journey in journeys]
    for process in processes:
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr
    assert listing(out_dir) == ["map.xlsx"]
    with zipfile.ZipFile(target) as package:
        assert package.testzip() is None
    assert read_workbook(target).id in {cjm.load(j).id for j in journeys}


def test_concurrent_threads_writing_one_path_leave_one_whole_content(out_dir: Path) -> None:
    target = out_dir / "data.md"
    contents = [bytes([65 + i]) * (300_000 + i) for i in range(8)]
    errors: list[BaseException] = []

    def write(data: bytes) -> None:
        try:
            for _ in range(5):
                write_bytes(target, data)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(data,)) for data in contents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert target.read_bytes() in contents
    assert listing(out_dir) == ["data.md"]
