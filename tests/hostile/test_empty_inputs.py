"""A file with a header and no rows says so: an error where nothing could be done, else a warning
that changes nothing; never an evidence record of "0 survey responses"."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

import cjm
from cjm.project.init import SURVEY_HEADER, VOC_HEADER
from tests.conftest import SEED_EXAMPLE
from tests.hostile.conftest import cli, listing

DATA = SEED_EXAMPLE.parent / "data"


def unchanged(path: Path) -> tuple[bytes, int]:
    """What a check that nothing was touched compares: the bytes and the modification time."""
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.fixture
def survey_csv(tmp_path: Path) -> Path:
    path = tmp_path / "survey.csv"
    path.write_text(SURVEY_HEADER + "\n,,,,,,,\n", encoding="utf-8")  # a header, a blank line, an empty row
    return path


@pytest.fixture
def survey_xlsx(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(SURVEY_HEADER.strip().split(","))
    path = tmp_path / "survey.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("survey", ["survey_csv", "survey_xlsx"])
def test_an_empty_survey_is_an_error_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str],
    journey_file: Path,
    tmp_path: Path,
    survey: str,
    request: pytest.FixtureRequest,
) -> None:
    path: Path = request.getfixturevalue(survey)
    before = unchanged(journey_file)
    output = tmp_path / "with-emotions.yaml"
    code, out, err = cli(capsys, "survey", path, "--journey", journey_file, "--output", output)
    assert code == 1
    assert err.startswith(f"cjm: {path}: no responses; nothing was scored\n")
    assert "the file has a header and no rows" in err
    assert not output.exists()
    assert unchanged(journey_file) == before
    assert "survey responses" not in out


def test_an_empty_survey_alone_is_an_error(capsys: pytest.CaptureFixture[str], survey_csv: Path) -> None:
    code, _, err = cli(capsys, "survey", survey_csv)
    assert code == 1
    assert "no responses" in err


def test_an_empty_voc_log_adds_nothing_and_says_so(
    capsys: pytest.CaptureFixture[str], journey_file: Path, tmp_path: Path
) -> None:
    log = tmp_path / "voc.csv"
    log.write_text(VOC_HEADER, encoding="utf-8")
    before = unchanged(journey_file)
    code, out, err = cli(capsys, "evidence", "add", journey_file, log)
    assert code == 1
    assert err.startswith(f"cjm: {log}: no evidence; nothing was read\n")
    assert "the VOC log has a header and no rows" in err
    assert unchanged(journey_file) == before
    assert out == ""


@pytest.fixture
def data_without_tickets(tmp_path: Path) -> Path:
    folder = Path(shutil.copytree(DATA, tmp_path / "data"))
    tickets = folder / "tickets.csv"
    tickets.write_text(tickets.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return folder


def test_an_empty_kpi_table_is_a_warning_and_its_kpis_get_no_value(
    capsys: pytest.CaptureFixture[str], journey_file: Path, data_without_tickets: Path, tmp_path: Path
) -> None:
    output = tmp_path / "with-baselines.yaml"
    code, out, err = cli(
        capsys, "kpi", journey_file, "--data", data_without_tickets, "--period", "2026Q3",
        "--only", "repeat-inquiry-30d,csat", "--lang", "en", "--output", output,
    )  # fmt: skip
    assert code == 0, err
    assert f"cjm: warning: {data_without_tickets / 'tickets.csv'}: a header and no rows; ignored" in err
    [line] = [row for row in out.splitlines() if row.startswith("repeat-inquiry-30d")]
    assert "0%" not in line  # no rows is no value, not a count of 0
    written = {m.id: m for m in cjm.load(output).metrics}
    original = {m.id: m for m in cjm.load(journey_file).metrics}
    assert written["repeat-inquiry-30d"].baseline == original["repeat-inquiry-30d"].baseline


def test_an_empty_event_log_is_an_error_for_the_funnel(
    capsys: pytest.CaptureFixture[str], journey_file: Path, tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(DATA, tmp_path / "data"))
    events = folder / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    code, _, err = cli(capsys, "funnel", journey_file, "--data", folder)
    assert code == 1
    assert err.startswith(f"cjm: {events}: no events\n")


def test_a_fill_in_workbook_with_nothing_new_leaves_the_journey_untouched(
    capsys: pytest.CaptureFixture[str], journey_file: Path, tmp_path: Path
) -> None:
    template = tmp_path / "template.xlsx"
    assert cli(capsys, "template", journey_file, "--output", template)[0] == 0
    before = unchanged(journey_file)
    code, out, _ = cli(capsys, "import", template, "--into", journey_file)
    assert code == 0
    assert out == f"no changes from {template}; {journey_file} left as it was\n"
    assert unchanged(journey_file) == before
    assert listing(journey_file.parent) == ["journey.yaml"]


def test_a_new_projects_empty_data_files_build(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cjm init`` writes header-only survey and VOC files: a build before the first answers works."""
    monkeypatch.chdir(tmp_path)
    assert cli(capsys, "init", "project")[0] == 0
    code, out, err = cli(capsys, "build", "project/cjm.yaml")
    assert code == 0, err
    assert "built" in out
