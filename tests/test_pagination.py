"""Long lists split into pages (issue 15): first page at the old URL, every item on exactly one
page, every page linked from every other, nothing lost."""

from __future__ import annotations

import posixpath
import re

import pytest

from benchmarks import synth
from generator import paths
from generator.content.history import History
from generator.content.index import SiteIndex, build_index
from generator.content.validate import check_content
from generator.pages import actors, home, pagination, sources, tags
from generator.pages.registry import render_pages
from generator.settings import Settings

LINK = re.compile(r"\]\(([^)\s]+)\)")
TAG_ITEMS = 3  # entries on each page of a tag's list, in these tests


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> SiteIndex:
    folder = tmp_path_factory.mktemp("paged") / "content"
    synth.write_content(folder, sheets=30)
    content, problems = check_content(folder)
    assert content is not None, [p.format() for p in problems]
    return build_index(content)


@pytest.fixture(scope="module")
def pages(index) -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sources, "SOURCES_PER_PAGE", 20)
        patch.setattr(home, "SHEETS_PER_PAGE", 7)
        patch.setattr(actors, "ACTORS_PER_PAGE", 6)
        patch.setattr(actors, "ACTOR_PAGE_LINES", 12)
        patch.setattr(tags, "TAG_ITEMS_PER_PAGE", TAG_ITEMS)
        return render_pages(index, Settings(), History())


def links_of(page: str, text: str) -> set[str]:
    """Docs paths this page links (anchors dropped), resolved from its folder."""
    found = set()
    for target in LINK.findall(text):
        target = target.split("#")[0]
        if target and "://" not in target:
            found.add(posixpath.normpath(posixpath.join(posixpath.dirname(page), target)))
    return found


def resolved(page: str, target: str) -> str:
    """A link's target as a docs path (its anchor kept), resolved from the page's folder."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target))


def tag_entries(page: str, text: str) -> list[tuple[str, str]]:
    """A tag page's entries in order: ("sheet", its page) and ("claim", "<its sheet's page>#<id>")."""
    found = []
    for line in text.splitlines():
        if line.startswith("- **["):  # a sheet: its title, in bold, links its page
            found.append(("sheet", resolved(page, LINK.findall(line)[0])))
        elif line.startswith("- "):  # a claim: its date, then its text links it on its sheet
            found.append(("claim", resolved(page, LINK.findall(line)[0])))
    return found


def numbered(pages: dict[str, str], first: str) -> list[str]:
    found = [first]
    while paths.list_page(first, len(found) + 1) in pages:
        found.append(paths.list_page(first, len(found) + 1))
    return found


