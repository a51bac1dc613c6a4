"""A field or a list item's `-` that does not line up with the lines it belongs with.

Indentation is the one mistake whose guess can be tested: the line (or the first line of the
block above it) is moved to each column the lines above use, the text is parsed again, and only
a move that gets the parser past the place it stopped is reported.
"""

from __future__ import annotations

import itertools

import yaml

from .syntax_lines import At, Explained, Line, name_of, previous_line, spaces

_MAX_REPAIRS = 24  # re-parses tried for one indentation error


def _parse_error(text: str, libyaml: bool) -> yaml.MarkedYAMLError | None:
    loader = yaml.CBaseLoader if libyaml else yaml.BaseLoader  # type: ignore[attr-defined]
    try:
        for _ in yaml.parse(text, Loader=loader):
            pass
    except yaml.MarkedYAMLError as error:
        return error
    except yaml.YAMLError:
        return None
    return None


def _block_ends(lines: list[Line], line: Line) -> list[int]:
    """Where the block that `line` opens may end (1-based last lines), shortest first: the line
    alone, up to the next list item that could be its sibling, and all its more indented lines."""
    ends = [line.number]
    sibling_stop = None
    end = line.number
    for below in lines[line.number:]:
        if below.blank:
            continue
        if below.indent <= line.indent:
            break
        if line.dash and below.dash and below.indent <= line.key_column and sibling_stop is None:
            sibling_stop = end
        end = below.number
    for candidate in (sibling_stop, end):
        if candidate is not None and candidate not in ends:
            ends.append(candidate)
    return ends


def _gets_past(lines: list[Line], first: int, last: int, delta: int, past: int, libyaml: bool) -> bool:
    """Whether moving lines first..last by delta columns lets the parser read beyond line `past`."""
    error = _parse_error(_shift(lines, first, last, delta), libyaml)
    return error is None or (error.problem_mark is not None and error.problem_mark.line + 1 > past)


def _shift(lines: list[Line], first: int, last: int, delta: int) -> str:
    """The text with lines `first`..`last` moved `delta` columns (right when positive)."""
    out = []
    for line in lines:
        text = line.text
        if first <= line.number <= last and text.strip():
            if delta > 0:
                text = " " * delta + text
            elif text[:-delta] == " " * -delta:
                text = text[-delta:]
        out.append(text)
    return "\n".join(out)


def indentation(
    text: str, lines: list[Line], problem: At, context: At | None, what: str, where: str, libyaml: bool
) -> Explained | None:
    """A field or `-` that does not line up: try each column the lines above use, keep one that parses."""
    if "block" not in where and "block" not in what:
        return None
    line = lines[problem[0] - 1]
    if line.blank:
        return None
    first = first_line_off(lines, line, libyaml)
    if first is not None:
        return first
    # Columns used above, nearest first: a key's column, a `-`'s column.
    columns: list[tuple[int, Line]] = []
    for above in reversed(lines[:line.number - 1]):
        if above.blank:
            continue
        column = above.indent if line.dash and above.dash else above.key_column
        if column != line.indent and column not in [c for c, _ in columns]:
            columns.append((column, above))
        if len(columns) >= _MAX_REPAIRS // 3:
            break
    ends = _block_ends(lines, line)
    for column, above in sorted(columns, key=lambda item: abs(item[0] - line.indent)):
        for last in ends:
            if _gets_past(lines, line.number, last, column - line.indent, max(last, line.number), libyaml):
                return _misaligned(line, column, above)
    return None


def _misaligned(line: Line, column: int, above: Line) -> Explained:
    if line.dash:
        other = "the '-' of the item above it" if above.dash else "the fields above it"
        return Explained(line.number, line.indent + 1,
                         f"the '-' of this list item is {spaces(line.indent)} in, but {other} (line "
                         f"{above.number}) {'is' if above.dash else 'are'} {spaces(column)} in: put the '-' "
                         f"{spaces(column)} in, exactly under line {above.number}'s (spaces, never tabs)")
    name = f"'{above.key}'" if above.key else f"line {above.number}"
    return Explained(line.number, line.key_column + 1,
                     f"{name_of(line)} is indented {spaces(line.key_column)}, but {name} above it (line "
                     f"{above.number}) is indented {spaces(column)}: indent it {spaces(column)}, like the "
                     "fields of the same record")


def _step(lines: list[Line]) -> tuple[int, bool]:
    """How far the file indents a field's contents (2 in this project's files), and whether it
    ever writes a list's `-` under its field name (`claims:` / `- id: ...` at one column)."""
    counts: dict[int, int] = {}
    indented_lists = indentless_lists = 0
    for line, below in itertools.pairwise(lines):
        if line.key and not line.value.strip() and not below.blank:
            if below.indent > line.key_column:
                delta = below.indent - line.key_column
                counts[delta] = counts.get(delta, 0) + 1
                indented_lists += below.dash
            elif below.dash and below.indent == line.key_column:
                indentless_lists += 1
    counts[2] = counts.get(2, 0) + 1  # the guide's indentation wins a tie (a file of few lines)
    step = max(counts, key=lambda delta: (counts[delta], delta == 2, -delta))
    return step, indentless_lists > indented_lists


def _block_openers(lines: list[Line], line: Line) -> list[tuple[Line, Line]]:
    """(first line, its parent `key:` line) of each block opened above `line`, nearest first."""
    found = []
    for above in reversed(lines[:line.number - 1]):
        if above.blank:
            continue
        parent = previous_line(lines, above.number)
        if parent is not None and parent.key is not None and not parent.value.strip():
            found.append((above, parent))
        if above.indent < line.indent - 8 or len(found) >= 6:
            break
    return found


def first_line_off(lines: list[Line], line: Line, libyaml: bool) -> Explained | None:
    """A block above was opened at an odd indentation (`figure:` then `metric:` 3 spaces in),
    and `line` is where the block should be: the mistake is on the block's first line."""
    step, indentless = _step(lines)
    for first, parent in _block_openers(lines, line):
        standard = parent.key_column + step
        if first.indent == standard or (first.dash and indentless and first.indent == parent.key_column):
            continue
        if first.dash:
            fits = line.indent == standard if line.dash else line.key_column == standard + (
                first.key_column - first.indent)
        else:
            fits = line.key_column == standard
        if not fits:
            continue
        delta = standard - first.indent
        if not any(_gets_past(lines, first.number, last, delta, line.number, libyaml)
                   for last in _block_ends(lines, first)):
            continue
        if first.dash:
            return Explained(first.number, first.indent + 1,
                             f"the '-' of this list item is {spaces(first.indent)} in, but the list under "
                             f"'{parent.key}' (line {parent.number}) is indented {spaces(standard)}, like "
                             f"line {line.number}: put the '-' {spaces(standard)} in (spaces, never tabs)")
        return Explained(first.number, first.key_column + 1,
                         f"{name_of(first)} is indented {spaces(first.key_column)}, but the fields under "
                         f"'{parent.key}' (line {parent.number}) are indented {spaces(standard)}, like "
                         f"{name_of(line)} (line {line.number}): indent it {spaces(standard)}")
    return None
