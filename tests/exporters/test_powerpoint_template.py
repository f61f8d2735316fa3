"""Corporate templates: layouts by name and placeholder type, fallbacks, clear errors."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu, Pt

import cjm
from cjm.exporters.powerpoint import Deck
from tests.exporters.pptx_reading import A, bottom, build, deck_text, right, title, titles

WIDE = (Emu(12192000), Emu(6858000))


def make_template(
    folder: Path,
    *,
    names: dict[str, str] | None = None,
    keep_only: tuple[str, ...] | None = None,
    name: str = "company.pptx",
) -> Path:
    """A 16:9 'corporate' template built with python-pptx: layouts renamed or removed, a sample slide."""
    prs = Presentation()
    old_width = prs.slide_width
    prs.slide_width, prs.slide_height = WIDE
    master = prs.slide_master
    shapes = [*master.placeholders, *(p for layout in master.slide_layouts for p in layout.placeholders)]
    geometry = [(s, s.left, s.top, s.width, s.height) for s in shapes]
    for shape, left, top, width, height in geometry:
        shape.left, shape.width = Emu(left * WIDE[0] // old_width), Emu(width * WIDE[0] // old_width)
        shape.top, shape.height = top, height
    for layout in list(prs.slide_layouts):
        if keep_only is not None and layout.name not in keep_only:
            prs.slide_layouts.remove(layout)
    for layout in prs.slide_layouts:
        layout.name = (names or {}).get(layout.name, layout.name)
    sample = prs.slides.add_slide(prs.slide_layouts[0])
    sample.shapes.add_textbox(
        Emu(0), Emu(0), Emu(914400), Emu(914400)
    ).text_frame.text = "Confidential sample"
    path = folder / name
    prs.save(str(path))
    return path


KOREAN = {"Title Slide": "제목 슬라이드", "Title Only": "제목만"}


def test_slides_use_the_template_layouts_by_name(tmp_path: Path, seed_journey: cjm.Journey) -> None:
    template = make_template(tmp_path, names=KOREAN)
    deck = Deck.standard(seed_journey, template=template)
    prs = Presentation(io.BytesIO(_write(deck)))
    assert deck.fallbacks == ()
    assert (prs.slide_width, prs.slide_height) == WIDE
    layouts = [slide.slide_layout.name for slide in prs.slides]
    assert layouts[0] == "제목 슬라이드"
    assert set(layouts[1:]) == {"제목만"}
    assert "Confidential sample" not in deck_text(prs)
    assert len(prs.slides) == deck.slide_count
    assert titles(prs)[0] == seed_journey.title
    assert any(t.startswith("고객여정지도") for t in titles(prs))
    for slide in prs.slides:
        heading = slide.shapes.title
        assert heading is not None
        for shape in slide.shapes:
            assert right(shape) <= prs.slide_width
            assert bottom(shape) <= prs.slide_height
            if shape.shape_id != heading.shape_id and slide.slide_layout.name == "제목만":
                assert shape.top >= heading.top + heading.height
        unused = [p for p in slide.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.BODY]
        assert unused == []


def test_titles_keep_the_template_style_when_they_fit(tmp_path: Path, seed_journey: cjm.Journey) -> None:
    prs = build(seed_journey, template=str(make_template(tmp_path, names=KOREAN)), slides="agenda")
    (slide,) = prs.slides
    runs = list(slide.shapes.title.element.iter(f"{{{A}}}rPr"))
    assert runs
    assert all(r.get("sz") is None for r in runs)
    assert all(r.find(f"{{{A}}}latin") is None for r in runs)  # the theme's Latin font
    # python-pptx's default theme names 맑은 고딕 as its Hangul font: the template's choice is kept
    assert all(r.find(f"{{{A}}}ea").get("typeface") == "맑은 고딕" for r in runs)


def test_long_titles_shrink_inside_the_template_title(tmp_path: Path) -> None:
    journey = cjm.JourneyBuilder(id="j", title="가" * 60 + " long title").stage("s", "단계").build()
    prs = build(journey, template=str(make_template(tmp_path)), slides="title,agenda")
    sizes = {int(r.get("sz")) for r in prs.slides[0].shapes.title.element.iter(f"{{{A}}}rPr")}
    assert max(sizes) < Pt(44).pt * 100


def test_renamed_layouts_fall_back_and_say_so(tmp_path: Path, seed_journey: cjm.Journey) -> None:
    template = make_template(tmp_path, names={"Title Only": "Heading", "Title Slide": "Cover"})
    deck = Deck.standard(seed_journey, template=template, slides=["title", "overview"])
    prs = Presentation(io.BytesIO(_write(deck)))
    layouts = [s.slide_layout.name for s in prs.slides]
    assert layouts[0] == "Cover"
    assert set(layouts[1:]) == {"Heading"}
    assert len(deck.fallbacks) == 2
    assert "no layout named 'Title Only' or '제목만'; content slides use 'Heading'" in deck.fallbacks[0]


def test_layouts_chosen_by_the_user(tmp_path: Path, seed_journey: cjm.Journey) -> None:
    template = make_template(tmp_path)
    prs = build(seed_journey, template=str(template), slides="overview", layouts="content=Title and Content")
    assert {s.slide_layout.name for s in prs.slides} == {"Title and Content"}
    with pytest.raises(cjm.LoadError) as caught:
        build(seed_journey, template=str(template), layouts={"content": "Nope", "cover": "X"})
    message = str(caught.value)
    assert (
        "no layout named 'Nope' for content slides; its layouts: 'Title Slide', 'Title and Content'"
        in message
    )
    assert "no layout role cover; the roles are title, content" in message
    with pytest.raises(
        cjm.LoadError, match="layout 'Blank' \\(for content slides\\) has no title placeholder"
    ):
        build(seed_journey, template=str(template), layouts={"content": "Blank"})


def test_a_template_without_a_title_layout_is_refused(tmp_path: Path, seed_journey: cjm.Journey) -> None:
    template = make_template(tmp_path, keep_only=("Blank",))
    with pytest.raises(cjm.LoadError) as caught:
        build(seed_journey, template=str(template))
    text = str(caught.value)
    assert text.startswith(f"{template} cannot be used as a deck template")
    assert "no layout with a title placeholder for content slides" in text
    assert "its layouts: 'Blank'" in text
    assert caught.value.findings[0].source == str(template)


def test_a_potx_template(tmp_path: Path, seed_journey: cjm.Journey) -> None:
    pptx = make_template(tmp_path, names=KOREAN)
    potx = tmp_path / "company.potx"
    _rewrite(
        pptx,
        potx,
        "[Content_Types].xml",
        lambda xml: xml.replace("presentationml.presentation.main+xml", "presentationml.template.main+xml"),
    )
    prs = build(seed_journey, template=str(potx), slides="title,lead")
    assert [s.slide_layout.name for s in prs.slides] == ["제목 슬라이드"] + ["제목만"] * 4


def test_the_theme_east_asian_font_is_used(tmp_path: Path, seed_journey: cjm.Journey) -> None:
    plain = make_template(tmp_path)
    themed = tmp_path / "themed.pptx"
    _rewrite(
        plain,
        themed,
        "ppt/theme/theme1.xml",
        lambda xml: re.sub(
            r'(<a:minorFont>.*?<a:ea typeface=")[^"]*"', r'\g<1>Nanum Gothic"', xml, flags=re.S
        ),
    )
    prs = build(seed_journey, template=str(themed), slides="overview")
    fonts = {
        r.find(f"{{{A}}}ea").get("typeface")
        for s in prs.slides
        for r in s.shapes.title.element.iter(f"{{{A}}}rPr")
    }
    assert fonts == {"Nanum Gothic"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", "not a PowerPoint file (.pptx or .potx)"),
        (None, "not a PowerPoint file: it has no [Content_Types].xml"),
    ],
)
def test_files_that_are_not_templates(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "bad.pptx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
    else:
        path.write_bytes(content)
    with pytest.raises(cjm.LoadError, match=re.escape(message)):
        build(cjm.Journey(id="j", title="J"), template=str(path))


def test_a_missing_template(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        build(cjm.Journey(id="j", title="J"), template=str(tmp_path / "none.pptx"))


def test_template_titles_read_back(tmp_path: Path, b2b_journey: cjm.Journey) -> None:
    prs = build(b2b_journey, template=str(make_template(tmp_path)), slides="stages")
    assert [title(s) for s in prs.slides][:2] == ["1. Awareness", "2. Consideration"]


def _write(deck: Deck) -> bytes:
    stream = io.BytesIO()
    deck.write(stream)
    return stream.getvalue()


def _rewrite(source: Path, target: Path, member: str, change: Callable[[str], str]) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data)
