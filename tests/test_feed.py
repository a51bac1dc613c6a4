"""The Atom feed: valid structure, newest additions first, capped, escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime

from generator.content.history import History
from generator.content.index import build_index
from generator.content.model import Content, PartialDate
from generator.data.feed import MAX_ENTRIES, render_feed
from tests.factories import valid_content as fixture
from tests.factories import with_claim_text

ATOM = "{http://www.w3.org/2005/Atom}"
WHEN = datetime(2025, 7, 1, tzinfo=UTC)
SITE = "https://example.org/factsheets/"


def feed(content: Content, history: History | None = None, site_url: str | None = SITE) -> ET.Element:
    text = render_feed(build_index(content), history or History(), WHEN, "Fact <sheets>", site_url)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n')
    return ET.fromstring(text.encode())


def test_feed_has_the_elements_atom_requires() -> None:
    root = feed(fixture())
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert root.findtext(f"{ATOM}title") == "Fact <sheets>: new claims"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Fact <sheets>"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": SITE + "feed.xml", "alternate": SITE}
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 4
    for entry in entries:
        for child in ("id", "title", "updated", "published", "summary"):
            assert entry.findtext(f"{ATOM}{child}"), child
        assert entry.find(f"{ATOM}link").get("href").startswith(SITE + "sheets/harbour-flood/#")
    # The feed's updated time is its newest entry's.
    assert root.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")


def test_entries_are_ordered_by_when_claims_were_added() -> None:
    content = fixture()
    # Without history, the claim dates: 2025-04-10 (twice), 2025-03-02, 2025-03-01.
    dates = [e.findtext(f"{ATOM}updated") for e in feed(content).findall(f"{ATOM}entry")]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2025-04-10T00:00:00Z"
    # git says the oldest claim was added last: it comes first.
    history = History(added={"harbour-closed-2025-03-01": datetime(2025, 8, 1, 6, tzinfo=UTC)})
    first = feed(content, history).find(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}updated") == "2025-08-01T06:00:00Z"
    assert first.find(f"{ATOM}link").get("href").endswith("#harbour-closed-2025-03-01")


def test_feed_is_capped_and_ids_are_stable() -> None:
    content = fixture()
    section = content.sheets[0].sections[0]
    many = tuple(
        replace(section.claims[1], id=f"claim-{n}", claimed_on=PartialDate(2025, 1 + n % 12, 1 + n % 28))
        for n in range(MAX_ENTRIES + 10)
    )
    sections = (replace(section, claims=many), *content.sheets[0].sections[1:])
    sheet = replace(content.sheets[0], sections=sections)
    root = feed(replace(content, sheets=(sheet,)))
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == MAX_ENTRIES
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == MAX_ENTRIES
    # The same claim has the same entry id wherever the site is served.
    moved = feed(replace(content, sheets=(sheet,)), site_url="https://elsewhere.example/")
    assert [e.findtext(f"{ATOM}id") for e in moved.findall(f"{ATOM}entry")] == ids


def test_hostile_text_is_escaped_and_control_characters_dropped() -> None:
    hostile = "</title><script>alert('x')</script> & \"quotes\"\x0b"
    root = feed(with_claim_text(fixture(), text=hostile, claimed_on=PartialDate(2026, 1, 1)))
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title").endswith("</title><script>alert('x')</script> & \"quotes\"")
    assert entry.find(f"{ATOM}script") is None


def test_without_a_site_address_links_are_relative_to_the_feed() -> None:
    root = feed(fixture(), site_url=None)
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": "feed.xml", "alternate": "./"}
    assert root.find(f"{ATOM}entry/{ATOM}link").get("href").startswith("sheets/harbour-flood/#")
