"""What every subcommand's arguments share: the content and docs folder options, the check that
the content folder is there, and the usage error (exit status 2, like argparse's own).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import FactsheetError


class UsageError(FactsheetError):
    """The command line names something that is not there (exit status 2, like argparse)."""


def content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="the content folder (default: content)",
    )


def out_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("build/docs"),
        metavar="DIR",
        help="the docs folder (default: build/docs)",
    )


def require_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise UsageError(f"no content folder at '{folder}'")
