"""Small .xlsx packages written by hand, to feed the reader exactly the XML a test needs."""

from __future__ import annotations

import io
import zipfile

__all__ = ["CONTENT_TYPES", "minimal_xlsx", "repack"]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def minimal_xlsx(
    sheet_xml: str,
    *,
    shared_strings: str | None = None,
    styles: str | None = None,
    workbook_pr: str = "",
    sheet_name: str = "Sheet1",
) -> bytes:
    """A one-sheet workbook whose sheet part is ``sheet_xml`` (the <sheetData> content or a whole part)."""
    if not sheet_xml.lstrip().startswith("<?xml") and "<worksheet" not in sheet_xml:
        sheet_xml = f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_xml}</sheetData></worksheet>'
    rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_pr}<sheets>'
        f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared_strings is not None:
        rels.append(f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = shared_strings
    if styles is not None:
        rels.append(f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>')
        parts["xl/styles.xml"] = styles
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return out.getvalue()


def repack(data: bytes, *, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """The package ``data`` with some parts replaced or left out."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
    return out.getvalue()
