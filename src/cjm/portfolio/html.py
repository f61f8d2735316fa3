"""The portfolio as an HTML fragment, for the project's index page (``out/index.html``).

:func:`portfolio_html` returns one ``<section class="cjm-portfolio">``: no
script, no request, every value escaped with :func:`html.escape`.  The
heat-map colours are inline ``background`` styles (they are data); the rest
is left to the page's CSS through these class names:

=======================  ==========================================================
class                    what it marks
=======================  ==========================================================
``cjm-portfolio``        the section
``group``                a compared group: a ``<div>`` with its ``<h3>`` and table
``heat``                 a group's ``<table>``: stages as rows, journeys as columns
``stage``                a stage's name (a ``<th>`` of each row)
``emotion``              a cell with an emotion score
``pains``                a cell with a pain-point count (``title``: by severity)
``coverage``             a cell with an evidence coverage (``title``: facts with evidence/claims)
``num``                  each of those three (the index page right-aligns ``td.num``)
``none``                 a cell with nothing measured
``total``                the row for the whole journey
``legend``               the line under a table saying what the colours mean
``shared``               the ``<ol>`` of shared causes, the fix that helps most first
``kind``, ``weight``     a cause's kind and summed weight
``not-compared``         the ``<ul>`` of journeys listed on their own, with why
=======================  ==========================================================
"""

from __future__ import annotations

from html import escape

from cjm.exporters.reports import heat
from cjm.grid import format_number
from cjm.i18n import language_of
from cjm.portfolio.compare import SEVERITIES, Coverage, Group, Portfolio, SeverityCounts, SharedCause
from cjm.portfolio.wording import kind_name, say

__all__ = ["portfolio_html"]

#: Pain points listed under each shared cause, the heaviest.
PAINS_LISTED = 3


def portfolio_html(portfolio: Portfolio, language: str | None = None) -> str:
    """The portfolio as a ``<section>`` of HTML (see the module's text); wording in ``language``."""
    lang = language_of(language or portfolio.language)
    parts = [_group(group, lang, numbered=len(portfolio.groups) > 1) for group in portfolio.groups]
    parts.append(f"<h3>{escape(say('shared', lang))}</h3>{_shared(portfolio, lang)}")
    if portfolio.singles:
        items = "".join(
            f"<li><strong>{escape(s.member.title)}</strong>: {escape(s.reason(lang))}</li>"
            for s in portfolio.singles
        )
        parts.append(f'<h3>{escape(say("not_compared", lang))}</h3><ul class="not-compared">{items}</ul>')
    return f'<section class="cjm-portfolio">{"".join(parts)}</section>'


def _style(share: float | None) -> str:
    return f' style="background:#{heat(share)}"' if share is not None else ""


def _coverage(coverage: Coverage) -> str:
    share = coverage.share
    if share is None:
        return '<td class="coverage num none">–</td>'
    return (
        f'<td class="coverage num"{_style(share)} title="{coverage.backed}/{coverage.claims}">'
        f"{round(100 * share)}%</td>"
    )


def _pains(counts: SeverityCounts, lang: str) -> str:
    parts = [f"{s}: {counts.count(s)}" for s in SEVERITIES if counts.count(s)]
    if counts.unscored:
        parts.append(f"{say('unscored', lang)}: {counts.unscored}")
    detail = f"{say('pains', lang)} — {' · '.join(parts)}" if parts else say("none", lang)
    return f'<td class="pains num" title="{escape(detail)}">{counts.total}</td>'


def _group(group: Group, lang: str, *, numbered: bool) -> str:
    members = group.members
    heading = say("heat_title", lang)
    if numbered:
        heading = f"{heading}: {say('group', lang, n=group.number)}"
    titles = "".join(f'<th colspan="3" scope="colgroup">{escape(m.title)}</th>' for m in members)
    measures = "".join(
        f'<th scope="col">{escape(say("emotion", lang))}</th>'
        f'<th scope="col">{escape(say("pains_short", lang))}</th>'
        f'<th scope="col">{escape(say("coverage_short", lang))}</th>'
        for _m in members
    )
    head = (
        f'<thead><tr><th rowspan="2" scope="col">{escape(say("stage", lang))}</th>{titles}</tr>'
        f"<tr>{measures}</tr></thead>"
    )
    rows = []
    for row in group.rows:
        cells = []
        for cell in row.cells:
            if cell.emotion is None:
                emotion = f'<td class="emotion num none" title="{escape(say("not_measured", lang))}">–</td>'
            else:
                emotion = (
                    f'<td class="emotion num"{_style(cell.emotion_share)}>{format_number(cell.emotion)}</td>'
                )
            cells.append(emotion + _pains(cell.pains, lang) + _coverage(cell.coverage))
        name = " / ".join(dict.fromkeys(row.names))
        rows.append(f'<tr><th class="stage" scope="row">{escape(name)}</th>{"".join(cells)}</tr>')
    totals = "".join(
        f'<td class="emotion num none"></td>{_pains(m.pains, lang)}{_coverage(m.coverage)}' for m in members
    )
    rows.append(f'<tr class="total"><th scope="row">{escape(say("overall", lang))}</th>{totals}</tr>')
    return (
        f'<div class="group"><h3>{escape(heading)}</h3>'
        f'<table class="heat">{head}<tbody>{"".join(rows)}</tbody></table>'
        f'<p class="legend">{escape(say("legend", lang))} {escape(say("coverage_def", lang))}.</p></div>'
    )


def _cause(portfolio: Portfolio, cause: SharedCause, lang: str) -> str:
    journeys = " · ".join(
        f"{escape(portfolio.member(j).title)} ({len(cause.pains_in(j))})" for j in cause.journeys
    )
    weights: dict[str, float] = {}
    for pain in cause.pains:  # each pain once, however many journeys share it
        weights[pain.text] = weights.get(pain.text, 0.0) + pain.weight
    ranked = sorted(weights, key=lambda text: -weights[text])
    pains = "".join(f"<li>{escape(text)}</li>" for text in ranked[:PAINS_LISTED])
    if len(ranked) > PAINS_LISTED:
        pains += f"<li>{escape(say('more_pains', lang, n=len(ranked) - PAINS_LISTED))}</li>"
    weight = format_number(round(cause.weight, 1))
    return (
        f"<li><strong>{escape(cause.name)}</strong> "
        f'<span class="kind">{escape(kind_name(cause.kind, lang))}</span> '
        f'<span class="weight">{escape(say("weight", lang))} {weight}</span>'
        f"<br>{journeys}<ul>{pains}</ul></li>"
    )


def _shared(portfolio: Portfolio, lang: str) -> str:
    if not portfolio.shared_causes:
        return f"<p>{escape(say('no_shared', lang))}</p>"
    items = "".join(_cause(portfolio, cause, lang) for cause in portfolio.shared_causes)
    return f'<p class="legend">{escape(say("rank_def", lang))}.</p><ol class="shared">{items}</ol>'
