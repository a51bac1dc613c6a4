"""generator/tools/verify/check.py and extract.py: a source's page read, its quotes looked up."""

from __future__ import annotations

from datetime import date

import pytest

from generator.formatting import quote_result
from generator.tools.verify.check import (
    QuoteRef,
    QuoteResult,
    SourceRef,
    check_page,
    check_source,
    dates_agree,
    page_warnings,
    titles_agree,
)
from generator.tools.verify.extract import extract_page, full_text
from generator.tools.verify.fetch import Fetcher, FetchSettings, user_agent
from tests.verify_server import FIXTURES, Server, fixture, redirect, respond, sequence, slow, stream

TODAY = date(2026, 11, 27)
TITLE = "North Korean casualties estimated at 4,700, NIS says"
ARTICLE = (FIXTURES / "article.html").read_text(encoding="utf-8")

# Quotes as editors type them: straight quotes, plain spaces and hyphens, ellipses.
ON_THE_PAGE = {
    "split-by-em": "casualties are estimated at around 4,700, including some 600 deaths",
    "split-by-br": "sent a total of 15-thousand troops via two deployments",
    "curly-quotes": '"We will always honour the Korean heroes who gave their lives for Russia," the Kremlin',
    "soft-hyphen": "its combat capability had significantly improved",
    "ellipsis": "North Korea had sent a total of 15-thousand troops ... between January and March",
}
CAPTION = "Soldiers march in Pyongyang in a file photo released by the KCNA."


class NoSleep:
    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.sleeps.append(seconds)


@pytest.fixture
def server():
    running = Server().start()
    yield running
    running.stop()


@pytest.fixture
def sleeper():
    return NoSleep()


@pytest.fixture
def fetcher(sleeper):
    settings = FetchSettings(
        user_agent("https://github.com/example/factsheet"),
        connect_timeout=2.0,
        read_timeout=0.5,
        host_delay=0.0,
        trust_env=False,
    )
    with Fetcher(settings, sleep=sleeper) as running:
        yield running


def source(server: Server, path: str = "/article", archive: str | None = None, **fields) -> SourceRef:
    fields = {"title": TITLE, "published": "2025-04-30", **fields}
    return SourceRef(
        id="example-2025-04-30-casualties",
        url=server.url(path),
        archive_url=server.url(archive) if archive else None,
        **fields,
    )


def refs(*quotes: str) -> list[QuoteRef]:
    return [QuoteRef(f"claim-{n}", text, "content/sheets/x.yaml", 10 + n, 9) for n, text in enumerate(quotes)]


def statuses(result) -> list[str]:
    return [quote.status for quote in result.quotes]


# --- extract -------------------------------------------------------------------------------


def test_extract_gives_main_text_title_date_and_a_hash():
    page = extract_page(ARTICLE, "text/html", "https://example.org/a", today=TODAY)
    assert page.extractor == "trafilatura" and page.wall is None
    assert page.title == TITLE and page.date == "2025-04-30"
    assert "casualties are estimated at around 4,700, including some 600 deaths" in page.main
    assert "Most read" not in page.main and "Example News. All rights" not in page.main
    assert CAPTION not in page.main and CAPTION in page.full  # trafilatura drops captions
    assert "script text" not in page.full and "HTML comment" not in page.full
    assert len(page.sha256) == 64
    assert extract_page(ARTICLE, "text/html", today=TODAY).sha256 == page.sha256  # stable


def test_full_text_keeps_blocks_apart_and_inline_text_together():
    text = full_text("<html><body><p>one</p><p>two<br>three <em>fo</em>ur</p><td>five</td></body></html>")
    assert text == "one two three four five"
    assert full_text("") == ""
    assert full_text("<?xml version='1.0' encoding='utf-8'?><html><p>x</p></html>") == "x"


def test_a_page_with_no_article_uses_the_full_text():
    page = extract_page("<html><body><!-- 600 --></body></html>", "text/html", today=TODAY)
    assert page.extractor == "full-text" and page.main == "" == page.full and page.locate("600") is None


def test_plain_text_is_taken_as_is():
    page = extract_page((FIXTURES / "plain.txt").read_text(), "text/plain")
    assert page.extractor == "plain" and page.title is None and page.date is None
    assert page.locate("North Korea has sent around 15,000 troops to Russia in two deployments") == "main"


