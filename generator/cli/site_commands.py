"""The content and site commands: `check`, `generate`, `build`, `serve` and `urls`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import ContentError, Problem, has_errors, printable
from .options import content_option, out_option, require_folder
from .output import print_problems

# --- check ------------------------------------------------------------------------------------


def add_check_parser(subparsers) -> None:
    parser = subparsers.add_parser("check", help="validate the content and report every problem")
    content_option(parser)
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    from ..content.validate import check_content

    require_folder(args.content)
    _, problems = check_content(args.content)
    print_problems(problems)
    return 1 if fails(problems, args.strict) else 0


def fails(problems: list[Problem], strict: bool) -> bool:
    return has_errors(problems) or (strict and bool(problems))


# --- generate, build, serve ------------------------------------------------------------------


def add_generate_parser(subparsers) -> None:
    parser = subparsers.add_parser("generate", help="check the content and write the Markdown pages")
    content_option(parser)
    out_option(parser)
    parser.set_defaults(run=run_generate)


def run_generate(args: argparse.Namespace) -> int:
    from ..site.build import generate

    require_folder(args.content)
    report = generate(Path.cwd(), args.out, content_dir=args.content, pause_collector=True)
    if report.warnings:
        print_problems(list(report.warnings))
    written = report.written
    print(
        f"generated {report.pages} files in {printable(str(args.out))}: {len(written.written)} written, "
        f"{len(written.unchanged)} unchanged, {len(written.removed)} removed"
    )
    return 0


def add_build_parser(subparsers) -> None:
    parser = subparsers.add_parser("build", help="generate, then build site/ with MkDocs (--strict)")
    content_option(parser)
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
    from ..errors import BuildError
    from ..site.build import build_site

    require_folder(args.content)
    try:
        report = build_site(
            Path.cwd(), args.site_dir, strict=not args.no_strict, content_dir=args.content, engine=args.engine
        )
    except BuildError as error:  # MkDocs' own report spans lines: print it whole, each line printable
        print(f"factsheet: error: {_lines(str(error))}", file=sys.stderr)
        return 1
    if report.generated.warnings:
        print_problems(list(report.generated.warnings))
    print(f"built {printable(str(args.site_dir))} from {report.generated.pages} generated files")
    return 0


def add_serve_parser(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="preview the site with live reload (mkdocs serve)")
    content_option(parser)
    out_option(parser)
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
    require_folder(args.content)
    if args.full_rebuilds:
        return _serve_with_full_rebuilds(args)
    from ..site.serve import run

    # One process: the content, the index, the pages and MkDocs' site stay in memory, and an
    # edit re-renders and rebuilds only the pages that show it (generator/site/serve.py).
    return run(Path.cwd(), args.content, args.out, args.dev_addr)


def _serve_with_full_rebuilds(args: argparse.Namespace) -> int:
    """`mkdocs serve`, every page rebuilt after each change (its hook regenerates first)."""
    import signal
    import subprocess

    from ..site.build import ENV_CONTENT_DIR, ENV_DOCS_DIR, generate

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


# --- urls -----------------------------------------------------------------------------------


def add_urls_parser(subparsers) -> None:
    parser = subparsers.add_parser("urls", help="list the site's URLs; keep published-urls.txt (stable URLs)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--update", action="store_true", help="rewrite published-urls.txt from the content")
    what.add_argument("--check", action="store_true", help="fail when a published URL would break")
    content_option(parser)
    parser.set_defaults(run=run_urls)


def run_urls(args: argparse.Namespace) -> int:
    """Print, rewrite or check the published list (published-urls.txt beside content/)."""
    from ..content.index import build_index
    from ..content.validate import check_content
    from ..settings import Settings
    from ..site.build import render_all
    from ..site.urls import (
        PUBLISHED_FILE,
        current_urls,
        explain_missing,
        missing_urls,
        published_list_exists,
        read_published,
        write_published,
    )

    require_folder(args.content)
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
        if not published_list_exists(list_path):
            print(f"no {list_path.name} beside {printable(str(args.content))}; run `factsheet urls --update` "
                  "to start one")
            return 1
        missing = missing_urls(read_published(list_path), urls)
        for url in missing:  # the list is a file in the pull request: print it inert
            print(printable(explain_missing(url)))
        print(f"{len(missing)} published URL{'s' if len(missing) != 1 else ''} would break" if missing
              else f"every URL in {list_path.name} is still served")
        return 1 if missing else 0
    for url in sorted(urls):
        print(url)
    return 0


def _lines(text: str) -> str:
    """A report of several lines (MkDocs' output), each line printable."""
    return "\n".join(printable(line) for line in text.splitlines())
