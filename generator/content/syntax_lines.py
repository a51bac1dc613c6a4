"""The lines of a content file as the syntax messages read them, and the words they share.

Each line is split into its indentation, `- ` markers, `key:` and value (`Line`); `Explained` is
a mistake found among them: where the editor made it, and how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FIELD_LINE = re.compile(
    r"^(?P<indent> *)(?P<dash>(?:- +)*)(?:(?P<key>[A-Za-z_][A-Za-z0-9_-]*) *:(?= |$) *)?"
)
At = tuple[int, int]  # 1-based line and column


@dataclass(frozen=True)
class Explained:
    line: int  # 1-based
    column: int  # 1-based
    message: str


@dataclass(frozen=True)
class Line:
    """One line as a content file writes it: indentation, `- ` markers, a `key:`, the value."""

    number: int  # 1-based
    text: str
    indent: int  # spaces before the first `-` or key
    dash: bool  # the line starts a list item
    key: str | None  # the field name, when the line is `key: ...`
    key_column: int  # 0-based column of the key (or of the value after `- `)
    value: str  # what follows `key: ` (or `- `), comment included
    value_column: int  # 0-based

    @property
    def blank(self) -> bool:
        stripped = self.text.strip()
        return not stripped or stripped.startswith("#")


def _split(number: int, text: str) -> Line:
    match = _FIELD_LINE.match(text)
    assert match is not None  # every part is optional
    indent = len(match.group("indent"))
    dash = bool(match.group("dash"))
    key = match.group("key")
    key_column = indent + len(match.group("dash"))
    return Line(number, text, indent, dash, key, key_column, text[match.end():], match.end())


def read_lines(text: str) -> list[Line]:
    return [_split(number, line) for number, line in enumerate(text.split("\n"), start=1)]


def name_of(line: Line) -> str:
    return f"'{line.key}'" if line.key else "this line"


def spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def previous_line(lines: list[Line], number: int) -> Line | None:
    """The nearest line above line `number` (1-based) that holds something."""
    for line in reversed(lines[:number - 1]):
        if not line.blank:
            return line
    return None
