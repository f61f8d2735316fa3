"""Survey scores (NPS, CSAT, CES) per stage, touchpoint, persona and dealer, from a responses file.

Formulas (seed 000 and common practice):

* **NPS** (0–10): % promoters (9–10) − % detractors (0–6), from −100 to 100;
* **CSAT** (1–5): % of responses that are 4 or 5;
* **CES** (1–7, 7 = least effort): the mean.

Each score comes with its count and a 95 % confidence interval: for NPS the
normal interval of the mean of +100/0/−100 per response, for CSAT the Wilson
interval, for CES the t interval of the mean.  A score from fewer than
``min_n`` responses (30 by default) is flagged *small*: shown, never used to
set the emotion curve.

Input streams: rows are read one at a time and only per-group histograms are
kept (11 counters for NPS, 5 for CSAT, 7 for CES), so a million rows score in
bounded memory.  Every bad row is reported (up to :data:`MAX_REPORTED`),
naming the file, the row and the column, and nothing is scored when any row
is bad.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from pathlib import Path
from statistics import NormalDist
from typing import Any

import attrs

from cjm.errors import InputError, LoadError
from cjm.io.tables import open_table
from cjm.model import Emotion, Evidence, EvidenceKind, EvidenceMethod, Journey, Label
from cjm.validate import Finding

__all__ = [
    "DIMENSIONS",
    "Instrument",
    "Response",
    "Score",
    "SurveyResult",
    "emotions_from_scores",
    "read_responses",
    "score_file",
    "score_responses",
]

#: At most this many bad rows are listed in an error (the count of the rest follows).
MAX_REPORTED = 200

#: The groupings every score is computed for.
DIMENSIONS = ("stage", "touchpoint", "persona", "dealer", "dealer×stage")


class Instrument(str, Enum):
    """A survey instrument and its answer range."""

    NPS = "nps"
    CSAT = "csat"
    CES = "ces"

    @property
    def range(self) -> tuple[int, int]:
        """Lowest and highest answer."""
        return {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}[self.value]

    @property
    def scale(self) -> tuple[float, float]:
        """Lowest and highest score (what :func:`emotions_from_scores` maps from)."""
        return {"nps": (-100.0, 100.0), "csat": (0.0, 100.0), "ces": (1.0, 7.0)}[self.value]


@attrs.frozen(kw_only=True)
class Response:
    """One answer of one respondent."""

    respondent: str
    instrument: Instrument
    score: int
    stage: str | None = None
    touchpoint: str | None = None
    persona: str | None = None
    dealer: str | None = None
    segment: str | None = None
    date: dt.date | None = None


@attrs.frozen(kw_only=True)
class Score:
    """An instrument's score for one group, with its count and 95 % interval."""

    instrument: Instrument
    n: int
    value: float | None
    low: float | None
    high: float | None
    small: bool

    def __str__(self) -> str:
        if self.value is None:
            return f"{self.instrument.value.upper()} – (no responses)"
        interval = (
            f" [{self.low:.1f}, {self.high:.1f}]" if self.low is not None and self.high is not None else ""
        )
        flag = " small sample" if self.small else ""
        return f"{self.instrument.value.upper()} {self.value:.1f}{interval} n={self.n}{flag}"


_Z = NormalDist().inv_cdf(0.975)
# 97.5 % quantiles of Student's t for 1..30 degrees of freedom.
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def _t975(df: int) -> float:
    return _T975[df - 1] if df <= len(_T975) else _Z


def score_histogram(instrument: Instrument, counts: Mapping[int, int], *, min_n: int = 30) -> Score:
    """The score of one group from its histogram (answer -> how many gave it)."""
    n = sum(counts.values())
    if n == 0:
        return Score(instrument=instrument, n=0, value=None, low=None, high=None, small=True)
    small = n < min_n
    if instrument is Instrument.CSAT:
        p = sum(c for answer, c in counts.items() if answer >= 4) / n
        centre = (p + _Z**2 / (2 * n)) / (1 + _Z**2 / n)
        half = _Z * math.sqrt(p * (1 - p) / n + _Z**2 / (4 * n * n)) / (1 + _Z**2 / n)
        return Score(
            instrument=instrument,
            n=n,
            value=100 * p,
            low=100 * (centre - half),
            high=100 * (centre + half),
            small=small,
        )
    if instrument is Instrument.NPS:
        promoters = sum(c for answer, c in counts.items() if answer >= 9) / n
        detractors = sum(c for answer, c in counts.items() if answer <= 6) / n
        mean = promoters - detractors
        low = high = None
        if n > 1:
            variance = (promoters + detractors - mean**2) * n / (n - 1)
            half = _Z * math.sqrt(max(variance, 0.0) / n)
            low, high = max(-1.0, mean - half), min(1.0, mean + half)
        return Score(
            instrument=instrument,
            n=n,
            value=100 * mean,
            low=None if low is None else 100 * low,
            high=None if high is None else 100 * high,
            small=small,
        )
    mean = sum(answer * c for answer, c in counts.items()) / n
    low = high = None
    if n > 1:
        variance = sum(c * (answer - mean) ** 2 for answer, c in counts.items()) / (n - 1)
        half = _t975(n - 1) * math.sqrt(variance / n)
        low, high = mean - half, mean + half
    return Score(instrument=instrument, n=n, value=mean, low=low, high=high, small=small)


