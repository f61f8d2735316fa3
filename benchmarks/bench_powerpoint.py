"""A portfolio deck (a table and a chart on each slide): cjm against a bare python-pptx script.

Run:  python benchmarks/bench_powerpoint.py [--sizes 50,100,1000] [--repeat 3] [--repeat-large 2]

For N synthetic journeys (six stages, two Moments of Truth, emotion scores,
pain points, baselines) it times, in the same run:

* bare: a plain python-pptx script that builds the same slides as a user
  would write it: a 16:9 deck on the default template, per journey a title, a
  native table of the stages (MoT, emotion, top pain point, baselines) with
  fills and sizes, a line chart of the emotion curve with the MoT points as a
  marker series, the title rule and a slide number, then ``save``;
* cjm:  ``Deck.portfolio(journeys).write(...)``: the same slides through
  cjm's deck API (validation, text measuring and fitting, East Asian fonts,
  sections), with its part-name index (cjm.exporters.powerpoint.partnames).

and prints the best time of a few runs, the time per slide, cjm / bare, and
how the time per slide grows from 100 to 1,000 slides.  Goals (issue #4): cjm within 1.1× of
the bare script at 50 slides; at 1,000 slides faster than the bare script,
and cjm's time per slide at 1,000 within 1.3× of that at 100.  python-pptx
alone is quadratic: each chart's part names are found by walking the whole
package, twice.
"""

from __future__ import annotations

import argparse
import gc
import io
import random
import time
from collections.abc import Callable
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.chart import XL_TICK_LABEL_POSITION as TICK_LABELS
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.util import Emu, Inches, Pt

import cjm
from cjm.exporters.powerpoint import Deck
from cjm.grid import format_number, format_value

STAGES = ("인지/탐색", "검토/주문", "초기 준비/첫 사용", "일상 사용/재주문", "문제/변경 요청", "재구매/확장")
PAINS = (
    "파편적 정보",
    "재고 정보 지연",
    "같은 문의 반복",
    "진행 안내 지연",
    "사례/데이터 부족",
    "복잡한 계약 절차",
)


def synthetic_journeys(count: int, seed: int = 4) -> list[cjm.Journey]:
    """``count`` valid journeys of six stages, each with a persona, scores, pains and baselines."""
    rng = random.Random(seed)
    journeys = []
    for n in range(count):
        builder = cjm.JourneyBuilder(id=f"journey-{n}", title=f"제품군 {n} 고객여정지도", language="ko")
        builder.persona(cjm.Persona(id="buyer", name=f"구매 담당자 {n}"))
        for index, name in enumerate(STAGES):
            sid = f"s{index}"
            builder.stage(sid, name)
            builder.emotion(sid, rng.choice((-2, -1, 0, 1, 2)), persona="buyer")
            for k in range(rng.randint(1, 3)):
                text = rng.choice(PAINS)
                severity, frequency = rng.randint(1, 5), rng.randint(1, 5)
                builder.pain_point(f"p{index}-{k}", sid, text, severity=severity, frequency=frequency)
            builder.metric(
                cjm.Metric(
                    id=f"m{index}",
                    name=f"지표 {index}",
                    short=f"K{index}",
                    stage=sid,
                    unit="%",
                    baseline=cjm.Baseline(value=rng.randint(10, 95)),
                )
            )
        builder.moment_of_truth("s1", "m1").moment_of_truth("s4", "m4")
        journeys.append(builder.build())
    return journeys


# --- the bare python-pptx script --------------------------------------------------------------

NAVY, MOT, LANE, NEUTRAL = "1F3A5F", "C0392B", "E6EBF2", "F4F5F7"


def _row_texts(journey: cjm.Journey) -> list[list[str]]:
    rows = []
    for stage in journey.stages:
        moment = journey.moment_of_truth(stage.id)
        emotion = journey.emotion(stage.id, "buyer")
        pains = sorted(
            journey.pain_points_at(stage.id),
            key=lambda p: (-(p.severity or 0) * (p.frequency or 0), -(p.severity or 0)),
        )
        kpis = [m for m in journey.metrics_at(stage.id) if m.baseline and m.baseline.value is not None]
        figure = "\n".join(
            f"{m.display_name} {format_value(m.baseline.value, m.unit)}" for m in kpis if m.baseline
        )
        rows.append(
            [
                stage.name,
                "★" if moment else "",
                format_number(emotion.score) if emotion else "",
                pains[0].text if pains else "",
                figure,
            ]
        )
    return rows


def _fill(cell: Any, colour: str) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor.from_string(colour)


