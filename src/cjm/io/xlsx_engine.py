"""The one module that chooses how cjm writes and reads ``.xlsx`` files.

Writing
    openpyxl builds the *frame* of a workbook: every sheet, style, merged
    range, data validation, chart, table, protection and print setting.  It
    writes about 30,000 styled cells a second, which is plenty for a map but
    slow for a VOC log of 100,000 rows.  Sheets with many rows are therefore
    declared as :class:`BulkSheet`: openpyxl writes their header and one
    *style row* per kind of row, and :func:`save` streams the data rows as
    SpreadsheetML straight into the saved package in place of the style rows,
    each cell with the style openpyxl gave the style row's cell in the same
    column.  Strings are written inline (``t="inlineStr"``), as openpyxl
    itself does, so no string table is held in memory.

Reading
    :class:`XlsxReader` reads worksheet values with :mod:`pyexpat`, streaming
    a sheet row by row in bounded memory.  Measured on a 100,000 × 13 VOC log
    (2 cores): a bare openpyxl ``read_only`` loop takes about 11 s; this reader
    about 3 s, and :func:`cjm.io.workbook.read_workbook` about 5 s with the
    journey built and checked (``benchmarks/bench_excel.py``).  python-calamine
    reads the values in under a second but holds the whole sheet in memory
    (about 120 MB more for that sheet, against a budget of 150 MB) and returns
    a formula's cached result instead of its text, so it is not used.

Untrusted files
    A workbook from outside is hostile until proven otherwise:

    * the package is checked before anything is parsed: a bounded number of
      parts, each part's declared size and compression ratio within
      :class:`Limits`, only stored or deflated parts, no encryption;
    * a part is read through a size-bounded stream that stops one byte past its
      declared size, so a part that inflates to more than it declares is
      refused without being inflated further (a zip bomb with lying headers);
    * every XML part is parsed with the guards of :mod:`defusedxml`: the small
      parts (relationships, workbook, styles) by ``defusedxml.ElementTree``,
      the worksheets and the shared strings by an expat parser given the same
      handlers defusedxml installs, so a document type declaration, an entity
      declaration or an external reference ends parsing with an error;
    * a formula is read as its text (``=SUM(A1:A3)``), never evaluated and never
      replaced by the result cached in the file (:class:`Formula`);
    * no cell may hold more than Excel's 32,767 characters.

    Every failure is a :class:`~cjm.errors.LoadError` naming the file, the sheet
    and where known the cell, and saying what was expected.

Text
    XML 1.0 cannot hold most control characters.  Like Excel, cjm writes them
    as ``_xHHHH_`` escapes (and a literal ``_xHHHH_`` in the text as
    ``_x005F_xHHHH_``); Excel, LibreOffice and this reader turn them back into
    the characters (:func:`escape_text`, :func:`unescape_text`).  A carriage
    return is escaped the same way, because an XML parser would turn it into a
    line feed.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import posixpath
import pyexpat
import re
import weakref
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, BinaryIO, Union

import attrs
import defusedxml.ElementTree as SafeET
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from cjm.errors import LoadError
from cjm.validate.findings import Finding

__all__ = [
    "EXCEL_MAX_CELL_CHARS",
    "EXCEL_MAX_COLUMNS",
    "EXCEL_MAX_ROWS",
    "BulkRow",
    "BulkSheet",
    "CellValue",
    "Formula",
    "Limits",
    "SheetInfo",
    "XlsxReader",
    "column_index",
    "column_letter",
    "escape_text",
    "excel_length",
    "save",
    "set_number",
    "set_text",
    "unescape_text",
]

#: Excel's limits (Excel specifications and limits).
EXCEL_MAX_CELL_CHARS = 32_767
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384

_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_WORKSHEET = "/worksheet"
_SHARED_STRINGS = "/sharedStrings"
_STYLES = "/styles"

# --- text ------------------------------------------------------------------------

#: Characters XML 1.0 cannot carry (and the carriage return, which parsers turn into a line feed).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LOOKS_ESCAPED = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def escape_text(text: str) -> str:
    """Text as Excel stores it: characters XML cannot hold as ``_xHHHH_`` (see the module notes)."""
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub("_x005F_", text)
    if _NOT_IN_XML.search(text):
        text = _NOT_IN_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def unescape_text(text: str) -> str:
    """The text an ``_xHHHH_``-escaped string stands for (inverse of :func:`escape_text`)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def excel_length(text: str) -> int:
    """Length as Excel counts it against its cell limit (UTF-16 code units)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26; ValueError for anything else or beyond Excel's last column."""
    if not letters or not letters.isascii() or not letters.isalpha() or len(letters) > 3:
        raise ValueError(f"{letters!r} is not a column")
    index = 0
    for char in letters.upper():
        index = index * 26 + (ord(char) - 64)
    if index > EXCEL_MAX_COLUMNS:
        raise ValueError(f"column {letters} is beyond Excel's last column XFD")
    return index - 1


