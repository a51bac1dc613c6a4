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

from typing import Any

import markdown
from markdown import inlinepatterns, util
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

CHECKED_VERSIONS = ("3.11.3",)

# A pattern's regular expression -> strings of which every match contains at least one.
_FOOTNOTE_RE = r"\[\^([^\]]*)\]"  # markdown.extensions.footnotes registers this (not exported)
_NEEDED: dict[str, tuple[str, ...]] = {
    inlinepatterns.BACKTICK_RE: ("`",),  # escaped backslashes count only before a backtick
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),  # also reference and short_reference
    inlinepatterns.IMAGE_LINK_RE: ("![",),  # also image_reference and short_image_ref
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
    _FOOTNOTE_RE: ("[^",),
}


def needed_strings(pattern: Any) -> tuple[str, ...] | None:
    """What every match of this inline pattern contains, or None when that is not known."""
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):  # emphasis: `*`, `_`
        return tuple(pattern.tokens)
    if not isinstance(pattern, inlinepatterns.InlineProcessor):
        return None
    return _NEEDED.get(pattern.pattern)


class FastInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, skipping the patterns that cannot match."""

    def run(self, tree, ancestors=None):
        # The registry sorts itself on every lookup by number; one list per page instead.
        self._patterns = list(self.inlinePatterns)
        self._needed = [needed_strings(p) for p in self._patterns]
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
            if strings is not None and all(data.find(s, start) < 0 for s in strings):
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


class FastMarkdownExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        if markdown.__version__ not in CHECKED_VERSIONS:
            return
        md.treeprocessors.register(FastInlineProcessor(md), "inline", 20)
        for pattern in md.inlinePatterns:
            if isinstance(pattern, inlinepatterns.LinkInlineProcessor):
                pattern.getText = link_text.__get__(pattern)  # type: ignore[method-assign]


def makeExtension(**kwargs: Any) -> FastMarkdownExtension:
    return FastMarkdownExtension(**kwargs)
