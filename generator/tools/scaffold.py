"""`factsheet new`: write a commented skeleton of a source, a sheet or a claim, with a fresh id.

Skeletons load as they are; the fields only an editor can fill are left blank, so
`factsheet check` points at each of them until they are filled. A new source or sheet is a new
file and an existing file is never replaced. A new claim is inserted as text into the last
section of its sheet, so every comment and blank line the editors wrote stays as it was.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from ..content.fields import SLUG_PATTERN
from ..content.load import Node, load_documents, parse_bytes, read_limited
from ..content.model import CLAIM_KINDS, CLAIMANT_REQUIRED, QUALIFIERS, SOURCE_KINDS, STATUSES
from ..content.scalars import url_problem
from ..errors import FactsheetError
from ..paths import MAX_ID_LENGTH, reserved_ids

ID_LIMIT = 64  # characters; ids are URLs and anchors, so keep them readable
_SLUG = re.compile(SLUG_PATTERN)
_HOST_PREFIXES = ("www", "m", "amp", "mobile", "edition", "news", "en", "english")
_SECOND_LEVEL = ("co", "com", "org", "net", "ac", "gov", "go", "or", "ne", "edu")
_URL_DATE = re.compile(
    r"(?<![0-9])(20[0-9]{2}|19[0-9]{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12][0-9]|3[01])(?![0-9])"
)


class ScaffoldError(FactsheetError):
    """The skeleton cannot be written (the file exists, the sheet is missing, ...)."""


@dataclass(frozen=True)
class Created:
    path: Path
    id: str
    to_fill: list[tuple[int, int, str]]  # line, column, what to write there
    note: str = ""


# --- ids ----------------------------------------------------------------------------------------

def slugify(text: str, limit: int = ID_LIMIT) -> str:
    """Lowercase words joined by single hyphens, cut at a word boundary within `limit`."""
    words = re.findall(r"[a-z0-9]+", unquote(text).lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or (words[0][:limit] if words else "")


def site_ids(content_dir: Path) -> set[str]:
    """Every id used anywhere in content/ (records, nested records, former ids)."""
    documents, _ = load_documents(content_dir)
    ids: set[str] = set()

    def walk(node: Node) -> None:
        if isinstance(node.value, dict):
            for key, child in node.value.items():
                if key == "id" and isinstance(child.value, str):
                    ids.add(child.value.strip())
                elif key == "former_ids" and isinstance(child.value, list):
                    ids.update(item.value.strip() for item in child.value if isinstance(item.value, str))
                walk(child)
        elif isinstance(node.value, list):
            for child in node.value:
                walk(child)

    for document in documents:
        walk(document.root)
    # A file's stem is its id even when the file does not load.
    ids.update(path.stem for path in content_dir.glob("*/*.yaml"))
    return ids


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... : the first that no record on the site uses."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: ID_LIMIT - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def source_id_for(url: str) -> str:
    """An id from the URL's site name, a date in its path, and its most telling path segment.

    https://www.example.com/news/2025/04/30/troops-killed-in-kursk
    -> example-2025-04-30-troops-killed-in-kursk
    """
    parts = urlsplit(url)
    labels = [label for label in (parts.hostname or "").split(".") if label]
    while len(labels) > 2 and labels[0] in _HOST_PREFIXES:
        labels = labels[1:]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-1]
    site = slugify(labels[-2] if len(labels) >= 2 else (labels[0] if labels else "source"), 24)
    path = unquote(parts.path)
    found = _URL_DATE.search(path)
    day = "-".join(found.groups()) if found else ""
    segments = [s for s in re.split(r"/", _URL_DATE.sub(" ", path)) if re.search(r"[A-Za-z]{3}", s)]
    # The segment with the most words is the headline slug in most news URLs.
    words = max(segments, key=lambda s: (len(re.findall(r"[A-Za-z]+", s)), len(s)), default="")
    words = re.sub(r"\.(s?html?|php|aspx?)$", "", words)
    head = "-".join(p for p in (site, day) if p)
    return slugify(f"{head} {words}") or "source"


# --- new source / new sheet ------------------------------------------------------------------------

def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's too): safe for any text."""
    return json.dumps(text, ensure_ascii=False)


