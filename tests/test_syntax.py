"""YAML syntax errors in plain words, at the editor's line: both parsers, small cases and the real sheet.

Each invalid fixture `yaml-syntax-*` holds one of these mistakes with its exact output (test_cli.py);
here the same mistakes are made in small files, with both parsers, and then on the real sheet at
lines picked by a seeded random generator, where the parser would stop far from the mistake.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from generator.content.parse import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SHEET = ROOT / "content" / "sheets" / "dprk-troops-russia.yaml"
PARSERS = [pytest.param(False, id="pure-python"), pytest.param(True, id="libyaml")]

# (text, line, column, words the message must hold): each is a mistake editors make.
CASES = {
    "field indented one more": (
        "id: x\nsections:\n  - id: a\n    title: T\n     intro: foo\n", 5, 6,
        ["'intro' is indented 5 spaces", "more than 'title'", "indent it like the fields beside it"]),
    "field indented two less": (
        "id: x\nsections:\n  - id: a\n    title: T\n  intro: foo\n    claims: []\n", 5, 3,
        ["'intro' is indented 2 spaces", "indent it 4 spaces"]),
    "first field of a block off": (
        "id: x\nfigure:\n   metric: m\n  value: 1\n", 3, 4,
        ["'metric' is indented 3 spaces", "fields under 'figure'", "indent it 2 spaces"]),
    "list item's dash one further": (
        "id: x\nsections:\n  - id: a\n    title: T\n   - id: b\n    title: U\n", 5, 4,
        ["the '-' of this list item is 3 spaces in", "put the '-' 2 spaces in"]),
    "list item's dash back at the field": (
        "id: x\nsections:\n  - id: a\n    claims:\n      - id: c\n        text: t\n    - id: d\n"
        "      text: u\n", 7, 5, ["the '-' of this list item is 4 spaces in", "put the '-' 6 spaces in"]),
    "colon in text": (
        "id: x\ntitle: The NIS said: 600 killed\n", 2, 8,
        ["the text of 'title' holds ': '", "put the whole text in quotes"]),
    "hash in text continued": (
        "id: x\ntitle: The NIS #1 estimate\n  continues here\n", 2, 16,
        ["' #' starts a comment", "put the whole text in quotes"]),
    "hash in a list": (
        "id: x\ntags: [a #b, c]\nsummary: s\n", 2, 10, ["' #' starts a comment", "in quotes"]),
    "double quote never closed": (
        "id: x\ntitle: \"The NIS said\nsummary: s\nurl: \"https://e.org\"\n", 2, 8,
        ['the text that starts with " here is never closed', 'end it with "']),
    "single quote never closed": (
        "id: x\ntitle: 'The NIS said\nsummary: s\n", 2, 8,
        ["the text that starts with ' here is never closed", "two single quotes"]),
    "apostrophe in single quotes": (
        "id: x\ntitle: 'Kim's troops'\nsummary: s\n", 2, 12,
        ["the quoted text ends at this '", "two single quotes"]),
    "double quote inside double quotes": (
        "id: x\nquote: \"He said \"600\" killed\"\n", 2, 17,
        ['the quoted text ends at this "', 'written \\"']),
    "text after a quoted text": (
        "id: x\ntitle: \"Kim\" said\nsummary: s\n", 2, 12, ['the quoted text ends at this "']),
    "bracket never closed": (
        "id: x\ntags: [a, b\nsummary: s\n", 2, 7,
        ["the list that starts with '[' here is not closed", "end it with ']'"]),
    "brace never closed": (
        "id: x\nfigure: {metric: a, value: 1\nsummary: s\n", 2, 9, ["end it with '}'"]),
    "missing colon": (
        "id: x\ntitle The NIS\nsummary: s\n", 2, 1,
        ["this line has no ':'", "write 'title: The NIS'"]),
    "no space after the colon": (
        "id: x\ntitle:The NIS\nsummary: s\n", 2, 7, ["put a space after the ':'", "'title: The NIS'"]),
    "text that starts with a bracket": (
        "id: x\ntitle: [sic] the NIS said\n", 2, 8, ["starts with '['", "put the whole text in quotes"]),
    "text that starts with an at sign": (
        "id: x\ntitle: @nis said\n", 2, 8, ["cannot start with '@'", "in quotes"]),
}


@pytest.mark.parametrize("libyaml", PARSERS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_mistake_is_named_with_its_fix_at_its_place(name, libyaml):
    text, line, column, words = CASES[name]
    root, problems = parse_bytes(text.encode(), "f.yaml", libyaml=libyaml)
    assert root is None and len(problems) == 1
    problem = problems[0]
    assert (problem.line, problem.column) == (line, column), problem.format()
    for word in words:
        assert word in problem.message, problem.format()
    assert "YAML syntax" not in problem.message and "while parsing" not in problem.message


def test_what_is_not_recognised_keeps_the_parser_words():
    root, problems = parse_bytes(b"a: b\n? c\n- d\n", "f.yaml")
    assert root is None and problems[0].message.startswith("YAML syntax: ")


def _field_lines(lines: list[str]) -> list[int]:
    return [index for index, line in enumerate(lines) if re.match(r"^ *(- )?[a-z_]+: \S", line)]


def _mistakes(lines: list[str], rng: random.Random):
    """(name, 0-based line of the mistake, the sheet's lines with the mistake), from one random line."""
    index = rng.choice(_field_lines(lines))
    line = lines[index]
    key, value = re.match(r"^ *(?:- )?([a-z_]+): (.*)$", line).groups()  # type: ignore[union-attr]
    yield "indented one more", index, [*lines[:index], " " + line, *lines[index + 1:]]
    yield "indented two more", index, [*lines[:index], "  " + line, *lines[index + 1:]]
    yield "indented one less", index, [*lines[:index], line[1:], *lines[index + 1:]]
    if not line.lstrip().startswith("- "):
        yield "missing colon", index, [*lines[:index], line.replace(f"{key}:", key, 1), *lines[index + 1:]]
    if value.startswith('"') and value.endswith('"'):
        yield "quote never closed", index, [*lines[:index], line[:-1], *lines[index + 1:]]
    elif value.startswith("[") and value.endswith("]"):
        yield "bracket never closed", index, [*lines[:index], line[:-1], *lines[index + 1:]]
    elif len(value) > 8 and value[0] not in "'\"":
        yield "colon in text", index, [*lines[:index], line + ": and more", *lines[index + 1:]]


def test_mistakes_in_the_real_sheet_are_reported_at_the_line_where_they_are_made():
    lines = SHEET.read_text(encoding="utf-8").split("\n")
    rng = random.Random(13)
    checked = 0
    for _ in range(40):
        for name, index, mutated in _mistakes(lines, rng):
            root, problems = parse_bytes("\n".join(mutated).encode(), "s.yaml")
            if root is not None:
                continue  # some moves are still valid YAML: the validator's field checks take over
            checked += 1
            problem = problems[0]
            assert problem.line == index + 1, f"{name} at line {index + 1}: {problem.format()}"
            assert not problem.message.startswith("YAML syntax"), f"{name}: {problem.format()}"
    assert checked >= 100


def test_an_unclosed_quote_far_from_the_next_quote_is_found_where_it_opens():
    lines = SHEET.read_text(encoding="utf-8").split("\n")
    quoted = [index for index, line in enumerate(lines) if re.match(r'^ *(- )?[a-z_]+: ".*"$', line)]
    for index in quoted[::7]:
        mutated = [*lines[:index], lines[index][:-1], *lines[index + 1:]]
        root, problems = parse_bytes("\n".join(mutated).encode(), "s.yaml")
        assert root is None
        assert problems[0].line == index + 1, problems[0].format()
        assert "never closed" in problems[0].message, problems[0].format()


@pytest.mark.parametrize("libyaml", PARSERS)
def test_a_block_moved_as_a_whole_is_found_at_its_first_line(libyaml):
    lines = SHEET.read_text(encoding="utf-8").split("\n")
    starts = [index for index, line in enumerate(lines) if line.startswith("          - source: ")][:6]
    for index in starts:
        end = next(i for i in range(index + 1, len(lines)) if len(lines[i]) - len(lines[i].lstrip()) <= 10)
        moved = [*lines[:index], *(" " + line for line in lines[index:end]), *lines[end:]]
        root, problems = parse_bytes("\n".join(moved).encode(), "s.yaml", libyaml=libyaml)
        if root is None:
            assert problems[0].line == index + 1, problems[0].format()
            assert "'-' of this list item" in problems[0].message


@pytest.mark.parametrize("libyaml", [True, False])
def test_a_mistake_the_parser_finds_past_the_last_line_is_shown_on_it(libyaml: bool) -> None:
    # Found by the fuzz test: an anchor with nothing after it at the very end of the file made the
    # parser point one line below the last, and the explanation looked that line up.
    data = b"id: example-ministry\nname: Ministry of Examples\nkind: agency\n&a "
    tree, problems = parse_bytes(data, "content/actors/example-ministry.yaml", libyaml=libyaml)
    assert tree is None and len(problems) == 1
    [problem] = problems
    assert problem.line == 4 and 1 <= problem.column <= 4, problem.format()
    assert problem.severity == "error"
