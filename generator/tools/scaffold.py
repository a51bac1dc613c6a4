"""`factsheet new`: write a commented skeleton of a source, a sheet or a claim, with a fresh id.

Skeletons load as they are; the fields only an editor can fill are left blank, so
`factsheet check` points at each of them until they are filled. A new source or sheet is a new
file and an existing file is never replaced. A new claim is inserted as text into a section of
its sheet (scaffold_claim.py), so every comment and blank line the editors wrote stays as it was.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..content.field_specs import SLUG_PATTERN
from ..content.load import load_documents
from ..content.model import SOURCE_KINDS
from ..content.parse import parse_bytes
from ..content.scalars import url_problem
from ..errors import FactsheetError
from ..paths import MAX_ID_LENGTH, reserved_ids
from .new_ids import URL_DATE, site_ids, slugify, source_id_for, unique_id

_SLUG = re.compile(SLUG_PATTERN)


class ScaffoldError(FactsheetError):
    """The skeleton cannot be written (the file exists, the sheet is missing, ...)."""


@dataclass(frozen=True)
class Created:
    path: Path
    id: str
    to_fill: list[tuple[int, int, str]]  # line, column, what to write there
    note: str = ""


# --- new source / new sheet ------------------------------------------------------------------------

def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's too): safe for any text."""
    return json.dumps(text, ensure_ascii=False)


def fields_to_fill(text: str) -> list[tuple[int, int, str]]:
    """Lines whose field is left for the editor: `key:` followed only by spaces and a comment."""
    blanks = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^(\s*(?:- )?)([a-z_]+):\s*(#\s*(.*))?$", line)
        if match and not line.lstrip().startswith("#") and match.group(2) not in _CONTAINERS:
            what = f"{match.group(2)}: {match.group(4) or ''}".strip()
            blanks.append((number, len(match.group(1)) + 1, what))
    return blanks


_CONTAINERS = {"metrics", "sections", "claims", "citations", "figure", "quote", "reviews"}


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never replace a file
            file.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; it was left as it is (choose another id)") from None


def new_source(content_dir: Path, url: str, today: date, source_id: str | None = None) -> Created:
    problem = url_problem(url)
    if problem:
        raise ScaffoldError(problem)
    documents, _ = load_documents(content_dir)
    for document in documents:
        root = document.root
        if document.folder == "sources" and root.kind == "mapping":
            existing = root.value.get("url")  # type: ignore[union-attr]
            if existing is not None and str(existing.value).strip() == url:
                raise ScaffoldError(f"{document.path} already cites this URL; no new source was written")
    taken = site_ids(content_dir)
    if source_id is not None:
        check_new_id(source_id, taken, page=True)
    taken |= reserved_ids()  # a derived id steers clear of them too
    identifier = source_id or unique_id(source_id_for(url), taken)
    found = URL_DATE.search(unquote(urlsplit(url).path))
    hint = f" (the URL suggests {'-'.join(found.groups())}; check the page)" if found else ""
    kinds = " | ".join(SOURCE_KINDS)
    text = f"""\
# A published page or document that claims cite. Fill in the blank fields, then run `factsheet check`.
id: {identifier}   # equals the file name; stable forever (it is a URL)
title:   # the headline or document title, as published
publisher:   # the outlet or issuing body, e.g. Korea JoongAng Daily
kind: news   # {kinds}
url: {_quoted(url)}
published:   # date of publication: YYYY-MM-DD, YYYY-MM or YYYY{hint}
accessed: {today.isoformat()}   # the date you read it
# authors: [First Last]   # optional: the names in the byline
# agency: Reuters   # optional: the wire agency the page credits (Reuters, AFP, AP, Yonhap)
# archive_url:   # recommended: the address of a copy in a web archive
# archived: {today.isoformat()}   # with archive_url: the date the copy was made
# language: en   # optional: BCP 47 tag of the page's language, default en
# notes:   # optional: an editorial note
"""
    path = content_dir / "sources" / f"{identifier}.yaml"
    _assert_loads(text, path)
    _write_new(path, text)
    return Created(path, identifier, fields_to_fill(text))


def new_sheet(content_dir: Path, today: date, sheet_id: str | None = None,
              title: str | None = None) -> Created:
    taken = site_ids(content_dir)
    if sheet_id is not None:
        check_new_id(sheet_id, taken, page=True)
    taken |= reserved_ids()  # a derived id steers clear of them too
    identifier = sheet_id or unique_id(slugify(title or "") or "new-sheet", taken)
    section_id = "section-1" if identifier != "section-1" else "section-one"
    title_line = f"title: {_quoted(title)}" if title and title.strip() else "title:   # the page title"
    text = f"""\
# One fact sheet page. Fill in the blank fields, then run `factsheet check`.
id: {identifier}   # equals the file name; stable forever (it is the page's URL)
{title_line}
summary:   # two or three sentences under the title: what is known, and who says so
updated: {today.isoformat()}   # the date of the last editorial change
tags: []   # tag ids from content/tags.yaml, e.g. [north-korea]

metrics:   # figure series this sheet tracks; one for each number that is estimated again and again
#  - id: troops-killed   # unique on the site
#    label: North Korean troops killed
#    unit: people
#    definition: Soldiers reported dead, cumulative since the first deployment.

sections:   # in reading order
  - id: {section_id}   # unique on this sheet; the section's anchor: rename it to match the title
    title:   # the section heading
    claims:   # `factsheet new claim {identifier}` adds a claim here
"""
    path = content_dir / "sheets" / f"{identifier}.yaml"
    _assert_loads(text, path)
    _write_new(path, text)
    return Created(path, identifier, fields_to_fill(text))


def check_new_id(identifier: str, taken: set[str], page: bool = False) -> None:
    """`page`: the id names a page (a sheet's or a source's), so a reserved name is refused too."""
    if len(identifier) > MAX_ID_LENGTH:
        raise ScaffoldError(f"an id has at most {MAX_ID_LENGTH} characters; this one has {len(identifier):,}")
    if not _SLUG.fullmatch(identifier):
        raise ScaffoldError(f"'{identifier}' is not an id: use lowercase letters, digits and single hyphens")
    if page and identifier in reserved_ids():
        raise ScaffoldError(f"'{identifier}' is a name the site uses for its own pages; choose another")
    if identifier in taken:
        raise ScaffoldError(f"the id '{identifier}' is already used on the site; choose another")


def _assert_loads(text: str, path: Path) -> None:
    root, problems = parse_bytes(text.encode("utf-8"), str(path))
    if root is None or problems:  # a bug in a template, never an editor's mistake
        first = problems[0].format() if problems else ""
        raise ScaffoldError(f"the skeleton for {path} does not load: {first}")


def report(created: Created, root: Path | None = None) -> str:
    """What was written and, in compiler form, each blank to fill in."""
    shown = created.path
    if root is not None:
        with contextlib.suppress(ValueError):
            shown = created.path.resolve().relative_to(root.resolve())
    done = f"added claim '{created.id}' to {shown}, {created.note}" if created.note \
        else f"wrote {shown} (id: {created.id})"
    lines = [done]
    if created.to_fill:
        lines.append("fill in:")
        lines += [f"{shown}:{line}:{column}: {what}" for line, column, what in created.to_fill]
    lines.append("then run `factsheet check`")
    return "\n".join(lines)
