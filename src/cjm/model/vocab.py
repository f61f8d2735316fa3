"""The closed vocabularies of the method: labels, lane kinds, layers, evidence terms.

Values are the lowercase English words written in journey files.  Korean and
English display names for each live in :mod:`cjm.i18n`, not here: the model
knows no language.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "VOCABULARIES",
    "Direction",
    "EvidenceKind",
    "EvidenceMethod",
    "Label",
    "LaneKind",
    "Layer",
    "LinkKind",
    "NodeKind",
    "Role",
]


class Label(str, Enum):
    """What a piece of content is: a guess, a verified fact, or a proposal.

    A V1.0 map is all hypotheses; field evidence turns them into facts.
    """

    HYPOTHESIS = "hypothesis"
    FACT = "fact"
    IDEA = "idea"


class LaneKind(str, Enum):
    """What a lane (a column of seed 000's map) holds.

    Lanes of the first four kinds hold items written in the journey's ``cells``.
    The others show records kept elsewhere in the journey (emotion scores, the
    Moment-of-Truth flag, pain points, metrics, opportunities), so each fact is
    written once and every view of it agrees.
    """

    TOUCHPOINTS = "touchpoints"
    ACTIONS = "actions"
    THOUGHTS = "thoughts"
    TEXT = "text"
    EMOTIONS = "emotions"
    MOMENT_OF_TRUTH = "moment_of_truth"
    PAIN_POINTS = "pain_points"
    METRICS = "metrics"
    OPPORTUNITIES = "opportunities"

    @property
    def holds_items(self) -> bool:
        """True for lanes whose content is written as items in ``cells``."""
        return self in _ITEM_LANES


_ITEM_LANES = frozenset({LaneKind.TOUCHPOINTS, LaneKind.ACTIONS, LaneKind.THOUGHTS, LaneKind.TEXT})


class Layer(str, Enum):
    """The service-blueprint layer a lane belongs to."""

    PHYSICAL_EVIDENCE = "physical_evidence"
    CUSTOMER = "customer"
    FRONTSTAGE = "frontstage"
    BACKSTAGE = "backstage"
    SUPPORT = "support"


class Direction(str, Enum):
    """Which way a metric improves."""

    HIGHER = "higher"
    LOWER = "lower"


class EvidenceMethod(str, Enum):
    """How a piece of evidence was gathered.

    Observation, interview and focus group are direct field evidence; seed 000's
    rule counts only those.  Survey, document and meeting are recorded too.
    """

    OBSERVATION = "observation"
    INTERVIEW = "interview"
    FOCUS_GROUP = "focus_group"
    SURVEY = "survey"
    DOCUMENT = "document"
    MEETING = "meeting"

    @property
    def is_direct(self) -> bool:
        """True for methods that meet a customer in the field."""
        return self in (EvidenceMethod.OBSERVATION, EvidenceMethod.INTERVIEW, EvidenceMethod.FOCUS_GROUP)


class EvidenceKind(str, Enum):
    """The form the evidence is kept in (seed 000: 녹취/메모/사진/양식)."""

    RECORDING = "recording"
    MEMO = "memo"
    PHOTO = "photo"
    FORM = "form"
    DOCUMENT = "document"
    DATA = "data"


class Role(str, Enum):
    """Well-known parties of a dealer-channel journey.

    Actors and evidence source roles are free text so that any party can be
    named; these are the names cjm's presets and rules use.
    """

    END_USER = "end_user"
    DEALER = "dealer"
    MANUFACTURER = "manufacturer"
    INTERNAL = "internal"


class NodeKind(str, Enum):
    """What a blueprint node stands for."""

    ACTION = "action"
    PROCESS = "process"
    SYSTEM = "system"
    DEPARTMENT = "department"
    EVIDENCE = "evidence"


class LinkKind(str, Enum):
    """How two blueprint elements relate (see the module's table)."""

    CAUSES = "causes"
    PERFORMED_BY = "performed_by"
    USES = "uses"
    NEXT = "next"
    MEASURED_BY = "measured_by"


#: Every vocabulary of the model, for converters and schemas.
VOCABULARIES: tuple[type[Enum], ...] = (
    Label,
    LaneKind,
    Layer,
    Direction,
    EvidenceMethod,
    EvidenceKind,
    NodeKind,
    LinkKind,
)
