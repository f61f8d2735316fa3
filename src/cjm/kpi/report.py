"""The KPI report as text: a terminal table and a Markdown page.

Both show, stage by stage, each metric's computed value, the baseline the map
had, the target and the gap, how many records the value rests on, and (when
the run was split by dealer) each dealer's value; then what was skipped and
why.  The workbook (:func:`cjm.exporters.excel.kpi.kpi_workbook`) and the
slides (:func:`cjm.exporters.powerpoint.kpi.kpi_builder`) of the report are
drawn from a :class:`KpiReport`: the same
:class:`~cjm.kpi.baselines.GapRow` records for every period of the run.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence

import attrs

from cjm.grid import format_value
from cjm.i18n import Wording, pick
from cjm.kpi.analytics import JourneyAnalytics
from cjm.kpi.baselines import GapRow, Status, baseline_rows, rows_by_stage
from cjm.kpi.compute import KpiResults
from cjm.model import Journey

__all__ = [
    "KpiReport",
    "PeriodRows",
    "funnel_scope",
    "funnel_word",
    "gap_text",
    "kpi_report",
    "level_word",
    "not_computed",
    "note_text",
    "path_text",
    "previous_text",
    "render_funnel_markdown",
    "render_funnel_terminal",
    "render_markdown",
    "render_terminal",
    "signed_text",
    "stage_names",
    "status_text",
    "undefined",
    "value_text",
    "width",
    "word",
]

_WORDS: dict[str, Wording] = {
    "title": ("KPI 베이스라인", "KPI baselines"),
    "period": ("기간", "Period"),
    "engine": ("엔진", "Engine"),
    "data": ("데이터", "Data"),
    "stage": ("단계", "Stage"),
    "kpi": ("KPI", "KPI"),
    "id": ("ID", "id"),
    "value": ("측정값", "Value"),
    "baseline": ("기존 베이스라인", "Map baseline"),
    "target": ("목표", "Target"),
    "gap": ("차이", "Gap"),
    "n": ("건수", "n"),
    "dealers": ("딜러별", "By dealer"),
    "note": ("비고", "Note"),
    "met": ("달성", "met"),
    "not_met": ("미달", "not met"),
    "no_stage": ("(단계 없음)", "(no stage)"),
    "skipped": ("계산하지 못한 KPI", "KPIs not computed"),
    "not_on_map": ("지도에 없는 KPI (카탈로그 값)", "KPIs the map does not have (catalogue values)"),
    "no_definition": (
        "카탈로그에 정의가 없는 지표 (기존 값 유지)",
        "Metrics with no catalogue definition (kept as they were)",
    ),
    "unsplit": ("딜러별로 나눌 수 없는 KPI", "KPIs that cannot be split by dealer"),
    "written": ("기록함", "written"),
    "hypothesis": ("가설", "hypothesis"),
    "fact": ("사실", "fact"),
    "idea": ("아이디어", "idea"),
    "change": ("지도 대비", "vs map"),
    "met_col": ("목표 달성", "Target met"),
    "trend": ("기간별 추이", "By period"),
    "about": ("정보", "About"),
    "as_of": ("기준일", "As of"),
    "worst": ("최저 딜러", "Worst dealer"),
    "spread": ("딜러 편차 (최저 … 최고)", "Dealer spread (worst … best)"),
    "mot": ("★ 진실의 순간(MoT) 관리 지표", "★ metric of a Moment of Truth"),
    "table": ("테이블", "Table"),
    "file": ("파일", "File"),
    "spread_colours": (
        "딜러 열: 빨강 = 최저, 초록 = 최고 (지표 방향 기준)",
        "Dealer columns: red = worst, green = best (in the metric's direction)",
    ),
    "met_colours": ("목표 달성: 초록 = 달성, 빨강 = 미달", "Target: green = met, red = not met"),
    "values_note": (
        "측정값은 회사 데이터에서 계산한 값이며, '기존 베이스라인'은 지도에 있던 값(라벨 포함)입니다.",
        "Values are computed from the company's records;"
        " 'Map baseline' is what the map had (with its label).",
    ),
}
_STATUS: dict[str, Wording] = {
    Status.WRITTEN: ("기록", "written"),
    Status.NO_VALUE: ("값 없음", "no value"),
    Status.SKIPPED: ("계산 불가", "skipped"),
    Status.UNIT: ("단위 다름", "unit differs"),
    Status.NOT_ON_MAP: ("지도에 없음", "not on the map"),
    Status.NO_DEFINITION: ("정의 없음", "no definition"),
}


def _w(key: str, lang: str) -> str:
    return pick(_WORDS[key], lang)


def word(key: str, language: str) -> str:
    """The report's wording of ``key`` in ``language`` (the views of the report share it)."""
    return _w(key, language)


