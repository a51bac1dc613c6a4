"""Problems and `printable`: whatever a file name or a text holds, what is printed is one inert line."""

from __future__ import annotations

import pytest

from generator.errors import Problem, one_line, printable


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, 한국어, emoji 🙂, a\\b", "plain text, 한국어, emoji 🙂, a\\b"),
        ("a\nb\tc\rd", "a\\nb\\tc\\rd"),
        ("\x1bc reset", "\\x1bc reset"),  # ESC c: a terminal's full reset
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),  # OSC: sets the window title
        ("\x9b31m", "\\x9b31m"),  # the one-byte CSI of C1
        ("\x7f\x00\x85", "\\x7f\\x00\\x85"),
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        ("evil\u202egnp.yaml", "evil\\u202egnp.yaml"),  # right-to-left override
        ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
        ("no\u00a0break", "no\\xa0break"),
        ("caf\udce9.yaml", "caf\\udce9.yaml"),  # a file name that is not UTF-8 (surrogateescape)
        ("\U000e0041", "\\U000e0041"),  # a tag character: invisible
    ],
)
def test_printable_escapes_every_character_a_terminal_would_not_show_as_itself(text, shown):
    assert printable(text) == shown
    assert printable(shown) == shown  # the result is itself printable


def test_one_line_makes_every_run_of_whitespace_one_space_and_strips_the_ends():
    assert one_line("  a\n\tb  c ") == "a b c"
    assert one_line("a\u2028b\u00a0c\r\n") == "a b c"  # Unicode line separator, no-break space
    assert one_line(" \n ") == ""


FORGED = "content/sheets/x\n::error file=content/sheets/ok.yaml,line=1::approved\x1b[2K.yaml"


def test_a_problem_is_one_printable_line_whatever_its_path_and_message():
    problem = Problem(FORGED, 2, 3, "got '\x1b]8;;https://evil.example\x07link'", "sections[0].\u202etitle")
    line = problem.format()
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line and "\x07" not in line
    assert line == (
        "content/sheets/x\\n::error file=content/sheets/ok.yaml,line=1::approved\\x1b[2K.yaml:2:3: error: "
        "sections[0].\\u202etitle: got '\\x1b]8;;https://evil.example\\x07link'"
    )


def test_a_github_annotation_cannot_be_split_or_forged():
    annotation = Problem(FORGED, 2, 3, "bad\r\n::warning::x").github_annotation()
    assert annotation.count("\n") == 0 and annotation.count("\r") == 0
    assert annotation.startswith(
        "::error file=content/sheets/x\\n%3A%3Aerror file=content/sheets/ok.yaml%2Cline=1%3A%3Aapproved"
    )
    assert annotation.endswith("::bad\\r\\n::warning::x")
