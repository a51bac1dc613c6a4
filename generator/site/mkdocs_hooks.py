"""MkDocs hook: plain `mkdocs build` and `mkdocs serve` re-run the generator first.

mkdocs.yml lists this file under `hooks:`. Before each build (`on_config`) the Markdown in
docs_dir is regenerated from content/ (only changed files are rewritten, so serve settles
after one rebuild); `on_serve` adds content/ and site_templates/ to the watched paths.
Engines that run no Python hooks (Zensical) use `factsheet generate` first instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.errors import ContentError, FactsheetError
from generator.site.build import ENV_CONTENT_DIR, ENV_SKIP_GENERATE, generate


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
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


def on_page_markdown(markdown, page, config, files):
    # The edit button points at the YAML an editor changes (front matter `edit_url`, set only
    # when REPO_URL is), never at the generated Markdown.
    page.edit_url = page.meta.get("edit_url") if config.repo_url else None
    # sitemap.xml's <lastmod>: the page's last content change (front matter `content_changed`,
    # from git), not the day of the build; pages without one get the newest (on_env).
    changed = page.meta.get("content_changed")
    page.update_date = str(changed) if changed else ""
    return markdown


def on_env(env, config, files):
    # Every page has been read: a page without a date of its own (a list of everything, the
    # methodology) last changed when the newest content did.
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    newest = max((page.update_date for page in pages if page.update_date), default="")
    for page in pages:
        if not page.update_date and newest:
            page.update_date = newest
    return env


def on_serve(server, config, builder):
    root = _root(config)
    content_dir = os.environ.get(ENV_CONTENT_DIR)
    server.watch(str(Path(content_dir) if content_dir else root / "content"))
    server.watch(str(root / "site_templates"))
    return server
