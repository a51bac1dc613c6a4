"""The Jinja filters: unit tests, and property tests through the real Markdown pipeline.

The property tests render escaped text with Python-Markdown using exactly the extensions (and
their settings) that MkDocs would use for mkdocs.yml: MkDocs' built-ins plus the
`markdown_extensions` list read from the file at test time. They parse the HTML and check that
the visible text is what the editor typed (whitespace collapsed, as documented) and that no
element or attribute appears beyond those the test's template wrote.
"""

from __future__ import annotations

import datetime
import re
import string
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.meta import get_data

from generator.content.model import Figure, PartialDate
from generator.pages import filters
from generator.pages.filters import (
    FILTERS,
    date,
    footnote_text,
    front_matter,
    html,
    html_attr,
    link_url,
    md,
    md_block,
    md_cell,
    number,
    qualified,
    register_filters,
    yaml_str,
)

ROOT = Path(__file__).resolve().parent.parent
NO_BREAK = "\u00a0\u2007\u202f"
ENTITY_LIKE = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.IGNORECASE)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------ the Markdown of mkdocs.yml


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML that reads mkdocs.yml's `!ENV` tags as unset variables."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


def mkdocs_markdown_setup() -> tuple[list[str], dict[str, dict]]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    names = list(MkDocsConfig.markdown_extensions.builtins)  # MkDocs always adds these
    configs: dict[str, dict] = {}
    for item in config.get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if options:
            configs[name] = options
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = mkdocs_markdown_setup()
_MARKDOWN = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


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
def test_footnote_definition_renders_with_its_text(text: str, more: str) -> None:
    expected = paragraphs(text)
    assume(expected)
    soup = render(f"A claim.[^1]\n\n[^1]: {footnote_text(text)} {md(more)}\n")
    baseline = render("A claim.[^1]\n\n[^1]: " + "\n\n    ".join(["word"] * len(expected)) + "\n")
    assert structure(soup) == structure(baseline)
    item = soup.find("li", id="fn:1")
    item.find("a", class_="footnote-backref").decompose()
    texts = [p.get_text() for p in item.find_all("p")]
    texts[-1] = texts[-1].removesuffix("\xa0")  # Python-Markdown puts one before the back link
    expected[-1] = " ".join(p for p in (expected[-1], collapsed(more)) if p)
    assert texts == expected


@PROPERTY
@given(hostile_text)
def test_block_text_keeps_its_paragraphs(text: str) -> None:
    soup = render(f"{md_block(text)}\n")
    expected = paragraphs(text)
    assert structure(soup) == [("p", ())] * len(expected)
    assert [p.get_text() for p in soup.find_all("p")] == expected


@PROPERTY
@given(hostile_text)
def test_html_attribute_and_content_inside_markdown(text: str) -> None:
    assume(collapsed(text))
    source = (
        f'<div class="claim" title="{html_attr(text)}" markdown>\n\n{md(text)}\n\n</div>\n\n'
        f'Text <span class="status" title="{html_attr(text)}">{html(text)}</span> end.\n'
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


# ------------------------------------------------------------------ properties: formatting

numbers = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
)
partial_dates = st.one_of(
    st.dates().map(lambda d: PartialDate(d.year, d.month, d.day)),
    st.builds(PartialDate, st.integers(1, 9999), st.integers(1, 12)),
    st.builds(PartialDate, st.integers(1, 9999)),
)
figures = st.builds(
    Figure,
    metric=st.just("killed"),
    value=numbers,
    qualifier=st.sampled_from(list(filters.QUALIFIER_WORDS)),
    low=st.none() | numbers,
    high=st.none() | numbers,
)


@PROPERTY
@given(st.one_of(numbers.map(number), partial_dates.map(date), figures.map(qualified)))
def test_formatted_values_are_inert_in_markdown(text: str) -> None:
    soup = render(f"{text}\n")
    assert structure(soup) == [("p", ())]
    assert soup.p.get_text() == text


# ------------------------------------------------------------------ unit tests: text


