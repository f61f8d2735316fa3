"""The service blueprint laid out: stages across, the blueprint's lanes down, its links routed between.

The blueprint is the map page's second view, on the same A3 width and the
same columns: a left column of lane titles, then one column per stage.  From
the top: the title and the legend, the stage headers, the journey's pain
points at their stages (what the customer feels), then the five lanes of the
convention (physical evidence, customer actions, frontstage, backstage,
support processes) and a band of departments.  The line of interaction, the
line of visibility and the line of internal interaction run between the
lanes, named at the left.

A node without a stage (a system, a department) stands in the median column
of what it is linked to, so its links stay short (one linked to nothing is
spread along its lane, as the deck does).  A node shows its name, who performs
it and which systems it uses; a fail point has a red border and "⚠".

Links never cross a box: each leaves its box sideways into the gap between
two columns (a *gutter*), runs along it, and, when its ends are further than
one column apart, along the gap between two lanes (a *channel*) to the
gutter next to its target.  Links from one cause share one track (a fan-out);
dotted links to one department or system share theirs (a fan-in); tracks
that overlap get their own lane in the gutter, which widens to hold them.
Links are drawn first, so the white boxes sit on top of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from statistics import median_low

import attrs

from cjm.blueprint import all_root_causes
from cjm.exporters.reports import LINES
from cjm.exporters.visual.fonts import FontSet
from cjm.exporters.visual.layout import PAGE_STAGES, Metrics, stage_pages
from cjm.exporters.visual.scene import Box, Group, Line, Scene, Shape, TextBlock
from cjm.exporters.visual.words import GRID, HEADER_FILL, INK, LANE_FILL, MOT_TINT, WORDS
from cjm.exporters.visual.wrap import Typesetter
from cjm.i18n import Wording, language_of, pick, vocabulary
from cjm.model import Journey, Layer, LinkKind, NodeKind, Role, Stage

__all__ = ["blueprint_scenes"]

_WORDS: dict[str, Wording] = {
    **WORDS,
    "title": ("{title} · 서비스 블루프린트", "{title} · Service blueprint"),
    "pains": ("Pain Point", "Pain points"),
    "pains.sub": ("고객이 느끼는 실패 지점", "the fail points the customer feels"),
    "band.other": ("부서·기타", "Departments & other"),
    "stage": ("여정 단계", "Stage"),
    "legend.fail": ("⚠ 실패 지점", "⚠ fail point"),
    "legend.causes": ("원인 → 결과", "causes"),
    "legend.flow": ("흐름 (다음 단계)", "flow (next step)"),
    "legend.support": ("수행 부서 · 사용 시스템", "performed by · uses"),
    "guide": (
        "빨간 화살표를 따라가면 가시선 아래의 활동이 고객이 느끼는 Pain Point를 어떻게 만드는지 보입니다.",
        "Follow the red arrows from the work below the line of visibility to the pain the customer feels.",
    ),
    "page": ("{n}/{pages}쪽", "page {n} of {pages}"),
    "description": (
        "서비스 블루프린트: 단계별 고객 행동, 프런트스테이지, 백스테이지, 지원 프로세스와 원인 연결",
        "Service blueprint: customer actions, frontstage, backstage and support processes by stage,"
        " with the links that cause each pain point",
    ),
    "root": ("근본 원인", "Root causes"),
}

#: The lanes of the convention, top to bottom (the three lines run below the 2nd, 3rd and 4th).
_LANES = (Layer.PHYSICAL_EVIDENCE, Layer.CUSTOMER, Layer.FRONTSTAGE, Layer.BACKSTAGE, Layer.SUPPORT)
_PAINS, _BAND = "pains", "band"  # the rows of pain points and of departments
_M = Metrics()

_FAIL = INK["alert"]
_ACCENT = "2F6DB5"  # the three lines
_PAIN_FILL, _PAIN_BORDER, _PAIN_TITLE = "FEF3F2", "F1A9A0", "FDE8E6"
_BAND_FILL = "EEF2F7"
#: The left stripe of a pain point: darker for more severe (as on the map).
_SEVERITY = {1: "FCD34D", 2: "F59E0B", 3: "EA580C", 4: "DC2626", 5: "7F1D1D"}


@attrs.frozen
class _Style:
    stroke: str
    width: float
    dash: str | None

    def line(self, x1: float, y1: float, x2: float, y2: float, arrow: bool = False) -> Line:
        return Line(
            x1=x1, y1=y1, x2=x2, y2=y2, stroke=self.stroke, width=self.width, dash=self.dash, arrow=arrow
        )


#: How each kind of link is drawn, in drawing order (the dotted ones lowest).
_STYLES: dict[LinkKind, _Style] = {
    LinkKind.PERFORMED_BY: _Style("9CA3AF", 0.8, "2 2"),
    LinkKind.USES: _Style("9CA3AF", 0.8, "2 2"),
    LinkKind.NEXT: _Style("6B7280", 1.3, None),
    LinkKind.CAUSES: _Style("D92D20", 1.4, None),
}
#: Links that share their target's end (a fan-in); the others share their source's (a fan-out).
_FAN_IN = (LinkKind.PERFORMED_BY, LinkKind.USES)

#: Distance between two tracks, and the room between the outer tracks and the boxes.
_TRACK, _CLEAR = 6.0, 10.0
#: Gutter width at least; the gap between lanes at least, and where one of the three lines runs.
_GUTTER, _GAP, _LINE_GAP = 24.0, 12.0, 22.0
#: Between two boxes of one cell; between a lane's edge and its boxes.
_STACK, _ROW_PAD = 8.0, 7.0

Bundle = tuple[str, ...]


@attrs.frozen
class _Item:
    """A box to draw: a blueprint node or a pain point, in its row and column."""

    id: str
    role: str  # node or pain
    row: int
    column: int
    text: str
    detail: str
    data: Mapping[str, str]
    title: str
    fail: bool = False
    band: bool = False
    severity: int | None = None

    @property
    def key(self) -> str:
        """The group's key in the page's data: ``node-<id>`` or ``pain-<id>``."""
        return f"{self.role}-{self.id}"


@attrs.frozen
class _Placed:
    item: _Item
    x: float
    y: float
    w: float
    h: float

    def edge(self, side: int) -> float:
        return self.x + self.w if side > 0 else self.x


@attrs.frozen(kw_only=True)
class _Row:
    key: str
    title: str
    subtitle: str = ""
    fill: str = LANE_FILL
    colour: str = INK["text"]


@attrs.frozen
class _Route:
    """How one link runs: out of a side (+1 right, -1 left), along gutters, maybe along a channel."""

    kind: LinkKind
    source: str
    target: str
    side_a: int
    side_b: int
    gutter_a: int
    gutter_b: int
    channel: int | None
    bundle: Bundle
    note: str

    @property
    def start(self) -> Bundle:
        """What the source's port is shared with: the bundle of a fan-out, else nothing."""
        return self.bundle if self.kind not in _FAN_IN else (*self.bundle, self.source)

    @property
    def end(self) -> Bundle:
        return self.bundle if self.kind in _FAN_IN else (*self.bundle, self.target)


