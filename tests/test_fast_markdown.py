"""generator/site/fast_markdown.py: the same HTML as Python-Markdown's own inline stage."""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import synth
from generator.site import fast_markdown
from generator.site.build import generate
from tests.factories import mkdocs_markdown_setup

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS, CONFIGS = mkdocs_markdown_setup()
PROPERTY = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def both(text: str) -> tuple[str, str]:
    plain = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    fast = markdown.Markdown(
        extensions=[*EXTENSIONS, fast_markdown.FastMarkdownExtension()], extension_configs=CONFIGS
    )
    return plain.convert(text), fast.convert(text)


def body(page: str) -> str:
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def test_the_version_installed_is_the_one_checked() -> None:
    # A new Python-Markdown builds without the shortcuts until this module is checked against it.
    assert markdown.__version__ in fast_markdown.CHECKED_VERSIONS


@pytest.mark.parametrize("page", sorted((ROOT / "tests" / "golden").rglob("*.md")), ids=str)
def test_golden_pages_render_the_same(page: Path) -> None:
    plain, fast = both(body(page.read_text(encoding="utf-8")))
    assert fast == plain


def test_every_generated_page_of_synthetic_content_renders_the_same(tmp_path) -> None:
    synth.write_content(tmp_path / "content", sheets=12)
    generate(tmp_path)
    pages = sorted((tmp_path / "build" / "docs").rglob("*.md"))
    assert len(pages) > 40
    charted = referenced = 0
    for page in pages:
        text = body(page.read_text(encoding="utf-8"))
        plain, fast = both(text)
        assert fast == plain, page
        # The generator's charts and references take the short way (no fallback to parsing them).
        extension = fast_markdown.FastMarkdownExtension()
        markdown.Markdown(extensions=[*EXTENSIONS, extension], extension_configs=CONFIGS).convert(text)
        assert not extension.raw_blocks.fell_back, page
        kinds = [first for first, _ in extension.raw_blocks.kinds.values()]
        charted += fast_markdown.CHART_START in kinds
        referenced += '<ol class="fs-refs">' in kinds
    assert charted >= 12 and referenced == 12


PIECES = st.sampled_from(
    ["[", "]", "(", ")", "!", "*", "**", "_", "__", "`", "``", "\\", "<", ">", "&", "&amp;", "&#38;", "#",
     "^", "[^1]", "[^9]", "[a](b)", "[a]", "[a][b]", "![i](j)", "<span>", "</span>", "<b>x</b>",
     "<http://a.b>", "<a@b.c>", "  \n", "\n", "\n\n", " ", "x", "word", "{: .c }", "|", ":", "-", "1."]
)  # fmt: skip


@PROPERTY
@given(st.lists(PIECES, max_size=40).map("".join))
def test_any_text_renders_the_same(text: str) -> None:
    plain, fast = both(text + "\n\n[^1]: A note.\n[b]: https://example.org/\n")
    assert fast == plain


@PROPERTY
@given(st.text(alphabet="[]()!*_`\\<>&#^;:/ \nab1.", max_size=60))
def test_any_characters_render_the_same(text: str) -> None:
    plain, fast = both(f"- {text}\n\n{text}\n\n| a | b |\n| --- | --- |\n| {text} | x |\n")
    assert fast == plain


def test_another_version_of_python_markdown_builds_as_before(monkeypatch) -> None:
    monkeypatch.setattr(fast_markdown, "CHECKED_VERSIONS", ())
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, fast_markdown.FastMarkdownExtension()], extension_configs=CONFIGS
    )
    assert not isinstance(md.treeprocessors["inline"], fast_markdown.FastInlineProcessor)


def test_link_text_finds_the_closing_bracket_as_python_markdown_does() -> None:
    processor = markdown.inlinepatterns.LinkInlineProcessor(markdown.inlinepatterns.LINK_RE)
    for data in ["[a]b", "[a[b]c]d", "[a[b]c", "[]", "[", "[a\\]b]", "x[[y]]z", "[a]](b)"]:
        index = data.index("[") + 1
        assert fast_markdown.link_text(processor, data, index) == processor.getText(data, index), data


CHART = (
    '<figure class="fs-chart" id="_chart-m" data-search-exclude>\n'
    '<svg><title id="t">A &amp; B</title></svg>\n</figure>'
)


@pytest.mark.parametrize(
    "text",
    [
        '[a](b "title") [c](<d e>) [f](g(h)i) [j](k\'l) [m](n) [o]( p ) [q](r "s" ) [t]()',
        "[a][r] [r] ![i][r] ![r]\n\n[r]: https://example.org/ 'T'\n",
        "```\n<b>[a](b)</b>\n```\n\n~~~ {.x}\n*y*\n~~~\n\n` `` ` text",
        "a\tb\n  \n\x02c\x03\r\nd\re  \n",
        "no tab\n \nline of one space\n\ntrailing \nspace",
        "# A\n\n[TOC]\n\n## B\n\n[[TOC]](x) \\[TOC\\] &#91;TOC&#93;\n\n### C",
        "# A\n\n\\[TOC\\]\n\n&#91;TOC&#93;\n\n[TO\nC]\n\n## B",
        f"{CHART}\n\nAfter.",
        f"Before.\n\n{CHART}\n\nAfter.",
        f"Before.\n{CHART}\n\nAfter.",  # no blank line before: not a block of its own
        f"{CHART}\nAfter.",  # text right after
        f"{CHART}",  # the page ends with it
        f'<div class="x" markdown>\n\n{CHART}\n\n*in*\n\n</div>\n\nAfter.',
        f"- item\n\n    {CHART}\n\nAfter.",
        "Text with <span>inline</span> & &amp; <a@b.c> <http://x.y> <!-- c -->"
        f"\n\n{CHART}\n\n{CHART}\n\nEnd.",
    ],
)
def test_links_references_fences_and_charts_render_the_same(text: str) -> None:
    plain, fast = both(text)
    assert fast == plain


def test_a_chart_inside_a_markdown_block_falls_back_to_the_full_parse() -> None:
    extension = fast_markdown.FastMarkdownExtension()
    md = markdown.Markdown(extensions=[*EXTENSIONS, extension], extension_configs=CONFIGS)
    md.convert(f'<div class="x" markdown>\n\n{CHART}\n\n</div>\n\nAfter.')
    assert extension.raw_blocks.fell_back


def test_chart_ids_still_count_for_mkdocs_anchor_check() -> None:
    from mkdocs.structure.pages import _RawHTMLPreprocessor

    def ids(extensions: list) -> set[str]:
        md = markdown.Markdown(extensions=extensions, extension_configs=CONFIGS)
        raw = _RawHTMLPreprocessor()
        raw._register(md)
        md.convert(f'Before.\n\n{CHART}\n\n<span id="s">x</span>\n\nAfter.')
        return raw.present_anchor_ids

    assert (
        ids([*EXTENSIONS, fast_markdown.FastMarkdownExtension()]) == ids(EXTENSIONS) == {"_chart-m", "t", "s"}
    )
