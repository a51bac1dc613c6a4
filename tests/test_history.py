"""Dates from git history: a real repository in tmp_path, commits at chosen times."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.history import History, generation_time, parse_log, read_history
from generator.content.model import Citation, Claim, Content, Origin, PartialDate, Sheet
from generator.errors import FactsheetError

ORIGIN = Origin("content/sheets/s.yaml", 1, 1)
T1 = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)
T2 = datetime(2025, 6, 2, 8, 30, tzinfo=UTC)
T3 = datetime(2025, 7, 3, 23, 59, tzinfo=UTC)


MARCH_2024 = PartialDate(2024, 3)
APRIL_30 = PartialDate(2025, 4, 30)


def sheet(sheet_id: str = "s", updated: PartialDate = MARCH_2024) -> Sheet:
    return Sheet(id=sheet_id, title="T", summary="S", updated=updated, origin=ORIGIN)


def claim(claim_id: str, claimed_on: PartialDate = APRIL_30, former=()) -> Claim:
    return Claim(
        id=claim_id, text="t", kind="event", claimed_on=claimed_on, status="reported",
        citations=(Citation("src"),), origin=ORIGIN, former_ids=tuple(former),
    )  # fmt: skip


def commit(repo: Path, when: datetime, message: str) -> None:
    stamp = f"{int(when.timestamp())} +0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git(repo, "add", "-A", env=env)
    git(repo, "commit", "-q", "-m", message, env=env)


def git(repo: Path, *args: str, env=None) -> None:
    base = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*base, "-C", str(repo), *args], check=True, env=env, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    sheets = tmp_path / "content" / "sheets"
    sheets.mkdir(parents=True)
    (sheets / "a.yaml").write_text("id: a\nsections:\n  - id: sec\n    claims:\n      - id: first-claim\n")
    (sheets / "b.yaml").write_text("id: b\n")
    (tmp_path / "README").write_text("outside content\n")
    commit(tmp_path, T1, "one")
    (sheets / "a.yaml").write_text(
        "id: a\nsections:\n  - id: sec\n    claims:\n      - id: first-claim\n"
        "      - id: 'second-claim'  # quoted, with a comment\n"
    )
    commit(tmp_path, T2, "two")
    (tmp_path / "README").write_text("changed outside content\n")
    (sheets / "b.yaml").write_text("id: b\nsections:\n  - id: first-claim\n")  # re-added elsewhere
    commit(tmp_path, T3, "three")
    return tmp_path


def test_one_log_gives_last_change_per_file_and_first_appearance_per_id(repo: Path) -> None:
    history = read_history(repo / "content")
    assert history.changed == {"sheets/a.yaml": T2, "sheets/b.yaml": T3}
    assert history.created == {"sheets/a.yaml": T1, "sheets/b.yaml": T1}
    assert history.added["first-claim"] == T1  # the oldest commit adding it, not the later copy
    assert history.added["second-claim"] == T2
    assert history.latest == T3


def test_sheet_date_comes_from_git_and_falls_back_to_updated(repo: Path) -> None:
    history = read_history(repo / "content")
    assert history.sheet_changed(sheet("a")) == date(2025, 6, 2)
    assert history.sheet_changed(sheet("not-committed", PartialDate(2024, 3))) == date(2024, 3, 1)


def test_claim_added_uses_former_ids_and_falls_back_to_claim_date(repo: Path) -> None:
    history = read_history(repo / "content")
    assert history.claim_added(claim("renamed", former=["second-claim"])) == T2
    fallback = history.claim_added(claim("unknown", PartialDate(2025, 4)))
    assert fallback == datetime(2025, 4, 1, tzinfo=UTC)


def test_outside_a_checkout_the_history_is_empty(tmp_path: Path) -> None:
    (tmp_path / "sheets").mkdir()
    history = read_history(tmp_path)
    assert history == History()
    assert history.sheet_changed(sheet(updated=PartialDate(2025, 1, 9))) == date(2025, 1, 9)


def test_a_deleted_line_is_not_an_addition() -> None:
    log = (
        f"1700000000\x00{'a' * 40}\x00one\x00\n"
        "diff --git a/sheets/x.yaml b/sheets/x.yaml\n"
        "--- a/sheets/x.yaml\n+++ b/sheets/x.yaml\n"
        "@@ -1 +0,0 @@\n-  - id: gone\n+  - text: id: not-an-id\n"
    )
    history = parse_log(log)
    assert history.added == {}
    assert history.changed == {"sheets/x.yaml": datetime.fromtimestamp(1700000000, UTC)}


def test_generation_time_never_reads_the_clock(repo: Path) -> None:
    content = Content(sheets=(sheet("a", PartialDate(2025, 2, 3)), sheet("b", PartialDate(2024))))
    history = read_history(repo / "content")
    from_env = generation_time(history, content, {"SOURCE_DATE_EPOCH": "86400"})
    assert from_env == datetime(1970, 1, 2, tzinfo=UTC)
    assert generation_time(history, content, {}) == T3
    assert generation_time(History(), content, {}) == datetime(2025, 2, 3, tzinfo=UTC)
    assert generation_time(History(), Content(), {}) == datetime(1970, 1, 1, tzinfo=UTC)
    for bad in ("yesterday", "²", "-1", "253402300800", "9" * 5000):
        with pytest.raises(FactsheetError, match="SOURCE_DATE_EPOCH"):
            generation_time(history, content, {"SOURCE_DATE_EPOCH": bad})


# --- hostile history: any bytes in any file, any date on any commit ---------------------------

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_no_bytes_in_a_file_split_the_log_where_a_commit_does_not_end(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    sheets = tmp_path / "content" / "sheets"
    sheets.mkdir(parents=True)
    # \x1e was the old commit mark; NUL is -z's; "\n123\x00" looks like a commit's time
    (sheets / "a.yaml").write_bytes(b"id: a\x1e\n\x00\n1\x00\n123\x00x\n  - id: first-claim\n")
    commit(tmp_path, T1, "one")
    (sheets / "a.yaml").write_bytes(b"id: a\n  - id: first-claim\n  - id: second-claim\n\x1e\x00\n")
    commit(tmp_path, T2, "two")
    history = read_history(tmp_path / "content", NOW)
    assert history.changed == {"sheets/a.yaml": T2}
    assert history.created == {"sheets/a.yaml": T1}
    assert history.added == {"a": T1, "first-claim": T1, "second-claim": T2}
    assert history.latest == T2


def test_gitattributes_do_not_hide_a_file_from_the_log(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    sheets = tmp_path / "content" / "sheets"
    sheets.mkdir(parents=True)
    (tmp_path / "content" / ".gitattributes").write_text("* -diff binary\n")
    (sheets / "a.yaml").write_text("id: a\n  - id: first-claim\n")
    commit(tmp_path, T1, "one")
    assert read_history(tmp_path / "content", NOW).added == {"a": T1, "first-claim": T1}


def test_commits_dated_in_the_future_or_in_the_year_10000_count_as_made_now(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    sheets = tmp_path / "content" / "sheets"
    sheets.mkdir(parents=True)
    (sheets / "a.yaml").write_text("id: a\n  - id: first-claim\n")
    commit(tmp_path, T1, "one")
    (sheets / "b.yaml").write_text("id: b\n  - id: future-claim\n")
    commit(tmp_path, datetime(2030, 1, 1, tzinfo=UTC), "future")
    (sheets / "c.yaml").write_text("id: c\n  - id: far-claim\n")
    stamp = "@253402300800 +0000"  # 1 January 10000: past what datetime can hold
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "far", env={**os.environ, "GIT_AUTHOR_DATE": stamp,
                                                   "GIT_COMMITTER_DATE": stamp})  # fmt: skip
    history = read_history(tmp_path / "content", NOW)
    assert history.changed == {"sheets/a.yaml": T1, "sheets/b.yaml": NOW, "sheets/c.yaml": NOW}
    assert history.added == {"a": T1, "first-claim": T1, "b": NOW, "future-claim": NOW, "c": NOW,
                             "far-claim": NOW}  # fmt: skip
    assert history.latest == NOW
    assert history.sheet_changed(sheet("c")) == NOW.date()


def test_a_commit_without_a_patch_is_followed_directly_by_the_next() -> None:
    log = (f"1700000300\x00{'a' * 40}\x00merge\x00"
           f"1700000200\x00{'b' * 40}\x00edit\x00\n"
           "diff --git a/sheets/x.yaml b/sheets/x.yaml\n+++ b/sheets/x.yaml\n")
    history = parse_log(log, NOW)
    assert history.latest == datetime.fromtimestamp(1700000300, UTC)
    assert history.changed == {"sheets/x.yaml": datetime.fromtimestamp(1700000200, UTC)}


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "300")), deadline=None)
@given(st.lists(st.one_of(st.text(), st.sampled_from(["\x00", "\n", "\x1e", "99999999999999999999\x00",
                                                    "a" * 40,
                                                    "\n+++ b/sheets/x.yaml\n", "\n+  - id: c\n", "1\x00"]))))
def test_any_log_text_parses_and_no_time_is_after_now(parts: list[str]) -> None:
    history = parse_log("".join(parts), NOW)
    times = [*history.changed.values(), *history.created.values(), *history.added.values()]
    assert all(when <= NOW for when in times)
    assert history.latest is None or history.latest <= NOW


def test_the_same_log_lists_each_commit_with_what_it_did_to_each_file(repo: Path) -> None:
    history = read_history(repo / "content")
    assert history.known
    assert [(c.time, c.subject) for c in history.commits] == [(T3, "three"), (T2, "two"), (T1, "one")]
    assert all(len(c.sha) == 40 for c in history.commits)
    three, two, one = history.commits
    assert [f.path for f in one.files] == ["sheets/a.yaml", "sheets/b.yaml"]
    assert one.files[0].created and one.files[0].added_ids == ("a", "sec", "first-claim")
    (added,) = two.files
    assert added.added_ids == ("second-claim",) and added.removed_ids == ()
    assert (added.lines_added, added.lines_removed, added.created) == (1, 0, False)
    (edited,) = three.files  # README is outside content/: not in the log
    assert edited.path == "sheets/b.yaml" and edited.added_ids == ("first-claim",)


def test_removed_and_moved_ids_and_deleted_files() -> None:
    log = (
        f"1700000000\x00{'c' * 40}\x00Move a claim, drop another\x00\n"
        "diff --git a/sheets/x.yaml b/sheets/x.yaml\n--- a/sheets/x.yaml\n+++ b/sheets/x.yaml\n"
        "@@ -3,2 +3,0 @@\n-      - id: moved\n-      - id: dropped\n@@ -9,0 +8,1 @@\n+      - id: moved\n"
        "diff --git a/sources/s.yaml b/sources/s.yaml\n--- a/sources/s.yaml\n+++ /dev/null\n"
        "@@ -1 +0,0 @@\n-id: s\n"
    )
    (commit,) = parse_log(log).commits
    assert (commit.sha, commit.subject) == ("c" * 40, "Move a claim, drop another")
    sheet_change, source_change = commit.files
    assert sheet_change.added_ids == () and sheet_change.removed_ids == ("dropped",)
    assert sheet_change.lines_removed == 2 and not sheet_change.deleted
    assert source_change.path == "sources/s.yaml" and source_change.deleted


def test_outside_a_checkout_nothing_is_known() -> None:
    assert not History().known and History().commits == ()
