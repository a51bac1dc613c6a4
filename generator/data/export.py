"""The site's data files: JSON and CSV of every claim, source, actor and sheet, and the feed.

Reproducible: the same commit gives the same bytes. Keys are sorted, records come in a fixed
order, lines end in "\\n", and the only time in the files (`generated_at`) comes from
SOURCE_DATE_EPOCH or git (see history.generation_time), never from the clock. Every field is
documented in datadoc.py, which the Data page prints; a test keeps the two in step.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from .. import licence
from ..content.history import History
from ..content.index import CitationCheck, ClaimRef, SiteIndex, charted
from ..content.model import Actor, Citation, Claim, Content, Metric, Review, Sheet, Source
from ..formatting import iso_date as iso
from ..paths import (
    ACTORS_JSON,
    CLAIMS_CSV,
    CLAIMS_JSON,
    SOURCES_JSON,
    absolute_url,
    actor_page,
    chart_csv,
    page_url,
    sheet_csv,
    sheet_json,
    sheet_page,
    source_page,
)

SCHEMA_VERSION = 1
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "id", "sheet", "section", "path", "kind", "text", "claimant", "via", "claimed_on", "status",
    "superseded_by", "metric", "value", "qualifier", "low", "high", "unit", "as_of", "scope",
    "quote", "quote_language", "sources", "tags", "notes", "added_on", "hops", "basis", "period",
)  # fmt: skip
NUMERIC_COLUMNS = ("value", "low", "high")
# A chart's points (data/charts/<metric>.csv): what the chart on the sheet draws, one row each.
CHART_COLUMNS = (
    "metric", "claim", "claimant", "claimant_name", "claimed_on", "as_of", "basis", "value", "qualifier",
    "low", "high", "unit", "scope", "status", "latest", "path",
)  # fmt: skip
LICENSE = {"spdx": licence.CONTENT.spdx, "name": licence.CONTENT.name, "url": licence.CONTENT.url}


# Stands in for a Decimal while the C encoder runs (it knows no Decimal and writes a float's
# repr only); the mark, quoted, is then replaced by the number's digits. It starts with a NUL,
# which no content text may hold, and holds a nonce, so no text can spell it.
_EXACT_MARK = f"\x00exact-number-{secrets.token_hex(16)}"
_QUOTED_MARK = json.dumps(_EXACT_MARK)


def plain_digits(value: Decimal) -> str:
    """A Decimal's digits as typed, never in exponent form: Decimal('0.0000001') -> 0.0000001."""
    return format(value, "f")


def dump_json(data: Any) -> str:
    """Compact, sorted JSON; a Decimal is written as a JSON number with exactly its digits.

    Compact: with `indent` the json module falls back to its pure-Python encoder; compact output
    uses the C encoder.
    """
    exact: list[str] = []

    def number(value: Any) -> str:
        if isinstance(value, Decimal):
            exact.append(plain_digits(value))
            return _EXACT_MARK
        raise TypeError(f"cannot write {type(value).__name__} as JSON: {value!r}")

    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=number)
    if exact:  # each mark, in the order the encoder met the numbers, becomes its digits
        parts = text.split(_QUOTED_MARK)
        assert len(parts) == len(exact) + 1
        text = "".join(part + digits for part, digits in zip(parts, [*exact, ""], strict=True))
    return text + "\n"


# ---------------------------------------------------------------- records
# Each record lists its model object's fields, plus its path and URL: alike on purpose, one per
# kind of record, since a field of the data files is added, renamed or documented one at a time.


def check_record(check: CitationCheck | None) -> dict[str, Any] | None:
    if check is None:
        return None
    return {
        "status": check.status,
        "checked": iso(check.checked),
        "archived_copy": check.archived_copy,
        "url": check.url,
        "read_url": check.read_url,
    }


def citation_record(citation: Citation, index: SiteIndex) -> dict[str, Any]:
    fields = ("source", "quote", "locator", "note")
    record = {name: getattr(citation, name) for name in fields}
    record["check"] = check_record(index.check_of(citation))
    return record


