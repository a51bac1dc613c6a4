"""The command line only: parse arguments, call the stage functions, map errors to exit codes.

Each subcommand is two functions: `add_<name>_parser(subparsers)` registers its arguments and
sets `run=run_<name>`; `run_<name>(args) -> int` does the work. The content and site commands
are in site_commands.py, the editors' tools in editor_commands.py; `SUBCOMMANDS` lists the
registrations in help order. Exit codes: 0 fine, 1 content or build errors, 2 usage or
internal errors (argparse uses 2 for usage too).
"""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from ..errors import ContentError, FactsheetError, one_line, printable
from .editor_commands import (
    add_archive_parser,
    add_diff_parser,
    add_new_parser,
    add_schema_parser,
    add_verify_parser,
)
from .options import UsageError
from .output import print_problems
from .site_commands import (
    add_build_parser,
    add_check_parser,
    add_generate_parser,
    add_serve_parser,
    add_urls_parser,
)

SUBCOMMANDS = [
    add_check_parser,
    add_generate_parser,
    add_build_parser,
    add_serve_parser,
    add_schema_parser,
    add_new_parser,
    add_diff_parser,
    add_urls_parser,
    add_verify_parser,
    add_archive_parser,
]


# --- entry point ------------------------------------------------------------------------------


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factsheet", description="Fact sheets of contested facts: YAML claims -> a static site."
    )
    parser.add_argument("--version", action="version", version=f"factsheet {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on an internal error")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add_parser in SUBCOMMANDS:
        add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 must not crash a report
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("factsheet: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `factsheet check | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except ContentError as error:  # a stage found content errors: show them as check does
        print_problems(error.problems)
        return 1
    except FactsheetError as error:
        if args.debug:
            raise
        print(f"factsheet: error: {printable(one_line(str(error)))}", file=sys.stderr)
        return 2 if isinstance(error, UsageError) else 1
    except Exception as error:  # a bug: one line for the editor, the traceback with --debug
        if args.debug:
            raise
        print(
            f"factsheet: internal error: {type(error).__name__}: {printable(one_line(str(error)))} "
            "(run with --debug for the traceback)",
            file=sys.stderr,
        )
        return 2
