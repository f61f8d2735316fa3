"""Journeys as YAML and JSON files: lossless, stable order, Korean written as-is.

Loading reports every problem of a file at once, each with the file, the line
and the field path, and what was expected.  YAML is read with the safe loader
only; aliases are refused (they would let a small file expand without bound).
Saving is atomic (see :mod:`cjm.io.files`).  Comments in a YAML file are not
kept when cjm writes it back.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import attrs
import yaml

from cjm.errors import LoadError, ValidationError
from cjm.io.converter import ShapeError, structure, unstructure
from cjm.io.files import read_text, write_text
from cjm.model import Journey
from cjm.validate import Finding, Severity, validate
from cjm.validate.findings import Path as FieldPath

__all__ = [
    "FORMATS",
    "SourceMap",
    "dumps",
    "format_for",
    "load",
    "loads",
    "parse",
    "parse_yaml_document",
    "read",
    "save",
]

#: File formats for journeys, by suffix.
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}

#: Largest journey file read, in bytes; a map of thousands of items is far below it.
MAX_FILE_BYTES = 64 * 1024 * 1024

_SCHEMA_KEY = "$schema"

#: Implicit types PyYAML resolves the YAML 1.1 way; :class:`_Loader` redefines them.
_YAML11_ONLY = frozenset(
    {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:value"}
)


def format_for(path: str | os.PathLike[str]) -> str:
    """``yaml`` or ``json`` from the file's suffix; ``LoadError`` for any other."""
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        raise LoadError(
            f"{path}: cannot tell the format",
            [
                Finding(
                    rule="format", message=f"expected a file ending in {', '.join(FORMATS)}; got {suffix!r}"
                )
            ],
        ) from None


# --- reading ------------------------------------------------------------------


@attrs.frozen
class SourceMap:
    """Where each field path of a document stands in its file (1-based lines)."""

    name: str
    lines: dict[FieldPath, int] = attrs.field(factory=dict)

    def locate(self, path: FieldPath) -> str:
        """``file:line`` of the nearest enclosing field that has a position."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return f"{self.name}:{line}"
        return self.name

    def place(self, finding: Finding) -> Finding:
        """The finding with its ``source`` set to the file position (kept if already set)."""
        if finding.source is not None:
            return finding
        return attrs.evolve(finding, source=self.locate(finding.path))


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing aliases, reading plain scalars as YAML 1.2 does.

    PyYAML follows YAML 1.1, where ``yes``, ``no``, ``on`` and ``off`` are
    booleans, ``017`` is octal and ``1:30`` is the number 90; editors and most
    other tools follow YAML 1.2, where those are text.  Journey files are read
    the YAML 1.2 way: only ``true``/``false`` are booleans, only plain decimal
    (or ``0x``) numbers are numbers.
    """

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML reads this class attribute
        first: [(tag, regex) for tag, regex in resolvers if tag not in _YAML11_ONLY]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not supported in journey files", event.start_mark
            )
        return super().compose_node(parent, index)


for _tag, _pattern, _firsts in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_firsts))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """YAML 1.2 integers: decimal (a leading zero is not octal) or 0x hexadecimal."""
    value = loader.construct_scalar(node)
    assert isinstance(value, str)
    return int(value, 16) if value.startswith("0x") else int(value, 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _index(
    node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int], problems: list[Finding], source_name: str
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    Finding(
                        rule="syntax",
                        path=(*path, key),
                        message=f"duplicate key {key!r} (first at line {seen[key]}); each key once",
                        source=f"{source_name}:{line}",
                    )
                )
                continue
            seen[key] = line
            key_path: FieldPath = (*path, key)
            lines[key_path] = line
            _index(value_node, key_path, lines, problems, source_name)
    elif isinstance(node, yaml.SequenceNode):
        for position, child in enumerate(node.value):
            at: FieldPath = (*path, position)
            lines[at] = child.start_mark.line + 1
            _index(child, at, lines, problems, source_name)


def _parse_yaml(text: str, name: str) -> tuple[Any, SourceMap, list[Finding]]:
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:  # the reader refuses characters YAML does not allow
        raise LoadError(
            f"{name}: not valid YAML", [Finding(rule="syntax", message=str(exc), source=name)]
        ) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = " ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
        raise LoadError(
            f"{name}: not valid YAML",
            [
                Finding(
                    rule="syntax",
                    message=f"{problem} (column {mark.column + 1 if mark else '?'})",
                    source=f"{name}{line}",
                )
            ],
        ) from None
    except yaml.YAMLError as exc:
        raise LoadError(
            f"{name}: not valid YAML", [Finding(rule="syntax", message=str(exc), source=name)]
        ) from None
    finally:
        loader.dispose()
    source = SourceMap(name, {(): 1})
    problems: list[Finding] = []
    if node is not None:
        _index(node, (), source.lines, problems, name)
    return data, source, problems


def parse_yaml_document(text: str, name: str) -> tuple[Any, SourceMap, list[Finding]]:
    """Any YAML document read as journeys are (safe, no aliases, YAML 1.2 scalars): its data,
    where each field stands, and the problems found (duplicate keys); syntax errors raise LoadError."""
    return _parse_yaml(text, name)


