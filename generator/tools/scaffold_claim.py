"""`factsheet new claim`: a commented claim skeleton, inserted as text into a section of its sheet.

Every comment and blank line the editors wrote stays as it was: the sheet is read as text, the
claim's lines go in after the section's last claim (PyYAML's composer gives where it ends), the
result is parsed again to show the claim is where it was meant to be, and the file is replaced
whole.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import tempfile
from pathlib import Path

import yaml

from ..content.field_specs import SLUG_PATTERN
from ..content.load import read_limited
from ..content.model import BASES, CLAIM_KINDS, CLAIMANT_REQUIRED, QUALIFIERS, STATUSES
from ..content.parse import Node, parse_bytes
from .new_ids import site_ids
from .scaffold import Created, ScaffoldError, check_new_id, fields_to_fill

_SLUG = re.compile(SLUG_PATTERN)


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
        check_new_id(claim_id, taken)
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
    blanks = fields_to_fill(claim_text(identifier, indent, kind, metric, source))
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
