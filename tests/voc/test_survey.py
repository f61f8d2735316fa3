"""Survey formulas against hand-computed values, the edge cases, and bad rows."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import cjm
from cjm.voc.consistency import dealer_consistency
from cjm.voc.survey import (
    Instrument,
    Response,
    emotions_from_scores,
    read_responses,
    score_file,
    score_histogram,
    score_responses,
)
from cjm.voc.synthetic import write_synthetic_responses
from tests.conftest import EXAMPLES

SURVEY = EXAMPLES / "medical_device_dealer" / "survey_responses.csv"


def test_nps_by_hand() -> None:
    # 5 promoters (9, 10), 3 passives (7, 8), 2 detractors (0..6) of 10: NPS = 50 − 20 = 30
    score = score_histogram(Instrument.NPS, {10: 3, 9: 2, 8: 2, 7: 1, 6: 1, 0: 1}, min_n=5)
    assert score.value == pytest.approx(30)
    assert score.n == 10
    # values +1 ×5, 0 ×3, −1 ×2: mean .3, sample variance (.7 − .09) × 10/9
    half = 1.959964 * math.sqrt((0.7 - 0.09) * 10 / 9 / 10)
    assert score.low == pytest.approx(100 * (0.3 - half), abs=1e-3)
    assert score.high == pytest.approx(100 * (0.3 + half), abs=1e-3)
    assert not score.small


def test_csat_is_the_share_of_4_and_5_with_a_wilson_interval() -> None:
    score = score_histogram(Instrument.CSAT, {5: 30, 4: 30, 3: 20, 2: 10, 1: 10})
    assert score.value == pytest.approx(60)
    z, p, n = 1.959964, 0.6, 100
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert score.low == pytest.approx(100 * (centre - half), abs=1e-3)
    assert score.high == pytest.approx(100 * (centre + half), abs=1e-3)


def test_ces_is_the_mean_with_a_t_interval() -> None:
    score = score_histogram(Instrument.CES, {2: 1, 4: 1, 6: 1}, min_n=30)
    assert score.value == 4
    assert score.low == pytest.approx(4 - 4.303 * 2 / math.sqrt(3), abs=1e-3)
    assert score.small


def test_edge_cases() -> None:
    none = score_histogram(Instrument.NPS, {})
    assert (none.n, none.value, none.low) == (0, None, None)
    assert str(none) == "NPS – (no responses)"
    promoters = score_histogram(Instrument.NPS, {10: 40})
    assert (promoters.value, promoters.low, promoters.high) == (100, 100, 100)
    one = score_histogram(Instrument.CSAT, {5: 1})
    assert one.value == 100
    assert one.small
    single = score_histogram(Instrument.CES, {3: 1})
    assert (single.value, single.low, single.high) == (3, None, None)


def test_groups_and_a_segment_with_one_answer() -> None:
    responses = [
        Response(respondent="a", instrument=Instrument.CSAT, score=5, stage="s1", dealer="A"),
        Response(respondent="b", instrument=Instrument.CSAT, score=2, stage="s1", dealer="A"),
        Response(respondent="c", instrument=Instrument.NPS, score=9, touchpoint="call", dealer="B"),
    ]
    result = score_responses(responses, min_n=2)
    assert result.score("stage", "s1", "csat").value == 50
    assert result.score("dealer", "B", "nps").n == 1
    assert result.score("dealer", "B", "nps").small
    assert result.score("touchpoint", "call", "nps").value == 100
    assert result.groups("dealer×stage") == ["A|s1"]
    assert result.score("stage", "s1", "nps").n == 0


def test_bad_rows_name_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(
        "respondent,stage,instrument,score,date\n"
        "r1,evaluation,nps,11,2026-01-01\n"
        "r2,nowhere,csat,4,2026-01-01\n"
        ",evaluation,csat,4,2026-01-01\n"
        "r4,evaluation,ces,3,2026-13-01\n"
        "r5,evaluation,csat,4,2026-01-02\n",
        encoding="utf-8",
    )
    stages = ["awareness", "evaluation"]
    with pytest.raises(cjm.LoadError) as caught:
        score_responses(read_responses(path, stages=stages))
    problems = [str(f) for f in caught.value.findings]
    assert problems == [
        f"{path}:2 column score: error: '11'; NPS takes a whole number 0–10 [survey]",
        f"{path}:3 column stage: error: 'nowhere' is not a stage of the journey [survey]",
        f"{path}:4 column respondent: error: empty; every response needs a respondent [survey]",
        f"{path}:5 column date: error: '2026-13-01' is not a date (YYYY-MM-DD) [survey]",
    ]
    assert "nothing was scored" in str(caught.value)


def test_the_example_survey(seed_journey: cjm.Journey) -> None:
    result = score_responses(read_responses(SURVEY, stages=[s.id for s in seed_journey.stages]))
    assert result.responses == 600
    assert {i.value for i in result.instruments()} == {"nps", "csat", "ces"}
    flagged = {(c.dealer, c.instrument.value, c.direction) for c in dealer_consistency(result) if c.flagged}
    assert ("C딜러(대구)", "csat", "worse") in flagged
    updated, notes = emotions_from_scores(seed_journey, result, source=SURVEY)
    emotions = {e.stage: e for e in updated.emotions}
    csat = result.score("stage", "evaluation", "csat").value
    assert csat is not None
    assert emotions["evaluation"].score == pytest.approx(-2 + csat / 100 * 4, abs=0.01)
    assert emotions["evaluation"].label is cjm.Label.FACT
    assert emotions["evaluation"].evidence == ("survey",)
    assert notes == []
    assert [f for f in cjm.validate(updated) if f.severity is cjm.Severity.ERROR] == []


def test_small_samples_do_not_set_the_curve(seed_journey: cjm.Journey, tmp_path: Path) -> None:
    path = tmp_path / "few.csv"
    write_synthetic_responses(path, rows=60)
    result = score_responses(read_responses(path))
    updated, notes = emotions_from_scores(seed_journey, result, source=path)
    assert updated.emotions == ()
    assert len(notes) == 6
    assert "too few responses" in notes[0]


def test_dealer_consistency_is_not_fooled_by_chance() -> None:
    same = [
        Response(respondent=f"{d}{i}", instrument=Instrument.CSAT, score=(i % 5) + 1, stage="s", dealer=d)
        for d in "ABCD"
        for i in range(100)
    ]
    assert not any(c.flagged for c in dealer_consistency(score_responses(same)))


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    write_synthetic_responses(tmp_path / "a.csv", rows=120, seed=5)
    write_synthetic_responses(tmp_path / "b.csv", rows=120, seed=5)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_responses_from_a_workbook(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["응답자", "여정 단계", "척도", "점수", "딜러"])
    sheet.append(["r1", "evaluation", "csat", 5, "A"])
    sheet.append(["r2", "evaluation", "csat", 2])
    sheet.append(["r3", "evaluation", "nps", 11, "A"])
    path = tmp_path / "responses.xlsx"
    book.save(path)
    with pytest.raises(cjm.LoadError) as caught:
        score_file(path)
    assert [str(f) for f in caught.value.findings] == [
        f"{path} Sheet!D4: error: '11'; NPS takes a whole number 0–10 [survey]"
    ]
    sheet.delete_rows(4)
    book.save(path)
    result = score_file(path, min_n=1)
    assert result.score("stage", "evaluation", "csat").value == 50
    assert result.score("dealer", "A", "csat").n == 1