def test_a_consent_wall_is_detected():
    page = extract_page((FIXTURES / "consent.html").read_text(), "text/html", today=TODAY)
    assert page.wall == "little article text and the page says 'we value your privacy'"
    challenge = extract_page("<title>Just a moment...</title><p>Checking</p>", "text/html", today=TODAY)
    assert challenge.wall == "the page is titled 'Just a moment...'"


def test_a_long_article_that_mentions_subscribing_is_no_wall():
    article = "<p>" + "Troops were deployed along the front line in several waves. " * 40 + "</p>"
    html = f"<html><body><article>{article}<p>Subscribe to continue</p></article></body></html>"
    page = extract_page(html, "text/html")
    assert page.wall is None


# --- title and date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source_title", "page_title", "agree"),
    [
        (TITLE, TITLE, True),
        (TITLE, TITLE.upper() + ".", True),
        (TITLE, f"{TITLE} | Example News", True),
        (TITLE, f"Example News - {TITLE}", True),
        ("N. Korea \u2018confirms\u2019 troops", "N. Korea 'confirms' troops", True),
        (TITLE, "Markets rally on trade hopes", False),
        (TITLE, TITLE.replace("4,700", "4,100"), False),
    ],
)
def test_titles_agree(source_title, page_title, agree):
    assert titles_agree(source_title, page_title) is agree


@pytest.mark.parametrize(
    ("published", "page_date", "agree"),
    [("2025-04-30", "2025-04-30", True), ("2025-04", "2025-04-30", True), ("2025", "2025-04-30", True),
     ("2025-04-29", "2025-04-30", False), ("2025-05", "2025-04-30", False), ("2024", "2025-04-30", False)],
)  # fmt: skip
def test_dates_agree_at_the_precision_given(published, page_date, agree):
    assert dates_agree(published, page_date) is agree


def test_page_warnings_name_both_sides(server):
    mine = source(server, title="Markets rally", published="2025-05")
    assert page_warnings(mine, TITLE, "2025-04-30") == [
        f"the page's title '{TITLE}' differs from the source's title 'Markets rally'",
        "the page's date 2025-04-30 differs from the source's published date 2025-05",
    ]
    assert page_warnings(mine, None, None) == []


# --- check_source against the server -------------------------------------------------------


def test_quotes_split_by_markup_curly_quotes_and_no_break_spaces_are_verified(server, fetcher):
    server.routes["/article"] = fixture("article.html")
    result = check_source(source(server), refs(*ON_THE_PAGE.values(), CAPTION), fetcher, today=TODAY)
    assert result.page_status == "ok" and result.reason is None
    assert statuses(result) == ["verified"] * 6
    assert [quote.found_in for quote in result.quotes] == ["main"] * 5 + ["full"]
    assert result.read_url == server.url("/article") and result.archived_copy is False
    assert result.page_title == TITLE and result.page_date == "2025-04-30"
    assert result.checked == "2026-11-27" and result.changed is False and result.warnings == ()
    assert result.quotes[2].quote.startswith('"We will always honour')  # stored normalised
    assert result.quotes[0].ref is not None and result.quotes[0].ref.line == 10  # for the report


def test_a_quote_not_on_the_page_gets_the_closest_passage(server, fetcher):
    server.routes["/article"] = fixture("article.html")
    quotes = refs("casualties are estimated at about 4,700", "this script text is not page text")
    result = check_source(source(server), quotes, fetcher, today=TODAY)
    assert statuses(result) == ["not-found", "not-found"]
    typo = result.quotes[0]
    assert typo.closest == "casualties are estimated at around 4,700"
    assert typo.similarity is not None and 0.85 < typo.similarity < 1
    assert result.quotes[1].similarity is not None and result.quotes[1].similarity < 0.6


def test_title_and_date_differences_are_warnings(server, fetcher):
    server.routes["/article"] = fixture("article.html")
    mine = source(server, title="Spy agency on casualties", published="2025-04-29")
    result = check_source(mine, refs(ON_THE_PAGE["split-by-em"]), fetcher, today=TODAY)
    assert statuses(result) == ["verified"]
    assert result.warnings == (
        f"the page's title '{TITLE}' differs from the source's title 'Spy agency on casualties'",
        "the page's date 2025-04-30 differs from the source's published date 2025-04-29",
    )