class _Prepared:
    """What every page needs from the journey, read once."""

    def __init__(self, journey: Journey, lang: str) -> None:
        self.journey, self.lang, self.nodes = journey, lang, journey.blueprint.nodes
        self.stage_index = {s.id: i for i, s in enumerate(journey.stages)}
        self.rows: list[_Row] = []
        if journey.pain_points:
            title, sub = self.word("pains"), self.word("pains.sub")
            self.rows.append(_Row(key=_PAINS, title=title, subtitle=sub, fill=_PAIN_TITLE, colour=_FAIL))
        for layer in _LANES:
            actors = [
                _actor(lane.actor, lang) for lane in journey.lanes if lane.layer is layer and lane.actor
            ]
            name = vocabulary(layer, lang)
            name = name if language_of(lang) == "ko" else name[:1].upper() + name[1:]
            self.rows.append(_Row(key=layer.value, title=name, subtitle=" · ".join(dict.fromkeys(actors))))
        loose = [n for n in self.nodes if n.layer is None]
        if loose:
            only = all(n.kind is NodeKind.DEPARTMENT for n in loose)
            title = self.word("departments" if only else "band.other")
            self.rows.append(_Row(key=_BAND, title=title, fill=_BAND_FILL))
        self.row_of = {row.key: i for i, row in enumerate(self.rows)}
        ids = {n.id for n in self.nodes} | {p.id for p in journey.pain_points}
        found = dict.fromkeys((k.source, k.target, k.kind) for k in journey.blueprint.links)
        self.links = [(s, t, k) for s, t, k in found if k in _STYLES and s in ids and t in ids and s != t]
        self.notes = {(k.source, k.target, k.kind): k.note for k in journey.blueprint.links if k.note}
        self.adjacent: dict[str, set[str]] = {}
        for source, target, _ in self.links:
            self.adjacent.setdefault(source, set()).add(target)
            self.adjacent.setdefault(target, set()).add(source)
        nodes = {n.id: n for n in self.nodes}
        self.performers: dict[str, list[str]] = {}
        for source, target, kind in self.links:  # who does it, with which system: written in the box
            other = nodes.get(target)
            if other is not None and kind is LinkKind.PERFORMED_BY and other.kind is NodeKind.DEPARTMENT:
                self.performers.setdefault(source, []).insert(0, other.name)
            elif other is not None and kind is LinkKind.USES and other.kind is NodeKind.SYSTEM:
                self.performers.setdefault(source, []).append(other.name)
        # Nodes of no stage linked to nothing: spread along their lane, left to right, as the deck does.
        self.spread: dict[str, int] = {}
        counts: dict[Layer | None, int] = {}
        for node in self.nodes:
            if self.stage_of(node.stage) is None and node.id not in self.adjacent:
                counts[node.layer] = counts.get(node.layer, -1) + 1
                self.spread[node.id] = counts[node.layer] % max(1, len(journey.stages))
        self.causes = all_root_causes(journey) if journey.pain_points else None

    def word(self, key: str) -> str:
        return pick(_WORDS[key], self.lang)

    def stage_of(self, stage: str | None) -> int | None:
        return self.stage_index.get(stage) if stage is not None else None


