"""compare(): journeys grouped by stage set, compared stage by stage and KPI by KPI, shared causes ranked.

The hand-made portfolio (also drawn by tests/exporters/test_portfolio_views.py):
Dealer A and Dealer B share the stages find, buy, use (B names them in Korean);
Journey C has two stages of its own.  Every figure below is computed by hand.
"""

from __future__ import annotations

import attrs
import pytest

import cjm
from cjm.blueprint import impact_ranking, pain_weight
from cjm.blueprint.synthetic import synthetic_journey
from cjm.errors import InputError
from cjm.model import (
    Baseline,
    Blueprint,
    Emotion,
    Evidence,
    Journey,
    Label,
    Link,
    Metric,
    Node,
    NodeKind,
    PainPoint,
)
from cjm.portfolio import Coverage, SeverityCounts, compare
from cjm.portfolio.compare import _weigher
from cjm.validate import ensure_valid

#: pain p1 of Dealer A: severity 4 × frequency 3, × 2 at the MoT, × (1 + |95 − 70| / 95) for OTD.
P1 = 4 * 3 * 2 * (1 + 25 / 95)
#: pain q1 of Dealer B: 3 × 3, × 2 at the MoT, × (1 + |90 − 80| / 90).
Q1 = 3 * 3 * 2 * (1 + 10 / 90)


def _evidence() -> tuple[Evidence, ...]:
    return (
        Evidence(id="e-dealer", method="interview", source_role="dealer", reference="memo-1.txt"),
        Evidence(id="e-user", method="interview", source_role="end_user", reference="memo-2.txt"),
    )


def dealer_a() -> Journey:
    """Stages find, buy, use; two emotions; three pain points; OTD and CSAT; Order entry, ERP, Logistics."""
    return (
        cjm.JourneyBuilder(id="dealer-a", title="Dealer A", language="en")
        .stage("find", "Find")
        .stage("buy", "Buy")
        .stage("use", "Use")
        .lane("touch", "Touchpoints", kind="touchpoints")
        .lane("do", "Customer actions", kind="actions")
        .add("find", "touch", "Website")
        .add("find", "do", "Compares offers", label="fact", evidence=["e-dealer", "e-user"])
        .add("buy", "do", "Wants live tracking", label="idea")  # an idea: assumed, like a hypothesis
        .emotion("find", 1)
        .emotion("buy", -2)
        .pain_point("p1", "buy", "Delivery is late", severity=4, frequency=3)
        .pain_point("p2", "buy", "Invoice is unclear")  # unrated
        .pain_point(
            "p3",
            "use",
            "Wrong lot delivered",
            severity=5,
            frequency=2,
            label="fact",
            evidence=["e-dealer", "e-user"],
        )
        .metric(
            Metric(
                id="otd",
                name="On-time delivery",
                short="OTD",
                stage="buy",
                unit="%",
                direction="higher",
                baseline=Baseline(value=70),
                target=95,
            )
        )
        .metric(
            Metric(
                id="csat",
                name="CSAT",
                stage="use",
                unit="/5",
                direction="higher",
                baseline=Baseline(value=3.8),
                target=4.5,
            )
        )
        .moment_of_truth("buy", "otd")
        .evidence(_evidence()[0])
        .evidence(_evidence()[1])
        .build()
    )


def _blueprint_a() -> Blueprint:
    return Blueprint(
        nodes=(
            Node(id="proc-order", kind="process", name="Order entry"),
            Node(id="sys-erp", kind="system", name="ERP"),
            Node(id="dept-log", kind="department", name="Logistics"),
        ),
        links=(
            Link(source="proc-order", target="p1", kind="causes"),
            Link(source="proc-order", target="sys-erp", kind="uses"),
            Link(source="proc-order", target="dept-log", kind="performed_by"),
            Link(source="sys-erp", target="p3", kind="causes"),
            Link(source="p1", target="otd", kind="measured_by"),
        ),
    )


def dealer_b() -> Journey:
    """Dealer A's stages named in Korean; OTD under another id; the ERP under another id, same name."""
    return (
        cjm.JourneyBuilder(id="dealer-b", title="Dealer B", language="en")
        .stage("find", "찾기")
        .stage("buy", "구매")
        .stage("use", "사용")
        .emotion("find", 0)
        .pain_point("q1", "buy", "배송 지연", severity=3, frequency=3)
        .pain_point("q2", "find", "정보 부족", severity=2)
        .metric(
            Metric(
                id="otd-rate",
                name="납기 준수율",
                short="OTD",
                stage="buy",
                unit="%",
                direction="higher",
                baseline=Baseline(value=80, label="fact", evidence=("e-user",)),
                target=90,
            )
        )
        .metric(Metric(id="nps", name="NPS", baseline=Baseline(value=30)))
        .moment_of_truth("buy", "otd-rate")
        .evidence(_evidence()[1])
        .build()
    )


