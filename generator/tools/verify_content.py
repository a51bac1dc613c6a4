"""`factsheet verify [--changed BASE] [--json] [--summary FILE] [SOURCE_ID...]`: each cited quote
looked up on its page, the results kept in content/checks/.

The content is checked first (errors stop it). The quotes to report are chosen by source ids
and `--changed` (citations whose source and quote, as written, are new since BASE, or whose
source's address changed, and every quote of a source whose check file is new or edited since
BASE: verify_recheck.py compares what that file says with the fresh lookup). Each chosen source's
page is read once (tools/verify: archive first, then the live page) and every quote cited from it
is looked up, so `content/checks/<id>.yaml` always holds the whole page's results of one day;
only the chosen quotes are reported.

Report: problems in compiler form at the quote's line in the sheet (`not-found` is an error;
`unreachable`, `blocked` and `unsupported` are warnings: the quote stays unchecked), title and
date disagreements and changed pages as warnings at the source file, a check file that disagrees
with the fresh lookup as an error at its line, GitHub annotations inside Actions, a count line.
`--json` prints a list of one item per chosen quote instead (a check file's errors go to standard
error). Exit 1 when a chosen quote is `not-found` or a check file disagrees, else 0.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, TextIO

from ..content import model
from ..content.evidence import normalise
from ..content.load import load_file
from ..content.validate import check_content
from ..errors import ContentError, FactsheetError, Problem, has_errors, printable, summarize
from ..formatting import quote_result
from ..pages.filters import md_cell
from ..settings import Settings
from .verify.check import (
    PageFetcher,
    QuoteRef,
    QuoteResult,
    SourceRef,
    SourceResult,
    check_source,
)
from .verify.fetch import Fetcher, FetchSettings, user_agent
from .verify.store import StoreError, dump_results, load_results, results_path
from .verify_recheck import Recheck, changed_check_files, disagreements, recheck_summary, what_the_file_says

PARALLEL_SOURCES = 4  # pages read at once (one at a time per host: the fetcher paces each host)


class VerifyUsageError(FactsheetError):
    """The command names a source that is not there (exit status 2)."""


@dataclass(frozen=True)
class Cited:
    """One quote cited from a source by a claim or review, and where it is written."""

    source: str
    item: str  # the claim's or review's id
    quote: str  # as written
    origin: model.Origin | None

    @property
    def key(self) -> tuple[str, str, str]:
        return self.source, self.item, normalise(self.quote)


def cited_quotes(content: model.Content) -> list[Cited]:
    """Every quote of every citation, in site order."""
    found = []
    for sheet in content.sheets:
        items = [(claim.id, claim.citations) for claim in sheet.claims]
        items += [(review.id, review.citations) for review in sheet.reviews]
        for item_id, citations in items:
            for citation in citations:
                if citation.quote:
                    found.append(Cited(citation.source, item_id, citation.quote, citation.origin))
    return found


def changed_since(
    content_dir: Path, content: model.Content, base: str
) -> tuple[set[tuple[str, str, str]], dict[str, str]]:
    """Keys of the quotes added or changed since BASE (git), with every quote of a source whose
    `url` or `archive_url` changed; and the check files added or changed (source id -> "added" or
    "changed"). Raises RevisionError when BASE or the repository cannot be read."""
    from .revisions import read_side, repository_root, resolve_commit, revision_entries

    repo = repository_root(content_dir if content_dir.is_dir() else Path.cwd())
    content_path = content_dir.resolve().relative_to(repo.resolve()).as_posix()
    entries = revision_entries(repo, resolve_commit(repo, base), content_path)
    old = read_side(base, entries, PurePosixPath(content_path).name).content
    before = {cited.key for cited in cited_quotes(old)}
    moved = {
        source.id
        for source in content.sources.values()
        if (previous := old.sources.get(source.id)) is None
        or (previous.url, previous.archive_url) != (source.url, source.archive_url)
    }
    keys = {cited.key for cited in cited_quotes(content) if cited.key not in before or cited.source in moved}
    return keys, changed_check_files(content_dir, entries)


@dataclass(frozen=True)
class Reported:
    """One chosen quote and what its page gave."""

    cited: Cited
    result: QuoteResult
    page: SourceResult

    def item(self) -> dict[str, Any]:
        origin = self.cited.origin
        return {
            "source": self.cited.source,
            "claim": self.cited.item,
            "quote": self.cited.quote,
            "status": self.result.status,
            "detail": quote_result(self.result),
            "closest": self.result.closest,
            "similarity": self.result.similarity,
            "checked": self.page.checked,
            "page_status": self.page.page_status,
            "read_url": self.page.read_url,
            "archived_copy": self.page.archived_copy,
            "file": origin.path if origin else None,
            "line": origin.line if origin else None,
            "column": origin.column if origin else None,
        }

    def problem(self) -> Problem | None:
        status = self.result.status
        origin = self.cited.origin or model.Origin("", 1, 1)
        if status == "verified":
            return None
        if status == "not-found":
            where = "the archived copy" if self.page.archived_copy else "the page"
            message = (
                f"quote of {self.cited.item} {quote_result(self.result)}: it is not on {where} "
                f"({self.page.read_url}); copy the words exactly from the page, or cite the page that "
                "has them"
            )
            return Problem(origin.path, origin.line, origin.column, message)
        reason = self.page.reason or status
        message = (
            f"quote of {self.cited.item} unchecked: {quote_result(self.result)} ({reason}); try again "
            "later, or give the source an archive_url (factsheet archive)"
        )
        return Problem(origin.path, origin.line, origin.column, message, severity="warning")


def fetch_settings() -> FetchSettings:
    """How pages are fetched: an honest User-Agent naming the repository (REPO_URL)."""
    return FetchSettings(user_agent(Settings.from_env().repo_url))


@dataclass(frozen=True)
class Verification:
    """What one run found: the chosen quotes, problems of pages (warnings) and of check files that
    disagree with a fresh lookup (errors), notes, and the check files looked up again."""

    reported: list[Reported]
    problems: list[Problem]
    notes: list[str]
    rechecks: list[Recheck]


def _rechecks(
    content_dir: Path, content: model.Content, files: dict[str, str], source_ids: Sequence[str], base: str
) -> tuple[list[Recheck], list[str]]:
    """The check files a change added or changed, each with what it says, read before any is
    rewritten; a note for each whose source is gone (`factsheet check` warns about it)."""
    rechecks, notes = [], []
    for source_id, why in sorted(files.items()):
        check = content.checks.get(source_id)
        if check is None or (source_ids and source_id not in source_ids):
            continue
        if source_id not in content.sources:
            notes.append(f"{check.origin.path} was {why} since {base}, but there is no source '{source_id}' "
                         "to look up")  # fmt: skip
            continue
        said = what_the_file_says(results_path(content_dir, source_id), check.origin.path)
        rechecks.append(Recheck(source_id, check.origin.path, why, said))
        notes.append(f"{check.origin.path} was {why} since {base}: its source's page is read again and "
                     "compared with it")  # fmt: skip
    return rechecks, notes


def verify(
    content_dir: Path,
    source_ids: Sequence[str] = (),
    *,
    changed_base: str | None = None,
    fetcher: PageFetcher | None = None,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> Verification:
    """Check the chosen quotes; write content/checks/. Raises ContentError on content errors and
    VerifyUsageError on an unknown source."""
    content, problems = check_content(content_dir, today)
    if content is None:
        raise ContentError(problems)
    unknown = [source_id for source_id in source_ids if source_id not in content.sources]
    if unknown:
        raise VerifyUsageError(f"no source {', '.join(repr(s) for s in unknown)} in {content_dir}/sources")
    every = cited_quotes(content)
    chosen = [cited for cited in every if not source_ids or cited.source in source_ids]
    notes = [f"source '{s}' has no citation with a quote: nothing to check" for s in source_ids
             if not any(cited.source == s for cited in chosen)]  # fmt: skip
    rechecks: list[Recheck] = []
    if changed_base is not None:
        changed, files = changed_since(content_dir, content, changed_base)
        rechecks, about = _rechecks(content_dir, content, files, source_ids, changed_base)
        notes += about
        again = {recheck.source for recheck in rechecks}
        chosen = [cited for cited in chosen if cited.key in changed or cited.source in again]
    sources = list(dict.fromkeys([*(cited.source for cited in chosen), *(r.source for r in rechecks)]))
    if not sources:
        return Verification([], [], notes, rechecks)
    own = fetcher is None
    active: PageFetcher = Fetcher(fetch_settings()) if fetcher is None else fetcher

    def check_one(source_id: str) -> SourceResult:
        source = content.sources[source_id]
        refs: dict[tuple[str, str], QuoteRef] = {}
        for cited in every:
            if cited.source == source_id:
                origin = cited.origin or model.Origin("", 0, 0)
                refs.setdefault(
                    (cited.item, normalise(cited.quote)),
                    QuoteRef(cited.item, cited.quote, origin.path, origin.line, origin.column),
                )
        path = results_path(content_dir, source_id)
        try:
            previous = load_results(path)
        except StoreError:
            previous = None
        if progress:
            progress(f"reading {source.archive_url or source.url}")
        result = check_source(
            SourceRef(source_id, source.url, source.title, str(source.published), source.archive_url),
            list(refs.values()),
            active,
            previous=previous,
            today=today,
        )
        dump_results(result, path)
        return result

    try:
        with ThreadPoolExecutor(max_workers=PARALLEL_SOURCES) as pool:
            results = dict(zip(sources, pool.map(check_one, sources), strict=True))
    finally:
        if own and isinstance(active, Fetcher):
            active.close()

    reported = []
    for cited in chosen:
        page = results[cited.source]
        wanted = (cited.item, normalise(cited.quote))
        result = next(r for r in page.quotes if (r.claim, r.quote) == wanted)
        reported.append(Reported(cited, result, page))
    problems = [p for source_id in sources for p in _page_problems(content_dir, content, results[source_id])]
    problems += [p for recheck in rechecks for p in disagreements(recheck, results[recheck.source])]
    return Verification(reported, problems, notes, rechecks)


def _page_problems(content_dir: Path, content: model.Content, result: SourceResult) -> Iterable[Problem]:
    """Title and date disagreements and a changed text, at the source's file."""
    source = content.sources[result.source]
    document, _ = load_file(content_dir / "sources" / f"{source.id}.yaml", source.origin.path, "sources")
    fields = document.root.value if document and isinstance(document.root.value, dict) else {}

    def at(name: str) -> tuple[int, int]:
        node = fields.get(name)
        return (node.line, node.column) if node is not None else (source.origin.line, source.origin.column)

    for warning in result.warnings:
        if warning.startswith("the page's title"):
            if source.title_kind == "description":  # a described title is not the page's headline
                continue
            name = "title"
        elif warning.startswith("the page's date"):
            name = "published"
        else:
            name = "url"
        yield Problem(source.origin.path, *at(name), f"{warning}; check the source", name, "warning")
    if result.changed:
        yield Problem(
            source.origin.path, *at("url"),
            f"the page's text changed since it was last checked (read {result.read_url}); check that the "
            "quotes still say what the claims say", "url", "warning",
        )  # fmt: skip


