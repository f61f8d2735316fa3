"""The parts a journey is made of.

All classes are frozen; change one with :func:`attrs.evolve`.  Collections are
tuples (lists given to the constructors are converted).  References between
parts are ids, resolved and checked by :mod:`cjm.validate`.
"""

from __future__ import annotations

import datetime as dt

import attrs

from cjm.model.checks import doc, finite, non_blank, one_to_five, slug, to_tuple, tuple_field
from cjm.model.vocab import Direction, EvidenceKind, EvidenceMethod, Label, LaneKind, Layer

__all__ = [
    "Baseline",
    "Emotion",
    "Evidence",
    "EvidencePolicy",
    "Item",
    "Lane",
    "Metric",
    "MomentOfTruth",
    "Opportunity",
    "PainPoint",
    "Persona",
    "Scale",
    "Stage",
    "StageQuestions",
    "Stakeholder",
]


@attrs.frozen(kw_only=True)
class Stage:
    """A step of the journey, in the customer's words (e.g. 검토/주문).

    A stage holds no content, so the same stage can be shared by several
    journeys of a portfolio; the content of each stage × lane lives in
    :attr:`Journey.cells`.
    """

    id: str = attrs.field(validator=slug, metadata=doc("Stable id, used by cells and references."))
    name: str = attrs.field(validator=non_blank, metadata=doc("Name shown on the map."))
    description: str = attrs.field(default="", metadata=doc("What happens in this stage."))
    duration: str | None = attrs.field(
        default=None, metadata=doc("Typical time the stage takes, e.g. '2-4 weeks'.")
    )


@attrs.frozen(kw_only=True)
class Lane:
    """A row of the map (a column in seed 000's table): what kind of content, whose."""

    id: str = attrs.field(validator=slug, metadata=doc("Stable id, used as the key in cells."))
    name: str = attrs.field(validator=non_blank, metadata=doc("Name shown on the map."))
    kind: LaneKind = attrs.field(converter=LaneKind, metadata=doc("What the lane holds."))
    actor: str | None = attrs.field(
        default=None, metadata=doc("Whose lane: end_user, dealer, manufacturer, or any name.")
    )
    layer: Layer | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(Layer),
        metadata=doc("Service-blueprint layer of the lane."),
    )
    description: str = attrs.field(default="", metadata=doc("What belongs in this lane."))


@attrs.frozen(kw_only=True)
class Item:
    """One piece of content in a cell, labelled hypothesis, fact or idea."""

    id: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(slug),
        metadata=doc("Optional id, so that evidence can support or contradict this item."),
    )
    text: str = attrs.field(validator=non_blank, metadata=doc("The content, as the team wrote it."))
    label: Label = attrs.field(
        default=Label.HYPOTHESIS, converter=Label, metadata=doc("hypothesis, fact or idea.")
    )
    evidence: tuple[str, ...] = tuple_field("Ids of the evidence behind this item.", of_ids=True)
    tags: tuple[str, ...] = tuple_field("Free tags.")
    owner: str | None = attrs.field(default=None, metadata=doc("Who keeps it true: a person or department."))
    last_verified: dt.date | None = attrs.field(
        default=None, metadata=doc("When it was last checked against the field (YYYY-MM-DD).")
    )


@attrs.frozen(kw_only=True)
class Scale:
    """The range emotion scores are given on, e.g. -2..+2 or 1..5."""

    low: float = attrs.field(default=-2, validator=finite, metadata=doc("Worst score."))
    high: float = attrs.field(default=2, validator=finite, metadata=doc("Best score."))

    def __attrs_post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(f"scale low ({self.low}) must be below high ({self.high})")

    def contains(self, score: float) -> bool:
        """True if ``score`` lies on the scale, ends included."""
        return self.low <= score <= self.high

    def fraction(self, score: float) -> float:
        """Where ``score`` lies between low (0.0) and high (1.0)."""
        return (score - self.low) / (self.high - self.low)


@attrs.frozen(kw_only=True)
class Emotion:
    """How the customer feels at a stage: one point of the emotion curve."""

    stage: str = attrs.field(validator=slug, metadata=doc("Id of the stage."))
    score: float = attrs.field(validator=finite, metadata=doc("Score on the journey's emotion_scale."))
    persona: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(slug),
        metadata=doc("Id of the persona; none means the journey's persona."),
    )
    note: str = attrs.field(default="", metadata=doc("Why the customer feels so."))
    label: Label = attrs.field(
        default=Label.HYPOTHESIS, converter=Label, metadata=doc("hypothesis, fact or idea.")
    )
    evidence: tuple[str, ...] = tuple_field("Ids of the evidence behind this score.", of_ids=True)
    n: int | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.ge(0)),
        metadata=doc("How many answers the score was measured from (a survey's n)."),
    )
    low: float | None = attrs.field(
        default=None, validator=finite, metadata=doc("Lower end of the score's 95 % interval, on the scale.")
    )
    high: float | None = attrs.field(
        default=None, validator=finite, metadata=doc("Upper end of the score's 95 % interval, on the scale.")
    )

    def __attrs_post_init__(self) -> None:
        if (self.low is None) != (self.high is None):
            raise ValueError("an interval needs both low and high")
        if self.low is not None and self.high is not None and not self.low <= self.score <= self.high:
            raise ValueError(f"the interval [{self.low}, {self.high}] must contain the score {self.score}")


