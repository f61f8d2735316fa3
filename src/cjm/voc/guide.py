"""The interview guide as Markdown: a section per stage, the questions numbered, room to write."""

from __future__ import annotations

from cjm.i18n import pick
from cjm.model import Journey
from cjm.voc.questions import interview_guide

__all__ = ["render_guide_markdown"]

_WORDS = {
    "title": ("VOC 인터뷰 가이드", "VOC interview guide"),
    "intro": (
        "단계별 질문입니다. 답변마다 출처 역할(최종 사용자·딜러·내부)과 증거 형태(녹취·메모·사진·양식),"
        " 녹취나 메모 파일의 위치를 함께 기록하세요. 기록은 VOC 로그가 됩니다.",
        "Questions per stage. With every answer, note the source role (end user, dealer, internal),"
        " the kind of evidence (recording, memo, photo, form) and where the recording or memo is kept:"
        " the notes become the VOC log.",
    ),
    "none": (
        "(이 단계의 질문이 없습니다. 여정 파일의 questions에 추가하세요.)",
        "(No questions for this stage yet: add them under questions in the journey file.)",
    ),
    "answer": ("답변", "Answer"),
    "role": ("출처 역할", "Source role"),
    "kind": ("증거 형태", "Evidence kind"),
    "reference": ("녹취/메모 위치", "Recording / memo"),
}


def render_guide_markdown(journey: Journey, language: str | None = None) -> str:
    """The guide as Markdown text."""
    lang = language or journey.language
    lines = [f"# {pick(_WORDS['title'], lang)}: {journey.title}", "", pick(_WORDS["intro"], lang), ""]
    for section in interview_guide(journey, lang):
        lines += [f"## {section.stage.name}", ""]
        if not section.questions:
            lines += [pick(_WORDS["none"], lang), ""]
        for question in section.questions:
            lines += [
                f"{question.number}. {question.text}",
                "",
                f"   - {pick(_WORDS['answer'], lang)}:",
                f"   - {pick(_WORDS['role'], lang)}:",
                f"   - {pick(_WORDS['kind'], lang)}:",
                f"   - {pick(_WORDS['reference'], lang)}:",
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"
