"""Position-marked YAML trees -> the frozen model, with every problem found at file:line:column.

Typing is driven by the field specs in `fields.py` through `records.RecordReader`; the rules that
span records and files (unique ids, references, supersession) are in `crosscheck.py`. Nothing
stops at the first problem: a bad record is left out of the model, and checking goes on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import Problem, has_errors
from . import model
from .check_addresses import stale_checks
from .crosscheck import check_site, suggest_ids
from .fields import FOLDER_RECORDS, TOP_LEVEL_FILES
from .load import Document, load_documents
from .located import Located
from .records import RecordReader


def read_document(document: Document, today: date) -> RecordReader:
    """Type-check one file against the record its place calls for."""
    reader = RecordReader(document.path, today)
    name = PurePosixPath(document.path).name
    if document.folder:
        kind = FOLDER_RECORDS[document.folder]
    elif name in TOP_LEVEL_FILES:
        kind = TOP_LEVEL_FILES[name]
    else:
        reader.error(
            (1, 1),
            "",
            f"'{name}' is not a content file: records go in sources/, actors/ "
            f"or sheets/, and the only top-level file is {', '.join(TOP_LEVEL_FILES)}",
        )
        return reader
    reader.read(document.root, kind)
    return reader


def validate_documents(
    documents: list[Document], today: date | None = None, unreadable: Iterable[str] = ()
) -> tuple[model.Content, list[Problem]]:
    """Every document -> the model (valid records only) and every problem, sorted.

    `unreadable` names content files the loader could not read: their ids are unknown, so
    references that might point into them are not reported (the load error comes first).
    """
    today = today or date.today()
    read = [(document, read_document(document, today)) for document in documents]
    return combine_documents(read, unreadable)


def combine_documents(
    read: Iterable[tuple[Document, RecordReader]], unreadable: Iterable[str] = ()
) -> tuple[model.Content, list[Problem]]:
    """Documents each read by `read_document` -> the model and every problem, sorted: the
    checks across files (`check_site`) run here. `factsheet serve` keeps each file's reader and
    reads again only the files that changed."""
    problems: list[Problem] = []
    records: list[Located] = []
    unknown = set(unreadable)
    readers = []
    for document, reader in read:
        readers.append(reader)
        records.extend(reader.records)
        key = "source" if document.folder == "checks" else "id"  # what names the record of a file
        if not reader.records or (document.folder and key not in reader.records[0].values):
            unknown.add(document.path)  # what it defines is unknown: do not report dangling ids
    for reader in readers:  # "NIS" as a claimant: suggest 'nis', now that every actor is known
        problems.extend(suggest_ids(reader.problems, reader.bad_references, records))
    problems.extend(check_site(records, unknown))
    content = assemble(records)
    problems.extend(stale_checks(content))  # checks made for an address their source no longer cites
    return content, sorted(problems)


def assemble(records: list[Located]) -> model.Content:
    def first_by_id(kind: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for record in records:
            if record.kind == kind and record.obj is not None:
                found.setdefault(record.obj.id, record.obj)
        return dict(sorted(found.items()))

    tags = first_by_id("tag")
    sheets = first_by_id("sheet")
    checks: dict[str, model.SourceCheck] = {}
    for record in records:
        if record.kind == "source_check" and record.obj is not None:
            checks.setdefault(record.obj.source, record.obj)
    return model.Content(
        sources=first_by_id("source"),
        actors=first_by_id("actor"),
        tags=tags,
        sheets=tuple(sheets.values()),
        checks=dict(sorted(checks.items())),
    )


def check_content(content_dir: Path, today: date | None = None) -> tuple[model.Content | None, list[Problem]]:
    """Load and validate content/; the Content is None when any error was found."""
    documents, problems = load_documents(content_dir)
    loaded = {document.path for document in documents}
    unreadable = {p.path for p in problems if p.severity == "error" and p.path not in loaded}
    content, found = validate_documents(documents, today, unreadable)
    problems = sorted(problems + found)
    return (None if has_errors(problems) else content), problems