_COLUMNS = {column_letter(i): i for i in range(EXCEL_MAX_COLUMNS)}

# --- writing ---------------------------------------------------------------------

#: A value the bulk writer can put in a cell.
BulkValue = Union[str, float, int, dt.date, None]  # noqa: UP007 - a runtime alias on Python 3.10


@attrs.frozen
class BulkRow:
    """One generated row: which style row it copies, its values, its height in points (None: default)."""

    variant: int
    values: Sequence[BulkValue]
    height: float | None = None


@attrs.frozen(kw_only=True)
class BulkSheet:
    """A sheet whose data rows are streamed by :func:`save` rather than held by openpyxl.

    The frame must hold, from ``first_row`` on, one style row per variant
    (``first_row`` is variant 0, the next row variant 1 …), each with a styled
    cell in every one of ``columns`` columns, and nothing below them.  The rows
    written replace the style rows, starting at ``first_row``.
    """

    title: str
    first_row: int
    columns: int
    variants: int
    row_count: int
    rows: Iterable[BulkRow]


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_XML_SPECIAL = re.compile("[&<>]")
_XML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _xml_text(text: str) -> str:
    text = escape_text(text)
    if _XML_SPECIAL.search(text):
        text = _XML_SPECIAL.sub(lambda m: _XML_ENTITIES[m.group()], text)
    return text


def _row_xml(number: int, row: BulkRow, styles: Sequence[Sequence[str]]) -> str:
    row_number = str(number)
    style = styles[row.variant]
    height = f' ht="{row.height:.2f}" customHeight="1"' if row.height else ""
    parts = [f'<row r="{row_number}"{height}>']
    append = parts.append
    for col, value in enumerate(row.values):
        ref = _LETTERS[col] + row_number
        if value is None or value == "":
            append(f'<c r="{ref}"{style[col]}/>')
        elif isinstance(value, str):
            space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
            append(f'<c r="{ref}"{style[col]} t="inlineStr"><is><t{space}>{_xml_text(value)}</t></is></c>')
        elif isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            append(f'<c r="{ref}"{style[col]}><v>{(day - _EXCEL_EPOCH).days}</v></c>')
        elif isinstance(value, bool):
            append(f'<c r="{ref}"{style[col]} t="b"><v>{int(value)}</v></c>')
        else:
            append(f'<c r="{ref}"{style[col]}><v>{value!r}</v></c>')
    for col in range(len(row.values), len(style)):
        append(f'<c r="{_LETTERS[col]}{row_number}"{style[col]}/>')
    append("</row>")
    return "".join(parts)


