"""The workbook itself: the Map grid, the record sheets, the chart, the print setup.

:func:`build` lays a journey out as :mod:`cjm.io.workbook.layout` describes and
returns the openpyxl workbook with the sheets to stream
(:class:`~cjm.io.xlsx_engine.BulkSheet`); :mod:`cjm.exporters.excel` saves it.
Excel's limits are checked as each text is placed; every text that breaks one
is reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from cjm.exporters.excel import measure
from cjm.exporters.reports import CURVE_COLOURS, LABEL_FILLS
from cjm.grid import Entry, format_number, format_value, grid
from cjm.i18n import Wording, language_of, pick, term
from cjm.io.workbook import layout as L
from cjm.io.workbook.layout import item_ref
from cjm.io.xlsx_engine import EXCEL_MAX_CELL_CHARS, BulkRow, BulkSheet, excel_length, set_number, set_text
from cjm.model import Journey, Label, Lane, LaneKind, Stage
from cjm.validate.findings import Finding, Path

__all__ = ["LABEL_FILLS", "MOT_FILL", "build", "item_ref"]

# --- look ------------------------------------------------------------------------

#: Fill colour of each label (RGB hex): hypothesis yellow, fact green, idea blue.
#: Fill of a Moment-of-Truth stage's name and flag.
MOT_FILL = "F8CBAD"
HEADER_FILL = "1F3864"
HEADER_FONT_COLOUR = "FFFFFF"
VIEW_FONT_COLOUR = "595959"
VIEW_FILL = "F2F2F2"
BLANK_FILL = "FFFFFF"
GRID_LINE = "A6A6A6"
CURVE_WIDTH_EMU = 28575  # 2.25 pt
BLOCK_LINE = "404040"
#: Fonts present on every Windows with Office; LibreOffice substitutes Noto Sans CJK for Hangul.
FONTS = {"ko": "Malgun Gothic", "en": "Calibri"}
FONT_SIZE = 10
MOT_MARK = "★ MoT"

# Excel's page-setup codes (ECMA-376 18.3.1.63): paper size 8 is A3, 9 is A4.
PAPER_A3 = 8
PAPER_A4 = 9
#: Printable width and height of an A3 landscape page with cjm's margins, in column units and points.
A3_WIDTH_UNITS = 212.0
A3_HEIGHT_POINTS = 760.0
#: Excel's limits on data-validation messages.
PROMPT_TITLE_MAX = 32
PROMPT_MAX = 255
#: Text column widths of the Map, in column units.
MAP_TEXT_MIN, MAP_TEXT_MAX = 12.0, 30.0
MAP_LABEL_WIDTH = 6.5
MAP_BUDGET = A3_WIDTH_UNITS * 1.12
#: Centimetres per column unit (7 pixels at 96 dpi), and the rows the emotion chart covers.
CM_PER_UNIT = 0.1852
CHART_ROWS = 17
#: Rows of the Map above the grid: hidden keys, title, meta line, legend, header.
TITLE_ROW, META_ROW, LEGEND_ROW, HEADER_ROW = 2, 3, 4, 5
FIRST_ROW = HEADER_ROW + 1
#: Rows of a table sheet: hidden keys, header, data.
TABLE_HEADER_ROW, TABLE_FIRST_ROW = 2, 3
#: Blank rows offered for new records in a template.
TEMPLATE_TABLE_ROWS = 60

_WORDS: dict[str, Wording] = {
    "template": ("작성용 템플릿 (V2.0)", "Fill-in template (V2.0)"),
    "map_persona": ("기본 페르소나", "Map persona"),
    "chart": ("감정 곡선", "Emotion curve"),
    "legend": ("라벨 색상", "Label colours"),
    "page": ("&P / &N 쪽", "page &P of &N"),
    "prompt.clear": (
        "빈 칸은 그대로 둡니다. 값을 지우려면 (삭제)를 쓰세요.",
        "An empty cell leaves the value as it is; write (clear) to clear it.",
    ),
    "prompt.label": ("가설 / 사실 / 아이디어 중 하나", "Hypothesis, fact or idea"),
    "prompt.mot": ("중요순간(MoT)이면 Y, 아니면 N", "Y if this stage is a Moment of Truth, else N"),
    "prompt.text": (
        "한 칸에 한 항목. 아래 빈 행에 새 항목을 씁니다.",
        "One entry per cell; new ones go in the blank rows.",
    ),
    "prompt.view": (
        "다른 시트에서 가져와 보여 주는 칸(수정 불가)",
        "Shown from another sheet; not edited here",
    ),
    "lane_header": ("레인", "Lane"),
}


def _w(key: str, language: str) -> str:
    return pick(_WORDS[key], language)


#: Characters a page footer cannot show (control characters and those XML forbids).
_FOOTER_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_THIN = Side(style="thin", color=GRID_LINE)
_MEDIUM = Side(style="medium", color=BLOCK_LINE)


def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


@attrs.frozen(kw_only=True)
class _Entry:
    """One entry of a Map cell, as the Map shows it."""

    text: str
    label: Label | None = None
    ref: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    home: bool = True
    mot_flag: bool = False
    path: Path = ()


class _Book:
    def __init__(self, journey: Journey, language: str, layout: str, template: bool) -> None:
        self.j = journey
        self.lang = language_of(language)
        self.layout = layout
        self.template = template
        self.problems: list[Finding] = []
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.bulk: list[BulkSheet] = []
        self.sheets: dict[L.Role, Worksheet] = {}
        self.font_name = FONTS[self.lang]
        self._fonts: dict[tuple[Any, ...], Font] = {}
        self.grid = grid(journey)
        self.mot_stages = {m.stage for m in journey.moments_of_truth}
        self._mot_names: dict[str, str] = {}
        self.map_kinds = {lane.kind for lane in journey.lanes}
        self.stage_refs = _stage_refs(journey.stages)
        self.chart_anchor: tuple[Worksheet, int, float] | None = None
        self.chart_source: tuple[Worksheet, list[tuple[int, str]], int]

    # --- cells -------------------------------------------------------------------

    def font(self, *, size: float = FONT_SIZE, bold: bool = False, colour: str | None = None) -> Font:
        key = (size, bold, colour)
        if key not in self._fonts:
            self._fonts[key] = Font(name=self.font_name, size=size, bold=bold, color=colour)
        return self._fonts[key]

    def check_text(self, text: str, path: Path, where: str) -> None:
        """Report a text Excel cannot hold, or one that reads as the clear marker."""
        length = excel_length(text)
        if length > EXCEL_MAX_CELL_CHARS:
            self.problems.append(
                Finding(
                    rule="excel-cell-limit",
                    path=path,
                    source=where,
                    message=f"{length} characters; an Excel cell holds at most {EXCEL_MAX_CELL_CHARS}: "
                    "shorten it, or keep it in the journey file and export another format",
                )
            )
        if L.is_clear(text):
            self.problems.append(
                Finding(
                    rule="excel-clear-marker",
                    path=path,
                    source=where,
                    message=f"the text {text!r} is the workbook's clear marker and would read back as "
                    "'clear this cell'; reword it",
                )
            )

    def put(self, ws: Worksheet, row: int, col: int, value: Any, path: Path = (), **style: Any) -> Any:
        """Write a value (text always as text, never a formula) and style the cell."""
        cell = ws.cell(row=row, column=col)
        if isinstance(value, str):
            if value:
                self.check_text(value, path, f"{ws.title}!{cell.coordinate}")
                set_text(cell, value)  # '=…' stays text: openpyxl would make it a formula
        elif isinstance(value, float):
            set_number(cell, value)
        elif value is not None:
            cell.value = value
        for key, setting in style.items():
            setattr(cell, key, setting)
        return cell

    def protect(self, ws: Worksheet) -> None:
        """Lock the sheet (no password): headers, ids and views locked, content cells open."""
        protection = ws.protection
        protection.sheet = True
        protection.formatCells = False
        protection.formatColumns = False
        protection.formatRows = False
        protection.insertRows = False
        protection.sort = False
        protection.autoFilter = False

    def name_sheet(self, role: L.Role, ws: Worksheet) -> None:
        self.sheets[role] = ws
        self.wb.defined_names[L.defined_name(role)] = DefinedName(
            L.defined_name(role), attr_text=f"{quote_sheetname(ws.title)}!$A$1"
        )

    def validation(
        self,
        ws: Worksheet,
        choices: Sequence[str] | str | None,
        title: str,
        prompt: str,
        ranges: Sequence[str],
    ) -> None:
        """A dropdown (or, without choices, only an input message) on ``ranges``."""
        if not ranges:
            return
        if isinstance(choices, str):
            formula: str | None = choices
        elif choices:
            formula = '"' + ",".join(c.replace('"', '""') for c in choices) + '"'
            if len(formula) > PROMPT_MAX:
                formula = None
        else:
            formula = None
        rule = DataValidation(
            type="list" if formula else None,
            formula1=formula,
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=formula is not None,
            errorStyle="warning",
            promptTitle=title[:PROMPT_TITLE_MAX],
            prompt=prompt[:PROMPT_MAX],
        )
        for area in _compact(ranges):
            rule.add(area)
        ws.add_data_validation(rule)

    def label_colours(self, ws: Worksheet, area: str, label_cell: str) -> None:
        """Conditional fills that follow the label cell's value, so a changed label recolours the row."""
        for label, rgb in LABEL_FILLS.items():
            words = {L.enum_name(label, "ko"), L.enum_name(label, "en"), label.value}
            test = ",".join(f'{label_cell}="{w}"' for w in sorted(words))
            ws.conditional_formatting.add(area, FormulaRule(formula=[f"OR({test})"], fill=_fill(rgb)))

    def print_setup(self, ws: Worksheet, *, paper: int, title_rows: str, area: str | None = None) -> None:
        setup = ws.page_setup
        setup.paperSize = paper
        setup.orientation = "landscape"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        ws.page_margins.header = ws.page_margins.footer = 0.25
        ws.print_title_rows = title_rows
        if area:
            ws.print_area = area
        ws.oddFooter.left.text = _FOOTER_UNSAFE.sub(" ", self.j.title).replace("&", "&&")[:200]
        ws.oddFooter.right.text = _w("page", self.lang)

    # --- the whole book ------------------------------------------------------------

    def build(self) -> None:
        if self.template:
            self.readme()
        self.map()
        if self.template:
            self.new_items()
        order = [L.Role.EVIDENCE, L.Role.PAIN_POINTS, L.Role.OPPORTUNITIES, L.Role.METRICS]
        if not self.template:
            order = [L.Role.PAIN_POINTS, L.Role.OPPORTUNITIES, L.Role.METRICS, L.Role.EVIDENCE]
        self.emotions()
        if self.chart_anchor is not None:
            self.add_chart(*self.chart_anchor)
        for role in order:
            self.table(role)
        self.table(L.Role.PERSONAS)
        self.table(L.Role.STAKEHOLDERS)
        self.table(L.Role.STAGES)
        self.table(L.Role.LANES)
        self.journey_sheet()
        if not self.template:
            from cjm.exporters.excel.views import add_blueprint_sheets  # the blueprint's analyses: maps only

            add_blueprint_sheets(self.wb, self.j, self.lang)
            self.readme()
        self.wb.active = 1 if self.template else 0

    # --- the Map -------------------------------------------------------------------

    def map_entries(self, stage: Stage, lane: Lane) -> list[_Entry]:
        j, kind = self.j, lane.kind
        if kind.holds_items:
            entries = []
            for index, item in enumerate(j.items(stage.id, lane.id)):
                ref = item.id or item_ref(stage.id, lane.id, index, item.text)
                extra = {c.key: getattr(item, c.key) for c in L.ITEM_EXTRA}
                path: Path = ("cells", stage.id, lane.id, index)
                entries.append(_Entry(text=item.text, label=item.label, ref=ref, extra=extra, path=path))
            return entries
        if kind is LaneKind.PAIN_POINTS:
            return [
                _Entry(text=p.text, label=p.label, ref=p.id, path=("pain_points", j.pain_points.index(p)))
                for p in j.pain_points_at(stage.id)
            ]
        if kind is LaneKind.OPPORTUNITIES:
            return [
                _Entry(text=o.text, label=o.label, ref=o.id, path=("opportunities", j.opportunities.index(o)))
                for o in j.opportunities_at(stage.id)
            ]
        shown: Sequence[Entry] = self.grid.cell(stage.id, lane.id)
        if kind is LaneKind.MOMENT_OF_TRUTH:
            flag = [_Entry(text="Y" if stage.id in self.mot_stages else "N", mot_flag=True)]
            names = self.mot_metrics(stage)
            # the grid shows the metric names beside the flag; the wall under it
            return flag + ([_Entry(text=names, home=False)] if names and self.layout == "wall" else [])
        return [_Entry(text=e.text, label=e.label, home=False) for e in shown]

    def slot_parts(self, lane: Lane | None) -> list[str]:
        """The columns of one Map cell: text, label, row id and the item's other fields."""
        extra = [c.key for c in L.ITEM_EXTRA]
        if lane is None:  # wall layout: a stage's columns serve every lane
            return ["text", "label", "ref", *extra]
        if lane.kind.holds_items:
            return ["text", "label", "ref", *extra]
        if lane.kind in (LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES):
            return ["text", "label", "ref"]
        if lane.kind is LaneKind.MOMENT_OF_TRUTH:
            return ["text", "metrics"]
        return ["text", "label"]

    def mot_metrics(self, stage: Stage) -> str:
        """The names of the metrics a Moment of Truth is managed by, one per line (worked out once)."""
        names = self._mot_names.get(stage.id)
        if names is None:
            moment = self.j.moment_of_truth(stage.id)
            names = "" if moment is None else "\n".join(self.j.metric(m).display_name for m in moment.metrics)
            self._mot_names[stage.id] = names
        return names

    def map(self) -> None:
        j, lang = self.j, self.lang
        wall = self.layout == "wall"
        ws = self.wb.create_sheet(L.sheet_name(L.Role.MAP, lang))
        self.name_sheet(L.Role.MAP, ws)
        blocks: Sequence[Stage | Lane] = j.lanes if wall else j.stages
        groups: Sequence[Stage | Lane] = j.stages if wall else j.lanes

        # columns: A hidden row keys, B block names, then each group's parts
        columns: dict[tuple[str, str], int] = {}
        col = 3
        for group in groups:
            for part in self.slot_parts(None if wall else group):  # type: ignore[arg-type]
                columns[(group.id, part)] = col
                col += 1
        last_col = col - 1

        # what each block × group shows
        cells: dict[tuple[str, str], list[_Entry]] = {}
        for block in blocks:
            for group in groups:
                stage, lane = (group, block) if wall else (block, group)
                cells[(block.id, group.id)] = self.map_entries(stage, lane)  # type: ignore[arg-type]

        widths = self.map_widths(blocks, groups, cells, columns, wall)
        for index in range(1, last_col + 1):
            ws.column_dimensions[get_column_letter(index)].width = widths.get(index, MAP_LABEL_WIDTH)
        ws.column_dimensions["A"].hidden = True
        for (_, part), index in columns.items():
            if part not in ("text", "label", "metrics"):
                ws.column_dimensions[get_column_letter(index)].hidden = True

        # hidden key row
        ws.row_dimensions[1].hidden = True
        self.put(ws, 1, 1, f"{L.FORMAT}:{self.layout}")
        self.put(ws, 1, 2, "name")
        for (group_id, part), index in columns.items():
            self.put(ws, 1, index, f"{group_id}:{part}")

        visible_end = get_column_letter(last_col)
        self.title_block(ws, visible_end)
        self.header_row(ws, groups, columns, wall)

        label_ranges: list[str] = []
        flag_ranges: list[str] = []
        text_ranges: list[str] = []
        view_ranges: list[str] = []
        breaks_at: list[tuple[int, float]] = []
        row = FIRST_ROW
        for block in blocks:
            entries_here = [cells[(block.id, g.id)] for g in groups]
            count = max([1, *(len(e) for e in entries_here)])
            blank = self.blank_rows(block, groups, wall)
            height_rows = count + blank
            first = row
            heights = [0.0] * height_rows
            for group, entries in zip(groups, entries_here, strict=True):
                lane = block if wall else group
                stage = group if wall else block
                home_group = lane.kind in L.MAP_HOMES  # type: ignore[union-attr]
                text_col = columns[(group.id, "text")]
                label_col = columns.get((group.id, "label"))
                for offset in range(height_rows):
                    r = first + offset
                    entry = entries[offset] if offset < len(entries) else None
                    h = self.map_cell(ws, r, group.id, entry, columns, home_group)
                    heights[offset] = max(heights[offset], h)
                    coordinate = f"{get_column_letter(text_col)}{r}"
                    editable = entry is None and home_group and (offset >= len(entries))
                    if entry is not None and entry.mot_flag:
                        flag_ranges.append(coordinate)
                    elif (entry is not None and entry.home and home_group) or editable:
                        text_ranges.append(coordinate)
                        if label_col:
                            label_ranges.append(f"{get_column_letter(label_col)}{r}")
                    elif entry is not None:
                        view_ranges.append(coordinate)
                if label_col and lane.kind in L.LABELLED:  # type: ignore[union-attr]
                    t, lbl = get_column_letter(text_col), get_column_letter(label_col)
                    self.label_colours(ws, f"{t}{first}:{lbl}{first + height_rows - 1}", f"${lbl}{first}")
            if not wall:
                for group in groups:
                    found = columns.get((group.id, "metrics"))
                    if found is None:
                        continue
                    index = found
                    names = self.mot_metrics(block) if isinstance(block, Stage) else ""
                    self.put(
                        ws,
                        first,
                        index,
                        names or None,
                        font=self.font(size=9, colour=VIEW_FONT_COLOUR),
                        fill=_fill(MOT_FILL if names else BLANK_FILL),
                        alignment=Alignment(wrap_text=True, vertical="top"),
                        border=Border(right=_THIN, top=_THIN, bottom=_THIN),
                    )
                    if names:
                        view_ranges.append(f"{get_column_letter(index)}{first}")
                    if height_rows > 1:
                        ws.merge_cells(
                            start_row=first,
                            start_column=index,
                            end_row=first + height_rows - 1,
                            end_column=index,
                        )
                    needed = measure.row_height(measure.line_count(names, widths[index]), 0.95)
                    if sum(heights) < needed:
                        heights[-1] += needed - sum(heights)
            # block name, merged down the block, and the row keys
            name = block.name + (f"\n{MOT_MARK}" if not wall and block.id in self.mot_stages else "")
            is_mot = not wall and block.id in self.mot_stages
            for offset in range(height_rows):
                self.put(ws, first + offset, 1, block.id)
                self.put(
                    ws,
                    first + offset,
                    2,
                    None,
                    border=Border(left=_MEDIUM, right=_MEDIUM, top=_THIN, bottom=_THIN),
                )
            self.put(
                ws,
                first,
                2,
                name,
                ("stages" if not wall else "lanes", [b.id for b in blocks].index(block.id), "name"),
                font=self.font(bold=True, size=FONT_SIZE + 1),
                fill=_fill(MOT_FILL if is_mot else VIEW_FILL),
                alignment=Alignment(vertical="center", horizontal="center", wrap_text=True),
            )
            if height_rows > 1:
                ws.merge_cells(start_row=first, start_column=2, end_row=first + height_rows - 1, end_column=2)
            needed = measure.row_height(measure.line_count(name, widths[2]), 1.1)
            if sum(heights) < needed:
                heights[-1] += needed - sum(heights)
            for offset, h in enumerate(heights):
                ws.row_dimensions[first + offset].height = h
            self.block_border(ws, first, last_col)
            breaks_at.append((first, sum(heights)))
            row = first + height_rows
        last_row = row - 1

        clear = _w("prompt.clear", lang)
        label_words = [L.enum_name(label, lang) for label in Label]
        self.validation(
            ws, label_words, term("label.legend", lang), f"{_w('prompt.label', lang)}. {clear}", label_ranges
        )
        self.validation(ws, ["Y", "N"], "MoT", _w("prompt.mot", lang), flag_ranges)
        self.validation(ws, None, L.word("col.text", lang), f"{_w('prompt.text', lang)} {clear}", text_ranges)
        self.validation(ws, None, "", _w("prompt.view", lang), view_ranges)

        chart_row = last_row + 2
        chart_rows = self.emotion_chart_anchor(ws, chart_row, widths, last_col)
        self.page_breaks(ws, breaks_at, widths, last_col, chart_row, chart_rows)
        end_row = chart_row + chart_rows if chart_rows else last_row
        ws.freeze_panes = f"C{FIRST_ROW}"
        ws.sheet_view.zoomScale = 90
        self.print_setup(
            ws,
            paper=PAPER_A3,
            title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
            area=f"B{TITLE_ROW}:{visible_end}{end_row}",
        )
        self.protect(ws)

    def blank_rows(self, block: Stage | Lane, groups: Sequence[Stage | Lane], wall: bool) -> int:
        """Blank rows a template offers under a block for new entries."""
        if not self.template:
            return 0
        if wall:
            return 2 if block.kind in L.MAP_HOMES else 0  # type: ignore[union-attr]
        return 3 if any(g.kind in L.MAP_HOMES for g in groups) else 0  # type: ignore[union-attr]

    def map_widths(
        self,
        blocks: Sequence[Stage | Lane],
        groups: Sequence[Stage | Lane],
        cells: dict[tuple[str, str], list[_Entry]],
        columns: dict[tuple[str, str], int],
        wall: bool,
    ) -> dict[int, float]:
        """Column widths from the text: each text column as wide as its longest line needs, within bounds,
        all of them narrowed together when the grid would not fit an A3 page at a readable size."""
        widths: dict[int, float] = {}
        name_width = max([display(b.name) for b in blocks] + [8.0])
        widths[2] = min(max(name_width * 0.6, 10.0), 18.0)
        natural: dict[int, float] = {}
        for group in groups:
            longest = display(group.name) * 0.55
            for block in blocks:
                for entry in cells[(block.id, group.id)]:
                    longest = max(longest, display(entry.text) + 1.5)
            text_col = columns[(group.id, "text")]
            if not wall and group.kind is LaneKind.MOMENT_OF_TRUTH:  # type: ignore[union-attr]
                natural[text_col] = min(max(longest, 8.0), 14.0)
            else:
                natural[text_col] = min(max(longest, MAP_TEXT_MIN), MAP_TEXT_MAX)
            for (group_id, part), index in columns.items():
                if group_id == group.id and part == "label":
                    widths[index] = MAP_LABEL_WIDTH
                elif group_id == group.id and part == "metrics":
                    names = [display(self.mot_metrics(b)) for b in blocks if isinstance(b, Stage)]
                    widths[index] = min(max(max(names, default=8.0) + 1.5, 10.0), 16.0)
                elif group_id == group.id and part not in ("text", "label"):
                    widths[index] = 12
        fixed = widths[2] + sum(w for i, w in widths.items() if i != 2 and _visible_label(i, columns))
        room = MAP_BUDGET - fixed
        total = sum(natural.values())
        if total > room > 0:
            flexible = {i: w - MAP_TEXT_MIN for i, w in natural.items()}
            excess = total - room
            spare = sum(flexible.values())
            for index, width in natural.items():
                cut = excess * flexible[index] / spare if spare else 0
                natural[index] = max(width - cut, MAP_TEXT_MIN if width >= MAP_TEXT_MIN else width)
        widths.update({i: round(w, 1) for i, w in natural.items()})
        return widths

    def map_cell(
        self,
        ws: Worksheet,
        row: int,
        group_id: str,
        entry: _Entry | None,
        columns: dict[tuple[str, str], int],
        home_group: bool,
    ) -> float:
        """Write one entry of a Map cell (or a blank slot); return the height its text needs."""
        text_col = columns[(group_id, "text")]
        label_col = columns.get((group_id, "label"))
        wrap = Alignment(wrap_text=True, vertical="top")
        border = Border(left=_THIN, right=_THIN if not label_col else None, top=_THIN, bottom=_THIN)
        open_cell = Protection(locked=False)
        if entry is None:
            fill = _fill(BLANK_FILL)
            self.put(
                ws,
                row,
                text_col,
                None,
                fill=fill,
                alignment=wrap,
                border=border,
                protection=open_cell if home_group else Protection(locked=True),
            )
            if label_col:
                self.put(
                    ws,
                    row,
                    label_col,
                    None,
                    fill=fill,
                    border=Border(right=_THIN, top=_THIN, bottom=_THIN),
                    protection=open_cell if home_group else Protection(locked=True),
                    alignment=Alignment(horizontal="center", vertical="top", shrink_to_fit=True),
                )
            for (gid, part), index in columns.items():
                if gid == group_id and part not in ("text", "label"):
                    self.put(
                        ws, row, index, None, protection=open_cell if home_group else Protection(locked=True)
                    )
            return measure.row_height(2 if self.template and home_group else 1)
        if entry.mot_flag:
            fill = _fill(MOT_FILL if entry.text == "Y" else BLANK_FILL)
            self.put(
                ws,
                row,
                text_col,
                entry.text,
                fill=fill,
                border=border,
                protection=open_cell,
                font=self.font(bold=True),
                alignment=Alignment(horizontal="center", vertical="top"),
            )
            return measure.row_height(1)
        fill = _fill(LABEL_FILLS[entry.label] if entry.label else (BLANK_FILL if entry.home else VIEW_FILL))
        font = self.font() if entry.home else self.font(colour=VIEW_FONT_COLOUR)
        protection = open_cell if entry.home and home_group else Protection(locked=True)
        self.put(
            ws,
            row,
            text_col,
            entry.text,
            (*entry.path, "text"),
            fill=fill,
            font=font,
            alignment=wrap,
            border=border,
            protection=protection,
        )
        if label_col:
            self.put(
                ws,
                row,
                label_col,
                L.enum_name(entry.label, self.lang) if entry.label else None,
                fill=fill,
                font=self.font(size=8, colour=VIEW_FONT_COLOUR),
                alignment=Alignment(horizontal="center", vertical="top", shrink_to_fit=True),
                border=Border(right=_THIN, top=_THIN, bottom=_THIN),
                protection=protection,
            )
        if entry.ref is not None:
            self.put(ws, row, columns[(group_id, "ref")], entry.ref, protection=Protection(locked=True))
        for column in L.ITEM_EXTRA:
            extra_col = columns.get((group_id, column.key))
            if extra_col is not None:
                value = entry.extra.get(column.key)
                written = column.codec.write(value, self.lang) if value not in (None, (), "") else None
                self.put(
                    ws,
                    row,
                    extra_col,
                    written,
                    (*entry.path, column.key),
                    protection=protection,
                    number_format=column.codec.number_format,
                )
        width = ws.column_dimensions[get_column_letter(text_col)].width
        return measure.row_height(measure.line_count(entry.text, width))

    def title_block(self, ws: Worksheet, end: str) -> None:
        j, lang = self.j, self.lang
        title = j.title + (f" — {_w('template', lang)}" if self.template else "")
        self.put(
            ws,
            TITLE_ROW,
            2,
            title,
            ("title",),
            font=self.font(size=16, bold=True),
            alignment=Alignment(vertical="center"),
        )
        ws.merge_cells(f"B{TITLE_ROW}:{end}{TITLE_ROW}")
        ws.row_dimensions[TITLE_ROW].height = 30
        facts = []
        if j.personas:
            facts.append(f"{term('persona', lang)}: {j.personas[0].name}")
        facts.append(f"{term('version', lang)}: {j.version}")
        if j.updated:
            facts.append(f"{term('updated', lang)}: {j.updated.isoformat()}")
        self.put(
            ws,
            META_ROW,
            2,
            "   ·   ".join(facts),
            ("personas",),
            font=self.font(size=11),
            alignment=Alignment(vertical="center"),
        )
        ws.merge_cells(f"B{META_ROW}:{end}{META_ROW}")
        ws.row_dimensions[META_ROW].height = 20
        # legend
        self.put(
            ws,
            LEGEND_ROW,
            2,
            _w("legend", lang),
            font=self.font(bold=True, size=9),
            alignment=Alignment(horizontal="right", vertical="center"),
        )
        keys = [(L.enum_name(label, lang), LABEL_FILLS[label]) for label in Label] + [(MOT_MARK, MOT_FILL)]
        visible = [
            i
            for i in range(3, 3 + 60)
            if not ws.column_dimensions[get_column_letter(i)].hidden
            and (ws.column_dimensions[get_column_letter(i)].width or 0) >= 8
        ]
        for (text, rgb), index in zip(keys, visible, strict=False):
            self.put(
                ws,
                LEGEND_ROW,
                index,
                text,
                fill=_fill(rgb),
                font=self.font(size=9, bold=True),
                alignment=Alignment(horizontal="center", vertical="center"),
                border=Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN),
            )
        ws.row_dimensions[LEGEND_ROW].height = 18

    def header_row(
        self, ws: Worksheet, groups: Sequence[Stage | Lane], columns: dict[tuple[str, str], int], wall: bool
    ) -> None:
        lang = self.lang
        header_font = self.font(bold=True, colour=HEADER_FONT_COLOUR)
        center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        fill = _fill(HEADER_FILL)
        corner = L.word("col.lane", lang) if wall else term("stage", lang)
        self.put(ws, HEADER_ROW, 2, corner, font=header_font, fill=fill, alignment=center)
        tallest = 1
        for position, group in enumerate(groups):
            parts = [index for (gid, _), index in columns.items() if gid == group.id]
            first, last = min(parts), max(parts)
            is_mot = wall and group.id in self.mot_stages
            name = group.name + (f"\n{MOT_MARK}" if is_mot else "")
            path: Path = ("stages" if wall else "lanes", position, "name")
            self.put(
                ws,
                HEADER_ROW,
                first,
                name,
                path,
                font=header_font,
                fill=_fill("C55A11") if is_mot else fill,
                alignment=center,
                border=Border(left=_THIN, right=_THIN),
            )
            if last > first:
                ws.merge_cells(start_row=HEADER_ROW, start_column=first, end_row=HEADER_ROW, end_column=last)
            width = sum(
                ws.column_dimensions[get_column_letter(i)].width or 0
                for i in range(first, last + 1)
                if not ws.column_dimensions[get_column_letter(i)].hidden
            )
            tallest = max(tallest, measure.line_count(name, width))
        ws.row_dimensions[HEADER_ROW].height = measure.row_height(tallest, 1.05)

    def block_border(self, ws: Worksheet, first: int, last_col: int) -> None:
        """A heavier line above each block, so stages read as bands."""
        for col in range(2, last_col + 1):
            cell = ws.cell(row=first, column=col)
            b = cell.border
            cell.border = Border(left=b.left, right=b.right, top=_MEDIUM, bottom=b.bottom)

    def emotion_chart_anchor(self, ws: Worksheet, row: int, widths: dict[int, float], last_col: int) -> int:
        """Reserve room for the emotion chart under the grid; return the rows it covers (0: no scores)."""
        if not self.j.emotions or not self.j.stages:
            return 0
        visible = _visible_width(ws, widths, last_col)
        self.chart_anchor = (ws, row, round(min(max(visible * CM_PER_UNIT * 0.7, 16.0), 36.0), 1))
        return CHART_ROWS

    def page_breaks(
        self,
        ws: Worksheet,
        blocks: list[tuple[int, float]],
        widths: dict[int, float],
        last_col: int,
        chart_row: int,
        chart_rows: int,
    ) -> None:
        """Break pages between blocks, never inside one (a block taller than a page is split by Excel)."""
        visible = _visible_width(ws, widths, last_col)
        scale = min(1.0, A3_WIDTH_UNITS / max(visible, 1.0))
        page = A3_HEIGHT_POINTS / scale
        header = ws.row_dimensions[HEADER_ROW].height or 20
        used = sum(ws.row_dimensions[r].height or 15 for r in (TITLE_ROW, META_ROW, LEGEND_ROW)) + header
        for first, height in blocks:
            if used + height > page and used > header + 1:
                ws.row_breaks.append(Break(id=first - 1))
                used = header
            used += height
        chart_height = chart_rows * 15.0
        if chart_rows and used + chart_height > page:
            ws.row_breaks.append(Break(id=chart_row - 1))

    # --- the emotion curve -----------------------------------------------------------

    def persona_groups(self) -> list[tuple[str | None, str]]:
        j = self.j
        default = _w("map_persona", self.lang)
        if j.personas:
            default = f"{j.personas[0].name} ({default})"
        return [(None, default)] + [(p.id, p.name) for p in j.personas]

    def emotions(self) -> None:
        j, lang = self.j, self.lang
        ws = self.wb.create_sheet(L.sheet_name(L.Role.EMOTIONS, lang))
        self.name_sheet(L.Role.EMOTIONS, ws)
        groups = self.persona_groups()
        fields = L.EMOTION_FIELDS
        ws.row_dimensions[1].hidden = True
        ws.column_dimensions["A"].hidden = True
        self.put(ws, 1, 1, f"{L.FORMAT}:emotions")
        self.put(ws, 1, 2, "name")
        header_font = self.font(bold=True, colour=HEADER_FONT_COLOUR)
        center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.put(ws, 2, 2, term("stage", lang), font=header_font, fill=_fill(HEADER_FILL), alignment=center)
        ws.merge_cells("B2:B3")
        ws.column_dimensions["B"].width = min(max([display(s.name) + 2 for s in j.stages] + [14.0]), 30)
        scale = f"{format_number(j.emotion_scale.low)} … {format_number(j.emotion_scale.high)}"
        score_columns: list[tuple[int, str]] = []
        col = 3
        for persona, title in groups:
            first = col
            for column in fields:
                key = f"{persona or '-'}:{column.key}"
                self.put(ws, 1, col, key)
                header = column.title(lang) + (f" ({scale})" if column.key == "score" else "")
                self.put(ws, 3, col, header, font=header_font, fill=_fill(HEADER_FILL), alignment=center)
                ws.column_dimensions[get_column_letter(col)].width = {"score": 12, "label": 10}.get(
                    column.key, 26 if column.codec.wide else 14
                )
                if column.key == "score":
                    score_columns.append((col, title))
                col += 1
            self.put(ws, 2, first, title, font=header_font, fill=_fill("2F5597"), alignment=center)
            ws.merge_cells(start_row=2, start_column=first, end_row=2, end_column=col - 1)
        ws.row_dimensions[3].height = 30
        row = 4
        label_words = [L.enum_name(label, lang) for label in Label]
        open_cell = Protection(locked=False)
        for stage in j.stages:
            self.put(ws, row, 1, stage.id)
            self.put(
                ws,
                row,
                2,
                stage.name,
                font=self.font(bold=True),
                alignment=Alignment(wrap_text=True),
                fill=_fill(MOT_FILL if stage.id in self.mot_stages else VIEW_FILL),
            )
            col = 3
            lines = measure.line_count(stage.name, ws.column_dimensions["B"].width)
            for persona, _title in groups:
                emotion = j.emotion(stage.id, persona)
                index = j.emotions.index(emotion) if emotion is not None else 0
                for column in fields:
                    value = getattr(emotion, column.key) if emotion is not None else None
                    written = column.codec.write(value, lang) if value not in (None, (), "") else None
                    self.put(
                        ws,
                        row,
                        col,
                        written,
                        ("emotions", index, column.key),
                        protection=open_cell,
                        number_format=column.codec.number_format,
                        alignment=Alignment(wrap_text=True, vertical="top"),
                        border=Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN),
                    )
                    if isinstance(written, str):
                        width = ws.column_dimensions[get_column_letter(col)].width
                        lines = max(lines, measure.line_count(written, width))
                    col += 1
            ws.row_dimensions[row].height = measure.row_height(lines)
            row += 1
        last = row - 1
        if last >= 4:
            for persona_index, (_persona, _title) in enumerate(groups):
                first_col = 3 + persona_index * len(fields)
                label_col = next((first_col + i for i, c in enumerate(fields) if c.key == "label"), None)
                if label_col is not None:
                    letter = get_column_letter(label_col)
                    self.validation(
                        ws,
                        label_words,
                        term("label.legend", lang),
                        _w("prompt.label", lang),
                        [f"{letter}4:{letter}{last}"],
                    )
                    first_letter = get_column_letter(first_col)
                    last_letter = get_column_letter(first_col + len(fields) - 1)
                    self.label_colours(ws, f"{first_letter}4:{last_letter}{last}", f"${letter}4")
            for col_index, _title in score_columns:
                letter = get_column_letter(col_index)
                self.validation(ws, None, L.word("col.score", lang), scale, [f"{letter}4:{letter}{last}"])
        ws.freeze_panes = "C4"
        self.print_setup(ws, paper=PAPER_A4, title_rows="2:3")
        self.protect(ws)
        self.chart_source = (ws, score_columns, last)

    def add_chart(self, ws_map: Worksheet, anchor_row: int, width_cm: float) -> None:
        """The emotion curve as a native Excel line chart: a series per persona that has scores.

        The stages are the categories; a stage without a score is an empty cell
        of the Emotions sheet, drawn as a gap in the line, never as a zero.
        """
        source, score_columns, last = self.chart_source
        chart = LineChart()
        chart.display_blanks = "gap"
        chart.title = _w("chart", self.lang)
        chart.style = 2
        chart.height = 8.0
        chart.width = width_cm
        chart.y_axis.title = L.word("col.score", self.lang)
        chart.y_axis.scaling.min = self.j.emotion_scale.low
        chart.y_axis.scaling.max = self.j.emotion_scale.high
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.x_axis.tickLblPos = "low"  # stage names under the plot, not across it at zero
        chart.legend.position = "b"
        for (col, title), (persona, _) in zip(score_columns, self.persona_groups(), strict=True):
            if not any(e.persona == persona for e in self.j.emotions):
                continue
            series = Series(
                Reference(source, min_col=col, min_row=4, max_row=last), title=_FOOTER_UNSAFE.sub(" ", title)
            )
            colour = CURVE_COLOURS[len(chart.series) % len(CURVE_COLOURS)]
            series.smooth = False
            series.graphicalProperties.line.solidFill = colour
            series.graphicalProperties.line.width = CURVE_WIDTH_EMU
            series.marker.symbol = "circle"
            series.marker.size = 7
            series.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
            series.marker.graphicalProperties.line.solidFill = colour
            chart.series.append(series)
        chart.set_categories(Reference(source, min_col=2, min_row=4, max_row=last))
        ws_map.add_chart(chart, f"B{anchor_row}")

    # --- tables -----------------------------------------------------------------------

    def table_records(self, role: L.Role) -> list[tuple[Any, Path, dict[str, Any]]]:
        """(record, path, extra values by column key) for each row of a table sheet."""
        j = self.j
        rows: list[tuple[Any, Path, dict[str, Any]]] = []
        if role is L.Role.STAKEHOLDERS:
            for p, persona in enumerate(j.personas):
                for s, holder in enumerate(persona.stakeholders):
                    rows.append((holder, ("personas", p, "stakeholders", s), {"persona": persona.id}))
            return rows
        if role is L.Role.STAGES:
            for index, stage in enumerate(j.stages):
                moment = j.moment_of_truth(stage.id)
                extra: dict[str, Any] = {"mot": moment is not None}
                if moment is not None:
                    for f in attrs.fields(type(moment)):
                        extra[f"mot.{f.name}"] = getattr(moment, f.name)
                rows.append((stage, ("stages", index), extra))
            return rows
        collection = {
            L.Role.LANES: "lanes",
            L.Role.PERSONAS: "personas",
            L.Role.PAIN_POINTS: "pain_points",
            L.Role.OPPORTUNITIES: "opportunities",
            L.Role.METRICS: "metrics",
            L.Role.EVIDENCE: "evidence",
        }[role]
        out: list[tuple[Any, Path, dict[str, Any]]] = []
        for index, record in enumerate(getattr(j, collection)):
            extra = {}
            if role is L.Role.METRICS:
                extra = {"gap": self.gap(record), "mot": "MoT" if record.stage in self.mot_stages else ""}
            if role is L.Role.OPPORTUNITIES:
                extra = {"quadrant": self.quadrant(record)}
            out.append((record, (collection, index), extra))
        return out

    def gap(self, metric: Any) -> str:
        baseline = metric.baseline
        if metric.target is None or baseline is None or baseline.value is None:
            return ""
        return format_value(metric.target - baseline.value, metric.unit)

    def quadrant(self, opportunity: Any) -> str:
        if opportunity.value is None or opportunity.effort is None:
            return ""
        high_value, low_effort = opportunity.value >= 3, opportunity.effort <= 3
        key = {
            (True, True): "quadrant.quick_win",
            (True, False): "quadrant.major",
            (False, True): "quadrant.fill_in",
            (False, False): "quadrant.thankless",
        }[(high_value, low_effort)]
        return L.word(key, self.lang)

    def shown_on_map(self, role: L.Role, record: Any) -> bool:
        """Whether the Map is the home of this record's text and label (or of a stage's MoT flag)."""
        if role is L.Role.PAIN_POINTS:
            return LaneKind.PAIN_POINTS in self.map_kinds
        if role is L.Role.OPPORTUNITIES:
            return LaneKind.OPPORTUNITIES in self.map_kinds and record.stage is not None
        if role is L.Role.STAGES:
            return LaneKind.MOMENT_OF_TRUTH in self.map_kinds
        return False

    def table(self, role: L.Role) -> None:
        lang = self.lang
        spec = L.COLUMNS[role]
        columns = spec.columns
        ws = self.wb.create_sheet(L.sheet_name(role, lang))
        self.name_sheet(role, ws)
        records = self.table_records(role)
        copy_keys = {"text", "label"} if role in (L.Role.PAIN_POINTS, L.Role.OPPORTUNITIES) else {"mot"}
        blank = TEMPLATE_TABLE_ROWS if self.template else 0
        if role in (L.Role.STAGES, L.Role.LANES):
            blank = 0  # structure is changed in the journey file
        ws.row_dimensions[1].hidden = True
        header_font = self.font(bold=True, colour=HEADER_FONT_COLOUR)
        header_fill = _fill(HEADER_FILL)
        center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        widths: list[float] = []
        for index, column in enumerate(columns, start=1):
            self.put(ws, 1, index, column.key)
            self.put(
                ws,
                TABLE_HEADER_ROW,
                index,
                column.title(lang),
                font=header_font,
                fill=header_fill,
                alignment=center,
            )
            longest = max(
                [display(column.title(lang)) * 0.8]
                + [display(_first_line(self.cell_value(column, r, e))) + 1 for r, _, e in records[:2000]]
            )
            cap = 48.0 if column.codec.wide else 24.0
            width = min(max(longest, 6.0 if column.codec.name in ("yes_no", "one_to_five") else 9.0), cap)
            widths.append(round(width, 1))
            ws.column_dimensions[get_column_letter(index)].width = widths[-1]
        ws.row_dimensions[TABLE_HEADER_ROW].height = measure.row_height(
            max(measure.line_count(c.title(lang), w) for c, w in zip(columns, widths, strict=True)), 1.05
        )
        # style rows: 0 existing record, 1 existing record whose text the Map holds, 2 blank row
        wrap_top = Alignment(wrap_text=True, vertical="top")
        thin = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
        for variant in range(3):
            for index, column in enumerate(columns, start=1):
                locked = column.view or (variant == 1 and column.key in copy_keys)
                if column.key == spec.key and variant != 2 and role is not L.Role.STAKEHOLDERS:
                    locked = True
                grey = column.view or (variant == 1 and column.key in copy_keys)
                self.put(
                    ws,
                    TABLE_FIRST_ROW + variant,
                    index,
                    None,
                    font=self.font(colour=VIEW_FONT_COLOUR) if grey else self.font(),
                    fill=_fill(VIEW_FILL) if grey else _fill(BLANK_FILL),
                    alignment=wrap_top,
                    border=thin,
                    protection=Protection(locked=locked),
                    number_format=column.codec.number_format,
                )
        count = len(records) + blank
        last_row = TABLE_FIRST_ROW + max(count, 1) - 1
        end = get_column_letter(len(columns))

        def rows() -> Iterator[BulkRow]:
            for record, path, extra in records:
                values = []
                lines = 1
                for column, width in zip(columns, widths, strict=True):
                    value = self.cell_value(column, record, extra)
                    if isinstance(value, str):
                        self.check_text(value, (*path, *column.key.split(".")), f"{ws.title} {column.key}")
                        if column.codec.wide or len(value) > width:
                            lines = max(lines, measure.line_count(value, width))
                    values.append(value)
                variant = 1 if self.shown_on_map(role, record) else 0
                yield BulkRow(variant, values, measure.row_height(min(lines, 40)) if lines > 1 else None)
            for _ in range(blank):
                yield BulkRow(2, [None] * len(columns), measure.row_height(2))
            if not count:
                yield BulkRow(2, [None] * len(columns), None)

        self.bulk.append(
            BulkSheet(
                title=ws.title,
                first_row=TABLE_FIRST_ROW,
                columns=len(columns),
                variants=3,
                row_count=max(count, 1),
                rows=rows(),
            )
        )
        # dropdowns and input messages, column by column
        clear = _w("prompt.clear", lang)
        stage_list = self.stage_list_formula()
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            area = [f"{letter}{TABLE_FIRST_ROW}:{letter}{last_row}"]
            if column.view:
                self.validation(ws, None, column.title(lang), _w("prompt.view", lang), area)
                continue
            prompt = f"{pick(column.codec.expected, lang)}. {clear}"
            if column.codec is L.STAGE_REF:
                choices: Sequence[str] | str | None = stage_list
            elif column.codec.choices is not None:
                choices = column.codec.choices(lang)
            else:
                choices = None
            self.validation(ws, choices, column.title(lang), prompt, area)
            if column.key in ("label", "baseline.label"):
                self.label_colours(
                    ws, f"{letter}{TABLE_FIRST_ROW}:{letter}{last_row}", f"${letter}{TABLE_FIRST_ROW}"
                )
        if role is L.Role.EVIDENCE:
            table = Table(displayName="VOC_log", ref=f"A{TABLE_HEADER_ROW}:{end}{last_row}")
            table.tableColumns = [
                TableColumn(id=i, name=c.title(lang)) for i, c in enumerate(columns, start=1)
            ]
            # columns and filter set here, so that openpyxl need not read the header cells back
            table.autoFilter = AutoFilter(ref=table.ref)
            table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
            ws.add_table(table)
        else:
            ws.auto_filter.ref = f"A{TABLE_HEADER_ROW}:{end}{last_row}"
        ws.freeze_panes = f"B{TABLE_FIRST_ROW}"
        self.print_setup(
            ws,
            paper=PAPER_A4 if len(columns) < 10 else PAPER_A3,
            title_rows=f"{TABLE_HEADER_ROW}:{TABLE_HEADER_ROW}",
        )
        self.protect(ws)

    def cell_value(self, column: L.Column, record: Any, extra: dict[str, Any]) -> Any:
        """What a table cell shows for ``record``: the field through its codec, or a computed view."""
        if column.key in extra:
            value = extra[column.key]
        else:
            value = record
            for part in column.key.split("."):
                value = getattr(value, part, None) if value is not None else None
        if column.view:
            return value or None
        if column.codec is L.STAGE_REF:
            return self.stage_refs.get(value) if value else None
        if value is None or value == () or value == "":
            return None
        return column.codec.write(value, self.lang)

    def stage_list_formula(self) -> str | None:
        """A dropdown source listing the stage names (the Stages sheet's name column)."""
        if not self.j.stages:
            return None
        names = [self.stage_refs[s.id] for s in self.j.stages]
        inline = '"' + ",".join(names) + '"'
        if all(_plain_choice(n) for n in names) and len(inline) <= PROMPT_MAX:
            return inline
        sheet = L.sheet_name(L.Role.STAGES, self.lang)
        spec = L.COLUMNS[L.Role.STAGES]
        col = get_column_letter([c.key for c in spec.columns].index("name") + 1)
        last = TABLE_FIRST_ROW + len(self.j.stages) - 1
        return f"{quote_sheetname(sheet)}!${col}${TABLE_FIRST_ROW}:${col}${last}"

    # --- the journey's own fields ---------------------------------------------------------

    def journey_sheet(self) -> None:
        lang, j = self.lang, self.j
        ws = self.wb.create_sheet(L.sheet_name(L.Role.JOURNEY, lang))
        self.name_sheet(L.Role.JOURNEY, ws)
        ws.row_dimensions[1].hidden = True
        ws.column_dimensions["A"].hidden = True
        self.put(ws, 1, 1, f"{L.FORMAT}:journey")
        self.put(ws, 1, 2, "field")
        self.put(ws, 1, 3, "value")
        header_font = self.font(bold=True, colour=HEADER_FONT_COLOUR)
        self.put(ws, 2, 2, L.word("col.field", lang), font=header_font, fill=_fill(HEADER_FILL))
        self.put(ws, 2, 3, L.word("col.value_cell", lang), font=header_font, fill=_fill(HEADER_FILL))
        ws.column_dimensions["B"].width = 30
        ws.column_dimensions["C"].width = 80
        row = 3
        for column in L.JOURNEY_FIELDS:
            value: Any = j
            for part in column.key.split("."):
                value = getattr(value, part)
            is_json = column.codec.name == "json"
            header = column.title(lang)
            if is_json:
                header = L.word("col.json", lang).format(field=column.key)
            self.put(ws, row, 1, column.key)
            self.put(
                ws,
                row,
                2,
                header,
                font=self.font(bold=True),
                alignment=Alignment(wrap_text=True, vertical="top"),
                fill=_fill(VIEW_FILL),
            )
            default = _default_of(type(j), column.key)
            written = None
            if value is not None and value != () and value != "" and not (is_json and value == default):
                written = column.codec.write(value, lang)
            locked = is_json or column.key == "id"
            chunks = _split(written) if isinstance(written, str) and is_json else [written]
            for offset, chunk in enumerate(chunks):
                self.put(
                    ws,
                    row,
                    3 + offset,
                    chunk,
                    (column.key,),
                    alignment=Alignment(wrap_text=True, vertical="top"),
                    protection=Protection(locked=locked),
                    number_format=column.codec.number_format,
                    font=self.font(colour=VIEW_FONT_COLOUR) if is_json else self.font(),
                )
            if isinstance(written, str) and not is_json:
                ws.row_dimensions[row].height = measure.row_height(measure.line_count(written, 80))
            elif is_json and written:
                ws.row_dimensions[row].height = 60
            if not is_json and column.codec.choices is not None:
                self.validation(
                    ws, column.codec.choices(lang), header, pick(column.codec.expected, lang), [f"C{row}"]
                )
            row += 1
        self.print_setup(ws, paper=PAPER_A4, title_rows="2:2")
        self.protect(ws)

    # --- template extras ------------------------------------------------------------------

    def new_items(self) -> None:
        """A list to add entries to the Map's cells, one per row, stage and lane chosen from lists."""
        lang, j = self.lang, self.j
        lanes = [lane for lane in j.lanes if lane.kind in L.MAP_HOMES]
        if not lanes or not j.stages:
            return
        ws = self.wb.create_sheet(L.sheet_name(L.Role.NEW_ITEMS, lang))
        self.name_sheet(L.Role.NEW_ITEMS, ws)
        keys = ["stage", "lane", "text", "label", *(c.key for c in L.ITEM_EXTRA)]
        headers = [
            term("stage", lang),
            L.word("col.lane", lang),
            L.word("col.text", lang),
            term("label.legend", lang),
            *(c.title(lang) for c in L.ITEM_EXTRA),
        ]
        widths = [20, 20, 50, 10, *(20 for _ in L.ITEM_EXTRA)]
        ws.row_dimensions[1].hidden = True
        header_font = self.font(bold=True, colour=HEADER_FONT_COLOUR)
        for index, (key, header, width) in enumerate(zip(keys, headers, widths, strict=True), start=1):
            self.put(ws, 1, index, key)
            self.put(
                ws,
                2,
                index,
                header,
                font=header_font,
                fill=_fill(HEADER_FILL),
                alignment=Alignment(horizontal="center", vertical="center"),
            )
            ws.column_dimensions[get_column_letter(index)].width = width
        last = 2 + TEMPLATE_TABLE_ROWS
        for row in range(3, last + 1):
            for index in range(1, len(keys) + 1):
                self.put(
                    ws,
                    row,
                    index,
                    None,
                    protection=Protection(locked=False),
                    alignment=Alignment(wrap_text=True, vertical="top"),
                    number_format="@",
                    border=Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN),
                )
            ws.row_dimensions[row].height = measure.row_height(2)
        clear = _w("prompt.clear", lang)
        lane_names = [lane.name for lane in lanes]
        lane_inline = '"' + ",".join(lane_names) + '"'
        lane_source: Sequence[str] | None = (
            lane_names
            if (len(lane_inline) <= PROMPT_MAX and all(_plain_choice(n) for n in lane_names))
            else None
        )
        self.validation(
            ws,
            self.stage_list_formula(),
            term("stage", lang),
            pick(L.STAGE_REF.expected, lang),
            [f"A3:A{last}"],
        )
        self.validation(
            ws,
            lane_source,
            L.word("col.lane", lang),
            pick(("레인 이름", "A lane name"), lang),
            [f"B3:B{last}"],
        )
        self.validation(ws, None, L.word("col.text", lang), _w("prompt.text", lang), [f"C3:C{last}"])
        self.validation(
            ws,
            [L.enum_name(label, lang) for label in Label],
            term("label.legend", lang),
            f"{_w('prompt.label', lang)}. {clear}",
            [f"D3:D{last}"],
        )
        self.label_colours(ws, f"A3:{get_column_letter(len(keys))}{last}", "$D3")
        ws.freeze_panes = "A3"
        self.print_setup(ws, paper=PAPER_A4, title_rows="2:2")
        self.protect(ws)

    def readme(self) -> None:
        lang = self.lang
        ws = self.wb.create_sheet(L.sheet_name(L.Role.README, lang))
        self.name_sheet(L.Role.README, ws)
        ws.column_dimensions["A"].width = 3
        ws.column_dimensions["B"].width = 22
        ws.column_dimensions["C"].width = 90
        self.put(ws, 1, 2, self.j.title, font=self.font(size=14, bold=True))
        ws.row_dimensions[1].height = 26
        row = 3
        for kind, first, second in readme_lines(lang, self.template):
            if kind == "h":
                self.put(ws, row, 2, first, font=self.font(size=12, bold=True, colour=HEADER_FILL))
                ws.row_dimensions[row].height = 22
            elif kind == "label":
                label = Label(first)
                self.put(
                    ws,
                    row,
                    2,
                    L.enum_name(label, lang),
                    fill=_fill(LABEL_FILLS[label]),
                    font=self.font(bold=True),
                    alignment=Alignment(horizontal="center", vertical="top"),
                )
                self.put(ws, row, 3, second, alignment=Alignment(wrap_text=True, vertical="top"))
                ws.row_dimensions[row].height = measure.row_height(measure.line_count(second, 90))
            elif kind == "mot":
                self.put(
                    ws,
                    row,
                    2,
                    MOT_MARK,
                    fill=_fill(MOT_FILL),
                    font=self.font(bold=True),
                    alignment=Alignment(horizontal="center", vertical="top"),
                )
                self.put(ws, row, 3, second, alignment=Alignment(wrap_text=True, vertical="top"))
                ws.row_dimensions[row].height = measure.row_height(measure.line_count(second, 90))
            else:
                self.put(
                    ws,
                    row,
                    2,
                    first,
                    font=self.font(bold=True),
                    alignment=Alignment(vertical="top", wrap_text=True),
                )
                self.put(ws, row, 3, second, alignment=Alignment(wrap_text=True, vertical="top"))
                lines = max(measure.line_count(second, 90), measure.line_count(first, 22))
                ws.row_dimensions[row].height = measure.row_height(lines)
            row += 1
        self.print_setup(ws, paper=PAPER_A4, title_rows="1:1")
        ws.page_setup.orientation = "portrait"
        self.protect(ws)


