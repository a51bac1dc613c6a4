"""Rules that span records and files: file names, unique ids, references, usage.

The rules of one claim against others (ranges, supersession, dates) are in `claim_rules.py`,
whether its quotes support it in `quotes.py`.

Works on every record the validator read, valid or not, so that one mistake does not hide
another: an id counts as defined even when its record has a bad date elsewhere.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import replace
from pathlib import PurePosixPath

from ..errors import Problem
from .claim_rules import check_claims
from .located import Located, fields_of, ids_of, items_of, record_id, suggest
from .quotes import check_quotes

# Claims, reviews and metrics share one site-wide namespace: anchors and JSON keys.
_ANCHOR_KINDS = ("claim", "review", "metric")


def check_site(records: list[Located], unreadable: AbstractSet[str] = frozenset()) -> list[Problem]:
    by_kind: dict[str, list[Located]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    unread = _Unread(unreadable)
    problems: list[Problem] = []
    problems += check_file_names(records)
    problems += check_unique_ids(by_kind)
    problems += check_references(by_kind, unread)
    problems += check_claims(by_kind)
    problems += check_sources(by_kind, unread)
    problems += check_quotes(by_kind["claim"])
    problems += check_results(by_kind, unread)
    return problems


def _stem(path: str) -> str:
    """PurePosixPath(path).stem, without making a path object for each of thousands of files."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def check_file_names(records: list[Located]) -> Iterator[Problem]:
    for record in records:
        if record.parent is None and record.kind in ("source", "actor", "sheet"):
            stem = _stem(record.path)
            if record_id(record) is not None and record_id(record) != stem:
                yield record.problem(
                    "id",
                    f"id '{record_id(record)}' does not match the file name "
                    f"'{stem}.yaml'; rename one of them",
                )


def _first(record: Located) -> str:
    line, column, _ = record.where("id")
    return f"{record.path}:{line}:{column}"


def check_unique_ids(by_kind: dict[str, list[Located]]) -> Iterator[Problem]:
    namespaces = [("source",), ("actor",), ("sheet",), ("tag",), _ANCHOR_KINDS]
    for kinds in namespaces:
        seen: dict[str, Located] = {}
        for kind in kinds:
            for record in by_kind[kind]:
                rid = record_id(record)
                if rid is None:
                    continue
                if rid in seen:
                    other = seen[rid]
                    yield record.problem(
                        "id", f"id '{rid}' is already used by the {other.kind} at {_first(other)}"
                    )
                else:
                    seen[rid] = record
        yield from _check_former_ids(kinds, by_kind, seen)
    yield from _check_section_ids(by_kind)


def _check_former_ids(kinds: tuple[str, ...], by_kind: dict[str, list[Located]], live: dict[str, Located]):
    claimed: dict[str, Located] = {}
    for kind in kinds:
        for record in by_kind[kind]:
            for index, old in enumerate(record.values.get("former_ids", ())):
                if old in live:
                    yield _item_problem(
                        record,
                        "former_ids",
                        index,
                        f"former id '{old}' is the live id of the {live[old].kind} at {_first(live[old])}",
                    )
                elif old in claimed:
                    yield _item_problem(
                        record,
                        "former_ids",
                        index,
                        f"former id '{old}' is also a former id of '{record_id(claimed[old])}'",
                    )
                else:
                    claimed[old] = record


def _check_section_ids(by_kind: dict[str, list[Located]]) -> Iterator[Problem]:
    anchors_by_sheet: dict[str, set[str]] = defaultdict(set)
    for kind in _ANCHOR_KINDS:
        for rid, record in ids_of(by_kind[kind]):
            anchors_by_sheet[record.path].add(rid)
    kept: dict[str, dict[str, str]] = defaultdict(dict)  # sheet file -> former claim id -> claim id
    for rid, record in ids_of(by_kind["claim"]):
        for old in record.values.get("former_ids", ()):
            kept[record.path].setdefault(old, rid)
    seen: dict[tuple[str, str], Located] = {}
    for rid, record in ids_of(by_kind["section"]):
        if (record.path, rid) in seen:
            yield record.problem(
                "id", f"section id '{rid}' is already used on this sheet at {_first(seen[record.path, rid])}"
            )
        elif rid in anchors_by_sheet[record.path]:
            yield record.problem(
                "id",
                f"section id '{rid}' is also the id of a claim, review or metric "
                "on this sheet; anchors must differ",
            )
        elif rid in kept[record.path]:
            yield record.problem(
                "id",
                f"section id '{rid}' is a former id of the claim '{kept[record.path][rid]}' on this sheet, "
                "kept as its anchor; anchors must differ",
            )
        seen.setdefault((record.path, rid), record)


