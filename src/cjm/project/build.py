"""``cjm build``: every deliverable of a project, in one process, rebuilding only what changed.

The steps, in the order a team would take them by hand:

1. read the project file and plan the outputs: each journey × each deliverable,
   at ``<output>/<journey file stem>/<stem><suffix>``, with the key of its inputs
   (see :mod:`.manifest`); when every output is up to date, stop there and say
   so (nothing heavy has been imported yet);
2. load every journey and apply the project's data to it in memory, never to
   the user's files: the survey sets the emotion curve, the KPI records the
   baselines, the VOC log adds the evidence;
3. check every journey: any error in any file, and nothing is written (with
   ``keep_going``, the valid journeys are built and the result says it failed);
4. make every output that is not up to date, in memory;
5. write each output atomically, then the index page, then the manifest.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from cjm.errors import CjmError, InputError, ValidationError
from cjm.io.files import write_bytes
from cjm.model import Journey
from cjm.project.config import Deliverable, DeliverableKind, Project, load_project
from cjm.project.manifest import Manifest, input_key
from cjm.validate import Finding, Severity

__all__ = ["BuildResult", "Output", "Target", "build", "plan"]

#: What the index page is called in the output folder.
INDEX = "index.html"
#: With two or more journeys: the portfolio as a workbook and a deck, beside the index page.
PORTFOLIO = (
    DeliverableKind(
        name="portfolio-xlsx", suffix=".xlsx", exporter=None, description="the journeys side by side"
    ),
    DeliverableKind(
        name="portfolio-pptx", suffix=".pptx", exporter=None, description="the journeys side by side"
    ),
)


@attrs.frozen(kw_only=True)
class Target:
    """One output to make: which journey file, which deliverable, where, from what."""

    journey: Path | None  # None: the portfolio, made of every journey
    deliverable: Deliverable
    path: Path
    key: str


@attrs.frozen(kw_only=True)
class Output:
    """An output of a build: where, how big, and whether it was made or was up to date."""

    path: Path
    size: int
    built: bool
    journey: Path | None = None
    deliverable: str = ""


@attrs.frozen(kw_only=True)
class BuildResult:
    """What a build did: its outputs, every journey's findings, and whether it failed."""

    project: Project
    outputs: tuple[Output, ...]
    findings: dict[Path, tuple[Finding, ...]]
    failed: tuple[Path, ...] = ()
    seconds: float = 0.0

    @property
    def built(self) -> list[Output]:
        return [o for o in self.outputs if o.built]

    @property
    def skipped(self) -> list[Output]:
        return [o for o in self.outputs if not o.built]


def plan(project: Project, *, only: Sequence[str] = ()) -> list[Target]:
    """Every output of the project with its key; ``only`` names deliverables and journey files to keep."""
    hashes: dict[Path, str] = {}
    data = project.data.files()
    deliverables = {d.name for d in project.deliverables} & set(only)
    stems = {j.stem for j in project.journeys} & set(only)
    targets = []
    for journey in project.journeys:
        stem = journey.stem
        if stems and stem not in stems:
            continue
        for deliverable in project.deliverables:
            if deliverables and deliverable.name not in deliverables:
                continue
            files = [journey, *data, *deliverable.files()]
            key = input_key(deliverable.name, deliverable.options, files, hashes)
            path = project.output / stem / f"{stem}{deliverable.kind.suffix}"
            targets.append(Target(journey=journey, deliverable=deliverable, path=path, key=key))
    if len(project.journeys) >= 2 and (not only or "portfolio" in only):
        files = [*project.journeys, *data]
        for kind in PORTFOLIO:
            key = input_key(kind.name, {}, files, hashes)
            targets.append(
                Target(
                    journey=None,
                    deliverable=Deliverable(kind=kind),
                    path=project.output / f"portfolio{kind.suffix}",
                    key=key,
                )
            )
    return targets


