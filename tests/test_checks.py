"""content/checks/<source-id>.yaml: verify's results read as content, attached to citations, shown.

The files are written by `factsheet verify` (tools/verify/store.py) and read by the loader like
every content file; hostile ones give located errors (invalid fixture check-results). A citation
counts as checked only when its source and its quote, as written now, were found on the page.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from generator.content import model
from generator.content.check_addresses import stale_checks
from generator.content.history import History
from generator.content.index import build_index
from generator.content.validate import check_content
from generator.data.export import render_data_files
from generator.pages.sheet import sheet_context
from generator.settings import Settings
from generator.tools.verify import check as verify_check
from generator.tools.verify.check import QuoteResult, SourceResult
from generator.tools.verify.store import dump_results, results_path
from tests.factories import VALID, valid_content

TODAY = date(2026, 11, 26)
GAZETTE = "example-gazette-2025-03-02-flood-toll"
MINISTRY = "example-ministry-2025-04-10-briefing"


def test_the_statuses_are_the_ones_verify_writes():
    assert model.PAGE_STATUSES == verify_check.PAGE_STATUSES
    assert model.CHECK_STATUSES == verify_check.QUOTE_STATUSES


def test_what_verify_writes_loads_as_content(tmp_path):
    content_dir = tmp_path / "content"
    shutil.copytree(VALID, content_dir)
    result = SourceResult(
        source=GAZETTE,
        checked="2026-11-20",
        url="https://example.org/archive/20250601/gazette-flood-toll",
        read_url="https://example.org/archive/20250601/gazette-flood-toll",
        archived_copy=True,
        page_status="ok",
        reason=None,
        text_sha256="0" * 64,
        changed=True,
        page_title="Ministry puts flood toll at 'about 40': yes",
        page_date="2025-03",
        quotes=(
            QuoteResult("harbour-closed-2025-03-01", "the harbour has been closed since Saturday", "verified",
                        found_in="full"),
            QuoteResult("ministry-2025-03-02-deaths", "no: 1.0", "not-found", closest="null", similarity=1.0),
        ),
    )  # fmt: skip
    dump_results(result, results_path(content_dir, GAZETTE))
    content, problems = check_content(content_dir, TODAY)
    assert problems == [] and content is not None
    check = content.checks[GAZETTE]
    assert check == model.SourceCheck(
        source=GAZETTE,
        checked=model.PartialDate(2026, 11, 20),
        archived_copy=True,
        page_status="ok",
        changed=True,
        origin=check.origin,
        url=result.url,
        read_url=result.read_url,
        text_sha256="0" * 64,
        page_title=result.page_title,
        page_date="2025-03",
        quotes=(
            model.QuoteCheck("harbour-closed-2025-03-01", "the harbour has been closed since Saturday",
                             "verified", "full"),
            model.QuoteCheck("ministry-2025-03-02-deaths", "no: 1.0", "not-found", None, "null", 1.0),
        ),
    )  # fmt: skip
    # Where the check names its address: where a warning says the source cites another now.
    assert check.origin == model.Origin(f"content/checks/{GAZETTE}.yaml", 4, 6)


def test_a_citation_is_matched_by_source_and_quote_as_written_now():
    content = valid_content()
    index = build_index(content)
    claims = {claim.id: claim for sheet in content.sheets for claim in sheet.claims}
    citation = claims["ministry-2025-04-10-deaths"].citations[0]
    found = index.check_of(citation)
    assert found is not None and found.verified and not found.archived_copy
    assert found.checked == model.PartialDate(2025, 6, 2)
    # Curly quotes and spacing are made alike; other words are another quote.
    assert index.check_of(replace(citation, quote="the toll now  stands at 52")) == found
    assert index.check_of(replace(citation, quote="the toll now stands at 53")) is None
    assert index.check_of(replace(citation, source=GAZETTE)) is None
    assert index.check_of(replace(citation, quote=None)) is None


def _shown(page) -> dict[str | None, str | None]:
    """Each quote of the sheet's references (without its quotation marks) and its check line."""
    return {
        (citation.quote or "").strip("“”") or None: citation.check
        for reference in page.references
        for use in reference.uses
        for citation in use.citations
    }


def test_only_a_quote_found_on_its_page_is_shown_as_checked():
    content = valid_content()
    index = build_index(content)
    page = sheet_context(content.sheets[0], index, Settings(), History())
    shown = _shown(page)
    assert shown["the toll now stands at 52"] == "Quote found on the page, checked 2 June 2025 (live page)."
    assert (shown["the harbour has been closed since Saturday"] or "").endswith("(archived copy).")
    spokesperson = next(quote for quote in shown if quote and "spokesperson" in quote)
    assert shown[spokesperson] is None  # not found on the page: never "checked"
    assert page.quotes_checked == "3 of 4 quotes checked against their pages"
    assert page.quote_checks_href == "../methodology.md#_quotes"


def test_without_results_no_quote_is_checked():
    content = replace(valid_content(), checks={})
    page = sheet_context(content.sheets[0], build_index(content), Settings(), History())
    assert page.quotes_checked == "0 of 4 quotes checked against their pages"
    assert all(check is None for check in _shown(page).values())


