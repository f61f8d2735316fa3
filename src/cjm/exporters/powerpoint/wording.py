"""The deck's own wording in Korean and English: titles, headings, workshop questions, notes.

Only cjm's words live here; the journey's text is never translated.  Each
entry is a (Korean, English) pair read with :func:`cjm.i18n.pick`.  The VOC
interview questions come from :mod:`cjm.voc.questions` (the preset's question
bank and the journey's own questions).
"""

from __future__ import annotations

from cjm.i18n import Wording, pick

__all__ = ["LEAD", "THREE_C", "THREE_C_STRATEGY", "WORDS", "say"]

WORDS: dict[str, Wording] = {
    # slide builders, as the agenda lists them
    "slide.title": ("표지", "Title"),
    "slide.map": ("한눈에 보는 고객여정", "The journey at a glance"),
    "slide.agenda": ("목차", "Agenda"),
    "slide.personas": ("페르소나", "Personas"),
    "slide.overview": ("고객여정지도", "Journey map"),
    "slide.emotion": ("감정 곡선", "Emotion curve"),
    "slide.stages": ("단계별 상세", "Stage details"),
    "slide.moments": ("MoT(중요순간)와 KPI", "Moments of Truth and KPIs"),
    "slide.pain-matrix": ("Pain Point 우선순위", "Pain-point priorities"),
    "slide.opportunity-matrix": ("개선 기회: 가치 × 노력", "Opportunities: value × effort"),
    "slide.kpis": ("단계별 KPI", "KPIs by stage"),
    "slide.evidence": ("근거 현황: 가설·사실·아이디어", "Evidence: hypotheses, facts, ideas"),
    "slide.voc-guide": ("VOC 인터뷰 가이드", "VOC interview guide"),
    "slide.lead": ("LEAD 회고", "LEAD retrospective"),
    "slide.3c": ("3C 전략 워크숍", "3C strategy workshop"),
    "slide.summary": ("여정 요약", "Journey summary"),
    # sections
    "section.intro": ("시작", "Introduction"),
    "section.journey": ("고객과 여정", "Customer and journey"),
    "section.analysis": ("분석", "Analysis"),
    "section.workshop": ("워크숍", "Workshop"),
    "section.portfolio": ("포트폴리오", "Portfolio"),
    "section.more": ("추가 슬라이드", "More slides"),
    # words on slides
    "continued": ("계속", "cont."),
    "mot": ("MoT", "MoT"),
    "mot.legend": ("MoT(중요순간)", "Moment of Truth"),
    "map.legend": ("라벨", "Labels"),
    "lane": ("구분", "Lane"),
    "kpi": ("KPI", "KPI"),
    "kpi.none": ("KPI 미정", "no KPI yet"),
    "gap": ("목표까지", "To target"),
    "number": ("번호", "No."),
    "score": ("점수", "Score"),
    "priority": ("우선순위", "Priority"),
    "quick_win": ("Quick Win", "Quick win"),
    "quick_win.legend": (
        "Quick Win: 가치 4 이상, 노력 2 이하",
        "Quick win: value 4 or more, effort 2 or less",
    ),
    "others": ("기타", "Others"),
    "priority.high": ("높음 (S×F 12 이상)", "High (S×F 12 or more)"),
    "priority.medium": ("중간 (S×F 8–11)", "Medium (S×F 8–11)"),
    "priority.low": ("낮음 (S×F 7 이하)", "Low (S×F 7 or less)"),
    "total": ("합계", "Total"),
    "voc_log": ("VOC 로그", "VOC log"),
    "direct": ("현장 근거", "Field evidence"),
    "no_stage": ("(단계 없음)", "(no stage)"),
    "description": ("설명", "Description"),
    "duration": ("소요 기간", "Duration"),
    "question": ("질문", "Question"),
    "answers": ("확인 내용 메모", "What we heard"),
    "notes_area": ("메모", "Notes"),
    "write_here": ("여기에 적어 주세요", "Write here"),
    "questions_blank": ("이 단계의 질문을 적어 주세요", "Write the questions for this stage"),
    "persona.name": ("이름", "Name"),
    "persona.blank": (
        "페르소나가 아직 없습니다. 워크숍에서 대표 고객을 한 명 정해 아래를 채워 주세요 (처음에는 3명 이내).",
        "No persona yet. Agree on one representative customer in the workshop and fill this in "
        "(at most three to start).",
    ),
    "persona.concerns": ("관심사", "Concerns"),
    "persona.stages": ("참여 단계", "Stages"),
    "version": ("버전", "Version"),
    "date": ("작성일", "Date"),
    "persona": ("페르소나", "Persona"),
    "hypothesis_map": (
        "V1.0: 모든 내용은 현장 근거로 확정하기 전의 가설입니다",
        "V1.0: every entry is a hypothesis until field evidence confirms it",
    ),
    "scale": ("척도", "Scale"),
    "stage_count": ("단계", "stages"),
    "emotion.series": ("여정", "Journey"),
    "emotion.empty": (
        "감정 점수가 아직 없습니다. 워크숍에서 단계마다 고객이 느끼는 정도를 "
        "{low}(최악)부터 {high}(최고)까지 정해 아래에 적어 주세요.",
        "No emotion scores yet. In the workshop, agree how the customer feels at each stage, from {low} "
        "(worst) to {high} (best), and write it below.",
    ),
    "emotion.note": ("이유", "Why"),
    "moments.empty": (
        "표시된 MoT가 아직 없습니다. 고객의 판단을 좌우하는 단계에 Y를 적고, "
        "그 순간을 관리할 KPI를 정해 주세요.",
        "No Moment of Truth marked yet. Write Y at the stages that decide the customer's judgement, and "
        "name the KPIs each is managed by.",
    ),
    "moments.kpis_missing": ("연결된 KPI가 없습니다", "no KPI linked yet"),
    "pain.unscored": (
        "심각도·빈도 점수가 없는 Pain Point {count}개는 차트에 없습니다. 표의 빈칸에 1–5로 평가해 주세요.",
        "{count} pain points without severity and frequency are not on the chart; score them 1–5 in the "
        "table.",
    ),
    "pain.reading": (
        "오른쪽 위일수록 심각하고 자주 일어납니다. "
        "점 옆의 숫자는 표의 번호입니다(같은 자리의 Pain Point는 함께 표시).",
        "Top right is severe and frequent. The numbers beside each point are the table's numbers (pain "
        "points that share a spot are listed together).",
    ),
    "opp.unscored": (
        "가치·노력 점수가 없는 개선 기회 {count}개는 차트에 없습니다. 표의 빈칸에 1–5로 평가해 주세요.",
        "{count} opportunities without value and effort are not on the chart; score them 1–5 in the table.",
    ),
    "opp.reading": (
        "왼쪽 위(가치 높음, 노력 적음)가 Quick Win입니다. 점 옆의 숫자는 표의 번호입니다.",
        "Top left (high value, low effort) are quick wins. The numbers beside each point are the table's "
        "numbers.",
    ),
    "kpis.empty": (
        "KPI가 아직 없습니다. 단계마다 관리할 KPI와 현재 값(베이스라인), 목표를 적어 주세요.",
        "No KPIs yet. For each stage, write the KPIs to manage, their current value (baseline) and target.",
    ),
    "evidence.reading": (
        "가설은 현장 관찰·인터뷰로 확인되어야 사실이 됩니다. V1.0은 모두 가설입니다.",
        "A hypothesis becomes a fact only when field observation or interviews confirm it; a V1.0 map "
        "is all hypotheses.",
    ),
    "evidence.what": ("항목", "Entries"),
    "voc.intro": (
        "인터뷰는 최대 2시간, 익명으로 진행하고 동의한 범위 안에서만 기록합니다. "
        "답변마다 근거(녹취·메모·사진·양식)를 VOC 로그에 남깁니다.",
        "Interviews take at most two hours, are anonymous and recorded only as far as agreed. Log every "
        "answer with its evidence (recording, memo, photo, form) in the VOC log.",
    ),
    "lead.prompt": ("질문", "Question"),
    "3c.strategy": ("전략 방향", "Strategic direction"),
    "summary.pains": ("Pain Point", "Pain points"),
    "summary.top_pain": ("가장 큰 Pain Point", "Top pain point"),
    "summary.kpis": ("현재 지표", "Current metrics"),
    "summary.pain_chart": ("단계별 Pain Point 수", "Pain points per stage"),
    # speaker notes: facilitation prompts
    "notes.overview": (
        "CFT 검토 진행 (20–30분)\n"
        "1. 단계를 왼쪽부터 하나씩 읽고, 칸마다 '가설·사실·아이디어' 중 무엇인지 확인합니다. "
        "노란색은 가설, 초록색은 사실, 파란색은 아이디어입니다.\n"
        "2. 각 가설에 대해 질문합니다: 무엇을 보면(관찰·인터뷰) 사실로 확정할 수 있는가? 누가 확인하는가?\n"
        "3. 딜러와 End-User 두 출처에서 확인되어야 사실로 인정합니다(이중 소스 원칙).\n"
        "4. MoT(★) 단계에서는 연결된 KPI의 현재 값과 목표를 함께 봅니다.\n"
        "5. 빠진 접점·행동·Pain Point를 추가하고, 바로 적용할 수 있는 개선은 Quick Fix로 표시합니다.",
        "Running the CFT review (20–30 minutes)\n"
        "1. Read the stages left to right and, cell by cell, ask whether the entry is a hypothesis, a fact "
        "or an idea. Yellow is hypothesis, green fact, blue idea.\n"
        "2. For each hypothesis ask: what observation or interview would confirm it as a fact, and who "
        "will check?\n"
        "3. An issue counts as a fact only when both the dealer and the end user report it (dual-source "
        "rule).\n"
        "4. At the Moments of Truth (★), look at the linked KPIs' baseline and target together.\n"
        "5. Add missing touchpoints, actions and pain points; mark fixes that can be applied at once as "
        "quick fixes.",
    ),
    "notes.map": (
        "이 지도를 읽는 법\n"
        "- 열은 여정 단계, 행은 레인입니다. 카드의 색과 글자가 라벨입니다: "
        "노란색(가)은 가설(점선 테두리), 초록색(사)은 사실, 파란색(아)은 아이디어(점 테두리).\n"
        "- ★ MoT: 고객의 판단을 좌우하는 중요순간입니다. 그 단계의 열 전체가 옅은 노란색입니다.\n"
        "- ◆ 숫자: 카드를 뒷받침하는 근거의 수입니다(◆0은 근거 없음). ✕ 숫자는 반박하는 근거입니다.\n"
        "- !: 점검(cjm check) 결과가 있는 카드입니다. 빨간 테두리로 표시됩니다.\n"
        "- ?: MoT 단계의 가설입니다. 현장 근거로 가장 먼저 검증합니다.\n"
        "- Pain Point 왼쪽의 띠는 심각도입니다(진할수록 심각).\n"
        "- 감정 곡선: 단계별 점수({low}부터 {high}까지)를 페르소나마다 선 하나로 그립니다. "
        "선이 끊긴 곳은 측정하지 않은 단계입니다: 점수를 지어내지 않습니다.",
        "How to read the map\n"
        "- Columns are the stages, rows the lanes. A card's colour and letter are its label: yellow (H) a "
        "hypothesis (dashed border), green (F) a fact, blue (I) an idea (dotted border).\n"
        "- ★ MoT: a Moment of Truth, where the customer makes up their mind; its whole column is tinted "
        "yellow.\n"
        "- ◆ and a number: how many pieces of evidence back the card (◆0: none). ✕ and a number: evidence "
        "against it.\n"
        "- !: the check (cjm check) found something about the card; its border is red.\n"
        "- ?: a hypothesis at a Moment of Truth: verify it in the field first.\n"
        "- The stripe at a pain point's left is its severity (darker is more severe).\n"
        "- Emotion curve: each stage's score on the {low} to {high} scale, one line per persona. A break in "
        "the line is a stage not measured: no score is made up.",
    ),
    "notes.map.more": (
        "'+N개 더': 칸마다 카드 {cards}장까지 보여 주고, 나머지는 개수만 적었습니다. "
        "전체 내용은 단계별 상세 슬라이드와 고객여정지도 표에 있습니다.",
        "'+N more': each cell shows at most {cards} cards and counts the rest; every card is on the "
        "stage slides and in the journey map table.",
    ),
    "notes.map.pages": (
        "지도가 {count}장의 슬라이드로 나뉘어 있습니다({why}).",
        "The map is spread over {count} slides ({why}).",
    ),
    "notes.map.stages": ("한 장에 {per}단계까지", "at most {per} stages a slide"),
    "notes.map.lanes": ("레인을 나누어, 장마다 감정 곡선을 다시 그림", "lanes split, the curve on each"),
    "notes.map.findings": ("여정 전체에 대한 점검 결과", "Check findings about the whole journey"),
    "notes.map.small": (
        "내용이 많아 글자를 읽기 쉬운 최소 크기보다 작게 줄였습니다.",
        "There is so much on the map that its text is smaller than the legible minimum.",
    ),
    "map.legend.marks": (
        "★ MoT   ◆ 근거 수   ! 점검 결과   ? MoT의 가설",
        "★ MoT   ◆ evidence   ! finding   ? hypothesis at a MoT",
    ),
    "notes.emotion": (
        "곡선이 가장 낮은 단계부터 이야기합니다: 고객은 왜 그렇게 느끼는가? 어떤 근거가 있는가? "
        "MoT(★)에서 곡선이 낮다면 가장 먼저 다룰 과제입니다.",
        "Start with the lowest point of the curve: why does the customer feel this way, and what is the "
        "evidence? A low point at a Moment of Truth (★) is the first thing to work on.",
    ),
    "notes.pain-matrix": (
        "Pain Point마다 심각도(1–5)와 빈도(1–5)를 합의합니다. "
        "오른쪽 위의 항목부터 원인(프로세스·시스템·부서)과 담당자를 정합니다. "
        "근거 없는 점수는 가설로 남겨 두고 인터뷰에서 확인합니다.",
        "Agree a severity (1–5) and a frequency (1–5) for each pain point. Starting top right, name the "
        "cause (process, system, department) and an owner. Scores without evidence stay hypotheses to "
        "check in the interviews.",
    ),
    "notes.opportunity-matrix": (
        "개선 기회마다 가치(1–5)와 노력(1–5)을 매깁니다. 왼쪽 위의 Quick Win은 프로젝트 중에 바로 실행하고 "
        "(Quick Fix 원칙), 담당자와 완료 시점을 정합니다.",
        "Score each opportunity for value (1–5) and effort (1–5). Carry out the quick wins at the top left "
        "during the project (quick-fix rule), each with an owner and a date.",
    ),
    "notes.voc-guide": (
        "인터뷰 진행 안내\n"
        "- 같은 제품군에서 직접 관찰·인터뷰를 최소 3회 이상 합니다. 문서·회의만으로는 근거가 되지 않습니다.\n"
        "- 질문은 최근의 구체적인 사례를 묻습니다('지난번에 …했을 때'). 유도 질문은 피합니다.\n"
        "- 딜러와 End-User 양쪽에 같은 질문을 해서 이중 소스로 확인합니다.\n"
        "- 답변은 바로 VOC 로그에 적습니다: 누가(역할), 언제, 어느 단계, 어떤 칸을 뒷받침하거나 반박하는지, "
        "근거의 형태와 위치.",
        "Running the interviews\n"
        "- Hold at least three direct observations or interviews per product group; documents and "
        "meetings alone are not evidence.\n"
        "- Ask about recent, concrete cases ('the last time you …'); avoid leading questions.\n"
        "- Ask the dealer and the end user the same questions, so issues are confirmed by two sources.\n"
        "- Log each answer at once in the VOC log: who (role), when, which stage, which cell it supports "
        "or contradicts, and what kind of evidence is kept where.",
    ),
    "notes.lead": (
        "LEAD 회고 진행 (질문당 10분)\n"
        "1. 질문을 소리 내어 읽고, 2분 동안 각자 포스트잇에 답을 적습니다.\n"
        "2. 돌아가며 한 장씩 붙이고 설명합니다. 비슷한 답은 묶습니다.\n"
        "3. 가장 중요한 묶음 하나를 골라 다음 행동으로 옮깁니다.",
        "Running the LEAD retrospective (10 minutes per question)\n"
        "1. Read the question aloud; everyone writes answers on sticky notes for two minutes.\n"
        "2. Take turns to post and explain one note at a time; cluster similar answers.\n"
        "3. Pick the most important cluster and turn it into a next action.",
    ),
    "notes.3c": (
        "3C 분석 워크숍 진행 (60–90분)\n"
        "1. 고객: 여정지도의 Pain Point, MoT, 감정 곡선에서 고객이 정말 원하는 것을 정리합니다.\n"
        "2. 자사: 각 MoT에서 우리의 강점과 약점을 KPI 베이스라인으로 확인합니다.\n"
        "3. 경쟁사: 같은 여정에서 경쟁사가 주는 경험을 적고, 앞서는 곳과 뒤처지는 곳을 표시합니다.\n"
        "4. 전략 방향: 고객이 원하고, 우리가 잘할 수 있고, 경쟁사가 못하는 것을 찾아 "
        "우선 과제 3개를 정합니다.",
        "Running the 3C workshop (60–90 minutes)\n"
        "1. Customer: from the map's pain points, Moments of Truth and emotion curve, write what the "
        "customer really needs.\n"
        "2. Company: check our strengths and weaknesses at each Moment of Truth against the KPI baselines.\n"
        "3. Competitor: write the experience competitors give on the same journey; mark where they lead "
        "and where they lag.\n"
        "4. Strategic direction: find what the customer wants, we can do well and competitors do not, and "
        "agree three priorities.",
    ),
    "notes.3c.data": ("여정지도에서 가져온 자료", "From the journey map"),
    "notes.3c.pains": ("우선순위가 높은 Pain Point", "Highest-priority pain points"),
    "notes.3c.kpis": ("MoT의 KPI 베이스라인", "Baselines of the Moments of Truth's KPIs"),
}