def count_line(reported: Sequence[Reported]) -> str:
    """'5 quotes on 3 pages: 3 verified, 1 not-found, 1 unreachable'."""
    if not reported:
        return "no quotes to check"
    counts: dict[str, int] = {}
    for item in reported:
        counts[item.result.status] = counts.get(item.result.status, 0) + 1
    pages = len({item.cited.source for item in reported})
    parts = ", ".join(f"{number} {status}" for status, number in sorted(counts.items()))
    return (
        f"{len(reported)} quote{'s' if len(reported) != 1 else ''} on {pages} "
        f"page{'s' if pages != 1 else ''}: {parts}"
    )


def summary_markdown(reported: Sequence[Reported], base: str | None) -> str:
    """A table of every chosen quote and its status, for the pull request's job summary."""
    title = f"## Quotes checked against their pages{f' (changed since {base[:12]})' if base else ''}\n\n"
    if not reported:
        return title + "No quote was added or changed.\n"
    rows = ["| Status | Source | Claim | Quote | Detail |", "| --- | --- | --- | --- | --- |"]
    order = sorted(reported, key=lambda r: (r.result.status != "not-found", r.cited.source, r.cited.item))
    for item in order:
        cells = (item.result.status, item.cited.source, item.cited.item, item.cited.quote,
                 quote_result(item.result))  # fmt: skip
        rows.append("| " + " | ".join(str(md_cell(cell)) for cell in cells) + " |")
    return title + count_line(reported) + "\n\n" + "\n".join(rows) + "\n"


