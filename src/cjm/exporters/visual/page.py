"""The map as one self-contained HTML page: the drawing, its data, its styles and its script.

Nothing is fetched: the SVG is inline, the font subset is embedded, the data
sits in a ``<script type="application/json">`` block, and a Content Security
Policy forbids every request (``default-src 'none'``) and every script but the
page's own (allowed by its hash), so the page opens from a mail attachment or
a shared drive, and a value that slipped past escaping could still not run.

Every value from the journey reaches the page escaped: as SVG text (see
:mod:`.svg`), as JSON with ``<``, ``>`` and ``&`` written as ``\\u`` escapes,
or as an attribute through :func:`html.escape`.  The script only ever puts
text into the page with ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib import resources
from typing import Any

from cjm.exporters.reports import role_name
from cjm.exporters.visual.content import Card, MapContent
from cjm.exporters.visual.fonts import FontSet
from cjm.exporters.visual.scene import Scene
from cjm.exporters.visual.svg import render_svg
from cjm.exporters.visual.words import FILL, WORDS
from cjm.grid import baseline_text, format_value
from cjm.i18n import pick, vocabulary
from cjm.model import Evidence, Label

__all__ = ["PAGE_WORDS", "page_data", "render_page"]

#: The page's own words (the drawing's are in :mod:`.words`).
PAGE_WORDS: dict[str, tuple[str, str]] = {
    "filters": ("필터", "Filters"),
    "labels": ("라벨", "Labels"),
    "lane": ("레인", "Lane"),
    "all_lanes": ("모든 레인", "All lanes"),
    "persona": ("페르소나", "Persona"),
    "all_personas": ("모든 페르소나", "All personas"),
    "search": ("검색", "Search"),
    "search_hint": ("항목 검색…", "Search items…"),
    "matches": ("{n}개 일치", "{n} matching"),
    "view_map": ("여정지도", "Journey map"),
    "view_blueprint": ("서비스 블루프린트", "Service blueprint"),
    "print": ("인쇄 (A3)", "Print (A3)"),
    "close": ("닫기", "Close"),
    "details": ("상세", "Details"),
    "evidence": ("근거", "Evidence"),
    "against": ("반박 근거", "Evidence against"),
    "no_evidence": ("근거 없음: 아직 가설입니다.", "No evidence yet: still a hypothesis."),
    "findings": ("점검 결과", "Check findings"),
    "kpis": ("관련 KPI", "KPIs"),
    "causes": ("블루프린트의 원인", "Causes in the blueprint"),
    "cell": ("이 칸의 모든 항목", "Everything in this cell"),
    "stage": ("단계", "Stage"),
    "kind": ("종류", "Kind"),
    "label": ("라벨", "Label"),
    "method": ("방법", "Method"),
    "source_role": ("출처", "Source"),
    "date": ("일자", "Date"),
    "reference": ("기록", "Record"),
    "hint": (
        "항목을 누르면 근거(VOC), KPI, 원인을 볼 수 있습니다. Tab 키로 이동, Enter로 열기, Esc로 닫기.",
        "Click an item to see its evidence (VOC), KPIs and causes. Tab to move, Enter to open, Esc to close.",
    ),
    "links": ("연결", "Links"),
    "goals": ("목표", "Goals"),
    "needs": ("니즈", "Needs"),
    "frustrations": ("불만", "Frustrations"),
    "stakeholders": ("이해관계자", "Buying group"),
}

_KINDS = {
    "item": ("항목", "item"),
    "pain": ("Pain Point", "pain point"),
    "metric": ("KPI", "KPI"),
    "opportunity": ("개선 기회", "opportunity"),
    "mot": ("MoT", "Moment of Truth"),
    "emotion": ("감정 점수", "emotion score"),
}


def _asset(name: str) -> str:
    return resources.files("cjm.exporters.visual").joinpath(name).read_text(encoding="utf-8")


def _json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left to end it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _evidence(record: Evidence, lang: str) -> dict[str, Any]:
    return {
        "id": record.id,
        "summary": record.summary,
        "method": vocabulary(record.method, lang),
        "role": role_name(record.source_role, lang),
        "organisation": record.organisation or "",
        "date": record.date.isoformat() if record.date else "",
        "reference": record.reference or "",
        "kind": vocabulary(record.kind, lang) if record.kind else "",
    }


def _card_data(content: MapContent, card: Card) -> dict[str, Any]:
    journey = content.journey
    lang = content.language
    stage = next((s.name for s in journey.stages if s.id == card.stage), card.stage)
    lane = next((ln.name for ln in journey.lanes if ln.id == card.lane), None) or content.word("emotion")
    metrics = []
    for metric_id in card.metrics:
        metric = next((m for m in journey.metrics if m.id == metric_id), None)
        if metric is None:
            continue
        now = baseline_text(metric) or ""
        metrics.append(
            {
                "name": metric.name,
                "short": metric.display_name,
                "baseline": now,
                "target": format_value(metric.target, metric.unit) if metric.target is not None else "",
                "definition": metric.definition,
                "formula": metric.formula,
            }
        )
    return {
        "text": card.text,
        "kind": pick(_KINDS[card.kind], lang),
        "label": card.label.value if card.label is not None else "",
        "labelName": vocabulary(card.label, lang) if card.label is not None else "",
        "stage": stage,
        "lane": lane,
        "detail": card.detail,
        "evidence": [_evidence(e, lang) for e in card.evidence],
        "against": [_evidence(e, lang) for e in card.against],
        "findings": [f.message for f in card.findings],
        "caution": card.caution or "",
        "kpis": metrics,
        "causes": list(card.causes),
    }


def page_data(content: MapContent) -> dict[str, Any]:
    """What the page's script reads: every card's whole content, the cells, the words."""
    lang = content.language
    items = {card.key: _card_data(content, card) for card in content.cards()}
    cells: dict[str, list[str]] = {}
    for card in content.cards():
        cells.setdefault(f"more-{card.stage}-{card.lane}", []).append(card.key)
    words = {key: pick(value, lang) for key, value in PAGE_WORDS.items()}
    words.update({f"kind.{key}": pick(value, lang) for key, value in _KINDS.items()})
    journey = content.journey
    stages = {
        f"stage-{s.id}": {"name": s.name, "description": s.description, "duration": s.duration or ""}
        for s in journey.stages
    }
    personas = {
        f"persona-{p.id}": {
            "name": p.name,
            "role": p.role,
            "description": p.description,
            "goals": list(p.goals),
            "needs": list(p.needs),
            "frustrations": list(p.frustrations),
            "stakeholders": [{"role": s.role, "concerns": list(s.concerns)} for s in p.stakeholders],
        }
        for p in journey.personas
    }
    # the blueprint's boxes: a pain point opens its card, a node its record and its links
    pain_keys = {pain.id: f"pain_points-{i}" for i, pain in enumerate(journey.pain_points)}
    aliases = {f"pain-{pain_id}": key for pain_id, key in pain_keys.items()}
    names = {n.id: n.name for n in journey.blueprint.nodes} | {p.id: p.text for p in journey.pain_points}
    nodes: dict[str, dict[str, Any]] = {}
    for node in journey.blueprint.nodes:
        links = [
            f"{link.kind.value}: {names.get(link.source, link.source)} → "
            f"{names.get(link.target, link.target)}"
            for link in journey.blueprint.links
            if node.id in (link.source, link.target)
        ]
        nodes[f"node-{node.id}"] = {
            "name": node.name,
            "kind": node.kind.value,
            "layer": vocabulary(node.layer, lang) if node.layer else "",
            "description": node.description,
            "links": links,
        }
    return {
        "items": items,
        "cells": cells,
        "words": words,
        "stages": stages,
        "personas": personas,
        "nodes": nodes,
        "aliases": aliases,
    }


def _controls(content: MapContent, has_blueprint: bool) -> str:
    lang = content.language
    counts = dict.fromkeys(Label, 0)
    for card in content.cards():
        if card.label is not None:
            counts[card.label] += 1

    def w(key: str) -> str:
        return escape(pick(PAGE_WORDS[key], lang))

    labels = "".join(
        f'<label class="chip" style="background:#{FILL[label]}"><input type="checkbox" checked '
        f'name="label" value="{label.value}"> {escape(vocabulary(label, lang))} '
        f'<span class="count">{counts[label]}</span></label>'
        for label in Label
    )
    lanes = "".join(
        f'<option value="{escape(row.lane.id)}">{escape(row.lane.name)}</option>' for row in content.rows
    )
    personas = "".join(
        f'<option value="{escape(p.id)}">{escape(p.name)}</option>' for p in content.journey.personas
    )
    tabs = ""
    if has_blueprint:
        tabs = (
            '<div class="tabs" role="tablist">'
            f'<button type="button" role="tab" aria-selected="true" data-view="map">{w("view_map")}</button>'
            f'<button type="button" role="tab" aria-selected="false" data-view="blueprint">'
            f"{w('view_blueprint')}</button></div>"
        )
    persona_select = (
        f'<label>{w("persona")} <select name="persona"><option value="">{w("all_personas")}</option>'
        f"{personas}</select></label>"
        if len(content.journey.personas) > 1 or any(c.persona for c in content.curves)
        else ""
    )
    return (
        f'<form class="controls" role="search" aria-label="{w("filters")}">'
        f"{tabs}"
        f"<fieldset><legend>{w('labels')}</legend>{labels}</fieldset>"
        f'<label>{w("lane")} <select name="lane"><option value="">{w("all_lanes")}</option>'
        f"{lanes}</select></label>"
        f"{persona_select}"
        f'<label>{w("search")} <input type="search" name="q" placeholder="{w("search_hint")}" '
        'autocomplete="off">'
        f'</label><output name="matches" aria-live="polite"></output>'
        f'<button type="button" class="print">{w("print")}</button>'
        "</form>"
    )


def render_page(
    content: MapContent,
    maps: list[Scene],
    blueprints: list[Scene],
    fonts: FontSet,
    *,
    embed_fonts: bool = True,
) -> str:
    """The whole page as text."""
    lang = content.language
    journey = content.journey
    everything = [*maps, *blueprints]
    css = _asset("page.css")
    if embed_fonts:
        regular = "".join("".join(s.texts(bold=False)) for s in everything)
        bold = "".join("".join(s.texts(bold=True)) for s in everything)
        css = fonts.font_face_css(regular, bold) + css
    script = _asset("page.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = (
        "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )
    sheets = []
    for number, scene in enumerate(maps, 1):
        svg = render_svg(scene, fonts, embed_fonts=False, standalone=False, element_id=f"map-{number}")
        sheets.append(
            f'<section class="sheet" data-view="map" aria-label="{escape(scene.title)}">{svg}</section>'
        )
    for number, scene in enumerate(blueprints, 1):
        svg = render_svg(scene, fonts, embed_fonts=False, standalone=False, element_id=f"blueprint-{number}")
        sheets.append(
            f'<section class="sheet" data-view="blueprint" aria-label="{escape(scene.title)}">{svg}</section>'
        )
    title = escape(journey.title)
    hint = escape(pick(PAGE_WORDS["hint"], lang))
    close = escape(pick(PAGE_WORDS["close"], lang))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="cjm">'
        f"<title>{title}</title>"
        f"<style>:root{{--font:{fonts.css_stack()}}}{css}</style></head>"
        f'<body><header class="bar"><h1>{title} <small>{escape(pick(WORDS["version"], lang))} '
        f"{escape(journey.version)}</small></h1>{_controls(content, bool(blueprints))}"
        f'<p class="hint">{hint}</p></header>'
        f"<main>{''.join(sheets)}</main>"
        f'<aside class="panel" role="dialog" aria-modal="false" aria-labelledby="panel-title" hidden>'
        f'<button type="button" class="close" aria-label="{close}">×</button>'
        '<h2 id="panel-title"></h2><div class="panel-body"></div></aside>'
        f'<script type="application/json" id="cjm-data">{_json(page_data(content))}</script>'
        f"<script>{script}</script></body></html>\n"
    )
