"""The generated Markdown reads like Markdown: few character references, and editor text as typed.

Escaping is there for the characters that would be markup where they stand (pages/filters.py);
ordinary punctuation (commas, full stops, colons, hyphens, quotes, apostrophes, parentheses)
must reach the page as the editor typed it, so a reviewer can read the Markdown and its diffs.
Measured on the real content's sheet pages and on the sheets of the 100-sheet synthetic corpus.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import synth
from generator import paths
from generator.content.history import History
from generator.content.index import build_index
from generator.content.model import Content
from generator.content.validate import check_content
from generator.pages.registry import render_pages
from generator.settings import Settings
from tests.factories import ROOT

SETTINGS = Settings(repo_url="https://github.com/example/factsheet", site_url="https://example.org/facts/")
# What Python-Markdown (and a browser, in raw HTML) reads as a character reference.
REFERENCE = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
MAX_REFERENCES_PER_KB = 1.0
# Characters that may be markup wherever they stand, or at the start or end of a line
# (filters.md escapes them there); a text with none of them must appear exactly as typed.
MARKUP_ANYWHERE = frozenset("\\`*_[]{}<>&|\u00a0\u2007\u202f")
MARKUP_AT_START = frozenset("#>+-!=~")
ORDERED_LIST_START = re.compile(r"[0-9]+\.(?: |$)")
ORDINARY_PUNCTUATION = frozenset(",.:;()'\"-–—“”‘’%$")


def _sheets(content_dir: Path) -> tuple[Content, dict[str, str]]:
    content, problems = check_content(content_dir)  # today: the content is checked as `factsheet check` does
    assert content is not None, [p.format() for p in problems]
    pages = render_pages(build_index(content), SETTINGS, History())
    return content, {sheet.id: pages[paths.sheet_page(sheet.id)] for sheet in content.sheets}


@pytest.fixture(scope="module")
def real() -> tuple[Content, dict[str, str]]:
    return _sheets(ROOT / "content")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Content, dict[str, str]]:
    folder = tmp_path_factory.mktemp("synth") / "content"
    synth.write_content(folder, sheets=100)
    return _sheets(folder)


def references_per_kb(pages: dict[str, str]) -> float:
    text = "".join(pages.values())
    return len(REFERENCE.findall(text)) / (len(text.encode("utf-8")) / 1024)


def holds_no_markup(text: str) -> bool:
    return (
        text == " ".join(text.split())
        and text.isprintable()
        and not MARKUP_ANYWHERE.intersection(text)
        and text[0] not in MARKUP_AT_START
        and not ORDERED_LIST_START.match(text)
        and not text.endswith("#")
    )


@pytest.mark.parametrize("corpus", ["real", "synthetic"])
def test_few_character_references_per_kb(corpus, request):
    _, sheets = request.getfixturevalue(corpus)
    assert sheets
    per_kb = references_per_kb(sheets)
    assert per_kb < MAX_REFERENCES_PER_KB, f"{per_kb:.2f} character references per KB of a sheet's Markdown"


@pytest.mark.parametrize("corpus", ["real", "synthetic"])
def test_claim_text_without_markup_appears_as_typed(corpus, request):
    content, sheets = request.getfixturevalue(corpus)
    checked = with_punctuation = 0
    for sheet in content.sheets:
        for claim in sheet.claims:
            if not holds_no_markup(claim.text):
                continue
            checked += 1
            with_punctuation += bool(ORDINARY_PUNCTUATION.intersection(claim.text))
            assert claim.text in sheets[sheet.id], f"{claim.id}: {claim.text!r} is not on its page as typed"
    total = sum(len(sheet.claims) for sheet in content.sheets)
    assert checked >= total / 2, f"only {checked} of {total} claims were plain enough to check"
    assert with_punctuation >= checked / 2  # commas, full stops, quotes ... are the point


def test_the_counters_count():
    assert references_per_kb({"a": "&#44;&amp;&#x2d;" + "x" * 1000}) > 2.9
    assert holds_no_markup("Kim said: \"about 600 (or 700)\", it's 1,234.5.")
    for marked in ("a*b", "snake_case", "# heading", "1. first", "- item", "a|b", "a\nb", "x &amp;"):
        assert not holds_no_markup(marked), marked