_LETTERS = [column_letter(i) for i in range(256)]
_ROW_RE = re.compile(r'<row\b[^>]*\br="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
_CELL_STYLE_RE = re.compile(r'<c\b[^>]*\br="([A-Z]+)\d+"([^>]*)')
_STYLE_ATTR_RE = re.compile(r'\bs="(\d+)"')
_DIMENSION_RE = re.compile(r'<dimension ref="[^"]*"\s*/>')


_EXACT: weakref.WeakKeyDictionary[Any, dict[str, dict[str, str]]] = weakref.WeakKeyDictionary()


def set_text(cell: Any, text: str) -> None:
    """Put text in an openpyxl cell as text: escaped for XML, and never taken for a formula (``=…``)."""
    cell.value = escape_text(text)
    cell.data_type = "s"


def set_number(cell: Any, value: float) -> None:
    """Put a number in an openpyxl cell so that it reads back exactly.

    openpyxl writes numbers with 16 significant digits (``%.16g``); a float
    that needs 17 is noted here and written in full by :func:`save`.
    """
    cell.value = value
    text = repr(value)
    if f"{value:.16g}" != text:
        sheet = cell.parent
        _EXACT.setdefault(sheet.parent, {}).setdefault(sheet.title, {})[cell.coordinate] = text


def save(workbook: Any, dest: BinaryIO, bulk: Sequence[BulkSheet] = ()) -> None:
    """Write the openpyxl ``workbook`` to ``dest``, streaming the rows of the ``bulk`` sheets.

    ``dest`` must be seekable (a file, or :class:`io.BytesIO`).
    """
    frame = io.BytesIO()
    workbook.save(frame)
    frame.seek(0)
    exact = _EXACT.pop(workbook, {})
    if not bulk and not exact:
        dest.write(frame.getvalue())
        return
    by_title = {sheet.title: sheet for sheet in bulk}
    with zipfile.ZipFile(frame) as source:
        parts = _sheet_parts(source)
        missing = (set(by_title) | set(exact)) - set(parts)
        if missing:
            raise ValueError(f"no sheet titled {', '.join(sorted(missing))} in the workbook")
        bulk_parts = {parts[title]: by_title[title] for title in by_title}
        exact_parts = {parts[title]: exact[title] for title in exact}
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
            for info in source.infolist():
                sheet = bulk_parts.get(info.filename)
                xml = source.read(info)
                numbers = exact_parts.get(info.filename)
                if numbers:
                    xml = _exact_numbers(xml.decode("utf-8"), numbers).encode("utf-8")
                if sheet is None:
                    out.writestr(info, xml, compress_type=zipfile.ZIP_DEFLATED)
                else:
                    _splice(xml.decode("utf-8"), sheet, out, info.filename)


def _exact_numbers(xml: str, numbers: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        exact = numbers.get(match.group(2))
        return match.group(0) if exact is None else f"{match.group(1)}<v>{exact}</v>"

    return re.sub(r'(<c r="([A-Z]+\d+)"[^>]*>)<v>[^<]*</v>', replace, xml)


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> part name, from the workbook and its relationships."""
    workbook_part = _office_document(package)
    workbook = SafeET.fromstring(package.read(workbook_part))
    rels = _relationships(package, workbook_part)
    out: dict[str, str] = {}
    for sheet in _children(workbook, "sheets", "sheet"):
        rid = next((sheet.get(f"{{{ns}}}id") for ns in _REL_NS if sheet.get(f"{{{ns}}}id")), None)
        if rid in rels:
            out[sheet.get("name", "")] = rels[rid][1]
    return out


def _splice(xml: str, sheet: BulkSheet, out: zipfile.ZipFile, part: str) -> None:
    """Write the frame's sheet XML with the generated rows in place of its style rows."""
    styles: list[list[str]] = []
    head_end = tail_start = None
    for match in _ROW_RE.finditer(xml):
        number = int(match.group(1))
        if number < sheet.first_row:
            continue
        if number >= sheet.first_row + sheet.variants:
            raise ValueError(f"sheet {sheet.title!r}: row {number} is below the style rows")
        if head_end is None:
            head_end = match.start()
        tail_start = match.end()
        found = {
            _COLUMNS[m.group(1)]: _STYLE_ATTR_RE.search(m.group(2))
            for m in _CELL_STYLE_RE.finditer(match.group(2) or "")
        }
        styles.append(
            [
                f' s="{found[col].group(1)}"' if found.get(col) is not None else ""  # type: ignore[union-attr]
                for col in range(sheet.columns)
            ]
        )
    if head_end is None or tail_start is None or len(styles) != sheet.variants:
        raise ValueError(
            f"sheet {sheet.title!r}: expected {sheet.variants} style row(s) at {sheet.first_row}"
        )
    if sheet.first_row + sheet.row_count - 1 > EXCEL_MAX_ROWS:
        raise ValueError(
            f"sheet {sheet.title!r}: {sheet.row_count} rows do not fit in Excel's {EXCEL_MAX_ROWS}"
        )
    last_row = max(sheet.first_row + sheet.row_count - 1, 1)
    head = _DIMENSION_RE.sub(
        f'<dimension ref="A1:{column_letter(max(sheet.columns, 1) - 1)}{last_row}"/>', xml[:head_end], count=1
    )
    written = 0
    with out.open(part, "w", force_zip64=True) as stream:
        stream.write(head.encode("utf-8"))
        chunk: list[str] = []
        for number, row in enumerate(sheet.rows, start=sheet.first_row):
            chunk.append(_row_xml(number, row, styles))
            written += 1
            if len(chunk) >= 512:
                stream.write("".join(chunk).encode("utf-8"))
                chunk.clear()
        stream.write("".join(chunk).encode("utf-8"))
        stream.write(xml[tail_start:].encode("utf-8"))
    if written != sheet.row_count:
        raise ValueError(f"sheet {sheet.title!r}: {written} rows written, {sheet.row_count} declared")


# --- reading ---------------------------------------------------------------------


class Formula(str):
    """A formula cell's text, ``=`` included: read as text, never evaluated."""

    __slots__ = ()


#: What a cell read from a workbook holds.
CellValue = Union[str, float, bool, dt.date, dt.datetime, Formula]  # noqa: UP007 - a runtime alias


@attrs.frozen(kw_only=True)
class Limits:
    """Bounds that make a hostile workbook fail fast and in bounded memory.

    The defaults are far above what a journey map or a VOC log of a million
    rows needs.
    """

    max_file_bytes: int = 1 << 30
    max_parts: int = 10_000
    max_part_bytes: int = 1 << 30
    max_total_bytes: int = 2 << 30
    max_shared_strings_bytes: int = 256 << 20
    max_small_part_bytes: int = 64 << 20
    #: Largest inflated size / compressed size for a part over 1 MiB.
    max_ratio: float = 250.0
    max_cell_chars: int = EXCEL_MAX_CELL_CHARS


@attrs.frozen(kw_only=True)
class SheetInfo:
    """A worksheet of the workbook: its name, its part and whether it is hidden."""

    name: str
    part: str
    state: str = "visible"


def _children(element: Any, *path: str) -> list[Any]:
    found = [element]
    for local in path:
        found = [child for parent in found for child in parent if _local(child.tag) == local]
    return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _office_document(package: zipfile.ZipFile) -> str:
    for rel_type, target in _relationships(package, "").values():
        if rel_type.endswith(_OFFICE_DOCUMENT):
            return target
    return "xl/workbook.xml"


def _relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part) of ``part`` ('' for the package)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    try:
        root = SafeET.fromstring(package.read(rels_name))
    except KeyError:
        return {}
    out = {}
    for rel in root:
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(resolved))
    return out


# Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones).
_BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_DATE_CODE = re.compile(r"[ymdhs]", re.I)
_NOT_DATE_PARTS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def _is_date_format(code: str) -> bool:
    section = _NOT_DATE_PARTS.sub("", code.split(";")[0])
    return bool(_DATE_CODE.search(section)) and "General" not in section


class _TooLong(Exception):
    """A cell over the character limit (raised inside the parser's handlers)."""


class XlsxReader:
    """A workbook opened for reading values, checked against :class:`Limits` first.

    ``source`` is a path or a binary stream; ``name`` is how errors name the
    file.  Use as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        source: str | os.PathLike[str] | IO[bytes],
        *,
        name: str | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.name = name or (os.fspath(source) if isinstance(source, (str, os.PathLike)) else "<workbook>")
        self.limits = limits or Limits()
        self._shared: list[str] | None = None
        #: Problems met in cells that do not stop reading (a copied formula with no text).
        self.problems: list[Finding] = []
        self._package = self._open(source)
        try:
            self._load_workbook()
        except BaseException:
            self._package.close()
            raise

    # --- opening ---------------------------------------------------------------

    def _fail(self, message: str, where: str = "", rule: str = "workbook") -> LoadError:
        source = f"{self.name} {where}".strip()
        return LoadError(
            f"{self.name}: cannot read the workbook", [Finding(rule=rule, message=message, source=source)]
        )

    def _open(self, source: str | os.PathLike[str] | IO[bytes]) -> zipfile.ZipFile:
        if isinstance(source, (str, os.PathLike)):
            size = os.path.getsize(source)
            if size > self.limits.max_file_bytes:
                raise self._fail(
                    f"the file is {size} bytes; workbooks are limited to {self.limits.max_file_bytes}"
                )
            with open(source, "rb") as stream:
                magic = stream.read(8)
        else:
            position = source.tell()
            magic = source.read(8)
            source.seek(position)
        if magic.startswith(b"\xd0\xcf\x11\xe0"):
            raise self._fail(
                "this is an encrypted workbook or an old .xls file, not an .xlsx package; "
                "remove the password or save it as .xlsx (Excel Workbook)"
            )
        try:
            package = zipfile.ZipFile(source)
        except zipfile.BadZipFile as exc:
            raise self._fail(
                f"not an .xlsx workbook: the file is not a complete zip package ({exc}); "
                "it may be truncated, or not a workbook at all"
            ) from None
        try:
            self._check_package(package)
        except BaseException:
            package.close()
            raise
        return package

    def _check_package(self, package: zipfile.ZipFile) -> None:
        limits = self.limits
        infos = package.infolist()
        if len(infos) > limits.max_parts:
            raise self._fail(f"the package has {len(infos)} parts; at most {limits.max_parts} are accepted")
        names = [info.filename for info in infos]
        if len(set(names)) != len(names):
            raise self._fail("the package names a part twice; a workbook never does (refused as tampered)")
        total = sum(info.file_size for info in infos)
        if total > limits.max_total_bytes:
            raise self._fail(
                f"the parts inflate to {total} bytes; at most {limits.max_total_bytes} are accepted "
                "(a zip bomb?)"
            )

    def _info(self, part: str, *, limit: int) -> zipfile.ZipInfo:
        try:
            info = self._package.getinfo(part)
        except KeyError:
            raise self._fail(f"the part {part} is missing: the workbook is incomplete") from None
        if info.flag_bits & 0x1:
            raise self._fail(f"the part {part} is encrypted; remove the workbook's password")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self._fail(
                f"the part {part} uses compression method {info.compress_type}; expected deflate"
            )
        if info.file_size > limit:
            raise self._fail(
                f"the part {part} inflates to {info.file_size} bytes; at most {limit} are accepted"
            )
        if info.file_size > (1 << 20) and info.file_size > self.limits.max_ratio * max(info.compress_size, 1):
            raise self._fail(
                f"the part {part} inflates {info.file_size / max(info.compress_size, 1):.0f} times; "
                f"at most {self.limits.max_ratio:.0f} times is accepted (zip bomb?)"
            )
        return info

    def _stream(self, part: str, *, limit: int) -> Iterator[bytes]:
        """The bytes of ``part`` in chunks, refusing a part that inflates beyond its declared size."""
        info = self._info(part, limit=limit)
        bounded = copy.copy(info)
        bounded.file_size = info.file_size + 1  # read one byte past the declared size, no more
        seen = 0
        try:
            with self._package.open(bounded) as stream:
                while True:
                    chunk = stream.read(1 << 16)
                    if not chunk:
                        break
                    seen += len(chunk)
                    if seen > info.file_size:
                        raise self._fail(
                            f"the part {part} inflates to more than the {info.file_size} bytes it declares "
                            "(refused as a zip bomb)"
                        )
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise self._fail(f"the part {part} is damaged ({exc}); the file may be truncated") from None
        if seen != info.file_size:
            raise self._fail(f"the part {part} holds {seen} bytes but declares {info.file_size}")

    def _read_small(self, part: str) -> bytes:
        return b"".join(self._stream(part, limit=self.limits.max_small_part_bytes))

    def _parse_small(self, part: str) -> Any:
        data = self._read_small(part)
        try:
            return SafeET.fromstring(data)
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
            raise self._fail(
                f"the part {part} declares a document type or entities; workbooks never do "
                "(refused: entity expansion)"
            ) from None
        except SafeET.ParseError as exc:
            raise self._fail(f"the part {part} is not well-formed XML ({exc})") from None

    def _load_workbook(self) -> None:
        package = self._package
        try:
            workbook_part = _office_document(package)
            rels = _relationships(package, workbook_part)
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
            raise self._fail("a relationships part declares a document type or entities (refused)") from None
        except SafeET.ParseError as exc:
            raise self._fail(f"a relationships part is not well-formed XML ({exc})") from None
        except KeyError:
            raise self._fail("the package has no workbook part") from None
        root = self._parse_small(workbook_part)
        if _local(root.tag) != "workbook":
            raise self._fail(f"{workbook_part} is not a workbook (root element {_local(root.tag)!r})")
        properties = _children(root, "workbookPr")
        self.date1904 = bool(properties) and properties[0].get("date1904") in ("1", "true")
        self.sheets: list[SheetInfo] = []
        for sheet in _children(root, "sheets", "sheet"):
            rid = next((sheet.get(f"{{{ns}}}id") for ns in _REL_NS if sheet.get(f"{{{ns}}}id")), None)
            name = sheet.get("name", "")
            rel = rels.get(rid or "")
            if rel is None:
                raise self._fail(f"sheet {name!r} has no part: the workbook is incomplete")
            if not rel[0].endswith(_WORKSHEET):
                continue  # a chart sheet or a dialog sheet: no cells
            if rel[1] not in package.NameToInfo:
                raise self._fail(f"sheet {name!r}: its part {rel[1]} is missing: the workbook is incomplete")
            self.sheets.append(SheetInfo(name=name, part=rel[1], state=sheet.get("state", "visible")))
        self.defined_names: dict[str, str] = {
            node.get("name", ""): (node.text or "")
            for node in _children(root, "definedNames", "definedName")
            if node.get("localSheetId") is None
        }
        self._shared_part = next((t for kind, t in rels.values() if kind.endswith(_SHARED_STRINGS)), None)
        styles_part = next((t for kind, t in rels.values() if kind.endswith(_STYLES)), None)
        self._date_styles = self._load_date_styles(styles_part) if styles_part else frozenset()

    def _load_date_styles(self, part: str) -> frozenset[int]:
        if part not in self._package.NameToInfo:
            return frozenset()
        root = self._parse_small(part)
        custom = {
            int(fmt.get("numFmtId", "-1")): fmt.get("formatCode", "")
            for fmt in _children(root, "numFmts", "numFmt")
            if (fmt.get("numFmtId") or "").isdigit()
        }
        dates = set()
        for index, xf in enumerate(_children(root, "cellXfs", "xf")):
            raw = xf.get("numFmtId", "0")
            fmt_id = int(raw) if raw.isdigit() else 0
            if fmt_id in custom:
                if _is_date_format(custom[fmt_id]):
                    dates.add(index)
            elif fmt_id in _BUILTIN_DATE_FORMATS:
                dates.add(index)
        return frozenset(dates)

    def close(self) -> None:
        """Release the file."""
        self._package.close()

    def __enter__(self) -> XlsxReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- values ----------------------------------------------------------------

    def sheet(self, name: str) -> SheetInfo:
        """The worksheet called ``name``; KeyError if there is none."""
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    def _shared_strings(self) -> list[str]:
        if self._shared is None:
            if self._shared_part is None or self._shared_part not in self._package.NameToInfo:
                self._shared = []
            else:
                self._shared = _SharedStringsParser(self).parse(self._shared_part)
        return self._shared

    def rows(self, sheet: SheetInfo | str) -> Iterator[tuple[int, dict[int, CellValue]]]:
        """Each row that holds a value, as (row number from 1, {column index from 0: value}).

        Empty cells are left out; formulas come as :class:`Formula`; numbers in a
        date format as :class:`datetime.date` (or ``datetime`` if they hold a time).
        """
        info = self.sheet(sheet) if isinstance(sheet, str) else sheet
        return _SheetParser(self, info).rows()

    def convert_serial(self, serial: float) -> dt.date | dt.datetime:
        """An Excel date serial as a date (or a datetime if it has a time of day)."""
        base = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
        if not self.date1904 and serial < 60:
            serial += 1  # Excel counts a 1900-02-29 that never was
        try:
            moment = base + dt.timedelta(seconds=round(serial * 86400))
        except OverflowError:
            raise ValueError(f"{serial} is not a date Excel can show") from None
        if moment.time() == dt.time(0):
            return moment.date()
        return moment


def _guarded_parser() -> Any:
    """An expat parser with defusedxml's guards: no DTD, no entity declarations, no external references."""
    # Element names are matched by their local part (``c``, ``x:c``); namespace processing would
    # cost a third of the parse and guards nothing here.
    parser = pyexpat.ParserCreate()

    def forbid_dtd(name: str, *_: Any) -> None:
        raise DTDForbidden(name, None, None)

    def forbid_entity(name: str, *_: Any) -> None:
        raise EntitiesForbidden(name, None, None, None, None, None)

    def forbid_external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser.StartDoctypeDeclHandler = forbid_dtd
    parser.EntityDeclHandler = forbid_entity
    parser.UnparsedEntityDeclHandler = forbid_entity
    parser.ExternalEntityRefHandler = forbid_external
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    return parser


