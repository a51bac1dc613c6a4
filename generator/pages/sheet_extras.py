"""What the reader features add to a sheet page: 'Cite this page' and JSON-LD.

Each is a raw HTML block, already escaped, with no blank line inside, so Markdown leaves it whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import paths
from ..content.history import History
from ..content.index import SiteIndex
from ..content.model import Sheet
from ..settings import Settings
from .charts import ChartLinks, render_chart
from .cite import cite_block, cite_sheet
from .jsonld import json_ld_script, sheet_json_ld


@dataclass(frozen=True)
class SheetExtras:
    cite_anchor: str
    cite: str  # raw HTML: plain-text citation and BibTeX
    json_ld: str  # <script type="application/ld+json"> with the Article and its ClaimReviews


def sheet_charts(sheet: Sheet, index: SiteIndex) -> dict[str, str]:
    """Metric id -> the chart's raw HTML ("" when it has no estimates)."""
    # The same estimates as the metric's table under the chart.
    estimates = {m.id: [e.claim for e in index.estimates.get(m.id, ())] for m in sheet.metrics}
    page = paths.sheet_page(sheet.id)
    claims = {claim.id: paths.html_link(page, page, claim.id) for claim in sheet.claims}
    references = paths.html_link(page, page, paths.REFERENCES_ANCHOR)

    def links(metric_id: str) -> ChartLinks:
        return ChartLinks(claims, references, paths.html_link(page, paths.chart_csv(metric_id)))

    return {m.id: render_chart(m, estimates[m.id], index.content.actors, links(m.id)) for m in sheet.metrics}


def sheet_extras(sheet: Sheet, index: SiteIndex, settings: Settings, history: History) -> SheetExtras:
    changed = history.sheet_changed(sheet)
    path = paths.page_url(paths.sheet_page(sheet.id))
    url = paths.absolute_url(settings.site_url, path) or path
    return SheetExtras(
        cite_anchor=paths.CITE_ANCHOR,
        cite=cite_block(
            cite_sheet(settings.site_name, sheet.id, sheet.title, url, changed)
        ),
        json_ld=json_ld_script(sheet_json_ld(sheet, index, history, settings.site_name, settings.site_url)),
    )