def run_verify_command(
    content_dir: Path,
    source_ids: Sequence[str],
    *,
    changed_base: str | None,
    as_json: bool,
    summary: Path | None,
    fetcher: PageFetcher | None = None,
    today: date | None = None,
    out: TextIO | None = None,
) -> int:
    out = out or sys.stdout

    def progress(text: str) -> None:
        if not as_json:
            print(text, file=sys.stderr)

    run = verify(
        content_dir, source_ids, changed_base=changed_base, fetcher=fetcher, today=today, progress=progress
    )
    reported = run.reported
    for note in run.notes:
        print(printable(f"factsheet verify: {note}"), file=sys.stderr)
    problems = sorted([p for item in reported if (p := item.problem()) is not None] + run.problems)
    if as_json:
        items = sorted(
            (item.item() for item in reported),
            key=lambda i: (i["file"] or "", i["line"] or 0, i["column"] or 0, i["source"], i["claim"]),
        )
        print(json.dumps(items, ensure_ascii=False, indent=2), file=out)
        for problem in run.problems:  # the items hold each quote's status, not what a check file said
            if problem.severity == "error":
                print(problem.format(), file=sys.stderr)
    else:
        for problem in problems:
            print(problem.format(), file=out)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for problem in problems:
                print(problem.github_annotation(), file=out)
        print(count_line(reported) + (f"; {summarize(problems)}" if problems else ""), file=out)
    if summary is not None:
        with summary.open("a", encoding="utf-8") as file:
            file.write(summary_markdown(reported, changed_base))
            file.write(recheck_summary(run.rechecks, run.problems, changed_base or ""))
    return 1 if any(item.result.status == "not-found" for item in reported) or has_errors(problems) else 0