def status_text(status: str, language: str) -> str:
    """A row's status in ``language`` ("값 없음", "skipped" …)."""
    return pick(_STATUS[status], language)


@attrs.frozen(kw_only=True)
class PeriodRows:
    """The report rows of one period, and the day its values stand for."""

    period: str
    as_of: dt.date
    rows: tuple[GapRow, ...]


@attrs.frozen(kw_only=True)
class KpiReport:
    """What the report's sheet and slides show, as plain data.

    ``periods`` runs oldest to newest, each with a row per metric of the map
    (and per catalogue KPI the map lacks); ``dealers`` are ``(id, name)`` of
    the dealers with values; ``stages`` are ``(id, name)`` in the map's
    order; ``mot_metrics`` are the metrics a Moment of Truth is managed by.
    """

    title: str
    language: str
    engine: str
    periods: tuple[PeriodRows, ...]
    dealers: tuple[tuple[str, str], ...]
    stages: tuple[tuple[str, str], ...]
    mot_stages: frozenset[str]
    mot_metrics: frozenset[str]
    #: table -> the file it was read from.
    sources: Mapping[str, str]
    #: KPIs asked to split by dealer that could not be.
    unsplit: tuple[str, ...] = ()

    @property
    def latest(self) -> PeriodRows:
        """The newest period's rows."""
        return self.periods[-1]

    def stage_name(self, stage: str | None) -> str:
        """A stage's name ("(no stage)" for None; the id for a stage the map lacks)."""
        if stage is None:
            return _w("no_stage", self.language)
        return dict(self.stages).get(stage, stage)

    def stage_title(self, stage: str | None) -> str:
        """A stage's name as a row group or slide shows it: "★ 검토/주문 (MoT)" for a Moment of Truth."""
        name = self.stage_name(stage)
        return f"★ {name} (MoT)" if stage in self.mot_stages else name

    def metric_title(self, row: GapRow) -> str:
        """A metric's name, starred when a Moment of Truth is managed by it."""
        return f"★ {row.name}" if row.metric in self.mot_metrics else row.name

    def dealer_name(self, dealer: str) -> str:
        """A dealer's name (its id when the data named none)."""
        return dict(self.dealers).get(dealer, dealer)

    def shown(self, rows: Sequence[GapRow]) -> list[GapRow]:
        """The rows a table shows: every metric with a KPI definition, catalogue KPIs only with a value."""
        return [
            r
            for r in rows
            if r.status != Status.NO_DEFINITION and not (r.status == Status.NOT_ON_MAP and r.value is None)
        ]

    def by_stage(self, rows: Sequence[GapRow]) -> dict[str | None, list[GapRow]]:
        """:meth:`shown` rows grouped by stage, in the map's stage order."""
        return rows_by_stage(self.shown(rows))

    def not_computed(self) -> list[GapRow]:
        """Rows of the newest period that have no value and say why (see :func:`not_computed`)."""
        return not_computed(self.latest.rows)

    def undefined(self) -> list[str]:
        """Metrics of the map no catalogue KPI defines (see :func:`undefined`)."""
        return undefined(self.latest.rows)


def kpi_report(journey: Journey, results: KpiResults, *, language: str | None = None) -> KpiReport:
    """The report of a run on ``journey``: every period's rows (see :func:`baseline_rows`)."""
    lang = language or journey.language
    periods = tuple(
        PeriodRows(
            period=p.label,
            as_of=p.last_day,
            rows=tuple(baseline_rows(journey, results, period=p.label, language=lang)),
        )
        for p in results.periods
    )
    seen = sorted({d for p in periods for r in p.rows for d, _v in r.dealers})
    return KpiReport(
        title=journey.title,
        language=lang,
        engine=results.engine,
        periods=periods,
        dealers=tuple((d, results.dealer_names.get(d, d)) for d in seen),
        stages=tuple((s.id, s.name) for s in journey.stages),
        mot_stages=frozenset(m.stage for m in journey.moments_of_truth),
        mot_metrics=frozenset(i for m in journey.moments_of_truth for i in m.metrics),
        sources=dict(results.sources),
        unsplit=results.unsplit,
    )


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def width(text: str) -> int:
    """Terminal columns ``text`` takes (a Hangul syllable or other wide character takes two)."""
    return sum(map(_columns, text))


