"""What changed, and when: each sheet's list of changes and the site's log of changes and
corrections, both read from git (content/history.py: one `git log` for all of content/).

A change that only adds (claims, reviews, sources) is an addition; one that edits or removes
what was already published is a revision, which is how corrections show. With REPO_URL set,
each change links to its commit and to the sheet's file as it stood then. Outside a git
checkout there is no history, and the pages say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting, paths
from ..content.history import Commit, FileChange, History
from ..content.index import SiteIndex
from ..content.model import Sheet
from ..settings import Settings
from .environment import NOT_SEARCHED, front_matter, render_page

# Newest changes listed on the site's log; older ones are in the repository's history.
SITE_LOG_LIMIT = 200
SHEET_LOG_LIMIT = 50
ADDED_SHOWN = 5  # added claims named (and linked) per change; the rest are counted
TOP_FILES = {"tags": "The tag list"}  # files at the top of content/, by name without .yaml


@dataclass(frozen=True)
class ChangeLink:
    text: str
    href: str


@dataclass(frozen=True)
class ChangeView:
    """One commit's change to one sheet, or to the site (a line of the log)."""

    date: str
    kind: str  # "Addition" or "Revision"
    words: str  # "3 claims added; 12 lines of existing entries changed"
    added: tuple[ChangeLink, ...]  # the first few claims added, linked
    more_added: str  # "and 7 more", or ""
    note: str  # the editor's own words (the commit's subject)
    commit_href: str | None
    then_href: str | None  # the sheet's file as it stood after this change


@dataclass(frozen=True)
class SheetChanges:
    known: bool  # False outside a git checkout
    changes: tuple[ChangeView, ...]
    older: str | None  # "12 older changes" when the list is cut
    history_href: str | None  # the file's full history in the repository
    log_href: str  # the site's log


@dataclass(frozen=True)
class LogSheet:
    title: str
    href: str
    words: str  # what the change did to it


@dataclass(frozen=True)
class LogEntry:
    date: str
    kind: str
    note: str
    lines: tuple[str, ...]  # what it did to sources, actors and the tag list, in words
    sheets: tuple[LogSheet, ...]  # the sheets it changed, linked, with what changed
    commit_href: str | None


@dataclass(frozen=True)
class ChangesPageContext:
    front_matter: str
    known: bool
    entries: tuple[LogEntry, ...]
    older: str | None
    history_href: str | None
    methodology_href: str


def kind_of(changes: list[FileChange]) -> str:
    """A revision edits or removes what was published; an addition only adds."""
    revised = any(c.lines_removed and not c.created for c in changes)
    return "Revision" if revised else "Addition"


def sheet_files(sheet: Sheet) -> set[str]:
    return {paths.record_file("sheet", sheet_id) for sheet_id in (sheet.id, *sheet.former_ids)}


def sheet_changes(
    sheet: Sheet, index: SiteIndex, history: History, settings: Settings, page: str
) -> SheetChanges:
    files = sheet_files(sheet)
    current = paths.record_file("sheet", sheet.id)
    mine = [(commit, [f for f in commit.files if f.path in files]) for commit in history.commits]
    mine = [(commit, changes) for commit, changes in mine if changes]
    shown = mine[:SHEET_LOG_LIMIT]
    older = len(mine) - len(shown)
    return SheetChanges(
        known=history.known,
        changes=tuple(
            _sheet_change(commit, changes, index, settings, page, current) for commit, changes in shown
        ),
        older=formatting.count(older, "older change") if older else None,
        history_href=settings.history_url(current),
        log_href=paths.page_link(page, paths.CHANGES),
    )


def _sheet_change(
    commit: Commit, changes: list[FileChange], index: SiteIndex, settings: Settings, page: str, current: str
) -> ChangeView:
    added_claims = [i for c in changes for i in c.added_ids if i in index.claims]
    links = tuple(
        ChangeLink(_claim_words(index, claim_id), paths.page_link(page, page, claim_id))
        for claim_id in added_claims[:ADDED_SHOWN]
    )
    more = len(added_claims) - len(links)
    deleted = any(c.deleted for c in changes)
    return ChangeView(
        date=formatting.long_date(commit.time.date()),
        kind=kind_of(changes),
        words=sheet_words(changes, index),
        added=links,
        more_added=f"and {more} more" if more > 0 else "",
        note=commit.subject,
        commit_href=settings.commit_url(commit.sha),
        then_href=None if deleted else settings.file_at_commit(commit.sha, _file_then(changes, current)),
    )