def _actor(actor: str, lang: str) -> str:
    try:
        return vocabulary(Role(actor), lang)
    except ValueError:
        return actor


def blueprint_scenes(journey: Journey, fonts: FontSet, language: str | None = None) -> list[Scene]:
    """The service blueprint as one scene per page of stages; none when the journey has no blueprint nodes."""
    if not journey.blueprint.nodes:
        return []
    prepared = _Prepared(journey, language or journey.language)
    writer = Typesetter(fonts, _M.line)
    stages: Sequence[Stage] = journey.stages or (Stage(id="all-stages", name=prepared.word("all_stages")),)
    pages = stage_pages(stages, PAGE_STAGES)
    return [
        _page(prepared, writer, page, sum(len(p) for p in pages[:number]), number + 1, len(pages))
        for number, page in enumerate(pages)
    ]


def _columns(prepared: _Prepared, stages: Sequence[Stage], offset: int) -> dict[str, int]:
    """The column of everything on this page: nodes and pain points at its stages, and the stage-less
    nodes linked to them (in the median column of what they are linked to)."""
    on_page = range(offset, offset + len(stages))
    columns: dict[str, int] = {}
    journey = prepared.journey
    for id_, stage in [(n.id, n.stage) for n in prepared.nodes] + [
        (p.id, p.stage) for p in journey.pain_points
    ]:
        index = prepared.stage_of(stage) if journey.stages else 0
        if index is not None and index in on_page:
            columns[id_] = index - offset
    pending = [n.id for n in prepared.nodes if n.id not in columns and prepared.stage_of(n.stage) is None]
    placed_one = True
    while placed_one:  # a department placed by the processes, a system by the department …
        placed_one = False
        for node in pending:
            near = sorted(columns[o] for o in prepared.adjacent.get(node, ()) if o in columns)
            if node not in columns and near:
                columns[node] = median_low(near)
                placed_one = True
    for node in pending:
        spread = prepared.spread.get(node)
        if node not in columns and spread is not None and spread in on_page:
            columns[node] = spread - offset
    return columns


def _items(prepared: _Prepared, stages: Sequence[Stage], offset: int) -> list[_Item]:
    """The boxes of one page, pain points first, then the nodes in the blueprint's order."""
    columns = _columns(prepared, stages, offset)
    word = prepared.word
    items: list[_Item] = []
    for pain in prepared.journey.pain_points:
        if pain.id not in columns:
            continue
        values = (("severity", pain.severity), ("frequency", pain.frequency))
        facts = " · ".join(f"{word(key)} {value}/5" for key, value in values if value is not None)
        causes = prepared.causes[pain.id] if prepared.causes is not None else []
        root = f"{word('root')}: " + " · ".join(c.name for c in causes[:8]) if causes else ""
        data = {"stage": pain.stage, "kind": "pain", "layer": Layer.CUSTOMER.value}
        data.update({"severity": str(pain.severity)} if pain.severity is not None else {})
        row, column, tip = prepared.row_of[_PAINS], columns[pain.id], _tip(pain.text, facts, root)
        items.append(_Item(pain.id, "pain", row, column, pain.text, facts, data, tip, severity=pain.severity))
    for node in prepared.nodes:
        if node.id not in columns:
            continue
        performers = prepared.performers.get(node.id, [])
        row, column = prepared.row_of[node.layer.value if node.layer is not None else _BAND], columns[node.id]
        stageless = node.stage is None and node.layer is not None and bool(prepared.journey.stages)
        detail = " · ".join([word("all_stages")] * stageless + performers)
        data = {"kind": node.kind.value}
        data.update({"stage": node.stage} if node.stage else {})
        data.update({"layer": node.layer.value} if node.layer is not None else {})
        data.update({"flag": "fail_point"} if node.fail_point else {})
        notes = [prepared.notes.get((node.id, t, k), "") for s, t, k in prepared.links if s == node.id]
        name = ("⚠ " if node.fail_point else "") + node.name
        tip = _tip(name, node.description, " · ".join(performers), *notes)
        fail, band = node.fail_point, node.layer is None
        items.append(_Item(node.id, "node", row, column, node.name, detail, data, tip, fail=fail, band=band))
    return items


def _tip(*parts: str) -> str:
    """A tooltip of the parts that say something, one a line, not too long."""
    return "\n".join(part for part in parts if part)[:1000]


