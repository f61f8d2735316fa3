"""Exporters: one module per format, found through a registry.

An exporter is any object with a ``name``, the file ``suffixes`` it writes, a
one-line ``description`` and ``export(journey, dest, **options)`` that writes
to a binary stream (see :class:`Exporter`; no base class needed).  An exporter
of a text format may say so with ``text = True`` (otherwise its suffixes tell):
text may go to standard output (``--output -``).

Built-in exporters are registered by dotted path and imported only when used.
Third-party packages add exporters through the entry-point group
``cjm.exporters``; in ``pyproject.toml``::

    [project.entry-points."cjm.exporters"]
    html = "cjm_html:HtmlExporter"

A name claimed twice is refused: :func:`register` raises unless asked to
override, and a plugin that shadows another exporter makes that name raise
:class:`~cjm.errors.ExporterConflictError` until one of them is removed.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any, BinaryIO, Protocol, runtime_checkable

import attrs

from cjm.errors import (
    CjmError,
    ExporterConflictError,
    ExportOptionError,
    MissingDependencyError,
    UnknownExporterError,
)
from cjm.io.files import atomic_writer, check_output, is_text_path
from cjm.model import Journey
from cjm.validate import ensure_valid

__all__ = [
    "ENTRY_POINT_GROUP",
    "Exporter",
    "ExporterInfo",
    "Registry",
    "check_options",
    "export",
    "exporters",
    "get_exporter",
    "register",
    "writes_text",
]

#: Entry-point group third-party exporters register under.
ENTRY_POINT_GROUP = "cjm.exporters"


@runtime_checkable
class Exporter(Protocol):
    """What every exporter provides."""

    name: str
    suffixes: tuple[str, ...]
    description: str

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        """Write ``journey`` to the binary stream ``dest``; never modify the journey."""


@attrs.frozen(kw_only=True)
class ExporterInfo:
    """A registry entry: how to get the exporter, where it comes from, what it writes."""

    name: str
    origin: str
    suffixes: tuple[str, ...] = ()
    description: str = ""
    loader: Callable[[], Any] = attrs.field(eq=False, repr=False)
    install_hint: str = ""
    conflicts: tuple[str, ...] = ()


def _builtin(
    name: str, target: str, suffixes: tuple[str, ...], description: str, hint: str = ""
) -> ExporterInfo:
    module, _, attr = target.partition(":")
    return ExporterInfo(
        name=name,
        origin="built-in",
        suffixes=suffixes,
        description=description,
        loader=lambda: getattr(importlib.import_module(module), attr),
        install_hint=hint or "pip install --force-reinstall cjmkit",
    )


_BUILTINS = (
    _builtin("json", "cjm.exporters.data:JsonExporter", (".json",), "The journey as JSON (lossless)."),
    _builtin("yaml", "cjm.exporters.data:YamlExporter", (".yaml", ".yml"), "The journey as YAML (lossless)."),
    _builtin(
        "markdown",
        "cjm.exporters.markdown:MarkdownExporter",
        (".md",),
        "The map as one readable table with labels, then personas, metrics and the VOC log.",
    ),
    _builtin(
        "mermaid",
        "cjm.exporters.mermaid:MermaidExporter",
        (".mmd", ".mermaid"),
        "A Mermaid journey diagram: a section per stage, scored from the emotion curve.",
    ),
    _builtin(
        "graphml",
        "cjm.exporters.blueprint:GraphmlExporter",
        (".graphml",),
        "The service blueprint as GraphML: nodes, pain points, metrics and typed links.",
    ),
    _builtin(
        "mermaid-blueprint",
        "cjm.exporters.blueprint:MermaidBlueprintExporter",
        (".blueprint.mmd",),
        "The service blueprint as a Mermaid flowchart: swimlanes, fail points, causes.",
    ),
    _builtin(
        "xlsx",
        "cjm.exporters.excel:XlsxExporter",
        (".xlsx",),
        "An Excel workbook: the map (A3, labels as colours, emotion chart), personas, metrics, VOC log.",
    ),
    _builtin(
        "html",
        "cjm.exporters.visual:HtmlExporter",
        (".html", ".htm"),
        "The visual map as one offline HTML page: filters, search, evidence on click, A3 print.",
    ),
    _builtin(
        "svg",
        "cjm.exporters.visual:SvgExporter",
        (".svg",),
        "The visual journey map as SVG: stages across, lanes down, the emotion curve drawn.",
    ),
    _builtin(
        "png",
        "cjm.exporters.visual:PngExporter",
        (".png",),
        "The visual journey map as a PNG picture (A3 width at 96 dpi times the scale).",
        "pip install 'cjmkit[png]'",
    ),
    _builtin(
        "pptx",
        "cjm.exporters.powerpoint:PptxExporter",
        (".pptx",),
        "An editable PowerPoint workshop deck: native tables, charts and shapes, speaker notes.",
    ),
)


def _entry_point_info(ep: EntryPoint) -> ExporterInfo:
    dist = ep.dist.name if ep.dist is not None else "an unknown package"
    return ExporterInfo(
        name=ep.name,
        origin=f"plugin {ep.value} from {dist}",
        loader=ep.load,
        install_hint=f"pip install --force-reinstall {dist}",
    )


class Registry:
    """Exporters by name: built-ins, plugins from entry points, and ones registered in code."""

    def __init__(self, builtins: tuple[ExporterInfo, ...] = _BUILTINS, group: str | None = ENTRY_POINT_GROUP):
        self._infos: dict[str, ExporterInfo] = {info.name: info for info in builtins}
        self._loaded: dict[str, Exporter] = {}
        self._group = group
        self._discovered = group is None

    def _discover(self) -> None:
        if self._discovered:
            return
        self._discovered = True
        assert self._group is not None
        for ep in entry_points(group=self._group):
            info = _entry_point_info(ep)
            existing = self._infos.get(ep.name)
            if existing is None:
                self._infos[ep.name] = info
            else:
                self._infos[ep.name] = attrs.evolve(existing, conflicts=(*existing.conflicts, info.origin))

    def infos(self) -> list[ExporterInfo]:
        """Every registered exporter, sorted by name, without importing any of them."""
        self._discover()
        return [self._infos[name] for name in sorted(self._infos)]

    def names(self) -> list[str]:
        """The registered names, sorted."""
        return [info.name for info in self.infos()]

    def register(self, exporter: Any, *, name: str | None = None, override: bool = False) -> None:
        """Register an exporter object (or class) under its ``name``.

        A name already taken raises :class:`ExporterConflictError` unless ``override``.
        """
        self._discover()
        instance = _instantiate(exporter, "register()")
        key = name or instance.name
        if key in self._infos and not override:
            raise ExporterConflictError(
                f"an exporter named {key!r} is already registered ({self._infos[key].origin}); "
                "pass override=True to replace it"
            )
        self._infos[key] = ExporterInfo(
            name=key,
            origin="registered in code",
            suffixes=tuple(instance.suffixes),
            description=instance.description,
            loader=lambda: instance,
        )
        self._loaded[key] = instance

    def get(self, name: str) -> Exporter:
        """The exporter registered as ``name``, imported on first use."""
        self._discover()
        if name in self._loaded:
            return self._loaded[name]
        info = self._infos.get(name)
        if info is None:
            known = ", ".join(self.names())
            raise UnknownExporterError(f"no exporter named {name!r}; available: {known} (see `cjm formats`)")
        if info.conflicts:
            raise ExporterConflictError(
                f"the exporter name {name!r} is claimed by {info.origin} and by {', '.join(info.conflicts)}; "
                "uninstall one of them"
            )
        try:
            target = info.loader()
        except ImportError as exc:
            missing = getattr(exc, "name", None) or str(exc)
            raise MissingDependencyError(
                f"the {name!r} exporter needs {missing}, which is not installed: {info.install_hint}"
            ) from exc
        instance = _instantiate(target, info.origin)
        self._loaded[name] = instance
        return instance

    def for_path(self, path: str | os.PathLike[str]) -> list[str]:
        """Names of the exporters that write files named like ``path``.

        The longest matching ending wins (``map.blueprint.mmd`` is the blueprint
        flowchart, ``map.mmd`` the journey diagram).  Plugins are imported to
        learn their suffixes only when no built-in one matches.
        """
        name = Path(path).name.lower()
        matches = self._matching(name, self.infos())
        if not matches:
            plugins = [info for info in self.infos() if not info.suffixes and not info.conflicts]
            for info in plugins:
                try:
                    exporter = self.get(info.name)
                except (ImportError, CjmError):
                    continue
                self._infos[info.name] = attrs.evolve(
                    info, suffixes=tuple(exporter.suffixes), description=exporter.description
                )
            matches = self._matching(name, self.infos())
        return matches

    @staticmethod
    def _matching(name: str, infos: list[ExporterInfo]) -> list[str]:
        best = max((len(s) for info in infos for s in info.suffixes if name.endswith(s)), default=0)
        return [
            info.name for info in infos if any(name.endswith(s) and len(s) == best for s in info.suffixes)
        ]


def _instantiate(target: Any, origin: str) -> Exporter:
    instance = target() if isinstance(target, type) else target
    missing = [attr for attr in ("name", "suffixes", "description", "export") if not hasattr(instance, attr)]
    if missing:
        raise TypeError(f"{origin}: {target!r} is not an exporter; it lacks {', '.join(missing)}")
    return instance  # type: ignore[no-any-return]


#: The registry used by :func:`export` and the command line.
REGISTRY = Registry()


def exporters() -> list[ExporterInfo]:
    """Every exporter available, sorted by name (nothing is imported)."""
    return REGISTRY.infos()


def get_exporter(name: str) -> Exporter:
    """The exporter registered as ``name``."""
    return REGISTRY.get(name)


def register(exporter: Any, *, name: str | None = None, override: bool = False) -> None:
    """Register an exporter in the process-wide registry (see :meth:`Registry.register`)."""
    REGISTRY.register(exporter, name=name, override=override)


def export(journey: Journey, format: str, path: str | os.PathLike[str], **options: Any) -> Path:
    """Check ``journey``, then write it with the exporter ``format`` to ``path``, atomically.

    ``path`` follows :mod:`cjm.io.files`' rules: ``"-"`` is standard output
    (text formats only), a symbolic link is written through, a folder or a
    device for a binary format is refused before any work.

    Raises :class:`~cjm.errors.ValidationError` for an invalid journey and
    :class:`~cjm.errors.UnknownExporterError` for an unknown format; on any
    error the file at ``path`` is left as it was.
    """
    exporter = get_exporter(format)
    text = writes_text(exporter)
    check_output(path, text=text)  # a folder, a device for a binary format …: refused before any work
    ensure_valid(journey)
    with atomic_writer(path, text=text) as stream:
        exporter.export(journey, stream, **options)
    return Path(path)


def writes_text(exporter: Any) -> bool:
    """Whether ``exporter`` writes text (it may then go to standard output, ``-``, or through a device).

    An exporter may say so with a ``text`` attribute; otherwise every one of
    its suffixes must be a text suffix (:data:`cjm.io.files.TEXT_SUFFIXES`).
    """
    declared = getattr(exporter, "text", None)
    if isinstance(declared, bool):
        return declared
    suffixes = tuple(exporter.suffixes)
    return bool(suffixes) and all(is_text_path(f"x{suffix}") for suffix in suffixes)


def check_options(exporter: str, options: dict[str, Any], allowed: dict[str, Any]) -> dict[str, Any]:
    """``allowed`` defaults updated by ``options``; an unknown option raises, naming it."""
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        expected = ", ".join(sorted(allowed)) or "none"
        raise ExportOptionError(
            f"the {exporter!r} exporter has no option {', '.join(unknown)}; its options: {expected}"
        )
    return {**allowed, **options}