def _blanks(text: str) -> list[tuple[int, int, str]]:
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
        _check_new_id(source_id, taken, page=True)
    taken |= reserved_ids()  # a derived id steers clear of them too
    identifier = source_id or unique_id(source_id_for(url), taken)
    found = _URL_DATE.search(unquote(urlsplit(url).path))
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
    return Created(path, identifier, _blanks(text))


def new_sheet(content_dir: Path, today: date, sheet_id: str | None = None,
              title: str | None = None) -> Created:
    taken = site_ids(content_dir)
    if sheet_id is not None:
        _check_new_id(sheet_id, taken, page=True)
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
    return Created(path, identifier, _blanks(text))


def _check_new_id(identifier: str, taken: set[str], page: bool = False) -> None:
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


# --- new claim ------------------------------------------------------------------------------------

def claim_text(claim_id: str, indent: int, kind: str, metric: str | None, source: str | None) -> str:
    """The commented claim skeleton as YAML lines, its `- ` at column `indent` (0-based)."""
    figure = ""
    if kind == "figure":
        figure = f"""\
figure:   # the number; only for kind figure
  metric: {metric or ''}   # a metric id of this sheet
  value:   # the number, written plain: 600
  qualifier: exact   # {' | '.join(QUALIFIERS)}
  # low:   # optional range: low <= value <= high
  # high:
  # as_of:   # optional: the date the figure counts up to
  # scope:   # optional: what it covers, e.g. in Kursk
"""
    elif kind == "quote":
        figure = """\
quote:   # the words quoted; only for kind quote
  text:   # the words, copied exactly
  language: en   # BCP 47 tag of the words
"""
    claimant = "claimant:   # actor id of who asserts it (content/actors/)\n"
    if kind not in CLAIMANT_REQUIRED:
        claimant = "# claimant:   # optional for events: actor id of who asserts it\n"
    body = f"""\
id: {claim_id}   # unique on the site; the anchor #{claim_id}: rename it before it is published
text:   # the claim in neutral, attributed words: "X said ...", "X estimated ..."
kind: {kind}   # {' | '.join(CLAIM_KINDS)}
{claimant}# via: []   # optional: actor ids that passed it on, in order
claimed_on:   # the date the claimant said it: YYYY-MM-DD, YYYY-MM or YYYY
status: reported   # {' | '.join(STATUSES)}
{figure}citations:   # at least one
  - source: {source or ''}   # a source id (content/sources/); `factsheet new source URL` makes one
    # locator:   # optional: paragraph 3, page 2
    quote:   # words copied from the source that support the claim
"""
    pad = " " * indent
    lines = body.splitlines()
    out = [f"{pad}- {lines[0]}"] + [f"{pad}  {line}" for line in lines[1:]]
    return "\n".join(out) + "\n"


def new_claim(content_dir: Path, sheet_id: str, kind: str = "figure", claim_id: str | None = None,
              source: str | None = None) -> Created:
    if kind not in CLAIM_KINDS:
        raise ScaffoldError(f"kind '{kind}' is not one of {', '.join(CLAIM_KINDS)}")
    if not _SLUG.fullmatch(sheet_id):
        raise ScaffoldError(f"'{sheet_id}' is not a sheet id (lowercase letters, digits and single hyphens)")
    path = content_dir / "sheets" / f"{sheet_id}.yaml"
    if not path.is_file():
        raise ScaffoldError(f"no sheet '{sheet_id}' ({path} does not exist); `factsheet new sheet` makes one")
    try:
        data = read_limited(path)  # never through a link: the claim would be written beside its target
    except OSError as error:
        why = "it is a symbolic link" if error.errno == errno.ELOOP else error.strerror or str(error)
        raise ScaffoldError(f"cannot read {path}: {why}") from None
    root, problems = parse_bytes(data, str(path))
    if root is None:
        raise ScaffoldError(f"{problems[0].format()} (fix the sheet first; nothing was changed)")
    taken = site_ids(content_dir)
    if claim_id is not None:
        _check_new_id(claim_id, taken)
    identifier = claim_id or next(f"{sheet_id}-claim-{n}" for n in range(1, len(taken) + 2)
                                  if f"{sheet_id}-claim-{n}" not in taken)
    text = data.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    metric = _first_metric(root)
    line_index, indent, header = _claims_insertion_point(text.replace("\r\n", "\n"), path)
    block = (header + claim_text(identifier, indent, kind, metric, source)).rstrip("\n").split("\n")
    lines[line_index:line_index] = block
    updated = newline.join(lines)
    if not updated.endswith(newline):
        updated += newline
    loaded, _ = parse_bytes(updated.encode("utf-8"), str(path))
    if loaded is None or not _has_claim(loaded, identifier):
        raise ScaffoldError(f"could not add a claim to {path} without changing its layout; add it by hand "
                            "(CONTRIBUTING.md shows a claim); nothing was changed")
    _replace_file(path, updated.encode("utf-8"))
    first = line_index + 1 + header.count("\n")
    blanks = _blanks(claim_text(identifier, indent, kind, metric, source))
    to_fill = [(first + line - 1, column, what) for line, column, what in blanks]
    return Created(path, identifier, to_fill, note=f"added to the last section of {path}")


