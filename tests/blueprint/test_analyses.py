"""Blueprint analyses: root causes with paths, the impact ranking, orphans, hand-offs, loops, crossings."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

import cjm
from cjm.blueprint import (
    PainWeights,
    all_root_causes,
    blueprint_graph,
    handoff_reports,
    impact_ranking,
    lane_crossings,
    orphans,
    pain_weight,
    rework_loops,
    root_causes,
)
from cjm.blueprint.graph import causal_edges
from cjm.blueprint.synthetic import synthetic_journey
from cjm.model import Blueprint, Handoff, HandoffRecord, Journey, Layer, Link, LinkKind, Node, NodeKind


def test_root_causes_of_a_seed_pain_point(seed_journey: Journey) -> None:
    causes = {c.id: c for c in root_causes(seed_journey, "pp-evaluation-3")}  # 재고 정보 지연
    assert causes["proc-stock-sync"].distance == 1
    assert causes["proc-stock-sync"].path == ("proc-stock-sync", "pp-evaluation-3")
    assert causes["dept-logistics"].path == ("dept-logistics", "proc-stock-sync", "pp-evaluation-3")
    assert causes["sys-erp"].distance == 2
    assert causes["sys-erp"].kind == "system"
    assert causes["sys-erp"].name == "ERP(주문·재고·청구)"
    assert set(causes) == {"proc-stock-sync", "dept-logistics", "sys-erp"}


def test_causes_chain_through_actions(seed_journey: Journey) -> None:
    """The seed's 'distorted information': dealer training -> dealer briefing -> pain."""
    causes = {c.id: c for c in root_causes(seed_journey, "pp-evaluation-1")}
    assert causes["dept-sales"].path == (
        "dept-sales",
        "proc-dealer-training",
        "act-dealer-brief",
        "pp-evaluation-1",
    )


def test_unknown_pain_point(seed_journey: Journey) -> None:
    with pytest.raises(KeyError, match="no pain point"):
        root_causes(seed_journey, "nope")
    assert all_root_causes(seed_journey)["pp-repurchase-4"] == []


@pytest.mark.parametrize("links", [300, 3_000])
def test_causes_agree_with_networkx(links: int) -> None:
    journey = synthetic_journey(links, seed=links)
    graph = nx.DiGraph()
    graph.add_edges_from(causal_edges(journey))
    reverse = graph.reverse(copy=False)
    found = all_root_causes(journey)
    for pain in journey.pain_points:
        expected = (
            nx.single_source_shortest_path_length(reverse, pain.id) if pain.id in reverse else {pain.id: 0}
        )
        expected.pop(pain.id)
        causes = found[pain.id]
        assert {c.id: c.distance for c in causes} == expected
        for cause in causes:
            assert cause.path[0] == cause.id
            assert cause.path[-1] == pain.id
            assert len(cause.path) == cause.distance + 1
            assert all(graph.has_edge(a, b) for a, b in itertools.pairwise(cause.path))


def test_causal_cycles_terminate() -> None:
    journey = Journey(
        id="loop",
        title="Loop",
        stages=[cjm.Stage(id="s", name="S")],
        pain_points=[cjm.PainPoint(id="pain", stage="s", text="hurts")],
        blueprint=Blueprint(
            nodes=[Node(id=x, kind=NodeKind.PROCESS, name=x) for x in ("a", "b", "c")],
            links=[
                Link(source="a", target="b", kind=LinkKind.CAUSES),
                Link(source="b", target="a", kind=LinkKind.CAUSES),
                Link(source="b", target="c", kind=LinkKind.CAUSES),
                Link(source="c", target="pain", kind=LinkKind.CAUSES),
            ],
        ),
    )
    causes = {c.id: c.path for c in root_causes(journey, "pain")}
    assert causes == {"c": ("c", "pain"), "b": ("b", "c", "pain"), "a": ("a", "b", "c", "pain")}


def _weighted_journey() -> Journey:
    return Journey(
        id="w",
        title="W",
        stages=[cjm.Stage(id="order", name="Order"), cjm.Stage(id="use", name="Use")],
        moments_of_truth=[cjm.MomentOfTruth(stage="order", metrics=("otd",))],
        metrics=[
            cjm.Metric(id="otd", name="OTD", stage="order", baseline=cjm.Baseline(value=70), target=100),
        ],
        pain_points=[
            cjm.PainPoint(id="late", stage="order", text="late", severity=4, frequency=3),
            cjm.PainPoint(id="manual", stage="use", text="manual", severity=2, frequency=5),
            cjm.PainPoint(id="unrated", stage="use", text="unrated"),
        ],
        blueprint=Blueprint(
            nodes=[
                Node(id="erp", kind=NodeKind.SYSTEM, name="ERP"),
                Node(id="ship", kind=NodeKind.PROCESS, name="Shipping"),
                Node(id="train", kind=NodeKind.PROCESS, name="Training"),
                Node(id="ops", kind=NodeKind.DEPARTMENT, name="Operations"),
            ],
            links=[
                Link(source="ship", target="erp", kind=LinkKind.USES),
                Link(source="train", target="erp", kind=LinkKind.USES),
                Link(source="ship", target="ops", kind=LinkKind.PERFORMED_BY),
                Link(source="ship", target="late", kind=LinkKind.CAUSES),
                Link(source="train", target="manual", kind=LinkKind.CAUSES),
                Link(source="train", target="unrated", kind=LinkKind.CAUSES),
                Link(source="late", target="otd", kind=LinkKind.MEASURED_BY),
            ],
        ),
    )


