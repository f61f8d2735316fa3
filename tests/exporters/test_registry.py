"""The exporter registry: built-ins, plugins from entry points, conflicts, missing packages.

One contract test runs over every registered exporter.
"""

from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path
from typing import Any, BinaryIO

import pytest

import cjm
from cjm.exporters import REGISTRY, ExporterInfo, Registry, export, exporters, get_exporter
from cjm.model import Journey

BUILT_IN = {"graphml", "html", "json", "markdown", "mermaid", "mermaid-blueprint", "png", "svg", "yaml"}


def test_builtins_are_listed_without_importing_them() -> None:
    names = {info.name for info in exporters()}
    assert names >= BUILT_IN
    assert all(info.suffixes for info in exporters() if info.name in BUILT_IN)


@pytest.mark.parametrize("name", sorted(info.name for info in REGISTRY.infos()))
def test_exporter_contract(name: str, small_journey: Journey, seed_journey: Journey) -> None:
    """Every exporter has the protocol's members, writes bytes, leaves the journey alone,
    and refuses options it does not have."""
    exporter = get_exporter(name)
    assert isinstance(exporter, cjm.Exporter)
    assert exporter.name == name
    assert all(s.startswith(".") for s in exporter.suffixes)
    for journey in (small_journey, seed_journey, Journey(id="empty", title="Empty")):
        before = cjm.dumps(journey)
        stream = io.BytesIO()
        exporter.export(journey, stream)
        assert stream.getvalue(), f"{name} wrote nothing"
        assert cjm.dumps(journey) == before
    with pytest.raises(cjm.ExportOptionError, match="no option"):
        exporter.export(small_journey, io.BytesIO(), no_such_option=1)


def test_unknown_exporter_lists_the_known_ones() -> None:
    with pytest.raises(cjm.UnknownExporterError, match="available: graphml, html, json, markdown"):
        get_exporter("pdf")
    with pytest.raises(LookupError):
        get_exporter("pdf")


class _Upper:
    name = "upper"
    suffixes = (".txt",)
    description = "The title in capitals."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        dest.write(journey.title.upper().encode())


def test_register_in_code_and_refuse_duplicates() -> None:
    registry = Registry(group=None)
    registry.register(_Upper)
    assert registry.get("upper").name == "upper"
    with pytest.raises(cjm.ExporterConflictError, match="already registered"):
        registry.register(_Upper())
    with pytest.raises(cjm.ExporterConflictError):
        registry.register(_Upper(), name="json")
    registry.register(_Upper(), name="json", override=True)
    assert registry.get("json").description == "The title in capitals."


def test_not_an_exporter_is_refused() -> None:
    with pytest.raises(TypeError, match="lacks"):
        Registry(group=None).register(object())


def test_missing_dependency_gives_an_install_hint() -> None:
    info = ExporterInfo(
        name="fancy",
        origin="built-in",
        loader=lambda: __import__("cjm_no_such_module_xyz"),
        install_hint="pip install 'cjmkit[fancy]'",
    )
    registry = Registry(builtins=(info,), group=None)
    with pytest.raises(
        cjm.MissingDependencyError, match=r"needs cjm_no_such_module_xyz.*pip install 'cjmkit\[fancy\]'"
    ):
        registry.get("fancy")


@pytest.fixture
def plugin_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installed-looking third-party package with two exporters (one shadowing 'json')."""
    (tmp_path / "cjm_shout.py").write_text(
        textwrap.dedent(
            """
            class ShoutExporter:
                name = "shout"
                suffixes = (".shout",)
                description = "The title, loudly."

                def export(self, journey, dest, **options):
                    dest.write(journey.title.upper().encode("utf-8"))
            """
        ),
        encoding="utf-8",
    )
    dist = tmp_path / "cjm_shout-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: cjm-shout\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[cjm.exporters]\nshout = cjm_shout:ShoutExporter\njson = cjm_shout:ShoutExporter\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("cjm_shout", None)


def test_plugins_come_from_entry_points(plugin_package: Path, small_journey: Journey, tmp_path: Path) -> None:
    registry = Registry()
    assert "shout" in registry.names()
    info = {i.name: i for i in registry.infos()}["shout"]
    assert "cjm-shout" in info.origin
    stream = io.BytesIO()
    registry.get("shout").export(small_journey, stream)
    assert stream.getvalue() == b"SMALL JOURNEY"


def test_a_plugin_cannot_shadow_a_name(plugin_package: Path) -> None:
    registry = Registry()
    with pytest.raises(cjm.ExporterConflictError, match="'json' is claimed by built-in and by plugin"):
        registry.get("json")
    assert registry.get("markdown").name == "markdown"


def test_export_writes_atomically(tmp_path: Path, small_journey: Journey) -> None:
    path = tmp_path / "map.md"
    path.write_text("earlier\n", encoding="utf-8")
    with pytest.raises(cjm.ExportOptionError):
        export(small_journey, "markdown", path, bogus=True)
    assert path.read_text(encoding="utf-8") == "earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == ["map.md"]
    export(small_journey, "markdown", path)
    assert path.read_text(encoding="utf-8").startswith("# Small journey")


def test_export_refuses_an_invalid_journey(tmp_path: Path) -> None:
    broken = Journey(id="j", title="J", emotions=[cjm.Emotion(stage="ghost", score=0)])
    with pytest.raises(cjm.ValidationError, match="emotions"):
        export(broken, "markdown", tmp_path / "map.md")
    assert not (tmp_path / "map.md").exists()