def test_the_data_files_carry_each_citations_check():
    content = valid_content()
    index = build_index(content)
    files = render_data_files(content, index, History(), generated_at=datetime(2026, 1, 1, tzinfo=UTC))
    claims = {c["id"]: c for c in json.loads(files["data/claims.json"])["claims"]}
    assert claims["ministry-2025-04-10-deaths"]["citations"][0]["check"] == {
        "status": "verified",
        "checked": "2025-06-02",
        "archived_copy": False,
        "url": "https://example.org/ministry/briefings/2025-04-10",
        "read_url": "https://example.org/ministry/briefings/2025-04-10",
    }
    assert claims["sample-2025-04-10-quote"]["citations"][0]["check"]["status"] == "not-found"
    sheet = json.loads(files["data/sheets/harbour-flood.json"])["sheet"]
    # A review citing the same words on the same page shares the check.
    assert sheet["reviews"][0]["citations"][0]["check"]["status"] == "verified"
    assert claims["harbour-closed-2025-03-01"]["citations"][0]["check"]["archived_copy"] is True


def _with_source(content: model.Content, source_id: str, **changes) -> model.Content:
    changed = replace(content.sources[source_id], **changes)
    return replace(content, sources={**content.sources, source_id: changed})


def _quote_checks(content: model.Content) -> dict[str, str | None]:
    """Each quote of the valid sheet and the status the site gives it (None: never checked)."""
    index = build_index(content)
    cited = [c for item in (*content.sheets[0].claims, *content.sheets[0].reviews) for c in item.citations]
    return {c.quote: (check.status if (check := index.check_of(c)) else None) for c in cited if c.quote}


def test_a_check_counts_only_while_its_source_cites_the_address_it_was_made_for():
    content = valid_content()
    assert stale_checks(content) == []
    moved = _with_source(content, MINISTRY, url="https://example.org/ministry/briefings/2025-04-10-corrected")
    assert _quote_checks(moved) == {
        "the harbour has been closed since Saturday": "verified",
        "about 40 people died, between 35 and 45 by the ministry's count": "verified",
        "the toll now stands at 52": None,  # verified at the old address: not checked at the new one
        "\"We will rebuild the wall before the autumn storms,\" the spokesperson said.": None,
    }
    page = sheet_context(moved.sheets[0], build_index(moved), Settings(), History())
    assert page.quotes_checked == "2 of 4 quotes checked against their pages"
    assert _shown(page)["the toll now stands at 52"] is None
    at = datetime(2026, 1, 1, tzinfo=UTC)
    files = render_data_files(moved, build_index(moved), History(), generated_at=at)
    claims = {c["id"]: c for c in json.loads(files["data/claims.json"])["claims"]}
    assert claims["ministry-2025-04-10-deaths"]["citations"][0]["check"] is None
    assert claims["sample-2025-04-10-quote"]["citations"][0]["check"] is None
    [warning] = stale_checks(moved)
    assert (warning.path, warning.line, warning.column, warning.severity) == (
        f"content/checks/{MINISTRY}.yaml", 4, 6, "warning")
    assert warning.message == (
        "this check was made for https://example.org/ministry/briefings/2025-04-10; the source now cites "
        "https://example.org/ministry/briefings/2025-04-10-corrected: run `factsheet verify "
        f"{MINISTRY}` again (until then its quotes count as not checked)"
    )


def test_a_check_of_the_archived_copy_follows_the_archive_url_not_the_live_one():
    content = valid_content()
    gazette_quotes = ("the harbour has been closed since Saturday",
                      "about 40 people died, between 35 and 45 by the ministry's count")  # fmt: skip
    live_moved = _with_source(content, GAZETTE, url="https://example.org/gazette/flood-toll")
    assert all(_quote_checks(live_moved)[quote] == "verified" for quote in gazette_quotes)
    assert stale_checks(live_moved) == []
    for changes in ({"archive_url": "https://example.org/archive/20260101/gazette-flood-toll"},
                    {"archive_url": None, "archived": None}):  # fmt: skip
        changed = _with_source(content, GAZETTE, **changes)
        assert all(_quote_checks(changed)[quote] is None for quote in gazette_quotes)
        assert [p.path for p in stale_checks(changed)] == [f"content/checks/{GAZETTE}.yaml"]


def test_a_check_that_names_no_address_counts_as_made_for_another():
    content = valid_content()
    old = replace(content, checks={k: replace(v, url=None) for k, v in content.checks.items()})
    assert set(_quote_checks(old).values()) == {None}
    assert [(p.path.rsplit("/", 1)[-1], p.line) for p in stale_checks(old)] == [
        (f"{GAZETTE}.yaml", 4), (f"{MINISTRY}.yaml", 4)]  # the origins of the files as they are


def test_the_real_sheets_count_only_verified_quotes():
    content, problems = check_content(Path(__file__).resolve().parents[1] / "content")
    assert content is not None, problems
    index = build_index(content)
    for sheet in content.sheets:
        page = sheet_context(sheet, index, Settings(), History())
        cited = [c for item in (*sheet.claims, *sheet.reviews) for c in item.citations]
        quotes = list(dict.fromkeys(c for c in cited if c.quote))
        verified = [c for c in quotes if (check := index.check_of(c)) and check.verified]
        expected = f"{len(verified):,} of {len(quotes):,} quotes checked against their pages"
        assert page.quote_checks_href.endswith("#_quotes") and page.quotes_checked == expected
