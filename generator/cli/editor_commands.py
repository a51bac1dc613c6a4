"""The editors' tools: `schema`, `new`, `diff`, `verify` and `archive`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import one_line, printable
from .options import UsageError, content_option, require_folder

# --- schema -----------------------------------------------------------------------------------


def add_schema_parser(subparsers) -> None:
    parser = subparsers.add_parser("schema", help="write the JSON Schemas of the content files to schemas/")
    parser.add_argument("--check", action="store_true", help="only check that schemas/ is up to date")
    parser.add_argument("--root", type=Path, default=Path("."), metavar="DIR",
                        help="the repository folder (default: the current folder)")
    parser.set_defaults(run=run_schema)


def run_schema(args: argparse.Namespace) -> int:
    from ..tools.schema import run_schema_command

    return run_schema_command(args.root, args.check)


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
    claim = kinds.add_parser("claim", help="a new claim at the end of one of a sheet's sections")
    claim.add_argument("sheet", metavar="SHEET", help="the sheet id")
    claim.add_argument("--kind", default="figure", help="figure, event, statement, quote or assessment")
    claim.add_argument("--id", help="the claim id (default: SHEET-claim-N, unique on the site)")
    claim.add_argument("--source", help="the id of the source it cites")
    claim.add_argument("--section", metavar="ID", help="the section it goes in (default: the section that "
                       "holds the latest claim of the same metric, else the first section with claims)")
    claim.add_argument("--metric", metavar="ID", help="for a figure: the metric it counts (default: the "
                       "sheet's first metric)")
    for kind in (source, sheet, claim):
        content_option(kind)
    parser.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    from datetime import date

    from ..tools.scaffold import ScaffoldError, new_sheet, new_source, report
    from ..tools.scaffold_claim import new_claim

    require_folder(args.content)
    try:
        if args.what == "source":
            created = new_source(args.content, args.url, date.today(), args.id)
        elif args.what == "sheet":
            created = new_sheet(args.content, date.today(), args.id, args.title)
        else:
            created = new_claim(args.content, args.sheet, args.kind, args.id, args.source, args.section,
                                args.metric)
    except ScaffoldError as error:
        print(f"factsheet new: {printable(one_line(str(error)))}", file=sys.stderr)
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
    content_option(parser)
    parser.set_defaults(run=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    from ..tools.diff import diff_revisions
    from ..tools.revisions import RevisionError

    require_folder(args.content)
    try:
        print(diff_revisions(args.content, args.base, args.head), end="")
    except RevisionError as error:
        raise UsageError(str(error)) from None
    return 0


# --- verify, archive -----------------------------------------------------------------------


def add_verify_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "verify", help="look up each cited quote on its page (network); results go to content/checks/"
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE_ID", help="only these sources (default: all)")
    parser.add_argument("--changed", metavar="BASE",
                        help="only quotes added or changed since the git revision BASE, e.g. origin/main, "
                             "and those of sources whose check file was added or changed since")
    parser.add_argument("--json", action="store_true",
                        help="print a JSON list of the quotes and their status")
    parser.add_argument("--summary", type=Path, metavar="FILE",
                        help="append a Markdown table of every status to FILE (e.g. $GITHUB_STEP_SUMMARY)")
    content_option(parser)
    parser.set_defaults(run=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from ..tools.revisions import RevisionError
    from ..tools.verify_content import VerifyUsageError, run_verify_command

    require_folder(args.content)
    try:
        return run_verify_command(
            args.content, args.sources, changed_base=args.changed, as_json=args.json, summary=args.summary
        )
    except (VerifyUsageError, RevisionError) as error:
        raise UsageError(str(error)) from None


def add_archive_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "archive", help="save sources' pages in the Internet Archive; fill in archive_url and archived"
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE_ID", help="the sources to archive")
    parser.add_argument("--force", action="store_true", help="replace an archive_url that is already set")
    parser.add_argument("--endpoint", default=None, metavar="URL",
                        help="the Save Page Now address (default: https://web.archive.org/save/)")
    content_option(parser)
    parser.set_defaults(run=run_archive)


def run_archive(args: argparse.Namespace) -> int:
    from datetime import date

    from ..tools.archive import SAVE_ENDPOINT, ArchiveUsageError, archive_sources

    require_folder(args.content)
    try:
        return archive_sources(
            args.content, args.sources, endpoint=args.endpoint or SAVE_ENDPOINT, today=date.today(),
            force=args.force,
        )
    except ArchiveUsageError as error:
        raise UsageError(str(error)) from None
