"""``cjm kpi``, ``cjm funnel``, ``cjm kpi-catalogue`` and ``cjm kpi-sample``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation

import cjm
from cjm.cli import main
from cjm.kpi import Engine, connect
from cjm.validate import Severity, all_rules, validate
from tests.conftest import EXAMPLES, SEED_EXAMPLE
from tests.kpi.world import write_world

DATA = EXAMPLES / "medical_device_dealer" / "data"


@pytest.fixture(scope="module")
def spark() -> Iterator[Engine]:
    """Local Spark: the KPI tests' session if it runs, else one of this module's own."""
    engine = connect("spark", master="local[2]")
    yield engine
    engine.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_kpi_prints_the_table_and_writes_the_journey(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output, report = tmp_path / "journey-with-baselines.yaml", tmp_path / "report.md"
    code, out, err = run(
        capsys,
        "kpi",
        str(SEED_EXAMPLE),
        "--data",
        str(DATA),
        "--by",
        "dealer",
        "--period",
        "2026Q3",
        "--output",
        str(output),
        "--report",
        str(report),
    )
    assert code == 0, err
    assert "기간: 2026Q3   엔진: duckdb" in out
    otd = next(line for line in out.splitlines() if line.startswith("otd-dealer"))
    assert "70% (가설)" in otd
    assert "C딜러(대구)" in otd
    assert f"wrote {output}: 28 baseline(s) for 2026Q3" in out
    journey = cjm.load(output)
    otd_baseline = journey.metric("otd-dealer").baseline
    assert otd_baseline is not None
    assert otd_baseline.label is cjm.Label.FACT
    assert [f for f in validate(journey, all_rules()) if f.severity is Severity.ERROR] == []
    qto = journey.metric("qto").baseline
    assert qto is not None
    assert qto.source is not None
    assert qto.source.endswith("medical_device_dealer/data: quotes.csv (2026Q3, n=1654, cjm kpi on duckdb)")
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# KPI 베이스라인")
    assert "| **견적 → 주문 전환률** `qto` |" in text
    # the check command agrees
    assert run(capsys, "check", str(output))[0] == 0


def test_one_run_writes_the_report_as_markdown_workbook_and_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = [tmp_path / f"kpi.{suffix}" for suffix in ("md", "xlsx", "pptx")]
    options = [option for path in reports for option in ("--report", str(path))]
    code, out, err = run(
        capsys, "kpi", str(SEED_EXAMPLE), "--data", str(DATA), "--by", "dealer", "--period", "2026Q2..2026Q3",
        *options,
    )  # fmt: skip
    assert code == 0, err
    for path in reports:
        assert f"wrote {path}" in out
    book = load_workbook(reports[1])
    assert book.sheetnames == ["2026Q3", "2026Q2", "기간별 추이", "정보"]
    assert "C딜러(대구)" in [c.value for c in book["2026Q3"][5]]
    deck = Presentation(str(reports[2]))
    titles = [s.shapes.title.text_frame.text for s in deck.slides if s.shapes.title is not None]
    assert "KPI 베이스라인 2026Q3: ★ 검토/주문 (MoT)" in titles


def test_a_report_of_another_kind_is_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(
        capsys, "kpi", str(SEED_EXAMPLE), "--data", str(DATA), "--report", str(tmp_path / "kpi.docx")
    )
    assert code == 2
    assert "expected a .md, .xlsx or .pptx file" in err
    assert list(tmp_path.iterdir()) == []


def test_kpi_without_output_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_world(tmp_path / "data")
    code, out, _ = run(
        capsys, "kpi", str(SEED_EXAMPLE), "--data", str(folder), "--period", "2026Q3", "--lang", "en"
    )
    assert code == 0
    assert "Period: 2026Q3" in out
    assert "otd-dealer" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_nothing_is_written_on_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_world(tmp_path / "data")
    orders = folder / "orders.csv"
    orders.write_text(orders.read_text(encoding="utf-8").replace("2026-07-05", "someday"), encoding="utf-8")
    output = tmp_path / "out.yaml"
    output.write_text("earlier: file\n", encoding="utf-8")
    code, _out, err = run(capsys, "kpi", str(SEED_EXAMPLE), "--data", str(folder), "--output", str(output))
    assert code == 1
    assert "table 'orders', column 'order_date'" in err
    assert "'someday' at line 4" in err
    assert output.read_text(encoding="utf-8") == "earlier: file\n"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out.yaml"]  # no temporary file left


def test_a_missing_table_is_reported_not_fatal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_world(tmp_path / "data", drop=("survey_responses",))
    code, out, _ = run(capsys, "kpi", str(SEED_EXAMPLE), "--data", str(folder), "--period", "2026Q3")
    assert code == 0
    assert "csat: needs the table 'survey_responses'" in out
    assert "nps: needs the table 'survey_responses'" in out


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["kpi", str(SEED_EXAMPLE), "--data", str(DATA)]
    code, _, err = run(capsys, *base, "--period", "2026Q5")
    assert code == 2
    assert "--period: '2026Q5' is not a period" in err
    code, _, err = run(capsys, *base, "--by", "region")
    assert code == 2
    assert "--by takes dealer" in err
    code, _, err = run(capsys, *base, "--only", "otd,fcr")
    assert code == 2
    assert "no KPI 'otd'" in err
    code, _, err = run(capsys, *base, "--output", str(tmp_path / "no" / "such" / "x.yaml"))
    assert code == 2
    assert "does not exist" in err
    code, _, err = run(capsys, "kpi", str(SEED_EXAMPLE), "--data", str(tmp_path / "nowhere"))
    assert code == 1
    assert "no such folder" in err


def test_kpi_only_some_on_spark(capsys: pytest.CaptureFixture[str], spark: Engine) -> None:
    code, out, err = run(
        capsys, "kpi", str(SEED_EXAMPLE), "--data", str(DATA), "--engine", "spark", "--only", "otd-dealer,fcr"
    )
    assert code == 0, err
    assert "엔진: spark" in out
    lines = [line for line in out.splitlines() if line.startswith(("otd-dealer", "fcr", "qto"))]
    assert [line.split()[0] for line in lines] == ["otd-dealer", "fcr"]
    assert spark.session.getActiveSession() is not None  # the shared session was used, not stopped


def test_funnel(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "funnel", str(SEED_EXAMPLE), "--data", str(DATA), "--min-share", "5")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("퍼널 (단계별 도달·전환·이탈): 400 고객")
    awareness = next(line for line in lines if line.startswith("인지/탐색"))
    assert awareness.split()[1] == "400"
    assert "카카오톡 채널" in out.split("데이터에 자주 나오지만 지도에 없는 접점")[1]
    assert "의료 전문지 (인지/탐색)" in out  # where the map lists it, by name


def test_funnel_for_one_dealer_and_touchpoint_paths(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "funnel", str(SEED_EXAMPLE), "--data", str(DATA), "--dealer", "D03", "--paths", "touchpoint",
        "--top", "3", "--lang", "en", "--period", "2026",
    )  # fmt: skip
    assert code == 0
    assert out.startswith("Funnel (reached, converted, dropped per stage) (2026):")
    paths = out.split("Most frequent paths (touchpoint):\n")[1].split("\n\n")[0].splitlines()
    assert len(paths) == 3
    assert all("%" in p for p in paths)


def test_funnel_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = [tmp_path / f"funnel.{suffix}" for suffix in ("md", "xlsx", "pptx")]
    options = [option for path in reports for option in ("--report", str(path))]
    code, out, err = run(capsys, "funnel", str(SEED_EXAMPLE), "--data", str(DATA), *options)
    assert code == 0, err
    assert all(f"wrote {path}" in out for path in reports)
    text = reports[0].read_text(encoding="utf-8")
    assert "| 인지/탐색 | 400 |" in text
    assert "- 의료 전문지 (인지/탐색)" in text
    assert load_workbook(reports[1]).active["A5"].value == "인지/탐색"
    assert len(Presentation(str(reports[2])).slides) == 3  # the cover, the funnel, paths and touchpoints


def test_funnel_without_events(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_world(tmp_path, drop=("events",))
    code, _, err = run(capsys, "funnel", str(SEED_EXAMPLE), "--data", str(folder))
    assert code == 1
    assert "add events.csv, events.parquet or events.xlsx" in err


def test_catalogue_and_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kpi-catalogue", "--lang", "ko")
    assert code == 0
    assert "otd-dealer" in out
    assert "딜러 납기 준수율" in out
    assert "orders(promised_date, delivered_date)" in out
    code, out, _ = run(
        capsys, "kpi-sample", str(tmp_path / "made"), "--customers", "30", "--format", "parquet"
    )
    assert code == 0
    assert "wrote 14 tables" in out
    assert (tmp_path / "made" / "orders.parquet").is_file()


def test_example_commands_from_the_docs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The example folder, copied: the command writes the journey beside its data.
    example = tmp_path / "medical_device_dealer"
    shutil.copytree(EXAMPLES / "medical_device_dealer", example)
    target = example / "journey-with-baselines.yaml"
    target.unlink()
    code, _, err = run(
        capsys, "kpi", str(example / "journey.yaml"), "--data", str(example / "data"), "--by", "dealer",
        "--output", str(target),
    )  # fmt: skip
    assert code == 0, err
    shipped = (EXAMPLES / "medical_device_dealer" / "journey-with-baselines.yaml").read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == shipped
