"""The map as one readable Markdown table, labels shown, then the records behind it.

Emotions are said as measured: a score on the journey's scale with its ``n``
and 95 % interval where the record has them, and "not measured" (측정 안 됨)
for a stage without one, in the map's emotion lane and in the emotion table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, BinaryIO

from cjm.exporters import check_options
from cjm.exporters.emotions import measured, persona_groups, scale_range, stage_emotions
from cjm.exporters.reports import role_name
from cjm.grid import Entry, format_value, grid
from cjm.i18n import term, vocabulary
from cjm.model import Emotion, Journey, Label, LaneKind, Stage

__all__ = ["LABEL_MARKS", "MarkdownExporter", "render"]

#: The colour a label is shown in, as a mark before each entry (Markdown has no fills).
LABEL_MARKS = {Label.HYPOTHESIS: "🟨", Label.FACT: "🟩", Label.IDEA: "🟦"}


class MarkdownExporter:
    """The map as a Markdown table (stages as rows, lanes as columns), labels marked."""

    name = "markdown"
    suffixes = (".md",)
    description = "The map as one readable table with labels, then personas, metrics and the VOC log."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        opts = check_options(self.name, options, {"language": None})
        dest.write(render(journey, language=opts["language"]).encode("utf-8"))


def _cell(text: str) -> str:
    """Text safe inside a table cell: pipes escaped, line breaks as <br>."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>")


def _entry(entry: Entry) -> str:
    mark = f"{LABEL_MARKS[entry.label]} " if entry.label is not None else ""
    return mark + _cell(entry.text)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def render(journey: Journey, *, language: str | None = None) -> str:
    """The Markdown text of the map (``language`` picks cjm's own wording; default the journey's)."""
    lang = language or journey.language

    def t(key: str) -> str:
        return term(key, lang)

    out = [f"# {journey.title}", ""]
    if journey.description:
        out += [journey.description, ""]
    facts = [f"**{t('version')}** {journey.version}"]
    if journey.updated:
        facts.append(f"**{t('updated')}** {journey.updated.isoformat()}")
    if journey.personas:
        facts.append(f"**{t('persona')}** {journey.personas[0].name}")
    out += [" · ".join(facts), ""]
    legend = " · ".join(f"{mark} {vocabulary(label, lang)}" for label, mark in LABEL_MARKS.items())
    out += [f"**{t('label.legend')}** {legend}", ""]

    the_grid = grid(journey)
    if journey.stages and journey.lanes:
        header = [t("stage"), *(lane.name for lane in journey.lanes)]
        rows = []
        for stage, cells in the_grid.rows():
            name = f"**{_cell(stage.name)}**" + (f"<br>({_cell(stage.duration)})" if stage.duration else "")
            texts = [
                _emotion_cell(journey, stage, lang)
                if lane.kind is LaneKind.EMOTIONS
                else "<br>".join(_entry(e) for e in entries)
                for lane, entries in zip(journey.lanes, cells, strict=True)
            ]
            rows.append([name, *texts])
        out += [*_table(header, rows), ""]

    out += _personas(journey, t)
    out += _emotions(journey, t, lang)
    out += _pain_points(journey, t)
    out += _opportunities(journey, t)
    out += _metrics(journey, t, lang)
    out += _evidence(journey, t, lang)
    return "\n".join(out).rstrip("\n") + "\n"


def _stage_name(journey: Journey, stage_id: str | None) -> str:
    return _cell(journey.stage(stage_id).name) if stage_id else ""


def _personas(journey: Journey, t: Callable[[str], str]) -> list[str]:
    out: list[str] = []
    for persona in journey.personas:
        out += [f"## {t('persona')}: {persona.name}", ""]
        if persona.role:
            out += [f"**{t('role')}** {persona.role}", ""]
        if persona.description:
            out += [persona.description, ""]
        for key in ("goals", "needs", "frustrations"):
            values = getattr(persona, key)
            if values:
                out += [f"**{t(key)}**", "", *(f"- {v}" for v in values), ""]
        if persona.quote:
            out += [f"> {persona.quote}", ""]
        if persona.stakeholders:
            rows = [
                [
                    _cell(s.role),
                    "<br>".join(_cell(c) for c in s.concerns),
                    ", ".join(_stage_name(journey, x) for x in s.stages),
                ]
                for s in persona.stakeholders
            ]
            out += [f"**{t('stakeholders')}**", "", *_table([t("role"), "", t("stage")], rows), ""]
    return out


def _emotion(emotion: Emotion, lang: str) -> str:
    """An emotion record as measured, its label marked: ``🟩 0.32, n=100, 95% interval …``."""
    return f"{LABEL_MARKS[emotion.label]} {measured(emotion, lang)}"


