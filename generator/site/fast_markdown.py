"""Python-Markdown's inline stage, made faster without changing a byte of its output.

Python-Markdown tries every inline pattern (links, emphasis, code, HTML, entities, footnotes,
...) on every piece of text of a page, one Python call per pattern and piece, and reads the text
of each link character by character. Most of a generated page is plain prose in which no pattern
can match. Two shortcuts, each exact:

- A pattern whose every match must contain a certain character (`[` for a link, `<` for inline
  HTML, `&` for an entity, ...) is not tried on text that lacks it: Python-Markdown's own attempt
  would find nothing, and skipping it leaves the text and the pattern's state as they were.
  Patterns this module does not know are always tried.
- A link's text (up to the matching `]`) is found with `str.find` instead of a loop over
  characters; the result (text, end, whether it closed) is the same.

`tests/test_fast_markdown.py` renders every golden page and hostile text with and without it and
requires the same HTML. The MkDocs hook adds it to every build (`mkdocs_hooks.on_config`); only
versions of Python-Markdown it was checked against get it (`CHECKED_VERSIONS`), others build as
before.
"""

from __future__ import annotations

import html
import re
from typing import Any

import markdown
from markdown import inlinepatterns, util
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor

from ..pages.charts import CHART_END, CHART_START

CHECKED_VERSIONS = ("3.11.3",)

# A pattern's regular expression -> strings of which every match contains at least one.
_FOOTNOTE_RE = r"\[\^([^\]]*)\]"  # markdown.extensions.footnotes registers this (not exported)
_NEEDED: dict[str, tuple[str, ...]] = {
    inlinepatterns.BACKTICK_RE: ("`",),  # escaped backslashes count only before a backtick
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),  # also reference and short_reference
    inlinepatterns.IMAGE_LINK_RE: ("![",),  # also image_reference and short_image_ref
    inlinepatterns.AUTOLINK_RE: ("://",),  # <scheme://...>
    inlinepatterns.AUTOMAIL_RE: ("@",),  # <name@host>
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
    _FOOTNOTE_RE: ("[^",),
}


NEVER: tuple[str, ...] = ()  # a pattern that cannot change this page's text


def needed_strings(pattern: Any, md: markdown.Markdown) -> tuple[str, ...] | None:
    """What every match of this inline pattern contains, or None when that is not known."""
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):  # emphasis: `*`, `_`
        return tuple(pattern.tokens)
    if isinstance(pattern, inlinepatterns.ReferenceInlineProcessor) and not md.references:
        # `[text][id]` and `[id]` (and their images) only ever change text when the page defines
        # link references (`[id]: url`); without one they leave every text as it was.
        return NEVER
    if not isinstance(pattern, inlinepatterns.InlineProcessor):
        return None
    return _NEEDED.get(pattern.pattern)


class FastInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, skipping the patterns that cannot match."""

    def run(self, tree, ancestors=None):
        # The registry sorts itself on every lookup by number; one list per page instead.
        self._patterns = list(self.inlinePatterns)
        self._needed = [needed_strings(p, self.md) for p in self._patterns]
        return super().run(tree, ancestors)

    # Replaces InlineProcessor.__handleInline (name-mangled); the loop is the same, plus the skip.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        patterns, needed = self._patterns, self._needed
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        count = len(patterns)
        while patternIndex < count:
            strings = needed[patternIndex]
            if strings is not None and not any(data.find(s, start) >= 0 for s in strings):
                patternIndex += 1  # what a failed attempt does
                start = 0
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def link_text(self: inlinepatterns.LinkInlineProcessor, data: str, index: int) -> tuple[str, int, bool]:
    """LinkInlineProcessor.getText: the text up to the `]` that closes the one before `index`
    (brackets nest), the index after it, and whether it closed; unclosed, the rest of data."""
    depth, position = 1, index
    while True:
        close = data.find("]", position)
        if close < 0:
            return data[index:], len(data), False
        opening = data.find("[", position, close)
        if opening >= 0:
            depth += 1
            position = opening + 1
            continue
        depth -= 1
        if depth == 0:
            return data[index:close], close + 1, True
        position = close + 1


# Raw HTML blocks the generator writes, each from a line that starts with the first text to the
# next line that is the second, with no element of the same name inside: a chart (pages/charts.py),
# a sheet's references (site_templates/_citation.md.j2), a metric's tables of estimates
# (_metric.md.j2): most of the elements of sheet and actor pages.
RAW_BLOCKS = (
    (CHART_START, CHART_END),
    ('<ol class="fs-refs">', "</ol>"),
    ('<details class="fs-estimates">', "</details>"),
    ('<table class="fs-table', "</table>"),
)
_ID = re.compile(r'\sid="([^"]*)"')


class RawBlockSkipper:
    """Spares the HTML parsers the inside of each chart and of a sheet's references (RAW_BLOCKS),
    without changing the output.

    Python-Markdown's raw HTML pass (md_in_html's `html_block`) tokenises every element of a raw
    HTML block only to store the block whole, and MkDocs' own pass (`mkdocs_raw_html`) tokenises
    it again for ids. `hide` (before both) puts a marker line in place of each block's inside;
    `restore` (around `html_block`) checks that each block was stored as a raw block, marker
    and all, and puts the inside back into the stored text: what would have been stored. A raw
    block's inside never changes the parser's state, so nothing else differs. If any block was
    not stored so (inside a `markdown` block, not at a line start, ...), the stored blocks are
    dropped and `html_block` parses the page as it came, blocks and all. The ids inside them
    are added to MkDocs' (its anchor check).
    """

    def __init__(self, md: markdown.Markdown) -> None:
        self.md = md
        self.lines: list[str] = []  # the page as `hide` got it
        self.insides: dict[str, str] = {}  # marker -> the block's inside
        self.kinds: dict[str, tuple[str, str]] = {}  # marker -> its RAW_BLOCKS pair
        self.ids: set[str] = set()
        self.fell_back = False  # on the last page: some block was not stored whole

    def hide(self, lines: list[str]) -> list[str]:
        self.lines, self.insides, self.kinds, self.ids = lines, {}, {}, set()
        out: list[str] = []
        done = 0
        for start, line in enumerate(lines):
            if start < done or not line.startswith("<"):
                continue
            kind = next((pair for pair in RAW_BLOCKS if line.startswith(pair[0])), None)
            if kind is None:
                continue
            try:
                end = lines.index(kind[1], start + 1)
            except ValueError:
                break
            # Markers use \x02 and \x03, which normalize_whitespace removed from the page.
            marker = f"\x02fs-raw:{len(self.insides)}\x03"
            inside = "\n".join(lines[start + 1 : end])
            self.insides[marker] = inside
            self.kinds[marker] = kind
            self.ids.update(html.unescape(value) for value in _ID.findall(inside))
            out += lines[done : start + 1]
            out.append(marker)
            done = end
        return out + lines[done:] if self.insides else lines

    def restore(self, run: Any, lines: list[str]) -> list[str]:
        self.fell_back = False
        if not self.insides:
            return run(lines)
        stash = self.md.htmlStash
        before = (stash.html_counter, len(stash.rawHtmlBlocks), stash.tag_counter, len(stash.tag_data))
        out = run(lines)
        found = {}
        for n in range(before[1], len(stash.rawHtmlBlocks)):
            block = stash.rawHtmlBlocks[n]
            if isinstance(block, str) and block.startswith("<"):
                for marker, (first, last) in self.kinds.items():
                    whole = block.startswith(first) and f"\n{marker}\n{last}" in block
                    if whole and block.count(marker) == 1:
                        found[marker] = n
        if len(found) == len(self.insides) and len(set(found.values())) == len(found):
            for marker, n in found.items():
                stash.rawHtmlBlocks[n] = stash.rawHtmlBlocks[n].replace(marker, self.insides[marker])
            return out
        # Not every block was stored whole: parse the page as it came.
        self.fell_back = True
        stash.html_counter, stash.tag_counter = before[0], before[2]
        del stash.rawHtmlBlocks[before[1] :], stash.tag_data[before[3] :]
        return run(self.lines)

    def add_ids(self, lines: list[str]) -> list[str]:
        name = "mkdocs_raw_html"  # mkdocs.structure.pages._RawHTMLPreprocessor, run just before
        found = (
            getattr(self.md.preprocessors[name], "present_anchor_ids", None)
            if name in self.md.preprocessors
            else None
        )
        if isinstance(found, set):
            found |= self.ids
        return lines


_NOT_PLAIN_TARGET = re.compile("[()\"']")


def link_target(
    self: inlinepatterns.LinkInlineProcessor, data: str, index: int
) -> tuple[str, str | None, int, bool]:
    """LinkInlineProcessor.getLink for the usual `(target)`: no angle brackets, no title, no
    parenthesis or quote before the first `)`, where its loop over characters would end at that
    `)` with the text before it as the target. Anything else goes to Python-Markdown's own."""
    match = self.RE_LINK.match(data, pos=index)
    if match and not match.group(1):
        start = match.end()
        close = data.find(")", start)
        if close >= 0 and not _NOT_PLAIN_TARGET.search(data, start, close):
            return self.unescape(data[start:close]).strip(), None, close + 1, True
    return type(self).getLink(self, data, index)


