"""The Jinja filters: unit tests, and property tests through the real Markdown pipeline.

The property tests render escaped text with Python-Markdown using exactly the extensions (and
their settings) that MkDocs would use for mkdocs.yml: MkDocs' built-ins plus the
`markdown_extensions` list read from the file at test time. They parse the HTML and check that
the visible text is what the editor typed (whitespace collapsed, as documented) and that no
element or attribute appears beyond those the test's template wrote.
"""

from __future__ import annotations

import os
import re
import string
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.pages import filters
from generator.pages.filters import FILTERS, html, html_block, link_url, md, md_cell, register_filters
from tests.factories import mkdocs_markdown_setup, site_markdown

ROOT = Path(__file__).resolve().parent.parent
NO_BREAK = "\u00a0\u2007\u202f"
ENTITY_LIKE = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.IGNORECASE)
PROPERTY = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# ------------------------------------------------------------------ the Markdown of mkdocs.yml


EXTENSIONS, EXTENSION_CONFIGS = mkdocs_markdown_setup()
_MARKDOWN = site_markdown()


def render(source: str) -> BeautifulSoup:
    _MARKDOWN.reset()
    return BeautifulSoup(_MARKDOWN.convert(source), "html.parser")


def structure(soup: BeautifulSoup, masked: frozenset[str] = frozenset()) -> list[tuple]:
    """Every element with its attributes, in order; values of `masked` attributes hidden."""
    return [
        (el.name, tuple(sorted((k, "*" if k in masked else str(v)) for k, v in el.attrs.items())))
        for el in soup.find_all(True)
    ]


# ------------------------------------------------------------------ the documented normalisation


def collapsed(text: str) -> str:
    """What the filters promise to show: controls dropped, whitespace runs (except no-break
    spaces) as one space, ends stripped. Written independently of filters.py."""
    out: list[str] = []
    space = False
    for char in text:
        if char.isspace() and char not in NO_BREAK:
            space = True
        elif unicodedata.category(char) not in ("Cc", "Cs"):
            if space and out:
                out.append(" ")
            space = False
            out.append(char)
    return "".join(out)


def paragraphs(text: str) -> list[str]:
    """Paragraphs split on lines holding only (collapsible) whitespace."""
    text = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cs"))
    result, current = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if all(c.isspace() and c not in NO_BREAK for c in line):
            result.append("\n".join(current))
            current = []
        else:
            current.append(line)
    result.append("\n".join(current))
    return [p for p in map(collapsed, result) if p]


# ------------------------------------------------------------------ hostile text

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    '{: onclick="alert(1)"}', "{#id .cls}", "[^1]", "[^1]: note", "|", "||", "#", "## ", "*", "**",
    "_", "__", "\\", "\\*", "`", "```", "~~~", "&amp;", "&#42;", "&lt;", "&copy", ":smile:",
    "==mark==", "~~del~~", "^^ins^^", "++kbd++", "\n", "\n\n", "  \n", "\r\n", "\t", "    ",
    "1. ", "1) ", "- ", "+ ", "> ", "---", "===", "***", "!!! note", "??? note", "[TOC]",
    "*[HTML]: Hyper", "[a]: http://x.com", "<http://x.com>", "<x@y.com>", "https://x.com",
    "<!--", "-->", "<div markdown>", "</div>", "</p>", "'", '"', "\x02wzxhzdk:0\x03", "\x00",
    "\u00a0", "\u2028", "\u2029", "\x85", "\u202e", "\ufeff", "😀", "ü", "東京", "&#x3C;",
]  # fmt: skip

hostile_text = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.text(alphabet=string.punctuation + "ab1 \n", max_size=8),
        st.text(max_size=6),  # any code point but surrogates: controls, marks, other scripts
    ),
    max_size=12,
).map("".join)

SAFE_URLS = ["https://example.com/a_b*c?q=1&r=2#x", "http://news.example.org/2025/04/30/story.html"]


def visible(element: Tag) -> str:
    return element.get_text()


# ------------------------------------------------------------------ properties: each context


@PROPERTY
@given(hostile_text)
def test_paragraph_text_renders_as_typed(text: str) -> None:
    soup = render(f"{md(text)}\n")
    expected = collapsed(text)
    if not expected:
        assert structure(soup) == []
        return
    assert structure(soup) == [("p", ())]
    assert visible(soup).strip("\n") == expected


