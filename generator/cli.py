"""The command line only: parse arguments, call the stage functions, map errors to exit codes.

Each subcommand is two functions: `add_<name>_parser(subparsers)` registers its arguments and
sets `run=run_<name>`; `run_<name>(args) -> int` does the work. `SUBCOMMANDS` lists the
registrations in help order. Exit codes: 0 fine, 1 content or build errors, 2 usage or
internal errors (argparse uses 2 for usage too).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .errors import ContentError, FactsheetError, Problem, has_errors, summarize


class UsageError(FactsheetError):
    """The command line names something that is not there (exit status 2, like argparse)."""


def print_problems(problems: list[Problem], out=None) -> None:
    """Problems in compiler form, GitHub annotations inside Actions, then the count line."""
    out = out or sys.stdout
    problems = sorted(problems)
    for problem in problems:
        print(problem.format(), file=out)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.github_annotation(), file=out)
    print(summarize(problems), file=out)


def fails(problems: list[Problem], strict: bool) -> bool:
    return has_errors(problems) or (strict and bool(problems))


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="the content folder (default: content)",
    )


def _require_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise UsageError(f"no content folder at '{folder}'")


# --- check ------------------------------------------------------------------------------------


def add_check_parser(subparsers) -> None:
    parser = subparsers.add_parser("check", help="validate the content and report every problem")
    _content_option(parser)
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    from .validate import check_content

    _require_folder(args.content)
    _, problems = check_content(args.content)
    print_problems(problems)
    return 1 if fails(problems, args.strict) else 0


# --- schema -----------------------------------------------------------------------------------


def add_schema_parser(subparsers) -> None:
    parser = subparsers.add_parser("schema", help="write the JSON Schemas of the content files to schemas/")
    parser.add_argument("--check", action="store_true", help="only check that schemas/ is up to date")
    parser.add_argument("--root", type=Path, default=Path("."), metavar="DIR",
                        help="the repository folder (default: the current folder)")
    parser.set_defaults(run=run_schema)


def run_schema(args: argparse.Namespace) -> int:
    from .schema import run_schema_command

    return run_schema_command(args.root, args.check)


# --- stubs: each owner replaces its pair with the real one ------------------------------------


def _stub(name: str, help_text: str) -> Callable[[object], None]:
    def add_parser(subparsers) -> None:
        parser = subparsers.add_parser(name, help=f"{help_text} (not built yet)")
        parser.set_defaults(run=lambda args: _not_built(name))

    return add_parser


def _not_built(name: str) -> int:
    print(f"factsheet {name}: not built yet", file=sys.stderr)
    return 2


add_generate_parser = _stub("generate", "check the content and write the Markdown pages")
add_build_parser = _stub("build", "generate, then build site/ with MkDocs")
add_serve_parser = _stub("serve", "preview the site with live reload")
add_new_parser = _stub("new", "create a content file from a template")
add_diff_parser = _stub("diff", "show what changed between two versions of the content")

SUBCOMMANDS = [
    add_check_parser,
    add_generate_parser,
    add_build_parser,
    add_serve_parser,
    add_schema_parser,
    add_new_parser,
    add_diff_parser,
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
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("factsheet: interrupted", file=sys.stderr)
        return 130
    except ContentError as error:  # a stage found content errors: show them as check does
        print_problems(error.problems)
        return 1
    except FactsheetError as error:
        if args.debug:
            raise
        print(f"factsheet: error: {_one_line(str(error))}", file=sys.stderr)
        return 2 if isinstance(error, UsageError) else 1
    except Exception as error:  # a bug: one line for the editor, the traceback with --debug
        if args.debug:
            raise
        print(
            f"factsheet: internal error: {type(error).__name__}: {_one_line(str(error))} "
            "(run with --debug for the traceback)",
            file=sys.stderr,
        )
        return 2


def _one_line(text: str) -> str:
    return " ".join(text.split())
