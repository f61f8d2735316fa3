"""The VOC field kit: interview guides, invitation letters, the VOC log and survey scores.

* :mod:`cjm.voc.questions` and :mod:`cjm.voc.guide` — the interview guide;
* :mod:`cjm.voc.letters` — mail-merged invitation letters (.docx and Markdown);
* :mod:`cjm.voc.coverage` — evidence per stage × source role;
* :mod:`cjm.voc.survey` — NPS, CSAT and CES per stage, touchpoint, persona and dealer;
* :mod:`cjm.voc.consistency` — dealers that differ beyond chance.
"""