def test_every_ascii_punctuation_character_becomes_a_reference() -> None:
    assert md(string.punctuation) == "".join(f"&#{ord(c)};" for c in string.punctuation)
    assert md("Korea's 600 soldiers") == "Korea&#39;s 600 soldiers"


def test_the_hazards_named_in_the_issue_are_escaped() -> None:
    assert md("<script>x</script>") == "&#60;script&#62;x&#60;&#47;script&#62;"
    assert md("[x](javascript:a)") == "&#91;x&#93;&#40;javascript&#58;a&#41;"
    assert md('{: onclick="a"}') == "&#123;&#58; onclick&#61;&#34;a&#34;&#125;"
    assert md("[^1] | # * \\ `") == "&#91;&#94;1&#93; &#124; &#35; &#42; &#92; &#96;"
    assert md("&amp;") == "&#38;amp&#59;"


def test_whitespace_collapses_and_ends_are_stripped() -> None:
    assert md("  one\n\ntwo\t\r\nthree  \u2028 four ") == "one two three four"
    assert md(" \n\t ") == ""


def test_no_break_spaces_are_kept_as_references() -> None:
    assert md("600\u00a0soldiers\u202f!") == "600&#160;soldiers&#8239;&#33;"
    assert md("\u00a0x") == "&#160;x"


def test_control_characters_and_placeholder_markers_are_dropped() -> None:
    assert md("a\x00b\x02wzxhzdk:0\x03c\x7f\x9fd") == "abwzxhzdk&#58;0cd"
    assert md("a\x1cb") == "a b"  # a separator Python counts as whitespace


def test_collapsible_spaces_are_pythons_whitespace_minus_no_break_spaces() -> None:
    every_space = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(filters.COLLAPSIBLE_SPACES) == every_space - set(NO_BREAK)


def test_non_ascii_text_is_left_alone() -> None:
    assert md("東京 — «ü» 😀") == "東京 — «ü» 😀"


def test_md_cell_escapes_the_pipe() -> None:
    assert md_cell("a | b\nc") == "a &#124; b c"


def test_md_block_splits_paragraphs_on_blank_lines() -> None:
    assert md_block("One\nline.\n\n  \t\nTwo *x*\r\n\r\nThree") == "One line&#46;\n\nTwo &#42;x&#42;\n\nThree"
    assert md_block("\n\n  \n") == ""


def test_footnote_text_indents_later_paragraphs() -> None:
    assert footnote_text("First.\n\nSecond") == "First&#46;\n\n    Second"
    assert footnote_text("one\nline") == "one line"


def test_html_filters_and_jinja_e_escape_alike() -> None:
    assert html('<a href="x">&</a>') == "&#60;a href&#61;&#34;x&#34;&#62;&#38;&#60;&#47;a&#62;"
    assert html_attr("it's `x`") == "it&#39;s &#96;x&#96;"
    env = register_filters(jinja2.Environment(autoescape=False))
    assert env.from_string('<b title="{{ v|e }}">{{ v|escape }}</b>').render(v="`a`") == (
        '<b title="&#96;a&#96;">&#96;a&#96;</b>'
    )


def test_results_are_markup_so_autoescape_does_not_escape_twice() -> None:
    env = register_filters(jinja2.Environment(autoescape=True))
    assert env.from_string("{{ v|md }}").render(v="<b>") == "&#60;b&#62;"
    assert isinstance(md("x"), Markup)


@pytest.mark.parametrize("name", ["md", "md_cell", "md_block", "footnote_text", "html", "html_attr"])
def test_text_filters_refuse_non_text_naming_the_filter(name: str) -> None:
    with pytest.raises(TypeError, match=f"filter '{name}' expects text, got NoneType"):
        FILTERS[name](None)


