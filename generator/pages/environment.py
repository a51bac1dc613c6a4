"""The Jinja environment, page rendering and front matter: what every page kind shares.

Output is Markdown, so autoescape is off and every editor string is escaped explicitly in the
templates with the filters of `filters.py` (`md`, `md_cell`, `link_url`, `e`). Templates get a
typed view (`...Context`) in which everything is already worded, numbered and sorted.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from ..errors import one_line
from . import filters

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "site_templates"

# Front matter of the pages that list the whole archive (home, lists, timeline, tags): kept out
# of the search index. Each claim and sheet is found on its own page; these lists would repeat
# them in every result (and Zensical refuses a page over its index limit).
NOT_SEARCHED = {"exclude": True}

# libyaml's emitter when PyYAML has it (much faster); the same values to every YAML reader.
_SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@cache
def environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown output: escaping is explicit, per place, through filters
        # Templates are read once per process (not checked on disk at every use); `factsheet
        # serve` clears this cache when a template changes.
        auto_reload=False,
    )
    return filters.register_filters(env)


def render_page(template: str, context: Any, templates_dir: Path = TEMPLATES_DIR) -> str:
    """Render a page template with its context object, available in the template as `page`."""
    text = environment(templates_dir).get_template(template).render(page=context)
    # One newline at the end and no trailing blanks: golden files and diffs stay quiet.
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")) + "\n"


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
            value = front_matter_text(value)
        elif key == "tags":
            value = [front_matter_text(tag) for tag in value]
        data[key] = value
    dumped = yaml.dump(
        data, Dumper=_SAFE_DUMPER, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
    )
    return f"---\n{dumped}---\n"


def front_matter_text(text: str) -> str:
    """A title, description or tag name as the front matter holds it (and as MkDocs' hook reads
    a page's tags back): one line (a meta description or <title> has no use for line breaks),
    HTML-escaped."""
    return html.escape(one_line(text))
