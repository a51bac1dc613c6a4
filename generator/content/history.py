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
# `git log -z --format=%ct --patch`: each commit is its time and a NUL, then its patch (a line
# break, then lines ending in line breaks), or nothing. No patch line starts with a digit (each
# starts with + - space \ @ or a header word), so only a commit's time follows a line break and
# ends in a NUL: whatever bytes a file in the history holds, the commits split where they end.
_COMMIT_TIME = re.compile(r"([0-9]{1,20})\x00")
_NEXT_COMMIT = re.compile(r"\n(?=[0-9]{1,20}\x00)")
# An added YAML line that sets an id: "  - id: some-claim" or "    id: 'some-claim'  # note".
_ADDED_ID = re.compile(r"""^\+\s*(?:-\s+)?id:\s*(["']?)([a-z0-9]+(?:-[a-z0-9]+)*)\1\s*(?:#.*)?$""")


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
        "--format=%ct", "--patch", "--", ".",
    ]  # fmt: skip
    environment = {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat"}
    try:
        result = subprocess.run(command, capture_output=True, env=environment, check=False)
    except OSError:  # git is not installed
        return History()
    if result.returncode != 0:  # not a checkout, or no commits yet
        return History()
    return parse_log(result.stdout.decode("utf-8", errors="replace"), now)


def commits(text: str) -> Iterator[tuple[int, str]]:
    """(commit time, patch) of each commit in `git log -z --format=%ct --patch` output."""
    position = 0
    while header := _COMMIT_TIME.match(text, position):
        position = header.end()
        if not text.startswith("\n", position):  # no patch (a merge): the next commit follows
            yield int(header[1]), ""
            continue
        following = _NEXT_COMMIT.search(text, position)
        end = following.start() + 1 if following else len(text)
        yield int(header[1]), text[position:end]
        position = end


def parse_log(text: str, now: datetime | None = None) -> History:
    """Parse `git log -z --format=%ct --patch --unified=0 --relative` output.

    Every time is clamped to `now` (default: the clock): a forged future date is never shown.
    """
    newest = int((now or datetime.now(UTC)).timestamp())
    changed: dict[str, datetime] = {}
    created: dict[str, datetime] = {}
    added: dict[str, datetime] = {}
    latest: datetime | None = None
    for stamp, patch in commits(text):
        when = datetime.fromtimestamp(min(stamp, newest), UTC)
        latest = max(latest, when) if latest else when
        path = None
        for line in patch.split("\n"):
            if line.startswith("diff --git "):
                path = None
            elif line.startswith("--- a/"):
                _record_newest(changed, line[6:], when)  # the file as it was (also deletions)
            elif line.startswith("+++ "):
                path = line[6:] if line.startswith("+++ b/") else None
                if path:
                    _record_newest(changed, path, when)
                    if path not in created or when < created[path]:
                        created[path] = when
            elif path and path.startswith(_SHEETS) and line.startswith("+"):
                match = _ADDED_ID.match(line)
                if match and (match[2] not in added or when < added[match[2]]):
                    added[match[2]] = when
    return History(changed=changed, created=created, added=added, latest=latest)


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