def _parse_json(text: str, name: str) -> tuple[Any, SourceMap, list[Finding]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(
            f"{name}: not valid JSON",
            [
                Finding(
                    rule="syntax", message=f"{exc.msg} (column {exc.colno})", source=f"{name}:{exc.lineno}"
                )
            ],
        ) from None
    # JSON is YAML's flow style, so the YAML composer gives positions and finds
    # duplicate keys (which json.loads silently drops).
    try:
        _, source, problems = _parse_yaml(text, name)
    except LoadError:
        source, problems = SourceMap(name, {(): 1}), []
    return data, source, problems


def parse(text: str, *, format: str = "yaml", name: str = "<string>") -> tuple[Journey, SourceMap]:
    """Parse a journey from text, without cross-checks; also return where each field stands.

    Raises :class:`LoadError` listing every syntax, shape and type problem, each
    placed at its line.
    """
    parser = {"yaml": _parse_yaml, "json": _parse_json}.get(format)
    if parser is None:
        raise ValueError(f"unknown journey format {format!r}; expected yaml or json")
    data, source, problems = parser(text, name)
    if isinstance(data, dict):
        data.pop(_SCHEMA_KEY, None)
    if data is None:
        problems.append(
            Finding(rule="shape", message="the file is empty; expected a journey (id, title, stages …)")
        )
        data = {}
    try:
        journey = structure(data, Journey)
    except ShapeError as exc:
        problems.extend(exc.findings())
    if problems:
        raise LoadError(
            f"{name}: {_count(problems)} in the journey file", [source.place(p) for p in problems]
        )
    return journey, source


def loads(text: str, *, format: str = "yaml", name: str = "<string>", check: bool = True) -> Journey:
    """Parse a journey from text.

    ``check`` also runs :func:`cjm.validate` and raises :class:`ValidationError`
    if the journey has errors (dangling ids, duplicates, scores off scale).
    Every problem found is in the raised error's ``findings``, placed at its line.
    """
    journey, source = parse(text, format=format, name=name)
    if check:
        errors = [f for f in validate(journey) if f.severity is Severity.ERROR]
        if errors:
            raise ValidationError(
                f"{name}: {_count(errors)} in the journey", [source.place(f) for f in errors]
            )
    return journey


def read(path: str | os.PathLike[str]) -> tuple[Journey, SourceMap]:
    """Read a journey file without cross-checks, with the positions of its fields (see :func:`parse`)."""
    fmt = format_for(path)
    return parse(_read_text(path), format=fmt, name=str(path))


def load(path: str | os.PathLike[str], *, check: bool = True) -> Journey:
    """Read a journey from a ``.yaml``, ``.yml`` or ``.json`` file (see :func:`loads`)."""
    fmt = format_for(path)
    return loads(_read_text(path), format=fmt, name=str(path), check=check)


def _read_text(path: str | os.PathLike[str]) -> str:
    return read_text(path, limit=MAX_FILE_BYTES)


def _count(findings: list[Finding]) -> str:
    return "1 problem" if len(findings) == 1 else f"{len(findings)} problems"


# --- writing ------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style; multi-line text as literal blocks; lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: ARG002
        super().increase_indent(flow, False)


#: Characters a YAML reader would drop or turn into line breaks unless escaped:
#: C0/C1 controls (but tab and newline), DEL, NEL, the Unicode line and paragraph
#: separators, BOM and non-characters.  Text holding any is written double-quoted,
#: the one style where PyYAML escapes them.
_NEEDS_ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _NEEDS_ESCAPES.search(value):
        style: str | None = '"'
    elif "\n" in value and value == value.strip(" "):
        style = "|"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
# Quote any text that a YAML 1.1 *or* a YAML 1.2 reader would take for another type
# ('yes', '0E0', '1:30'), so the file reads the same in cjm, editors and other tools.
_Dumper.yaml_implicit_resolvers = {
    first: list(resolvers) for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
for _first, _resolvers in _Loader.yaml_implicit_resolvers.items():
    for _resolver in _resolvers:
        if _resolver not in _Dumper.yaml_implicit_resolvers.setdefault(_first, []):
            _Dumper.yaml_implicit_resolvers[_first].append(_resolver)

_YAML_HEADER = "# cjm journey. Schema for editor completion: `cjm schema --output journey.schema.json`\n"


def dumps(journey: Journey, format: str = "yaml") -> str:
    """The journey as YAML or JSON text, fields in a stable order, Korean as-is."""
    data = unstructure(journey)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if format == "yaml":
        body = yaml.dump(
            data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False
        )
        return _YAML_HEADER + body
    raise ValueError(f"unknown journey format {format!r}; expected yaml or json")


def save(journey: Journey, path: str | os.PathLike[str], *, format: str | None = None) -> None:
    """Write the journey to ``path`` atomically, as YAML or JSON (by suffix unless given)."""
    write_text(path, dumps(journey, format or format_for(path)))