def readme_lines(language: str, template: bool) -> list[tuple[str, str, str]]:
    """The Read-me sheet: (kind, first column, second column) per line, in ``language``."""
    ko = language_of(language) == "ko"

    def t(k: str, e: str) -> str:
        return k if ko else e

    s = {role: L.sheet_name(role, language) for role in L.Role}
    marker = "(삭제)" if ko else "(clear)"
    others = ", ".join(
        s[role]
        for role in (
            L.Role.PERSONAS,
            L.Role.STAKEHOLDERS,
            L.Role.PAIN_POINTS,
            L.Role.STAGES,
            L.Role.LANES,
            L.Role.JOURNEY,
        )
    )
    lines: list[tuple[str, str, str]] = [
        ("h", t("색상과 표시", "Colours and marks"), ""),
        (
            "label",
            "hypothesis",
            t(
                "가설: 아직 현장 근거로 확인하지 않은 내용 (V1.0은 모두 가설)",
                "Hypothesis: not yet confirmed by field evidence (all of V1.0)",
            ),
        ),
        (
            "label",
            "fact",
            t(
                "사실: 딜러와 최종 사용자 양쪽의 근거로 확인된 내용",
                "Fact: confirmed by evidence from both the dealer and the end user",
            ),
        ),
        ("label", "idea", t("아이디어: 개선을 위한 제안", "Idea: a proposal for improvement")),
        (
            "mot",
            "",
            t(
                "중요순간(Moment of Truth): 관리 지표와 함께 집중 관리하는 단계",
                "Moment of Truth: a decisive stage, managed with its KPIs",
            ),
        ),
        (
            "p",
            t("색은 라벨 칸의 값을 따릅니다", "Colour follows the label"),
            t(
                "색만 바꾸는 것은 데이터가 아닙니다. 라벨 칸(가설/사실/아이디어)을 바꾸면 색도 바뀝니다.",
                "A colour alone is not data: change the label cell (hypothesis / fact / idea) and "
                "the colour follows.",
            ),
        ),
        ("h", t("시트", "Sheets"), ""),
        (
            "p",
            s[L.Role.MAP],
            t(
                "여정 지도: 단계 × 레인. 한 칸에 한 항목, 항목마다 라벨. MoT 칸은 Y/N.",
                "The map: stages × lanes. One entry per cell, each with its label; the MoT cell is Y/N.",
            ),
        ),
        (
            "p",
            s[L.Role.EVIDENCE],
            t(
                "VOC 로그: 근거 한 건에 한 행 (누가, 언제, 어느 단계, 무엇을 뒷받침/반박).",
                "The VOC log: one row per piece of evidence (who, when, which stage, what it "
                "supports or contradicts).",
            ),
        ),
        (
            "p",
            s[L.Role.METRICS],
            t(
                "지표: 베이스라인, 목표, 격차, 단위, 방향, 정의. MoT 단계의 지표는 MoT로 표시.",
                "KPIs: baseline, target, gap, unit, direction, definition; those of MoT stages are marked.",
            ),
        ),
        (
            "p",
            s[L.Role.OPPORTUNITIES],
            t(
                "개선 기회: 가치, 노력, 사분면, 담당, Quick Fix.",
                "Opportunities: value, effort, quadrant, owner, quick fix.",
            ),
        ),
        (
            "p",
            s[L.Role.EMOTIONS],
            t(
                "단계별 감정 점수 (페르소나별). 지도 아래 차트의 데이터입니다.",
                "Emotion scores per stage and persona: the data of the chart under the map.",
            ),
        ),
        (
            "p",
            t("그 밖의 시트", "Other sheets"),
            others
            + t(
                ": 여정 파일의 나머지 내용. 가져오기(import)로 모두 되돌아갑니다.",
                ": the rest of the journey file; `cjm import` reads them all back.",
            ),
        ),
        ("h", t("작성 방법", "How to fill it in"), ""),
        (
            "p",
            t("새 항목", "New entries"),
            t(
                f"지도의 각 단계 아래 빈 행에 씁니다 (또는 {s[L.Role.NEW_ITEMS]} 시트에 단계·레인을 "
                "골라 씁니다). 라벨은 목록에서 고릅니다.",
                "Write in the blank rows under each stage of the map (or on the "
                f"{s[L.Role.NEW_ITEMS]} sheet, choosing stage and lane); pick the label from the list.",
            ),
        ),
        (
            "p",
            t("빈 칸", "Empty cells"),
            t("빈 칸은 '바꾸지 않음'입니다.", "An empty cell means 'unchanged'."),
        ),
        (
            "p",
            t("지우기", "Clearing"),
            t(
                f"값을 지우려면 {marker} 라고 씁니다 ((clear)도 됩니다). "
                "항목의 내용 칸에 쓰면 그 항목이 삭제됩니다.",
                f"Write {marker} to clear a value ((삭제) works too). In an entry's text cell it "
                "removes the entry.",
            ),
        ),
        (
            "p",
            t("회색 칸", "Grey cells"),
            t(
                "다른 곳에서 가져와 보여 주는 칸입니다. 원래 자리에서 고칩니다.",
                "They show what is kept elsewhere; edit it where it lives.",
            ),
        ),
        (
            "p",
            t("숨은 열", "Hidden columns"),
            t(
                "행을 맞추는 id가 들어 있습니다. 지우거나 옮기지 마세요.",
                "They hold the ids that match rows on import; do not delete them.",
            ),
        ),
        (
            "p",
            t("보호", "Protection"),
            t(
                "시트는 암호 없이 보호되어 있습니다 (제목과 id만 잠김).",
                "Sheets are protected without a password (only headers and ids are locked).",
            ),
        ),
        ("h", t("가져오기", "Import"), ""),
        (
            "p",
            "cjm import",
            t(
                "cjm import 파일.xlsx --into journey.yaml --dry-run   (바뀌는 내용만 확인)",
                "cjm import file.xlsx --into journey.yaml --dry-run   (show the changes only)",
            ),
        ),
        (
            "p",
            "",
            t(
                "cjm import 파일.xlsx --into journey.yaml   (여정 파일에 반영)",
                "cjm import file.xlsx --into journey.yaml   (merge into the journey file)",
            ),
        ),
    ]
    if not template:
        lines = [line for line in lines if line[1] != t("새 항목", "New entries")]
    return lines