@attrs.frozen(kw_only=True)
class MomentOfTruth:
    """A stage marked as a decisive moment, managed by the metrics named."""

    stage: str = attrs.field(validator=slug, metadata=doc("Id of the stage that is a Moment of Truth."))
    metrics: tuple[str, ...] = tuple_field("Ids of the metrics this moment is managed by.", of_ids=True)
    note: str = attrs.field(default="", metadata=doc("Why this moment is decisive."))


@attrs.frozen(kw_only=True)
class Baseline:
    """A metric's measured value at a point in time."""

    value: float | None = attrs.field(default=None, validator=finite, metadata=doc("The measured value."))
    text: str | None = attrs.field(
        default=None,
        metadata=doc("The value as the map shows it, where a number alone cannot (e.g. '60일+')."),
    )
    as_of: dt.date | None = attrs.field(default=None, metadata=doc("When it was measured (YYYY-MM-DD)."))
    source: str | None = attrs.field(default=None, metadata=doc("Where the figure comes from."))
    label: Label = attrs.field(
        default=Label.HYPOTHESIS, converter=Label, metadata=doc("hypothesis, fact or idea.")
    )
    evidence: tuple[str, ...] = tuple_field("Ids of the evidence behind this figure.", of_ids=True)


@attrs.frozen(kw_only=True)
class Metric:
    """A KPI: what is measured, how, which way is better, where it stands and should go."""

    id: str = attrs.field(validator=slug, metadata=doc("Stable id."))
    name: str = attrs.field(
        validator=non_blank, metadata=doc("Full name, e.g. 'On-time delivery to dealer'.")
    )
    short: str | None = attrs.field(default=None, metadata=doc("Abbreviation shown on the map, e.g. 'OTD'."))
    stage: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(slug), metadata=doc("Id of the stage it measures.")
    )
    definition: str = attrs.field(default="", metadata=doc("What it means, in words."))
    formula: str = attrs.field(default="", metadata=doc("How it is computed, as text."))
    unit: str = attrs.field(default="", metadata=doc("Unit shown after the value: '%', 'days', '/5' …"))
    direction: Direction | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(Direction),
        metadata=doc("higher or lower is better."),
    )
    baseline: Baseline | None = attrs.field(default=None, metadata=doc("Where it stands now."))
    target: float | None = attrs.field(default=None, validator=finite, metadata=doc("Where it should go."))
    tags: tuple[str, ...] = tuple_field("Free tags.")
    owner: str | None = attrs.field(default=None, metadata=doc("Who keeps it true: a person or department."))
    last_verified: dt.date | None = attrs.field(
        default=None, metadata=doc("When it was last checked against the field (YYYY-MM-DD).")
    )

    @property
    def display_name(self) -> str:
        """The abbreviation where there is one, else the name."""
        return self.short or self.name


@attrs.frozen(kw_only=True)
class PainPoint:
    """What hurts the customer at a stage."""

    id: str = attrs.field(validator=slug, metadata=doc("Stable id."))
    stage: str = attrs.field(validator=slug, metadata=doc("Id of the stage."))
    text: str = attrs.field(validator=non_blank, metadata=doc("The pain, in the customer's terms."))
    severity: int | None = attrs.field(
        default=None, validator=one_to_five, metadata=doc("1 (minor) to 5 (severe).")
    )
    frequency: int | None = attrs.field(
        default=None, validator=one_to_five, metadata=doc("1 (rare) to 5 (constant).")
    )
    label: Label = attrs.field(
        default=Label.HYPOTHESIS, converter=Label, metadata=doc("hypothesis, fact or idea.")
    )
    evidence: tuple[str, ...] = tuple_field("Ids of the evidence behind it.", of_ids=True)
    tags: tuple[str, ...] = tuple_field("Free tags.")
    owner: str | None = attrs.field(default=None, metadata=doc("Who keeps it true: a person or department."))
    last_verified: dt.date | None = attrs.field(
        default=None, metadata=doc("When it was last checked against the field (YYYY-MM-DD).")
    )