(_ROW, _C, _V, _T, _F, _IS, _RPH, _SI) = range(1, 9)
_LOCAL_KIND = {"row": _ROW, "c": _C, "v": _V, "t": _T, "f": _F, "is": _IS, "rPh": _RPH, "si": _SI}


def _tag_kinds() -> dict[str, int]:
    """Element kinds by tag name, filled in as prefixed names (``x:c``) turn up; 0 for other elements."""
    return dict(_LOCAL_KIND)


def _kind_of(kinds: dict[str, int], tag: str) -> int:
    kind = kinds[tag] = _LOCAL_KIND.get(tag.rpartition(":")[2], 0)
    return kind


def _feed(reader: XlsxReader, part: str, parser: Any, limit: int, where: Callable[[], str]) -> Iterator[None]:
    """Feed ``part`` to ``parser`` chunk by chunk, yielding after each chunk; errors become LoadErrors."""
    try:
        for chunk in reader._stream(part, limit=limit):
            parser.Parse(chunk, False)
            yield
        parser.Parse(b"", True)
        yield
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise reader._fail(
            f"{part} declares a document type or entities; workbooks never do (refused: entity expansion)",
            where(),
        ) from None
    except pyexpat.ExpatError as exc:
        raise reader._fail(
            f"{part} is not well-formed XML: {pyexpat.ErrorString(exc.code)} "
            f"at line {exc.lineno}, column {exc.offset + 1}; the file is damaged",
            where(),
        ) from None
    except _TooLong as exc:
        raise reader._fail(
            f"a cell holds more than {reader.limits.max_cell_chars} characters, Excel's limit ({exc})",
            where(),
        ) from None


