"""The blueprint as GraphML and as a Mermaid flowchart."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

import cjm
from cjm.exporters import REGISTRY
from cjm.exporters.blueprint import render_flowchart
from cjm.model import Journey


def test_graphml_reads_back_with_networkx(seed_journey: Journey, tmp_path: Path) -> None:
    path = cjm.export(seed_journey, "graphml", tmp_path / "bp.graphml")
    graph = nx.read_graphml(path)
    assert graph.nodes["proc-stock-sync"]["name"] == "재고·납기 정보 연동"
    assert graph.nodes["pp-evaluation-3"]["element"] == "pain_point"
    kinds = {data["kind"] for _, _, data in graph.edges(data=True)}
    assert kinds == {"causes", "performed_by", "uses", "next", "measured_by", "addresses"}


def test_flowchart_lanes_lines_and_fail_points(seed_journey: Journey) -> None:
    text = render_flowchart(seed_journey)
    lines = text.splitlines()
    assert lines[0] == "flowchart TB"
    lanes = [line for line in lines if line.lstrip().startswith("subgraph lane")]
    assert [lane.split("[", 1)[1] for lane in lanes] == [
        '"물리적 증거"]',
        '"고객 행동 ── 상호작용선 ──"]',
        '"프런트스테이지 ── 가시선 ──"]',
        '"백스테이지 ── 내부 상호작용선 ──"]',
        '"지원 프로세스"]',
        '"담당 부서"]',
    ]
    assert '"⚠ 재고·납기 정보 연동"' in text
    assert "classDef fail" in text
    assert text.count("==>") == sum(1 for link in seed_journey.blueprint.links if link.kind.value == "causes")
    assert 'n_proc_2d_stock_2d_sync ==>|"원인"| n_pp_2d_evaluation_2d_3' in text
    assert "lane crossings" not in text
    english = render_flowchart(seed_journey, language="en")
    assert "line of visibility" in english


def test_flowchart_marks_every_fail_point() -> None:
    """Systems and departments that are fail points get the ⚠ too, in their own shapes."""
    journey = cjm.Journey(
        id="f",
        title="F",
        blueprint=cjm.Blueprint(
            nodes=[
                cjm.Node(id="p", kind="process", name="Proc", fail_point=True),
                cjm.Node(id="s", kind="system", name="Sys", fail_point=True),
                cjm.Node(id="d", kind="department", name="Dept", fail_point=True),
                cjm.Node(id="ok", kind="system", name="Fine"),
            ]
        ),
    )
    text = render_flowchart(journey)
    assert 'n_p["⚠ Proc"]' in text
    assert 'n_s[("⚠ Sys")]' in text
    assert 'n_d(["⚠ Dept"])' in text
    assert 'n_ok[("Fine")]' in text
    assert "    class n_p,n_s,n_d fail" in text.splitlines()


def test_flowchart_escapes_text() -> None:
    journey = (
        cjm.JourneyBuilder(id="j", title="J").stage("s", "S").pain_point("p", "s", 'says "no" <b>').build()
    )
    journey = journey.__class__(
        **{f: getattr(journey, f) for f in ("id", "title", "stages", "pain_points")},
        blueprint=cjm.Blueprint(
            nodes=[cjm.Node(id="x", kind="process", name="A & B")],
            links=[cjm.Link(source="x", target="p", kind="causes")],
        ),
    )
    text = render_flowchart(journey)
    assert '"A &amp; B"' in text
    assert '"says #quot;no#quot; &lt;b&gt;"' in text


def test_the_longest_suffix_picks_the_exporter() -> None:
    assert REGISTRY.for_path("map.blueprint.mmd") == ["mermaid-blueprint"]
    assert REGISTRY.for_path("map.mmd") == ["mermaid"]
    assert REGISTRY.for_path("map.graphml") == ["graphml"]