@PROPERTY
@given(hostile_text)
def test_text_in_the_middle_of_a_line_renders_as_typed(text: str) -> None:
    soup = render(f"Before {md(text)} after.\n")
    assert structure(soup) == [("p", ())]
    assert soup.p.get_text() == f"Before {collapsed(text)} after."


@PROPERTY
@given(hostile_text, hostile_text)
def test_table_cell_keeps_its_text_and_the_column_count(text: str, other: str) -> None:
    source = (
        f"| Claim | Figure |\n|---|---|\n| {md_cell(text)} | {md_cell(other)} |\n| z | {md_cell(text)} |\n"
    )
    soup = render(source)
    baseline = render("| Claim | Figure |\n|---|---|\n| x | y |\n| z | w |\n")
    assert structure(soup) == structure(baseline)
    rows = [[cell.get_text() for cell in row.find_all(["th", "td"])] for row in soup.find_all("tr")]
    assert rows == [["Claim", "Figure"], [collapsed(text), collapsed(other)], ["z", collapsed(text)]]


@PROPERTY
@given(hostile_text, st.sampled_from(SAFE_URLS))
def test_link_text_makes_exactly_one_link(text: str, url: str) -> None:
    href = link_url(url)
    assert href is not None
    soup = render(f"See [{md(text)}]({href}).\n")
    assert structure(soup) == [("p", ()), ("a", (("href", href),))]
    assert soup.a.get_text() == collapsed(text)


@PROPERTY
@given(hostile_text)
def test_heading_with_claim_anchor(text: str) -> None:
    assume(collapsed(text))
    soup = render(f"## {md(text)} {{#claim-1}}\n")
    baseline = render("## Word {#claim-1}\n")
    assert structure(soup) == structure(baseline)
    soup.find("a", class_="headerlink").decompose()  # the permalink toc adds
    assert soup.h2["id"] == "claim-1"
    assert soup.h2.get_text() == collapsed(text)


@PROPERTY
@given(hostile_text, hostile_text)
def test_raw_html_block_text_renders_as_typed(text: str, more: str) -> None:
    # The references list and the at-a-glance block are raw HTML blocks, escaped with `html`.
    assume(collapsed(text) and collapsed(more))
    source = (
        f'<ol class="fs-refs">\n<li id="_ref-1"><p><cite>{html(text)}</cite> {html(more)}</p>\n</li>\n</ol>\n'
    )
    soup = render(source)
    baseline = render('<ol class="fs-refs">\n<li id="_ref-1"><p><cite>t</cite> m</p>\n</li>\n</ol>\n')
    assert structure(soup) == structure(baseline)
    assert soup.cite.get_text() == collapsed(text)
    assert soup.p.get_text() == f"{collapsed(text)} {collapsed(more)}"


@PROPERTY
@given(hostile_text)
def test_html_attribute_and_content_inside_markdown(text: str) -> None:
    assume(collapsed(text))
    source = (
        f'<div class="claim" title="{html(text)}" markdown>\n\n{md(text)}\n\n</div>\n\n'
        f'Text <span class="status" title="{html(text)}">{html(text)}</span> end.\n'
    )
    soup = render(source)
    masked = frozenset({"title"})
    baseline = render(
        '<div class="claim" title="t" markdown>\n\nword\n\n</div>\n\n'
        'Text <span class="status" title="t">word</span> end.\n'
    )
    assert structure(soup, masked) == structure(baseline, masked)
    # md_in_html parses the tag and writes it again, and Python-Markdown's serializer leaves
    # `&name;` / `&#NN;` as they are: only such sequences reach the browser decoded.
    if not ENTITY_LIKE.search(collapsed(text)):
        assert soup.div["title"] == collapsed(text)
    assert soup.div.p.get_text() == collapsed(text)
    assert soup.span["title"] == collapsed(text)
    assert soup.span.get_text() == collapsed(text)


@PROPERTY
@given(hostile_text)
def test_html_block_text_and_attribute_inside_a_raw_html_block(text: str) -> None:
    escaped = html_block(text)
    soup = render(f'<div class="x">\n<p title="{escaped}"><a href="#a">{escaped}</a></p>\n</div>\n')
    masked = frozenset({"title"})
    baseline = render('<div class="x">\n<p title="t"><a href="#a">word</a></p>\n</div>\n')
    assert structure(soup, masked) == structure(baseline, masked)
    assert soup.p["title"] == collapsed(text)
    assert soup.a.get_text() == collapsed(text)


# ------------------------------------------------------------------ properties: link_url

