"""Mail-merged invitation letters: one per recipient, as Word (.docx) and Markdown.

A letter template is Markdown with ``{placeholders}``: ``# `` starts a heading,
a blank line separates paragraphs, ``{{`` and ``}}`` are literal braces.  The
placeholders are the recipient columns (organisation, department, name, title,
contact, proposed_times) and any value given for the whole mailing (company,
sender).  Seed 000's CEO letter ships as the Korean default; an English one
sits beside it.

Everything is checked before anything is written: an unknown placeholder
names its template line, a missing value names the recipient's row and the
column.  Each letter is then written atomically.
"""

from __future__ import annotations

import io
import os
import re
import string
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import attrs
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from cjm.errors import InputError, LoadError
from cjm.i18n import language_of
from cjm.io.files import write_bytes, write_text
from cjm.io.tables import open_table
from cjm.validate import Finding

__all__ = [
    "MAILING_FIELDS",
    "RECIPIENT_COLUMNS",
    "Letter",
    "Recipient",
    "default_template",
    "merge_letters",
    "read_recipients",
    "write_letters",
]

#: Recipient columns, with the Korean header accepted for each.
RECIPIENT_COLUMNS: dict[str, str] = {
    "organisation": "기관",
    "department": "부서",
    "name": "성명",
    "title": "직함",
    "contact": "연락처",
    "proposed_times": "제안 일정",
}
#: Values for the whole mailing, given once (``--set company=ABC사``) or as a column.
MAILING_FIELDS: dict[str, str] = {"company": "회사", "sender": "발신인"}
_ALIASES = {
    **{k: k for k in RECIPIENT_COLUMNS},
    **{v: k for k, v in RECIPIENT_COLUMNS.items()},
    "진료과": "department",
}

#: The font Korean Word users have; LibreOffice falls back to Noto Sans CJK.
FONT = "Malgun Gothic"


@attrs.frozen(kw_only=True)
class Recipient:
    """One row of the recipients list: its values by column, and where it came from."""

    row: int
    values: Mapping[str, str]
    source: str
    #: Where each column's cell of this row stands (``list.csv:3 column name``, ``list.xlsx Sheet!C3``).
    where: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Letter:
    """A merged letter: its file stem, its Markdown text, and the recipient it is for."""

    stem: str
    text: str
    recipient: Recipient


def default_template(language: str = "ko") -> str:
    """The shipped letter template: seed 000's CEO letter (ko) or its English version."""
    name = f"letter.{language_of(language)}.md"
    return resources.files("cjm.voc").joinpath("templates").joinpath(name).read_text(encoding="utf-8")


def read_recipients(path: str | os.PathLike[str]) -> list[Recipient]:
    """Recipients from a .csv or .xlsx table (a header row; English or Korean column names)."""
    with open_table(path) as table:
        columns: dict[int, str] = {}
        problems = []
        for position, header in enumerate(table.header):
            key = header.strip().lower().replace(" ", "_")
            canonical = _ALIASES.get(key) or _ALIASES.get(header.strip()) or key
            if not canonical:
                problems.append(
                    Finding(rule="table", source=table.where(1, position), message="a column has no name")
                )
            columns[position] = canonical
        if problems:
            raise LoadError(f"{table.name}: the header has problems", problems)
        recipients = []
        for row, cells in table.rows:
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
                problems.append(
                    Finding(
                        rule="table", source=table.where(row, len(columns)), message="more cells than columns"
                    )
                )
                continue
            values = {columns[i]: cells[i].strip() if i < len(cells) else "" for i in columns}
            if any(values.values()):
                where = {column: table.where(row, i, column) for i, column in columns.items()}
                recipients.append(Recipient(row=row, values=values, source=table.name, where=where))
    if problems:
        raise LoadError(f"{table.name}: {len(problems)} problem(s)", problems)
    return recipients


