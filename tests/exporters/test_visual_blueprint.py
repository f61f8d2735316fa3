"""The service blueprint view: every node and pain point shown, text that fits, links routed round boxes."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import attrs
import pytest
import resvg_py
from hypothesis import given, settings

import cjm
from cjm.blueprint.synthetic import synthetic_journey
from cjm.exporters.reports import LINES
from cjm.exporters.visual.blueprint import blueprint_scenes
from cjm.exporters.visual.fonts import FontSet, font_set
from cjm.exporters.visual.scene import Box, Group, Line, Scene, TextBlock
from cjm.exporters.visual.svg import render_svg
from cjm.i18n import pick
from cjm.model import Blueprint, Journey, Layer, Link, LinkKind, Node, NodeKind, PainPoint, Stage
from tests.conftest import B2B_EXAMPLE, SEED_EXAMPLE
from tests.strategies import journeys as any_journeys

CAUSE_RED = "D92D20"
FAIL_RED = "B42318"


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return font_set()


def b2b_with_blueprint() -> Journey:
    """The English B2B example with a blueprint of long English names (it ships without one)."""
    journey = cjm.load(B2B_EXAMPLE)

    def node(id_: str, kind: str, name: str, layer: str | None, stage: str | None, **extra: object) -> Node:
        return Node(id=id_, kind=NodeKind(kind), name=name, layer=layer, stage=stage, **extra)  # type: ignore[arg-type]

    nodes = (
        node(
            "ev-site", "evidence", "Website product pages and pricing sheet", "physical_evidence", "awareness"
        ),
        node("ev-rfp", "evidence", "RFP response document", "physical_evidence", "consideration"),
        node("ev-contract", "evidence", "Contract and statement of work", "physical_evidence", "decision"),
        node("act-research", "action", "Researches ERP vendors online", "customer", "awareness"),
        node("act-rfp", "action", "Sends the RFP with integration questions", "customer", "consideration"),
        node("act-demo", "action", "Attends a scripted demo with the buying group", "customer", "decision"),
        node("act-training", "action", "Key users attend training", "customer", "contract-onboarding"),
        node(
            "fr-call",
            "action",
            "Account executive answers in a sales call",
            "frontstage",
            "consideration",
            fail_point=True,
        ),
        node("fr-demo", "process", "Presales runs the demo", "frontstage", "decision"),
        node(
            "fr-training",
            "process",
            "Generic training sessions for all modules",
            "frontstage",
            "contract-onboarding",
            fail_point=True,
            description="The same slides for every customer.",
        ),
        node(
            "bk-rfp",
            "process",
            "RFP questions routed to product experts",
            "backstage",
            "consideration",
            fail_point=True,
            description="Questions wait about a week in a shared inbox.",
        ),
        node("bk-roi", "process", "ROI case preparation", "backstage", "decision"),
        node(
            "bk-config",
            "process",
            "Configure the system to the customer's processes",
            "backstage",
            "contract-onboarding",
        ),
        node("bk-health", "process", "Quarterly customer health review", "backstage", "retention-growth"),
        node("sys-crm", "system", "CRM (opportunities and accounts)", "support", None),
        node("sys-kb", "system", "Product knowledge base", "support", None),
        node("sys-lms", "system", "Learning management system", "support", None),
        node("dept-sales", "department", "Sales", None, None),
        node("dept-presales", "department", "Presales engineering", None, None),
        node("dept-product", "department", "Product management", None, None),
        node("dept-services", "department", "Professional services", None, None),
        node("dept-cs", "department", "Customer success", None, None),
    )
    links = [
        ("bk-rfp", "pp-slow-response", "causes"),
        ("fr-call", "pp-thin-info", "causes"),
        ("sys-kb", "bk-rfp", "causes"),
        ("bk-roi", "pp-unclear-value", "causes"),
        ("fr-training", "pp-generic-training", "causes"),
        ("bk-config", "fr-training", "causes"),
        ("bk-health", "pp-unclear-value", "causes"),
        ("act-rfp", "bk-rfp", "next"),
        ("bk-rfp", "fr-call", "next"),
        ("act-demo", "fr-demo", "next"),
        ("fr-demo", "bk-roi", "next"),
        ("bk-config", "fr-training", "next"),
        ("fr-training", "act-training", "next"),
        ("fr-call", "dept-sales", "performed_by"),
        ("bk-rfp", "dept-product", "performed_by"),
        ("fr-demo", "dept-presales", "performed_by"),
        ("bk-roi", "dept-presales", "performed_by"),
        ("fr-training", "dept-services", "performed_by"),
        ("bk-config", "dept-services", "performed_by"),
        ("bk-health", "dept-cs", "performed_by"),
        ("bk-rfp", "sys-kb", "uses"),
        ("fr-call", "sys-crm", "uses"),
        ("fr-training", "sys-lms", "uses"),
        ("bk-health", "sys-crm", "uses"),
    ]
    blueprint = Blueprint(
        nodes=nodes, links=tuple(Link(source=s, target=t, kind=LinkKind(k)) for s, t, k in links)
    )
    return attrs.evolve(journey, blueprint=blueprint)


def many_stages(count: int = 12) -> Journey:
    """A journey of ``count`` stages, a process and a pain point at each, each process causing its pain."""
    stages = tuple(Stage(id=f"s{i}", name=f"Stage {i}") for i in range(count))
    nodes = [
        Node(id=f"p{i}", kind=NodeKind.PROCESS, name=f"Process {i}", layer=Layer.BACKSTAGE, stage=f"s{i}")
        for i in range(count)
    ]
    nodes.append(Node(id="sys", kind=NodeKind.SYSTEM, name="Shared system", layer=Layer.SUPPORT))
    pains = tuple(PainPoint(id=f"pp{i}", stage=f"s{i}", text=f"Pain {i}") for i in range(count))
    links = [Link(source=f"p{i}", target=f"pp{i}", kind=LinkKind.CAUSES) for i in range(count)]
    links += [Link(source=f"p{i}", target=f"p{i + 1}", kind=LinkKind.NEXT) for i in range(count - 1)]
    links += [Link(source=f"p{i}", target="sys", kind=LinkKind.USES) for i in range(0, count, 3)]
    return Journey(
        id="many",
        title="Many stages",
        stages=stages,
        pain_points=pains,
        blueprint=Blueprint(nodes=tuple(nodes), links=tuple(links)),
    )


def blocks(scene: Scene) -> Iterator[TextBlock]:
    for shape in scene.walk():
        if isinstance(shape, TextBlock):
            yield shape


def groups(scene: Scene, role: str) -> dict[str, Group]:
    return {s.key: s for s in scene.walk() if isinstance(s, Group) and s.role == role and s.key}


def frame(group: Group) -> Box:
    """The box of a node's or a pain point's group (its first shape)."""
    box = group.children[0]
    assert isinstance(box, Box)
    return box


def shown(text: str, block: TextBlock) -> bool:
    """``text`` is what ``block`` shows: whole, or cut with an ellipsis after a true beginning."""
    drawn = "".join(block.lines).replace(" ", "")
    whole = text.replace(" ", "")
    return drawn == whole or (drawn.endswith("…") and whole.startswith(drawn[:-1]) and len(drawn) > 1)


def journeys() -> list[tuple[str, Journey]]:
    return [("seed", cjm.load(SEED_EXAMPLE)), ("b2b", b2b_with_blueprint())]


@pytest.fixture(scope="module", params=["seed", "b2b", "synthetic"])
def case(request: pytest.FixtureRequest, fonts: FontSet) -> tuple[Journey, Scene]:
    """Each journey with its one page: the two examples, and a dense synthetic blueprint (150 links)."""
    journey = dict(journeys(), synthetic=synthetic_journey(150))[request.param]
    scenes = blueprint_scenes(journey, fonts)
    assert len(scenes) == 1
    return journey, scenes[0]


def test_every_node_and_pain_point_is_shown(case: tuple[Journey, Scene]) -> None:
    journey, scene = case
    nodes, pains = groups(scene, "node"), groups(scene, "pain")
    assert set(nodes) == {f"node-{n.id}" for n in journey.blueprint.nodes}
    assert set(pains) == {f"pain-{p.id}" for p in journey.pain_points}
    texts = list(blocks(scene))
    for text in [n.name for n in journey.blueprint.nodes] + [p.text for p in journey.pain_points]:
        assert any(shown(text, b) for b in texts if b.source == text), text


def test_groups_carry_what_the_page_filters_on(case: tuple[Journey, Scene]) -> None:
    journey, scene = case
    nodes = groups(scene, "node")
    for node in journey.blueprint.nodes:
        group = nodes[f"node-{node.id}"]
        assert group.data["kind"] == node.kind.value
        assert group.data.get("layer") == (node.layer.value if node.layer else None)
        assert group.data.get("stage") == node.stage
        assert group.title
        assert node.name in group.title
    for pain in journey.pain_points:
        group = groups(scene, "pain")[f"pain-{pain.id}"]
        assert group.data["stage"] == pain.stage
        assert group.data["kind"] == "pain"


def test_fail_points_are_flagged(case: tuple[Journey, Scene]) -> None:
    journey, scene = case
    nodes = groups(scene, "node")
    fails = [n for n in journey.blueprint.nodes if n.fail_point]
    assert fails
    for node in journey.blueprint.nodes:
        group = nodes[f"node-{node.id}"]
        box = frame(group)
        marked = any(isinstance(s, TextBlock) and s.lines == ("⚠",) for s in group.children)
        assert marked == node.fail_point
        assert (box.stroke == FAIL_RED and box.stroke_width >= 2) == node.fail_point


def test_text_fits_its_width(case: tuple[Journey, Scene], fonts: FontSet) -> None:
    _, scene = case
    for block in blocks(scene):
        assert block.width > 0, block.source
        for line in block.lines:
            assert fonts.face(block.bold).width(line, block.size) <= block.width + 0.5, line


def test_text_stays_inside_its_box(case: tuple[Journey, Scene], fonts: FontSet) -> None:
    _, scene = case
    for group in [*groups(scene, "node").values(), *groups(scene, "pain").values()]:
        box = frame(group)
        for block in (s for s in group.children if isinstance(s, TextBlock)):
            assert box.x < block.x
            assert block.x + block.width <= box.x + box.w + 0.01
            top = block.y - fonts.face(block.bold).baseline(block.size, block.line_height)
            assert box.y <= top
            assert top + block.height <= box.y + box.h + 0.5


def test_boxes_do_not_overlap_within_a_lane(case: tuple[Journey, Scene]) -> None:
    _, scene = case
    lanes: dict[str, list[Box]] = {}
    for role in ("node", "pain"):
        for group in groups(scene, role).values():
            lanes.setdefault(group.data.get("layer", "band") if role == "node" else "pain", []).append(
                frame(group)
            )
    for boxes in lanes.values():
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
                assert apart, (a, b)


def link_lines(scene: Scene, kind: str | None = None) -> list[Line]:
    out: list[Line] = []
    for shape in scene.walk():
        if isinstance(shape, Group) and shape.role == "link" and (kind is None or shape.data["kind"] == kind):
            out.extend(s for s in shape.children if isinstance(s, Line))
    return out


def on_side(x: float, y: float, box: Box) -> bool:
    return min(abs(x - box.x), abs(x - box.x - box.w)) < 0.01 and box.y <= y <= box.y + box.h


def test_every_cause_is_an_arrow_from_edge_to_edge(case: tuple[Journey, Scene]) -> None:
    journey, scene = case
    boxes = {
        k.split("-", 1)[1]: frame(g) for role in ("node", "pain") for k, g in groups(scene, role).items()
    }
    lines = link_lines(scene, "causes")
    causes = [link for link in journey.blueprint.links if link.kind is LinkKind.CAUSES]
    assert causes
    for link in causes:
        target, source = boxes[link.target], boxes[link.source]
        assert any(
            line.arrow and line.stroke == CAUSE_RED and on_side(line.x2, line.y2, target) for line in lines
        ), link
        assert any(
            on_side(line.x1, line.y1, source) or on_side(line.x2, line.y2, source) for line in lines
        ), link


def crosses(line: Line, box: Box) -> bool:
    """A straight run of ``line`` passes over the inside of ``box`` (touching its edge is fine)."""
    low_x, high_x = sorted((line.x1, line.x2))
    low_y, high_y = sorted((line.y1, line.y2))
    across = max(low_x, box.x + 0.5) < min(high_x, box.x + box.w - 0.5)
    down = max(low_y, box.y + 0.5) < min(high_y, box.y + box.h - 0.5)
    if line.y1 == line.y2:
        return box.y < line.y1 < box.y + box.h and across
    return box.x < line.x1 < box.x + box.w and down


def test_links_run_round_the_boxes_and_behind_them(case: tuple[Journey, Scene]) -> None:
    _, scene = case
    boxes = [frame(g) for role in ("node", "pain") for g in groups(scene, role).values()]
    for line in link_lines(scene):
        assert line.x1 == line.x2 or line.y1 == line.y2, line  # elbows of straight runs
        assert 0 < min(line.x1, line.x2) <= max(line.x1, line.x2) < scene.width, line
        for box in boxes:
            assert not crosses(line, box), (line, box)
    order = [s.role for s in scene.children if isinstance(s, Group)]
    last_link = max(i for i, r in enumerate(order) if r == "link")
    assert last_link < min(i for i, r in enumerate(order) if r in ("node", "pain"))


def test_the_three_lines_run_between_their_lanes(case: tuple[Journey, Scene]) -> None:
    journey, scene = case
    lanes = {s.data["layer"]: frame(s) for s in scene.walk() if isinstance(s, Group) and s.role == "lane"}
    named = {s.data["line"]: s for s in scene.walk() if isinstance(s, Group) and s.role == "line"}
    assert set(named) == {layer.value for layer in LINES}
    below = {
        Layer.CUSTOMER: Layer.FRONTSTAGE,
        Layer.FRONTSTAGE: Layer.BACKSTAGE,
        Layer.BACKSTAGE: Layer.SUPPORT,
    }
    dashed = [
        s for s in scene.walk() if isinstance(s, Line) and s.dash and not s.arrow and s.x2 - s.x1 > 1000
    ]
    for layer, wording in LINES.items():
        assert pick(wording, journey.language) in list(scene.texts())
        upper, lower = lanes[layer.value], lanes[below[layer].value]
        assert any(upper.y + upper.h < d.y1 < lower.y for d in dashed), layer


def test_lane_titles_in_the_journeys_language(fonts: FontSet) -> None:
    seed, b2b = (j for _, j in journeys())
    korean = list(blueprint_scenes(seed, fonts)[0].texts())
    english = list(blueprint_scenes(b2b, fonts)[0].texts())
    for text in (
        "물리적 증거",
        "고객 행동",
        "프런트스테이지",
        "백스테이지",
        "지원 프로세스",
        "부서",
        "가시선",
    ):
        assert text in korean
    for text in ("Physical evidence", "Customer actions", "Frontstage", "Backstage", "Support processes"):
        assert text in english
    assert blueprint_scenes(seed, fonts)[0].title.endswith("서비스 블루프린트")
    assert blueprint_scenes(b2b, fonts)[0].title.endswith("Service blueprint")
    assert "Physical evidence" in blueprint_scenes(seed, fonts, "en")[0].texts()


def test_a_stageless_node_stands_with_what_it_is_linked_to(fonts: FontSet) -> None:
    seed = cjm.load(SEED_EXAMPLE)
    scene = blueprint_scenes(seed, fonts)[0]
    stages = {k.split("-", 1)[1]: frame(g) for k, g in groups(scene, "stage").items()}
    crm = frame(groups(scene, "node")["node-sys-crm"])
    column = stages["problem"]
    assert column.x <= crm.x
    assert crm.x + crm.w <= column.x + column.w + 6


def test_svg_parses_and_png_renders_at_the_scene_size(case: tuple[Journey, Scene], fonts: FontSet) -> None:
    _, scene = case
    svg = render_svg(scene, fonts)
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag.endswith("svg")
    png = bytes(resvg_py.svg_to_bytes(svg_string=svg, font_files=fonts.files))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (round(scene.width), round(scene.height))
    assert scene.width == 1587


def test_many_stages_are_split_into_pages(fonts: FontSet) -> None:
    journey = many_stages(12)
    scenes = blueprint_scenes(journey, fonts)
    assert len(scenes) == 2
    assert [len(groups(s, "stage")) for s in scenes] == [6, 6]  # shared out evenly, as the map does
    assert scenes[0].title.endswith("(1/2)")
    assert scenes[1].title.endswith("(2/2)")
    first, second = (set(groups(s, "node")) for s in scenes)
    assert {f"node-p{i}" for i in range(6)} <= first
    assert not {f"node-p{i}" for i in range(6, 12)} & first
    assert {f"node-p{i}" for i in range(6, 12)} <= second
    assert "node-sys" in first
    assert "node-sys" in second
    for scene in scenes:
        assert scene.width == 1587
        pains = groups(scene, "pain")
        for key in pains:
            target = frame(pains[key])
            assert any(
                line.arrow and on_side(line.x2, line.y2, target) for line in link_lines(scene, "causes")
            )


def test_no_blueprint_no_view(fonts: FontSet) -> None:
    journey = attrs.evolve(b2b_with_blueprint(), blueprint=Blueprint())
    assert blueprint_scenes(journey, fonts) == []


@given(journey=any_journeys())
@settings(max_examples=40)
def test_any_valid_blueprint_lays_out_cleanly(journey: Journey) -> None:
    """Korean, emoji, newlines, very long names, nodes of no layer or stage: the drawing holds."""
    fonts = font_set()
    scenes = blueprint_scenes(journey, fonts)
    assert bool(scenes) == bool(journey.blueprint.nodes)
    for scene in scenes:
        assert scene.width == 1587
        for block in blocks(scene):
            for text in block.lines:
                assert fonts.face(block.bold).width(text, block.size) <= block.width + 0.5, text
        boxes = {
            k.split("-", 1)[1]: frame(g) for role in ("node", "pain") for k, g in groups(scene, role).items()
        }
        for line in link_lines(scene):
            assert 0 < min(line.x1, line.x2) <= max(line.x1, line.x2) < scene.width, line
            assert not any(crosses(line, box) for box in boxes.values()), line
        for link in journey.blueprint.links:
            if link.kind is LinkKind.CAUSES and {link.source, link.target} <= set(boxes):
                target = boxes[link.target]
                lines = link_lines(scene, "causes")
                assert link.source == link.target or any(
                    line.arrow and on_side(line.x2, line.y2, target) for line in lines
                ), link
        ET.fromstring(render_svg(scene, fonts, embed_fonts=False).encode("utf-8"))
