"""The project file, ``cjm.yaml``: which journeys, which data, which deliverables, where.

Read with the journeys' own YAML reader (safe, no aliases, YAML 1.2 scalars),
so every problem comes at once with the file's line: a journey path that
matches nothing, an unknown deliverable, an option a deliverable does not
take, an output folder outside the project.  See docs/projects.md.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from cjm.errors import LoadError
from cjm.io.documents import SourceMap, parse_yaml_document
from cjm.io.files import read_text
from cjm.validate import Finding

__all__ = [
    "DEFAULT_DELIVERABLES",
    "DELIVERABLES",
    "PROJECT_FILE",
    "DataFiles",
    "Deliverable",
    "DeliverableKind",
    "Project",
    "load_project",
]

#: The project file's name at the project folder's root.
PROJECT_FILE = "cjm.yaml"
#: Largest project file read, in bytes.
MAX_PROJECT_BYTES = 1024 * 1024


@attrs.frozen(kw_only=True)
class DeliverableKind:
    """What a deliverable name makes: the exporter, the file's suffix, the options it takes."""

    name: str
    suffix: str
    exporter: str | None  # None: made by the build itself (guide)
    options: tuple[str, ...] = ()
    fixed: Mapping[str, Any] = attrs.field(factory=dict)
    description: str = ""


#: Every deliverable a project can ask for, per journey.
DELIVERABLES: dict[str, DeliverableKind] = {
    kind.name: kind
    for kind in (
        DeliverableKind(
            name="html",
            suffix=".html",
            exporter="html",
            options=("language", "embed_fonts"),
            description="the visual map as an offline page",
        ),
        DeliverableKind(
            name="svg",
            suffix=".svg",
            exporter="svg",
            options=("language", "view", "embed_fonts"),
            description="the visual map as SVG",
        ),
        DeliverableKind(
            name="png",
            suffix=".png",
            exporter="png",
            options=("language", "view", "scale"),
            description="the visual map as PNG (needs cjmkit[png])",
        ),
        DeliverableKind(
            name="xlsx",
            suffix=".xlsx",
            exporter="xlsx",
            options=("language", "layout"),
            description="the Excel map (A3)",
        ),
        DeliverableKind(
            name="template",
            suffix=".template.xlsx",
            exporter="xlsx",
            options=("language", "layout"),
            fixed={"template": True},
            description="the fill-in workbook",
        ),
        DeliverableKind(
            name="pptx",
            suffix=".pptx",
            exporter="pptx",
            options=("language", "slides", "template", "layouts"),
            description="the workshop deck",
        ),
        DeliverableKind(
            name="md",
            suffix=".md",
            exporter="markdown",
            options=("language",),
            description="the Markdown map",
        ),
        DeliverableKind(
            name="mmd",
            suffix=".mmd",
            exporter="mermaid",
            options=("language",),
            description="the Mermaid journey diagram",
        ),
        DeliverableKind(
            name="guide",
            suffix=".guide.xlsx",
            exporter=None,
            options=("language",),
            description="the interview guide workbook",
        ),
    )
}
#: What a project builds when its file names no deliverables.
DEFAULT_DELIVERABLES = ("html", "xlsx", "pptx", "md", "mmd")
#: Options whose value is a file of the project (hashed as an input, resolved from the project folder).
FILE_OPTIONS = frozenset({"template"})


@attrs.frozen(kw_only=True)
class Deliverable:
    """A deliverable asked for: its kind and the options given."""

    kind: DeliverableKind
    options: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def name(self) -> str:
        return self.kind.name

    def files(self) -> list[Path]:
        """The project files its options name (a deck template): inputs of what it makes."""
        return [Path(v) for k, v in self.options.items() if k in FILE_OPTIONS and isinstance(v, str)]


@attrs.frozen(kw_only=True)
class DataFiles:
    """The data applied to every journey before it is exported, in the order a team would."""

    survey: Path | None = None
    voc: Path | None = None
    kpi_folder: Path | None = None
    kpi_mapping: Path | None = None
    kpi_period: str | None = None

    def files(self) -> list[Path]:
        """Every file the data consists of (a KPI folder's files included), for hashing."""
        out = [p for p in (self.survey, self.voc, self.kpi_mapping) if p is not None]
        if self.kpi_folder is not None:
            out += sorted(p for p in self.kpi_folder.rglob("*") if p.is_file())
        return out


