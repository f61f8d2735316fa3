"""Where an output goes: a device, a FIFO, a link, a folder, a read-only place, standard output.

The rules are in :mod:`cjm.io.files` (and docs/outputs.md): a regular file is
replaced atomically, a link is written through, a folder or a block device is
refused, a character device or FIFO takes text formats only and is never
replaced; every error names the user's path.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import cjm
from cjm.errors import OutputError
from cjm.io.files import atomic_writer, remove_stale_temps, write_text
from cjm.io.workbook import read_workbook
from tests.hostile.conftest import child, cli, listing, no_temp_named


def markdown_of(journey_file: Path, folder: Path) -> bytes:
    """What ``cjm export`` writes as Markdown to a regular file, to compare with what a device got."""
    path = folder / "reference.md"
    cjm.export(cjm.load(journey_file), "markdown", path)
    data = path.read_bytes()
    path.unlink()
    return data


# --- devices ---------------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/full", "/dev/null"])
def test_a_binary_format_to_a_device_is_refused_and_the_device_stays(
    capsys: pytest.CaptureFixture[str], journey_file: Path, device: str
) -> None:
    before = os.stat(device)
    code, out, err = cli(capsys, "export", journey_file, "-f", "xlsx", "-o", device)
    assert code == 1
    assert f"cjm: {device}: is a device; binary outputs" in err
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode)
    assert after.st_rdev == before.st_rdev
    assert "wrote" not in out


def test_a_text_format_is_written_through_to_dev_full_which_reports_it_is_full(
    capsys: pytest.CaptureFixture[str], journey_file: Path
) -> None:
    code, _, err = cli(capsys, "export", journey_file, "-f", "markdown", "-o", "/dev/full")
    assert code == 1
    assert err == "cjm: /dev/full: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_text_format_is_written_through_to_dev_null(
    capsys: pytest.CaptureFixture[str], journey_file: Path
) -> None:
    code, out, _ = cli(capsys, "export", journey_file, "-o", "/dev/null", "-f", "markdown")
    assert code == 0
    assert out == "wrote /dev/null (markdown)\n"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


# --- FIFOs -----------------------------------------------------------------------------------


def test_a_fifo_with_a_reader_gets_the_whole_text_and_stays_a_fifo(
    capsys: pytest.CaptureFixture[str], journey_file: Path, out_dir: Path
) -> None:
    expected = markdown_of(journey_file, out_dir)
    fifo = out_dir / "map.md"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    time.sleep(0.1)  # the reader is waiting in open()
    code, _, err = cli(capsys, "export", journey_file, "-o", fifo)
    reader.join(5)
    assert code == 0, err
    assert got == [expected]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert listing(out_dir) == ["map.md"]


def test_a_fifo_nobody_reads_is_an_error_not_a_hang(
    capsys: pytest.CaptureFixture[str], journey_file: Path, out_dir: Path
) -> None:
    fifo = out_dir / "map.md"
    os.mkfifo(fifo)
    code, _, err = cli(capsys, "export", journey_file, "-o", fifo)
    assert code == 1
    assert err == f"cjm: {fifo}: a named pipe (FIFO) that nobody reads\n"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_binary_format_to_a_fifo_is_refused_before_any_work(
    capsys: pytest.CaptureFixture[str], journey_file: Path, out_dir: Path
) -> None:
    fifo = out_dir / "map.xlsx"
    os.mkfifo(fifo)
    code, _, err = cli(capsys, "export", journey_file, "-o", fifo)
    assert code == 1
    assert f"{fifo}: is a named pipe (FIFO); binary outputs (xlsx, pptx, png, docx)" in err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert listing(out_dir) == ["map.xlsx"]


# --- links -----------------------------------------------------------------------------------


def test_a_symlink_is_written_through_to_its_target_and_stays_a_link(
    capsys: pytest.CaptureFixture[str], journey_file: Path, tmp_path: Path, out_dir: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "real.xlsx"
    target.write_bytes(b"the user's old workbook")
    target.chmod(0o640)
    link = out_dir / "map.xlsx"
    link.symlink_to(target)
    code, _, err = cli(capsys, "export", journey_file, "-o", link)
    assert code == 0, err
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_bytes()[:2] == b"PK"  # the workbook replaced the target
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # with the target's permissions
    assert listing(out_dir) == ["map.xlsx"]
    assert listing(elsewhere) == ["real.xlsx"]
    assert read_workbook(link).id == cjm.load(journey_file).id


def test_a_dangling_symlink_creates_its_target(
    capsys: pytest.CaptureFixture[str], journey_file: Path, out_dir: Path
) -> None:
    link = out_dir / "map.md"
    link.symlink_to("made.md")
    code, _, err = cli(capsys, "export", journey_file, "-o", link)
    assert code == 0, err
    assert link.is_symlink()
    assert (out_dir / "made.md").read_text(encoding="utf-8").startswith("# ")


# --- folders and read-only places ------------------------------------------------------------


def test_a_folder_is_refused_naming_the_users_path(
    capsys: pytest.CaptureFixture[str], journey_file: Path, out_dir: Path
) -> None:
    folder = out_dir / "isdir.xlsx"
    folder.mkdir()
    code, _, err = cli(capsys, "export", journey_file, "-o", folder)
    assert code == 1
    assert err == f"cjm: {folder}: is a folder; give the name of a file to write\n"
    assert listing(folder) == []
    assert listing(out_dir) == ["isdir.xlsx"]


@contextmanager
def read_only_folder(folder: Path) -> Iterator[str]:
    """``folder`` made read-only in a way that holds for root too; yields how."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield "chmod"
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True, check=False
    )
    if mounted.returncode == 0:
        try:
            yield "read-only bind mount"
        finally:
            subprocess.run(["umount", str(folder)], check=True)
        return
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)], check=False).returncode == 0:
        try:
            yield "immutable folder"
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        return
    pytest.skip("as root, with no way to make a folder read-only here (no bind mount, no chattr)")