@attrs.frozen(kw_only=True)
class Opportunity:
    """An improvement idea, the pain points it addresses and who owns it."""

    id: str = attrs.field(validator=slug, metadata=doc("Stable id."))
    text: str = attrs.field(validator=non_blank, metadata=doc("The idea."))
    stage: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(slug), metadata=doc("Id of the stage.")
    )
    addresses: tuple[str, ...] = tuple_field("Ids of the pain points it addresses.", of_ids=True)
    value: int | None = attrs.field(default=None, validator=one_to_five, metadata=doc("1 (low) to 5 (high)."))
    effort: int | None = attrs.field(
        default=None, validator=one_to_five, metadata=doc("1 (low) to 5 (high).")
    )
    owner: str | None = attrs.field(
        default=None, metadata=doc("Who carries it out and keeps it true: a person or department.")
    )
    quick_fix: bool = attrs.field(default=False, metadata=doc("Apply at once, during the project."))
    label: Label = attrs.field(default=Label.IDEA, converter=Label, metadata=doc("hypothesis, fact or idea."))
    evidence: tuple[str, ...] = tuple_field("Ids of the evidence behind it.", of_ids=True)
    tags: tuple[str, ...] = tuple_field("Free tags.")
    last_verified: dt.date | None = attrs.field(
        default=None, metadata=doc("When it was last checked against the field (YYYY-MM-DD).")
    )


@attrs.frozen(kw_only=True)
class Stakeholder:
    """A role in a B2B buying group (finance, IT, operations, purchasing …)."""

    role: str = attrs.field(validator=non_blank, metadata=doc("The role, e.g. 'Purchasing'."))
    concerns: tuple[str, ...] = tuple_field("What this role worries about.")
    stages: tuple[str, ...] = tuple_field("Ids of the stages where this role takes part.", of_ids=True)


@attrs.frozen(kw_only=True)
class Persona:
    """A representative customer the journey is seen through."""

    id: str = attrs.field(validator=slug, metadata=doc("Stable id."))
    name: str = attrs.field(validator=non_blank, metadata=doc("Name or title of the persona."))
    role: str = attrs.field(default="", metadata=doc("Job or role, e.g. 'Orthopaedic surgeon'."))
    description: str = attrs.field(default="", metadata=doc("Background in a few lines."))
    goals: tuple[str, ...] = tuple_field("What they want to achieve.")
    needs: tuple[str, ...] = tuple_field("What they need from us.")
    frustrations: tuple[str, ...] = tuple_field("What gets in their way.")
    quote: str | None = attrs.field(default=None, metadata=doc("A typical sentence in their own words."))
    stakeholders: tuple[Stakeholder, ...] = tuple_field("Roles of the buying group, for B2B.")


@attrs.frozen(kw_only=True)
class Evidence:
    """A VOC log entry: what was heard or seen, from whom, kept where."""

    id: str = attrs.field(validator=slug, metadata=doc("Stable id, cited by items."))
    date: dt.date | None = attrs.field(default=None, metadata=doc("When (YYYY-MM-DD)."))
    method: EvidenceMethod = attrs.field(
        converter=EvidenceMethod,
        metadata=doc("observation, interview, focus_group, survey, document, meeting."),
    )
    source_role: str = attrs.field(
        validator=non_blank, metadata=doc("Who said it: end_user, dealer, internal, or any role.")
    )
    organisation: str | None = attrs.field(default=None, metadata=doc("Organisation; may be anonymised."))
    kind: EvidenceKind | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(EvidenceKind),
        metadata=doc("recording, memo, photo, form, document, data."),
    )
    reference: str | None = attrs.field(default=None, metadata=doc("File path or URL of the record."))
    summary: str = attrs.field(default="", metadata=doc("What it says."))
    stage: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(slug), metadata=doc("Id of the stage it concerns.")
    )
    product_group: str | None = attrs.field(
        default=None, metadata=doc("Product group it concerns; field-evidence rules count per group.")
    )
    supports: tuple[str, ...] = tuple_field(
        "Ids of items, pain points or opportunities it confirms.", of_ids=True
    )
    contradicts: tuple[str, ...] = tuple_field(
        "Ids of items, pain points or opportunities it refutes.", of_ids=True
    )
    tags: tuple[str, ...] = tuple_field("Free tags.")


@attrs.frozen(kw_only=True)
class EvidencePolicy:
    """How strict the evidence rules are for this journey (seed 000's principles by default)."""

    min_direct: int = attrs.field(
        default=3,
        validator=attrs.validators.ge(0),
        metadata=doc("Direct field sessions (observation, interview, focus group) needed per product group."),
    )
    dual_source: tuple[str, ...] = attrs.field(
        default=("dealer", "end_user"),
        converter=to_tuple,
        validator=attrs.validators.min_len(1),
        metadata=doc("Source roles that must all back a fact (seed 000: dealer and end_user)."),
    )


@attrs.frozen(kw_only=True)
class StageQuestions:
    """Interview questions of one stage, added to (or replacing) the preset's shipped ones."""

    stage: str = attrs.field(validator=slug, metadata=doc("Id of the stage."))
    questions: tuple[str, ...] = tuple_field("The questions, in the order they are asked.")
    replace: bool = attrs.field(
        default=False,
        metadata=doc("true: these replace the shipped questions of the stage; false: they follow them."),
    )
