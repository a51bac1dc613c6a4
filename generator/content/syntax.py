"""YAML syntax errors in plain words, at the line where the editor made the mistake.

The parser reports where it gave up, in its own terms ("did not find expected '-' indicator
(while parsing a block collection)"), and sometimes far below the mistake: a quote left open on
one line is closed by the next quote in the file, and the parser stops many lines later.
`explain` looks at the text around the parser's marks for the usual mistakes and names the
mistake and its fix:

- a field or a list item's `-` indented more or less than the lines it belongs with;
- `: ` inside unquoted text (YAML reads a field), ` #` inside unquoted text (a comment);
- a quote or a bracket that is never closed, or a quote inside quotes;
- a field name without its `:`;
- text that starts with a character YAML reads as syntax (`[`, `*`, `@`, `>`, `- `, ...).

Where a guess can be tested (indentation, syntax_indentation.py), it is: the line is re-indented
and the text parsed again, and only a change that gets the parser past the place is reported.
Anything else keeps the parser's own words after "YAML syntax:". Both parsers (libyaml and
PyYAML's) get the same answer: only their marks and contexts are read, which they share.
"""

from __future__ import annotations

import re

import yaml

from .syntax_indentation import first_line_off, indentation
from .syntax_lines import At, Explained, Line, name_of, previous_line, read_lines, spaces

_LOOKS_LIKE_FIELD = re.compile(r"^ *(?:- +)*[A-Za-z_][A-Za-z0-9_-]*:(?: |$)")
_COMMENT_IN_PLAIN = re.compile(r" #")


def _mark(mark: yaml.Mark | None) -> tuple[int, int] | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def explain(text: str, error: yaml.MarkedYAMLError, libyaml: bool) -> Explained:
    """The mistake behind a parser error: where the editor made it, and how to fix it."""
    lines = read_lines(text)
    problem = _on_a_line(_mark(error.problem_mark) or _mark(error.context_mark) or (1, 1), lines)
    context = _mark(error.context_mark)
    context = _on_a_line(context, lines) if context is not None else None
    what = error.problem or ""
    where = error.context or ""
    for diagnose in (_open_quote, _quote_then_text, _tab_or_character, _flow, _missing_colon,
                     _colon, _comment_in_text, _starts_like_syntax, indentation):
        found = diagnose(text, lines, problem, context, what, where, libyaml) if lines else None
        if found is not None:
            return found
    plain = f"{what} ({where})" if where else (what or "invalid YAML")
    return Explained(*problem, f"YAML syntax: {plain}")


def _on_a_line(at: At, lines: list[Line]) -> At:
    """A mark past the last line (the parser reached the end of the file) as the end of that line."""
    if not lines or at[0] <= len(lines):
        return at
    return lines[-1].number, len(lines[-1].text) + 1


# --- quotes -------------------------------------------------------------------------------------


def _quote_fix(quote: str) -> str:
    if quote == '"':
        return 'a " inside double quotes is written \\"'
    return "a ' inside single quotes is written '' (two single quotes)"


def _closing_quote(text: str, start: int) -> int | None:
    """Index of the quote that closes the quoted text opening at `start`, or None."""
    quote = text[start]
    index = start + 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1:index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


def _quoted_values(line: Line) -> list[tuple[int, int | None]]:
    """(opening, closing) 0-based columns of the quoted texts a line starts, left to right."""
    found: list[tuple[int, int | None]] = []
    column = line.value_column
    value = line.text
    while column < len(value) and value[column] in "\"'":
        closing = _closing_quote(value, column)
        found.append((column, closing))
        if closing is None:
            break
        column = closing + 1
        while column < len(value) and value[column] == " ":
            column += 1
        if column < len(value) and value[column] == "#":
            break
    return found


def _open_quote(
    text: str, lines: list[Line], problem: At, context: At | None, what: str, where: str, libyaml: bool
) -> Explained | None:
    """A quote never closed on its line: the parser read on, often far, until the next quote."""
    last = problem[0]
    for line in lines[:last]:
        if line.blank:
            continue
        quoted = _quoted_values(line)
        if not quoted or quoted[-1][1] is not None:
            continue
        opening = quoted[-1][0]
        quote = line.text[opening]
        if len(quoted) > 1:  # 'Kim's troops': the first quote closed early, the third is left open
            early = quoted[0][1]
            assert early is not None
            return Explained(line.number, early + 1,
                             f"the quoted text ends at this {quote} and more text follows it on the line: "
                             f"{_quote_fix(quote)}, or put the whole text in the other kind of quotes")
        # A quoted text may run over several lines in YAML, but not over fields: if a later line
        # up to the error looks like `key: value`, the quote was meant to close on this line.
        swallowed = any(_LOOKS_LIKE_FIELD.match(other.text) for other in lines[line.number:last])
        at_end = "end of stream" in what or where == "while scanning a quoted scalar"
        if swallowed or (at_end and context == (line.number, opening + 1)):
            return Explained(line.number, opening + 1,
                             f"the text that starts with {quote} here is never closed: end it with {quote} "
                             f"on the same line ({_quote_fix(quote)})")
    return None


