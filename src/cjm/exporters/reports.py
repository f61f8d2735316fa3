"""What the Excel and PowerPoint views of the blueprint, the evidence and the KPI report share:
their wording (Korean and English), their colours, and how values are shown briefly."""

from __future__ import annotations

from typing import Any

from cjm.i18n import Wording, vocabulary
from cjm.model import Label, Layer, Role

__all__ = [
    "CHANGE_FILLS",
    "CURVE_COLOURS",
    "LABEL_FILLS",
    "LINES",
    "MET_FILLS",
    "SPREAD_FILLS",
    "WORDS",
    "brief",
    "heat",
    "role_name",
]

WORDS: dict[str, Wording] = {
    "blueprint": ("서비스 블루프린트", "Service blueprint"),
    "root-causes": ("MoT 근본 원인", "Root causes at the Moments of Truth"),
    "handoffs": ("핸드오프 체크리스트", "Hand-off checklist"),
    "coverage": ("증거 커버리지", "Evidence coverage"),
    "changes": ("변경 내역", "What changed"),
    "dealers": ("딜러별 고객 점수", "Customer scores by dealer"),
    "all-stages": ("공통", "All stages"),
    "pain": ("Pain Point", "Pain point"),
    "stage": ("여정 단계", "Stage"),
    "causes": ("근본 원인 (원인 → Pain Point 경로)", "Root causes (path to the pain)"),
    "fixes": ("개선 시 효과", "What fixing it addresses"),
    "handoff": ("핸드오프", "Hand-off"),
    "sla": ("SLA", "SLA"),
    "complete": ("정보 완전성", "Completeness"),
    "records": ("기록 수", "Records"),
    "direct": ("직접 관찰·인터뷰", "Direct sessions"),
    "rules": ("현장 원칙", "Field rules"),
    "ok": ("충족", "met"),
    "needs": ("필요", "needs"),
    "few": ("직접 조사 부족", "too few direct sessions"),
    "change": ("변경", "Change"),
    "where": ("위치", "Where"),
    "before": ("이전", "Before"),
    "after": ("이후", "After"),
    "dealer": ("딜러", "Dealer"),
    "none": ("없음", "none"),
    "small": (
        "* 응답 30건 미만: 참고용. 색: 빨강(낮음)–노랑–초록(높음).",
        "* fewer than 30 answers: indicative only. Colour: red (low) – yellow – green (high).",
    ),
}

#: The blueprint's three lines, each below the lane named.
LINES: dict[Layer, Wording] = {
    Layer.CUSTOMER: ("상호작용선", "line of interaction"),
    Layer.FRONTSTAGE: ("가시선", "line of visibility"),
    Layer.BACKSTAGE: ("내부 상호작용선", "line of internal interaction"),
}

#: Fills of the three labels, light enough for black text: the Excel map's and the visual map's.
LABEL_FILLS = {Label.HYPOTHESIS: "FFF2CC", Label.FACT: "E2EFDA", Label.IDEA: "DDEBF7"}
#: The emotion curves' colours, a persona each, in order: the Excel chart's and the visual map's
#: (each passes WCAG AA on white, since the map writes scores in them).
CURVE_COLOURS = ("C2410C", "1D4ED8", "047857", "7E22CE", "BE185D", "0E7490")

#: Fills of the kinds of change, light enough for black text.
CHANGE_FILLS = {
    "added": "E2EFDA",
    "removed": "FBE5D6",
    "label": "FFF2CC",
    "changed": "DDEBF7",
    "baseline": "DDEBF7",
}


#: Fills of a met and a missed target (the KPI report).
MET_FILLS = {True: "E2EFDA", False: "FBE5D6"}
#: Fills of the worst and the best dealer of a metric (the KPI report).
SPREAD_FILLS = {"worst": "F8CBAD", "best": "C6E0B4"}


def heat(share: float) -> str:
    """Red (0) through yellow (0.5) to green (1), as RGB hex, light enough for black text."""
    share = min(1.0, max(0.0, share))
    red, green = (248, int(150 + 200 * share)) if share < 0.5 else (int(248 - 260 * (share - 0.5)), 236)
    return f"{max(0, min(255, red)):02X}{max(0, min(255, green)):02X}8C"


def role_name(role: str, language: str) -> str:
    """A well-known source role in cjm's wording (end_user -> 최종 사용자), any other as written."""
    try:
        return vocabulary(Role(role), language)
    except ValueError:
        return role


def brief(value: Any, limit: int = 90) -> str:
    """A value of a difference, on one line: a record by its text, name or id."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("text") or value.get("name") or value.get("id") or value
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
