"""The picture's and the page's own words, in Korean and English, and their colours."""

from __future__ import annotations

from cjm.exporters.reports import CURVE_COLOURS, LABEL_FILLS
from cjm.i18n import Wording
from cjm.model import Label

__all__ = [
    "BADGE",
    "BORDER",
    "FILL",
    "GRID",
    "HEADER_FILL",
    "INK",
    "LANE_FILL",
    "LETTER",
    "MOT_TINT",
    "PERSONA_COLOURS",
    "WORDS",
]

WORDS: dict[str, Wording] = {
    "not_measured": ("측정 안 됨", "not measured"),
    "emotion": ("감정 곡선", "Emotion curve"),
    "mot": ("MoT (중요순간)", "Moment of Truth"),
    "mot.short": ("MoT", "MoT"),
    "more": ("+{n}개 더", "+{n} more"),
    "evidence": ("근거", "evidence"),
    "evidence.count": ("근거 {n}건", "{n} evidence"),
    "against": ("반박 {n}건", "{n} against"),
    "flag.finding": ("점검 결과", "Check finding"),
    "flag.mot_hypothesis": (
        "MoT 단계의 가설: 현장 근거로 검증 필요",
        "Hypothesis at a Moment of Truth: verify it in the field",
    ),
    "legend": ("범례", "Legend"),
    "legend.mot": ("★ MoT (중요순간)", "★ Moment of Truth"),
    "legend.finding": ("! 점검 결과 있음", "! check finding"),
    "legend.caution": ("? MoT 단계의 가설", "? hypothesis at a MoT"),
    "legend.evidence": ("◆ 근거 수", "◆ evidence count"),
    "legend.gap": ("측정 안 됨: 빈칸", "not measured: a gap"),
    "severity": ("심각도", "severity"),
    "frequency": ("빈도", "frequency"),
    "value_effort": ("가치 {v} × 노력 {e}", "value {v} × effort {e}"),
    "quick_win": ("Quick Win", "quick win"),
    "baseline": ("현재", "now"),
    "target": ("목표", "target"),
    "gap": ("차이", "gap"),
    "no_baseline": ("베이스라인 없음", "no baseline"),
    "version": ("버전", "version"),
    "updated": ("작성일", "date"),
    "persona": ("페르소나", "Persona"),
    "goals": ("목표", "Goals"),
    "stakeholders": ("이해관계자", "Buying group"),
    "map": ("고객여정지도", "Journey map"),
    "blueprint": ("서비스 블루프린트", "Service blueprint"),
    "page": ("쪽", "page"),
    "split": (
        "단계가 많아 {pages}쪽으로 나누어 그렸습니다 (쪽마다 {per}단계).",
        "The journey has many stages: drawn on {pages} pages, {per} stages each.",
    ),
    "n": ("n={n}", "n={n}"),
    "departments": ("부서", "Departments"),
    "causes": ("원인", "causes"),
    "fail_point": ("실패 지점", "fail point"),
    "all_stages": ("공통", "All stages"),
    "duration": ("소요", "takes"),
    "share": ("근거 있는 사실 {p}%", "facts with evidence {p}%"),
    "all": ("전체", "everyone"),
}

#: Fills of the three labels: the Excel map's colours (light, for dark text).
FILL = LABEL_FILLS
#: Borders of the three labels: colour and dash, so grey-scale prints still tell them apart.
BORDER = {Label.HYPOTHESIS: ("B08900", "4 2"), Label.FACT: ("2E7D32", None), Label.IDEA: ("2F6DB5", "1.5 2")}
#: The label's letter badge (white on these: all pass WCAG AA, ratio ≥ 4.5).
BADGE = {Label.HYPOTHESIS: "7A5C00", Label.FACT: "1E6B30", Label.IDEA: "1F5C99"}
LETTER: dict[Label, Wording] = {
    Label.HYPOTHESIS: ("가", "H"),
    Label.FACT: ("사", "F"),
    Label.IDEA: ("아", "I"),
}
#: Text colours: body, muted (both ≥ 4.5:1 on white and on the label fills), alert.
INK = {"text": "1F2937", "muted": "4B5563", "alert": "B42318", "caution": "8A5A00", "line": "9CA3AF"}
#: Fills of the stage headers, the lane titles, a Moment of Truth's column, and the grid lines.
HEADER_FILL = "1F3A5F"
LANE_FILL = "F3F4F6"
MOT_TINT = "FFF8E1"
GRID = "E5E7EB"
#: One colour per persona's curve (the first is the journey's own), as the Excel chart draws them.
PERSONA_COLOURS = CURVE_COLOURS