def _card(writer: Typesetter, item: _Item, x: float, y: float, w: float) -> tuple[list[Shape], float]:
    """The box of a node or a pain point and its text; its height."""
    pad, top = _M.pad, y + _M.pad - 1
    warn = writer.width("⚠", _M.text, bold=True) + 3 if item.fail else 0.0
    left, right = x + pad + (4 if item.role == "pain" else 0), x + w - pad
    colour, bold = (_FAIL, True) if item.fail else (INK["text"], item.band)
    text = writer.block(item.text, left + warn, top, right - left - warn, _M.text, bold=bold, colour=colour)
    blocks = [text]
    if item.detail:
        muted, below = INK["muted"], top + text.height + 1
        blocks.append(writer.block(item.detail, left, below, right - left, _M.small, lines=2, colour=muted))
    h = max(28.0, sum(b.height + 1 for b in blocks) + 2 * pad - 3)
    if item.fail:
        blocks.append(writer.block("⚠", left, top, warn, _M.text, bold=True, lines=1, colour=_FAIL))
    if item.role == "pain":
        fill, stroke, width = _PAIN_FILL, _PAIN_BORDER, 1.0
    elif item.fail:
        fill, stroke, width = "FFFFFF", _FAIL, 2.0
    else:
        fill, stroke, width = (_BAND_FILL, "94A3B8", 1.0) if item.band else ("FFFFFF", "9CA3AF", 1.0)
    r = h / 2 if item.band and h < 36 else 5
    box = Box(x=x, y=y, w=w, h=h, fill=fill, stroke=stroke, stroke_width=width, radius=r, role=item.role)
    shapes: list[Shape] = [box]
    if item.severity is not None:
        shapes.append(Box(x=x + 2, y=y + 3, w=3, h=h - 6, fill=_SEVERITY[item.severity], role="severity"))
    return [*shapes, *blocks], h


@attrs.frozen
class _Frame:
    """The page's columns and lanes: where the gutters, the channels and the boxes are."""

    left: float
    column: float
    gutter: float
    tops: tuple[float, ...]
    heights: tuple[float, ...]
    gaps: tuple[float, ...]  # after each row but the last

    def gutter_x(self, k: int) -> float:
        return self.left + k * self.column

    def channel_y(self, c: int) -> float:
        return self.tops[c] + self.heights[c] + self.gaps[c] / 2

    @property
    def bottom(self) -> float:
        return self.tops[-1] + self.heights[-1]


def _arrange(
    writer: Typesetter, items: Sequence[_Item], frame: _Frame, top: float, floors: Sequence[float]
) -> tuple[_Frame, dict[str, _Placed]]:
    """The boxes stacked in their cells, and the rows as high as their fullest cell."""
    width = frame.column - frame.gutter
    heights = {item.id: _card(writer, item, 0, 0, width)[1] for item in items}
    stack: dict[tuple[int, int], float] = {}
    offsets: dict[str, float] = {}
    for item in items:
        offsets[item.id] = stack.get((item.row, item.column), 0.0)
        stack[(item.row, item.column)] = offsets[item.id] + heights[item.id] + _STACK
    tops: list[float] = []
    rows: list[float] = []
    for row, floor in enumerate(floors):
        tops.append(tops[-1] + rows[-1] + frame.gaps[row - 1] if tops else top)
        used = max((v - _STACK for (r, _), v in stack.items() if r == row), default=0.0)
        rows.append(max(44.0, used + 2 * _ROW_PAD, floor))
    frame = attrs.evolve(frame, tops=tuple(tops), heights=tuple(rows))
    x0, tops = frame.gutter / 2, [t + _ROW_PAD for t in tops]
    return frame, {
        i.id: _Placed(i, x0 + frame.gutter_x(i.column), tops[i.row] + offsets[i.id], width, heights[i.id])
        for i in items
    }


def _routes(prepared: _Prepared, placed: Mapping[str, _Placed], rows: int) -> list[_Route]:
    """Which sides, gutters and channel each link on the page takes."""
    routes = []
    for source, target, kind in prepared.links:
        a, b = placed.get(source), placed.get(target)
        if a is None or b is None:
            continue
        ca, cb, ra, rb = a.item.column, b.item.column, a.item.row, b.item.row
        step = cb - ca
        side_a, side_b = (1, -1) if step > 0 else (-1, 1)
        gutter_a, gutter_b = (ca + 1, cb) if step > 0 else (ca, cb + 1)
        if step == 0:  # the flow and the causes in the right gutter, the dotted links in the left
            side_a = side_b = -1 if kind in _FAN_IN else 1
            gutter_a = gutter_b = ca if kind in _FAN_IN else ca + 1
        channel = None
        if abs(step) >= 2:  # along the gap next to the target's lane, on the source's side
            channel = rb if rb < ra else rb - 1 if rb > ra else ra if ra < rows - 1 else ra - 1
        fan_in = kind in _FAN_IN
        bundle = (kind.value, target if fan_in else source, str(side_b if fan_in else side_a))
        note = prepared.notes.get((source, target, kind), "")
        routes.append(_Route(kind, source, target, side_a, side_b, gutter_a, gutter_b, channel, bundle, note))
    return routes