def _blueprint_b() -> Blueprint:
    return Blueprint(
        nodes=(
            Node(id="proc-order", kind="process", name="주문 접수"),
            Node(id="erp", kind="system", name="ERP"),
        ),
        links=(
            Link(source="proc-order", target="q1", kind="causes"),
            Link(source="erp", target="q2", kind="causes"),
            Link(source="q1", target="otd-rate", kind="measured_by"),
        ),
    )


def journey_c() -> Journey:
    """Two stages of its own; the ERP (Dealer A's id) behind its one pain point."""
    return Journey(
        id="journey-c",
        title="Journey C",
        stages=(cjm.Stage(id="x1", name="X one"), cjm.Stage(id="x2", name="X two")),
        pain_points=(PainPoint(id="r1", stage="x1", text="Slow portal", severity=1, frequency=1),),
        blueprint=Blueprint(
            nodes=(Node(id="sys-erp", kind="system", name="ERP"),),
            links=(Link(source="sys-erp", target="r1", kind="causes"),),
        ),
    )


def hand_made() -> list[Journey]:
    """Dealer A, Dealer B and Journey C, each valid."""
    journeys = [
        attrs.evolve(dealer_a(), blueprint=_blueprint_a()),
        attrs.evolve(dealer_b(), blueprint=_blueprint_b()),
        journey_c(),
    ]
    for journey in journeys:
        ensure_valid(journey)
    return journeys


# --- the hand-made portfolio --------------------------------------------------------------------


def test_journeys_sharing_a_stage_set_are_compared_and_the_other_is_listed_with_why() -> None:
    portfolio = compare(hand_made())
    assert [m.id for m in portfolio.members] == ["dealer-a", "dealer-b", "journey-c"]
    (group,) = portfolio.groups
    assert group.number == 1
    assert group.stages == ("find", "buy", "use")
    assert [m.id for m in group.members] == ["dealer-a", "dealer-b"]
    assert [r.names for r in group.rows] == [("Find", "찾기"), ("Buy", "구매"), ("Use", "사용")]
    (single,) = portfolio.singles
    assert single.member.id == "journey-c"
    assert single.reason("en") == (
        "stages differ — Journey C: 2 stages (X one, X two); Dealer A: 3 stages (Find, Buy, Use)"
    )
    assert (
        single.reason("ko")
        == "여정 단계가 다름 — Journey C: 2단계 (X one, X two); Dealer A: 3단계 (Find, Buy, Use)"
    )


def test_emotions_severities_and_coverage_per_stage_and_journey() -> None:
    (group,) = compare(hand_made()).groups
    find, buy, use = group.rows
    a, b = 0, 1
    assert [find.cells[a].emotion, buy.cells[a].emotion, use.cells[a].emotion] == [1, -2, None]
    assert [find.cells[a].emotion_share, buy.cells[a].emotion_share] == [0.75, 0.0]  # scale -2..2
    assert [find.cells[b].emotion, buy.cells[b].emotion] == [0, None]
    assert buy.cells[a].pains == SeverityCounts(by_severity=(0, 0, 0, 1, 0), unscored=1)
    assert use.cells[a].pains == SeverityCounts(by_severity=(0, 0, 0, 0, 1))
    assert find.cells[b].pains.count(2) == 1
    assert buy.cells[b].pains.count(3) == 1
    assert buy.cells[a].pains.total == 2
    assert buy.cells[a].pains.count(None) == 1
    # Dealer A: find has Website (hypothesis), Compares offers (fact, evidence) and the emotion (hypothesis);
    # buy has the idea, p1, p2, OTD's baseline and the emotion; use has p3 (fact, evidence) and CSAT's
    # baseline.
    assert [r.cells[a].coverage for r in group.rows] == [
        Coverage(claims=3, backed=1),
        Coverage(claims=5, backed=0),
        Coverage(claims=2, backed=1),
    ]
    assert find.cells[a].coverage.share == pytest.approx(1 / 3)
    assert group.members[a].coverage == Coverage(claims=10, backed=2)
    # Dealer B: OTD's baseline is a fact with evidence; NPS (no stage) counts in the total only.
    assert [r.cells[b].coverage for r in group.rows] == [
        Coverage(claims=2, backed=0),
        Coverage(claims=2, backed=1),
        Coverage(claims=0, backed=0),
    ]
    assert use.cells[b].coverage.share is None
    assert group.members[b].coverage == Coverage(claims=5, backed=1)
    assert group.members[a].pains == SeverityCounts(by_severity=(0, 0, 0, 1, 1), unscored=1)