@attrs.frozen(kw_only=True)
class SurveyResult:
    """Every group's histogram per instrument; scores are computed from them on demand."""

    histograms: dict[tuple[str, str, Instrument], dict[int, int]]
    responses: int
    min_n: int = 30

    def score(self, dimension: str, key: str, instrument: Instrument | str) -> Score:
        """The score of one group (e.g. ``("stage", "evaluation", "nps")``)."""
        kind = Instrument(instrument)
        return score_histogram(kind, self.histograms.get((dimension, key, kind), {}), min_n=self.min_n)

    def groups(self, dimension: str) -> list[str]:
        """The keys seen for a dimension, sorted."""
        return sorted({key for dim, key, _ in self.histograms if dim == dimension})

    def instruments(self) -> list[Instrument]:
        """The instruments answered, in NPS, CSAT, CES order."""
        seen = {kind for _, _, kind in self.histograms}
        return [kind for kind in Instrument if kind in seen]

    def table(self, dimension: str, order: Iterable[str] = ()) -> Iterator[tuple[str, Instrument, Score]]:
        """(group, instrument, score) for every group of a dimension; ``order`` first (e.g. the stages)."""
        keys = self.groups(dimension)
        known = set(keys)
        first = [key for key in order if key in known]
        chosen = set(first)
        instruments = self.instruments()
        for key in first + [key for key in keys if key not in chosen]:
            for kind in instruments:
                if (dimension, key, kind) in self.histograms:
                    yield key, kind, self.score(dimension, key, kind)


def score_responses(responses: Iterable[Response], *, min_n: int = 30) -> SurveyResult:
    """Accumulate responses into per-group histograms (one pass, bounded memory)."""
    histograms: dict[tuple[str, str, Instrument], dict[int, int]] = {}
    total = 0
    for response in responses:
        total += 1
        keys = [
            ("stage", response.stage),
            ("touchpoint", response.touchpoint),
            ("persona", response.persona),
            ("dealer", response.dealer),
            ("all", "all"),
        ]
        if response.dealer and response.stage:
            keys.append(("dealer×stage", f"{response.dealer}|{response.stage}"))
        for dimension, key in keys:
            if key:
                counts = histograms.setdefault((dimension, key, response.instrument), {})
                counts[response.score] = counts.get(response.score, 0) + 1
    return SurveyResult(histograms=histograms, responses=total, min_n=min_n)


_COLUMNS = {
    "respondent": "응답자",
    "stage": "여정 단계",
    "touchpoint": "접점",
    "instrument": "척도",
    "score": "점수",
    "persona": "페르소나",
    "dealer": "딜러",
    "segment": "세그먼트",
    "date": "일자",
}
_ALIASES = {**{k: k for k in _COLUMNS}, **{v: k for k, v in _COLUMNS.items()}}


