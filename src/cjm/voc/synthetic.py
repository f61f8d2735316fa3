"""A deterministic generator of survey responses, for the example, the tests and the benchmark.

``write_synthetic_responses(path, rows=400, seed=11)`` writes a responses CSV
on the b2b-dealer stages: CSAT at every stage, NPS at repurchase, CES at
problem resolution, across four dealers, one of which (C딜러) serves worse —
the pattern seed 000 suspects ("the service level depends on which dealer the
customer meets").  The same seed always writes the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random

from cjm.io.files import atomic_writer

__all__ = ["DEALERS", "write_synthetic_responses"]

DEALERS = ("A딜러(서울)", "B딜러(부산)", "C딜러(대구)", "D딜러(광주)")
_STAGES = {
    "awareness": ("csat", "학회"),
    "evaluation": ("csat", "딜러 영업사원"),
    "onboarding": ("csat", "제품 데모 시연"),
    "everyday-use": ("csat", "초기 사용 교육"),
    "problem": ("ces", "고객 지원 콜센터"),
    "repurchase": ("nps", "유통 파트너의 영업 제안"),
}
_PERSONAS = ("hospital-physician", "purchasing")
_HEADER = ("respondent", "date", "stage", "touchpoint", "instrument", "score", "dealer", "persona")


def _answer(rng: random.Random, instrument: str, stage: str, dealer: str) -> int:
    worse = dealer == DEALERS[2]
    if instrument == "csat":
        weights = [0.05, 0.10, 0.25, 0.35, 0.25] if not worse else [0.15, 0.25, 0.30, 0.20, 0.10]
        if stage == "problem":
            weights = [0.2, 0.3, 0.25, 0.15, 0.1]
        return rng.choices(range(1, 6), weights)[0]
    if instrument == "nps":
        weights = [1, 1, 1, 2, 2, 4, 6, 10, 14, 12, 8] if not worse else [3, 3, 4, 5, 6, 8, 9, 8, 6, 3, 2]
        return rng.choices(range(11), weights)[0]
    weights = [2, 4, 8, 10, 10, 8, 5] if not worse else [6, 9, 10, 8, 5, 3, 1]
    return rng.choices(range(1, 8), weights)[0]


def write_synthetic_responses(path: str | os.PathLike[str], rows: int = 400, *, seed: int = 11) -> None:
    """Write ``rows`` survey responses to ``path`` (CSV, UTF-8), atomically."""
    rng = random.Random(seed)
    stages = list(_STAGES)
    start = dt.date(2026, 9, 1)
    with atomic_writer(path) as binary:
        # newline="": the csv writer's "\n" goes out as it is; detach() leaves the file to atomic_writer
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(_HEADER)
        dealer, persona = DEALERS[0], _PERSONAS[0]
        for i in range(rows):
            stage = stages[i % len(stages)]
            if i % len(stages) == 0:  # each respondent, of one dealer, answers every stage
                dealer = DEALERS[rng.randrange(len(DEALERS))]
                persona = _PERSONAS[0] if rng.random() < 0.8 else _PERSONAS[1]
            instrument, touchpoint = _STAGES[stage]
            writer.writerow(
                (
                    f"R{i // len(stages) + 1:06d}",
                    (start + dt.timedelta(days=rng.randrange(90))).isoformat(),
                    stage,
                    touchpoint,
                    instrument,
                    _answer(rng, instrument, stage, dealer),
                    dealer,
                    persona,
                )
            )
        text.flush()
        text.detach()