@attrs.frozen(kw_only=True)
class Project:
    """A project folder as its file describes it, every path resolved."""

    root: Path
    file: Path
    title: str
    language: str | None
    output: Path
    journeys: tuple[Path, ...]
    data: DataFiles
    deliverables: tuple[Deliverable, ...]
    stale_days: int
    source: SourceMap


_KEYS = {"title", "language", "output", "journeys", "data", "deliverables", "staleness"}
_DATA_KEYS = {"survey", "voc", "kpi"}
_KPI_KEYS = {"folder", "mapping", "period"}


def load_project(folder: str | os.PathLike[str], *, output: str | os.PathLike[str] | None = None) -> Project:
    """The project in ``folder`` (or the project file given); every problem at once as a LoadError."""
    given = Path(folder)
    file = given if given.is_file() else given / PROJECT_FILE
    root = file.parent.resolve()
    if not file.is_file():
        raise LoadError(
            f"{given}: not a cjm project",
            [
                Finding(
                    rule="project",
                    message=f"expected a project file {PROJECT_FILE} in {given}; `cjm init` writes one",
                )
            ],
        )
    name = str(file)
    data, source, problems = parse_yaml_document(read_text(file, limit=MAX_PROJECT_BYTES), name)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LoadError(
            f"{name}: not a project file",
            [Finding(rule="project", message="expected a mapping of keys", source=f"{name}:1")],
        )

    def problem(path: tuple[str | int, ...], message: str) -> None:
        problems.append(source.place(Finding(rule="project", path=path, message=message)))

    for key in sorted(set(data) - _KEYS):
        problem((key,), f"unknown key {key!r}; the keys are {', '.join(sorted(_KEYS))}")
    title = data.get("title", root.name)
    if not isinstance(title, str) or not title.strip():
        problem(("title",), "expected the project's title as text")
        title = root.name
    language = data.get("language")
    if language is not None and not isinstance(language, str):
        problem(("language",), "expected a language tag such as ko or en")
        language = None
    out = _output(root, data.get("output", "out"), output, problem)
    journeys = _journeys(root, data.get("journeys"), problem)
    data_files = _data(root, data.get("data") or {}, problem)
    deliverables = _deliverables(root, data.get("deliverables", list(DEFAULT_DELIVERABLES)), problem)
    stale_days = 180
    staleness = data.get("staleness") or {}
    if not isinstance(staleness, dict) or set(staleness) - {"days"}:
        problem(("staleness",), "expected `days: N` (how many days a map stays verified)")
    else:
        days = staleness.get("days", 180)
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            problem(("staleness", "days"), f"expected a whole number of days, at least 1; got {days!r}")
        else:
            stale_days = days
    if problems:
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise LoadError(f"{name}: {count}", problems)
    return Project(
        root=root,
        file=file.resolve(),
        title=title,
        language=language,
        output=out,
        journeys=journeys,
        data=data_files,
        deliverables=deliverables,
        stale_days=stale_days,
        source=source,
    )


def _inside(root: Path, value: Any) -> tuple[Path | None, str]:
    """``value`` as a path inside ``root``, or None and why not."""
    if not isinstance(value, str) or not value.strip():
        return None, "expected a path relative to the project folder"
    if Path(value).is_absolute() or ".." in Path(value).parts:
        return None, f"{value!r} leaves the project folder; give a path inside it"
    return root / value, ""


def _output(root: Path, value: Any, override: str | os.PathLike[str] | None, problem: Any) -> Path:
    if override is not None:
        out = Path(override).resolve()
        if out == root:
            problem(("output",), "the output folder cannot be the project folder itself")
        return out
    path, why = _inside(root, value)
    if path is None:
        problem(("output",), why)
        return root / "out"
    if path.resolve() == root:
        problem(("output",), "the output folder cannot be the project folder itself; use e.g. `output: out`")
    return path.resolve()


