"""Dates from git: when each content file last changed and when each claim id first appeared.

One `git log -z -p` over content/ answers every question at once: a thousand sheets must not
cost a thousand git processes. Outside a git checkout (a tarball, a CI job without history)
the history is empty and callers fall back to what the editors wrote: a sheet's `updated`
field, a claim's `claimed_on` date.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from ..errors import FactsheetError
from ..paths import RECORD_FOLDERS, record_file
from .model import Claim, Content, PartialDate, Sheet

_SHEETS = RECORD_FOLDERS["sheet"] + "/"
# `git log -z --format=%ct%x00%H%x00%s --patch`: each commit is its time, hash and subject, each
# ended by a NUL, then its patch (a line break, then lines ending in line breaks), or nothing. No
# patch line starts with a digit (each starts with + - space \ @ or a header word), so only a
# commit's header follows a line break and holds NULs: whatever bytes a file in the history holds,
# the commits split where they end.
_COMMIT_HEADER = re.compile(r"([0-9]{1,20})\x00([0-9a-f]{40,64})\x00([^\x00\n]*)\x00")
_NEXT_COMMIT = re.compile(r"\n(?=[0-9]{1,20}\x00[0-9a-f]{40,64}\x00)")
# An added YAML line that sets an id: "  - id: some-claim" or "    id: 'some-claim'  # note".
_ADDED_ID = re.compile(r"""^\+\s*(?:-\s+)?id:\s*(["']?)([a-z0-9]+(?:-[a-z0-9]+)*)\1\s*(?:#.*)?$""")
# The same, removed (a claim, review or other entry taken out, or its id changed).
_REMOVED_ID = re.compile(r"""^-\s*(?:-\s+)?id:\s*(["']?)([a-z0-9]+(?:-[a-z0-9]+)*)\1\s*(?:#.*)?$""")


@dataclass(frozen=True)
class FileChange:
    """What one commit did to one content file (path relative to the content folder)."""

    path: str
    added_ids: tuple[str, ...] = ()  # ids on lines the commit added and did not also remove
    removed_ids: tuple[str, ...] = ()  # ids on lines it removed and did not add back
    lines_added: int = 0
    lines_removed: int = 0  # every edited or deleted line of the file as it was
    created: bool = False
    deleted: bool = False


@dataclass(frozen=True)
class Commit:
    """One commit that changed content/: the changes pages list these, newest first."""

    sha: str
    time: datetime
    subject: str  # the first line of the commit message, as the editor wrote it
    files: tuple[FileChange, ...]


@dataclass(frozen=True)
class History:
    """What git knows about content/; every time is timezone-aware UTC.

    `changed` maps a path relative to the content folder ("sheets/x.yaml") to the time of the
    newest commit touching it; `added` maps an id written in a sheet to the time of the oldest
    commit that added a line `id: <that id>`; `latest` is the newest commit touching content/;
    `created` maps a path to the oldest commit that wrote it.
    """

    changed: Mapping[str, datetime] = field(default_factory=dict)
    created: Mapping[str, datetime] = field(default_factory=dict)
    added: Mapping[str, datetime] = field(default_factory=dict)
    latest: datetime | None = None
    commits: tuple[Commit, ...] = ()  # newest first; empty outside a checkout
    known: bool = False  # whether git history was read at all (False outside a checkout)

    def sheet_changed(self, sheet: Sheet) -> date:
        """The day the sheet's YAML file last changed; its `updated` field when git does not know."""
        when = self.changed_at(sheet)
        return when.date() if when else start_of(sheet.updated)

    def changed_at(self, sheet: Sheet) -> datetime | None:
        """The time of the last commit of the sheet's YAML file, if git knows it."""
        return self.changed.get(record_file("sheet", sheet.id))

    def claim_added(self, claim: Claim) -> datetime:
        """When the claim reached the site (under its id or a former one); else its claim date."""
        found = [self.added[i] for i in (claim.id, *claim.former_ids) if i in self.added]
        if found:
            return min(found)
        return datetime.combine(start_of(claim.claimed_on), datetime.min.time(), UTC)


def read_history(content_dir: Path, now: datetime | None = None) -> History:
    """Read the history of `content_dir` with a single git process; empty outside a checkout.

    `now` (default: the clock) bounds every time read: a commit dated later, a year-10000 date
    included, counts as made now, so no page shows a date in the future.
    """
    command = [
        "git", "-c", "core.quotepath=off", "-C", str(content_dir), "log", "-z",
        "--no-renames", "--no-color", "--no-ext-diff", "--no-textconv", "--no-show-signature",
        # --text: a file's .gitattributes (-diff, binary) must not hide its lines from the log
        "--text", "--src-prefix=a/", "--dst-prefix=b/", "--unified=0", "--relative",
        "--format=%ct%x00%H%x00%s", "--patch", "--", ".",
    ]  # fmt: skip
    environment = {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat"}
    try:
        result = subprocess.run(command, capture_output=True, env=environment, check=False)
    except OSError:  # git is not installed
        return History()
    if result.returncode != 0:  # not a checkout, or no commits yet
        return History()
    return parse_log(result.stdout.decode("utf-8", errors="replace"), now)


def commits(text: str) -> Iterator[tuple[int, str, str, str]]:
    """(time, hash, subject, patch) of each commit in `git log -z --format=%ct%x00%H%x00%s
    --patch` output."""
    position = 0
    while header := _COMMIT_HEADER.match(text, position):
        position = header.end()
        stamp, sha, subject = int(header[1]), header[2], header[3]
        if not text.startswith("\n", position):  # no patch (a merge): the next commit follows
            yield stamp, sha, subject, ""
            continue
        following = _NEXT_COMMIT.search(text, position)
        end = following.start() + 1 if following else len(text)
        yield stamp, sha, subject, text[position:end]
        position = end


def parse_log(text: str, now: datetime | None = None) -> History:
    """Parse `git log -z --format=%ct%x00%H%x00%s --patch --unified=0 --relative` output.

    Every time is clamped to `now` (default: the clock): a forged future date is never shown.
    """
    newest = int((now or datetime.now(UTC)).timestamp())
    changed: dict[str, datetime] = {}
    created: dict[str, datetime] = {}
    added: dict[str, datetime] = {}
    latest: datetime | None = None
    found: list[Commit] = []
    for stamp, sha, subject, patch in commits(text):
        when = datetime.fromtimestamp(min(stamp, newest), UTC)
        latest = max(latest, when) if latest else when
        path = None
        files: list[_FileLog] = []
        for line in patch.split("\n"):
            if line.startswith("diff --git "):
                path = None
                files.append(_FileLog())
            elif line.startswith("--- ") and files and not files[-1].in_hunk:
                if line.startswith("--- a/"):
                    _record_newest(changed, line[6:], when)  # the file as it was (also deletions)
                    files[-1].path = line[6:]
                else:
                    files[-1].created = True
            elif line.startswith("+++ ") and files and not files[-1].in_hunk:
                path = line[6:] if line.startswith("+++ b/") else None
                if path:
                    files[-1].path = path
                    _record_newest(changed, path, when)
                    if path not in created or when < created[path]:
                        created[path] = when
                else:
                    files[-1].deleted = True
            elif line.startswith("@@") and files:
                files[-1].in_hunk = True
            elif files and files[-1].in_hunk and line[:1] in ("+", "-"):
                files[-1].count(line)
                if path and path.startswith(_SHEETS) and line.startswith("+"):
                    match = _ADDED_ID.match(line)
                    if match and (match[2] not in added or when < added[match[2]]):
                        added[match[2]] = when
        found.append(Commit(sha, when, subject, tuple(f.change() for f in files if f.path)))
    return History(
        changed=changed, created=created, added=added, latest=latest, commits=tuple(found), known=True
    )


class _FileLog:
    """One file's part of one commit's patch, as it is read."""

    def __init__(self) -> None:
        self.path = ""
        self.in_hunk = False
        self.created = False
        self.deleted = False
        self.plus: list[str] = []
        self.minus: list[str] = []
        self.lines_added = 0
        self.lines_removed = 0

    def count(self, line: str) -> None:
        if line.startswith("+"):
            self.lines_added += 1
            match = _ADDED_ID.match(line)
            if match:
                self.plus.append(match[2])
        else:
            self.lines_removed += 1
            match = _REMOVED_ID.match(line)
            if match:
                self.minus.append(match[2])

    def change(self) -> FileChange:
        # An id both removed and added (a block moved, or re-indented) was neither.
        plus, minus = set(self.plus), set(self.minus)
        return FileChange(
            path=self.path,
            added_ids=tuple(dict.fromkeys(i for i in self.plus if i not in minus)),
            removed_ids=tuple(dict.fromkeys(i for i in self.minus if i not in plus)),
            lines_added=self.lines_added,
            lines_removed=self.lines_removed,
            created=self.created,
            deleted=self.deleted,
        )


def _record_newest(changed: dict[str, datetime], path: str, when: datetime) -> None:
    if path not in changed or when > changed[path]:
        changed[path] = when


def start_of(partial: PartialDate) -> date:
    """A partial date placed at the start of its period: 2025-04 -> 2025-04-01."""
    return date(partial.year, partial.month or 1, partial.day or 1)


_LAST_SECOND = int(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())


def generation_time(history: History, content: Content, environ: Mapping[str, str] | None = None) -> datetime:
    """When the data files were generated, reproducibly: never the wall clock.

    `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention); else the newest commit
    that changed content/; else the newest `updated` date of any sheet at 00:00 UTC; else the
    Unix epoch. The same commit therefore always yields the same bytes.
    """
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not re.fullmatch(r"[0-9]{1,12}", epoch) or int(epoch) > _LAST_SECOND:
            raise FactsheetError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970 up to the year 9999, got {epoch!r}"
            )
        return datetime.fromtimestamp(int(epoch), UTC)
    if history.latest:
        return history.latest
    if content.sheets:
        newest = max(start_of(sheet.updated) for sheet in content.sheets)
        return datetime.combine(newest, datetime.min.time(), UTC)
    return datetime.fromtimestamp(0, UTC)
