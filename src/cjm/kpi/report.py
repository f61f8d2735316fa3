"""The KPI report as text: a terminal table and a Markdown page.

Both show, stage by stage, each metric's computed value, the baseline the map
had, the target and the gap, how many records the value rests on, and (when
the run was split by dealer) each dealer's value; then what was skipped and
why.  The Excel sheet and the slide of the report are drawn from the same
:class:`~cjm.kpi.baselines.GapRow` records.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from cjm.grid import format_number, format_value
from cjm.i18n import Wording, pick
from cjm.kpi.baselines import GapRow, Status, rows_by_stage
from cjm.kpi.compute import KpiResults
from cjm.model import Journey

__all__ = ["render_markdown", "render_terminal", "width"]

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


def width(text: str) -> int:
    """Terminal columns ``text`` takes (a Hangul syllable or other wide character takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit(text: str, size: int, right: bool = False) -> str:
    shown, used = "", 0
    for char in text:
        step = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used + step > size:
            shown = shown[:-1] + "…" if shown else ""
            used = width(shown)
            break
        shown += char
        used += step
    pad = " " * (size - used)
    return pad + shown if right else shown + pad


def _value(value: float | None, unit: str) -> str:
    """A value with its unit; large ones (money, counts) with thousands separators."""
    if value is None:
        return "–"
    if abs(value) >= 10_000:
        number = f"{value:,.0f}"
        return f"{number} {unit}" if unit and unit[0].isascii() and unit[0].isalpha() else f"{number}{unit}"
    return format_value(value, unit)


def _gap(row: GapRow, lang: str) -> str:
    if row.gap is None:
        return ""
    sign = "+" if row.gap > 0 else ""
    mark = _w("met", lang) if row.met else _w("not_met", lang) if row.met is False else ""
    return f"{sign}{format_number(round(row.gap, 2))} {mark}".strip()


def _previous(row: GapRow, lang: str) -> str:
    base = row.previous
    if base is None:
        return ""
    figure = base.text or (format_value(base.value, row.unit) if base.value is not None else "")
    return f"{figure} ({_w(base.label.value, lang)})" if figure else ""


def _dealers(row: GapRow, results: KpiResults) -> str:
    names = results.dealer_names
    return ", ".join(f"{names.get(d, d)} {_value(v, row.unit)}" for d, v in row.dealers)


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
                _value(row.value, row.unit),
                _previous(row, lang),
                "" if row.target is None else format_value(row.target, row.unit),
                _gap(row, lang),
                "" if row.n is None else str(row.n),
            ]
            text = "  ".join(
                _fit(c, size, right) for c, (_k, size, right) in zip(cells, columns, strict=True)
            )
            tail = _dealers(row, results) if split and row.dealers else ""
            note = pick(_STATUS[row.status], lang) if row.status != Status.WRITTEN else ""
            if row.detail:
                note = f"{note} {row.detail}".strip()
            lines.append(f"{text}  {tail}  {note}".rstrip() if tail else f"{text}  {note}".rstrip())
    lines.extend(_footer(rows, results, lang))
    return "\n".join(lines) + "\n"


def _footer(rows: Sequence[GapRow], results: KpiResults, lang: str) -> list[str]:
    out: list[str] = []
    skipped = [r for r in rows if r.status in (Status.SKIPPED, Status.UNIT, Status.NO_VALUE) and r.note]
    skipped += [r for r in rows if r.status == Status.NOT_ON_MAP and r.value is None and r.note]
    if skipped:
        out += ["", f"{_w('skipped', lang)}:"]
        out += [f"  {r.metric}: {r.note}" for r in skipped]
    undefined = [r for r in rows if r.status == Status.NO_DEFINITION]
    if undefined:
        out += ["", f"{_w('no_definition', lang)}: {', '.join(r.metric for r in undefined)}"]
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
            note = "" if row.status == Status.WRITTEN else pick(_STATUS[row.status], lang)
            if row.detail:
                note = f"{note} {row.detail}".strip()
            cells = [
                f"**{_md(row.name)}** `{row.metric}`",
                _value(row.value, row.unit),
                _md(_previous(row, lang)),
                "" if row.target is None else format_value(row.target, row.unit),
                _gap(row, lang),
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
