"""Shipped wording in Korean and English: labels, headings, vocabulary names.

Only cjm's own words live here.  The user's text (stage names, items …) is
never translated or altered.  A journey in any other language gets English.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["LANGUAGES", "Wording", "language_of", "pick", "term", "vocabulary"]

#: Languages cjm ships wording for.
LANGUAGES = ("ko", "en")

_TERMS: dict[str, tuple[str, str]] = {
    # key: (ko, en)
    "label.hypothesis": ("가설", "Hypothesis"),
    "label.fact": ("사실", "Fact"),
    "label.idea": ("아이디어", "Idea"),
    "label.legend": ("라벨", "Labels"),
    "stage": ("여정 단계", "Stage"),
    "lane": ("레인", "Lane"),
    "mot.yes": ("Y", "Y"),
    "mot.no": ("N", "N"),
    "mot.managed_by": ("관리 지표", "managed by"),
    "version": ("버전", "Version"),
    "updated": ("작성일", "Date"),
    "persona": ("페르소나", "Persona"),
    "personas": ("페르소나", "Personas"),
    "pain_points": ("Pain Point", "Pain points"),
    "opportunities": ("개선 기회", "Opportunities"),
    "metrics": ("지표(KPI)", "Metrics (KPIs)"),
    "evidence": ("증거 로그(VOC Log)", "Evidence (VOC log)"),
    "emotion": ("감정", "Emotion"),
    "baseline": ("베이스라인", "Baseline"),
    "target": ("목표", "Target"),
    "unit": ("단위", "Unit"),
    "direction": ("방향", "Direction"),
    "definition": ("정의", "Definition"),
    "formula": ("산식", "Formula"),
    "severity": ("심각도", "Severity"),
    "frequency": ("빈도", "Frequency"),
    "value": ("가치", "Value"),
    "effort": ("노력", "Effort"),
    "owner": ("담당", "Owner"),
    "last_verified": ("최종 검증일", "Last verified"),
    "quick_fix": ("Quick Fix", "Quick fix"),
    "addresses": ("해결 대상", "Addresses"),
    "role": ("역할", "Role"),
    "goals": ("목표", "Goals"),
    "needs": ("니즈", "Needs"),
    "frustrations": ("불만", "Frustrations"),
    "quote": ("인용", "Quote"),
    "stakeholders": ("이해관계자", "Stakeholders"),
    "date": ("일자", "Date"),
    "method": ("방법", "Method"),
    "source_role": ("출처 역할", "Source role"),
    "organisation": ("기관", "Organisation"),
    "kind": ("형태", "Kind"),
    "reference": ("참조", "Reference"),
    "summary": ("요약", "Summary"),
    "supports": ("뒷받침", "Supports"),
    "contradicts": ("반박", "Contradicts"),
    "yes": ("예", "yes"),
    "no": ("아니오", "no"),
    "none": ("없음", "none"),
    "not_measured": ("측정 안 됨", "not measured"),
    "emotion_not_measured": ("감정 측정 안 됨", "emotion not measured"),
    "interval_95": ("95% 구간", "95% interval"),
    # vocabularies
    "Direction.higher": ("높을수록 좋음", "higher is better"),
    "Direction.lower": ("낮을수록 좋음", "lower is better"),
    "EvidenceMethod.observation": ("행동 관찰", "observation"),
    "EvidenceMethod.interview": ("인터뷰", "interview"),
    "EvidenceMethod.focus_group": ("포커스 그룹", "focus group"),
    "EvidenceMethod.survey": ("설문", "survey"),
    "EvidenceMethod.document": ("문서", "document"),
    "EvidenceMethod.meeting": ("회의", "meeting"),
    "EvidenceKind.recording": ("녹취", "recording"),
    "EvidenceKind.memo": ("메모", "memo"),
    "EvidenceKind.photo": ("사진", "photo"),
    "EvidenceKind.form": ("양식", "form"),
    "EvidenceKind.document": ("문서", "document"),
    "EvidenceKind.data": ("데이터", "data"),
    "Role.end_user": ("최종 사용자", "end user"),
    "Role.dealer": ("딜러", "dealer"),
    "Role.manufacturer": ("제조사", "manufacturer"),
    "Role.internal": ("내부", "internal"),
    "Layer.physical_evidence": ("물리적 증거", "physical evidence"),
    "Layer.customer": ("고객 행동", "customer actions"),
    "Layer.frontstage": ("프런트스테이지", "frontstage"),
    "Layer.backstage": ("백스테이지", "backstage"),
    "Layer.support": ("지원 프로세스", "support processes"),
}


#: A shipped text in both languages: (Korean, English).
Wording = tuple[str, str]


def pick(wording: Wording, language: str) -> str:
    """The Korean or English half of a module's own shipped text (English for other languages)."""
    ko, en = wording
    return ko if language_of(language) == "ko" else en


def language_of(language: str) -> str:
    """The shipped language to use for a journey's language tag (``ko-KR`` -> ``ko``)."""
    base = language.split("-")[0].lower()
    return base if base in LANGUAGES else "en"


def term(key: str, language: str) -> str:
    """cjm's wording for ``key`` in ``language`` (English for languages not shipped)."""
    return pick(_TERMS[key], language)


def vocabulary(member: Enum, language: str) -> str:
    """Display name of a vocabulary value (``Label.FACT`` -> 사실 / Fact)."""
    key = f"{type(member).__name__}.{member.value}"
    if key in _TERMS:
        return term(key, language)
    return term(f"{type(member).__name__.lower()}.{member.value}", language)
