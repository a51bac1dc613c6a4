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


def _out_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("build/docs"),
        metavar="DIR",
        help="the docs folder (default: build/docs)",
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
    from .content.validate import check_content

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
    from .tools.schema import run_schema_command

    return run_schema_command(args.root, args.check)


# --- generate, build, serve ------------------------------------------------------------------


def add_generate_parser(subparsers) -> None:
    parser = subparsers.add_parser("generate", help="check the content and write the Markdown pages")
    _content_option(parser)
    _out_option(parser)
    parser.set_defaults(run=run_generate)


def run_generate(args: argparse.Namespace) -> int:
    from .site.build import generate

    _require_folder(args.content)
    report = generate(Path.cwd(), args.out, content_dir=args.content, pause_collector=True)
    if report.warnings:
        print_problems(list(report.warnings))
    written = report.written
    print(
        f"generated {report.pages} files in {args.out}: {len(written.written)} written, "
        f"{len(written.unchanged)} unchanged, {len(written.removed)} removed"
    )
    return 0


def add_build_parser(subparsers) -> None:
    parser = subparsers.add_parser("build", help="generate, then build site/ with MkDocs (--strict)")
    _content_option(parser)
    parser.add_argument(
        "--site-dir",
        type=Path,
        default=Path("site"),
        metavar="DIR",
        help="where the site goes (default: site)",
    )
    parser.add_argument("--no-strict", action="store_true", help="let MkDocs warnings pass")
    parser.add_argument(
        "--engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="the site builder: MkDocs + Material (default) or Zensical; always a full build",
    )
    parser.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    from .errors import BuildError
    from .site.build import build_site

    _require_folder(args.content)
    try:
        report = build_site(
            Path.cwd(), args.site_dir, strict=not args.no_strict, content_dir=args.content, engine=args.engine
        )
    except BuildError as error:  # MkDocs' own report spans lines: print it whole
        print(f"factsheet: error: {error}", file=sys.stderr)
        return 1
    if report.generated.warnings:
        print_problems(list(report.generated.warnings))
    print(f"built {args.site_dir} from {report.generated.pages} generated files")
    return 0


def add_serve_parser(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="preview the site with live reload (mkdocs serve)")
    _content_option(parser)
    _out_option(parser)
    parser.add_argument(
        "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT", help="default: 127.0.0.1:8000"
    )
    parser.add_argument(
        "--full-rebuilds",
        action="store_true",
        help="run `mkdocs serve`, every page rebuilt on each change (default: only the pages an edit shows)",
    )
    parser.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    _require_folder(args.content)
    if args.full_rebuilds:
        return _serve_with_full_rebuilds(args)
    from .site.serve import run

    # One process: the content, the index, the pages and MkDocs' site stay in memory, and an
    # edit re-renders and rebuilds only the pages that show it (generator/site/serve.py).
    return run(Path.cwd(), args.content, args.out, args.dev_addr)


def _serve_with_full_rebuilds(args: argparse.Namespace) -> int:
    """`mkdocs serve`, every page rebuilt after each change (its hook regenerates first)."""
    import signal
    import subprocess

    from .site.build import ENV_CONTENT_DIR, ENV_DOCS_DIR, generate

    generate(Path.cwd(), args.out, content_dir=args.content, pause_collector=True)  # errors show here
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env[ENV_CONTENT_DIR] = str(args.content.resolve())
    env[ENV_DOCS_DIR] = str(args.out.resolve())
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", args.dev_addr]
    server = subprocess.Popen(command, env=env)
    # Stopping `factsheet serve` (Ctrl-C, or SIGTERM from a supervisor or a test) must stop the
    # server too; otherwise an orphaned mkdocs keeps the port and the watchers.
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: server.terminate())
    try:
        code = server.wait()
        return 128 - code if code < 0 else code  # killed by a signal: the shell's 128 + number
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


# --- new ------------------------------------------------------------------------------------


