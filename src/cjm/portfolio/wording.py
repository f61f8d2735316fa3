"""The portfolio views' own wording in Korean and English (the workbook, the slides, the HTML).

Only cjm's words live here; journey titles, stage names and pain points are
shown as the team wrote them.  Each entry is a (Korean, English) pair read
with :func:`cjm.i18n.pick`; :func:`say` fills in ``{name}`` fields.
"""

from __future__ import annotations

from cjm.i18n import Wording, pick

__all__ = ["WORDS", "kind_name", "say", "stage_count"]

WORDS: dict[str, Wording] = {
    "portfolio": ("여정 비교 (포트폴리오)", "Journeys side by side (portfolio)"),
    "group": ("비교 {n}", "Compared {n}"),
    "group_title": ("같은 단계의 여정 비교 {n}", "Journeys on the same stages {n}"),
    "heat_title": ("단계별 감정·증거 커버리지", "Emotion and evidence coverage by stage"),
    "stage": ("여정 단계", "Stage"),
    "journey": ("여정", "Journey"),
    "emotion": ("감정", "Emotion"),
    "pains": ("Pain Point 수 (심각도별)", "Pain points by severity"),
    "pains_short": ("Pain Point", "Pain points"),
    "unscored": ("미평가", "Unrated"),
    "coverage": ("증거 커버리지", "Evidence coverage"),
    "coverage_short": ("커버리지", "Coverage"),
    "overall": ("전체", "All stages"),
    "kpis": ("KPI: 베이스라인 · 목표 · 차이", "KPIs: baseline · target · gap"),
    "kpi": ("KPI", "KPI"),
    "baseline": ("베이스라인", "Baseline"),
    "target": ("목표", "Target"),
    "gap": ("차이", "Gap"),
    "no_kpis": ("KPI 없음", "No KPIs"),
    "shared": ("여러 여정의 공통 원인", "Causes shared by several journeys"),
    "shared_sheet": ("공통 원인", "Shared causes"),
    "rank": ("순위", "Rank"),
    "cause": ("원인", "Cause"),
    "kind": ("유형", "Kind"),
    "journeys": ("여정 수", "Journeys"),
    "weight": ("가중치", "Weight"),
    "journey_weight": ("여정별 가중치", "Weight in the journey"),
    "caused": ("이 원인이 만드는 Pain Point", "Pain points it causes"),
    "top_pains": ("주요 Pain Point (가중치 순)", "Heaviest pain points it causes"),
    "in_journeys": ("여정별 Pain Point · 가중치", "Pain points · weight by journey"),
    "top": (
        "상위 {n}개만 표시합니다 (전체 {total}개, 통합문서에 모두 있음).",
        "The top {n} of {total} are shown; the workbook lists every one.",
    ),
    "no_shared": ("여러 여정에 공통인 원인 없음", "No cause is shared by several journeys"),
    "about": ("정보", "About"),
    "members": ("포트폴리오의 여정", "Journeys in the portfolio"),
    "id": ("ID", "Id"),
    "title": ("제목", "Title"),
    "stages": ("단계", "Stages"),
    "compared_in": ("비교 묶음", "Compared in"),
    "not_compared": ("비교하지 않은 여정", "Journeys not compared"),
    "why": ("이유", "Why"),
    "none": ("없음", "none"),
    "differ": ("여정 단계가 다름", "stages differ"),
    "order": ("같은 단계, 다른 순서", "the same stages in another order"),
    "alone": ("비교할 다른 여정 없음", "no other journey to compare with"),
    "no_stages": ("여정 단계 없음", "no stages"),
    "stages_n": ("{n}단계", "{n} stages"),
    "stage_1": ("1단계", "1 stage"),
    "more": ("외 {n}개", "+{n} more"),
    "more_pains": ("외 {n}건", "+{n} more"),
    "not_measured": ("측정 안 됨", "not measured"),
    "view": (
        "보기 전용 시트: 여정 파일에서 만들어지며 다시 읽지 않습니다.",
        "A view: made from the journey files, never read back.",
    ),
    "legend": (
        "색: 빨강(낮음)–노랑–초록(높음). 감정은 각 여정 척도 위의 위치, 커버리지는 근거 있는 사실의 비율.",
        "Colour: red (low) – yellow – green (high). Emotion: where the score lies on the journey's scale;"
        " coverage: the share that is facts with evidence.",
    ),
    "coverage_def": (
        "증거 커버리지 = 근거(증거)가 있는 사실 ÷ 라벨이 붙은 모든 내용 (가설·사실·아이디어)",
        "Evidence coverage = facts with evidence ÷ everything labelled (hypotheses, facts, ideas)",
    ),
    "weight_def": (
        "가중치 = 심각도 × 빈도, MoT 단계는 × 2, 연결된 KPI의 목표 대비 차이만큼 가산; 모든 여정의 합",
        "Weight = severity × frequency, × 2 at a Moment of Truth, raised by a linked KPI's gap to"
        " its target; summed over the journeys",
    ),
    "rank_def": (
        "순위: 원인이 닿는 여정 수가 많은 것부터, 같으면 가중치 합이 큰 것부터",
        "Ranked by the number of journeys a cause reaches, then by the summed weight",
    ),
    "gap_def": ("차이 = 베이스라인 − 목표", "Gap = baseline − target"),
    "heat_notes": (
        "진행 안내: 같은 단계에서 여정 간 감정이나 커버리지가 크게 다른 곳부터 봅니다."
        " 낮은 쪽 여정의 Pain Point와 근거를 비교하세요.",
        "Facilitation: start where journeys differ most at the same stage, in emotion or coverage;"
        " compare the weaker journey's pain points and evidence.",
    ),
    "shared_notes": (
        "진행 안내: 여러 여정에 걸친 원인은 한 번 고치면 모든 여정이 좋아집니다."
        " 담당 부서와 일정을 정하세요.",
        "Facilitation: a cause behind several journeys is fixed once for all of them;"
        " agree the owning department and a date.",
    ),
    # blueprint node kinds (and hand-offs), as the cause tables name them
    "kind.action": ("활동", "action"),
    "kind.process": ("프로세스", "process"),
    "kind.system": ("시스템", "system"),
    "kind.department": ("부서", "department"),
    "kind.evidence": ("물리적 증거", "physical evidence"),
    "kind.handoff": ("핸드오프", "hand-off"),
}


def say(key: str, language: str, **values: object) -> str:
    """The portfolio wording for ``key`` in ``language``, with ``{name}`` fields filled in."""
    text = pick(WORDS[key], language)
    return text.format(**values) if values else text


def stage_count(n: int, language: str) -> str:
    """How many stages, in words: '6 stages' / '6단계'."""
    return say("stage_1", language) if n == 1 else say("stages_n", language, n=n)


def kind_name(kind: str, language: str) -> str:
    """A cause's kind in cjm's wording (process -> 프로세스); an unknown kind as written."""
    key = f"kind.{kind}"
    return say(key, language) if key in WORDS else kind