def _first_metric(root: Node) -> str | None:
    metrics = root.value.get("metrics") if isinstance(root.value, dict) else None
    if metrics is not None and isinstance(metrics.value, list) and metrics.value:
        first = metrics.value[0].value
        if isinstance(first, dict) and "id" in first and isinstance(first["id"].value, str):
            return first["id"].value
    return None


def _has_claim(root: Node, claim_id: str) -> bool:
    """Whether the last section of a loaded sheet lists a claim with this id."""
    sections = root.value.get("sections") if isinstance(root.value, dict) else None
    if sections is None or not isinstance(sections.value, list) or not sections.value:
        return False
    last = sections.value[-1].value
    claims = last.get("claims") if isinstance(last, dict) else None
    if claims is None or not isinstance(claims.value, list):
        return False
    ids = [claim.value.get("id") for claim in claims.value if isinstance(claim.value, dict)]
    return any(node is not None and node.value == claim_id for node in ids)


def _claims_insertion_point(text: str, path: Path) -> tuple[int, int, str]:
    """(0-based line to insert before, column of the claim's `- `, a `claims:` line to add first or '')."""
    # PyYAML's composer (no constructors run) gives the end of each node, which our loader does not keep.
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    sections = _get(root, "sections")
    if not isinstance(sections, yaml.SequenceNode) or not sections.value or sections.flow_style:
        raise ScaffoldError(f"{path}: the sheet has no sections list to add a claim to; add a section first")
    section = sections.value[-1]
    if not isinstance(section, yaml.MappingNode) or section.flow_style:
        raise ScaffoldError(f"{path}: the last section is not a mapping; fix the sheet first")
    key_column = section.value[0][0].start_mark.column
    claims_key = next((key for key, _ in section.value if key.value == "claims"), None)
    claims = _get(section, "claims")
    if isinstance(claims, yaml.SequenceNode) and claims.value and not claims.flow_style:
        column = claims.start_mark.column
        line = _line_after(claims.value[-1])
        # Comments indented into the last claim belong to it: the new claim goes below them.
        lines = text.split("\n")
        while line < len(lines) and re.match(rf"^ {{{column + 1},}}#", lines[line]):
            line += 1
        return line, column, ""
    if isinstance(claims, yaml.ScalarNode) and claims.value in ("", "~", "null") and claims_key is not None:
        return claims_key.start_mark.line + 1, claims_key.start_mark.column + 2, ""
    if claims is None:
        return _line_after(section), key_column + 2, " " * key_column + "claims:\n"
    raise ScaffoldError(f"{path}: the last section's claims are written inline ([...]); "
                        "write them as a block list first")


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((value for k, value in node.value if k.value == key), None)
    return None


def _line_after(node: yaml.Node) -> int:
    """The 0-based line just after a block node's last value (its trailing comments stay below)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark
    return end.line if end.column == 0 else end.line + 1


def _replace_file(path: Path, data: bytes) -> None:
    """Write beside the file, then rename over it: an editor never sees half a sheet."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def report(created: Created, root: Path | None = None) -> str:
    """What was written and, in compiler form, each blank to fill in."""
    shown = created.path
    if root is not None:
        with contextlib.suppress(ValueError):
            shown = created.path.resolve().relative_to(root.resolve())
    done = f"added claim '{created.id}' to {shown}" if created.note else f"wrote {shown} (id: {created.id})"
    lines = [done]
    if created.to_fill:
        lines.append("fill in:")
        lines += [f"{shown}:{line}:{column}: {what}" for line, column, what in created.to_fill]
    lines.append("then run `factsheet check`")
    return "\n".join(lines)