@attrs.frozen(kw_only=True)
class _Tracks:
    """Where each end meets its box, and which track each bundle takes in each gutter and channel."""

    ports: dict[tuple[str, int, Bundle], float]
    gutter: dict[int, dict[Bundle, int]]
    channel: dict[int, dict[Bundle, int]]

    def most(self) -> int:
        return max((max(t.values()) + 1 for t in self.gutter.values() if t), default=1)

    def channel_count(self, c: int) -> int:
        tracks = self.channel.get(c, {})
        return max(tracks.values()) + 1 if tracks else 0


def _plan(routes: Sequence[_Route], placed: Mapping[str, _Placed], frame: _Frame) -> _Tracks:
    """Ports spread along each box's side (ordered by where the other end lies), then tracks."""
    sides: dict[tuple[str, int], dict[Bundle, list[float]]] = {}
    for route in routes:
        a, b = placed[route.source], placed[route.target]
        sides.setdefault((route.source, route.side_a), {}).setdefault(route.start, []).append(b.y + b.h / 2)
        sides.setdefault((route.target, route.side_b), {}).setdefault(route.end, []).append(a.y + a.h / 2)
    ports: dict[tuple[str, int, Bundle], float] = {}
    for (key, side), ends in sides.items():
        box = placed[key]
        order = sorted(ends, key=lambda e: (sum(ends[e]) / len(ends[e]), e))
        for i, end in enumerate(order):
            ports[(key, side, end)] = box.y + box.h * (i + 1) / (len(order) + 1)
    vertical: dict[int, dict[Bundle, list[float]]] = {}
    lean: dict[int, dict[Bundle, list[int]]] = {}
    horizontal: dict[int, dict[Bundle, list[float]]] = {}
    for route in routes:
        ya = ports[(route.source, route.side_a, route.start)]
        yb = ports[(route.target, route.side_b, route.end)]
        ga, gb = route.gutter_a, route.gutter_b
        if route.channel is None:
            vertical.setdefault(ga, {}).setdefault(route.bundle, []).extend((ya, yb))
        else:
            cy, reach = frame.channel_y(route.channel), frame.gaps[route.channel] / 2
            vertical.setdefault(ga, {}).setdefault(route.bundle, []).extend((ya, cy - reach, cy + reach))
            vertical.setdefault(gb, {}).setdefault(route.bundle, []).extend((yb, cy - reach, cy + reach))
            span = (frame.gutter_x(ga) - frame.gutter / 2, frame.gutter_x(gb) + frame.gutter / 2)
            horizontal.setdefault(route.channel, {}).setdefault(route.bundle, []).extend(span)
        # a track whose boxes lie left of its gutter goes to the gutter's left, and so on
        lean.setdefault(ga, {}).setdefault(route.bundle, []).append(-route.side_a)
        lean.setdefault(gb, {}).setdefault(route.bundle, []).append(-route.side_b)
    gutters = {g: _assign(spans, lean.get(g, {})) for g, spans in vertical.items()}
    channels = {c: _assign(spans, {}) for c, spans in horizontal.items()}
    return _Tracks(ports=ports, gutter=gutters, channel=channels)


def _assign(spans: Mapping[Bundle, list[float]], lean: Mapping[Bundle, list[int]]) -> dict[Bundle, int]:
    """Tracks for the bundles' spans: overlapping spans apart (interval colouring), ordered by lean."""
    bounds = {k: (min(v), max(v)) for k, v in spans.items()}
    ends: list[float] = []
    colour: dict[Bundle, int] = {}
    for key in sorted(bounds, key=lambda k: (bounds[k], k)):
        low, high = bounds[key]
        track = next((t for t, end in enumerate(ends) if end + 6 < low), len(ends))
        if track == len(ends):
            ends.append(high)
        ends[track] = high
        colour[key] = track

    def mean_lean(track: int) -> float:
        values = [v for k, t in colour.items() if t == track for v in lean.get(k, [0])]
        return sum(values) / len(values) if values else 0.0

    order = sorted(range(len(ends)), key=lambda t: (mean_lean(t), t))
    position = {track: i for i, track in enumerate(order)}
    return {key: position[track] for key, track in colour.items()}