url_like = st.one_of(
    st.text(),
    st.tuples(
        st.sampled_from(
            [
                "http://",
                "https://",
                "HTTPS://",
                "javascript:",
                "data:text/html,",
                "//",
                " https://",
                "ftp://",
                "http:/",
                "https:///",
                "vbscript:",
                "https:\\\\",
                "\thttp://",
            ]
        ),
        st.one_of(
            st.sampled_from(
                [
                    "example.com",
                    "EXAMPLE.com:8080",
                    "[::1]",
                    "user:pw@x.com",
                    "a.com\\@b.com",
                    "bücher.de",
                    "xn--bcher-kva.de",
                    "a..b",
                    "x.com:99999",
                    "",
                    "a b.com",
                    "ｅｘａｍｐｌｅ.com",
                ]
            ),
            st.text(alphabet=string.ascii_letters + string.digits + ".-_:@[]%", max_size=12),
        ),
        st.text(alphabet=string.printable + "ü東\u2028\u00a0", max_size=30),
    ).map("".join),
)


@PROPERTY
@given(url_like)
def test_link_url_is_none_or_a_link_to_the_same_http_host(value: str) -> None:
    href = link_url(value)
    if href is None:
        return
    authority, rest = re.match(r"https?://([^/?#]*)(.*)", href, re.DOTALL).groups()
    assert not set(rest) & set(" <>()\"'\\`[]{}|^"), href
    assert not set(authority) & set(" <>()\"'\\`{}|^@"), href
    assert all(32 < ord(c) < 127 for c in href), href
    soup = render(f"[x]({href})\n")
    links = soup.find_all("a")
    assert len(links) == 1
    assert links[0]["href"] == href
    parsed = urlsplit(links[0]["href"])
    assert parsed.scheme in ("http", "https")
    typed_host = urlsplit(value.strip()).hostname
    assert typed_host
    assert parsed.hostname == typed_host.encode("idna").decode("ascii")


# ------------------------------------------------------------------ unit tests: text


def test_text_reads_as_typed_where_nothing_is_markup() -> None:
    typed = "Korea's 600 soldiers, (about) 4,700: \"casualties\" - 30% more; so-called snake_case!"
    assert md(typed) == typed


def test_markup_characters_are_escaped_where_they_would_act() -> None:
    assert md("<script>x</script>") == "&lt;script>x&lt;/script>"
    assert md("[x](javascript:a)") == "\\[x\\](javascript:a)"
    assert md('{: onclick="a"}') == '\\{: onclick="a"}'
    assert md("*a* `b` \\ _c_ d_e") == "\\*a\\* \\`b\\` \\\\ \\_c\\_ d_e"
    assert md("&amp; &#42; & AT&T") == "&amp;amp; &amp;#42; & AT&T"


def test_block_syntax_at_the_start_is_escaped_and_only_there() -> None:
    assert md("# title") == "\\# title"
    assert md("> quote - list + item") == "\\> quote - list + item"
    assert md("- item") == "\\- item"
    assert md("1. first 2. second") == "1\\. first 2. second"
    assert md("2025. A year") == "2025\\. A year"
    assert md("!!! note") == "\\!!! note"
    assert md("=== ~~~") == "&#61;== ~~~"
    assert md("~~~") == "&#126;~~"
    assert md("heading #") == "heading \\#"
    assert md("#") == "\\#"
    assert md("a\\#") == "a\\\\\\#"


def test_whitespace_collapses_and_ends_are_stripped() -> None:
    assert md("  one\n\ntwo\t\r\nthree  \u2028 four ") == "one two three four"
    assert md(" \n\t ") == ""


def test_no_break_spaces_are_kept() -> None:
    assert md("600\u00a0soldiers\u202f!") == "600\u00a0soldiers\u202f!"


def test_control_characters_and_placeholder_markers_are_dropped() -> None:
    assert md("a\x00b\x02wzxhzdk:0\x03c\x7f\x9fd") == "abwzxhzdk:0cd"
    assert md("a\x1cb") == "a b"  # a separator Python counts as whitespace


def test_collapsible_spaces_are_pythons_whitespace_minus_no_break_spaces() -> None:
    every_space = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(filters.COLLAPSIBLE_SPACES) == every_space - set(NO_BREAK)


def test_non_ascii_text_is_left_alone() -> None:
    assert md("東京 — «ü» 😀") == "東京 — «ü» 😀"