def claim_record(ref: ClaimRef, history: History, site_url: str | None, index: SiteIndex) -> dict[str, Any]:
    claim: Claim = ref.claim
    path = page_url(sheet_page(ref.sheet.id), claim.id)
    figure = claim.figure
    metric = next((m for m in ref.sheet.metrics if figure and m.id == figure.metric), None)
    return {
        "id": claim.id,
        "sheet": ref.sheet.id,
        "section": ref.section.id,
        "path": path,
        "url": absolute_url(site_url, path),
        "text": claim.text,
        "kind": claim.kind,
        "claimant": claim.claimant,
        "via": [actor for hop in claim.via for actor in hop],
        "hops": [list(hop) for hop in claim.via],
        "claimed_on": iso(claim.claimed_on),
        "status": claim.status,
        "superseded_by": claim.superseded_by,
        "figure": None
        if figure is None
        else {
            "metric": figure.metric,
            "value": figure.value,
            "basis": figure.basis,
            "period": figure.period,
            "qualifier": figure.qualifier,
            "low": figure.low,
            "high": figure.high,
            "unit": metric.unit if metric else None,
            "as_of": iso(figure.as_of),
            "scope": figure.scope,
        },
        "quote": claim.quote and {"text": claim.quote.text, "language": claim.quote.language},
        "citations": [citation_record(c, index) for c in claim.citations],
        "tags": list(claim.tags),
        "notes": claim.notes,
        "former_ids": list(claim.former_ids),
        "added_on": iso(history.claim_added(claim)),
    }


def source_record(source: Source, index: SiteIndex, site_url: str | None) -> dict[str, Any]:
    path = page_url(source_page(source.id))
    return {
        "id": source.id,
        "path": path,
        "url_on_site": absolute_url(site_url, path),
        "title": source.title,
        "title_kind": source.title_kind,
        "publisher": source.publisher,
        "kind": source.kind,
        "url": source.url,
        "published": iso(source.published),
        "accessed": iso(source.accessed),
        "authors": list(source.authors),
        "agency": source.agency,
        "archive_url": source.archive_url,
        "archived": iso(source.archived),
        "language": source.language,
        "notes": source.notes,
        "former_ids": list(source.former_ids),
        "cited_by": [ref.claim.id for ref in index.claims_by_source.get(source.id, ())]
        + [ref.review.id for ref in index.reviews_by_source.get(source.id, ())],
    }


def actor_record(actor: Actor, index: SiteIndex, site_url: str | None) -> dict[str, Any]:
    path = page_url(actor_page(actor.id))
    made = index.claims_by_actor.get(actor.id, ())
    return {
        "id": actor.id,
        "path": path,
        "url_on_site": absolute_url(site_url, path),
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "role": actor.role,
        "description": actor.description,
        "former_ids": list(actor.former_ids),
        "claims": [c.ref.claim.id for c in made if c.role == "claimant"],
        "passed_on": [c.ref.claim.id for c in made if c.role == "via"],
    }


def metric_record(metric: Metric) -> dict[str, Any]:
    return {
        "id": metric.id,
        "label": metric.label,
        "unit": metric.unit,
        "definition": metric.definition,
        "series": list(metric.series),
    }


def review_record(review: Review, index: SiteIndex) -> dict[str, Any]:
    return {
        "id": review.id,
        "statement": review.statement,
        "rating": review.rating,
        "finding": review.finding,
        "appearance": review.appearance,
        "appearance_source": review.appearance_source,
        "claimed_by": review.claimed_by,
        "claimed_on": iso(review.claimed_on),
        "reviewed_on": iso(review.reviewed_on),
        "citations": [citation_record(c, index) for c in review.citations],
    }


def sheet_record(
    sheet: Sheet,
    index: SiteIndex,
    history: History,
    site_url: str | None,
    claim_records: Mapping[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """`claim_records`: the records of claims.json by claim id, reused instead of built again."""
    if claim_records is None:
        claim_records = {
            c.id: claim_record(index.claims[c.id], history, site_url, index) for c in sheet.claims
        }
    path = page_url(sheet_page(sheet.id))
    return {
        "id": sheet.id,
        "path": path,
        "url": absolute_url(site_url, path),
        "title": sheet.title,
        "summary": sheet.summary,
        "updated": iso(sheet.updated),
        "last_changed": history.sheet_changed(sheet).isoformat(),
        "tags": list(sheet.tags),
        "former_ids": list(sheet.former_ids),
        "metrics": [metric_record(m) for m in sheet.metrics],
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "intro": section.intro,
                "claims": [claim_records[c.id] for c in section.claims],
            }
            for section in sheet.sections
        ],
        "reviews": [review_record(r, index) for r in sheet.reviews],
        "sources": [s.id for s in index.citations[sheet.id].sources],
    }


# ---------------------------------------------------------------- files