class _SharedStringsParser:
    """The shared-string table, streamed; phonetic runs (rPh) are left out."""

    def __init__(self, reader: XlsxReader) -> None:
        self.reader = reader

    def parse(self, part: str) -> list[str]:
        strings: list[str] = []
        buf: list[str] = []
        collecting = False
        in_phonetic = False
        size = 0
        max_chars = self.reader.limits.max_cell_chars
        kinds = _tag_kinds()

        def start(tag: str, _attrs: dict[str, str]) -> None:
            nonlocal collecting, in_phonetic, size
            kind = kinds.get(tag) or _kind_of(kinds, tag)
            if kind == _T:
                collecting = not in_phonetic
            elif kind == _SI:
                buf.clear()
                size = 0
            elif kind == _RPH:
                in_phonetic = True

        def end(tag: str) -> None:
            nonlocal collecting, in_phonetic
            kind = kinds.get(tag) or _kind_of(kinds, tag)
            if kind == _T:
                collecting = False
            elif kind == _RPH:
                in_phonetic = False
            elif kind == _SI:
                strings.append(unescape_text("".join(buf)))

        def chars(data: str) -> None:
            nonlocal size
            if collecting:
                size += len(data)
                if size > max_chars:
                    raise _TooLong(f"shared string {len(strings)}")
                buf.append(data)

        parser = _guarded_parser()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        for _ in _feed(
            self.reader, part, parser, self.reader.limits.max_shared_strings_bytes, lambda: "(shared strings)"
        ):
            pass
        return strings


