"""What the hostile suite shares: the command run in-process or as a child, and a journey to write.

Every case asserts what a user would check: the exit status, the message
(naming the user's path, never a temporary file), the time it took, and that
nothing was written or replaced.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cjm.cli import main
from tests.conftest import ROOT, SEED_EXAMPLE

#: The installed command, as a user runs it.
CJM = [sys.executable, "-m", "cjm"]

#: A refusal must come quickly: far below what the attack asks for.
MAX_SECONDS = 5.0


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``cjm argv`` in this process: (exit status, stdout, stderr), with the time bound checked."""
    started = time.perf_counter()
    code = main([str(a) for a in argv])
    elapsed = time.perf_counter() - started
    captured = capsys.readouterr()
    assert elapsed < MAX_SECONDS, f"cjm {' '.join(map(str, argv))} took {elapsed:.1f} s"
    return code, captured.out, captured.err


def child(*argv: str | Path, **kwargs: object) -> subprocess.Popen[bytes]:
    """``cjm argv`` as a child process (stdout and stderr piped)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [*CJM, *map(str, argv)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, **kwargs
    )


def listing(folder: Path) -> list[str]:
    """The names in ``folder``, hidden ones (temporary files) included, sorted."""
    return sorted(p.name for p in folder.iterdir())


def no_temp_named(text: str) -> None:
    """A message never names a temporary file."""
    assert ".tmp" not in text, text


@pytest.fixture
def journey_file(tmp_path: Path) -> Path:
    """The bundled example, copied into a folder of its own."""
    folder = tmp_path / "in"
    folder.mkdir()
    return Path(shutil.copy(SEED_EXAMPLE, folder / "journey.yaml"))


@pytest.fixture
def out_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