def _item_problem(record: Located, name: str, index: int, message: str, severity="error") -> Problem:
    node = items_of(fields_of(record.node)[name])[index]
    return Problem(
        record.path,
        node.line,
        node.column,
        message,
        f"{record.field_path}.{name}[{index}]".lstrip("."),
        severity,
    )


def _hop_problem(record: Located, index: int, member: int | None, message: str) -> Problem:
    """A problem at one actor of `via`: hop `index`, or actor `member` of a hop of several."""
    node = items_of(fields_of(record.node)["via"])[index]
    where = f"{record.field_path}.via[{index}]".lstrip(".")
    if member is not None:
        node, where = items_of(node)[member], f"{where}[{member}]"
    return Problem(record.path, node.line, node.column, message, where)


class _Unread:
    """What files the loader could not read may define: a source or actor file defines its stem;
    an unread sheet may hold any claim, and an unread tags.yaml any tag."""

    def __init__(self, paths: AbstractSet[str]):
        self.stems: dict[str, set[str]] = defaultdict(set)
        for path in paths:
            posix = PurePosixPath(path)
            if posix.suffix != ".yaml" and posix.name in ("sources", "actors", "sheets"):
                self.stems[posix.name].add("*")  # a whole record folder (a link): may define any id
            self.stems[posix.parent.name].add(posix.stem)
            if posix.name == "tags.yaml":
                self.stems["tags"].add("*")

    def may_define(self, folder: str) -> set[str]:
        return self.stems.get(folder, set())