def test_split_and_split_by_size() -> None:
    assert pagination.split([], 3) == [[]]
    assert pagination.split(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert pagination.split_by_size([5, 5, 5, 20, 1], lambda n: n, 10) == [[5, 5], [5], [20], [1]]
    assert pagination.split_by_size([], len, 10) == [[]]


@pytest.mark.parametrize(
    ("first", "per_page", "rows"),
    [("sources/index.md", 20, 90), ("sheets/index.md", 7, 30), ("actors/index.md", 6, None)],
)
def test_a_list_keeps_its_address_and_each_page_links_every_page(pages, index, first, per_page, rows) -> None:
    listed = numbered(pages, first)
    assert len(listed) > 2
    for number, page in enumerate(listed, start=1):
        assert set(listed) - {page} <= links_of(page, pages[page]), page
        title = re.search(r"^# (.*) \{: #_title \}$", pages[page], re.MULTILINE)
        assert title is not None and (number == 1) == ("page" not in title.group(1))
    kind = first.split("/")[0]
    items = [link for page in listed for link in links_of(page, pages[page]) if link.startswith(f"{kind}/")]
    items = [link for link in items if link not in listed]
    total = {"sources": len(index.content.sources), "sheets": len(index.content.sheets)}.get(kind)
    total = total or len(index.content.actors)
    assert sorted(set(items)) == sorted(items) and len(items) == total  # each on exactly one page


def test_an_actor_with_many_claims_is_split_and_loses_none(pages, index) -> None:
    actor = max(index.claims_by_actor, key=lambda a: len(index.claims_by_actor[a]))
    listed = numbered(pages, paths.actor_page(actor))
    assert len(listed) > 2
    claimed = set()
    for page in listed:
        text = pages[page]
        claimed |= set(re.findall(r"#(sheet-\d+-c\d+)\)", text))
        assert set(listed) - {page} <= links_of(page, text)
        assert "search:\n  exclude: true" in text  # actor pages are not searched
    expected = {ref.ref.claim.id for ref in index.claims_by_actor[actor]}
    assert claimed == expected
    # The first page says where each section starts; each section's heading is on that page.
    first = pages[listed[0]]
    for anchor in ("_claimant", "_via"):
        hrefs = re.findall(rf"\]\(([^)#]*)#{anchor}\)", first)
        assert len(hrefs) == 1
        target = posixpath.normpath(posixpath.join(posixpath.dirname(listed[0]), hrefs[0] or listed[0]))
        assert f"{{: #{anchor} }}" in pages[target]


def test_a_small_list_has_no_pager(tmp_path) -> None:
    synth.write_content(tmp_path / "content", sheets=3)
    content, _ = check_content(tmp_path / "content")
    assert content is not None
    rendered = render_pages(build_index(content), Settings(), History())
    assert not [page for page in rendered if f"/{paths.PAGE_FOLDER}/" in page]
    assert not [page for page, text in rendered.items() if "Pages:" in text]


def test_later_pages_have_paths_of_their_own_and_page_is_a_reserved_id() -> None:
    assert paths.PAGE_FOLDER in paths.reserved_ids()
    assert paths.list_page("actors/x.md", 1) == "actors/x.md"
    assert paths.list_page("actors/x.md", 2) == "actors/x/page/2.md"
    assert paths.page_url(paths.list_page("sources/index.md", 3)) == "sources/page/3/"
    moved = paths.moved_link("../sheets/s.md#c", "actors/x.md", "actors/x/page/2.md")
    assert moved == "../../../sheets/s.md#c"
    assert paths.moved_link("../sheets/s.md", "actors/x.md", "actors/y.md") == "../sheets/s.md"


def test_every_link_of_every_page_is_a_generated_page(pages) -> None:
    for page, text in pages.items():
        if page.endswith(".md"):
            missing = {link for link in links_of(page, text) if link.endswith(".md")} - set(pages)
            assert not missing, page


def test_a_tag_s_list_runs_over_pages_sheets_then_claims_newest_first_each_once(pages, index) -> None:
    content = index.content

    def carrying(tag_id: str) -> tuple[list, list]:
        sheets = [s for s in content.sheets if tag_id in s.tags]
        return sheets, [(s, c) for s in content.sheets for c in s.claims if tag_id in c.tags]

    tag = max(content.tags, key=lambda t: len(carrying(t)[0]) + len(carrying(t)[1]))
    sheets, claims = carrying(tag)
    assert len(sheets) > TAG_ITEMS and len(claims) > TAG_ITEMS  # sheets and claims each span pages
    first = paths.tag_page(tag)
    listed = numbered(pages, first)
    assert len(listed) == -(-(len(sheets) + len(claims)) // TAG_ITEMS)
    entries = []
    for number, page in enumerate(listed):
        on_page = tag_entries(page, pages[page])
        assert 0 < len(on_page) <= TAG_ITEMS, page
        entries += on_page
        # The pager links every other page of the list, the next and the previous one among them.
        assert set(listed) - {page} <= links_of(page, pages[page]), page
        for word, other in (("Previous", number - 1), ("Next", number + 1)):
            href = re.search(rf"\[{word} page\]\(([^)]+)\)", pages[page])
            assert (href is not None) == (0 <= other < len(listed)), (page, word)
            if href:
                assert resolved(page, href.group(1)) == listed[other]
        # From the deeper folders (tags/<id>/page/<n>.md) too, every link lands on a generated page,
        # and each claim's link on its own sheet's page, at its anchor.
        assert {link for link in links_of(page, pages[page]) if link.endswith(".md")} <= set(pages), page
        for _, target in on_page:
            assert target.split("#")[0] in pages, (page, target)
    kinds = [kind for kind, _ in entries]
    assert kinds == ["sheet"] * len(sheets) + ["claim"] * len(claims)  # sheets, then claims
    shown_sheets = [target for kind, target in entries if kind == "sheet"]
    shown_claims = [target for kind, target in entries if kind == "claim"]
    assert sorted(shown_sheets) == sorted(paths.sheet_page(s.id) for s in sheets)  # each exactly once
    assert sorted(shown_claims) == sorted(f"{paths.sheet_page(s.id)}#{c.id}" for s, c in claims)
    updated = {paths.sheet_page(s.id): s.updated for s in sheets}
    claimed = {f"{paths.sheet_page(s.id)}#{c.id}": c.claimed_on for s, c in claims}
    sheet_dates = [updated[target] for target in shown_sheets]
    claim_dates = [claimed[target] for target in shown_claims]
    assert sheet_dates == sorted(sheet_dates, reverse=True) and len(set(sheet_dates)) > 1  # newest first
    assert claim_dates == sorted(claim_dates, reverse=True) and len(set(claim_dates)) > 1