#: The LEAD retrospective: letter, heading and question (seed 000's wording; English ours).
LEAD: tuple[tuple[str, Wording, Wording], ...] = (
    (
        "L",
        ("Learn (학습/통찰)", "Learn"),
        (
            "이번 프로젝트 활동을 통해 '고객 중심' 관점에서 얻게 된 가장 중요한 학습과 통찰은 무엇이며, "
            "이전에 우리가 가졌던 '공급자 중심' 마인드와 어떻게 달랐습니까?",
            "What is the most important learning or insight this project gave you from a customer-centred "
            "point of view, and how does it differ from the supplier-centred mindset we had before?",
        ),
    ),
    (
        "E",
        ("Explore (탐색/발견)", "Explore"),
        (
            "고객 여정 지도 검증 활동 중, 예상치 못하게 발견했거나 이전에 전혀 몰랐던 고객의 Pain Point나 "
            "숨겨진 니즈는 무엇이었습니까?",
            "While verifying the journey map, which customer pain points or hidden needs did you find that "
            "you did not expect or had never known about?",
        ),
    ),
    (
        "A",
        ("Apply (적용/실행)", "Apply"),
        (
            "발견한 개선 기회 중, 당장 다음 분기에 우리 팀의 업무 프로세스나 일상적 행동에 "
            "적용하여 변화시킬 수 있는 구체적인 실행 계획 한 가지는 무엇입니까?",
            "Of the improvement opportunities found, what is one concrete action your team can apply to "
            "its processes or daily work next quarter?",
        ),
    ),
    (
        "D",
        ("Differentiate (차별화/발전)", "Differentiate"),
        (
            "이 프로젝트 경험을 통해 얻은 지식과 실행력을 바탕으로, 앞으로 경쟁사와 비교했을 때 "
            "우리가 확보할 수 있는 지속 가능한 차별화된 경쟁 우위는 무엇이라고 생각하십니까?",
            "Building on the knowledge and execution this project gave us, what sustainable competitive "
            "advantage over our competitors can we secure?",
        ),
    ),
)

