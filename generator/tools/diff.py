"""`factsheet diff BASE [HEAD]`: what a change does to the content, in Markdown, for reviewers.

Both sides are read from git's objects as stored and validated (tools/revisions.py); records
are matched by id (a renamed record by its `former_ids`) and compared field by field
(tools/diff_compare.py); an added record is shown with every field it holds. HEAD defaults to
the working tree, so an editor sees uncommitted edits too; the pull request check passes HEAD
explicitly. Every editor string is escaped (tools/inert_markdown.py): the output is rendered as
Markdown in the job summary of a pull request that anyone may have opened.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any

from ..content import model
from ..content.check_addresses import is_current
from ..content.evidence import normalise
from ..content.load import load_documents
from ..content.scalars import url_problem
from ..content.validate import validate_documents
from ..errors import summarize
from ..formatting import quote_result
from .diff_compare import Placed, claims_of, compare, flatten, reviews_of
from .inert_markdown import md, md_code, show_value
from .revisions import (
    RevisionError,
    Side,
    read_side,
    repository_root,
    resolve_commit,
    revision_entries,
    short_name,
)

WORKING_TREE = "working tree"


def diff_revisions(content_dir: Path, base: str, head: str | None = None) -> str:
    """Markdown of the changes from `base` to `head` (None: the working tree)."""
    repo = repository_root(content_dir if content_dir.is_dir() else Path.cwd())
    try:  # links in the path are not resolved: a content/ that is a link is refused, not followed
        content_path = Path(os.path.abspath(content_dir)).relative_to(repo.resolve()).as_posix()
    except ValueError:
        raise RevisionError(f"'{content_dir}' is not inside the git repository at '{repo}'") from None
    if content_path == ".":
        raise RevisionError("the content folder cannot be the repository itself")
    prefix = PurePosixPath(content_path).name  # as the working tree's files are shown
    base_commit = resolve_commit(repo, base)
    head_commit = resolve_commit(repo, head) if head is not None else None
    old = read_side(short_name(repo, base), revision_entries(repo, base_commit, content_path), prefix)
    if head_commit is None:
        documents, problems = load_documents(content_dir, root=content_dir.parent)
        content, found = validate_documents(documents)
        new = Side(WORKING_TREE, content, sorted(problems + found))
    else:
        entries = revision_entries(repo, head_commit, content_path)
        new = read_side(short_name(repo, head or ""), entries, prefix)
    return render_diff(old, new)


def _describe_claim(placed: Placed) -> str:
    claim: model.Claim = placed.record
    figure = ""
    if claim.figure is not None:
        figure = f" ({md(claim.figure.qualifier)} {show_value(claim.figure.value)})"
    return f"on {md_code(placed.sheet)}, {md(str(claim.claimed_on))}: {md(claim.text)}{figure}"


def _describe_review(placed: Placed) -> str:
    review: model.Review = placed.record
    return f"on {md_code(placed.sheet)}, {md(review.rating)}: {md(review.statement)}"


def _describe_source(source: model.Source) -> str:
    return f"{md(source.title)}, {md(source.publisher)}, {md(str(source.published))}"


def _describe_actor(actor: model.Actor) -> str:
    return f"{md(actor.name)} ({md(actor.kind)})"


def _describe_sheet(sheet: model.Sheet) -> str:
    return md(sheet.title)


def _count(number: int, name: str, part: str) -> str:
    return f"{number} {name if number != 1 else name[:-1]} {part}"


# --- every field of an added record ----------------------------------------------------------------

FULL_LIMIT = 2000  # characters of a text shown whole in an added record (quotes, claim texts)


def _actor(content: model.Content, actor_id: str | None) -> str:
    if actor_id is None:
        return "(none)"
    actor = content.actors.get(actor_id)
    return f"{md_code(actor_id)} ({md(actor.name)})" if actor else f"{md_code(actor_id)} (not on the site)"


def _hops(content: model.Content, via: tuple[tuple[str, ...], ...]) -> str:
    return " → ".join(" and ".join(_actor(content, actor) for actor in hop) for hop in via) or "(none)"


def _metric(sheet: model.Sheet | None, metric_id: str) -> str:
    metric = next((m for m in sheet.metrics if m.id == metric_id), None) if sheet else None
    return f"{md_code(metric_id)} ({md(metric.label)}, {md(metric.unit)})" if metric else md_code(metric_id)


def _url(url: str) -> str:
    """A checked http(s) URL as a Markdown autolink: nothing in it is read as markup."""
    return f"<{url}>" if url_problem(url) is None else md(url, 500)


def _source_line(content: model.Content, source_id: str) -> str:
    source = content.sources.get(source_id)
    if source is None:
        return f"{md_code(source_id)} (not on the site)"
    archive = (f"archive: {_url(source.archive_url)}"
               + (f" ({md(str(source.archived))})" if source.archived else "")
               if source.archive_url else "no archive copy")
    return (f"{md_code(source_id)}: “{md(source.title)}”, {md(source.publisher)}, "
            f"{md(str(source.published))}; {_url(source.url)}; {archive}")


def _verification(side: Side, claim_id: str, citation: model.Citation) -> str:
    if citation.quote is None:
        return "no quote to verify"
    result = side.content.checks.get(citation.source)
    if result is None:
        return "not checked yet (`factsheet verify`)"
    if not is_current(result, side.content.sources.get(citation.source)):
        made = (f"are for {_url(result.url)}, not for the address the source cites now" if result.url
                else "do not say which address they were made for")
        return f"not checked: the results of {md(str(result.checked))} {made} (`factsheet verify`)"
    wanted = normalise(citation.quote)
    found = next((q for q in result.quotes if q.claim == claim_id and q.quote == wanted), None)
    checked = md(str(result.checked))
    if found is None:
        return f"not checked yet: the results of {checked} do not hold this quote (`factsheet verify`)"
    return f"{md(quote_result(found), 400)} (checked {checked})"


def _citations(side: Side, record_id: str, citations: tuple[model.Citation, ...]) -> list[str]:
    lines = []
    for number, citation in enumerate(citations, start=1):
        lines.append(f"citation {number}: {_source_line(side.content, citation.source)}")
        if citation.quote is not None:
            lines.append(f"  - quote: “{md(citation.quote, FULL_LIMIT)}”")
        for name in ("locator", "note"):
            if getattr(citation, name) is not None:
                lines.append(f"  - {name}: {md(getattr(citation, name), FULL_LIMIT)}")
        lines.append(f"  - verification: {_verification(side, record_id, citation)}")
    return lines


def _figure_lines(sheet: model.Sheet | None, figure: model.Figure) -> list[str]:
    basis = f"  - basis: {md(figure.basis)}"
    if figure.basis == "period":
        basis += f" ({md(figure.period or '')} to {md(str(figure.as_of))})"
    value = f"{md(figure.qualifier)} {show_value(figure.value)}"
    lines = [f"figure: {value} of metric {_metric(sheet, figure.metric)}", basis]
    if figure.low is not None or figure.high is not None:
        lines.append(f"  - range: {show_value(figure.low)} to {show_value(figure.high)}")
    if figure.as_of is not None:
        lines.append(f"  - as of: {md(str(figure.as_of))}")
    if figure.scope is not None:
        lines.append(f"  - scope: {md(figure.scope, FULL_LIMIT)}")
    return lines


def _sheet(content: model.Content, sheet_id: str) -> model.Sheet | None:
    return next((sheet for sheet in content.sheets if sheet.id == sheet_id), None)


def claim_fields(side: Side, placed: Placed) -> list[str]:
    """Every field of a claim, each on its own line, references with what they name."""
    claim: model.Claim = placed.record
    sheet = _sheet(side.content, placed.sheet)
    section = next((s for s in sheet.sections if s.id == placed.section), None) if sheet else None
    lines = [f"section: {md_code(placed.section)}" + (f" ({md(section.title)})" if section else ""),
             f"text: {md(claim.text, FULL_LIMIT)}",
             f"kind: {md(claim.kind)} · status: {md(claim.status)} · claimed on: {md(str(claim.claimed_on))}",
             f"claimant: {_actor(side.content, claim.claimant)}",
             f"via: {_hops(side.content, claim.via)}"]
    if claim.superseded_by is not None:
        lines.append(f"superseded by: {md_code(claim.superseded_by)}")
    if claim.figure is not None:
        lines += _figure_lines(sheet, claim.figure)
    if claim.quote is not None:
        lines.append(f"quote: “{md(claim.quote.text, FULL_LIMIT)}” ({md(claim.quote.language)})")
    lines += _citations(side, claim.id, claim.citations)
    for name in ("tags", "former_ids"):
        if getattr(claim, name):
            lines.append(f"{name}: {show_value(getattr(claim, name))}")
    if claim.notes is not None:
        lines.append(f"notes: {md(claim.notes, FULL_LIMIT)}")
    return lines


def review_fields(side: Side, placed: Placed) -> list[str]:
    review: model.Review = placed.record
    lines = [f"statement: “{md(review.statement, FULL_LIMIT)}”", f"rating: {md(review.rating)}",
             f"finding: {md(review.finding, FULL_LIMIT)}"]
    if review.appearance_source is not None:
        lines.append(f"appeared in: {_source_line(side.content, review.appearance_source)}")
    for name in ("appearance", "claimed_by", "claimed_on", "reviewed_on"):
        value = getattr(review, name)
        if value is not None:
            lines.append(f"{name}: {md(str(value), FULL_LIMIT)}")
    return lines + _citations(side, review.id, review.citations)


def record_fields(value: Any) -> list[str]:
    """Every field a record holds (sources, actors, sheets), in the order of the model."""
    lines = []
    for key, item in flatten(value).items():
        if key == "id":
            continue
        if key in ("url", "archive_url"):
            lines.append(f"{key}: {_url(item)}")
        else:
            lines.append(f"{key}: {md(item, FULL_LIMIT) if isinstance(item, str) else show_value(item)}")
    return lines


def _added(kind: str, side: Side, record_id: str, record: Any) -> list[str]:
    if kind == "claims":
        return claim_fields(side, record)
    if kind == "reviews":
        return review_fields(side, record)
    if kind == "sources":
        lines = record_fields(record)
        checked = side.content.checks.get(record_id)
        if checked is not None:
            line = (f"page checked {md(str(checked.checked))}: {md(checked.page_status)}"
                    + (f" ({md(checked.reason, 300)})" if checked.reason else ""))
            if not is_current(checked, record):  # its quotes count as not checked (check_addresses.py)
                made_for = _url(checked.url) if checked.url else "an address it does not record"
                line += f"; made for {made_for}, not the address the source cites now"
            lines.append(line)
        return lines
    return record_fields(record)


# --- the report ------------------------------------------------------------------------------------


def _problem_lines(side: Side) -> list[str]:
    """Every problem of one side, errors first, in compiler form."""
    if not side.problems:
        return []
    ordered = sorted(side.problems, key=lambda p: (p.severity != "error", p))
    lines = [f"### Problems at {md(side.label)}: {summarize(side.problems)}", ""]
    lines += [f"- {md(p.format(), 1000)}" for p in ordered]
    return [*lines, ""]


def render_diff(old: Side, new: Side) -> str:
    kinds = [
        compare("claims", claims_of(old.content), claims_of(new.content), _describe_claim),
        compare("sources", old.content.sources, new.content.sources, _describe_source),
        compare("reviews", reviews_of(old.content), reviews_of(new.content), _describe_review),
        compare("actors", old.content.actors, new.content.actors, _describe_actor),
        compare("sheets", {s.id: s for s in old.content.sheets}, {s.id: s for s in new.content.sheets},
                _describe_sheet),
    ]
    records: dict[str, dict[str, Any]] = {"claims": claims_of(new.content), "sources": new.content.sources,
               "reviews": reviews_of(new.content), "actors": new.content.actors,
               "sheets": {s.id: s for s in new.content.sheets}}
    counts = [_count(len(getattr(kind, part)), kind.name, part) for kind in kinds
              for part in ("added", "changed", "removed") if getattr(kind, part)]
    errors = sum(1 for p in new.problems if p.severity == "error")
    warnings = len(new.problems) - errors
    checked = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    lines = [f"## Content changes: {md(old.label)} → {md(new.label)}", "",
             f"**{'; '.join(counts) if counts else 'Nothing changed'}. {checked} at {md(new.label)}.**", ""]
    old_errors = [p for p in old.problems if p.severity == "error"]
    if old_errors:
        lines.append(f"> **Note:** the content at {md(old.label)} has {len(old_errors)} "
                     f"error{'s' if len(old_errors) != 1 else ''}; records with errors are left out "
                     "of this comparison.")
        lines.append("")
    if errors:
        lines.append(f"> **Warning:** records with errors at {md(new.label)} are left out of this "
                     "comparison; every problem is listed below.")
        lines.append("")
    if not counts:
        lines.append("No claims, sources, reviews, actors or sheets changed.")
        lines.append("")
    for kind in kinds:
        for part in ("added", "changed", "removed"):
            items = getattr(kind, part)
            if not items:
                continue
            lines.append(f"### {kind.name.capitalize()} {part}")
            lines.append("")
            for number, item in enumerate(items):
                lines.append(f"- {item}")
                if part == "added":
                    record_id = kind.added_ids[number]
                    added = _added(kind.name, new, record_id, records[kind.name][record_id])
                    lines += [f"  {line}" if line.startswith("  - ") else f"  - {line}" for line in added]
            lines.append("")
    lines += _problem_lines(new)
    lines += _problem_lines(old) if old_errors else []
    return "\n".join(lines).rstrip("\n") + "\n"