def _slug_words(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _named(kind: str, record: Located) -> str:
    """What editors call a record: an actor's name, a source's title."""
    return str(record.values.get("name") or record.values.get("title") or record.values.get("label") or "")


def id_by_name(text: str, records: list[Located], kind: str) -> str | None:
    """The id an editor meant by 'NIS', 'National Intelligence Service' or 'national-intelligence-service'."""
    wanted = _slug_words(text)
    if not wanted:
        return None
    by_id = {rid: record for rid, record in ids_of(records)}
    if wanted in by_id:
        return wanted
    names = {rid: _slug_words(_named(kind, record)) for rid, record in by_id.items()}
    exact = [rid for rid, name in names.items() if name and name == wanted]
    if len(exact) == 1:
        return exact[0]
    # 'Volodymyr Zelensky' for the actor named 'Zelensky': one name's words inside the other's.
    within = [rid for rid, name in names.items()
              if name and (f"-{name}-" in f"-{wanted}-" or f"-{wanted}-" in f"-{name}-")]
    if len(within) == 1:
        return within[0]
    close = difflib.get_close_matches(wanted, sorted(by_id), n=1, cutoff=0.75)
    return close[0] if close else None


def _did_you_mean(ref: str, records: list[Located], kind: str) -> str:
    meant = id_by_name(ref, records, kind)
    if meant is None or meant == ref:
        return ""
    name = next((_named(kind, r) for rid, r in ids_of(records) if rid == meant), "")
    shown = f" ({name})" if name and kind == "actor" else ""
    return f" (did you mean '{meant}'{shown}?)"


_CREATE = {
    "source": "no such source — create it with `factsheet new source URL`",
    "actor": "no such actor — add content/actors/{ref}.yaml (CONTRIBUTING.md shows one)",
}


def suggest_ids(
    problems: list[Problem], bad: list[tuple[int, str, str]], records: list[Located]
) -> list[Problem]:
    """Problems of one file, a reference that is not an id ('NIS') completed with the id it names."""
    if not bad:
        return problems
    by_kind: dict[str, list[Located]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    out = list(problems)
    for index, text, kind in bad:
        hint = _did_you_mean(text, by_kind[kind], kind)
        if hint:
            out[index] = replace(out[index], message=out[index].message + hint)
    return out


class _Ids:
    """The ids of one kind, the former ids that point at them, and ids unread files may hold."""

    def __init__(self, records: list[Located], what: str, unread: AbstractSet[str] = frozenset()):
        self.what = what
        self.records = records
        self.live = {rid for rid, _ in ids_of(records)}
        self.former = {old: record_id(r) for r in records for old in r.values.get("former_ids", ())}
        self.unread = unread

    def problem_with(self, ref: str) -> str | None:
        if ref in self.live or ref in self.unread or (self.unread and "*" in self.unread):
            return None
        if ref in self.former:
            return f"'{ref}' is a former id of {self.what} '{self.former[ref]}'; use the current id"
        hint = _did_you_mean(ref, self.records, self.what) or suggest(ref, self.live)
        # A source id is made from a page that may not have a file yet: say how to make one.
        if self.what == "source" or (self.what in _CREATE and not hint):
            return f"unknown {self.what} '{ref}': {_CREATE[self.what].format(ref=ref)}{hint}"
        return f"unknown {self.what} '{ref}'{hint}"


def check_references(by_kind: dict[str, list[Located]], unread: _Unread) -> Iterator[Problem]:
    sources = _Ids(by_kind["source"], "source", unread.may_define("sources"))
    actors = _Ids(by_kind["actor"], "actor", unread.may_define("actors"))
    claims = _Ids(by_kind["claim"], "claim", {"*"} if unread.may_define("sheets") else set())
    tags = _Ids(by_kind["tag"], "tag", unread.may_define("tags"))

    def one(record: Located, name: str, ids: _Ids) -> Iterator[Problem]:
        ref = record.values.get(name)
        if ref is not None and (message := ids.problem_with(ref)):
            yield record.problem(name, message)

    def each(record: Located, name: str, ids: _Ids) -> Iterator[Problem]:
        for index, ref in enumerate(record.values.get(name, ())):
            if message := ids.problem_with(ref):
                yield _item_problem(record, name, index, message)

    def hops(record: Located, ids: _Ids) -> Iterator[Problem]:
        for index, hop in enumerate(record.values.get("via", ())):
            for number, ref in enumerate(hop):
                if message := ids.problem_with(ref):
                    yield _hop_problem(record, index, number if len(hop) > 1 else None, message)

    for record in by_kind["citation"]:
        yield from one(record, "source", sources)
    for record in by_kind["review"]:
        yield from one(record, "appearance_source", sources)
    for record in by_kind["claim"]:
        yield from one(record, "claimant", actors)
        yield from hops(record, actors)
        yield from one(record, "superseded_by", claims)
        yield from each(record, "tags", tags)
    for record in by_kind["sheet"]:
        yield from each(record, "tags", tags)
    for record in by_kind["metric"]:
        yield from each(record, "series", actors)
    yield from _check_figure_metrics(by_kind)


def _check_figure_metrics(by_kind: dict[str, list[Located]]) -> Iterator[Problem]:
    metric_files: dict[str, set[str]] = defaultdict(set)
    file_metrics: dict[str, set[str]] = defaultdict(set)  # the same, the other way round
    for rid, record in ids_of(by_kind["metric"]):
        metric_files[rid].add(record.path)
        file_metrics[record.path].add(rid)
    local = {path: file_metrics.get(path, set()) for path in {r.path for r in by_kind["figure"]}}
    for record in by_kind["figure"]:
        ref = record.values.get("metric")
        if ref is None or ref in local[record.path]:
            continue
        if ref in metric_files:
            other = PurePosixPath(sorted(metric_files[ref])[0]).stem
            yield record.problem(
                "metric",
                f"metric '{ref}' belongs to sheet '{other}'; a figure can only use a metric of its own sheet",
            )
        else:
            yield record.problem(
                "metric", f"unknown metric '{ref}' on this sheet{suggest(ref, local[record.path])}"
            )


def check_sources(by_kind: dict[str, list[Located]], unread: _Unread) -> Iterator[Problem]:
    used = {r.values.get("source") for r in by_kind["citation"]}
    used |= {r.values.get("appearance_source") for r in by_kind["review"]}
    for record in by_kind["source"]:
        rid = record_id(record)
        if rid is not None and rid not in used and not unread.may_define("sheets"):
            yield record.problem("id", f"source '{rid}' is not cited by any claim or review", "warning")


def check_results(by_kind: dict[str, list[Located]], unread: _Unread) -> Iterator[Problem]:
    """content/checks/<source-id>.yaml: named after a source that exists, similarities 0 to 1."""
    sources = _Ids(by_kind["source"], "source", unread.may_define("sources"))
    for record in by_kind["source_check"]:
        source = record.values.get("source")
        stem = PurePosixPath(record.path).stem
        if source is not None and source != stem:
            yield record.problem(
                "source",
                f"source '{source}' does not match the file name '{stem}.yaml'; delete the file "
                f"(factsheet verify writes checks/{source}.yaml)",
            )
        elif source is not None and (message := sources.problem_with(source)):
            yield record.problem(
                "source",
                f"{message}: these are the results of a source that is gone; delete the file, or run "
                "factsheet verify for the source's new id",
                "warning",
            )
    for record in by_kind["quote_check"]:
        similarity = record.values.get("similarity")
        if similarity is not None and not 0 <= similarity <= 1:
            yield record.problem("similarity", f"similarity {similarity} is not between 0 and 1")