def skip_without_fences(preprocessor: Preprocessor) -> None:
    """fenced_code's preprocessor (MkDocs always adds it) searches every page for a fence with a
    regular expression; a page without three backticks or tildes in a row has none."""
    run = preprocessor.run

    def run_if_fenced(lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        return run(lines) if "```" in text or "~~~" in text else lines

    preprocessor.run = run_if_fenced  # type: ignore[method-assign]


def plain_normalize(preprocessor: Preprocessor) -> None:
    """normalize_whitespace removes \x02 and \x03, turns \r into \n, expands tabs and empties
    lines of spaces (a regular expression over the whole page), then adds two newlines. A page
    with none of those characters and no line of spaces only gets the two newlines."""
    run = preprocessor.run

    def run_if_needed(lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if not lines or "\t" in text or "\r" in text or " \n" in text or util.STX in text or util.ETX in text:
            return run(lines)
        return [*lines, "", ""]

    preprocessor.run = run_if_needed  # type: ignore[method-assign]


def skip_absent_toc_marker(md: markdown.Markdown) -> None:
    """toc looks for its marker (`[TOC]`) by joining the text of every element of the page with
    all that element's descendants; a page whose text lacks the marker has no element whose text
    is it (escapes and entities are still placeholders when toc runs)."""
    if "toc" not in md.treeprocessors:
        return
    toc = md.treeprocessors["toc"]
    marker = getattr(toc, "marker", None)
    if not marker:
        return
    replace = toc.replace_marker
    present = [True]

    def look(lines: list[str]) -> list[str]:
        present[0] = marker in "\n".join(lines)
        return lines

    toc.replace_marker = lambda root, elem: replace(root, elem) if present[0] else None
    # After normalize_whitespace (30), which removes characters that could split a marker.
    md.preprocessors.register(_Step(md, look), "fs_toc_marker", 29)


class _Step(Preprocessor):
    def __init__(self, md: markdown.Markdown, step: Any) -> None:
        super().__init__(md)
        self.step = step

    def run(self, lines: list[str]) -> list[str]:
        return self.step(lines)


class FastMarkdownExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        if markdown.__version__ not in CHECKED_VERSIONS:
            return
        md.treeprocessors.register(FastInlineProcessor(md), "inline", 20)
        if "html_block" in md.preprocessors:
            # After normalize_whitespace (30: it removes \x02 and \x03) and fenced code (25);
            # before MkDocs' raw HTML pass (21); around html_block (20).
            skipper = self.raw_blocks = RawBlockSkipper(md)
            html_block = md.preprocessors["html_block"]
            run = html_block.run
            html_block.run = lambda lines: skipper.restore(run, lines)  # type: ignore[method-assign]
            md.preprocessors.register(_Step(md, skipper.hide), "fs_raw_blocks_hide", 22)
            md.preprocessors.register(_Step(md, skipper.add_ids), "fs_raw_block_ids", 20.5)
        for pattern in md.inlinePatterns:
            if isinstance(pattern, inlinepatterns.LinkInlineProcessor):
                pattern.getText = link_text.__get__(pattern)  # type: ignore[method-assign]
                pattern.getLink = link_target.__get__(pattern)  # type: ignore[method-assign]
        if "fenced_code_block" in md.preprocessors:
            skip_without_fences(md.preprocessors["fenced_code_block"])
        skip_absent_toc_marker(md)
        if "normalize_whitespace" in md.preprocessors:
            plain_normalize(md.preprocessors["normalize_whitespace"])


def makeExtension(**kwargs: Any) -> FastMarkdownExtension:
    return FastMarkdownExtension(**kwargs)