def sheet_words(changes: list[FileChange], index: SiteIndex) -> str:
    """What a commit did to a sheet, in words: 'Sheet created; 3 claims added; 1 claim renamed;
    12 lines of existing text changed.'"""
    added = [i for c in changes for i in c.added_ids]
    added_claims = [i for i in added if i in index.claims]
    added_reviews = [i for i in added if i in index.reviews]
    removed = [i for c in changes for i in c.removed_ids]
    former = {old for ref in index.claims.values() for old in ref.claim.former_ids}
    renamed = [i for i in removed if i in former]
    gone = [i for i in removed if i not in former]
    words = []
    if any(c.created for c in changes):
        words.append("sheet created")
    if any(c.deleted for c in changes):
        words.append("sheet removed or renamed")
    if added_claims:
        words.append(f"{formatting.count(len(added_claims), 'claim')} added")
    if added_reviews:
        words.append(f"{formatting.count(len(added_reviews), 'review')} added")
    if renamed:
        words.append(f"{formatting.count(len(renamed), 'claim')} renamed (the old links still work)")
    if gone:
        words.append(f"{formatting.count(len(gone), 'entry', 'entries')} removed ({', '.join(gone)})")
    edited = sum(c.lines_removed for c in changes if not c.created and not c.deleted)
    if edited:
        words.append(f"{formatting.count(edited, 'line')} of existing text changed")
    if not words:
        words.append(f"{formatting.count(sum(c.lines_added for c in changes), 'line')} added")
    return formatting.sentence("; ".join(words).capitalize())


def _file_then(changes: list[FileChange], current: str) -> str:
    paths_then = [c.path for c in changes]
    return current if current in paths_then else paths_then[0]


def _claim_words(index: SiteIndex, claim_id: str) -> str:
    claim = index.claims[claim_id].claim
    return formatting.shortened(claim.text)


def changes_page(index: SiteIndex, history: History, settings: Settings) -> ChangesPageContext:
    page = paths.CHANGES
    entries = []
    for commit in history.commits[:SITE_LOG_LIMIT]:
        lines, sheets = _log_lines(commit, index, page)
        entries.append(
            LogEntry(
                date=formatting.long_date(commit.time.date()),
                kind=kind_of(list(commit.files)),
                note=commit.subject,
                lines=tuple(lines),
                sheets=tuple(sheets),
                commit_href=settings.commit_url(commit.sha),
            )
        )
    older = len(history.commits) - len(entries)
    return ChangesPageContext(
        front_matter=front_matter(
            {
                "title": "Changes and corrections",
                "description": "Every change to the fact sheets, their sources and actors, newest first.",
                "search": NOT_SEARCHED,
                "content_changed": history.latest.date().isoformat() if history.latest else None,
            }
        ),
        known=history.known,
        entries=tuple(entries),
        older=formatting.count(older, "older change") if older > 0 else None,
        history_href=settings.history_url(),
        methodology_href=paths.page_link(page, paths.METHODOLOGY, paths.CORRECTIONS_ANCHOR),
    )


def _log_lines(commit: Commit, index: SiteIndex, page: str) -> tuple[list[str], list[LogSheet]]:
    """One line per kind of record the commit touched, and the sheets it changed."""
    by_folder: dict[str, dict[str, list[str]]] = {}
    sheets: list[LogSheet] = []
    content = index.content
    former = {old for source in content.sources.values() for old in source.former_ids}
    former |= {old for actor in content.actors.values() for old in actor.former_ids}
    former |= {old for sheet in content.sheets for old in sheet.former_ids}
    for change in commit.files:
        folder, _, name = change.path.rpartition("/")
        record_id = name.removesuffix(".yaml")
        verb = "added" if change.created else "changed"
        if change.deleted:
            verb = "renamed" if record_id in former else "removed"  # a renamed record's old address redirects
        if folder == paths.RECORD_FOLDERS["sheet"]:
            sheet = index.sheets.get(record_id)
            if sheet and not change.deleted:
                href = paths.page_link(page, paths.sheet_page(sheet.id))
                sheets.append(LogSheet(sheet.title, href, sheet_words([change], index)))
            else:
                by_folder.setdefault(folder, {}).setdefault(verb, []).append(record_id)
            continue
        label = _record_label(index, folder, record_id)
        by_folder.setdefault(folder, {}).setdefault(verb, []).append(label)
    lines = []
    kinds = {folder: kind for kind, folder in paths.RECORD_FOLDERS.items()}
    for folder, verbs in sorted(by_folder.items()):
        noun = kinds.get(folder)
        if noun is None:  # a file at the top of content/, such as the tag list
            lines.append(
                f"{formatting.names(sorted(verbs.get('changed', []) + verbs.get('added', [])))} changed"
            )
            continue
        parts = [
            f"{formatting.count(len(labels), noun)} {verb} ({_some(labels)})"
            for verb, labels in sorted(verbs.items())
        ]
        lines.append("; ".join(parts))
    return lines, sheets


def _some(labels: list[str], shown: int = 3) -> str:
    """'A, B and C', or 'A, B, C and 5 more'."""
    if len(labels) <= shown:
        return formatting.names(labels)
    return f"{', '.join(labels[:shown])} and {len(labels) - shown} more"


def _record_label(index: SiteIndex, folder: str, record_id: str) -> str:
    content = index.content
    if not folder:
        return TOP_FILES.get(record_id, record_id)
    if folder == paths.RECORD_FOLDERS["source"] and record_id in content.sources:
        return formatting.shortened(formatting.source_title(content.sources[record_id]), 60)
    if folder == paths.RECORD_FOLDERS["actor"] and record_id in content.actors:
        return content.actors[record_id].name
    return record_id


def render_changes_page(index: SiteIndex, history: History, settings: Settings) -> dict[str, str]:
    return {paths.CHANGES: render_page("changes.md.j2", changes_page(index, history, settings))}
