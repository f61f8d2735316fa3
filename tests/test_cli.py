"""The ``cjm`` command: each subcommand, its output, and its exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import cjm
from cjm.cli import main
from tests.conftest import SEED_EXAMPLE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_new_writes_a_valid_starter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "journey.yaml"
    code, out, _ = run(capsys, "new", str(path), "--preset", "b2b-dealer", "--lang", "ko")
    assert code == 0
    assert "6 stages, 8 lanes" in out
    journey = cjm.load(path)
    assert journey.language == "ko"
    assert [s.name for s in journey.stages][:2] == ["인지/탐색", "검토/주문"]
    assert {m.stage for m in journey.moments_of_truth} == {"evaluation", "onboarding", "problem"}


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "journey.yaml"
    path.write_text("mine\n", encoding="utf-8")
    code, _, err = run(capsys, "new", str(path), "--preset", "aidma")
    assert code == 2
    assert "--force" in err
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert run(capsys, "new", str(path), "--preset", "aidma", "--force")[0] == 0


def test_new_refuses_a_file_it_could_not_read_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "new", str(tmp_path / "journey.txt"), "--preset", "aidma")
    assert code == 2
    assert "expected a .yaml, .yml or .json file" in err
    assert list(tmp_path.iterdir()) == []


def test_new_unknown_preset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "new", str(tmp_path / "j.yaml"), "--preset", "nope")
    assert code == 2
    assert "available: aidma, aisas, b2b, b2b-dealer" in err


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(SEED_EXAMPLE))
    assert code == 0
    assert "valid (6 stages, 8 lanes, 75 items)" in out


def test_validate_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "j.yaml"
    path.write_text(
        "id: j\ntitle: J\nstages:\n  - id: a\n    name: A\nemotions:\n  - stage: b\n    score: 9\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert f"{path}:7 emotions[0].stage: error: no stage with id 'b'" in err
    assert f"{path}:8 emotions[0].score: error: score 9 is off the emotion scale" in err
    assert "invalid, 2 errors" in err
    assert "Traceback" not in err


def test_validate_shape_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "j.yaml"
    path.write_text("id: j\ntitle: J\nversion: 2.0\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert f"{path}:3 version: error: expected text, got the number 2.0 (put it in quotes)" in err


def test_export_by_suffix_and_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", str(SEED_EXAMPLE), "--output", str(tmp_path / "map.md"))
    assert code == 0
    assert "(markdown)" in out
    assert (tmp_path / "map.md").read_text(encoding="utf-8").startswith("# ")
    code, _, _ = run(capsys, "export", str(SEED_EXAMPLE), "-f", "json", "-o", str(tmp_path / "j.txt"))
    assert code == 0
    assert json.loads((tmp_path / "j.txt").read_text(encoding="utf-8"))["id"] == "medical-device-dealer"


def test_export_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "map.md"
    assert run(capsys, "export", str(SEED_EXAMPLE), "-o", str(target), "--option", "language=en")[0] == 0
    assert "**Labels**" in target.read_text(encoding="utf-8")
    code, _, err = run(capsys, "export", str(SEED_EXAMPLE), "-o", str(target), "--option", "colour=red")
    assert code == 2
    assert "no option colour" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.txt"], "cannot tell the format"),
        (["-f", "pdf", "-o", "x.pdf"], "no exporter named 'pdf'"),
        (["-o", "x.md", "--option", "novalue"], "KEY=VALUE"),
    ],
)
def test_export_usage_errors(
    args: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "export", str(SEED_EXAMPLE), *args)
    assert code == 2
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_export_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "m.md"))
    assert code == 1
    assert "none.yaml: No such file or directory" in err


def test_debug_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--debug", "export", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "m.md"))
    assert code == 1
    assert "Traceback" in err


def test_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "formats")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert names == sorted(names)
    assert {"json", "markdown", "mermaid", "yaml", "xlsx", "pptx"} <= set(names)
    rows = json.loads(run(capsys, "formats", "--json")[1])
    assert {"name": "mermaid", "suffixes": [".mmd", ".mermaid"], "origin": "built-in"} in rows


def test_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out)["title"] == "cjm journey"
    assert run(capsys, "schema", "-o", str(tmp_path / "s.json"))[0] == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == cjm.json_schema()


def test_presets(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "presets", "--lang", "ko")[1]
    assert "b2b-dealer:" in out
    assert "인지/탐색 → 검토/주문" in out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["export"])
    assert caught.value.code == 2


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cjm", "validate", str(SEED_EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "cjm", "--help"], capture_output=True, text=True, check=False
    )
    for command in ("new", "validate", "export", "formats", "schema"):
        assert command in result.stdout


def test_a_reader_that_stops_early_is_not_an_error() -> None:
    """``cjm schema | head -0``: the closed pipe ends cjm quietly, with status 0."""
    with subprocess.Popen(
        [sys.executable, "-m", "cjm", "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # before cjm has started: its first write meets a closed pipe
        error = process.stderr.read()
        assert process.wait(timeout=60) == 0
    assert error == b""


#: Libraries only some commands need: loading the cli (for ``cjm --help``) imports none of them.
HEAVY = ("networkx", "numpy", "docx", "pptx", "ibis", "duckdb", "openpyxl")


def _heavy_after(code: str) -> list[str]:
    """The heavy libraries in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    script = (
        f"import importlib, json, sys, cjm.cli\n{code}\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_loading_the_cli_imports_no_heavy_library() -> None:
    """``cjm --help`` and every command's parser load none of the heavy libraries (they load on use)."""
    assert _heavy_after("cjm.cli.build_parser()") == []
