"""Dealer consistency: does the service level depend on which dealer the customer meets?

Seed 000 names it as a cause of bad experience.  For each instrument, each
dealer's responses are compared with all other dealers' (a two-sample z test
of the per-response values: NPS as +100/0/−100, CSAT as 100/0, CES as
answered), with a Bonferroni correction over the dealers compared, so that a
dealer is flagged only when it differs beyond chance at the 5 % level overall.
Dealers with fewer than ``min_n`` responses are shown but never flagged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from statistics import NormalDist

import attrs

from cjm.voc.survey import Instrument, Score, SurveyResult, score_histogram

__all__ = ["DealerComparison", "dealer_consistency"]


@attrs.frozen(kw_only=True)
class DealerComparison:
    """One dealer against the others on one instrument."""

    dealer: str
    instrument: Instrument
    score: Score
    others: Score
    z: float | None
    flagged: bool
    direction: str  # "better", "worse" or ""


def _values(instrument: Instrument, counts: Mapping[int, int]) -> tuple[int, float, float]:
    """Count, mean and variance of the per-response values."""

    def value(answer: int) -> float:
        if instrument is Instrument.NPS:
            return 100.0 if answer >= 9 else -100.0 if answer <= 6 else 0.0
        if instrument is Instrument.CSAT:
            return 100.0 if answer >= 4 else 0.0
        return float(answer)

    n = sum(counts.values())
    if n == 0:
        return 0, 0.0, 0.0
    mean = sum(value(a) * c for a, c in counts.items()) / n
    variance = sum(c * (value(a) - mean) ** 2 for a, c in counts.items()) / (n - 1) if n > 1 else 0.0
    return n, mean, variance


def _totals(
    dealers: Mapping[str, Mapping[int, int]],
) -> tuple[dict[int, int], dict[int, list[tuple[int, int, str]]]]:
    """Every dealer's answers added up, and where each answer is first seen (its first two dealers).

    ``seen[answer]`` holds (dealer index, place in its histogram, dealer) for the first two
    dealers that gave it: enough to know where it is first seen once any one dealer is left out.
    """
    total: dict[int, int] = {}
    seen: dict[int, list[tuple[int, int, str]]] = {}
    for index, (dealer, counts) in enumerate(dealers.items()):
        for place, (answer, c) in enumerate(counts.items()):
            total[answer] = total.get(answer, 0) + c
            first = seen.setdefault(answer, [])
            if len(first) < 2:
                first.append((index, place, dealer))
    return total, seen


def _rest(
    dealer: str,
    counts: Mapping[int, int],
    total: Mapping[int, int],
    seen: Mapping[int, list[tuple[int, int, str]]],
) -> dict[int, int]:
    """All other dealers' answers: the total less ``dealer``'s own, in O(answers) not O(dealers).

    The answers come in the order of adding the other dealers up one by one, so the sums
    over them (and so every score and z) are exactly those of that plain loop.
    """
    order = sorted(
        (next(((i, p) for i, p, d in seen[answer] if d != dealer), (-1, -1)), answer) for answer in total
    )
    rest = {answer: total[answer] - counts.get(answer, 0) for _, answer in order}
    return {answer: c for answer, c in rest.items() if c}


def dealer_consistency(result: SurveyResult, *, alpha: float = 0.05) -> list[DealerComparison]:
    """Every dealer against the rest, per instrument; ``flagged`` where it differs beyond chance."""
    comparisons = []
    for instrument in result.instruments():
        dealers = {
            key: result.histograms[("dealer", key, instrument)]
            for key in result.groups("dealer")
            if ("dealer", key, instrument) in result.histograms
        }
        if len(dealers) < 2:
            continue
        testable = [d for d, counts in dealers.items() if sum(counts.values()) >= result.min_n]
        critical = NormalDist().inv_cdf(1 - alpha / (2 * max(1, len(testable))))
        total, seen = _totals(dealers)
        for dealer, counts in sorted(dealers.items()):
            rest = _rest(dealer, counts, total, seen)
            n1, m1, v1 = _values(instrument, counts)
            n2, m2, v2 = _values(instrument, rest)
            z = None
            if n1 >= result.min_n and n2 > 1:
                se = math.sqrt(v1 / n1 + v2 / n2)
                z = (m1 - m2) / se if se > 0 else 0.0
            flagged = z is not None and abs(z) > critical
            comparisons.append(
                DealerComparison(
                    dealer=dealer,
                    instrument=instrument,
                    score=score_histogram(instrument, counts, min_n=result.min_n),
                    others=score_histogram(instrument, rest, min_n=result.min_n),
                    z=z,
                    flagged=flagged,
                    direction=("better" if m1 > m2 else "worse") if flagged else "",
                )
            )
    return comparisons