def build(
    folder: str | os.PathLike[str],
    *,
    output: str | os.PathLike[str] | None = None,
    only: Sequence[str] = (),
    force: bool = False,
    keep_going: bool = False,
    progress: Callable[[str], None] | None = None,
    today: Any = None,
) -> BuildResult:
    """Build the project in ``folder``; raise :class:`InputError` listing every problem, writing nothing."""
    start = time.perf_counter()
    say = progress or (lambda _line: None)
    project = load_project(folder, output=output)
    targets = plan(project, only=only)
    names = {d.name for d in project.deliverables}
    stems = {j.stem for j in project.journeys}
    unknown = [name for name in only if name not in names and name not in stems]
    if unknown:
        raise InputError(
            f"{project.file}: nothing named {', '.join(unknown)}",
            [
                Finding(
                    rule="project",
                    message=f"--only takes deliverables ({', '.join(sorted(names))}) "
                    f"or journey files ({', '.join(sorted(stems))})",
                )
            ],
        )
    manifest = Manifest.read(project.output)
    stale = [t for t in targets if force or not manifest.up_to_date(t.path, t.key)]
    index_path = project.output / INDEX
    if not stale and index_path.is_file():
        outputs = tuple(
            Output(
                path=t.path,
                size=t.path.stat().st_size,
                built=False,
                journey=t.journey,
                deliverable=t.deliverable.name,
            )
            for t in targets
        )
        return BuildResult(project=project, outputs=outputs, findings={}, seconds=time.perf_counter() - start)
    journeys, findings, failed = _prepare(project, say, keep_going=keep_going, today=today)
    made: list[tuple[Target, bytes]] = []
    problems: list[Finding] = []
    for number, target in enumerate(stale, 1):
        if target.journey is None:
            if failed:
                continue  # the portfolio compares every journey: not while one has errors
            say(f"[{number}/{len(stale)}] {target.path.relative_to(project.output)}")
            made.append(
                (target, _make_portfolio(list(journeys.values()), target.deliverable, project.language))
            )
            continue
        journey = journeys.get(target.journey)
        if journey is None:
            continue  # its journey has errors: reported, not built
        say(f"[{number}/{len(stale)}] {target.path.relative_to(project.output)}")
        try:
            made.append((target, _make(journey, target.deliverable)))
        except CjmError as exc:
            problems.append(
                Finding(rule="build", message=f"{target.deliverable.name}: {exc}", source=str(target.journey))
            )
    if problems and not keep_going:
        raise InputError(
            f"{project.file}: {len(problems)} output(s) could not be made; nothing was written", problems
        )
    written = {target.path for target, _ in made}
    for target, data in made:
        target.path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target.path, data)
        manifest.record(target.path, target.key, data)
    from cjm.project.index import index_page

    outputs = tuple(
        Output(
            path=t.path,
            size=t.path.stat().st_size if t.path.is_file() else 0,
            built=t.path in written,
            journey=t.journey,
            deliverable=t.deliverable.name,
        )
        for t in targets
    )
    page = index_page(project, journeys, outputs, findings).encode("utf-8")
    project.output.mkdir(parents=True, exist_ok=True)
    write_bytes(index_path, page)
    manifest.forget_missing()
    manifest.write()
    index = Output(path=index_path, size=len(page), built=True)
    return BuildResult(
        project=project,
        outputs=(*outputs, index),
        findings=findings,
        failed=tuple(failed) + tuple(Path(p.source or "") for p in problems),
        seconds=time.perf_counter() - start,
    )


def _prepare(
    project: Project, say: Callable[[str], None], *, keep_going: bool, today: Any
) -> tuple[dict[Path, Journey], dict[Path, tuple[Finding, ...]], list[Path]]:
    """Every journey loaded, the data applied, checked; raise listing every error of every file."""
    from cjm.io import read
    from cjm.validate import all_rules, validate
    from cjm.validate.staleness import staleness_rules

    journeys: dict[Path, Journey] = {}
    sources: dict[Path, Any] = {}
    errors: list[Finding] = []
    failed: list[Path] = []
    for path in project.journeys:
        say(f"reading {path.relative_to(project.root)}")
        try:
            journeys[path], sources[path] = read(_shown(path))
        except InputError as exc:
            errors.extend(exc.findings)
            failed.append(path)
    applied, data_errors = _apply_data(project, journeys)
    errors.extend(data_errors)
    findings: dict[Path, tuple[Finding, ...]] = {}
    rules = (*all_rules(), *staleness_rules(project.stale_days, today=today))
    for path, journey in list(applied.items()):
        found = [sources[path].place(f) for f in validate(journey, rules)]
        findings[path] = tuple(found)
        bad = [f for f in found if f.severity is Severity.ERROR]
        if bad:
            errors.extend(bad)
            failed.append(path)
            del applied[path]
    if errors and not keep_going:
        count = "1 problem" if len(errors) == 1 else f"{len(errors)} problems"
        raise ValidationError(f"{project.file}: {count}; nothing was built", errors)
    return applied, findings, failed