def _plain_choice(text: str) -> bool:
    """A text that can stand in an inline dropdown list."""
    return bool(text) and "," not in text and '"' not in text and not _FOOTER_UNSAFE.search(text)


def _compact(ranges: Sequence[str]) -> list[str]:
    """Single cells merged into column runs ('C6', 'C7', 'C8' -> 'C6:C8'); ranges kept as they are."""
    singles: dict[str, list[int]] = {}
    out: list[str] = []
    for area in ranges:
        if ":" in area:
            out.append(area)
            continue
        letters = area.rstrip("0123456789")
        singles.setdefault(letters, []).append(int(area[len(letters) :]))
    for letters, rows in singles.items():
        rows.sort()
        start = previous = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == previous + 1:
                previous = row
                continue
            out.append(f"{letters}{start}" if start == previous else f"{letters}{start}:{letters}{previous}")
            if row is not None:
                start = previous = row
    return out


def display(text: str) -> float:
    """Width of the widest line of ``text``."""
    return max((measure.display_width(line) for line in text.split("\n")), default=0.0)


def _first_line(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return max(text.split("\n"), key=len)


def _visible_width(ws: Worksheet, widths: dict[int, float], last_col: int) -> float:
    """The width of the Map's visible columns (B to ``last_col``), in column units."""
    dimensions = ws.column_dimensions
    return sum(
        widths.get(i, 0) for i in range(2, last_col + 1) if not dimensions[get_column_letter(i)].hidden
    )


def _visible_label(index: int, columns: dict[tuple[str, str], int]) -> bool:
    return any(i == index and part in ("label", "metrics") for (_, part), i in columns.items())


def _stage_refs(stages: Sequence[Stage]) -> dict[str, str]:
    """How each stage is named in cells: its name, or its id where the name is ambiguous."""
    names: dict[str, int] = {}
    for stage in stages:
        key = stage.name.strip().casefold()
        names[key] = names.get(key, 0) + 1
    ids = {s.id.casefold() for s in stages}
    out = {}
    for stage in stages:
        key = stage.name.strip().casefold()
        ambiguous = names[key] > 1 or (key in ids and key != stage.id.casefold()) or L.is_clear(stage.name)
        out[stage.id] = stage.id if ambiguous or stage.name != stage.name.strip() else stage.name
    return out


def _default_of(cls: type, key: str) -> Any:
    field = attrs.fields_dict(cls).get(key.split(".")[0])
    if field is None or L.is_required(field):
        return None
    return L.field_default(field)


def _split(text: str, size: int = 32_000) -> list[str]:
    """Text longer than a cell holds, in cell-sized pieces (read back joined)."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [text]


def build(
    journey: Journey, *, language: str, layout: str = "grid", template: bool = False
) -> tuple[Workbook, list[BulkSheet], list[Finding]]:
    """The workbook of ``journey``, the sheets to stream into it, and the texts Excel cannot hold.

    The problems list grows while the streamed sheets are written: read it
    after saving.
    """
    book = _Book(journey, language, layout, template)
    book.build()
    return book.wb, book.bulk, book.problems
