"""`factsheet verify --changed BASE` and check files: what a change says verify found, looked up again.

The site believes content/checks/<id>.yaml. A pull request could edit one by hand, a quote
"verified" that is not on its page, without changing any quote; so `--changed` also looks up
again every source whose check file the change added or changed. The files are compared byte
for byte with BASE's, read from git's objects as `revisions.py` reads them, and what a file says
is read before the fresh lookup rewrites it. Each quote the file gives a status is compared with
the fresh lookup: a different status is an error at the file's line (exit status 1), so a check
file passes only when it says what the page says now. A result for a quote nothing cites from
the source is a warning: the site never shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..content.evidence import normalise
from ..content.load import Entry, load_file, scan_folder
from ..content.parse import MAX_FILE_BYTES, Node
from ..errors import Problem
from ..formatting import quote_result
from ..pages.filters import md_cell
from .inert_markdown import md
from .verify.check import QuoteResult, SourceResult
from .verify.store import CHECKS_FOLDER


@dataclass(frozen=True)
class Said:
    """One quote's result as a committed check file gives it, and where."""

    claim: str
    quote: str  # normalised
    status: str
    line: int
    column: int


@dataclass(frozen=True)
class Recheck:
    """A check file the change added or changed: its source is looked up again."""

    source: str
    path: str  # the file, as problems show it
    why: str  # "added" or "changed"
    said: tuple[Said, ...]  # what the file says, read before the lookup rewrites it


def _check_files(entries: Iterable[Entry]) -> dict[str, Entry]:
    in_checks = (entry for entry in entries if len(entry.parts) == 2 and entry.parts[0] == CHECKS_FOLDER)
    return {entry.parts[1]: entry for entry in in_checks if entry.kind == "file"}


def changed_check_files(content_dir: Path, base_entries: Iterable[Entry]) -> dict[str, str]:
    """Source id -> "added" or "changed", for each check file of the working tree whose bytes are
    not BASE's (`base_entries`: the content folder at BASE, from git's objects)."""
    before = _check_files(base_entries)
    changed = {}
    for name, entry in _check_files(scan_folder(content_dir)).items():
        stem = PurePosixPath(name).stem
        if not name.endswith(".yaml") or entry.read is None:
            continue  # not a check file: the loader reports it
        old = before.get(name)
        if old is None or old.read is None:
            changed[stem] = "added"
        elif old.size != entry.size or old.size > MAX_FILE_BYTES or old.read() != entry.read():
            changed[stem] = "changed"  # a blob over the limit is never read (revisions.py)
    return changed


def _text(fields: dict[str, Node], name: str) -> str | None:
    node = fields.get(name)
    return str(node.value) if node is not None and node.kind == "scalar" else None


def what_the_file_says(path: Path, shown: str) -> tuple[Said, ...]:
    """Each quote of a check file with the status it gives, at the line of that status."""
    document, _ = load_file(path, shown, CHECKS_FOLDER)
    top = document.root.value if document is not None and isinstance(document.root.value, dict) else {}
    quotes = top.get("quotes")
    said = []
    for item in quotes.value if quotes is not None and isinstance(quotes.value, list) else []:
        fields = item.value if isinstance(item.value, dict) else {}
        claim, quote, status = (_text(fields, name) for name in ("claim", "quote", "status"))
        if claim is not None and quote is not None and status is not None:
            at = fields["status"]
            said.append(Said(claim.strip(), normalise(quote), status.strip(), at.line, at.column))
    return tuple(said)


def disagreements(recheck: Recheck, fresh: SourceResult) -> list[Problem]:
    """An error for each quote whose status in the file is not the fresh lookup's; a warning for
    a result of a quote the source's citations do not hold."""
    by_claim = {(result.claim, result.quote): result for result in fresh.quotes}
    by_quote = {result.quote: result for result in fresh.quotes}
    problems = []
    for said in recheck.said:
        now = by_claim.get((said.claim, said.quote)) or by_quote.get(said.quote)
        if now is None:
            message = (f"this file gives a result for a quote no claim or review cites from {recheck.source} "
                       f"({said.quote!r}); run `factsheet verify {recheck.source}` and commit the file it "
                       "writes")  # fmt: skip
            problems.append(Problem(recheck.path, said.line, said.column, message, "status", "warning"))
        elif now.status != said.status:
            message = f"this file says the quote of {said.claim} is {said.status}; {_looked_up(now, fresh)}"
            if now.status in ("verified", "not-found"):
                message += (f": a check file says what `factsheet verify` found, so run `factsheet verify "
                            f"{recheck.source}` and commit the file it writes, never edit it")
            else:
                message += (": what the file says cannot be confirmed; run the check again later, or give "
                            "the source an archive_url (factsheet archive)")
            problems.append(Problem(recheck.path, said.line, said.column, message, "status"))
    return problems


def _looked_up(now: QuoteResult, fresh: SourceResult) -> str:
    if fresh.read_url is None or now.status not in ("verified", "not-found"):
        return f"looked up again now: {quote_result(now)} ({fresh.reason or now.status})"
    copy = "the archived copy" if fresh.archived_copy else "the page"
    return f"looked up again on {copy} ({fresh.read_url}), it is {quote_result(now)}"


def recheck_summary(rechecks: Sequence[Recheck], problems: Sequence[Problem], base: str) -> str:
    """The job summary's account of the check files looked up again, and why."""
    if not rechecks:
        return ""
    rows = ["| Check file | Why looked up again | Fresh lookup |", "| --- | --- | --- |"]
    for recheck in rechecks:
        mine = [p for p in problems if p.path == recheck.path]
        errors = sum(1 for p in mine if p.severity == "error")
        outcome = (f"disagrees on {errors} quote{'s' if errors != 1 else ''}" if errors
                   else f"agrees on all {len(recheck.said)} quotes it gives" if recheck.said
                   else "agrees (it gives no quote)")  # fmt: skip
        if (uncited := len(mine) - errors) > 0:
            outcome += f"; {uncited} result{'s' if uncited != 1 else ''} of quotes no one cites"
        why = f"{recheck.why} since {base[:12]}"
        rows.append("| " + " | ".join(str(md_cell(cell)) for cell in (recheck.path, why, outcome)) + " |")
    files = {recheck.path for recheck in rechecks}
    lines = [f"- {md(p.format(), 1000)}" for p in sorted(problems) if p.path in files]
    return ("\n### Check files looked up again\n\nThe change adds or edits these results of `factsheet "
            "verify`, so their sources' pages were read again and every quote compared with what the "
            "file says.\n\n" + "\n".join(rows) + "\n" + ("\n" + "\n".join(lines) + "\n" if lines else ""))