def _shown(path: Path) -> Path:
    """``path`` as the user would name it: relative to the working folder when it is below it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _apply_data(project: Project, journeys: dict[Path, Journey]) -> tuple[dict[Path, Journey], list[Finding]]:
    """The journeys with the survey, the KPI records and the VOC log applied, in that order."""
    data = project.data
    out = dict(journeys)
    errors: list[Finding] = []
    if data.survey is not None:
        from cjm.voc.survey import emotions_from_scores, score_file

        scored: dict[tuple[str, ...], Any] = {}  # the survey read once per stage set, not once per journey
        for path, journey in out.items():
            stages = tuple(s.id for s in journey.stages)
            try:
                if stages not in scored:
                    scored[stages] = score_file(data.survey, stages=stages, allow_empty=True)
            except InputError as exc:
                scored[stages] = None
                errors.extend(exc.findings)
            result = scored[stages]
            if result is None:
                continue
            if result.responses == 0:
                break  # a survey with no answers yet changes nothing
            name = os.path.relpath(data.survey, project.root)
            out[path] = emotions_from_scores(journey, result, source=name)[0]
    if data.kpi_folder is not None:
        errors.extend(_apply_kpis(project, out))
    if data.voc is not None:
        from cjm.io.voc import merge_evidence, read_evidence

        try:
            records = read_evidence(data.voc, allow_empty=True)
        except InputError as exc:
            errors.extend(exc.findings)
        else:
            for path, journey in out.items():
                out[path] = attrs.evolve(journey, evidence=merge_evidence(journey.evidence, records))
    return out, errors


def _apply_kpis(project: Project, journeys: dict[Path, Journey]) -> Iterable[Finding]:
    from cjm.kpi.baselines import apply_baselines
    from cjm.kpi.compute import compute
    from cjm.kpi.data import read_data
    from cjm.kpi.periods import parse_periods

    data = project.data
    assert data.kpi_folder is not None
    try:
        periods = parse_periods(data.kpi_period) if data.kpi_period else None
        dataset = read_data(data.kpi_folder, mapping=data.kpi_mapping)
        try:
            results = compute(dataset, periods=periods)
        finally:
            close = getattr(dataset, "close", None)
            if close is not None:
                close()
    except InputError as exc:
        return exc.findings
    except ValueError as exc:
        return [Finding(rule="project", message=f"data.kpi: {exc}", source=str(project.file))]
    name = os.path.relpath(data.kpi_folder, project.root)
    for path, journey in journeys.items():
        journeys[path] = apply_baselines(journey, results, data_name=name)[0]
    return []


def _make_portfolio(journeys: list[Journey], deliverable: Deliverable, language: str | None) -> bytes:
    """The portfolio of every journey as a workbook or a deck."""
    from cjm.portfolio import compare

    portfolio = compare(journeys)
    if deliverable.kind.suffix == ".xlsx":
        from cjm.exporters.excel.portfolio import portfolio_workbook

        return portfolio_workbook(portfolio, language)
    from cjm.exporters.powerpoint.portfolio import portfolio_deck

    return portfolio_deck(portfolio, language)


def _make(journey: Journey, deliverable: Deliverable) -> bytes:
    """The bytes of one deliverable of one journey."""
    import io

    kind = deliverable.kind
    options = {**kind.fixed, **deliverable.options}
    if kind.exporter is None:  # the interview guide
        from cjm.voc.guide_xlsx import guide_workbook

        return guide_workbook(journey, options.get("language"))
    from cjm.exporters import get_exporter

    buffer = io.BytesIO()
    get_exporter(kind.exporter).export(journey, buffer, **options)
    return buffer.getvalue()