#: The 3C canvas: heading and guiding questions of each column.
THREE_C: tuple[tuple[Wording, Wording], ...] = (
    (
        ("고객 (Customer)", "Customer"),
        (
            "고객은 누구이며 무엇을 원하는가? 여정의 Pain Point와 MoT에서 드러난 니즈는?",
            "Who is the customer and what do they need? Which needs show in the pain points and Moments "
            "of Truth?",
        ),
    ),
    (
        ("자사 (Company)", "Company"),
        (
            "우리의 강점과 약점은? 각 MoT에서 우리는 어느 수준인가(KPI 베이스라인)?",
            "What are our strengths and weaknesses? How do we perform at each Moment of Truth (KPI "
            "baselines)?",
        ),
    ),
    (
        ("경쟁사 (Competitor)", "Competitor"),
        (
            "경쟁사는 같은 여정에서 고객에게 어떤 경험을 주는가? 어디서 앞서고 어디서 뒤지는가?",
            "What experience do competitors give the customer on the same journey? Where do they lead, "
            "where do they lag?",
        ),
    ),
)

#: The strip under the 3C columns.
THREE_C_STRATEGY: Wording = (
    "고객이 원하고, 우리가 잘할 수 있고, 경쟁사가 못하는 것 → 우선 과제 3가지",
    "What the customer wants, we can do well and competitors do not → three priorities",
)


def say(key: str, language: str, **values: object) -> str:
    """The deck's wording for ``key`` in ``language``, with ``{name}`` fields filled in."""
    text = pick(WORDS[key], language)
    return text.format(**values) if values else text
