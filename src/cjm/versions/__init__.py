"""Versions of a journey: promotion from hypotheses to facts, and what changed between two."""

from cjm.versions.diff import Difference, diff, render_markdown, render_text
from cjm.versions.promote import CONTRADICTED_TAG, Promotion, Verdict, next_version, promote

__all__ = [
    "CONTRADICTED_TAG",
    "Difference",
    "Promotion",
    "Verdict",
    "diff",
    "next_version",
    "promote",
    "render_markdown",
    "render_text",
]
