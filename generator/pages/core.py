"""The Jinja environment, shared formatting helpers and the core pages (home, sheets).

Output is Markdown, so autoescape is off and every editor string is escaped explicitly in the
templates with the filters of `filters.py` (`md`, `md_cell`, `link_url`, `e`). Templates get a
typed context (`...Context`) in which everything is already chosen, numbered and sorted.

Adding a page kind: write a `...Context` dataclass and a function that builds it from the
content and the index, a template in site_templates/, and return `{path: render_page(...)}`.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from ..content.index import SiteIndex
from ..content.model import Content, Figure, PartialDate
from ..settings import Settings
from . import filters

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "site_templates"

@cache
def environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown output: escaping is explicit, per place, through filters
    )
    return filters.register_filters(env)


def render_page(template: str, context: Any, templates_dir: Path = TEMPLATES_DIR) -> str:
    """Render a page template with its context object, available in the template as `page`."""
    text = environment(templates_dir).get_template(template).render(page=context)
    # One newline at the end and no trailing blanks: golden files and diffs stay quiet.
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")) + "\n"


# ---------------------------------------------------------------- formatting helpers


def format_date(date: PartialDate | None) -> str:
    """30 April 2025, April 2025 or 2025 (filters.date); empty for no date."""
    return filters.date(date) if date is not None else ""


def format_figure(figure: Figure) -> str:
    """'about 600 (500–700)': the figure in words (filters.qualified). Plain text, not escaped."""
    return filters.qualified(figure)


def page_link(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A relative Markdown link target between two generated pages (docs-relative paths).

    MkDocs checks such links at build time, so a page that is not generated fails the build.
    """
    # Both made absolute under one root, so relpath() does not call os.getcwd(): a system call
    # per link, and there are 100,000 links at 1,000 sheets (issue 6). Same result.
    start = "/" + posixpath.dirname(from_page)
    target = "" if to_page == from_page else posixpath.relpath("/" + to_page, start)
    return f"{target}#{anchor}" if anchor else target


# Front matter of the pages that list the whole archive (home, sheets, sources, actors, timeline,
# tags): kept out of the search index. Each claim and sheet is found on its own page; at 1,000
# sheets these lists would be most of the index, and Zensical refuses a page that big
# ("exceeds the search index limit"). Material's and Zensical's search both read this (issue 6).
NOT_SEARCHED = {"exclude": True}


# libyaml's emitter when PyYAML has it: about 4x faster over the 4,500 pages of a 1,000-sheet site
# (issue 6). Same output, except that libyaml writes characters beyond U+FFFF (emoji) as "\U..."
# escapes in a double-quoted string: the same value to every YAML reader.
_SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(fields: Mapping[str, Any]) -> str:
    """YAML front matter, dumped safely (editor text must never become YAML syntax).

    Material puts `title`, `description` and tag names into HTML without escaping them, so
    those strings are HTML-escaped here; empty values are left out.
    """
    data: dict[str, Any] = {}
    for key, value in fields.items():
        if value in (None, "", [], ()):
            continue
        if key in ("title", "description"):
            value = _for_html(value)
        elif key == "tags":
            value = [_for_html(tag) for tag in value]
        data[key] = value
    dumped = yaml.dump(
        data, Dumper=_SAFE_DUMPER, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
    )
    return f"---\n{dumped}---\n"


def _for_html(text: str) -> str:
    # One line (a meta description or <title> has no use for line breaks), HTML-escaped.
    return html.escape(" ".join(text.split()))


# ---------------------------------------------------------------- home and sheet list


@dataclass(frozen=True)
class SheetSummary:
    """A sheet as listed on the home page and on sheets/index.md."""

    title: str
    summary: str
    updated: str
    href: str
    claim_count: int
    tags: tuple[str, ...]


@dataclass(frozen=True)
class HomeContext:
    front_matter: str
    site_name: str
    sheets: tuple[SheetSummary, ...]  # the HOME_SHEETS most recently updated
    sheet_count: int
    sheets_index_href: str


# The home page lists only the most recently updated sheets; sheets/index.md lists them all.
# Listing every sheet made the home page grow with the archive (430 KB of Markdown at 1,000
# sheets, rewritten on every edit of any sheet's update date) (issue 6).
HOME_SHEETS = 20


@dataclass(frozen=True)
class SheetsIndexContext:
    front_matter: str
    sheets: tuple[SheetSummary, ...]


def sheet_page(sheet_id: str) -> str:
    return f"sheets/{sheet_id}.md"


def summarize_sheets(content: Content, from_page: str) -> tuple[SheetSummary, ...]:
    """Newest update first, then by title: what changed recently is what readers look for."""
    ordered = sorted(content.sheets, key=lambda s: (_negated(s.updated), s.title.casefold(), s.id))
    return tuple(
        SheetSummary(
            title=sheet.title,
            summary=sheet.summary,
            updated=format_date(sheet.updated),
            href=page_link(from_page, sheet_page(sheet.id)),
            claim_count=len(sheet.claims),
            tags=tag_labels(content, sheet.tags),
        )
        for sheet in ordered
    )


def tag_labels(content: Content, tag_ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(content.tags[t].label if t in content.tags else t for t in tag_ids)


def home_context(content: Content, settings: Settings) -> HomeContext:
    return HomeContext(
        front_matter=front_matter({"title": settings.site_name, "search": NOT_SEARCHED}),
        site_name=settings.site_name,
        sheets=summarize_sheets(content, "index.md")[:HOME_SHEETS],
        sheet_count=len(content.sheets),
        sheets_index_href=page_link("index.md", "sheets/index.md"),
    )


def sheets_index_context(content: Content) -> SheetsIndexContext:
    return SheetsIndexContext(
        front_matter=front_matter({"title": "All fact sheets", "search": NOT_SEARCHED}),
        sheets=summarize_sheets(content, "sheets/index.md"),
    )


def render_core_pages(content: Content, index: SiteIndex, settings: Settings | None = None) -> dict[str, str]:
    """The home page, the list of sheets and one page per sheet, keyed by docs-relative path."""
    from .sheet import sheet_context  # the sheet page has its own module (size)

    settings = settings or Settings()
    pages = {
        "index.md": render_page("home.md.j2", home_context(content, settings)),
        "sheets/index.md": render_page("sheets_index.md.j2", sheets_index_context(content)),
    }
    for sheet in content.sheets:
        pages[sheet_page(sheet.id)] = render_page("sheet.md.j2", sheet_context(sheet, index, settings))
    return pages


def _negated(date: PartialDate) -> tuple[int, int, int]:
    return (-date.year, -date.month, -date.day)
