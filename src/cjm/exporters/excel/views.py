"""Read-only view sheets: the service blueprint and the hand-off checklist in the map workbook,
and small workbooks of their own for what changed, evidence coverage and the dealer heatmap.

View sheets show what other records imply; they are locked, grey-headed and
never read back (the blueprint itself travels in the Journey sheet, so the
round trip stays exact).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cjm.blueprint import all_root_causes, handoff_reports, impact_ranking
from cjm.exporters.excel import measure
from cjm.exporters.reports import CHANGE_FILLS, LINES, WORDS, brief, heat, role_name
from cjm.i18n import Wording, language_of, pick, vocabulary
from cjm.io.xlsx_engine import set_text
from cjm.model import Journey, Layer, LinkKind, NodeKind

__all__ = [
    "add_blueprint_sheets",
    "changes_workbook",
    "coverage_workbook",
    "dealer_heatmap_workbook",
]

W: dict[str, Wording] = {
    **WORDS,
    "dealers": ("딜러별 점수", "Scores by dealer"),
    "lane": ("레인", "Lane"),
    "line": ("선", "Line"),
    "causes-title": ("Pain Point별 근본 원인", "Root causes of each pain point"),
    "ranking-title": (
        "개선 효과 순위 (프로세스·시스템·부서)",
        "Impact ranking (processes, systems, departments)",
    ),
    "causes": ("근본 원인 (원인 → Pain Point)", "Root causes (cause → pain)"),
    "weight": ("가중치", "Weight"),
    "item": ("필수 정보", "Required item"),
    "present": ("기록 중 포함 비율", "Share of records carrying it"),
    "check": ("확인", "Check"),
    "over": ("SLA 초과", "Over SLA"),
    "subject": ("대상", "Subject"),
    "none": ("변경 없음", "No differences"),
    "small": ("* 응답 30건 미만: 참고용", "* fewer than 30 answers: indicative only"),
    "view": (
        "보기 전용 시트: 여정 파일에서 만들어지며 다시 읽지 않습니다.",
        "A view: made from the journey file, never read back.",
    ),
}
_LINES = LINES
_LANES = (Layer.PHYSICAL_EVIDENCE, Layer.CUSTOMER, Layer.FRONTSTAGE, Layer.BACKSTAGE, Layer.SUPPORT)
FONTS = {"ko": "Malgun Gothic", "en": "Calibri"}
HEADER_FILL, HEADER_TEXT, LANE_FILL, FAIL = "1F3864", "FFFFFF", "F2F2F2", "C00000"
_THIN = Side(style="thin", color="A6A6A6")
_LINE = Side(style="mediumDashed", color="2F6DB5")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_PAPER_A3, _PAPER_A4 = 8, 9


class ViewSheet:
    """A view sheet: fonts in the journey's language, text always as text, rows sized to the text.

    The KPI report's workbook (:mod:`cjm.exporters.excel.kpi`) is drawn with it too.
    """

    def __init__(self, ws: Worksheet, language: str) -> None:
        self.ws = ws
        self.lang = language_of(language)
        self.font_name = FONTS[self.lang]
        self.widths: dict[int, float] = {}
        self.lines: dict[int, int] = {}

    def put(
        self,
        row: int,
        col: int,
        value: Any,
        *,
        bold: bool = False,
        colour: str | None = None,
        fill: str | None = None,
        wrap: bool = True,
        align: str = "left",
        size: float = 10,
    ) -> Any:
        cell = self.ws.cell(row=row, column=col)
        if isinstance(value, str):
            set_text(cell, value)  # '=…' stays text
        else:
            cell.value = value
        cell.font = Font(name=self.font_name, bold=bold, color=colour, size=size)
        cell.alignment = Alignment(wrap_text=wrap, vertical="top", horizontal=align)
        cell.border = _BOX
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)
        if isinstance(value, str) and col in self.widths:
            self.lines[row] = max(self.lines.get(row, 1), measure.line_count(value, self.widths[col]))
        return cell

    def header(self, row: int, texts: Sequence[str]) -> None:
        for col, text in enumerate(texts, start=1):
            self.put(row, col, text, bold=True, colour=HEADER_TEXT, fill=HEADER_FILL, align="center")

    def columns(self, widths: Sequence[float]) -> None:
        for col, width in enumerate(widths, start=1):
            self.widths[col] = width
            self.ws.column_dimensions[get_column_letter(col)].width = width

    def finish(self, *, paper: int = _PAPER_A4, title_rows: str | None = None) -> None:
        for row, lines in self.lines.items():
            self.ws.row_dimensions[row].height = max(15.0, 14.0 * lines + 3)
        setup = self.ws.page_setup
        setup.paperSize = paper
        setup.orientation = "landscape"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        if title_rows:
            self.ws.print_title_rows = title_rows
        self.ws.protection.sheet = True  # a view: nothing here is read back


def put_title(sheet: ViewSheet, text: str, note: str) -> None:
    """A view's title (row 1, 14 pt, its row as tall as the text) and a note under it (row 2)."""
    sheet.put(1, 1, text, bold=True, size=14, wrap=False)
    sheet.ws.cell(row=1, column=1).border = Border()
    sheet.ws.row_dimensions[1].height = 21.0
    sheet.put(2, 1, note, colour="595959", wrap=False, size=9)
    sheet.ws.cell(row=2, column=1).border = Border()