def _emotion_cell(journey: Journey, stage: Stage, lang: str) -> str:
    """The map's emotion cell of a stage: each record as measured, with whose and why; or "not measured"."""
    emotions = stage_emotions(journey, stage.id)
    if not emotions:
        return term("not_measured", lang)
    texts = []
    for e in emotions:
        who = f"{_cell(journey.persona(e.persona).name)}: " if e.persona else ""
        note = f" ({_cell(e.note)})" if e.note else ""
        texts.append(f"{LABEL_MARKS[e.label]} {who}{measured(e, lang)}{note}")
    return "<br>".join(texts)


def _emotions(journey: Journey, t: Callable[[str], str], lang: str) -> list[str]:
    """A row per stage and curve (persona): the score as measured and why, or "not measured"."""
    has_lane = any(lane.kind is LaneKind.EMOTIONS for lane in journey.lanes)
    if not journey.emotions and not has_lane:
        return []
    title = f"## {t('emotion')} ({scale_range(journey.emotion_scale)})"
    if not journey.emotions:
        return [title, "", t("emotion_not_measured"), ""]
    rows = []
    for stage in journey.stages:
        at_stage = stage_emotions(journey, stage.id)
        for persona in persona_groups(journey):
            who = _cell(journey.persona(persona).name) if persona else ""
            emotions = [e for e in at_stage if e.persona == persona]
            rows += [[_cell(stage.name), who, _emotion(e, lang), _cell(e.note)] for e in emotions]
            if not emotions:
                rows.append([_cell(stage.name), who, t("not_measured"), ""])
    return [title, "", *_table([t("stage"), t("persona"), t("emotion"), ""], rows), ""]


def _pain_points(journey: Journey, t: Callable[[str], str]) -> list[str]:
    if not journey.pain_points:
        return []
    rows = [
        [
            f"`{p.id}`",
            _stage_name(journey, p.stage),
            f"{LABEL_MARKS[p.label]} {_cell(p.text)}",
            str(p.severity or ""),
            str(p.frequency or ""),
        ]
        for p in journey.pain_points
    ]
    return [
        f"## {t('pain_points')}",
        "",
        *_table(["id", t("stage"), "", t("severity"), t("frequency")], rows),
        "",
    ]


def _opportunities(journey: Journey, t: Callable[[str], str]) -> list[str]:
    if not journey.opportunities:
        return []
    rows = [
        [
            f"`{o.id}`",
            _stage_name(journey, o.stage),
            f"{LABEL_MARKS[o.label]} {_cell(o.text)}",
            ", ".join(f"`{a}`" for a in o.addresses),
            str(o.value or ""),
            str(o.effort or ""),
            _cell(o.owner or ""),
            t("yes") if o.quick_fix else "",
        ]
        for o in journey.opportunities
    ]
    header = ["id", t("stage"), "", t("addresses"), t("value"), t("effort"), t("owner"), t("quick_fix")]
    return [f"## {t('opportunities')}", "", *_table(header, rows), ""]


def _metrics(journey: Journey, t: Callable[[str], str], lang: str) -> list[str]:
    if not journey.metrics:
        return []
    rows = []
    for m in journey.metrics:
        baseline = ""
        if m.baseline is not None:
            figure = m.baseline.text or (
                format_value(m.baseline.value, m.unit) if m.baseline.value is not None else ""
            )
            when = f" ({m.baseline.as_of.isoformat()})" if m.baseline.as_of else ""
            source = f" — {_cell(m.baseline.source)}" if m.baseline.source else ""
            baseline = f"{LABEL_MARKS[m.baseline.label]} {_cell(figure)}{when}{source}"
        rows.append(
            [
                _cell(m.name) + (f" ({_cell(m.short)})" if m.short else ""),
                _stage_name(journey, m.stage),
                _cell(m.definition),
                _cell(m.formula),
                _cell(m.unit),
                vocabulary(m.direction, lang) if m.direction else "",
                baseline,
                format_value(m.target, m.unit) if m.target is not None else "",
            ]
        )
    header = [
        t("metrics"),
        t("stage"),
        t("definition"),
        t("formula"),
        t("unit"),
        t("direction"),
        t("baseline"),
        t("target"),
    ]
    return [f"## {t('metrics')}", "", *_table(header, rows), ""]


def _evidence(journey: Journey, t: Callable[[str], str], lang: str) -> list[str]:
    if not journey.evidence:
        return []
    rows = [
        [
            f"`{e.id}`",
            e.date.isoformat() if e.date else "",
            vocabulary(e.method, lang),
            _cell(role_name(e.source_role, lang)),
            _stage_name(journey, e.stage),
            _cell(e.organisation or ""),
            vocabulary(e.kind, lang) if e.kind else "",
            _cell(e.summary),
            ", ".join(f"`{x}`" for x in e.supports),
            ", ".join(f"`{x}`" for x in e.contradicts),
            _cell(e.reference or ""),
        ]
        for e in journey.evidence
    ]
    header = [
        "id",
        t("date"),
        t("method"),
        t("source_role"),
        t("stage"),
        t("organisation"),
        t("kind"),
        t("summary"),
        t("supports"),
        t("contradicts"),
        t("reference"),
    ]
    return [f"## {t('evidence')}", "", *_table(header, rows), ""]
