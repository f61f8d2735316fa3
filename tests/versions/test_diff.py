"""The semantic diff: empty for equal journeys, and every difference reported."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from cjm.io.voc import read_evidence
from cjm.model import Item, Journey, Label, Link, LinkKind
from cjm.versions import diff, promote, render_markdown, render_text
from tests.conftest import EXAMPLES
from tests.strategies import journeys


@given(journeys())
def test_a_journey_does_not_differ_from_itself(journey: Journey) -> None:
    assert diff(journey, journey) == []
    assert render_text(diff(journey, journey)) == "no differences\n"


@given(journeys(), journeys())
def test_diff_is_empty_exactly_when_equal(a: Journey, b: Journey) -> None:
    assert (diff(a, b) == []) == (a == b)


@given(journeys(), st.data())
def test_every_changed_item_is_reported(journey: Journey, data: st.DataObject) -> None:
    cells = list(journey.ordered_cells())
    if not cells:
        return
    stage, lane, items = data.draw(st.sampled_from(cells))
    index = data.draw(st.integers(0, len(items) - 1))
    item = items[index]
    new_label = data.draw(st.sampled_from([label for label in Label if label is not item.label]))
    changed = list(items)
    changed[index] = attrs.evolve(item, label=new_label)
    other = attrs.evolve(
        journey, cells={**journey.cells, stage: {**journey.cells[stage], lane: tuple(changed)}}
    )
    differences = diff(journey, other)
    assert [(d.kind, d.path, d.before, d.after) for d in differences] == [
        ("label", ("cells", stage, lane, index, "label"), item.label.value, new_label.value)
    ]


def test_what_changed_after_promotion(seed_journey: Journey) -> None:
    v2 = promote(seed_journey, read_evidence(EXAMPLES / "medical_device_dealer" / "voc_log.csv")).journey
    differences = diff(seed_journey, v2)
    kinds = [d.kind for d in differences]
    assert kinds.count("label") == 6
    assert kinds.count("added") >= 8  # evidence entries and citations
    text = render_text(differences)
    assert "version   '1.0' -> '2.0'" in text
    assert "pain_points[5].label   'hypothesis' -> 'fact'   '재고 정보 지연'" in text
    markdown = render_markdown(differences, seed_journey, v2)
    assert markdown.startswith(f"# {v2.title}: 1.0 → 2.0")
    assert "| label | `pain_points[5].label` | 'hypothesis' | 'fact' |" in markdown


def test_items_added_removed_and_edited(small_journey: Journey) -> None:
    cells = dict(small_journey.cells)
    cells["buy"] = {
        **cells["buy"],
        "do": (Item(text="Orders | pays online", label="idea"), Item(text="New step")),
    }
    cells["find"] = {"touch": cells["find"]["touch"]}
    other = attrs.evolve(small_journey, cells=cells)
    found = {(d.kind, d.where) for d in diff(small_journey, other)}
    assert ("changed", "cells.buy.do[0].text") in found
    assert ("added", "cells.buy.do[1]") in found
    assert ("removed", "cells.find.do[0]") in found


def test_baselines_and_blueprint_links(seed_journey: Journey) -> None:
    metrics = list(seed_journey.metrics)
    otd = next(i for i, m in enumerate(metrics) if m.id == "otd-dealer")
    metrics[otd] = attrs.evolve(metrics[otd], baseline=attrs.evolve(metrics[otd].baseline, value=82))
    links = (
        *seed_journey.blueprint.links[1:],
        Link(source="proc-lot", target="pp-repurchase-4", kind=LinkKind.CAUSES),
    )
    other = attrs.evolve(
        seed_journey, metrics=tuple(metrics), blueprint=attrs.evolve(seed_journey.blueprint, links=links)
    )
    kinds = {d.kind for d in diff(seed_journey, other)}
    assert {"baseline", "link added", "link removed"} <= kinds
    baseline = next(d for d in diff(seed_journey, other) if d.kind == "baseline")
    assert (baseline.before, baseline.after) == (70, 82)
