"""Projects end to end: `cjm init`, `cjm build`, rebuilding only what changed, refusing bad input."""

from __future__ import annotations

import importlib
import shutil
import threading
import time
from pathlib import Path

import attrs
import openpyxl
import pytest
from pptx import Presentation

import cjm
from cjm.cli import main
from cjm.errors import InputError
from cjm.project import build, init_project, load_project, watch
from cjm.project.manifest import MANIFEST
from tests.conftest import EXAMPLES


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A new project of two journeys (Korean and English) made by `cjm init`, a survey filled in."""
    folder = tmp_path / "cx"
    init_project(folder, preset="b2b-dealer", language="ko")
    english = cjm.preset_journey("b2b-dealer", "en", id="b2b-dealer-en")
    cjm.save(english, folder / "journeys" / "b2b-dealer-en.yaml")
    return folder


def _outputs(folder: Path) -> dict[str, bytes]:
    out = folder / "out"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_init_writes_a_project_that_builds_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    written = init_project(folder, preset="b2b-dealer", language="ko")
    names = {p.relative_to(folder).as_posix() for p in written}
    assert names == {
        "cjm.yaml",
        "journeys/b2b-dealer.yaml",
        "data/survey_responses.csv",
        "data/voc_log.csv",
        ".gitignore",
    }
    assert "out/" in (folder / ".gitignore").read_text(encoding="utf-8")
    result = build(folder)
    made = {o.path.relative_to(folder / "out").as_posix() for o in result.built}
    assert made == {
        "b2b-dealer/b2b-dealer.html",
        "b2b-dealer/b2b-dealer.xlsx",
        "b2b-dealer/b2b-dealer.pptx",
        "b2b-dealer/b2b-dealer.md",
        "b2b-dealer/b2b-dealer.mmd",
        "index.html",
    }
    with pytest.raises(cjm.CjmError, match="is a project already"):
        init_project(folder)


def test_every_output_opens(project: Path) -> None:
    build(project)
    out = project / "out"
    book = openpyxl.load_workbook(out / "b2b-dealer" / "b2b-dealer.xlsx")
    assert book.sheetnames
    deck = Presentation(str(out / "b2b-dealer-en" / "b2b-dealer-en.pptx"))
    assert len(deck.slides) > 10
    page = (out / "b2b-dealer" / "b2b-dealer.html").read_text(encoding="utf-8")
    assert "<svg" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    for journey in ("b2b-dealer", "b2b-dealer-en"):
        assert f'href="{journey}/{journey}.html"' in index
    assert "<script" not in index


def test_a_rebuild_with_nothing_changed_does_nothing(project: Path) -> None:
    build(project)
    before = _outputs(project)
    stamps = {p: p.stat().st_mtime_ns for p in (project / "out").rglob("*") if p.is_file()}
    result = build(project)
    assert result.built == []
    assert len(result.skipped) == 12  # five per journey, and the portfolio's workbook and deck
    assert _outputs(project) == before
    assert {p: p.stat().st_mtime_ns for p in (project / "out").rglob("*") if p.is_file()} == stamps


def test_changing_one_journey_rebuilds_only_its_outputs(project: Path) -> None:
    build(project)
    path = project / "journeys" / "b2b-dealer-en.yaml"
    journey = cjm.load(path)
    cjm.save(attrs.evolve(journey, title="Changed"), path)
    result = build(project)
    rebuilt = {o.path.relative_to(project / "out").as_posix() for o in result.built}
    own = {f"b2b-dealer-en/b2b-dealer-en{s}" for s in (".html", ".xlsx", ".pptx", ".md", ".mmd")}
    assert rebuilt == own | {"portfolio.xlsx", "portfolio.pptx", "index.html"}
    assert "Changed" in (project / "out" / "b2b-dealer-en" / "b2b-dealer-en.md").read_text(encoding="utf-8")
    assert len(build(project, force=True).built) == 13


def test_a_bad_journey_builds_nothing_and_leaves_the_old_outputs(project: Path) -> None:
    build(project)
    before = _outputs(project)
    (project / "journeys" / "b2b-dealer.yaml").write_text("id: Bad Id\ntitle: ''\n", encoding="utf-8")
    (project / "journeys" / "b2b-dealer-en.yaml").write_text("stages: [\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(project)
    text = str(caught.value)
    assert "b2b-dealer.yaml:1" in text  # every problem of every file, with its line
    assert "b2b-dealer-en.yaml" in text
    assert "nothing was built" in text
    assert _outputs(project) == before


def test_keep_going_builds_the_valid_journeys(project: Path) -> None:
    (project / "journeys" / "b2b-dealer-en.yaml").write_text("stages: [\n", encoding="utf-8")
    result = build(project, keep_going=True)
    assert result.failed
    built = {o.path.parent.name for o in result.built if o.path.name != "index.html"}
    assert built == {"b2b-dealer"}


def test_project_file_errors_say_where(project: Path) -> None:
    (project / "cjm.yaml").write_text(
        "journeys:\n  - journeys/missing.yaml\n  - nothing/*.yaml\n"
        "deliverables:\n  - html\n  - pdf\n  - xlsx: {colour: red}\n"
        "output: ../elsewhere\nwhatever: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_project(project)
    lines = [str(f) for f in caught.value.findings]
    joined = "\n".join(lines)
    assert "cjm.yaml:2" in joined
    assert "'journeys/missing.yaml' does not exist" in joined
    assert "cjm.yaml:3" in joined
    assert "matches no file" in joined
    assert "cjm.yaml:6" in joined
    assert "unknown deliverable 'pdf'" in joined
    assert "cjm.yaml:7" in joined
    assert "xlsx has no option 'colour'" in joined
    assert "cjm.yaml:8" in joined
    assert "leaves the project folder" in joined
    assert "cjm.yaml:9" in joined
    assert "unknown key 'whatever'" in joined
    assert not (project / "out").exists()


def test_the_output_folder_cannot_be_the_project_folder(project: Path) -> None:
    (project / "cjm.yaml").write_text("journeys: [journeys/*.yaml]\noutput: .\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot be the project folder"):
        load_project(project)
    with pytest.raises(InputError, match="cannot be the project folder"):
        load_project(project.parent / "cx", output=project)


def test_an_interrupted_build_never_claims_what_it_did_not_finish(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_module = importlib.import_module("cjm.project.build")  # the module, not the function it exports

    build(project)
    manifest = (project / "out" / MANIFEST).read_bytes()
    path = project / "journeys" / "b2b-dealer.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("version: '1.0'", "version: '1.1'"), encoding="utf-8"
    )
    real = build_module.write_bytes
    calls = []

    def interrupted(target: Path, data: bytes) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(target, data)

    monkeypatch.setattr(build_module, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(project)
    assert (project / "out" / MANIFEST).read_bytes() == manifest  # not updated: claims the old outputs only
    monkeypatch.setattr(build_module, "write_bytes", real)
    result = build(project)
    assert len(result.built) == 8  # the five of the changed journey, the portfolio's two, the index


def test_watch_notices_a_change(project: Path) -> None:
    seen: list[float] = []

    def run() -> None:
        for _ in watch(project, interval=0.1, limit=1):
            seen.append(time.monotonic())

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)
    (project / "journeys" / "b2b-dealer.yaml").write_text(
        (project / "journeys" / "b2b-dealer.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    thread.join(timeout=5)
    assert seen


def test_the_command_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(project), "--quiet"]) == 0
    assert "built 13 output(s)" in capsys.readouterr().out
    assert main(["build", str(project)]) == 0
    assert "nothing to do: 12 output(s)" in capsys.readouterr().out
    assert main(["build", str(project), "--only", "md"]) == 0
    assert main(["build", str(project), "--only", "pdf"]) == 1
    assert "nothing named pdf" in capsys.readouterr().err
    assert main(["init", str(project)]) == 2


def test_the_bundled_example_is_a_project(tmp_path: Path) -> None:
    folder = tmp_path / "seed"
    shutil.copytree(EXAMPLES / "medical_device_dealer", folder, ignore=shutil.ignore_patterns("out"))
    result = build(folder)
    names = {o.path.name for o in result.built}
    assert {"journey.html", "journey.xlsx", "journey.pptx", "journey.md", "journey.mmd"} <= names
    assert {"journey.template.xlsx", "journey.guide.xlsx", "index.html"} <= names
    page = (folder / "out" / "journey" / "journey.html").read_text(encoding="utf-8")
    assert "survey responses" in page  # the survey set the curve, in memory
    assert cjm.load(folder / "journey.yaml") == cjm.load(EXAMPLES / "medical_device_dealer" / "journey.yaml")


def test_the_project_schema_accepts_every_example_and_refuses_what_the_reader_refuses() -> None:
    import jsonschema
    import yaml

    from cjm.project.schema import project_schema

    schema = project_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(EXAMPLES.glob("*/cjm.yaml"))
    assert len(files) >= 2
    for file in files:
        validator.validate(yaml.safe_load(file.read_text(encoding="utf-8")))
    for bad in (
        {"journeys": ["j.yaml"], "deliverables": ["pdf"]},
        {"journeys": ["j.yaml"], "deliverables": [{"xlsx": {"colour": "red"}}]},
        {"journeys": ["j.yaml"], "whatever": 1},
        {"deliverables": ["html"]},
    ):
        assert not validator.is_valid(bad), bad


@pytest.mark.parametrize("project_file", sorted(EXAMPLES.glob("*/cjm.yaml")), ids=lambda p: p.parent.name)
def test_every_example_project_builds(project_file: Path, tmp_path: Path) -> None:
    """Each example project, built as the docs' gallery shows it (into a temporary folder)."""
    result = build(project_file.parent, output=tmp_path / "out")
    assert not result.failed
    project = result.project
    for journey in project.journeys:
        for deliverable in project.deliverables:
            made = tmp_path / "out" / journey.stem / f"{journey.stem}{deliverable.kind.suffix}"
            assert made.is_file(), made
            assert made.stat().st_size > 1000
    assert (tmp_path / "out" / "index.html").is_file()
    assert not (project_file.parent / "out").exists()  # --output: nothing written in the example
