"""``cjm init``: a working project folder, ready for ``cjm build``.

It writes the project file, a V1.0 journey from a preset (all hypotheses),
empty data files with their headers (a survey and a VOC log: a file with no
rows changes nothing until the team fills it in), and a ``.gitignore`` for
the output folder.  Nothing that is already there is replaced.
"""

from __future__ import annotations

import os
from pathlib import Path

from cjm.errors import CjmError
from cjm.i18n import pick
from cjm.io import dumps
from cjm.io.files import write_text
from cjm.presets import preset_journey
from cjm.project.config import PROJECT_FILE

__all__ = ["SURVEY_HEADER", "VOC_HEADER", "init_project"]

#: The header of the survey export cjm reads (see :mod:`cjm.voc.survey`).
SURVEY_HEADER = "respondent,date,stage,touchpoint,instrument,score,dealer,persona\n"
#: The header of the VOC log cjm reads (see :mod:`cjm.io.voc`).
VOC_HEADER = (
    "id,date,method,source_role,organisation,kind,reference,summary,"
    "stage,product_group,supports,contradicts\n"
)

_PROJECT = """# cjm project: `cjm build` makes every deliverable below into out/ (see docs/projects.md)
title: {title}
journeys:
  - journeys/*.yaml
data:
  survey: data/survey_responses.csv   # the survey export: sets the emotion curve
  voc: data/voc_log.csv               # the VOC log: evidence behind the cells
deliverables: [html, xlsx, pptx, md, mmd]
staleness:
  days: 180                           # maps not verified within this many days are reported
"""


class ProjectExistsError(CjmError, FileExistsError):
    """``cjm init`` into a folder that already holds a project."""


def init_project(
    folder: str | os.PathLike[str], *, preset: str = "b2b-dealer", language: str = "ko"
) -> list[Path]:
    """Write a new project into ``folder`` (made if missing); the files written, in order."""
    root = Path(folder)
    if (root / PROJECT_FILE).exists():
        raise ProjectExistsError(f"{root / PROJECT_FILE} exists: {root} is a project already")
    name = root.resolve().name or "journey"
    journey = preset_journey(preset, language)
    title = pick(("{name} 고객여정 프로젝트", "{name} journey project"), language).format(name=name)
    files = {
        root / PROJECT_FILE: _PROJECT.format(title=_quoted(title)),
        root / "journeys" / f"{journey.id}.yaml": dumps(journey, "yaml"),
        root / "data" / "survey_responses.csv": SURVEY_HEADER,
        root / "data" / "voc_log.csv": VOC_HEADER,
        root / ".gitignore": "# cjm build writes here\nout/\n",
    }
    written = []
    for path, text in files.items():
        if path.exists():
            continue  # a file the team already has is theirs
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, text)
        written.append(path)
    return written


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