def test_yaml_str_round_trips_through_front_matter() -> None:
    for value in [
        "plain",
        'a "quoted" \\ value: # not a comment',
        "- x",
        "",
        "\u2028\x85\ufeff\t\n\x00",
        "😀ü",
    ]:
        assert yaml.safe_load(f"key: {yaml_str(value)}") == {"key": value}
        _, meta = get_data(f"---\ntitle: {yaml_str(value)}\n---\n\n# Body\n")
        assert meta == {"title": value}


def test_front_matter_is_html_escaped_then_quoted() -> None:
    value = "x </title><script>alert(1)</script> & y"
    quoted = front_matter(value)
    assert "<" not in quoted and ">" not in quoted
    parsed = yaml.safe_load(f"title: {quoted}")["title"]
    assert BeautifulSoup(f"<title>{parsed}</title>", "html.parser").title.get_text() == value


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


# ------------------------------------------------------------------ unit tests: formatting


def test_date_by_precision() -> None:
    assert date(PartialDate(2025, 4, 30)) == "30 April 2025"
    assert date(PartialDate(2025, 4, 1)) == "1 April 2025"
    assert date(PartialDate(2025, 12)) == "December 2025"
    assert date(PartialDate(2025)) == "2025"
    assert date(datetime.date(2026, 1, 2)) == "2 January 2026"
    with pytest.raises(TypeError, match="filter 'date' expects a PartialDate"):
        date("2025-04-30")  # type: ignore[arg-type]


def test_number_groups_thousands_and_keeps_typed_decimals() -> None:
    assert number(1234567) == "1,234,567"
    assert number(-4700) == "-4,700"
    assert number(0) == "0"
    assert number(1500.0) == "1,500"
    assert number(1234.5) == "1,234.5"
    assert number(0.1) == "0.1"
    assert number(2.675) == "2.675"
    assert number(1e16) == "10,000,000,000,000,000"
    assert number(-0.0) == "0"
    with pytest.raises(TypeError):
        number(True)
    with pytest.raises(TypeError):
        number("600")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        number(float("nan"))


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (Figure("m", 600), "600"),
        (Figure("m", 600, "about"), "about 600"),
        (Figure("m", 3000, "at-least"), "at least 3,000"),
        (Figure("m", 6000, "more-than"), "more than 6,000"),
        (Figure("m", 600, "at-most"), "at most 600"),
        (Figure("m", 600, "up-to"), "up to 600"),
        (Figure("m", 1500, "about", low=1000, high=2000), "about 1,500 (1,000–2,000)"),
        (Figure("m", 600, low=500), "600 (at least 500)"),
        (Figure("m", 600, "about", high=700), "about 600 (at most 700)"),
        (Figure("m", 3000, "at-least", low=3000), "at least 3,000"),
        (Figure("m", 2.5, "about"), "about 2.5"),
    ],
)
def test_qualified(figure: Figure, expected: str) -> None:
    assert qualified(figure) == expected


# ------------------------------------------------------------------ the registry and the harness


def test_every_filter_is_registered_by_name() -> None:
    env = register_filters(jinja2.Environment(undefined=jinja2.StrictUndefined))
    for name in ["md", "md_cell", "md_block", "footnote_text", "html", "html_attr", "e", "escape",
                 "yaml_str", "front_matter", "link_url", "date", "number", "qualified"]:  # fmt: skip
        assert env.filters[name] is FILTERS[name]
    template = env.from_string("[{{ t|md }}]({{ u|link_url }}) {{ n|number }} {{ d|date }}")
    assert template.render(t="*a*", u="https://x.org/a b", n=4700, d=PartialDate(2025, 4, 30)) == (
        "[&#42;a&#42;](https://x.org/a%20b) 4,700 30 April 2025"
    )


def test_the_harness_uses_the_extensions_of_mkdocs_yml() -> None:
    # If mkdocs.yml could not be read, the properties above would test plain Markdown only.
    assert {"footnotes", "tables", "attr_list", "md_in_html", "toc", "fenced_code"} <= set(EXTENSIONS)
    assert EXTENSION_CONFIGS.get("toc", {}).get("permalink") is True
    assert "footnote-backref" in str(render("a[^1]\n\n[^1]: b\n"))