@pytest.mark.parametrize(
    ("responder", "status", "reason"),
    [
        (respond(404, "<p>Not found</p>"), "unreachable", "page: HTTP 404 (not found)"),
        (respond(410, "<p>Gone</p>"), "unreachable", "page: HTTP 410 (gone)"),
        (respond(403, "<p>Forbidden</p>"), "blocked", "page: HTTP 403 (forbidden)"),
        (respond(200, "%PDF-1.7", "application/pdf"), "unsupported", "page: not a web page: application/pdf"),
    ],
)
def test_pages_that_cannot_be_read_give_every_quote_their_status(server, fetcher, responder, status, reason):
    server.routes["/article"] = responder
    result = check_source(source(server), refs("one", "two"), fetcher, today=TODAY)
    assert (result.page_status, result.reason) == (status, reason)
    assert statuses(result) == [status, status]
    assert result.read_url is None and result.text_sha256 is None and result.page_title is None


def test_a_response_slower_than_the_timeout_is_unreachable(server, fetcher):
    server.routes["/article"] = slow(server, 5.0, fixture("article.html"))
    result = check_source(source(server), refs("one"), fetcher, today=TODAY)
    assert (result.page_status, result.reason) == ("unreachable", "page: timed out waiting for the page")
    assert statuses(result) == ["unreachable"]


def test_a_20_mb_page_is_unsupported(server, fetcher):
    server.routes["/article"] = stream(server, 20 * 1024 * 1024)
    result = check_source(source(server), refs("one"), fetcher, today=TODAY)
    assert result.page_status == "unsupported"
    assert result.reason == "page: too large: more than 5,242,880 bytes"
    assert statuses(result) == ["unsupported"]


def test_429_then_200_is_verified_after_a_retry(server, fetcher, sleeper):
    busy = respond(429, "slow down", headers={"Retry-After": "2"})
    server.routes["/article"] = sequence(busy, fixture("article.html"))
    result = check_source(source(server), refs(ON_THE_PAGE["split-by-br"]), fetcher, today=TODAY)
    assert statuses(result) == ["verified"]
    assert server.paths() == ["/article", "/article"]
    assert sleeper.sleeps == [2.0]


def test_a_redirect_chain_of_three_hops_is_read_at_its_end(server, fetcher):
    server.routes["/article"] = redirect("/r1")
    server.routes["/r1"] = redirect("/r2", 301)
    server.routes["/r2"] = redirect("/final", 308)
    server.routes["/final"] = fixture("article.html")
    result = check_source(source(server), refs(ON_THE_PAGE["soft-hyphen"]), fetcher, today=TODAY)
    assert statuses(result) == ["verified"] and result.read_url == server.url("/final")
    assert result.url == server.url("/article")  # the address asked for, the source's, is kept


def test_seven_redirects_are_unreachable(server, fetcher):
    for hop in range(7):
        server.routes["/article" if hop == 0 else f"/r{hop}"] = redirect(f"/r{hop + 1}")
    server.routes["/r7"] = fixture("article.html")
    result = check_source(source(server), refs("one"), fetcher, today=TODAY)
    assert (result.page_status, result.reason) == ("unreachable", "page: more than 5 redirects")


def test_a_changed_page_is_flagged_against_the_recorded_hash(server, fetcher):
    server.routes["/article"] = fixture("article.html")
    quotes = refs(ON_THE_PAGE["split-by-em"])
    first = check_source(source(server), quotes, fetcher, today=TODAY)
    again = check_source(source(server), quotes, fetcher, previous=first, today=TODAY)
    assert again.changed is False and again.text_sha256 == first.text_sha256

    server.routes["/article"] = respond(200, ARTICLE.replace("some 600", "more than 600"))
    changed = check_source(source(server), quotes, fetcher, previous=first, today=TODAY)
    assert changed.changed is True and changed.text_sha256 != first.text_sha256
    assert statuses(changed) == ["not-found"]