def _rows(
    path: str | os.PathLike[str], stages: Iterable[str] | None, allow_empty: bool = False
) -> Iterator[tuple[Any, ...]]:
    """Checked rows as tuples.

    Each is (respondent, instrument, score, stage, touchpoint, persona, dealer, segment, date).
    A file with a header and no rows is a :class:`LoadError` unless ``allow_empty``.
    """
    name = str(path)
    known_stages = set(stages) if stages is not None else None
    problems: list[Finding] = []
    extra = 0
    instruments = {kind.value: kind for kind in Instrument} | {
        kind.value.upper(): kind for kind in Instrument
    }

    with open_table(path) as table:
        header = table.header
        columns = [_ALIASES.get(h.strip().lower(), _ALIASES.get(h.strip(), "")) for h in header]
        header_problems = [
            Finding(
                rule="survey",
                source=table.where(1, i, h),
                message=f"column {h!r} is unknown; expected: {', '.join(_COLUMNS)}",
            )
            for i, (h, c) in enumerate(zip(header, columns, strict=True))
            if not c
        ]
        missing = [c for c in ("respondent", "instrument", "score") if c not in columns]
        if missing:
            header_problems.append(
                Finding(rule="survey", source=f"{name}:1", message=f"missing column(s): {', '.join(missing)}")
            )
        if "stage" not in columns and "touchpoint" not in columns:
            header_problems.append(
                Finding(rule="survey", source=f"{name}:1", message="needs a stage or a touchpoint column")
            )
        if header_problems:
            raise LoadError(f"{name}: the header has problems", header_problems)
        at = {c: columns.index(c) if c in columns else None for c in _COLUMNS}
        width = len(columns)

        def problem(line: int, column: str, message: str) -> None:
            nonlocal extra
            if len(problems) < MAX_REPORTED:
                where = (
                    table.where(line, at.get(column) or 0, column)
                    if column in at
                    else table.where(line, width)
                )
                problems.append(Finding(rule="survey", source=where, message=message))
            else:
                extra += 1

        i_respondent, i_instrument, i_score = at["respondent"], at["instrument"], at["score"]
        optional = [at[c] for c in ("stage", "touchpoint", "persona", "dealer", "segment")]
        i_date = at["date"]
        seen = 0  # rows with any content, good or bad
        for line, row in table.rows:
            if len(row) != width:
                if len(row) < width:
                    row = row + ("",) * (width - len(row))  # a workbook leaves trailing blanks out
                elif any(cell.strip() for cell in row[width:]):
                    problem(line, "-", f"{len(row)} cells; the header has {width}")
                    continue
            if not any(cell.strip() for cell in row):
                continue
            seen += 1
            ok = True
            respondent = row[i_respondent].strip()  # type: ignore[index]
            if not respondent:
                problem(line, "respondent", "empty; every response needs a respondent")
                ok = False
            raw = row[i_instrument].strip()  # type: ignore[index]
            instrument = instruments.get(raw) or instruments.get(raw.lower())
            if instrument is None:
                problem(line, "instrument", f"{raw!r}; expected nps, csat or ces")
                continue
            low, high = instrument.range
            text = row[i_score].strip()  # type: ignore[index]
            score = int(text) if text.isdigit() else -1
            if not low <= score <= high:
                problem(
                    line, "score", f"{text!r}; {instrument.value.upper()} takes a whole number {low}–{high}"
                )
                ok = False
            stage, touchpoint, persona, dealer, segment = (
                (row[i].strip() or None) if i is not None else None for i in optional
            )
            if stage is not None and known_stages is not None and stage not in known_stages:
                problem(line, "stage", f"{stage!r} is not a stage of the journey")
                ok = False
            if stage is None and touchpoint is None:
                problem(line, "stage", "empty; give a stage or a touchpoint")
                ok = False
            date = None
            if i_date is not None and row[i_date].strip():
                try:
                    date = dt.date.fromisoformat(row[i_date].strip())
                except ValueError:
                    problem(line, "date", f"{row[i_date].strip()!r} is not a date (YYYY-MM-DD)")
                    ok = False
            if ok and not problems:
                yield respondent, instrument, score, stage, touchpoint, persona, dealer, segment, date
    if problems:
        more = f" (and {extra} more)" if extra else ""
        raise LoadError(f"{name}: {len(problems) + extra} bad row(s){more}; nothing was scored", problems)
    if not seen and not allow_empty:
        raise LoadError(
            f"{name}: no responses; nothing was scored",
            [
                Finding(
                    rule="survey",
                    source=f"{name}:2",
                    message="the file has a header and no rows; expected one row per answer",
                )
            ],
        )


def read_responses(
    path: str | os.PathLike[str], *, stages: Iterable[str] | None = None, allow_empty: bool = False
) -> Iterator[Response]:
    """Stream responses from a CSV file, checking each row.

    ``stages`` (the journey's stage ids) makes an unknown stage an error.  Bad
    rows do not stop the reading; at the end a :class:`LoadError` lists them
    all (the first :data:`MAX_REPORTED`), so a caller must consume the whole
    iterator before using what it yielded — :func:`score_responses` does.  A
    file with a header and no rows is an error too, unless ``allow_empty``.
    """
    for respondent, instrument, score, stage, touchpoint, persona, dealer, segment, date in _rows(
        path, stages, allow_empty
    ):
        yield Response(
            respondent=respondent,
            instrument=instrument,
            score=score,
            stage=stage,
            touchpoint=touchpoint,
            persona=persona,
            dealer=dealer,
            segment=segment,
            date=date,
        )


