"""Each sheet's changes and the site's log of changes and corrections, from a git history."""

from __future__ import annotations

from datetime import UTC, datetime

from generator.content.history import Commit, FileChange, History
from generator.content.index import build_index
from generator.pages.changes import changes_page, sheet_changes
from generator.pages.registry import render_pages
from generator.settings import Settings
from tests.factories import content, figure_claim, section, sheet

REPO = Settings(repo_url="https://github.com/example/factsheet")
WHEN = datetime(2025, 6, 2, 8, 30, tzinfo=UTC)


def war_index():
    claims = (
        figure_claim("nis-1", "nis", "2025-01-13", 300, status="superseded", superseded_by="nis-2"),
        figure_claim("nis-2", "nis", "2025-04-30", 600, former_ids=("nis-old",)),
    )
    return build_index(content(sheet(sections=(section("casualties", *claims),))))


def history() -> History:
    created = Commit(
        "a" * 40,
        datetime(2025, 5, 1, tzinfo=UTC),
        "The war sheet",
        (FileChange("sheets/war.yaml", ("war", "casualties", "nis-1"), lines_added=30, created=True),),
    )
    revised = Commit(
        "b" * 40,
        WHEN,
        "Correct the April figure",
        (
            FileChange("sheets/war.yaml", ("nis-2",), ("nis-old", "gone"), lines_added=9, lines_removed=4),
            FileChange("sources/s1.yaml", lines_added=1, lines_removed=1),
            FileChange("tags.yaml", lines_added=1),
        ),
    )
    return History(commits=(revised, created), known=True)


def test_a_sheet_lists_its_changes_newest_first_in_words_with_links_to_the_commit_and_the_file():
    index = war_index()
    changes = sheet_changes(index.sheets["war"], index, history(), REPO, "sheets/war.md")
    newest, oldest = changes.changes
    assert newest.date == "2 June 2025" and newest.kind == "Revision"
    assert newest.words == (
        "1 claim added; 1 claim renamed (the old links still work); 1 entry removed (gone); "
        "4 lines of existing text changed."
    )
    assert [(link.text, link.href) for link in newest.added] == [("nis said 600.", "#nis-2")]
    assert newest.note == "Correct the April figure"
    assert newest.commit_href == "https://github.com/example/factsheet/commit/" + "b" * 40
    assert newest.then_href == f"https://github.com/example/factsheet/blob/{'b' * 40}/content/sheets/war.yaml"
    assert oldest.kind == "Addition" and oldest.words == "Sheet created; 1 claim added."
    assert changes.log_href == "../changes.md" and changes.older is None


def test_without_a_repository_there_are_no_commit_links_and_outside_git_no_list():
    index = war_index()
    plain = sheet_changes(index.sheets["war"], index, history(), Settings(), "sheets/war.md")
    assert plain.changes[0].commit_href is None and plain.changes[0].then_href is None
    outside = sheet_changes(index.sheets["war"], index, History(), Settings(), "sheets/war.md")
    assert not outside.known and outside.changes == ()


def test_the_site_log_names_every_change_and_marks_revisions():
    index = war_index()
    log = changes_page(index, history(), REPO)
    newest, oldest = log.entries
    assert (newest.kind, oldest.kind) == ("Revision", "Addition")
    assert [(s.title, s.href) for s in newest.sheets] == [("War", "sheets/war.md")]
    assert newest.lines == ("The tag list changed", "1 source changed (Title of s1)")
    page = render_pages(index, REPO, history())["changes.md"]
    assert "[The change](https://github.com/example/factsheet/commit/" in page
    outside = render_pages(index, REPO, History())["changes.md"]
    assert "built without its history" in outside
