"""What the reader features add to a sheet page: charts, 'Cite this page', JSON-LD, git dates.

render_sheet.py puts one `SheetExtras` into the sheet's context; the templates print its raw
HTML blocks (each already escaped, with no blank line inside, so Markdown leaves it whole).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..content.history import History
from ..content.index import SiteIndex
from ..content.model import Sheet
from ..data.export import absolute_url, json_ld_script, page_path, sheet_json_ld
from ..settings import Settings
from . import filters
from .charts import render_chart
from .cite import CITE_ANCHOR, cite_block, cite_sheet


@dataclass(frozen=True)
class SheetExtras:
    charts: dict[str, str]  # metric id -> the chart's raw HTML ("" when it has no estimates)
    last_changed: date  # the YAML file's last commit; its `updated` field outside git
    updated: str  # last_changed in words ("9 June 2025"), or `updated` as written ("June 2025")
    cite_anchor: str
    cite: str  # raw HTML: plain-text citation and BibTeX
    json_ld: str  # <script type="application/ld+json"> with the Article and its ClaimReviews


def sheet_extras(sheet: Sheet, index: SiteIndex, settings: Settings) -> SheetExtras:
    history = settings.history or History()
    changed = history.sheet_changed(sheet)
    path = page_path(f"sheets/{sheet.id}.md")
    url = absolute_url(settings.site_url, path) or path
    # The same estimates as the metric's table under the chart.
    estimates = {m.id: [e.claim for e in index.estimates.get(m.id, ())] for m in sheet.metrics}
    return SheetExtras(
        charts={m.id: render_chart(m, estimates[m.id], index.content.actors) for m in sheet.metrics},
        last_changed=changed,
        updated=filters.date(changed if history.changed_at(sheet) else sheet.updated),
        cite_anchor=CITE_ANCHOR,
        cite=cite_block(cite_sheet(settings.site_name, sheet.id, sheet.title, url, changed)),
        json_ld=json_ld_script(sheet_json_ld(sheet, index, history, settings.site_name, settings.site_url)),
    )
