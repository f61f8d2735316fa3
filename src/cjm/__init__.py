"""cjm: customer journey maps, service blueprints and workshop material as data.

Hold a journey in a YAML or JSON file (or build it in code), check it, and
export it as a Markdown map, a Mermaid diagram, an Excel map or a slide deck::

    import cjm

    journey = cjm.load("journey.yaml")
    for finding in cjm.validate(journey):
        print(finding)
    cjm.export(journey, "markdown", "map.md")

The model lives in :mod:`cjm.model`, files in :mod:`cjm.io`, rules in
:mod:`cjm.validate`, exporters in :mod:`cjm.exporters`.
"""

import sys as _sys
from importlib.metadata import PackageNotFoundError, version

from cjm.errors import (
    CjmError,
    ExporterConflictError,
    ExportOptionError,
    InputError,
    LoadError,
    MissingDependencyError,
    PresetError,
    UnknownExporterError,
    ValidationError,
)
from cjm.exporters import Exporter, export, exporters, get_exporter, register
from cjm.io import dumps, load, loads, read, save
from cjm.io.schema import json_schema
from cjm.model import (
    Baseline,
    Blueprint,
    Direction,
    Emotion,
    Evidence,
    EvidenceKind,
    EvidenceMethod,
    EvidencePolicy,
    Handoff,
    HandoffRecord,
    Item,
    Journey,
    JourneyBuilder,
    Label,
    Lane,
    LaneKind,
    Layer,
    Link,
    LinkKind,
    Metric,
    MomentOfTruth,
    Node,
    NodeKind,
    Opportunity,
    PainPoint,
    Persona,
    Role,
    Scale,
    Stage,
    StageQuestions,
    Stakeholder,
)
from cjm.presets import preset_journey, presets
from cjm.validate import Finding, Severity, ensure_valid, validate

try:
    __version__ = version("cjmkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "Baseline",
    "Blueprint",
    "CjmError",
    "Direction",
    "Emotion",
    "Evidence",
    "EvidenceKind",
    "EvidenceMethod",
    "EvidencePolicy",
    "ExportOptionError",
    "Exporter",
    "ExporterConflictError",
    "Finding",
    "Handoff",
    "HandoffRecord",
    "InputError",
    "Item",
    "Journey",
    "JourneyBuilder",
    "Label",
    "Lane",
    "LaneKind",
    "Layer",
    "Link",
    "LinkKind",
    "LoadError",
    "Metric",
    "MissingDependencyError",
    "MomentOfTruth",
    "Node",
    "NodeKind",
    "Opportunity",
    "PainPoint",
    "Persona",
    "PresetError",
    "Role",
    "Scale",
    "Severity",
    "Stage",
    "StageQuestions",
    "Stakeholder",
    "UnknownExporterError",
    "ValidationError",
    "__version__",
    "dumps",
    "ensure_valid",
    "export",
    "exporters",
    "get_exporter",
    "json_schema",
    "load",
    "loads",
    "preset_journey",
    "presets",
    "read",
    "register",
    "save",
    "validate",
]

if "IPython" in _sys.modules:  # in a notebook: a journey shows as its map (nothing is imported otherwise)
    from cjm.exporters.visual.notebook import register as _show_journeys_as_maps

    _show_journeys_as_maps()
