"""The domain model: frozen attrs classes, no file formats, no I/O."""

from cjm.model.builder import JourneyBuilder
from cjm.model.elements import (
    Baseline,
    Emotion,
    Evidence,
    Item,
    Lane,
    Metric,
    MomentOfTruth,
    Opportunity,
    PainPoint,
    Persona,
    Scale,
    Stage,
    Stakeholder,
)
from cjm.model.journey import Cells, Journey
from cjm.model.vocab import Direction, EvidenceKind, EvidenceMethod, Label, LaneKind, Layer, Role

__all__ = [
    "Baseline",
    "Cells",
    "Direction",
    "Emotion",
    "Evidence",
    "EvidenceKind",
    "EvidenceMethod",
    "Item",
    "Journey",
    "JourneyBuilder",
    "Label",
    "Lane",
    "LaneKind",
    "Layer",
    "Metric",
    "MomentOfTruth",
    "Opportunity",
    "PainPoint",
    "Persona",
    "Role",
    "Scale",
    "Stage",
    "Stakeholder",
]