class _SheetParser:
    """One worksheet, streamed row by row."""

    def __init__(self, reader: XlsxReader, sheet: SheetInfo) -> None:
        self.reader = reader
        self.sheet = sheet

    def rows(self) -> Iterator[tuple[int, dict[int, CellValue]]]:
        reader = self.reader
        done: list[tuple[int, dict[int, CellValue]]] = []
        cells: dict[int, CellValue] = {}
        text = ""  # with buffer_text, a <v> or <t> arrives in one piece; rich text in several
        formula = ""
        ref = ""
        row_number = 0
        row_text = ""
        column = -1
        cell_type: str | None = None
        style: str | None = None
        collecting = False
        in_formula = False
        has_formula = False
        shared_formula = False
        in_phonetic = False
        max_chars = reader.limits.max_cell_chars
        date_styles = {str(index) for index in reader._date_styles}
        kinds = _tag_kinds()
        columns = _COLUMNS
        common: dict[str, str] = {}  # short texts repeated down a column share one string
        name = self.sheet.name

        def where() -> str:
            return f"{name}!{ref}" if ref else name

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal row_number, row_text, column, cell_type, style, collecting, in_formula, has_formula
            nonlocal shared_formula, in_phonetic, text, formula, ref
            kind = kinds.get(tag) or _kind_of(kinds, tag)
            if kind == _C:
                cell_ref = attrs.get("r")
                if cell_ref is None:
                    column += 1
                    ref = f"{column_letter(column)}{row_text}"
                else:
                    ref = cell_ref
                    letters = cell_ref.rstrip("0123456789")
                    found = columns.get(letters)
                    if found is None or cell_ref[len(letters) :] != row_text:
                        raise reader._fail(f"the cell reference {cell_ref!r} is not valid here", where())
                    column = found
                cell_type = attrs.get("t")
                style = attrs.get("s")
                text = ""
                has_formula = False
            elif kind == _T or kind == _V:  # noqa: SIM109 - two int compares beat a tuple on this path
                collecting = not in_phonetic
            elif kind == _ROW:
                raw = attrs.get("r")
                number = int(raw) if raw is not None and raw.isdigit() else row_number + 1
                if number <= row_number or number > EXCEL_MAX_ROWS:
                    raise reader._fail(
                        f"row number {raw} is out of order or beyond Excel's last row", where()
                    )
                row_number = number
                row_text = str(number)
                column = -1
                ref = f"A{row_text}"
            elif kind == _F:
                in_formula = has_formula = True
                formula = ""
                shared_formula = attrs.get("t") == "shared"
            elif kind == _RPH:
                in_phonetic = True

        def end(tag: str) -> None:
            nonlocal collecting, in_formula, in_phonetic, cells
            kind = kinds.get(tag) or _kind_of(kinds, tag)
            if kind == _C:
                if cell_type == "inlineStr" and not has_formula:  # the common case, inline
                    string = text if "_x" not in text else unescape_text(text)
                    if len(string) <= 24 and len(common) < 100_000:
                        string = common.setdefault(string, string)
                    value: CellValue | None = string
                else:
                    value = finish()
                if value is not None and value != "":
                    cells[column] = value
            elif kind == _T or kind == _V:  # noqa: SIM109
                collecting = False
            elif kind == _ROW:
                if cells:
                    done.append((row_number, cells))
                    cells = {}
            elif kind == _F:
                in_formula = False
            elif kind == _RPH:
                in_phonetic = False

        def chars(data: str) -> None:
            nonlocal text, formula
            if collecting:
                text = text + data if text else data
                if len(text) > max_chars:
                    raise _TooLong(ref)
            elif in_formula:
                formula += data

        def finish() -> CellValue | None:
            if has_formula:
                if not formula and shared_formula:
                    reader.problems.append(
                        Finding(
                            rule="formula",
                            message="a formula copied from another cell; cjm reads formulas as their text "
                            "and this one has none: type the value instead",
                            source=f"{reader.name} {where()}",
                        )
                    )
                    return None
                return Formula("=" + formula)
            if cell_type == "s":
                index = int(text) if text.isdigit() else -1
                if not 0 <= index < len(shared):
                    raise reader._fail(f"shared string {text!r} does not exist", where())
                return shared[index]
            if cell_type == "str":
                return unescape_text(text)
            if not text:
                return None
            if cell_type == "b":
                return text == "1" or text == "true"
            if cell_type == "e":
                return text
            if cell_type == "d":
                try:
                    return dt.datetime.fromisoformat(text.rstrip("Z"))
                except ValueError:
                    raise reader._fail(f"{text!r} is not an ISO 8601 date", where()) from None
            try:
                number = float(text)
            except ValueError:
                raise reader._fail(f"{text!r} is not a number", where()) from None
            if style in date_styles:
                try:
                    return reader.convert_serial(number)
                except ValueError:
                    return number
            return number

        shared = reader._shared_strings()  # read (and checked) before the sheet that refers to it
        parser = _guarded_parser()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        for _ in _feed(reader, self.sheet.part, parser, reader.limits.max_part_bytes, where):
            if done:
                yield from done
                done.clear()
