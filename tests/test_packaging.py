"""The wheel carries every data file the code reads (presets, question bank, letter templates)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_the_wheel_holds_the_shipped_data(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("cjmkit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        str(path.relative_to(ROOT / "src")).replace("\\", "/")
        for pattern in ("presets/*.yaml", "presets/questions/*.yaml", "voc/templates/*.md", "py.typed")
        for path in (ROOT / "src" / "cjm").glob(pattern)
    }
    assert len(shipped) >= 8
    assert shipped <= names, sorted(shipped - names)