def test_pain_weight_by_hand() -> None:
    journey = _weighted_journey()
    late, manual, unrated = journey.pain_points
    # 4 × 3, × 2 at a Moment of Truth, × (1 + |100 − 70| / 100)
    assert pain_weight(journey, late) == pytest.approx(4 * 3 * 2 * 1.3)
    assert pain_weight(journey, manual) == 10
    assert pain_weight(journey, unrated) == 1
    assert pain_weight(journey, late, PainWeights(mot_factor=1.0)) == pytest.approx(4 * 3 * 1.3)


def test_impact_ranking_by_hand() -> None:
    ranking = impact_ranking(_weighted_journey())
    by_id = {i.id: i for i in ranking}
    assert [i.id for i in ranking] == ["erp", "ops", "ship", "train"]  # ties by id
    assert by_id["erp"].weight == pytest.approx(31.2 + 10 + 1)
    assert set(by_id["erp"].pain_points) == {"late", "manual", "unrated"}
    assert by_id["erp"].at_moments_of_truth == 1
    assert by_id["train"].weight == 11
    assert by_id["erp"].summary() == "fixing system ERP addresses 3 pain points worth 42.2"
    assert "Pain Point 3건" in by_id["erp"].summary("ko")


def test_impact_ranking_takes_kinds_as_any_iterable(seed_journey: Journey) -> None:
    """An iterator of kinds ranks like a list (it was spent on the first node)."""
    kinds = [NodeKind.PROCESS, NodeKind.SYSTEM]
    by_list = impact_ranking(seed_journey, kinds=kinds)
    assert by_list  # the seed has processes and systems behind its pain points
    assert impact_ranking(seed_journey, kinds=iter(kinds)) == by_list
    assert impact_ranking(seed_journey, kinds=(k for k in kinds)) == by_list
    assert impact_ranking(_weighted_journey(), kinds=iter([NodeKind.SYSTEM])) == impact_ranking(
        _weighted_journey(), kinds=[NodeKind.SYSTEM]
    )


def test_root_causes_only_of_pain_points(seed_journey: Journey) -> None:
    """A cause is in the cause table, but is not a pain point: no lookup by its id."""
    found = all_root_causes(seed_journey)
    assert "sys-erp" in found.table.index
    assert "sys-erp" not in found
    with pytest.raises(KeyError, match="no pain point"):
        found["sys-erp"]


def test_impact_ranking_of_the_seed(seed_journey: Journey) -> None:
    ranking = impact_ranking(seed_journey)
    assert {i.kind for i in ranking} <= {"process", "system", "department"}
    assert ranking == sorted(ranking, key=lambda i: -i.weight)
    erp = next(i for i in ranking if i.id == "sys-erp")
    assert set(erp.pain_points) >= {"pp-evaluation-3", "pp-evaluation-4", "pp-onboarding-5"}


def test_orphans(seed_journey: Journey) -> None:
    found = orphans(seed_journey)
    assert found.pain_points_without_cause == ("pp-repurchase-4",)
    assert len(found.opportunities_without_owner) == len(seed_journey.opportunities)
    assert found.moments_without_metric == ()
    assert not orphans(Journey(id="e", title="E"))


def test_handoff_completeness_by_hand(seed_journey: Journey) -> None:
    reports = {r.id: r for r in handoff_reports(seed_journey)}
    dealer = reports["ho-dealer-to-sales"]
    # records carry 4, 2, 6 and 4 of the 6 required items: 16 / 24
    assert dealer.completeness == pytest.approx(100 * 16 / 24)
    assert dealer.item_presence["사진"] == 25.0
    assert dealer.over_sla == 2
    assert reports["ho-order"].completeness is None
    journey = Journey(
        id="h",
        title="H",
        blueprint=Blueprint(
            handoffs=[
                Handoff(id="x", source="a", target="b", items=("p", "q"), records=[HandoffRecord(present=())])
            ]
        ),
    )
    assert handoff_reports(journey)[0].completeness == 0


def test_rework_loops_and_crossings(seed_journey: Journey) -> None:
    assert rework_loops(seed_journey) == [("proc-escalation", "act-dealer-intake")] or rework_loops(
        seed_journey
    ) == [("act-dealer-intake", "proc-escalation")]
    crossings = lane_crossings(seed_journey)
    intake = next(c for c in crossings if (c.source, c.target) == ("act-dealer-intake", "proc-escalation"))
    assert intake.lines == ("visibility",)
    journey = Journey(
        id="c",
        title="C",
        blueprint=Blueprint(
            nodes=[
                Node(id="ask", kind=NodeKind.ACTION, name="ask", layer=Layer.CUSTOMER),
                Node(id="db", kind=NodeKind.SYSTEM, name="db", layer=Layer.SUPPORT),
            ],
            links=[Link(source="ask", target="db", kind=LinkKind.USES)],
        ),
    )
    [crossing] = lane_crossings(journey)
    assert crossing.lines == ("interaction", "visibility", "internal interaction")


def test_graph_holds_every_element(seed_journey: Journey) -> None:
    graph = blueprint_graph(seed_journey)
    assert graph.number_of_edges() == len(seed_journey.blueprint.links) + sum(
        len(o.addresses) for o in seed_journey.opportunities
    )
    assert graph.nodes["proc-stock-sync"]["fail_point"] is True
    assert graph.nodes["pp-evaluation-3"]["element"] == "pain_point"


def test_synthetic_blueprints_are_deterministic_and_valid() -> None:
    a, b = synthetic_journey(2_000, seed=3), synthetic_journey(2_000, seed=3)
    assert a == b
    assert synthetic_journey(2_000, seed=4) != a
    assert [f for f in cjm.validate(a) if f.severity is cjm.Severity.ERROR] == []
    assert 1_800 <= len(a.blueprint.links) <= 2_200
