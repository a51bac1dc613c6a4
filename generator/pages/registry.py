"""The page registry: every page kind of the site, rendered from the content and the index.

A new page kind is a module here with a `render_...` function returning {docs path: Markdown},
its template in site_templates/, its fixed paths in `paths.py`, and one line below.
"""

from __future__ import annotations

from .. import paths
from ..content.history import History
from ..content.index import SiteIndex
from ..errors import BuildError
from ..settings import Settings
from .actors import render_actor_pages
from .changes import render_changes_page
from .datapage import render_data_page
from .home import render_home_pages
from .licence import render_licence_page
from .methodology import render_methodology_page
from .sheet import render_sheet
from .sources import render_source_pages
from .tags import render_tags_pages
from .timeline import render_timeline_pages
from .views import ClaimLines


def render_pages(index: SiteIndex, settings: Settings, history: History) -> dict[str, str]:
    """Every Markdown page of the site, keyed by docs path."""
    content = index.content
    lines = ClaimLines(index)  # each claim's line, shared by the source, actor and timeline pages
    kinds = [
        render_home_pages(content, settings.site_name),
        {paths.sheet_page(s.id): render_sheet(s, index, settings, history) for s in content.sheets},
        render_source_pages(index, settings, lines, history),
        render_actor_pages(index, settings, lines, history),
        render_timeline_pages(index, lines),
        render_tags_pages(index, lines),
        render_data_page(),
        render_changes_page(index, history, settings),
        render_methodology_page(),
        render_licence_page(settings),
    ]
    pages: dict[str, str] = {}
    for produced in kinds:
        overlap = pages.keys() & produced.keys()
        if overlap:
            raise BuildError(f"two page kinds produce the same file: {', '.join(sorted(overlap))}")
        pages.update(produced)
    return pages
