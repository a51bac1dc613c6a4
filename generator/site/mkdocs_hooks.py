"""MkDocs hook: plain `mkdocs build` and `mkdocs serve` re-run the generator first.

mkdocs.yml lists this file under `hooks:`. Before each build (`on_config`) the Markdown in
docs_dir is regenerated from content/ (only changed files are rewritten, so serve settles
after one rebuild); `on_serve` adds content/ and site_templates/ to the watched paths.
Engines that run no Python hooks (Zensical) use `factsheet generate` first instead.

Every build also gets `generator.site.fast_markdown`, Python-Markdown's inline stage without
the attempts that cannot match (the same HTML, in less time).
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


def on_page_markdown(markdown, page, config, files):
    # The edit button points at the YAML an editor changes (front matter `edit_url`, set only
    # when REPO_URL is), never at the generated Markdown.
    page.edit_url = page.meta.get("edit_url") if config.repo_url else None
    return markdown


def on_serve(server, config, builder):
    root = _root(config)
    content_dir = os.environ.get(ENV_CONTENT_DIR)
    server.watch(str(Path(content_dir) if content_dir else root / "content"))
    server.watch(str(root / "site_templates"))
    return server