def test_an_unreadable_page_keeps_the_recorded_hash_and_is_not_changed(server, fetcher):
    server.routes["/article"] = fixture("article.html")
    first = check_source(source(server), refs("one"), fetcher, today=TODAY)
    server.routes["/article"] = respond(503, "down")
    down = check_source(source(server), refs("one"), fetcher, previous=first, today=TODAY)
    assert down.page_status == "unreachable" and down.text_sha256 == first.text_sha256 and not down.changed


def test_the_archived_copy_is_read_first(server, fetcher):
    server.routes["/archive"] = fixture("article.html")
    server.routes["/article"] = respond(500, "live page broken")
    result = check_source(source(server, archive="/archive"), refs(ON_THE_PAGE["curly-quotes"]), fetcher)
    assert statuses(result) == ["verified"]
    assert result.archived_copy is True and result.read_url == server.url("/archive")
    assert result.url == server.url("/archive")
    assert server.paths() == ["/archive"]


def test_an_archive_that_fails_falls_back_to_the_live_page(server, fetcher):
    server.routes["/archive"] = respond(404, "no snapshot")
    server.routes["/article"] = fixture("article.html")
    result = check_source(source(server, archive="/archive"), refs(ON_THE_PAGE["ellipsis"]), fetcher)
    assert statuses(result) == ["verified"] and result.page_status == "ok"
    assert result.archived_copy is False and result.read_url == server.url("/article")
    assert result.url == server.url("/article")
    assert [(a.archived, a.status, a.reason) for a in result.attempts] == [
        (True, "unreachable", "HTTP 404 (not found)"),
        (False, "ok", ""),
    ]


def test_both_addresses_failing_reports_both(server, fetcher):
    server.routes["/archive"] = respond(404, "no snapshot")
    server.routes["/article"] = respond(403, "no")
    result = check_source(source(server, archive="/archive"), refs("one"), fetcher)
    assert result.page_status == "blocked"  # the live page's status
    assert result.reason == "archive: HTTP 404 (not found); page: HTTP 403 (forbidden)"
    assert (result.url, result.read_url, result.archived_copy) == (server.url("/article"), None, False)


def test_a_consent_wall_blocks_the_quotes_it_hides(server, fetcher):
    server.routes["/article"] = fixture("consent.html")
    result = check_source(source(server), refs(ON_THE_PAGE["split-by-em"], "We value your privacy"), fetcher)
    assert result.page_status == "blocked"
    assert result.reason == "little article text and the page says 'we value your privacy'"
    assert statuses(result) == ["blocked", "verified"]
    assert result.text_sha256 is None  # a wall's text is no baseline


def test_a_walled_archive_falls_back_to_the_live_page(server, fetcher):
    server.routes["/archive"] = fixture("consent.html")
    server.routes["/article"] = fixture("article.html")
    result = check_source(source(server, archive="/archive"), refs(ON_THE_PAGE["split-by-em"]), fetcher)
    assert statuses(result) == ["verified"] and result.archived_copy is False
    assert result.url == server.url("/article")


def test_a_plain_text_page_is_checked(server, fetcher):
    server.routes["/wire.txt"] = fixture("plain.txt", "text/plain; charset=utf-8")
    result = check_source(source(server, "/wire.txt"), refs("About 600 of them have been killed"), fetcher)
    assert statuses(result) == ["verified"] and result.page_title is None


def test_check_page_needs_no_network():
    page = extract_page(ARTICLE, "text/html", today=TODAY)
    mine = SourceRef("s", "https://example.org/a", TITLE, "2025-04")
    quotes = refs("some 600 deaths")
    result = check_page(mine, quotes, page, read_url=mine.url, archived_copy=False, today=TODAY)
    assert statuses(result) == ["verified"] and result.warnings == ()


@pytest.mark.parametrize(
    ("result", "text"),
    [
        (QuoteResult("c", "q", "verified", "main"), "verified"),
        (QuoteResult("c", "q", "verified", "full"), "verified (outside the article text)"),
        (
            QuoteResult("c", "at about 4,700", "not-found", None, "at around 4,700", 0.87),
            "not found; closest passage: 'at around 4,700' (87 % alike)",
        ),
        (QuoteResult("c", "q", "not-found", None, None, 0.0), "not found; the page shares no word with it"),
        (QuoteResult("c", "q", "blocked"), "page blocked"),
    ],
)
def test_quote_result(result, text):
    assert quote_result(result) == text
