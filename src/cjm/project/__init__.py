"""Projects: a folder of journeys and data, and every deliverable made from it by one command.

:func:`load_project` reads the project file (``cjm.yaml``, see
:mod:`.config`); :func:`build` makes what changed (see :mod:`.build`,
:mod:`.manifest`) and the index page (:mod:`.index`); :func:`init_project`
writes a new project (:mod:`.init`); :func:`watch` notices changes.
"""

from __future__ import annotations

from cjm.project.build import BuildResult, Output, build, plan
from cjm.project.config import DELIVERABLES, PROJECT_FILE, Project, load_project
from cjm.project.init import init_project
from cjm.project.watch import watch

__all__ = [
    "DELIVERABLES",
    "PROJECT_FILE",
    "BuildResult",
    "Output",
    "Project",
    "build",
    "init_project",
    "load_project",
    "plan",
    "watch",
]