def _fit(text: str, size: int, right: bool = False) -> str:
    shown, used = "", 0
    for char in text:
        step = _columns(char)
        if used + step > size:
            shown = shown[:-1] + "…" if shown else ""
            used = width(shown)
            break
        shown += char
        used += step
    pad = " " * (size - used)
    return pad + shown if right else shown + pad


def value_text(value: float | None, unit: str) -> str:
    """A value with its unit ("71.8%", "2.1일"); large ones (money, counts) with thousands separators."""
    if value is None:
        return "–"
    if abs(value) >= 10_000:
        number = f"{value:,.0f}"
        return f"{number} {unit}" if unit and unit[0].isascii() and unit[0].isalpha() else f"{number}{unit}"
    return format_value(value, unit)


def signed_text(value: float | None, unit: str) -> str:
    """A difference with its sign and unit ("+1.8%", "-0.4일"); empty when there is none."""
    if value is None:
        return ""
    return ("+" if value > 0 else "") + value_text(round(value, 2), unit)


def gap_text(row: GapRow, lang: str) -> str:
    """The gap to the target and whether it is met: "-10% 미달"; empty without a target."""
    if row.gap is None:
        return ""
    mark = _w("met", lang) if row.met else _w("not_met", lang) if row.met is False else ""
    return f"{signed_text(row.gap, row.unit)} {mark}".strip()


def note_text(row: GapRow, lang: str) -> str:
    """What a row's note column says: its status unless written, and its detail (the top causes)."""
    status = "" if row.status == Status.WRITTEN else status_text(row.status, lang)
    return f"{status} {row.detail}".strip()


def previous_text(row: GapRow, lang: str) -> str:
    """The map's previous baseline with its label: "70% (가설)"."""
    base = row.previous
    if base is None:
        return ""
    figure = base.text or (format_value(base.value, row.unit) if base.value is not None else "")
    return f"{figure} ({_w(base.label.value, lang)})" if figure else ""


def _dealers(row: GapRow, results: KpiResults) -> str:
    names = results.dealer_names
    return ", ".join(f"{names.get(d, d)} {value_text(v, row.unit)}" for d, v in row.dealers)


def _stage_name(journey: Journey, stage: str | None, lang: str) -> str:
    if stage is None:
        return _w("no_stage", lang)
    try:
        return journey.stage(stage).name
    except KeyError:
        return stage


def _header(results: KpiResults, period: str, lang: str) -> list[str]:
    files = ", ".join(sorted(set(results.sources.values())))
    return [
        f"{_w('period', lang)}: {period}   {_w('engine', lang)}: {results.engine}",
        f"{_w('data', lang)}: {files}",
    ]


def render_terminal(
    journey: Journey,
    results: KpiResults,
    rows: Sequence[GapRow],
    *,
    period: str | None = None,
    language: str | None = None,
) -> str:
    """The report as a fixed-width table for a terminal (Korean counted as two columns)."""
    lang = language or journey.language
    wanted = period or results.periods[-1].label
    split = bool(results.by)
    columns = [
        ("id", 22, False),
        ("kpi", 26, False),
        ("value", 16, True),
        ("baseline", 22, True),
        ("target", 10, True),
        ("gap", 14, True),
        ("n", 7, True),
    ]
    lines = [f"{_w('title', lang)} — {journey.title}", *_header(results, wanted, lang), ""]
    head = "  ".join(_fit(_w(key, lang), size, right) for key, size, right in columns)
    lines.append(head + ("  " + _w("dealers", lang) if split else "  " + _w("note", lang)))
    lines.append("-" * width(head))
    for stage, group in rows_by_stage(r for r in rows if r.status != Status.NO_DEFINITION).items():
        lines.append(f"[{_stage_name(journey, stage, lang)}]")
        for row in group:
            cells = [
                row.metric,
                row.name,
                value_text(row.value, row.unit),
                previous_text(row, lang),
                "" if row.target is None else format_value(row.target, row.unit),
                gap_text(row, lang),
                "" if row.n is None else str(row.n),
            ]
            text = "  ".join(
                _fit(c, size, right) for c, (_k, size, right) in zip(cells, columns, strict=True)
            )
            tail = _dealers(row, results) if split and row.dealers else ""
            note = note_text(row, lang)
            lines.append(f"{text}  {tail}  {note}".rstrip() if tail else f"{text}  {note}".rstrip())
    lines.extend(_footer(rows, results, lang))
    return "\n".join(lines) + "\n"


def not_computed(rows: Sequence[GapRow]) -> list[GapRow]:
    """Rows that have no value and say why (a missing table, another unit, no data …)."""
    return [r for r in rows if r.note and r.value is None and r.status != Status.NO_DEFINITION]