def score_file(
    path: str | os.PathLike[str],
    *,
    stages: Iterable[str] | None = None,
    min_n: int = 30,
    allow_empty: bool = False,
) -> SurveyResult:
    """Check and score a responses CSV in one streaming pass (the fast path of the ``survey`` command).

    A file with a header and no rows is a :class:`LoadError` (zero answers are
    no evidence); ``allow_empty`` gives an empty result instead (a project's
    survey file before the first answers).
    """
    histograms: dict[tuple[str, str, Instrument], dict[int, int]] = {}
    total = 0
    for _respondent, kind, score, stage, touchpoint, persona, dealer, _segment, _date in _rows(
        path, stages, allow_empty
    ):
        total += 1
        for key in (
            ("stage", stage, kind),
            ("touchpoint", touchpoint, kind),
            ("persona", persona, kind),
            ("dealer", dealer, kind),
            ("all", "all", kind),
            ("dealer×stage", f"{dealer}|{stage}" if dealer and stage else None, kind),
        ):
            if key[1] is not None:
                counts = histograms.get(key)  # type: ignore[arg-type]
                if counts is None:
                    counts = histograms[key] = {}  # type: ignore[index]
                counts[score] = counts.get(score, 0) + 1
    return SurveyResult(histograms=histograms, responses=total, min_n=min_n)


#: Which instrument sets a stage's emotion when several were asked: the first answered of these.
EMOTION_PREFERENCE = (Instrument.CSAT, Instrument.NPS, Instrument.CES)


def emotions_from_scores(
    journey: Journey, result: SurveyResult, *, source: str | Path, evidence_id: str = "survey"
) -> tuple[Journey, list[str]]:
    """The journey with each stage's emotion set from its survey score, and notes on what was not.

    Mapping: a stage's score (CSAT % if asked, else NPS, else CES) is placed
    linearly on the journey's emotion scale — CSAT 0..100 %, NPS −100..100 and
    CES 1..7 onto low..high — as a fact citing one survey evidence entry.  A
    stage whose sample is small keeps its emotion (or none) and is named in the
    notes.  Emotions of personas are left alone.  No responses at all is an
    :class:`~cjm.errors.InputError`: zero answers are no evidence.
    """
    if result.responses == 0:
        raise InputError(
            f"{source}: no survey responses",
            [Finding(rule="survey", source=str(source), message="no responses; nothing sets the emotions")],
        )
    scale = journey.emotion_scale
    notes: list[str] = []
    emotions = [e for e in journey.emotions if e.persona is not None]
    by_stage = {e.stage: e for e in journey.emotions if e.persona is None}
    for stage in journey.stages:
        kind = next((k for k in EMOTION_PREFERENCE if ("stage", stage.id, k) in result.histograms), None)
        if kind is None:
            if stage.id in by_stage:
                emotions.append(by_stage[stage.id])
            continue
        score = result.score("stage", stage.id, kind)
        if score.small or score.value is None:
            notes.append(f"{stage.id}: {score} — too few responses to set the emotion curve")
            if stage.id in by_stage:
                emotions.append(by_stage[stage.id])
            continue
        low, high = kind.scale

        def on_scale(value: float, low: float = low, high: float = high) -> float:
            return round(scale.low + (value - low) / (high - low) * (scale.high - scale.low), 2)

        interval = (
            (on_scale(score.low), on_scale(score.high))
            if score.low is not None and score.high is not None
            else (None, None)
        )
        value = on_scale(score.value)
        emotions.append(
            Emotion(
                stage=stage.id,
                score=value,
                note=str(score),
                label=Label.FACT,
                evidence=(evidence_id,),
                n=score.n,
                low=min(interval[0], value) if interval[0] is not None else None,
                high=max(interval[1], value) if interval[1] is not None else None,
            )
        )
    order = {s.id: i for i, s in enumerate(journey.stages)}
    emotions.sort(key=lambda e: (order.get(e.stage, len(order)), e.persona or ""))
    record = Evidence(
        id=evidence_id,
        method=EvidenceMethod.SURVEY,
        source_role="end_user",
        kind=EvidenceKind.DATA,
        reference=str(source),
        summary=f"{result.responses} survey responses",
    )
    evidence = [e for e in journey.evidence if e.id != evidence_id] + [record]
    return attrs.evolve(journey, emotions=tuple(emotions), evidence=tuple(evidence)), notes