def _quote_then_text(
    text: str, lines: list[Line], problem: At, context: At | None, what: str, where: str, libyaml: bool
) -> Explained | None:
    """`"Kim" said` or `"He said "600" killed"`: the quoted text ends early, text follows."""
    line = lines[problem[0] - 1]
    for opening, closing in _quoted_values(line):
        if closing is None:
            continue
        rest = line.text[closing + 1:].strip()
        if rest and not rest.startswith("#") and closing + 1 < problem[1]:
            quote = line.text[opening]
            return Explained(line.number, closing + 1,
                             f"the quoted text ends at this {quote} and more text follows it on the line: "
                             f"{_quote_fix(quote)}, or put the whole text in the other kind of quotes")
    return None


# --- single characters --------------------------------------------------------------------------


def _tab_or_character(
    text: str, lines: list[Line], problem: At, context: At | None, what: str, where: str, libyaml: bool
) -> Explained | None:
    if "'\\t'" in what:
        return Explained(*problem, "a tab character here: YAML needs spaces; replace the tab with spaces")
    if "unknown escape character" in what:
        return Explained(*problem, "a backslash in double quotes starts an escape, and this one is not one "
                                   "YAML knows: write a backslash as \\\\, or put the text in single quotes")
    if "that cannot start any token" in what:
        line = lines[problem[0] - 1].text
        char = line[problem[1] - 1] if problem[1] - 1 < len(line) else "?"
        return Explained(*problem,
                         f"a value cannot start with '{char}' in YAML: put the whole text in quotes")
    return None


def _starts_like_syntax(
    text: str, lines: list[Line], problem: At, context: At | None, what: str, where: str, libyaml: bool
) -> Explained | None:
    """Text whose first character YAML reads as syntax: `[sic] ...`, `*emphasis*`, `> 5`, `- a`."""
    line = lines[problem[0] - 1]
    value = line.value.lstrip()
    if not line.key or not value:
        return None
    first = value[0]
    if first in "[{" and problem[0] == line.number:
        closing = "]" if first == "[" else "}"
        if closing in value and not value.rstrip().endswith(closing):
            return _quote_it(line, f"a value that starts with '{first}' is read as a "
                                   f"{'list' if first == '[' else 'mapping'}")
    if first in "*&" and ("alias" in what or "anchor" in what or "alphabetic" in what):
        return _quote_it(line, f"a value that starts with '{first}' is read as an "
                               f"{'alias' if first == '*' else 'anchor'}")
    if first in "|>" and ("block scalar" in where or "indicator" in what):
        return _quote_it(line, f"a value that starts with '{first}' is read as a block of text")
    if value.startswith("- ") and "sequence entries" in what:
        return _quote_it(line, "a value that starts with '- ' is read as a list item; a list starts on the "
                               "next line, or")
    return None


def _quote_it(line: Line, why: str) -> Explained:
    return Explained(line.number, line.value_column + 1, f"{why}: put the whole text in quotes")


# --- brackets -----------------------------------------------------------------------------------


def _flow(
    text: str, lines: list[Line], problem: At, context: At | None, what: str, where: str, libyaml: bool
) -> Explained | None:
    """A `[` or `{` not closed on its line, or closed out of sight by a ` #` comment."""
    if "flow sequence" not in where and "flow mapping" not in where:
        return None
    if context is None:
        return None
    line = lines[context[0] - 1]
    opening = line.text[context[1] - 1] if context[1] - 1 < len(line.text) else "["
    closing = "]" if opening == "[" else "}"
    kind = "list" if opening == "[" else "mapping"
    comment = _COMMENT_IN_PLAIN.search(line.text, context[1])
    if comment is not None:
        return Explained(line.number, comment.start() + 2,
                         f"' #' starts a comment in YAML, so the rest of the line, with the {closing} that "
                         f"closes the {kind}, is not read: put the text that holds ' #' in quotes")
    if problem[0] > context[0]:
        return Explained(*context, f"the {kind} that starts with '{opening}' here is not closed: "
                                   f"end it with '{closing}' on the same line")
    return None


# --- colons -------------------------------------------------------------------------------------


