"""The interview guide as an Excel sheet: a row per question, columns to write the answer in."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from cjm.exporters.excel import measure
from cjm.i18n import pick, vocabulary
from cjm.model import EvidenceKind, Journey, Role
from cjm.voc.questions import interview_guide

__all__ = ["guide_workbook"]

FONT = "Malgun Gothic"
_HEADER_FILL = PatternFill("solid", fgColor="1F3864")
_STAGE_FILL = PatternFill("solid", fgColor="D9E2F3")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
#: (wording, column width in characters)
_COLUMNS = (
    (("번호", "No."), 6),
    (("여정 단계", "Stage"), 16),
    (("질문", "Question"), 60),
    (("답변", "Answer"), 50),
    (("출처 역할", "Source role"), 14),
    (("증거 형태", "Evidence kind"), 14),
    (("녹취/메모 위치", "Recording / memo"), 28),
)
_WORDS = {"sheet": ("인터뷰 가이드", "Interview guide")}


#: The cells' font has no size of its own, so it is the workbook's 11 pt: measure counts 10 pt text.
_SCALE = 1.1
#: Lines every answer row has at least: room to write the answer in.
_MIN_LINES = 3


def _lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapped cell of a column ``width`` units wide, in the cells' font."""
    return measure.line_count(text, width / _SCALE)


def guide_workbook(journey: Journey, language: str | None = None) -> bytes:
    """The guide as .xlsx bytes."""
    lang = language or journey.language
    book = Workbook()
    sheet = book.active
    sheet.title = pick(_WORDS["sheet"], lang)
    sheet.append([pick(words, lang) for words, _ in _COLUMNS])
    for index, (_, width) in enumerate(_COLUMNS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(name=FONT, bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    header_lines = max(_lines(pick(words, lang), width) for words, width in _COLUMNS)
    sheet.row_dimensions[1].height = measure.row_height(header_lines, _SCALE)
    row = 1
    for section in interview_guide(journey, lang):
        for question in section.questions:
            row += 1
            values: list[int | str] = [question.number, section.stage.name, question.text, "", "", "", ""]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text that starts with = stays text, never a formula
                cell.font = Font(name=FONT)
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                cell.border = _BORDER
                if column == 2:
                    cell.fill = _STAGE_FILL
            lines = max(
                _lines(question.text, _COLUMNS[2][1]), _lines(section.stage.name, _COLUMNS[1][1]), _MIN_LINES
            )
            sheet.row_dimensions[row].height = measure.row_height(lines, _SCALE)
    roles = [vocabulary(r, lang) for r in Role]
    kinds = [vocabulary(k, lang) for k in EvidenceKind]
    for letter, options in (("E", roles), ("F", kinds)):
        validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{max(row, 2)}")
    sheet.freeze_panes = "C2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
