"""`factsheet new`: write a commented skeleton of a source, a sheet or a claim, with a fresh id.

Skeletons load as they are; the fields only an editor can fill are left blank, so
`factsheet check` points at each of them until they are filled. A new source or sheet is a new
file and an existing file is never replaced. A new claim is inserted as text into the last
section of its sheet, so every comment and blank line the editors wrote stays as it was.
"""

from __future__ import annotations

import contextlib
import difflib
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

from ..content.field_specs import SLUG_PATTERN
from ..content.load import load_documents, read_limited
from ..content.model import BASES, CLAIM_KINDS, CLAIMANT_REQUIRED, QUALIFIERS, SOURCE_KINDS, STATUSES
from ..content.parse import Node, parse_bytes
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
  basis:   # {' | '.join(BASES)}: a running total, a count over a period, or what there was on a date
  qualifier: exact   # {' | '.join(QUALIFIERS)}
  # low:   # optional range: low <= value <= high
  # high:
  # as_of:   # the date the figure counts up to (required for basis period: the period's end)
  # period:   # for basis period only: its length in words, e.g. one week
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
{claimant}# via: []   # optional: who passed it on, in order; [a, [b, c]]: a, then b and c side by side
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
              source: str | None = None, section: str | None = None, metric: str | None = None) -> Created:
    """A claim skeleton in a section of the sheet: `section`, else the section that holds the latest
    claim of the same metric, else the first section that has claims (never one without claims,
    such as a sheet's introduction or the section its reviews belong to)."""
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
    metrics = _metric_ids(root)
    if metric is not None and metric not in metrics:
        raise ScaffoldError(f"sheet '{sheet_id}' has no metric '{metric}'"
                            f"{_did_you_mean(metric, metrics)}; its metrics: "
                            f"{', '.join(metrics) or '(none)'}")
    if kind == "figure":
        metric = metric or (metrics[0] if metrics else None)
    index, why = _choose_section(root, sheet_id, section, metric if kind == "figure" else None)
    text = data.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    line_index, indent, header = _claims_insertion_point(text.replace("\r\n", "\n"), path, index)
    block = (header + claim_text(identifier, indent, kind, metric, source)).rstrip("\n").split("\n")
    lines[line_index:line_index] = block
    updated = newline.join(lines)
    if not updated.endswith(newline):
        updated += newline
    loaded, _ = parse_bytes(updated.encode("utf-8"), str(path))
    if loaded is None or not _has_claim(loaded, index, identifier):
        raise ScaffoldError(f"could not add a claim to {path} without changing its layout; add it by hand "
                            "(CONTRIBUTING.md shows a claim); nothing was changed")
    _replace_file(path, updated.encode("utf-8"))
    first = line_index + 1 + header.count("\n")
    blanks = _blanks(claim_text(identifier, indent, kind, metric, source))
    to_fill = [(first + line - 1, column, what) for line, column, what in blanks]
    return Created(path, identifier, to_fill, note=f"in section '{_section_ids(root)[index]}' ({why})")


def _did_you_mean(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _mapping(node: Node | None) -> dict[str, Node]:
    return node.value if node is not None and isinstance(node.value, dict) else {}


def _items(node: Node | None) -> list[Node]:
    return node.value if node is not None and isinstance(node.value, list) else []


def _text(node: Node | None) -> str:
    return str(node.value).strip() if node is not None and isinstance(node.value, str) else ""


def _metric_ids(root: Node) -> list[str]:
    ids = [_text(_mapping(metric).get("id")) for metric in _items(_mapping(root).get("metrics"))]
    return [metric for metric in ids if metric]


def _section_ids(root: Node) -> list[str]:
    return [_text(_mapping(section).get("id")) for section in _items(_mapping(root).get("sections"))]


def _choose_section(root: Node, sheet_id: str, wanted: str | None, metric: str | None) -> tuple[int, str]:
    """(index of the section, why it was chosen)."""
    sections = _items(_mapping(root).get("sections"))
    ids = _section_ids(root)
    if not sections:
        raise ScaffoldError(f"sheet '{sheet_id}' has no sections to add a claim to; add a section first")
    if wanted is not None:
        if wanted not in ids:
            raise ScaffoldError(f"sheet '{sheet_id}' has no section '{wanted}'{_did_you_mean(wanted, ids)}; "
                                f"its sections: {', '.join(ids)}")
        return ids.index(wanted), "--section"
    latest: tuple[str, int] | None = None
    for index, section in enumerate(sections):
        for claim in _items(_mapping(section).get("claims")):
            fields = _mapping(claim)
            if metric and _text(_mapping(fields.get("figure")).get("metric")) == metric:
                on = _text(fields.get("claimed_on"))
                if latest is None or on >= latest[0]:
                    latest = (on, index)
    if latest is not None:
        return latest[1], f"it holds the latest claim of metric '{metric}'; --section ID chooses another"
    with_claims = [i for i, section in enumerate(sections) if _items(_mapping(section).get("claims"))]
    if with_claims:
        return with_claims[0], "the first section with claims; --section ID chooses another"
    open_lists = [i for i, section in enumerate(sections) if "claims" in _mapping(section)]
    if open_lists:
        return open_lists[0], "the first section with a claims list; --section ID chooses another"
    if len(sections) == 1:
        return 0, "the sheet's only section"
    raise ScaffoldError(f"no section of sheet '{sheet_id}' has claims yet; choose one with --section ID "
                        f"(its sections: {', '.join(ids)})")


def _has_claim(root: Node, index: int, claim_id: str) -> bool:
    """Whether section `index` of a loaded sheet lists a claim with this id."""
    sections = _items(_mapping(root).get("sections"))
    if index >= len(sections):
        return False
    claims = _items(_mapping(sections[index]).get("claims"))
    return any(_text(_mapping(claim).get("id")) == claim_id for claim in claims)


def _claims_insertion_point(text: str, path: Path, index: int) -> tuple[int, int, str]:
    """(0-based line to insert before, column of the claim's `- `, a `claims:` line to add first or '')."""
    # PyYAML's composer (no constructors run) gives the end of each node, which our loader does not keep.
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    sections = _get(root, "sections")
    if not isinstance(sections, yaml.SequenceNode) or not sections.value or sections.flow_style:
        raise ScaffoldError(f"{path}: the sheet has no sections list to add a claim to; add a section first")
    section = sections.value[index]
    if not isinstance(section, yaml.MappingNode) or section.flow_style:
        raise ScaffoldError(f"{path}: section {index + 1} is not a mapping; fix the sheet first")
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
    raise ScaffoldError(f"{path}: the section's claims are written inline ([...]); "
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
    """Write beside the file, then rename over it: an editor never sees half a sheet.

    Like site/write.py's replacement of a generated page, but the editor's file keeps its own
    mode (mkstemp makes 0600), where a generated page is always 0644.
    """
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)
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
    done = f"added claim '{created.id}' to {shown}, {created.note}" if created.note \
        else f"wrote {shown} (id: {created.id})"
    lines = [done]
    if created.to_fill:
        lines.append("fill in:")
        lines += [f"{shown}:{line}:{column}: {what}" for line, column, what in created.to_fill]
    lines.append("then run `factsheet check`")
    return "\n".join(lines)