def bare_deck(journeys: list[cjm.Journey]) -> bytes:
    """The same portfolio deck, written directly with python-pptx."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    layout = prs.slide_layouts.get_by_name("Title Only")
    for number, journey in enumerate(journeys, start=1):
        slide = prs.slides.add_slide(layout)
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = (
            Inches(0.5),
            Inches(0.28),
            Inches(12.33),
            Inches(0.82),
        )
        heading.text_frame.text = journey.title
        heading.text_frame.paragraphs[0].runs[0].font.size = Pt(26)
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, Inches(0.5), Inches(1.1), Inches(12.83), Inches(1.1)
        )
        line.line.color.rgb = RGBColor.from_string("2F6DB5")
        footer = slide.shapes.add_textbox(Inches(12.43), Inches(7.08), Inches(0.4), Inches(0.3))
        footer.text_frame.text = str(number)
        # the table: header and a row per stage
        rows = _row_texts(journey)
        frame = slide.shapes.add_table(len(rows) + 1, 5, Inches(5.73), Inches(1.22), Inches(7.1), Inches(4))
        table = frame.table
        for column, width in zip(table.columns, (1.4, 0.5, 0.6, 2.2, 1.8), strict=True):
            column.width = Emu(int(Inches(7.1) * width / 6.5))
        header = ("여정 단계", "MoT", "감정", "가장 큰 Pain Point", "현재 지표")
        for r, texts in enumerate([list(header), *rows]):
            for c, text in enumerate(texts):
                cell = table.cell(r, c)
                cell.text = text
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(11)
                        run.font.bold = r == 0 or c == 0
                _fill(cell, NAVY if r == 0 else LANE if c == 0 else NEUTRAL)
        # the chart: the emotion curve and the MoT markers
        data = CategoryChartData(number_format="0.##")
        data.categories = [f"★ {s.name}" if journey.moment_of_truth(s.id) else s.name for s in journey.stages]
        scores = [journey.emotion(s.id, "buyer") for s in journey.stages]
        data.add_series(journey.personas[0].name, [e.score if e else None for e in scores])
        data.add_series(
            "★ MoT",
            [
                e.score if e and journey.moment_of_truth(s.id) else None
                for s, e in zip(journey.stages, scores, strict=True)
            ],
        )
        chart = slide.shapes.add_chart(
            XL_CHART_TYPE.LINE_MARKERS, Inches(0.5), Inches(1.22), Inches(4.98), Inches(5.6), data
        ).chart
        chart.has_title = False
        chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = -2, 2
        chart.category_axis.tick_label_position = TICK_LABELS.LOW
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        curve, flags = chart.plots[0].series
        curve.format.line.color.rgb = RGBColor.from_string("2F6DB5")
        curve.marker.style = XL_MARKER_STYLE.CIRCLE
        flags.format.line.fill.background()
        flags.marker.style = XL_MARKER_STYLE.DIAMOND
        flags.marker.format.fill.solid()
        flags.marker.format.fill.fore_color.rgb = RGBColor.from_string(MOT)
        chart.font.size = Pt(11)
    stream = io.BytesIO()
    prs.save(stream)
    return stream.getvalue()


def cjm_deck(journeys: list[cjm.Journey]) -> bytes:
    """The portfolio deck through cjm's deck API."""
    stream = io.BytesIO()
    Deck.portfolio(journeys).write(stream)
    return stream.getvalue()


def best_time(build: Callable[[list[cjm.Journey]], bytes], journeys: list[cjm.Journey], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        build(journeys)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,1000", help="deck sizes in slides (default 50,100,1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size below 1,000 slides; best counts")
    parser.add_argument("--repeat-large", type=int, default=2, help="runs per size of 1,000 slides or more")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    cjm_deck(synthetic_journeys(3))  # warm up imports and caches
    bare_deck(synthetic_journeys(3))
    results: dict[int, tuple[float, float]] = {}
    print(
        f"{'slides':>7} {'bare s':>9} {'cjm s':>9} {'bare ms/slide':>14} {'cjm ms/slide':>13} {'cjm/bare':>9}"
    )
    for size in sizes:
        journeys = synthetic_journeys(size)
        repeat = args.repeat if size < 1000 else args.repeat_large
        ours = best_time(cjm_deck, journeys, repeat)
        bare = best_time(bare_deck, journeys, repeat)
        results[size] = (bare, ours)
        print(
            f"{size:>7} {bare:>9.2f} {ours:>9.2f} {1000 * bare / size:>14.2f} {1000 * ours / size:>13.2f}"
            f" {ours / bare:>9.2f}"
        )
    print()
    if 50 in results:
        bare, ours = results[50]
        ratio = ours / bare
        print(f"goal 1: cjm within 1.1x of bare at 50 slides: {ratio:.2f}x -> {_verdict(ratio <= 1.1)}")
    if 1000 in results:
        bare, ours = results[1000]
        print(f"goal 2: cjm faster than bare at 1,000 slides: {ours / bare:.2f}x -> {_verdict(ours < bare)}")
    if 100 in results and 1000 in results:
        growth = (results[1000][1] / 1000) / (results[100][1] / 100)
        bare_growth = (results[1000][0] / 1000) / (results[100][0] / 100)
        print(
            f"goal 3: cjm per slide at 1,000 / at 100: {growth:.2f}x -> {_verdict(growth <= 1.3)}"
            f"  (bare python-pptx: {bare_growth:.2f}x)"
        )


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


if __name__ == "__main__":
    main()