def test_md_cell_escapes_the_pipe() -> None:
    assert md_cell("a | b\nc") == "a \\| b c"
    assert md_cell("a \\| b") == "a \\\\\\| b"


def test_html_filter_and_jinja_e_escape_alike() -> None:
    assert html('<a href="x">&</a>') == "&#60;a href=&#34;x&#34;&#62;&#38;&#60;/a&#62;"
    assert html("it's `x`") == "it's &#96;x&#96;"
    assert html("nis-2025-04-30") == "nis-2025-04-30"
    env = register_filters(jinja2.Environment(autoescape=False))
    assert env.from_string('<b title="{{ v|e }}">{{ v|escape }}</b>').render(v="`a`") == (
        '<b title="&#96;a&#96;">&#96;a&#96;</b>'
    )


def test_results_are_markup_so_autoescape_does_not_escape_twice() -> None:
    env = register_filters(jinja2.Environment(autoescape=True))
    assert env.from_string("{{ v|md }}").render(v="<b>") == "&lt;b>"
    assert isinstance(md("x"), Markup)


@pytest.mark.parametrize("name", ["md", "md_cell", "html", "html_block"])
def test_text_filters_refuse_non_text_naming_the_filter(name: str) -> None:
    with pytest.raises(TypeError, match=f"filter '{name}' expects text, got NoneType"):
        FILTERS[name](None)


# ------------------------------------------------------------------ unit tests: link_url


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.com/a/b?c=1&d=2#top", "https://example.com/a/b?c=1&d=2#top"),
        ("HTTP://Example.COM:8080/Path", "http://example.com:8080/Path"),
        ("  https://example.com/x  ", "https://example.com/x"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.com/(x)'y'\"z\"", "https://example.com/%28x%29%27y%27%22z%22"),
        ("https://example.com/<a>\\`b`", "https://example.com/%3Ca%3E%5C%60b%60"),
        ("https://example.com/[x]{y}|^", "https://example.com/%5Bx%5D%7By%7D%7C%5E"),
        ("https://example.com/\x00\t\nx", "https://example.com/%00%09%0Ax"),
        ("https://example.com/ü?q=東", "https://example.com/%C3%BC?q=%E6%9D%B1"),
        ("https://example.com/a%20b/100%", "https://example.com/a%20b/100%25"),
        ("https://example.com/#a#b", "https://example.com/#a%23b"),
        ("https://example.com/?a=1&amp;b=2", "https://example.com/?a=1&amp%3Bb=2"),
        ("https://example.com/x&#106;", "https://example.com/x&#106%3B"),
        ("https://bücher.de/", "https://xn--bcher-kva.de/"),
        ("http://[2001:db8::1]:80/", "http://[2001:db8::1]:80/"),
        ("https://example.com", "https://example.com"),
    ],
)
def test_link_url_normalises_http_urls(value: str, expected: str) -> None:
    assert link_url(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>", "vbscript:x", "ftp://x.com/",
        "//example.com/x", "/relative", "example.com", "https://", "https:///x", "http:/x.com",
        "https://user:pw@example.com/", "https://good.com\\@evil.com/", "https://a b.com/",
        "https://x.com:99999/", "https://[not-ipv6]/", "https://a..b/", "https://x.com:/",
        "https://%65vil.com/", "", None, 42,
    ],
)  # fmt: skip
def test_link_url_refuses_everything_else(value: object) -> None:
    assert link_url(value) is None  # type: ignore[arg-type]


# ------------------------------------------------------------------ the registry and the harness


def test_every_filter_is_registered_by_name() -> None:
    env = register_filters(jinja2.Environment(undefined=jinja2.StrictUndefined))
    for name in ["md", "md_cell", "html", "e", "escape", "html_block", "link_url"]:
        assert env.filters[name] is FILTERS[name]
    template = env.from_string("[{{ t|md }}]({{ u|link_url }})")
    assert template.render(t="*a*", u="https://x.org/a b") == "[\\*a\\*](https://x.org/a%20b)"


def test_the_harness_uses_the_extensions_of_mkdocs_yml() -> None:
    # If mkdocs.yml could not be read, the properties above would test plain Markdown only.
    assert {"tables", "attr_list", "md_in_html", "toc", "fenced_code"} <= set(EXTENSIONS)
    assert "footnotes" not in EXTENSIONS  # references are written as HTML: "[^1]" stays text
    assert EXTENSION_CONFIGS.get("toc", {}).get("permalink") is True
    assert 'id="t"' in str(render("# T {: #t }\n"))
