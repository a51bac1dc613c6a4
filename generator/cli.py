"""The command line only: parse arguments, call the stage functions, map errors to exit codes."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("factsheet: not built yet", file=sys.stderr)
    return 2