def _placeholders(template: str, template_name: str) -> tuple[list[tuple[int, str]], list[Finding]]:
    found: list[tuple[int, str]] = []
    problems: list[Finding] = []
    for number, line in enumerate(template.splitlines(), start=1):
        try:
            parsed = list(string.Formatter().parse(line))
        except ValueError as exc:
            problems.append(
                Finding(
                    rule="template",
                    source=f"{template_name}:{number}",
                    message=f"{exc}; write {{{{ for a brace",
                )
            )
            continue
        for _literal, field, spec, conversion in parsed:
            if field is None:
                continue
            if not re.fullmatch(r"\w+", field) or spec or conversion:
                problems.append(
                    Finding(
                        rule="template",
                        source=f"{template_name}:{number}",
                        message=f"{{{field}}} is not a placeholder name",
                    )
                )
                continue
            found.append((number, field))
    return found, problems


def merge_letters(
    recipients: Sequence[Recipient],
    template: str,
    *,
    values: Mapping[str, str] | None = None,
    template_name: str = "template",
) -> list[Letter]:
    """Fill the template for every recipient; :class:`InputError` lists every problem first."""
    common = dict(values or {})
    placeholders, problems = _placeholders(template, template_name)
    columns = {k for r in recipients for k in r.values}
    known = set(RECIPIENT_COLUMNS) | set(MAILING_FIELDS) | set(common) | columns
    for line, field in placeholders:
        if field not in known:
            problems.append(
                Finding(
                    rule="template",
                    source=f"{template_name}:{line}",
                    message=f"unknown placeholder {{{field}}}; known: {', '.join(sorted(known))}",
                )
            )
    needed = dict.fromkeys(field for _line, field in placeholders if field in known)
    # a mailing field no one gives a value for: one problem for the mailing, not one per letter
    unset = [f for f in needed if f in MAILING_FIELDS and f not in common and f not in columns]
    for field in unset:
        problems.append(
            Finding(
                rule="template",
                source=template_name,
                message=f"no value for {{{field}}}: --set {field}=… for the mailing, or add a column",
            )
        )
    per_letter = [f for f in needed if f not in unset]
    for recipient in recipients:
        for field in per_letter:
            if not (recipient.values.get(field) or common.get(field, "")).strip():
                problems.append(
                    Finding(
                        rule="recipient",
                        source=recipient.where.get(
                            field, f"{recipient.source}:{recipient.row} column {field}"
                        ),
                        message=f"no value for {{{field}}}, which the letter needs",
                    )
                )
    if problems:
        raise InputError(f"{len(problems)} problem(s); no letter was written", problems)
    letters = []
    used: set[str] = set()
    for index, recipient in enumerate(recipients, start=1):
        merged = {**common, **{k: v for k, v in recipient.values.items() if v}}
        text = template.format_map(merged)
        stem = _stem(index, recipient, used)
        letters.append(Letter(stem=stem, text=text, recipient=recipient))
    return letters


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _stem(index: int, recipient: Recipient, used: set[str]) -> str:
    parts = [recipient.values.get("organisation", ""), recipient.values.get("name", "")]
    label = "-".join(_UNSAFE.sub("_", p).strip(" ._") for p in parts if p.strip())[:60]
    stem = f"{index:03d}-{label}" if label else f"{index:03d}"
    while stem in used:
        stem += "_"
    used.add(stem)
    return stem


def _docx(text: str) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    for style_name in ("Normal", "Heading 1"):
        style = document.styles[style_name]
        style.font.name = FONT
        # python-docx sets the Latin font only; Hangul needs the East Asian one (w:eastAsia).
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), FONT)
    document.styles["Normal"].font.size = Pt(10.5)
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if lines and lines[0].startswith("# "):
            heading = document.add_heading(lines[0][2:].strip(), level=1)
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
            lines = lines[1:]
        if lines:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(8)
            paragraph.paragraph_format.line_spacing = 1.3
            for i, line in enumerate(lines):
                if i:
                    paragraph.add_run().add_break()
                paragraph.add_run(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_letters(letters: Sequence[Letter], output_dir: str | os.PathLike[str]) -> list[Path]:
    """Write each letter as ``<stem>.docx`` and ``<stem>.md`` in ``output_dir`` (created if needed)."""
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for letter in letters:
        docx_path = folder / f"{letter.stem}.docx"
        write_bytes(docx_path, _docx(letter.text))
        md_path = folder / f"{letter.stem}.md"
        write_text(md_path, letter.text)
        written += [docx_path, md_path]
    return written
