"""content/quotes.py: the offline rules that tie figures and quotes to the words of their pages.

The exact messages are pinned by the invalid fixtures quote-missing, figure-not-in-quote,
qualifier-disagrees and quote-claim-not-in-citation; these tests check the rules' edges.
"""

from __future__ import annotations

from datetime import date

import pytest

from generator.cli import main
from generator.content.load import Document
from generator.content.parse import parse_bytes
from generator.content.validate import validate_documents
from tests.factories import copy_case

TODAY = date(2026, 11, 26)
FILES = {
    "content/sources/s.yaml": (
        "id: s\ntitle: T\npublisher: P\nkind: news\nurl: https://example.org/a\n"
        "published: 2025-04-30\naccessed: 2025-05-01\n"
    ),
    "content/actors/nis.yaml": "id: nis\nname: NIS\nkind: agency\n",
}
FIGURE = """\
id: sheet
title: Sheet
summary: Summary.
updated: 2025-05
metrics:
  - id: killed
    label: Killed
    unit: people
    definition: Dead.
sections:
  - id: one
    title: One
    claims:
      - id: c1
        text: NIS said it.
        kind: figure
        claimant: nis
        claimed_on: 2025-04-30
        status: reported
        figure:
          metric: killed
{figure}
        citations:
{citations}
"""


def problems_for(figure: str, *quotes: str | None) -> list[tuple[str, str, str]]:
    citations = "\n".join(
        "          - source: s" + (f"\n            quote: {quote}" if quote is not None else "")
        for quote in quotes
    )
    figure = "\n".join("          " + line for line in figure.strip().split("\n"))
    files = {**FILES, "content/sheets/sheet.yaml": FIGURE.format(figure=figure, citations=citations)}
    documents = []
    for path, text in files.items():
        root, found = parse_bytes(text.encode(), path)
        assert root is not None and not found, found
        documents.append(Document(path, path.split("/")[1], root))
    _, problems = validate_documents(documents, TODAY)
    return [(p.severity, p.field_path.rsplit(".", 1)[-1], p.message) for p in problems]


def test_a_quote_that_gives_the_figure_passes():
    assert problems_for("value: 4700\nbasis: cumulative\nqualifier: about", "estimated at around 4,700") == []


@pytest.mark.parametrize(
    "quote",
    ["some 4.7 thousand casualties", "about 4700 casualties", "around 4 700", "approximately 4,700-strong"],
)
def test_the_figure_is_found_in_the_spellings_pages_use(quote):
    assert problems_for("value: 4700\nbasis: cumulative\nqualifier: about", quote) == []


def test_one_quote_of_several_is_enough():
    found = problems_for("value: 600\nbasis: cumulative", "the toll rose", "600 died")
    assert found == []


def test_a_value_found_nowhere_is_an_error_at_value_naming_each_quote():
    [(severity, where, message)] = problems_for("value: 600\nbasis: cumulative", "6,000 died", "1600 hurt")
    assert (severity, where) == ("error", "value")
    assert "'6,000 died'; '1600 hurt'" in message


def test_a_range_needs_both_ends_but_not_the_value():
    assert problems_for("value: 600\nlow: 500\nhigh: 700\nbasis: cumulative", "500 to 700 died") == []
    found = problems_for("value: 600\nlow: 500\nhigh: 800\nbasis: cumulative", "500 to 700 died")
    assert [(s, w) for s, w, _ in found] == [("error", "high")]


def test_the_qualifier_is_a_warning_that_strict_fails_on():
    found = problems_for("value: 600\nbasis: cumulative\nqualifier: about", "more than 600 died")
    assert [(s, w) for s, w, _ in found] == [("warning", "qualifier")]
    assert "'more than'" in found[0][2] and "qualifier: more-than" in found[0][2]


def test_an_exact_figure_agrees_with_a_bare_number_and_any_agreeing_occurrence_is_enough():
    assert problems_for("value: 600\nbasis: cumulative", "600 died") == []
    found = problems_for("value: 600\nbasis: cumulative\nqualifier: about", "600 died", "about 600 died")
    assert found == []


def test_every_citation_of_a_figure_needs_a_quote():
    found = problems_for("value: 600\nbasis: cumulative", "600 died", None)
    assert [(s, w) for s, w, _ in found] == [("error", "citations[1]")]


def test_strict_check_fails_on_a_qualifier_warning(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    content = copy_case("qualifier-disagrees", tmp_path)
    assert main(["check", "--content", str(content)]) == 0
    assert main(["check", "--strict", "--content", str(content)]) == 1
    assert "warning: sections[0].claims[0].figure.qualifier" in capsys.readouterr().out