def _journeys(root: Path, value: Any, problem: Any) -> tuple[Path, ...]:
    if value is None:
        problem(("journeys",), "expected the journeys: a list of paths or globs, e.g. [journeys/*.yaml]")
        return ()
    entries = [value] if isinstance(value, str) else value
    if not isinstance(entries, list) or not entries:
        problem(("journeys",), "expected a list of paths or globs")
        return ()
    found: dict[Path, None] = {}
    for i, entry in enumerate(entries):
        path, why = _inside(root, entry)
        if path is None:
            problem(("journeys", i), why)
            continue
        matches = (
            sorted(Path(p) for p in glob.glob(str(path), recursive=True)) if glob.has_magic(entry) else [path]
        )
        matches = [m for m in matches if m.is_file()]
        if not matches:
            what = "matches no file" if glob.has_magic(entry) else "does not exist"
            problem(("journeys", i), f"{entry!r} {what}")
        for match in matches:
            if match.suffix.lower() not in (".yaml", ".yml", ".json"):
                problem(("journeys", i), f"{match.name}: a journey is a .yaml, .yml or .json file")
                continue
            found[match.resolve()] = None
    return tuple(found)


def _data(root: Path, value: Any, problem: Any) -> DataFiles:
    if not isinstance(value, dict):
        problem(("data",), "expected `survey:`, `voc:` and `kpi:` entries")
        return DataFiles()
    for key in sorted(set(value) - _DATA_KEYS):
        problem(("data", key), f"unknown data {key!r}; a project's data are {', '.join(sorted(_DATA_KEYS))}")

    def file(path: tuple[str, ...], entry: Any, folder: bool = False) -> Path | None:
        if entry is None:
            return None
        at, why = _inside(root, entry)
        if at is None:
            problem(path, why)
            return None
        if not (at.is_dir() if folder else at.is_file()):
            problem(path, f"{entry!r} does not exist" + (" (a folder)" if folder else ""))
            return None
        return at

    kpi = value.get("kpi")
    folder = mapping = period = None
    if kpi is not None:
        if isinstance(kpi, str):
            kpi = {"folder": kpi}
        if not isinstance(kpi, dict):
            problem(("data", "kpi"), "expected `folder:` (and `mapping:`, `period:`)")
        else:
            for key in sorted(set(kpi) - _KPI_KEYS):
                problem(
                    ("data", "kpi", key), f"unknown key {key!r}; the keys are {', '.join(sorted(_KPI_KEYS))}"
                )
            folder = file(("data", "kpi", "folder"), kpi.get("folder"), folder=True)
            mapping = file(("data", "kpi", "mapping"), kpi.get("mapping"))
            period = kpi.get("period")
            if period is not None and not isinstance(period, str):
                problem(("data", "kpi", "period"), "expected a period such as 2026Q1..2026Q3")
                period = None
    return DataFiles(
        survey=file(("data", "survey"), value.get("survey")),
        voc=file(("data", "voc"), value.get("voc")),
        kpi_folder=folder,
        kpi_mapping=mapping,
        kpi_period=period,
    )


def _deliverables(root: Path, value: Any, problem: Any) -> tuple[Deliverable, ...]:
    if not isinstance(value, list) or not value:
        problem(("deliverables",), f"expected a list of deliverables: {', '.join(DELIVERABLES)}")
        return ()
    out: list[Deliverable] = []
    for i, entry in enumerate(value):
        options: Any = {}
        if isinstance(entry, dict) and len(entry) == 1:
            ((name, options),) = entry.items()
            options = options or {}
        else:
            name = entry
        kind = DELIVERABLES.get(name) if isinstance(name, str) else None
        if kind is None:
            problem(
                ("deliverables", i),
                f"unknown deliverable {name!r}; the deliverables are {', '.join(DELIVERABLES)}",
            )
            continue
        if not isinstance(options, dict):
            problem(("deliverables", i, name), f"expected the options of {name} as a mapping")
            continue
        for key in sorted(set(options) - set(kind.options)):
            takes = ", ".join(kind.options) or "none"
            problem(("deliverables", i, name, key), f"{name} has no option {key!r}; its options: {takes}")
        for key in FILE_OPTIONS & set(options):
            at, why = _inside(root, options[key])
            if at is None or not at.is_file():
                problem(("deliverables", i, name, key), why or f"{options[key]!r} does not exist")
            else:
                options = {**options, key: str(at)}
        if any(d.name == name for d in out):
            problem(("deliverables", i), f"{name} is asked for twice; give it once")
            continue
        out.append(Deliverable(kind=kind, options=dict(options)))
    return tuple(out)