def undefined(rows: Sequence[GapRow]) -> list[str]:
    """Metrics of the map that no catalogue KPI defines (their baselines stay as they were)."""
    return [r.metric for r in rows if r.status == Status.NO_DEFINITION]


def _footer(rows: Sequence[GapRow], results: KpiResults, lang: str) -> list[str]:
    out: list[str] = []
    skipped = not_computed(rows)
    if skipped:
        out += ["", f"{_w('skipped', lang)}:"]
        out += [f"  {r.metric}: {r.note}" for r in skipped]
    metrics = undefined(rows)
    if metrics:
        out += ["", f"{_w('no_definition', lang)}: {', '.join(metrics)}"]
    if results.unsplit:
        out += ["", f"{_w('unsplit', lang)}: {', '.join(results.unsplit)}"]
    return out


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(
    journey: Journey,
    results: KpiResults,
    rows: Sequence[GapRow],
    *,
    period: str | None = None,
    language: str | None = None,
) -> str:
    """The report as Markdown: a table per stage, then what was not computed."""
    lang = language or journey.language
    wanted = period or results.periods[-1].label
    split = bool(results.by)
    out = [f"# {_w('title', lang)} — {_md(journey.title)}", ""]
    out += [f"- {line}" for line in _header(results, wanted, lang)]
    heads = ["kpi", "value", "baseline", "target", "gap", "n"] + (["dealers"] if split else []) + ["note"]
    for stage, group in rows_by_stage(r for r in rows if r.status != Status.NO_DEFINITION).items():
        out += ["", f"## {_md(_stage_name(journey, stage, lang))}", ""]
        out.append("| " + " | ".join(_w(h, lang) for h in heads) + " |")
        out.append(
            "|" + "|".join("---:" if h in ("value", "target", "gap", "n") else "---" for h in heads) + "|"
        )
        for row in group:
            note = note_text(row, lang)
            cells = [
                f"**{_md(row.name)}** `{row.metric}`",
                value_text(row.value, row.unit),
                _md(previous_text(row, lang)),
                "" if row.target is None else format_value(row.target, row.unit),
                gap_text(row, lang),
                "" if row.n is None else str(row.n),
            ]
            if split:
                cells.append(_md(_dealers(row, results)))
            cells.append(_md(note))
            out.append("| " + " | ".join(cells) + " |")
    out += [
        line if not line.startswith("  ") else "- " + line.strip() for line in _footer(rows, results, lang)
    ]
    return "\n".join(out) + "\n"


# --- the funnel (cjm funnel) ----------------------------------------------------------------------

_FUNNEL_WORDS: dict[str, Wording] = {
    "funnel": ("퍼널 (단계별 도달·전환·이탈)", "Funnel (reached, converted, dropped per stage)"),
    "stage": ("단계", "stage"),
    "reached": ("도달", "reached"),
    "converted": ("전환", "converted"),
    "dropped": ("이탈", "dropped"),
    "rate": ("전환율", "conversion"),
    "days": ("체류(중앙값, 일)", "days in stage (median)"),
    "paths": ("가장 많은 경로", "Most frequent paths"),
    "path": ("경로", "path"),
    "share": ("비율", "share"),
    "unseen": ("지도에 있지만 데이터에 없는 접점", "Touchpoints on the map the data never show"),
    "missing": ("데이터에 자주 나오지만 지도에 없는 접점", "Frequent touchpoints the map lacks"),
    "reality": ("지도 vs 실제 데이터", "The map against the data"),
    "touchpoint": ("접점", "touchpoint"),
    "events": ("이벤트", "events"),
    "none": ("없음", "none"),
    "customers": ("고객", "customers"),
    "all": ("전체 기간", "all periods"),
}


def funnel_word(key: str, language: str) -> str:
    """The funnel report's wording of ``key`` in ``language`` (its sheet and slides share it)."""
    return pick(_FUNNEL_WORDS[key], language)


