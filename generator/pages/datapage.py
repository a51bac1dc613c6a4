"""The Data page: the downloadable files and every field of their records (from data/datadoc.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from .. import paths
from ..data import datadoc
from ..data.export import SCHEMA_VERSION
from . import filters
from .environment import front_matter, render_page

_CODE = re.compile(r"`([^`]+)`")


def doc_text(text: str) -> Markup:
    """Our own documentation text: `code` spans as <code>, everything else escaped as text."""
    out = []
    for number, part in enumerate(_CODE.split(text)):
        if number % 2:
            out.append(f"<code>{filters.html(part)}</code>")
        elif part.strip():  # md() trims the ends; the spaces around a code span must stay
            lead, trail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()) :]
            out.append(f"{' ' if lead else ''}{filters.md(part)}{' ' if trail else ''}")
        else:
            out.append(" " if part else "")
    return Markup("".join(out))


# The Data page's view of datadoc.FieldDoc and RecordDoc: the same fields on purpose, as Markup
# (doc_text turns `code` into <code> and escapes the rest), so the template only arranges them.
@dataclass(frozen=True)
class DocRow:
    name: Markup
    type: Markup
    meaning: Markup


@dataclass(frozen=True)
class DocTable:
    name: str
    where: Markup
    rows: tuple[DocRow, ...]


@dataclass(frozen=True)
class DataFileLink:
    name: str
    href: str | None  # None for a pattern such as data/sheets/<id>.json
    meaning: Markup


@dataclass(frozen=True)
class DataPageContext:
    front_matter: str
    schema_version: int
    files: tuple[DataFileLink, ...]
    records: tuple[DocTable, ...]
    csv_notes: Markup
    quote_checks_anchor: str
    quote_checks: Markup
    chart_csv_notes: Markup
    licence_href: str


def data_context() -> DataPageContext:
    files = tuple(
        DataFileLink(
            name=f.path,
            href=None if "<" in f.path else paths.page_link(paths.DATA_PAGE, f.path),
            meaning=doc_text(f.meaning),
        )
        for f in datadoc.FILES
    )
    records = tuple(
        DocTable(
            name=r.name,
            where=doc_text(r.where),
            rows=tuple(
                DocRow(doc_text(f"`{f.name}`"), doc_text(f.type), doc_text(f.meaning)) for f in r.fields
            ),
        )
        for r in datadoc.RECORDS
    )
    return DataPageContext(
        front_matter=front_matter(
            {"title": "Data", "description": "The claims as JSON and CSV, every field explained."}
        ),
        schema_version=SCHEMA_VERSION,
        files=files,
        records=records,
        csv_notes=doc_text(datadoc.CSV_NOTES),
        quote_checks_anchor=paths.QUOTE_CHECKS_ANCHOR,
        quote_checks=doc_text(datadoc.QUOTE_CHECKS_NOTES),
        chart_csv_notes=doc_text(datadoc.CHART_CSV_NOTES),
        licence_href=paths.page_link(paths.DATA_PAGE, paths.LICENCE),
    )


def render_data_page() -> dict[str, str]:
    return {paths.DATA_PAGE: render_page("data.md.j2", data_context())}
