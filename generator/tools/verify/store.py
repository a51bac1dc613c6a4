"""Verify's results in the repository: one YAML file per source, `content/checks/<source-id>.yaml`.

Written by the tool only (a comment at the top says so); deterministic, so a re-check that
found the same thing leaves the file byte for byte as it was and a diff shows only news.
Keys come in the order below, quotes sorted by claim then quote, strings on one line.

    # Written by `factsheet verify`: do not edit, run it again.
    source: cna-2025-04-30-600-killed       # the source's id
    checked: '2026-11-27'                   # date of the check
    url: https://web.archive.org/...        # the address asked for: the source's archive_url when
                                            # archived_copy, else its url (before redirects)
    read_url: https://...                   # the address read, after redirects; null if none
    archived_copy: true                     # whether that was the source's archive_url
    page_status: ok                         # ok | unreachable | blocked | unsupported
    reason: null                            # why the status is not ok, in words
    text_sha256: 3f9a...                    # SHA-256 of the main text (kept when unread)
    changed: false                          # the text changed since the previous check
    page_title: North Korean ...            # as the page states them; null if none
    page_date: '2025-04-30'
    quotes:
    - claim: dprk-casualties-nis            # the claim (or review) citing the source
      quote: about 600 had been killed      # normalised
      status: verified                      # verified | not-found | unreachable | blocked | unsupported
      found_in: main                        # verified only: main (article) or full (whole page) text
    - claim: dprk-troops-total
      quote: sent a total of 15,000 troops
      status: not-found
      closest: sent a total of 15-thousand troops   # not-found only, when the page has one
      similarity: 0.87                              # not-found only: 0..1

Every top-level key is always written (null when unknown); `load_results` refuses a file
that lacks one or holds a value of the wrong kind, naming it, except `url`, which files written
before it was recorded lack (read as null: a check made for an unknown address).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any, cast

import yaml

from .check import PAGE_STATUSES, QUOTE_STATUSES, QuoteResult, SourceResult

CHECKS_FOLDER = "checks"  # inside the content folder
HEADER = "# Written by `factsheet verify`: do not edit, run it again.\n"


class StoreError(ValueError):
    """A results file that is not in the format above."""


def results_path(content_dir: Path, source_id: str) -> Path:
    return content_dir / CHECKS_FOLDER / f"{source_id}.yaml"


def _quote_data(result: QuoteResult) -> dict[str, Any]:
    data: dict[str, Any] = {"claim": result.claim, "quote": result.quote, "status": result.status}
    if result.found_in is not None:
        data["found_in"] = result.found_in
    if result.closest is not None:
        data["closest"] = result.closest
    if result.similarity is not None:
        data["similarity"] = result.similarity
    return data


def to_data(result: SourceResult) -> dict[str, Any]:
    """The stored form: plain dicts, lists, strings, numbers and booleans in a fixed order."""
    quotes = sorted(result.quotes, key=lambda q: (q.claim, q.quote, q.status))
    return {
        "source": result.source,
        "checked": result.checked,
        "url": result.url,
        "read_url": result.read_url,
        "archived_copy": result.archived_copy,
        "page_status": result.page_status,
        "reason": result.reason,
        "text_sha256": result.text_sha256,
        "changed": result.changed,
        "page_title": result.page_title,
        "page_date": result.page_date,
        "quotes": [_quote_data(quote) for quote in quotes],
    }


def dumps_results(result: SourceResult) -> str:
    body = yaml.safe_dump(
        to_data(result), sort_keys=False, allow_unicode=True, width=float("inf"), default_flow_style=False
    )
    return HEADER + body


def dump_results(result: SourceResult, path: Path) -> bool:
    """Write the file when its text changes (atomically); True when it was written."""
    text = dumps_results(result)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


_OPTIONAL = frozenset({"url"})  # absent from files written before it was recorded
_FIELDS: dict[str, tuple[type, ...]] = {
    "source": (str,),
    "checked": (str,),
    "url": (str, type(None)),
    "read_url": (str, type(None)),
    "archived_copy": (bool,),
    "page_status": (str,),
    "reason": (str, type(None)),
    "text_sha256": (str, type(None)),
    "changed": (bool,),
    "page_title": (str, type(None)),
    "page_date": (str, type(None)),
    "quotes": (list,),
}


def _plain(value: Any) -> Any:
    # A hand-edited file may hold an unquoted date, which YAML reads as a date.
    return value.isoformat() if isinstance(value, dt.date) else value


def from_data(data: Any, where: str = "results") -> SourceResult:
    if not isinstance(data, dict):
        raise StoreError(f"{where}: expected a mapping of results")
    values = {key: _plain(data.get(key)) for key in _FIELDS}
    for key, kinds in _FIELDS.items():
        if key not in data and key not in _OPTIONAL:
            raise StoreError(f"{where}: '{key}' is missing")
        if not isinstance(values[key], kinds):
            raise StoreError(f"{where}: '{key}' has the wrong kind of value: {values[key]!r}")
    if values["page_status"] not in PAGE_STATUSES:
        raise StoreError(f"{where}: unknown page_status {values['page_status']!r}")
    quotes = []
    for index, item in enumerate(values["quotes"]):
        place = f"{where}: quotes[{index}]"
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("claim", "quote")):
            raise StoreError(f"{place}: expected claim and quote")
        if item.get("status") not in QUOTE_STATUSES:
            raise StoreError(f"{place}: unknown status {item.get('status')!r}")
        similarity = item.get("similarity")
        if similarity is not None and not (isinstance(similarity, int | float) and 0 <= similarity <= 1):
            raise StoreError(f"{place}: similarity must be a number from 0 to 1")
        quotes.append(
            QuoteResult(
                claim=item["claim"],
                quote=item["quote"],
                status=item["status"],
                found_in=item.get("found_in"),
                closest=item.get("closest"),
                similarity=None if similarity is None else float(similarity),
            )
        )
    return SourceResult(
        source=values["source"],
        checked=values["checked"],
        url=values["url"],
        read_url=values["read_url"],
        archived_copy=values["archived_copy"],
        page_status=cast(Any, values["page_status"]),
        reason=values["reason"],
        text_sha256=values["text_sha256"],
        changed=values["changed"],
        page_title=values["page_title"],
        page_date=values["page_date"],
        quotes=tuple(quotes),
    )


def load_results(path: Path) -> SourceResult | None:
    """The results stored at path, or None when the source was never checked."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise StoreError(f"{path}: not YAML: {error}") from None
    return from_data(data, str(path))
