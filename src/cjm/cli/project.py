"""``cjm init`` and ``cjm build``: a project folder and everything made from it."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from cjm.cli.common import EXIT_INVALID, EXIT_OK, UsageError, out
from cjm.i18n import LANGUAGES

__all__ = ["register"]


def cmd_init(args: argparse.Namespace) -> int:
    from cjm.project.init import ProjectExistsError, init_project

    try:
        written = init_project(args.folder, preset=args.preset, language=args.lang)
    except ProjectExistsError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        out(f"wrote {path}")
    out(f"a new project in {args.folder}: run `cjm build {args.folder}`")
    return EXIT_OK


class _Progress:
    """Plain lines, or one line rewritten in place on a terminal; nothing under --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.width = 0

    def __call__(self, line: str) -> None:
        if self.quiet:
            return
        if self.tty:
            sys.stderr.write("\r" + line.ljust(self.width))
            self.width = len(line)
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def done(self) -> None:
        if self.tty and self.width and not self.quiet:
            sys.stderr.write("\r" + " " * self.width + "\r")


def _summary(result: Any, quiet: bool) -> None:
    from cjm.project.index import size_text
    from cjm.validate import Severity

    root = result.project.output
    built, skipped = result.built, result.skipped
    if not built:
        out(f"nothing to do: {len(skipped)} output(s) in {root} are up to date ({result.seconds:.2f} s)")
        return
    if not quiet:
        for output in built:
            out(f"  {output.path.relative_to(root)}  {size_text(output.size)}")
    for path, findings in sorted(result.findings.items()):
        warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
        notes = sum(1 for f in findings if f.severity is Severity.INFO)
        out(f"  check {path.name}: {warnings} warning(s), {notes} note(s)")
    out(
        f"built {len(built)} output(s), {len(skipped)} up to date, in {root} ({result.seconds:.1f} s); "
        f"open {root / 'index.html'}"
    )


def cmd_build(args: argparse.Namespace) -> int:
    from cjm.project.build import build

    progress = _Progress(args.quiet)

    def once() -> int:
        result = build(
            args.folder,
            output=args.output,
            only=tuple(args.only or ()),
            force=args.force,
            keep_going=args.keep_going,
            progress=progress,
        )
        progress.done()
        _summary(result, args.quiet)
        return EXIT_INVALID if result.failed else EXIT_OK

    status = once()
    if not args.watch:
        return status
    from cjm.errors import InputError
    from cjm.project.watch import watch

    out("watching for changes (Ctrl-C stops)")
    for _ in watch(args.folder, interval=1.0):
        out(time.strftime("%H:%M:%S changed: rebuilding"))
        try:
            once()
        except InputError as exc:  # a half-edited file: say so, keep watching
            progress.done()
            sys.stderr.write(f"cjm: {exc}\n")
    return status


def register(commands: Any) -> None:
    init = commands.add_parser("init", help="write a new project: cjm.yaml, a V1.0 journey, empty data files")
    init.add_argument("folder", nargs="?", default=".", help="the project folder (default: here)")
    init.add_argument(
        "--preset", default="b2b-dealer", help="the stage set of the journey (see `cjm presets`)"
    )
    init.add_argument("--lang", choices=LANGUAGES, default="ko", help="the journey's language")
    init.set_defaults(run=cmd_init)

    build = commands.add_parser("build", help="make every deliverable of a project; only what changed")
    build.add_argument("folder", nargs="?", default=".", help="the project folder (default: here)")
    build.add_argument(
        "--output", "-o", type=Path, help="where to write (default: the project file's output)"
    )
    build.add_argument("--only", nargs="+", metavar="NAME", help="only these deliverables or journey files")
    build.add_argument("--force", action="store_true", help="rebuild everything")
    build.add_argument(
        "--keep-going", action="store_true", help="build the valid journeys; exit 1 if any failed"
    )
    build.add_argument("--watch", action="store_true", help="rebuild whenever an input changes")
    build.add_argument("--quiet", "-q", action="store_true", help="print only the summary")
    build.set_defaults(run=cmd_build)
