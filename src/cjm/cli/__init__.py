"""The ``cjm`` command: parses arguments, calls the library, prints.

Each module of this package adds a group of subcommands through its
``register(commands)`` function; :data:`COMMAND_MODULES` lists them in the
order ``cjm --help`` shows them.

Exit status: 0 success, 1 invalid input (or a file that cannot be read or
written), 2 usage error.  Errors go to stderr as readable messages; ``--debug``
adds the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from cjm import __version__
from cjm.cli.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, print_error
from cjm.errors import CjmError, ExportOptionError, PresetError, UnknownExporterError

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

#: Modules that add subcommands, in help order.
COMMAND_MODULES = (
    "cjm.cli.journey",
    "cjm.cli.versions",
    "cjm.cli.voc",
    "cjm.cli.deck",
    "cjm.cli.excel",
    "cjm.cli.kpi",
    "cjm.cli.project",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cjm`` with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="cjm",
        description="Customer journey maps as data: check journey files, export maps, diagrams and decks.",
    )
    parser.add_argument("--version", action="version", version=f"cjm {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except BrokenPipeError:  # the reader went away (`cjm kpi-catalogue | head`): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so Python's exit flush does not fail again
        return EXIT_OK
    except (UsageError, UnknownExporterError, ExportOptionError, PresetError) as exc:
        _report(exc, args.debug)
        return EXIT_USAGE
    except (CjmError, OSError) as exc:
        _report(exc, args.debug)
        return EXIT_INVALID


def _report(exc: BaseException, debug: bool) -> None:
    if debug:
        traceback.print_exception(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        sys.stderr.write(f"cjm: {exc.filename}: {exc.strerror or exc}\n")
    else:
        print_error(exc)
