"""Problems found in content, and the error family of the generator.

Every stage reports editors' mistakes as `Problem`s (never as exceptions) so that one run
shows all of them; `ContentError` carries the collected list out of the build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a 1-based line and column.

    Field order is the sort order: by file, then position, then text.
    """

    path: str
    line: int
    column: int
    message: str
    field_path: str = ""  # e.g. "sections[0].claims[3].figure.value"
    severity: Severity = "error"

    def format(self) -> str:
        """Compiler form, so editors' tools can jump to the place; always one printable line."""
        where = f"{self.path}:{self.line}:{self.column}"
        what = f"{self.field_path}: {self.message}" if self.field_path else self.message
        return printable(f"{where}: {self.severity}: {what}")

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command that marks the line in a pull request."""
        kind = "error" if self.severity == "error" else "warning"
        what = f"{self.field_path}: {self.message}" if self.field_path else self.message
        return (
            f"::{kind} file={_escape_property(printable(self.path))},line={self.line},col={self.column}"
            f"::{_escape_data(printable(what))}"
        )


# Python's short escapes for the three everyone knows; every other character is \xNN, \uNNNN or
# \UNNNNNNNN (Python's own spelling, as in a string literal).
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """Any text as one line that a terminal or a CI log shows as the characters themselves.

    Every character that is not printable (str.isprintable) is written as an escape: C0 and C1
    controls and DEL (ESC, CSI \\x9b and OSC start terminal commands; a line break would start a
    new line that GitHub Actions reads as a workflow command), line and paragraph separators,
    bidi and zero-width format characters (they reorder or hide what is shown), spaces other
    than the ASCII space, and lone surrogates (a file name that is not UTF-8). Backslashes are
    kept as they are: the result is for reading, not for parsing back.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def one_line(text: str) -> str:
    """Runs of whitespace, line breaks included, as one space; the ends stripped.

    The one spelling of this for the whole generator (tests/test_architecture.py holds it here).
    """
    return " ".join(text.split())


def printable_lines(text: str) -> str:
    """A report of several lines for the terminal: each line `printable`, the line breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


def _escape(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape_data(text: str) -> str:
    # The escapes GitHub's workflow-command parser undoes; a newline would end the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summarize(problems: Iterable[Problem]) -> str:
    """'2 errors and 1 warning in 2 files', for the last line of a check."""
    problems = list(problems)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    if not parts:
        return "no problems found"
    return f"{' and '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


class FactsheetError(Exception):
    """Base of every error the generator raises on purpose; the CLI prints these, not tracebacks."""


class ContentError(FactsheetError):
    """The content has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(summarize(self.problems))


class BuildError(FactsheetError):
    """A build step (MkDocs, Zensical, the file system) failed; the previous site is untouched."""
