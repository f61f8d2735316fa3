"""``out/index.html``: the project at a glance, offline, like the map page.

For each journey: its map as a thumbnail (the visual map's own drawing, inline),
a link to each deliverable with its size, the findings of ``cjm check`` (the
staleness rules included), and how much of each stage is data-backed (facts
with evidence) against assumed.  Then the portfolio: journeys that share a
stage set side by side, and the causes behind several journeys' pain points.
No script, no request: every value is escaped.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from cjm.i18n import pick
from cjm.model import Journey
from cjm.validate import Finding, Severity

__all__ = ["index_page", "size_text"]

_WORDS: dict[str, tuple[str, str]] = {
    "journeys": ("여정", "Journeys"),
    "deliverables": ("산출물", "Deliverables"),
    "findings": ("점검 결과", "Check findings"),
    "none": ("없음", "none"),
    "coverage": (
        "근거 있는 사실의 비율 (단계별)",
        "Share that is data-backed (facts with evidence), by stage",
    ),
    "overall": ("전체", "overall"),
    "stale": ("검증 시점", "Verification"),
    "portfolio": ("여정 비교 (포트폴리오)", "Journeys side by side (portfolio)"),
    "built": ("cjm build로 생성", "made by cjm build"),
    "errors": ("오류", "errors"),
    "warnings": ("경고", "warnings"),
    "notes": ("참고", "notes"),
    "open": ("지도 열기", "open the map"),
    "fresh": ("기한 내 검증됨", "verified within the limit"),
}


def size_text(n: int) -> str:
    """A file's size for people: 8 kB, 1.2 MB."""
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB" if n >= 1e3 else f"{n} B"


def _findings(findings: Sequence[Finding], lang: str) -> str:
    if not findings:
        return f"<p class=info>{escape(pick(_WORDS['none'], lang))}</p>"
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    head = " · ".join(
        f"{counts[s]} {escape(pick(_WORDS[key], lang))}"
        for s, key in ((Severity.ERROR, "errors"), (Severity.WARNING, "warnings"), (Severity.INFO, "notes"))
    )
    items = "".join(
        f'<li class="{f.severity.value}">{escape(f.where)}: {escape(f.message)}</li>' for f in findings[:40]
    )
    more = f"<li>… +{len(findings) - 40}</li>" if len(findings) > 40 else ""
    return f"<p>{head}</p><ul>{items}{more}</ul>"


def _coverage(journey: Journey, lang: str) -> str:
    from cjm.validate import evidence_share

    share = evidence_share(journey)
    rows = []
    for stage in journey.stages:
        part = share.stages.get(stage.id)
        if part is None or not part.claims:
            continue
        percent = round(100 * part.share)
        rows.append(
            f"<tr><td>{escape(stage.name)}</td><td class=num>{part.backed}/{part.claims}</td>"
            f'<td class=num>{percent}%</td><td><span class=bar style="width:{percent}px"></span></td></tr>'
        )
    overall = share.overall
    rows.append(
        f"<tr><th>{escape(pick(_WORDS['overall'], lang))}</th>"
        f"<th class=num>{overall.backed}/{overall.claims}</th>"
        f"<th class=num>{round(100 * overall.share)}%</th><th></th></tr>"
    )
    return f"<table>{''.join(rows)}</table>"


def _thumbnail(journey: Journey, fonts: Any, link: str | None) -> str:
    from cjm.exporters.visual import map_content
    from cjm.exporters.visual.layout import map_scenes
    from cjm.exporters.visual.svg import render_svg

    scene = map_scenes(map_content(journey), fonts)[0]
    svg = render_svg(scene, fonts, embed_fonts=False, standalone=False, element_id=f"thumb-{journey.id}")
    if link is None:
        return f'<div class="thumb">{svg}</div>'
    return f'<a class="thumb" href="{escape(link)}">{svg}</a>'


def index_page(
    project: Any,
    journeys: Mapping[Path, Journey],
    outputs: Sequence[Any],
    findings: Mapping[Path, Sequence[Finding]],
) -> str:
    """The index page of a built project, as text."""
    from cjm.exporters.visual.fonts import font_set

    fonts = font_set()
    first = next(iter(journeys.values()), None)
    lang = project.language or (first.language if first is not None else "en")
    sections = []
    for path, journey in journeys.items():
        own = [o for o in outputs if o.journey == path and o.path.is_file()]
        links = "".join(
            f'<li><a href="{escape(_href(project.output, o.path))}">{escape(o.path.name)}</a> '
            f'<span class="size">{escape(o.deliverable)} · {size_text(o.size)}</span></li>'
            for o in own
        )
        page = next((o for o in own if o.deliverable == "html"), None)
        thumb_link = _href(project.output, page.path) if page else None
        found = list(findings.get(path, ()))
        stale = [f for f in found if f.rule.startswith("stale")]
        other = [f for f in found if not f.rule.startswith("stale")]
        stale_html = (
            _findings(stale, lang) if stale else f"<p class=info>{escape(pick(_WORDS['fresh'], lang))}</p>"
        )
        sections.append(
            f'<section class="journey" id="{escape(journey.id)}"><h2>{escape(journey.title)}</h2>'
            f'<div class="grid"><div>{_thumbnail(journey, fonts, thumb_link)}'
            f"<h3>{escape(pick(_WORDS['coverage'], lang))}</h3>{_coverage(journey, lang)}</div>"
            f"<div><h3>{escape(pick(_WORDS['deliverables'], lang))}</h3><ul>{links}</ul>"
            f"<h3>{escape(pick(_WORDS['stale'], lang))}</h3>{stale_html}"
            f"<h3>{escape(pick(_WORDS['findings'], lang))}</h3>{_findings(other, lang)}</div></div></section>"
        )
    portfolio = _portfolio(
        list(journeys.values()), lang, [o for o in outputs if o.journey is None], project.output
    )
    header = (
        f"<header><h1>{escape(project.title)}</h1><p>{len(journeys)} "
        f"{escape(pick(_WORDS['journeys'], lang))} · {escape(pick(_WORDS['built'], lang))}</p></header>"
    )
    body = f"{header}<main>{''.join(sections)}{portfolio}</main>"
    # No font is embedded: the page's text flows in the reader's Korean font, and the thumbnails are
    # small pictures whose own pages (one link away) carry the font they were measured in.
    css = resources.files("cjm.project").joinpath("index.css").read_text("utf-8")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        "font-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="cjm">'
        f"<title>{escape(project.title)}</title><style>:root{{--font:{fonts.css_stack()}}}{css}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def _portfolio(journeys: list[Journey], lang: str, files: Sequence[Any], folder: Path) -> str:
    if len(journeys) < 2:
        return ""
    from cjm.portfolio import compare
    from cjm.portfolio.html import portfolio_html

    links = "".join(
        f'<li><a href="{escape(_href(folder, o.path))}">{escape(o.path.name)}</a> '
        f'<span class="size">{size_text(o.size)}</span></li>'
        for o in files
        if o.path.is_file()
    )
    body = portfolio_html(compare(journeys), lang)
    heading = escape(pick(_WORDS["portfolio"], lang))
    return f'<section class="portfolio"><h2>{heading}</h2><ul>{links}</ul>{body}</section>'


def _href(folder: Path, path: Path) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()