def add_blueprint_sheets(workbook: Workbook, journey: Journey, language: str) -> None:
    """Add the Blueprint and Hand-off checklist views to a map workbook (when the journey has them)."""
    lang = language_of(language)
    if journey.blueprint.nodes or journey.blueprint.links:
        _blueprint(ViewSheet(workbook.create_sheet(pick(W["blueprint"], lang)), lang), journey)
    if journey.blueprint.handoffs:
        _handoffs(ViewSheet(workbook.create_sheet(pick(W["handoffs"], lang)), lang), journey)


def _blueprint(sheet: ViewSheet, journey: Journey) -> None:
    lang = sheet.lang
    t: Callable[[str], str] = lambda key: pick(W[key], lang)  # noqa: E731
    put_title(sheet, t("blueprint"), t("view"))
    nodes = [n for n in journey.blueprint.nodes if n.layer is not None]
    stage_ids = [s.id for s in journey.stages]
    names = {s.id: s.name for s in journey.stages}
    departments = {n.id: n.name for n in journey.blueprint.nodes if n.kind is NodeKind.DEPARTMENT}
    systems = {n.id: n.name for n in journey.blueprint.nodes if n.kind is NodeKind.SYSTEM}
    who: dict[str, list[str]] = {}
    for link in journey.blueprint.links:
        if link.kind is LinkKind.PERFORMED_BY and link.target in departments:
            who.setdefault(link.source, []).insert(0, departments[link.target])
        elif link.kind is LinkKind.USES and link.target in systems:
            who.setdefault(link.source, []).append(systems[link.target])
    columns = [*stage_ids, ""] if any(n.stage not in names for n in nodes) else stage_ids
    sheet.columns([18, *(26 for _ in columns), 18])
    row = 4
    sheet.header(row, [t("lane"), *(names.get(c, t("all-stages")) for c in columns), t("line")])
    for lane in _LANES:
        row += 1
        sheet.put(row, 1, vocabulary(lane, lang), bold=True, fill=LANE_FILL)
        for col, stage_id in enumerate(columns, start=2):
            here = [n for n in nodes if n.layer is lane and (n.stage if n.stage in names else "") == stage_id]
            text = "\n".join(
                ("⚠ " if n.fail_point else "")
                + n.name
                + (f" ({' · '.join(who[n.id])})" if n.id in who else "")
                for n in here
            )
            fail = any(n.fail_point for n in here)
            sheet.put(row, col, text, colour=FAIL if fail else None)
        line = pick(_LINES[lane], lang) if lane in _LINES else ""
        sheet.put(row, len(columns) + 2, line, colour="2F6DB5", size=9)
        if lane in _LINES:
            for col in range(1, len(columns) + 3):
                cell = sheet.ws.cell(row=row, column=col)
                cell.border = Border(left=_THIN, right=_THIN, top=cell.border.top, bottom=_LINE)
    sheet.ws.freeze_panes = "B5"
    # root causes of every pain point, and the impact ranking
    row += 2
    sheet.put(row, 1, t("causes-title"), bold=True, size=12, wrap=False)
    sheet.ws.cell(row=row, column=1).border = Border()
    row += 1
    sheet.header(row, [t("pain"), t("stage"), t("causes")])
    wide = max(4, min(len(columns) + 2, 5))  # the merged text columns, even on a map with no stages
    sheet.ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=wide)
    room = sum(sheet.widths.get(c, 26) for c in range(3, wide + 1))
    causes = all_root_causes(journey)
    labels = {n.id: n.name for n in journey.blueprint.nodes}
    for pain in journey.pain_points:
        found = causes[pain.id]
        row += 1
        sheet.put(row, 1, pain.text, bold=True, fill=LANE_FILL)
        sheet.put(row, 2, names.get(pain.stage, pain.stage))
        sheet.ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=wide)
        paths = [" → ".join(labels.get(s, s) for s in c.path[:-1]) for c in found]
        sheet.put(row, 3, "\n".join(paths) or "–")
        sheet.lines[row] = max(  # the merged cell is wide: count its lines at its own width
            measure.line_count(pain.text, sheet.widths[1]),
            sum(measure.line_count(p, room) for p in paths),
            1,
        )
    row += 2
    sheet.put(row, 1, t("ranking-title"), bold=True, size=12, wrap=False)
    sheet.ws.cell(row=row, column=1).border = Border()
    row += 1
    sheet.header(row, [t("weight"), t("fixes")])
    sheet.ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=wide)
    for impact in impact_ranking(journey):
        row += 1
        sheet.put(row, 1, impact.weight, align="right")
        sheet.ws.cell(row=row, column=1).number_format = "0.0"
        sheet.ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=wide)
        sheet.put(row, 2, impact.summary(lang))
        sheet.lines[row] = 1
    sheet.finish(paper=_PAPER_A3, title_rows="4:4")