def _count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def _days(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def funnel_scope(result: JourneyAnalytics, language: str) -> str:
    """The line saying what the funnel covers: period, dealer, customers and events."""
    period = str(result.period) if result.period else funnel_word("all", language)
    dealer = f" · {result.dealer}" if result.dealer else ""
    return (
        f"{period}{dealer}: {result.customers:,} {funnel_word('customers', language)},"
        f" {result.events:,} {funnel_word('events', language)}"
    )


def level_word(result: JourneyAnalytics, language: str) -> str:
    """What the paths are made of, in ``language``: stages or touchpoints."""
    return funnel_word("stage" if result.path_level == "stage" else "touchpoint", language)


def stage_names(journey: Journey, stages: Sequence[str]) -> str:
    """Stage ids as the map names them, comma-separated (an id the map lacks as written)."""
    names = {s.id: s.name for s in journey.stages}
    return ", ".join(names.get(s, s) for s in stages)


def path_text(journey: Journey, result: JourneyAnalytics, steps: Sequence[str], truncated: bool) -> str:
    """A path as the report shows it: stage names (or touchpoints) joined by arrows."""
    names = {s.id: s.name for s in journey.stages} if result.path_level == "stage" else {}
    return " → ".join(names.get(step, step) for step in steps) + (" → …" if truncated else "")


def render_funnel_terminal(journey: Journey, result: JourneyAnalytics, *, language: str | None = None) -> str:
    """The funnel, paths and map-against-reality as fixed-width text for a terminal."""
    lang = language or journey.language

    def w(key: str) -> str:
        return funnel_word(key, lang)

    def pad(text: str, size: int, right: bool = True) -> str:
        gap = " " * max(size - width(text), 0)
        return gap + text if right else text + gap

    scope = f" ({result.period})" if result.period else ""
    lines = [f"{w('funnel')}{scope}: {result.customers} {w('customers')}, {result.events} {w('events')}"]
    lines.append(
        pad(w("stage"), 24, False)
        + "".join(pad(w(k), 12) for k in ("reached", "converted", "dropped", "rate"))
        + "  "
        + w("days")
    )
    for step in result.funnel:
        cells = [
            _count(step.reached),
            _count(step.converted),
            _count(step.dropped),
            _percent(step.conversion),
        ]
        name = journey.stage(step.stage).name
        lines.append(
            pad(name, 24, False) + "".join(pad(c, 12) for c in cells) + "  " + pad(_days(step.median_days), 8)
        )
    lines += ["", f"{w('paths')} ({level_word(result, lang)}):"]
    for path in result.paths:
        shown = path_text(journey, result, path.steps, path.truncated)
        lines.append(f"  {path.customers:>6}  {path.share:5.1f}%  {shown}")
    lines += ["", f"{w('unseen')}:"]
    lines += [f"  {use.touchpoint} ({stage_names(journey, use.map_stages)})" for use in result.unseen]
    if not result.unseen:
        lines.append(f"  {w('none')}")
    lines.append(f"{w('missing')} (≥ {result.min_share:g}%):")
    lines += [
        f"  {use.touchpoint}: {use.events} ({use.share:.1f}%) {stage_names(journey, use.data_stages)}"
        for use in result.missing
    ]
    if not result.missing:
        lines.append(f"  {w('none')}")
    return "\n".join(lines) + "\n"


def render_funnel_markdown(journey: Journey, result: JourneyAnalytics, *, language: str | None = None) -> str:
    """The funnel, paths and map-against-reality as Markdown."""
    lang = language or journey.language

    def w(key: str) -> str:
        return funnel_word(key, lang)

    out = [f"# {w('funnel')} — {_md(journey.title)}", "", f"- {funnel_scope(result, lang)}", ""]
    out.append(
        "| " + " | ".join(w(k) for k in ("stage", "reached", "converted", "dropped", "rate", "days")) + " |"
    )
    out.append("|---|---:|---:|---:|---:|---:|")
    for step in result.funnel:
        cells = [
            _md(journey.stage(step.stage).name),
            _count(step.reached),
            _count(step.converted),
            _count(step.dropped),
            _percent(step.conversion),
            _days(step.median_days),
        ]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", f"## {w('paths')} ({level_word(result, lang)})", ""]
    out += [f"| {w('customers')} | {w('share')} | {w('path')} |", "|---:|---:|---|"]
    out += [
        f"| {p.customers:,} | {p.share:.1f}% | {_md(path_text(journey, result, p.steps, p.truncated))} |"
        for p in result.paths
    ]
    out += ["", f"## {w('reality')}", "", f"**{w('unseen')}**", ""]
    out += [f"- {_md(u.touchpoint)} ({_md(stage_names(journey, u.map_stages))})" for u in result.unseen] or [
        f"- {w('none')}"
    ]
    out += ["", f"**{w('missing')}** (≥ {result.min_share:g}%)", ""]
    out += [
        f"- {_md(u.touchpoint)}: {u.events:,} {w('events')} ({u.share:.1f}%),"
        f" {_md(stage_names(journey, u.data_stages))}"
        for u in result.missing
    ] or [f"- {w('none')}"]
    return "\n".join(out) + "\n"