def _channel_offset(position: int) -> float:
    """Where a channel's track lies from the gap's middle, which the line between the lanes keeps."""
    return _TRACK * (position // 2 + 1) * (-1 if position % 2 == 0 else 1)


def _channel_need(count: int, named: bool) -> float:
    least = _LINE_GAP if named else _GAP
    return max(least, 2 * _TRACK * ((count - 1) // 2 + 1) + 10) if count else least


def _links(
    routes: Sequence[_Route], placed: Mapping[str, _Placed], frame: _Frame, tracks: _Tracks
) -> list[Shape]:
    """The links as lines, a group per bundle, the dotted ones first; the last run of each is an arrow."""

    def track_x(g: int, bundle: Bundle) -> float:  # the last gutter keeps inside the page
        count, x = max(tracks.gutter[g].values()) + 1, frame.gutter_x(g)
        low, high = x - frame.gutter / 2 + _CLEAR, min(x + frame.gutter / 2 - _CLEAR, _M.width - 4)
        step = min(_TRACK, (high - low) / (count - 1)) if count > 1 else 0.0
        return (low + high) / 2 + (tracks.gutter[g][bundle] - (count - 1) / 2) * step

    by_bundle: dict[Bundle, list[_Route]] = {}
    for route in routes:
        by_bundle.setdefault(route.bundle, []).append(route)
    order = list(_STYLES)
    shapes: list[Shape] = []
    for bundle in sorted(by_bundle, key=lambda b: (order.index(by_bundle[b][0].kind), b)):
        members = by_bundle[bundle]
        style = _STYLES[members[0].kind]
        runs: dict[tuple[str, float], list[tuple[float, float]]] = {}
        heads: dict[tuple[float, float, float, float], None] = {}
        for route in members:
            a, b = placed[route.source], placed[route.target]
            ya = tracks.ports[(route.source, route.side_a, route.start)]
            yb = tracks.ports[(route.target, route.side_b, route.end)]
            tx = track_x(route.gutter_a, bundle)
            points = [(a.edge(route.side_a), ya), (tx, ya)]
            if route.channel is not None:
                ty = frame.channel_y(route.channel) + _channel_offset(tracks.channel[route.channel][bundle])
                tx = track_x(route.gutter_b, bundle)
                points += [(points[-1][0], ty), (tx, ty)]
            points.append((tx, yb))
            for (x1, y1), (x2, y2) in pairwise(points):
                if x1 == x2 and y1 != y2:
                    runs.setdefault(("v", x1), []).append((min(y1, y2), max(y1, y2)))
                elif y1 == y2 and x1 != x2:
                    runs.setdefault(("h", y1), []).append((min(x1, x2), max(x1, x2)))
            heads[(tx, yb, b.edge(route.side_b), yb)] = None
        lines = [
            style.line(at, low, at, high) if axis == "v" else style.line(low, at, high, at)
            for (axis, at), spans in sorted(runs.items())
            for low, high in _merged(spans)
        ]
        lines += [style.line(*head, arrow=True) for head in heads]
        notes = "\n".join(dict.fromkeys(r.note for r in members if r.note))
        data = {
            "kind": members[0].kind.value,
            "source": " ".join(dict.fromkeys(r.source for r in members)),
            "target": " ".join(dict.fromkeys(r.target for r in members)),
        }
        shapes.append(Group(children=tuple(lines), role="link", data=data, title=notes or None))
    return shapes


def _merged(spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for low, high in sorted(spans):
        if out and low <= out[-1][1] + 0.01:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _page(
    prepared: _Prepared, writer: Typesetter, stages: Sequence[Stage], offset: int, number: int, pages: int
) -> Scene:
    m = _M
    items = _items(prepared, stages, offset)
    shapes, top = _title_block(prepared, writer, number, pages)
    left = m.margin + m.lane_width
    column = (m.width - 2 * m.margin - m.lane_width) / len(stages)
    headers, header_height = _stage_headers(prepared, writer, stages, left, column, top)
    body_top, top = top, top + header_height + m.gap
    rows = len(prepared.rows)
    lined = {layer.value for layer in LINES}
    named = {i for i, row in enumerate(prepared.rows[:-1]) if row.key in lined}
    frame = _Frame(
        left, column, _GUTTER, (), (), tuple(_LINE_GAP if i in named else _GAP for i in range(rows - 1))
    )
    for _ in range(6):  # widen the gutters and the gaps until every track fits
        floors = [_lane_title(row, writer, 0, frame.gutter)[1] for row in prepared.rows]
        frame, placed = _arrange(writer, items, frame, top, floors)
        routes = _routes(prepared, placed, rows)
        tracks = _plan(routes, placed, frame)
        gutter = min(max(frame.gutter, 2 * _CLEAR + (tracks.most() - 1) * _TRACK), column / 3)
        gaps = tuple(
            max(g, _channel_need(tracks.channel_count(i), i in named)) for i, g in enumerate(frame.gaps)
        )
        if gutter == frame.gutter and gaps == frame.gaps:
            break
        frame = attrs.evolve(frame, gutter=gutter, gaps=gaps)
    tall = frame.bottom - body_top
    out: list[Shape] = [  # Moments of Truth tinted from the header down, as on the map
        Box(x=left + i * column, y=body_top, w=column, h=tall, fill=MOT_TINT, role="mot-column")
        for i, stage in enumerate(stages)
        if prepared.journey.moment_of_truth(stage.id) is not None
    ]
    out += [*shapes, *headers, *_lanes(prepared, writer, frame, named)]
    out += _links(routes, placed, frame, tracks)
    for box in placed.values():
        parts, _ = _card(writer, box.item, box.x, box.y, box.w)
        item = box.item
        out.append(
            Group(children=tuple(parts), key=item.key, role=item.role, data=item.data, title=item.title)
        )
    out.extend(_line_names(prepared, writer, frame, named))
    title = _title(prepared)
    return Scene(
        width=m.width,
        height=round(frame.bottom + m.margin),
        children=tuple(out),
        title=title if pages == 1 else f"{title} ({number}/{pages})",
        language=prepared.lang,
        description=prepared.word("description"),
    )


def _title(prepared: _Prepared) -> str:
    return prepared.word("title").format(title=prepared.journey.title)


def _title_block(
    prepared: _Prepared, writer: Typesetter, number: int, pages: int
) -> tuple[list[Shape], float]:
    """The title, the version and page, how to read the picture; the legend at the right."""
    m = _M
    journey = prepared.journey
    legend, legend_width = _legend(prepared, writer)
    width = m.width - 2 * m.margin - legend_width - 24
    title = writer.block(_title(prepared), m.margin, m.margin, width, m.title, bold=True, lines=2)
    shapes: list[Shape] = [title]
    y = m.margin + title.height + 4
    facts = [f"{prepared.word('version')} {journey.version}"]
    if journey.updated is not None:
        facts.append(f"{prepared.word('updated')} {journey.updated.isoformat()}")
    if pages > 1:
        facts.append(prepared.word("page").format(n=number, pages=pages))
    lines = [(" · ".join(facts), INK["muted"])]
    if pages > 1:
        per = len(stage_pages(journey.stages, PAGE_STAGES)[0])
        lines.append((prepared.word("split").format(pages=pages, per=per), INK["alert"]))
    lines.append((prepared.word("guide"), INK["muted"]))
    for text, colour in lines:
        block = writer.block(text, m.margin, y, width, m.text, colour=colour, lines=1)
        shapes.append(block)
        y += block.height + 2
    x = m.width - m.margin - legend_width
    shapes.append(Group(children=tuple(_moved(s, x, m.margin) for s in legend), role="legend"))
    return shapes, max(y, m.margin + 58) + m.gap * 2


def _moved(shape: Shape, dx: float, dy: float) -> Shape:
    if isinstance(shape, (Box, TextBlock)):
        return attrs.evolve(shape, x=shape.x + dx, y=shape.y + dy)
    if isinstance(shape, Line):
        return attrs.evolve(shape, x1=shape.x1 + dx, y1=shape.y1 + dy, x2=shape.x2 + dx, y2=shape.y2 + dy)
    return shape


def _legend(prepared: _Prepared, writer: Typesetter) -> tuple[list[Shape], float]:
    """The legend, at the origin: the fail point, the pain point, the arrows, a line; and its width."""
    size = _M.small
    word = prepared.word
    inner: list[Shape] = [
        writer.block(word("legend"), 8, 5, 120, size, bold=True, lines=1, colour=INK["muted"])
    ]
    x = 8.0
    w = writer.width(word("legend.fail"), size, bold=True) + 14
    inner.append(Box(x=x, y=21, w=w, h=18, fill="FFFFFF", stroke=_FAIL, stroke_width=2.0, radius=4))
    inner.append(
        writer.block(word("legend.fail"), x + 7, 22.5, w - 10, size, bold=True, lines=1, colour=_FAIL)
    )
    x += w + 10
    w = writer.width(word("pains"), size) + 16
    inner.append(Box(x=x, y=21, w=w, h=18, fill=_PAIN_FILL, stroke=_PAIN_BORDER, radius=4))
    inner.append(Box(x=x + 2, y=24, w=3, h=12, fill=_SEVERITY[4]))
    inner.append(writer.block(word("pains"), x + 9, 22.5, w - 10, size, lines=1))
    x += w + 14
    line = _Style(_ACCENT, 1.5, "6 3")
    for style, text in (
        (_STYLES[LinkKind.CAUSES], word("legend.causes")),
        (_STYLES[LinkKind.NEXT], word("legend.flow")),
        (_STYLES[LinkKind.USES], word("legend.support")),
        (line, pick(LINES[Layer.FRONTSTAGE], prepared.lang)),
    ):
        w = writer.width(text, size) + 2
        colour = _ACCENT if style is line else INK["text"]
        inner.append(style.line(x, 30, x + 26, 30, arrow=style is not line))
        inner.append(writer.block(text, x + 31, 22.5, w, size, lines=1, colour=colour, italic=style is line))
        x += 31 + w + 12
    width = max(x - 4, 200.0)
    return [Box(x=0, y=0, w=width, h=48, fill="FFFFFF", stroke=GRID, radius=4, role="legend"), *inner], width


def _stage_headers(
    prepared: _Prepared, writer: Typesetter, stages: Sequence[Stage], left: float, column: float, top: float
) -> tuple[list[Shape], float]:
    """The stage names over the columns, ★ MoT at a Moment of Truth (as on the map)."""
    m = _M
    gap, white = m.gap, "FFFFFF"
    inner = column - 2 * m.pad - gap
    moments = {s.id for s in stages if prepared.journey.moment_of_truth(s.id) is not None}
    names = [
        writer.block(s.name, 0, 0, inner - 38 * (s.id in moments), m.header, bold=True, lines=2, colour=white)
        for s in stages
    ]
    height = 2 * m.pad + max(b.height for b in names)
    x, word = m.margin + m.pad, prepared.word("stage")
    label = writer.block(word, x, top + m.pad, 130, m.header, bold=True, lines=1, colour=white)
    box = Box(x=m.margin, y=top, w=m.lane_width - gap, h=height, fill=HEADER_FILL, radius=4, role="header")
    shapes: list[Shape] = [box, label]
    for i, (stage, name) in enumerate(zip(stages, names, strict=True)):
        x = left + i * column + gap / 2
        children: list[Shape] = [
            Box(x=x, y=top, w=column - gap, h=height, fill=HEADER_FILL, radius=4, role="header"),
            attrs.evolve(name, x=x + m.pad, y=name.y + top + m.pad),
        ]
        if stage.id in moments:
            badge = f"★ {prepared.word('mot.short')}"
            right = x + column - gap - 6
            children.append(
                Box(x=right - 32, y=top + m.pad, w=32, h=16, fill="F5B301", radius=8, role="mot-badge")
            )
            children.append(
                writer.block(badge, right - 16, top + m.pad + 1, 32, 8.5, bold=True, anchor="middle")
            )
        if not prepared.journey.stages:  # the one column of a journey without stages
            shapes.extend(children)
            continue
        key, data, tip = f"stage-{stage.id}", {"stage": stage.id}, stage.description or None
        shapes.append(Group(children=tuple(children), key=key, role="stage", data=data, title=tip))
    return shapes, height


def _lanes(prepared: _Prepared, writer: Typesetter, frame: _Frame, named: set[int]) -> list[Shape]:
    """The lane titles at the left, a hairline between lanes, and the three named lines."""
    m = _M
    width = m.lane_width - frame.gutter / 2 - 4
    shapes: list[Shape] = []
    for i, row in enumerate(prepared.rows):
        top, height = frame.tops[i], frame.heights[i]
        texts, _ = _lane_title(row, writer, top, frame.gutter)
        box = Box(x=m.margin, y=top, w=width, h=height, fill=row.fill, radius=4, role="lane")
        shapes.append(Group(children=(box, *texts), role="lane", data={"layer": row.key}))
        if i < len(prepared.rows) - 1:
            y, right = frame.channel_y(i), m.width - m.margin
            if i in named:
                shapes.append(Line(x1=m.margin, y1=y, x2=right, y2=y, stroke=_ACCENT, width=1.5, dash="8 4"))
            else:
                shapes.append(Line(x1=frame.left, y1=y, x2=right, y2=y, stroke=GRID, width=1.0))
    return shapes


def _lane_title(row: _Row, writer: Typesetter, top: float, gutter: float) -> tuple[list[TextBlock], float]:
    """A lane's title and who acts in it, and the height they need."""
    m = _M
    x, width = m.margin + m.pad, m.lane_width - gutter / 2 - 4 - 2 * m.pad
    blocks = [writer.block(row.title, x, top + m.pad, width, m.text, bold=True, lines=3, colour=row.colour)]
    if row.subtitle:
        below = top + m.pad + blocks[0].height + 1
        blocks.append(writer.block(row.subtitle, x, below, width, m.small, lines=3, colour=INK["muted"]))
    return blocks, sum(b.height for b in blocks) + len(blocks) - 1 + 2 * m.pad


def _line_names(prepared: _Prepared, writer: Typesetter, frame: _Frame, named: set[int]) -> list[Shape]:
    """The three lines' names, on a white ground over their line, in the lane-title column."""
    m = _M
    width = m.lane_width - frame.gutter / 2 - 4
    shapes: list[Shape] = []
    for i in sorted(named):
        layer = Layer(prepared.rows[i].key)
        name = pick(LINES[layer], prepared.lang)
        size = m.small
        while writer.width(name, size) > width - 8 and size > 7:
            size -= 0.5
        y, h = frame.channel_y(i), size * m.line
        block = writer.block(
            name, m.margin + 4, y - h / 2, width - 8, size, lines=1, colour=_ACCENT, italic=True
        )
        ground = Box(x=m.margin, y=y - h / 2, w=writer.width(block.lines[0], size) + 8, h=h, fill="FFFFFF")
        shapes.append(Group(role="line", data={"line": layer.value}, children=(ground, block)))
    return shapes
