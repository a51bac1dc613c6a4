"""MkDocs hook: plain `mkdocs build` and `mkdocs serve` re-run the generator first.

mkdocs.yml lists this file under `hooks:`. Before each build (`on_config`) the Markdown in
docs_dir is regenerated from content/ (only changed files are rewritten, so serve settles
after one rebuild); `on_serve` adds content/ and site_templates/ to the watched paths.
Engines that run no Python hooks (Zensical) use `factsheet generate` first instead.

Pages show their tags as links to the generator's tag pages (`on_page_context`), in place of
Material's tags plugin. Every build also gets `generator.site.fast_markdown`, Python-Markdown's
inline stage without the attempts that cannot match (the same HTML, in less time).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError

from generator import paths
from generator.errors import ContentError, FactsheetError
from generator.pages.charts import CHART_END, CHART_START
from generator.site.build import ENV_CONTENT_DIR, ENV_SKIP_GENERATE, generate


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


FAST_MARKDOWN = "generator.site.fast_markdown"


def on_config(config):
    if FAST_MARKDOWN not in config.markdown_extensions:
        config.markdown_extensions.append(FAST_MARKDOWN)
    # Without a repository there is nothing to edit, and MkDocs warns (fatal under --strict)
    # about every page when edit_uri is set without repo_url.
    if not config.repo_url:
        config.edit_uri = None
    if os.environ.get(ENV_SKIP_GENERATE) == "1":
        return config  # `factsheet build` generated already, in this very configuration
    content_dir = os.environ.get(ENV_CONTENT_DIR)
    try:
        report = generate(
            _root(config), Path(config.docs_dir), content_dir=Path(content_dir) if content_dir else None
        )
    except ContentError as error:
        # Compiler form on stderr for the editor's tools; MkDocs then stops without a traceback.
        for problem in error.problems:
            print(problem.format(), file=sys.stderr)
        raise PluginError(f"factsheet: content has {error}; nothing was generated") from None
    except FactsheetError as error:
        raise PluginError(f"factsheet: {error}") from None
    for problem in report.warnings:
        print(problem.format(), file=sys.stderr)
    return config


# The tags page's front matter maps each tag (as sheets' front matter name it) to its page
# (pages/tags.py); read once the pages are read, for the tag links at the top of each page.
_site: dict = {"files": None}


@dataclass(frozen=True)
class TagLink:
    """What Material's partials/tags.html reads of a tag: its name, its page, hidden or not."""

    name: str
    url: str | None
    hidden: bool = False


# The theme's navigation (partials/nav.html, Material's or an override's), made once per folder
# for the pages that are not in it: their links to the nav's pages read the same from every page
# of one folder, and the nav's pages themselves (where an entry is the active one) are always
# made. 5,000 pages would otherwise each render the same seven entries.
NAV_ONCE_PER_FOLDER = """
{%- set key = none if not page or not page.url or page in nav.pages
    else page.url.rstrip("/").rpartition("/")[0] -%}
{%- if key is not none and key in factsheet_nav_cache -%}
{{ factsheet_nav_cache[key] }}
{%- else -%}
{%- set made %}{% include "theme/partials/nav.html" %}{% endset -%}
{%- if key is not none %}{% set _ = factsheet_nav_cache.__setitem__(key, made) %}{% endif -%}
{{ made }}
{%- endif -%}
"""


def on_env(env, config, files):
    theme = env.loader
    env.loader = jinja2.ChoiceLoader(
        [
            jinja2.DictLoader({"partials/nav.html": NAV_ONCE_PER_FOLDER}),
            theme,
            jinja2.PrefixLoader({"theme": theme}),  # the theme's own templates, wrapped above
        ]
    )
    env.globals["factsheet_nav_cache"] = {}
    # Every page has been read: a page without a date of its own (a list of everything, the
    # methodology) last changed when the newest content did.
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    newest = max((page.update_date for page in pages if page.update_date), default="")
    for page in pages:
        if not page.update_date and newest:
            page.update_date = newest
    return env


def on_files(files, config):
    _site["files"] = files
    return files


def tag_links(names: list, files) -> list[TagLink]:
    tags_file = files.get_file_from_path(paths.TAGS) if files is not None else None
    pages = (tags_file.page.meta.get("tag_pages") if tags_file and tags_file.page else None) or {}
    links = []
    for name in names:
        target = files.get_file_from_path(pages[name]) if name in pages else None
        links.append(TagLink(str(name), target.url if target else None))
    return links


def on_page_context(context, page, config, nav):
    # Material shows a page's tags above its content (partials/tags.html), each linking to the
    # tag's page: what its tags plugin did, whose one list of every tagged page grew with the site.
    names = page.meta.get("tags")
    if isinstance(names, list) and names:
        context["tags"] = tag_links(names, _site["files"])
    return context


# Parts of a sheet that repeat what its claims and sources say (a metric's tables, the references,
# the changes, the citation block), between these comments (site_templates/sheet.md.j2 and
# _metric.md.j2).
SEARCH_SKIP_START = "<!-- fs:search-skip -->"
SEARCH_SKIP_END = "<!-- fs:search-skip-end -->"


def on_page_content(html: str, page, config, files) -> str:
    # Set aside until the page is written (on_post_page), so that Material's search plugin,
    # which parses the HTML of every searched page, neither reads nor indexes them: the parts
    # that repeat the claims (results were full of duplicates), and the inside of each chart
    # (data-search-exclude: read, then left out). The written page is the same.
    insides: list[str] = []
    html = _set_aside(html, SEARCH_SKIP_START, SEARCH_SKIP_END, insides, whole=True)
    html = _set_aside(html, CHART_START, CHART_END, insides, whole=False)
    page.fs_set_aside = insides
    return html


def _set_aside(html: str, start_text: str, end_text: str, insides: list[str], whole: bool) -> str:
    """Each part from `start_text` to `end_text` replaced by a marker and added to `insides`:
    `whole`, the part without its two marks (they are dropped); else only what is inside the
    element that `start_text` opens."""
    parts: list[str] = []
    done = 0
    while (start := html.find(start_text, done)) >= 0:
        inside = start + len(start_text) if whole else html.find(">", start) + 1
        end = html.find(end_text, inside)
        if inside <= 0 or end < 0:
            break
        parts += [html[done:start] if whole else html[done:inside], _marker(len(insides))]
        insides.append(html[inside:end])
        done = end + len(end_text) if whole else end
    return "".join(parts) + html[done:] if parts else html


def on_post_page(output: str, page, config) -> str:
    for number, inside in enumerate(getattr(page, "fs_set_aside", None) or ()):
        output = output.replace(_marker(number), inside, 1)
    return output


def _marker(number: int) -> str:
    return f"\x02fs-aside:{number}\x03"  # \x02 and \x03 are never in Markdown's output


def on_page_markdown(markdown, page, config, files):
    # The edit button points at the YAML an editor changes (front matter `edit_url`, set only
    # when REPO_URL is), never at the generated Markdown.
    page.edit_url = page.meta.get("edit_url") if config.repo_url else None
    # sitemap.xml's <lastmod>: the page's last content change (front matter `content_changed`,
    # from git), not the day of the build; pages without one get the newest (on_env).
    changed = page.meta.get("content_changed")
    page.update_date = str(changed) if changed else ""
    return markdown


def on_serve(server, config, builder):
    root = _root(config)
    content_dir = os.environ.get(ENV_CONTENT_DIR)
    server.watch(str(Path(content_dir) if content_dir else root / "content"))
    server.watch(str(root / "site_templates"))
    return server
