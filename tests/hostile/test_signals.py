"""A signal or a kill while cjm writes: the old file stays whole and no temporary file is left.

The content is made in memory before any file is created, so a signal while
the map is being made leaves nothing; while the temporary file exists (fill,
fsync, rename), SIGTERM and Ctrl-C unwind and remove it; after ``kill -9``
in that window, the next write to the path removes the leftover.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest

import cjm
from tests.conftest import ROOT, SEED_EXAMPLE
from tests.hostile.conftest import child, listing

OLD = b"the user's earlier workbook"


@pytest.fixture(scope="module")
def large_journey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed example with 6,000 evidence rows: an export that takes seconds."""
    seed = cjm.load(SEED_EXAMPLE)
    evidence = [
        cjm.Evidence(
            id=f"ev-{i}",
            method="interview",
            source_role="dealer",
            summary=f"재고 정보가 늦게 와서 딜러에게 다시 전화했다 ({i})",
            stage=seed.stages[i % len(seed.stages)].id,
        )
        for i in range(6000)
    ]
    path = tmp_path_factory.mktemp("large") / "large.json"
    cjm.save(attrs.evolve(seed, evidence=(*seed.evidence, *evidence)), path)
    return path


@pytest.mark.parametrize(
    ("signum", "delay"), [(signal.SIGTERM, 1.0), (signal.SIGTERM, 3.0), (signal.SIGINT, 2.0)]
)
def test_a_signal_during_an_export_leaves_the_old_file_and_no_temp(
    large_journey: Path, out_dir: Path, signum: int, delay: float
) -> None:
    target = out_dir / "map.xlsx"
    target.write_bytes(OLD)
    process = child("export", large_journey, "-o", target)
    time.sleep(delay)
    assert process.poll() is None, "the export ended before the signal: make the journey larger"
    process.send_signal(signum)
    process.communicate(timeout=30)
    assert process.returncode != 0
    assert target.read_bytes() == OLD
    assert listing(out_dir) == ["map.xlsx"]


#: Runs the command with fsync slowed down and the signal sent while the temporary file exists.
_IN_THE_WINDOW = """
import os, signal, sys, time
signum = int(sys.argv[1])
real = os.fsync
def slow(fd):
    os.kill(os.getpid(), signum)
    time.sleep(5)
    real(fd)
os.fsync = slow
from cjm.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _in_the_window(signum: int, *argv: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-c", _IN_THE_WINDOW, str(signum), *map(str, argv)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_the_temp_file_exists_removes_it(out_dir: Path, signum: int) -> None:
    target = out_dir / "map.xlsx"
    target.write_bytes(OLD)
    started = time.perf_counter()
    result = _in_the_window(signum, "export", SEED_EXAMPLE, "-o", target)
    assert time.perf_counter() - started < 5, "the signal did not stop the write at once"
    if signum == signal.SIGTERM:
        assert result.returncode == 128 + signal.SIGTERM, result.stderr
    else:
        assert result.returncode in (-signal.SIGINT, 128 + signal.SIGINT, 1), result.stderr
        assert "KeyboardInterrupt" in result.stderr
    assert target.read_bytes() == OLD
    assert listing(out_dir) == ["map.xlsx"]


def test_after_kill_9_the_next_write_removes_the_leftover(out_dir: Path) -> None:
    target = out_dir / "map.xlsx"
    target.write_bytes(OLD)
    result = _in_the_window(signal.SIGKILL, "export", SEED_EXAMPLE, "-o", target)
    assert result.returncode == -signal.SIGKILL
    [leftover] = [name for name in listing(out_dir) if name != "map.xlsx"]
    assert leftover.startswith(".map.xlsx.cjm")
    assert leftover.endswith(".tmp")
    assert target.read_bytes() == OLD
    cjm.export(cjm.load(SEED_EXAMPLE), "xlsx", target)
    assert listing(out_dir) == ["map.xlsx"]
    assert target.read_bytes()[:2] == b"PK"