def _handoffs(sheet: ViewSheet, journey: Journey) -> None:
    lang = sheet.lang
    t: Callable[[str], str] = lambda key: pick(W[key], lang)  # noqa: E731
    put_title(sheet, t("handoffs"), t("view"))
    sheet.columns([30, 36, 18, 10])
    names = {s.id: s.name for s in journey.stages}
    row = 3
    for report in handoff_reports(journey):
        row += 1
        stage = f" · {names.get(report.stage, report.stage)}" if report.stage else ""
        complete = f"{report.completeness:.0f}%" if report.completeness is not None else "–"
        sheet.put(
            row,
            1,
            f"{report.source} → {report.target}{stage}",
            bold=True,
            colour=HEADER_TEXT,
            fill=HEADER_FILL,
        )
        sheet.put(row, 2, f"{t('sla')}: {report.sla or '–'}", colour=HEADER_TEXT, fill=HEADER_FILL)
        over = f" · {t('over')} {report.over_sla}" if report.over_sla else ""
        sheet.put(
            row, 3, f"{t('complete')} {complete}{over}", bold=True, colour=HEADER_TEXT, fill=HEADER_FILL
        )
        sheet.put(row, 4, f"{t('records')} {report.records}", colour=HEADER_TEXT, fill=HEADER_FILL)
        row += 1
        sheet.header(row, [t("item"), t("present"), t("check"), ""])
        for item in report.items:
            row += 1
            sheet.put(row, 1, item)
            share = report.item_presence.get(item)
            sheet.put(row, 2, f"{share:.0f}%" if share is not None else "–", align="right")
            sheet.put(row, 3, "☐", align="center")
            sheet.put(row, 4, "")
        row += 1
    sheet.finish()