def add_new_parser(subparsers) -> None:
    parser = subparsers.add_parser("new", help="write a commented skeleton of a source, sheet or claim")
    kinds = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    source = kinds.add_parser("source", help="a new source file for a URL")
    source.add_argument("url", metavar="URL", help="the http(s) address of the page")
    source.add_argument("--id", help="the id (default: from the URL's site, date and headline)")
    sheet = kinds.add_parser("sheet", help="a new sheet file")
    sheet.add_argument("id", nargs="?", metavar="ID", help="the id (default: from --title)")
    sheet.add_argument("--title", help="the page title")
    claim = kinds.add_parser("claim", help="a new claim at the end of a sheet's last section")
    claim.add_argument("sheet", metavar="SHEET", help="the sheet id")
    claim.add_argument("--kind", default="figure", help="figure, event, statement, quote or assessment")
    claim.add_argument("--id", help="the claim id (default: SHEET-claim-N, unique on the site)")
    claim.add_argument("--source", help="the id of the source it cites")
    for kind in (source, sheet, claim):
        _content_option(kind)
    parser.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    from datetime import date

    from .tools.scaffold import ScaffoldError, new_claim, new_sheet, new_source, report

    _require_folder(args.content)
    try:
        if args.what == "source":
            created = new_source(args.content, args.url, date.today(), args.id)
        elif args.what == "sheet":
            created = new_sheet(args.content, date.today(), args.id, args.title)
        else:
            created = new_claim(args.content, args.sheet, args.kind, args.id, args.source)
    except ScaffoldError as error:
        print(f"factsheet new: {error}", file=sys.stderr)
        return 1
    print(report(created, Path.cwd()))
    return 0


# --- diff -----------------------------------------------------------------------------------


def add_diff_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "diff", help="Markdown of the claims and sources added, removed and changed between two git revisions"
    )
    parser.add_argument("base", metavar="BASE", help="the git revision to compare from, e.g. origin/main")
    parser.add_argument("head", nargs="?", metavar="HEAD",
                        help="the revision to compare to (default: the working tree, with uncommitted edits)")
    _content_option(parser)
    parser.set_defaults(run=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    from .tools.diff import DiffError, diff_revisions

    _require_folder(args.content)
    try:
        print(diff_revisions(args.content, args.base, args.head), end="")
    except DiffError as error:
        raise UsageError(str(error)) from None
    return 0


# --- urls -----------------------------------------------------------------------------------


def add_urls_parser(subparsers) -> None:
    parser = subparsers.add_parser("urls", help="list the site's URLs; keep published-urls.txt (stable URLs)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--update", action="store_true", help="rewrite published-urls.txt from the content")
    what.add_argument("--check", action="store_true", help="fail when a published URL would break")
    _content_option(parser)
    parser.set_defaults(run=run_urls)


def run_urls(args: argparse.Namespace) -> int:
    """Print, rewrite or check the published list (published-urls.txt beside content/)."""
    from .content.index import build_index
    from .content.validate import check_content
    from .settings import Settings
    from .site.build import render_all
    from .site.urls import (
        PUBLISHED_FILE,
        current_urls,
        explain_missing,
        missing_urls,
        read_published,
        write_published,
    )

    _require_folder(args.content)
    content, problems = check_content(args.content)
    if content is None:
        raise ContentError(problems)
    pages = render_all(build_index(content), Settings.from_env())
    urls = current_urls(content, pages)
    list_path = args.content.resolve().parent / PUBLISHED_FILE
    if args.update:
        changed = write_published(list_path, urls)
        print(f"{'wrote' if changed else 'unchanged:'} {list_path.name} ({len(urls)} URLs)")
        return 0
    if args.check:
        if not list_path.is_file():
            print(f"no {list_path.name} beside {args.content}; run `factsheet urls --update` to start one")
            return 1
        missing = missing_urls(read_published(list_path), urls)
        for url in missing:
            print(explain_missing(url))
        print(f"{len(missing)} published URL{'s' if len(missing) != 1 else ''} would break" if missing
              else f"every URL in {list_path.name} is still served")
        return 1 if missing else 0
    for url in sorted(urls):
        print(url)
    return 0


SUBCOMMANDS = [
    add_check_parser,
    add_generate_parser,
    add_build_parser,
    add_serve_parser,
    add_schema_parser,
    add_new_parser,
    add_diff_parser,
    add_urls_parser,
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
