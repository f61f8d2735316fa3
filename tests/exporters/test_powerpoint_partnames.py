"""The part-name adapter: unique names, one walk of the package, python-pptx's method restored."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.opc.package import OpcPackage
from pptx.util import Inches

from cjm.exporters.powerpoint.partnames import indexed_partnames


def _add_chart_slide(prs: object) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts.get_by_name("Blank"))  # type: ignore[attr-defined]
    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("s", (1, 2))
    slide.shapes.add_chart(XL_CHART_TYPE.LINE, Inches(1), Inches(1), Inches(4), Inches(3), data)
    slide.notes_slide.notes_text_frame.text = "notes"


def test_python_pptx_still_names_parts_this_way() -> None:
    """The adapter shadows this method; if python-pptx renames it, this test says so."""
    assert callable(OpcPackage.next_partname)


def test_names_are_unique_and_the_package_is_walked_once(monkeypatch: object) -> None:
    prs = Presentation()
    package = prs.part.package
    walks = []
    original = type(package).iter_parts

    def counting(self: object) -> object:
        walks.append(1)
        return original(self)

    monkeypatch.setattr(type(package), "iter_parts", counting)  # type: ignore[attr-defined]
    with indexed_partnames(package) as index:
        assert index is not None
        for _ in range(30):
            _add_chart_slide(prs)
    assert len(walks) == 1
    names = [str(part.partname) for part in package.iter_parts()]
    assert len(names) == len(set(names))
    charts = sorted(n for n in names if n.startswith("/ppt/charts/"))
    assert charts == sorted(f"/ppt/charts/chart{n}.xml" for n in range(1, 31))
    assert sum(n.startswith("/ppt/embeddings/") for n in names) == 30
    assert sum(n.startswith("/ppt/notesSlides/") for n in names) == 30
    stream = io.BytesIO()
    prs.save(stream)
    again = Presentation(io.BytesIO(stream.getvalue()))
    assert len(again.slides) == 30
    assert sum(shape.has_chart for slide in again.slides for shape in slide.shapes) == 30


def test_the_method_is_restored_and_names_continue() -> None:
    prs = Presentation()
    package = prs.part.package
    with indexed_partnames(package):
        _add_chart_slide(prs)
        assert "next_partname" in vars(package)
    assert "next_partname" not in vars(package)
    _add_chart_slide(prs)  # python-pptx's own search after the block
    names = [str(part.partname) for part in package.iter_parts()]
    assert len(names) == len(set(names))
    assert "/ppt/charts/chart2.xml" in names


def test_nested_use_leaves_the_outer_index_alone() -> None:
    package = Presentation().part.package
    with indexed_partnames(package) as outer:
        with indexed_partnames(package) as inner:
            assert inner is None
        assert "next_partname" in vars(package)
        assert outer is not None
    assert "next_partname" not in vars(package)