def test_kpis_are_matched_by_id_else_by_display_name() -> None:
    (group,) = compare(hand_made()).groups
    assert [(k.key, k.name, k.stage, k.ids) for k in group.kpis] == [
        ("otd", "OTD", "buy", ("otd", "otd-rate")),
        ("csat", "CSAT", "use", ("csat",)),
        ("nps", "NPS", None, ("nps",)),  # no stage: last
    ]
    otd, csat, nps = group.kpis
    a, b = otd.values
    assert a is not None
    assert b is not None
    assert (a.metric, a.baseline, a.target, a.gap) == ("otd", 70, 95, -25)
    assert (b.metric, b.baseline, b.target, b.gap, b.baseline_label) == ("otd-rate", 80, 90, -10, Label.FACT)
    assert csat.values[1] is None
    assert csat.values[0] is not None
    assert csat.values[0].gap == pytest.approx(-0.7)
    assert nps.values[0] is None
    assert nps.values[1] is not None
    assert (nps.values[1].baseline, nps.values[1].gap) == (30, None)


def test_shared_causes_rank_the_fix_that_helps_most_journeys_first() -> None:
    causes = compare(hand_made()).shared_causes
    # The ERP (sys-erp in A and C, erp in B, matched by name) reaches three journeys: first, though the
    # order entry (proc-order, matched by id) weighs more.  Logistics is Dealer A's alone: not shared.
    assert [(c.id, c.ids, c.kind, c.journeys) for c in causes] == [
        ("sys-erp", ("sys-erp", "erp"), "system", ("dealer-a", "dealer-b", "journey-c")),
        ("proc-order", ("proc-order",), "process", ("dealer-a", "dealer-b")),
    ]
    erp, order = causes
    assert erp.name == "ERP"
    # ERP: p1 through the order entry that uses it, p3 directly (5 × 2), q2 (2 × unrated 1), r1 (1 × 1).
    assert erp.weight == pytest.approx(P1 + 10 + 2 + 1)
    assert [(p.journey, p.pain) for p in erp.pains] == [
        ("dealer-a", "p1"),  # the heaviest of the journey first
        ("dealer-a", "p3"),
        ("dealer-b", "q2"),
        ("journey-c", "r1"),
    ]
    assert erp.weight_in("dealer-a") == pytest.approx(P1 + 10)
    assert order.weight == pytest.approx(P1 + Q1)
    assert order.name == "Order entry"  # the name in the first journey that has it
    assert [p.text for p in order.pains_in("dealer-b")] == ["배송 지연"]
    assert order.pains[0].weight == pytest.approx(P1)


def test_the_weights_are_pain_weight() -> None:
    journeys = hand_made()
    for journey in journeys:
        weigh = _weigher(journey)
        for pain in journey.pain_points:
            assert weigh(pain) == pain_weight(journey, pain)
    a = journeys[0]
    assert pain_weight(a, a.pain_points[0]) == pytest.approx(P1)


def test_the_stand_in_weighs_as_the_whole_journey_does() -> None:
    journey = synthetic_journey(3_000, seed=3)
    weigh = _weigher(journey)
    assert journey.pain_points
    for pain in journey.pain_points:
        assert weigh(pain) == pain_weight(journey, pain)


def test_the_order_is_the_order_given_and_the_result_is_the_same_every_time() -> None:
    journeys = hand_made()
    assert compare(journeys) == compare(list(journeys))
    flipped = compare([journeys[2], journeys[1], journeys[0]])
    assert [m.id for m in flipped.groups[0].members] == ["dealer-b", "dealer-a"]
    assert flipped.groups[0].kpis[0].key == "otd-rate"
    assert flipped.shared_causes[0].id == "sys-erp"  # C gives the id first
    assert flipped.shared_causes[0].journeys == ("journey-c", "dealer-b", "dealer-a")


def test_reasons_for_journeys_not_compared() -> None:
    a, b, c = hand_made()
    alone = compare([c])
    assert alone.singles[0].reason("en") == "no other journey to compare with"
    assert alone.singles[0].reason("ko") == "비교할 다른 여정 없음"
    reordered = attrs.evolve(b, stages=tuple(reversed(b.stages)))
    other = compare([a, reordered])
    assert not other.groups
    assert other.singles[1].reason("en").startswith("the same stages in another order — Dealer B: 3 stages")
    assert other.singles[0].reason("ko").startswith("같은 단계, 다른 순서 — Dealer A: 3단계 (Find, Buy, Use)")
    empty = Journey(id="empty", title="Empty")
    nothing = compare([empty, attrs.evolve(empty, id="empty-2")])
    assert not nothing.groups
    assert [s.reason("en") for s in nothing.singles] == ["no stages", "no stages"]
    long = attrs.evolve(
        a, id="long", title="Long", stages=tuple(cjm.Stage(id=f"s{i}", name=f"S{i}") for i in range(5))
    )
    text = compare([long, a]).singles[0].reason("en")
    assert text == "stages differ — Long: 5 stages (S0, S1, S2, …); Dealer A: 3 stages (Find, Buy, Use)"