@pytest.mark.parametrize("name", ["map.xlsx", "map.md"])
def test_a_read_only_folder_is_an_error_naming_the_users_path(
    capsys: pytest.CaptureFixture[str], journey_file: Path, out_dir: Path, name: str
) -> None:
    old = out_dir / name
    old.write_bytes(b"the user's old file")
    with read_only_folder(out_dir):
        code, _, err = cli(capsys, "export", journey_file, "-o", old)
        assert listing(out_dir) == [name]
    assert code == 1
    assert err.startswith(f"cjm: {old}: ")
    assert any(
        reason in err for reason in ("Read-only file system", "Operation not permitted", "Permission denied")
    )
    no_temp_named(err)
    assert old.read_bytes() == b"the user's old file"


@pytest.mark.parametrize("path", ["/sys/cjm-hostile.xlsx", "/proc/cjm-hostile.md"])
def test_a_place_no_file_can_be_made_is_an_error_naming_it(
    capsys: pytest.CaptureFixture[str], journey_file: Path, path: str
) -> None:
    code, _, err = cli(capsys, "export", journey_file, "-o", path)
    assert code == 1
    assert err.startswith(f"cjm: {path}: ")
    no_temp_named(err)
    assert not os.path.exists(path)


def test_a_missing_folder_is_an_error_naming_the_path(journey_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "nope" / "map.md"
    with pytest.raises(FileNotFoundError) as caught:
        cjm.export(cjm.load(journey_file), "markdown", target)
    assert caught.value.filename == str(target)
    assert "folder" in str(caught.value)
    assert not (tmp_path / "nope").exists()


# --- standard output -------------------------------------------------------------------------


def test_dash_writes_a_text_format_to_standard_output(journey_file: Path, out_dir: Path) -> None:
    expected = markdown_of(journey_file, out_dir)
    process = child("export", journey_file, "-f", "markdown", "-o", "-", cwd=out_dir)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert stdout == expected
    assert stderr == b"wrote standard output (markdown)\n"
    assert listing(out_dir) == []


@pytest.mark.parametrize("fmt", ["xlsx", "pptx", "png"])
def test_dash_refuses_a_binary_format(
    capsys: pytest.CaptureFixture[str],
    journey_file: Path,
    out_dir: Path,
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(out_dir)
    code, out, err = cli(capsys, "export", journey_file, "-f", fmt, "-o", "-")
    assert code == 2
    assert f"cjm: {fmt} is a binary format; --output - (standard output) takes text formats only" in err
    assert out == ""
    assert listing(out_dir) == []


def test_dash_without_a_format_asks_for_one(capsys: pytest.CaptureFixture[str], journey_file: Path) -> None:
    code, _, err = cli(capsys, "export", journey_file, "-o", "-")
    assert code == 2
    assert "pass --format" in err


def test_the_schema_goes_to_standard_output_with_dash(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "schema", "--output", "-")
    assert code == 0
    assert out.startswith("{")
    assert '"title"' in out


# --- the temporary file ----------------------------------------------------------------------


def test_nothing_is_on_disk_until_the_bytes_are_ready(out_dir: Path) -> None:
    target = out_dir / "map.xlsx"
    target.write_bytes(b"old")
    seen: list[list[str]] = []

    def failing_export() -> None:
        with atomic_writer(target) as stream:
            stream.write(b"x" * 1_000_000)
            seen.append(listing(out_dir))  # what is on disk while the content is made
            raise RuntimeError("the exporter failed")

    with pytest.raises(RuntimeError, match="the exporter failed"):
        failing_export()
    assert seen == [["map.xlsx"]]  # no temporary file before the bytes are ready
    assert target.read_bytes() == b"old"
    assert listing(out_dir) == ["map.xlsx"]


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_stale_temp_of_a_killed_writer_is_removed_by_the_next_write(out_dir: Path) -> None:
    target = out_dir / "map.md"
    stale = out_dir / f".map.md.cjm{_dead_pid()}.abcd1234.tmp"
    legacy = out_dir / ".map.md.1g9kvmx6.tmp"  # the pattern of earlier versions, no pid
    live = out_dir / f".map.md.cjm{os.getpid()}.zzzz9999.tmp"  # a writer still running
    someone_elses = out_dir / ".map.md.notours.tmp"
    other_target = out_dir / f".other.md.cjm{_dead_pid()}.abcd1234.tmp"
    for path in (stale, legacy, live, someone_elses, other_target):
        path.write_bytes(b"")
    old = time.time() - 3600
    os.utime(legacy, (old, old))
    write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert listing(out_dir) == sorted([".map.md.notours.tmp", live.name, other_target.name, "map.md"])
    assert remove_stale_temps(target) == []  # the live one stays


def test_errors_never_name_the_temporary_file(out_dir: Path) -> None:
    folder = out_dir / "isdir.md"
    folder.mkdir()
    with pytest.raises(OutputError, match="is a folder") as caught:
        write_text(folder, "x")
    no_temp_named(str(caught.value))
    assert str(folder) in str(caught.value)