def _missing_colon(
    text: str, lines: list[Line], problem: At, context: At | None, what: str, where: str, libyaml: bool
) -> Explained | None:
    bare = _bare_name_above(lines, lines[problem[0] - 1])
    if bare is not None and "could not find expected ':'" not in what:
        name, _, rest = bare.text[bare.key_column:].partition(" ")
        written = f"{name}: {rest.strip()}" if rest.strip() else f"{name}:"
        return Explained(bare.number, bare.key_column + 1,
                         f"this line has no ':' after '{name}', so YAML reads it and the lines below it "
                         f"as one text: write '{written}'")
    if "could not find expected ':'" not in what or context is None:
        return None
    line = lines[context[0] - 1]
    stripped = line.text[line.key_column:]
    glued = re.match(r"([A-Za-z_][A-Za-z0-9_-]*):(\S.*)", stripped)
    if glued:
        return Explained(line.number, line.key_column + len(glued.group(1)) + 2,
                         f"put a space after the ':' (write '{glued.group(1)}: {glued.group(2)}')")
    words = stripped.split(None, 1)
    named = len(words) == 2 and re.fullmatch(r"[a-z_]+", words[0])
    fix = f" (write '{words[0]}: {words[1]}')" if named else ""
    message = f"this line has no ':': a field is written 'name: value'{fix}"
    previous = previous_line(lines, line.number)
    if not fix and previous is not None and previous.key and previous.value.strip():
        message += "; if the line continues the text above it, join it to that line"
    return Explained(line.number, line.key_column + 1, message)


def _bare_name_above(lines: list[Line], line: Line) -> Line | None:
    """A field name without its ':' above the error (`figure` over its block, `metric deaths`):
    the parser read it and the lines below it as one text and stopped at the next ': '."""
    seen = 0
    for above in reversed(lines[:line.number]):
        if above.blank:
            continue
        seen += 1
        if seen > 4 or above.indent < line.indent - 2:
            return None
        if above.key is not None or not re.fullmatch(r" *(- +)?[a-z_]+( .*)?", above.text):
            continue
        if above.indent <= line.indent and _text_start(lines, above) is None and above.number < line.number:
            return above
    return None


def _colon(
    text: str, lines: list[Line], problem: At, context: At | None, what: str, where: str, libyaml: bool
) -> Explained | None:
    """'mapping values are not allowed': a ': ' in unquoted text, or a field indented too far."""
    if not what.startswith("mapping values are not allowed"):
        return None
    line = lines[problem[0] - 1]
    colon = problem[1] - 1
    if line.key is not None and colon > line.key_column + len(line.key):
        # `title: The NIS said: 600`: the colon is in the value.
        return Explained(line.number, line.value_column + 1,
                         f"the text of {name_of(line)} holds ': ', which YAML reads as the start of a field: "
                         "put the whole text in quotes")
    starts = _text_start(lines, line)
    if line.key is not None and starts is not None and starts.key is not None:
        first = first_line_off(lines, line, libyaml)
        if first is not None:
            return first
        if line.indent > starts.key_column:
            return Explained(line.number, line.key_column + 1,
                             f"{name_of(line)} is indented {spaces(line.key_column)}, more than "
                             f"{name_of(starts)} above it ({spaces(starts.key_column)}), so YAML reads this "
                             f"line as more of the text of {name_of(starts)}: indent it like the fields "
                             "beside it")
    if starts is not None and starts.key is not None:
        return Explained(line.number, colon + 1,
                         f"the text of {name_of(starts)} (line {starts.number}) holds ': ' here, which YAML "
                         "reads as the start of a field: put the whole text in quotes")
    return Explained(line.number, colon + 1,
                     "': ' here is read as the start of a field: put the text that holds it in quotes")


def _text_start(lines: list[Line], line: Line) -> Line | None:
    """The `key: text` line whose plain text the given line continues, if any."""
    for above in reversed(lines[:line.number - 1]):
        if above.blank:
            continue
        if above.key is not None and above.key_column < line.indent:
            return above if above.value.strip() and not above.value.lstrip().startswith("#") else None
        if above.indent < line.indent and above.dash:
            return None
    return None


# --- comments -----------------------------------------------------------------------------------


def _comment_in_text(
    text: str, lines: list[Line], problem: At, context: At | None, what: str, where: str, libyaml: bool
) -> Explained | None:
    """`text: NIS #1 estimate` and a continuation line: the comment ended the text early."""
    line = lines[problem[0] - 1]
    starts = _text_start(lines, line) if not line.key else None
    candidates = [starts] if starts is not None else []
    previous = previous_line(lines, line.number)
    if previous is not None and previous.key and previous.indent < line.indent:
        candidates.append(previous)
    for candidate in candidates:
        value = candidate.value
        if not value or value[0] in "\"'[{|>":
            continue
        comment = _COMMENT_IN_PLAIN.search(value)
        if comment is not None and comment.start() > 0:
            return Explained(candidate.number, candidate.value_column + comment.start() + 2,
                             f"' #' starts a comment in YAML, so the text of {name_of(candidate)} ends "
                             "before it and the next line cannot continue it: put the whole text in quotes")
    return None