def test_more_than_three_other_stage_sets_are_counted_not_listed() -> None:
    a = hand_made()[0]
    others = [
        attrs.evolve(a, id=f"j{n}", title=f"J{n}", stages=(cjm.Stage(id=f"only-{n}", name=f"Only {n}"),))
        for n in range(5)
    ]
    text = compare([a, *others]).singles[0].reason("en")
    assert text.endswith("; J0: 1 stage (Only 0); J1: 1 stage (Only 1); J2: 1 stage (Only 2); +2 more")


def test_repeated_ids_are_an_error_naming_each() -> None:
    a = hand_made()[0]
    with pytest.raises(InputError) as caught:
        compare([a, a, attrs.evolve(a, title="Copy")])
    assert str(caught.value).startswith("portfolio of 3 journeys: 2 repeated ids")
    assert [f.where for f in caught.value.findings] == ["journeys[1].id", "journeys[2].id"]
    assert "has the id 'dealer-a' of journey 1" in caught.value.findings[1].message


def test_no_journeys_no_comparison() -> None:
    portfolio = compare([])
    assert (portfolio.groups, portfolio.singles, portfolio.shared_causes) == ((), (), ())
    assert portfolio.language == "en"
    with pytest.raises(KeyError, match="no journey with id 'x'"):
        portfolio.member("x")


# --- the seed example as two dealers ------------------------------------------------------------


def seed_dealers(seed: Journey) -> list[Journey]:
    """The seed map as two dealers: B has an emotion curve and two pain points that are facts now,
    backed by a dealer and an end user."""
    stages = [s.id for s in seed.stages]
    heard = (
        Evidence(id="b-dealer", method="interview", source_role="dealer", reference="b/dealer.m4a"),
        Evidence(id="b-user", method="observation", source_role="end_user", reference="b/user.jpg"),
    )
    backed = {"pp-evaluation-2", "pp-onboarding-1"}
    pains = tuple(
        attrs.evolve(p, label=Label.FACT, evidence=("b-dealer", "b-user")) if p.id in backed else p
        for p in seed.pain_points
    )
    a = attrs.evolve(seed, id="dealer-a", title="A딜러(서울) 고객여정지도")
    b = attrs.evolve(
        seed,
        id="dealer-b",
        title="B딜러(부산) 고객여정지도",
        emotions=tuple(
            Emotion(stage=s, score=v) for s, v in zip(stages, (1, -1, -2, 0.5, -1.5, 1), strict=True)
        ),
        pain_points=pains,
        evidence=(*seed.evidence, *heard),
    )
    return [ensure_valid(a), ensure_valid(b)]


def test_the_seed_as_two_dealers(seed_journey: Journey) -> None:
    a, b = seed_dealers(seed_journey)
    portfolio = compare([a, b])
    assert not portfolio.singles
    (group,) = portfolio.groups
    assert [r.name for r in group.rows] == [s.name for s in seed_journey.stages]
    evaluation = group.rows[1]
    assert evaluation.name == "검토/주문"
    assert evaluation.cells[0].emotion is None
    assert evaluation.cells[1].emotion == -1
    assert (
        evaluation.cells[0].pains == evaluation.cells[1].pains == SeverityCounts(by_severity=(0, 1, 1, 2, 0))
    )
    # the same claims, two of them now facts with evidence
    assert evaluation.cells[1].coverage.claims == evaluation.cells[0].coverage.claims + 1  # + the emotion
    assert evaluation.cells[1].coverage.backed == evaluation.cells[0].coverage.backed + 1
    assert group.members[1].coverage.backed == group.members[0].coverage.backed + 2
    otd = next(k for k in group.kpis if k.key == "otd-dealer")
    assert [v.baseline for v in otd.values if v is not None] == [70, 70]
    assert len(group.kpis) == len(seed_journey.metrics)
    # every cause reaches both dealers and weighs twice what it weighs in one
    single = {i.id: i.weight for i in impact_ranking(seed_journey, kinds=tuple(NodeKind))}
    causes = portfolio.shared_causes
    assert causes
    assert all(c.journeys == ("dealer-a", "dealer-b") for c in causes)
    assert {c.id: c.weight for c in causes} == pytest.approx({k: 2 * w for k, w in single.items()})
    assert causes[0].name == "딜러사 영업·서비스"
    assert [c.weight for c in causes] == sorted((c.weight for c in causes), reverse=True)