def new_book(title: str, language: str) -> tuple[Workbook, ViewSheet]:
    workbook = Workbook()
    sheet = ViewSheet(workbook.active, language)
    sheet.ws.title = title[:31]
    return workbook, sheet


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def changes_workbook(
    differences: Sequence[Any], old: Journey, new: Journey, language: str | None = None
) -> bytes:
    """What changed between two versions, as an .xlsx (one row per difference, filterable)."""
    lang = language_of(language or new.language)
    t: Callable[[str], str] = lambda key: pick(W[key], lang)  # noqa: E731
    workbook, sheet = new_book(t("changes"), lang)
    put_title(sheet, f"{new.title}: {old.version} → {new.version}", t("view"))
    sheet.columns([14, 44, 36, 36, 36])
    sheet.header(4, [t("change"), t("where"), t("subject"), t("before"), t("after")])
    row = 4
    for difference in differences:
        row += 1
        fill = CHANGE_FILLS.get(difference.kind.split()[-1])
        sheet.put(row, 1, difference.kind, bold=True, fill=fill)
        sheet.put(row, 2, difference.where)
        sheet.put(row, 3, brief(difference.subject, 500))
        sheet.put(row, 4, brief(difference.before, 500))
        sheet.put(row, 5, brief(difference.after, 500))
    if not differences:
        sheet.put(5, 1, t("none"))
    sheet.ws.auto_filter.ref = f"A4:E{max(row, 5)}"
    sheet.ws.freeze_panes = "A5"
    sheet.finish(title_rows="4:4")
    return to_bytes(workbook)


def coverage_workbook(journey: Journey, language: str | None = None) -> bytes:
    """Evidence per stage × source role against the field rules, as an .xlsx."""
    from cjm.voc.coverage import evidence_coverage

    lang = language_of(language or journey.language)
    t: Callable[[str], str] = lambda key: pick(W[key], lang)  # noqa: E731
    coverage = evidence_coverage(journey)
    workbook, sheet = new_book(t("coverage"), lang)
    put_title(sheet, f"{t('coverage')}: {journey.title}", t("view"))
    sheet.columns([22, *(12 for _ in coverage.roles), 14, 40])
    sheet.header(4, [t("stage"), *(role_name(r, lang) for r in coverage.roles), t("direct"), t("rules")])
    for row, stage in enumerate(coverage.stages, start=5):
        sheet.put(row, 1, stage.name, bold=True, fill=LANE_FILL)
        for col, role in enumerate(coverage.roles, start=2):
            sheet.put(row, col, stage.by_role.get(role, 0), align="center")
        sheet.put(row, len(coverage.roles) + 2, stage.direct, align="center")
        if stage.complete:
            status, fill = t("ok"), "E2EFDA"
        else:
            parts = (
                [f"{t('needs')} {', '.join(role_name(r, lang) for r in stage.missing_roles)}"]
                if stage.missing_roles
                else []
            )
            status, fill = "; ".join(parts + ([] if stage.enough_direct else [t("few")])), "FBE5D6"
        sheet.put(row, len(coverage.roles) + 3, status, fill=fill)
    sheet.finish()
    return to_bytes(workbook)


def dealer_heatmap_workbook(result: Any, journey: Journey, language: str | None = None) -> bytes:
    """Survey scores per dealer × stage, coloured low (red) to high (green), as an .xlsx."""
    lang = language_of(language or journey.language)
    t: Callable[[str], str] = lambda key: pick(W[key], lang)  # noqa: E731
    workbook, sheet = new_book(t("dealers"), lang)
    put_title(sheet, f"{t('dealers')}: {journey.title}", t("small"))
    instruments = result.instruments()
    stages = [s for s in journey.stages if any(("stage", s.id, k) in result.histograms for k in instruments)]
    sheet.columns([20, *(16 for _ in stages)])
    sheet.header(4, [t("dealer"), *(s.name for s in stages)])
    for row, dealer in enumerate(result.groups("dealer"), start=5):
        sheet.put(row, 1, dealer, bold=True, fill=LANE_FILL)
        for col, stage in enumerate(stages, start=2):
            key = f"{dealer}|{stage.id}"
            kind = next((k for k in instruments if ("dealer×stage", key, k) in result.histograms), None)
            if kind is None:
                sheet.put(row, col, "–", align="center")
                continue
            score = result.score("dealer×stage", key, kind)
            low, high = kind.scale
            share = (score.value - low) / (high - low) if score.value is not None else 0.5
            text = f"{kind.value.upper()} {score.value:.0f}\nn={score.n}{' *' if score.small else ''}"
            sheet.put(row, col, text, align="center", bold=not score.small, fill=heat(share))
    sheet.finish()
    return to_bytes(workbook)