def envelope(generated_at: datetime, name: str, records: Any) -> str:
    return dump_json(
        {
            "schema_version": SCHEMA_VERSION,
            "generated_at": iso(generated_at),
            "license": LICENSE,
            name: records,
        }
    )


def claims_in_site_order(index: SiteIndex) -> Iterable[ClaimRef]:
    return (index.claims[claim.id] for sheet in index.content.sheets for claim in sheet.claims)


class _CsvDecimal(Decimal):
    """A Decimal the csv module writes unquoted (it is a number) with its plain digits."""

    def __str__(self) -> str:
        return plain_digits(self)


def csv_number(value: Any) -> Any:
    return _CsvDecimal(value) if isinstance(value, Decimal) else value


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    # A leading apostrophe makes a spreadsheet show the text instead of running it.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def claims_csv(records: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    # Text is always quoted (a lone carriage return would otherwise split a row), numbers never,
    # so spreadsheets read the figures as numbers.
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        figure = record["figure"] or {}
        quote = record["quote"] or {}
        flat = {
            **record,
            "via": ";".join(record["via"]),
            "hops": " > ".join("+".join(hop) for hop in record["hops"]),
            "basis": figure.get("basis"),
            "period": figure.get("period"),
            "sources": ";".join(dict.fromkeys(c["source"] for c in record["citations"])),
            "tags": ";".join(record["tags"]),
            "metric": figure.get("metric"),
            "value": figure.get("value"),
            "qualifier": figure.get("qualifier"),
            "low": figure.get("low"),
            "high": figure.get("high"),
            "unit": figure.get("unit"),
            "as_of": figure.get("as_of"),
            "scope": figure.get("scope"),
            "quote": quote.get("text"),
            "quote_language": quote.get("language"),
        }
        writer.writerow(
            csv_number(flat[c]) if c in NUMERIC_COLUMNS and flat[c] is not None else csv_cell(flat[c])
            for c in CSV_COLUMNS
        )
    return out.getvalue()


def chart_csv_file(metric: Metric, index: SiteIndex) -> str | None:
    """The points of a metric's chart as CSV, oldest first; None when the chart has none."""
    rows = [e for e in index.estimates.get(metric.id, ()) if charted(e.figure)]
    if not rows:
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(CHART_COLUMNS)
    for estimate in rows:
        claim, figure = estimate.claim, estimate.figure
        flat = {
            "metric": metric.id,
            "claim": claim.id,
            "claimant": estimate.claimant.id,
            "claimant_name": estimate.claimant.name,
            "claimed_on": iso(claim.claimed_on),
            "as_of": iso(figure.as_of),
            "basis": figure.basis,
            "value": figure.value,
            "qualifier": figure.qualifier,
            "low": figure.low,
            "high": figure.high,
            "unit": metric.unit,
            "scope": figure.scope,
            "status": claim.status,
            "latest": "yes" if estimate.is_latest else "no",
            "path": page_url(sheet_page(estimate.ref.sheet.id), claim.id),
        }
        writer.writerow(
            flat[c] if c in NUMERIC_COLUMNS and flat[c] is not None else csv_cell(flat[c])
            for c in CHART_COLUMNS
        )
    return out.getvalue()


def render_data_files(
    content: Content,
    index: SiteIndex,
    history: History,
    generated_at: datetime,
    site_url: str | None = None,
) -> dict[str, str]:
    """Every data file, keyed by path in the docs folder (MkDocs copies them verbatim)."""
    claims = [claim_record(ref, history, site_url, index) for ref in claims_in_site_order(index)]
    files = {
        CLAIMS_JSON: envelope(generated_at, "claims", claims),
        CLAIMS_CSV: claims_csv(claims),
        SOURCES_JSON: envelope(
            generated_at, "sources", [source_record(s, index, site_url) for s in content.sources.values()]
        ),
        ACTORS_JSON: envelope(
            generated_at, "actors", [actor_record(a, index, site_url) for a in content.actors.values()]
        ),
    }
    # Each claim's record is built once, for claims.json and for its sheet's file.
    by_id = {record["id"]: record for record in claims}
    for sheet in content.sheets:
        files[sheet_json(sheet.id)] = envelope(
            generated_at, "sheet", sheet_record(sheet, index, history, site_url, by_id)
        )
        files[sheet_csv(sheet.id)] = claims_csv(by_id[claim.id] for claim in sheet.claims)
        for metric in sheet.metrics:
            points = chart_csv_file(metric, index)
            if points is not None:
                files[chart_csv(metric.id)] = points
    return files
