"""Rules that span records and files: unique ids, references, ranges, supersession, usage.

Works on every record the validator read, valid or not, so that one mistake does not hide
another: an id counts as defined even when its record has a bad date elsewhere.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from datetime import date
from functools import lru_cache
from pathlib import PurePosixPath

from ..errors import Problem
from .model import PartialDate
from .records import Located, fields_of, items_of, suggest

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
    problems += check_figures(by_kind["figure"])
    problems += check_supersession(by_kind)
    problems += check_dates_of_claims(by_kind)
    problems += check_sources(by_kind, unread)
    return problems


def record_id(record: Located) -> str | None:
    return record.values.get("id")


def ids_of(records: list[Located]) -> Iterator[tuple[str, Located]]:
    """(id, record) for every record whose id was readable."""
    for record in records:
        rid = record.values.get("id")
        if rid is not None:
            yield rid, record


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
            self.stems[posix.parent.name].add(posix.stem)
            if posix.name == "tags.yaml":
                self.stems["tags"].add("*")

    def may_define(self, folder: str) -> set[str]:
        return self.stems.get(folder, set())


class _Ids:
    """The ids of one kind, the former ids that point at them, and ids unread files may hold."""

    def __init__(self, records: list[Located], what: str, unread: AbstractSet[str] = frozenset()):
        self.what = what
        self.live = {rid for rid, _ in ids_of(records)}
        self.former = {old: record_id(r) for r in records for old in r.values.get("former_ids", ())}
        self.unread = unread

    def problem_with(self, ref: str) -> str | None:
        if ref in self.live or ref in self.unread or (self.unread and "*" in self.unread):
            return None
        if ref in self.former:
            return f"'{ref}' is a former id of {self.what} '{self.former[ref]}'; use the current id"
        return f"unknown {self.what} '{ref}'{suggest(ref, self.live)}"


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


def check_figures(figures: list[Located]) -> Iterator[Problem]:
    for record in figures:
        low, value, high = (record.values.get(n) for n in ("low", "value", "high"))
        if low is not None and value is not None and low > value:
            yield record.problem("low", f"low {low} is greater than value {value}")
        if high is not None and value is not None and high < value:
            yield record.problem("high", f"high {high} is less than value {value}")
        if value is None and low is not None and high is not None and low > high:
            yield record.problem("low", f"low {low} is greater than high {high}")


def _figure_of(claim: Located) -> Located | None:
    return next((child for child in claim.children if child.kind == "figure"), None)


def check_supersession(by_kind: dict[str, list[Located]]) -> Iterator[Problem]:
    claims: dict[str, Located] = {}
    for rid, record in ids_of(by_kind["claim"]):
        claims.setdefault(rid, record)
    for record in by_kind["claim"]:
        status, newer = record.values.get("status"), record.values.get("superseded_by")
        if status == "superseded" and "superseded_by" not in fields_of(record.node):
            yield record.problem(
                "status", "status is superseded, so 'superseded_by' must name the newer claim"
            )
        if newer is not None and status is not None and status != "superseded":
            yield record.problem(
                "superseded_by", f"superseded_by is set, so status must be superseded, not '{status}'"
            )
        if newer is None or newer not in claims:
            continue
        if newer == record_id(record):
            yield record.problem("superseded_by", "a claim cannot supersede itself")
            continue
        yield from _compare_with_newer(record, claims[newer])
    yield from _check_cycles(claims)


def _compare_with_newer(old: Located, new: Located) -> Iterator[Problem]:
    newer = record_id(new)
    old_claimant, new_claimant = old.values.get("claimant"), new.values.get("claimant")
    if old_claimant and new_claimant and old_claimant != new_claimant:
        yield old.problem(
            "superseded_by",
            f"claim '{newer}' is by '{new_claimant}', not '{old_claimant}'; "
            "a claim is superseded by a newer one from the same claimant",
            "warning",
        )
    old_figure, new_figure = _figure_of(old), _figure_of(new)
    old_metric = old_figure.values.get("metric") if old_figure else None
    new_metric = new_figure.values.get("metric") if new_figure else None
    if old_metric and new_metric and old_metric != new_metric:
        yield old.problem(
            "superseded_by", f"claim '{newer}' counts metric '{new_metric}', not '{old_metric}'", "warning"
        )
    old_date, new_date = old.values.get("claimed_on"), new.values.get("claimed_on")
    if old_date and new_date and last_day(new_date) < first_day(old_date):
        yield old.problem(
            "superseded_by",
            f"claim '{newer}' was made on {new_date}, before this one "
            f"({old_date}); the newer claim should be the later one",
            "warning",
        )


def _check_cycles(claims: dict[str, Located]) -> Iterator[Problem]:
    done: set[str] = set()
    for start in claims:
        path: list[str] = []
        current: str | None = start
        while current is not None and current in claims and current not in done and current not in path:
            path.append(current)
            current = claims[current].values.get("superseded_by")
        done.update(path)
        if current is not None and current in path and len(path) - path.index(current) > 1:
            cycle = path[path.index(current) :]
            first = min(
                cycle, key=lambda rid: (claims[rid].path, claims[rid].node.line, claims[rid].node.column)
            )
            at = cycle.index(first)
            ordered = [*cycle[at:], *cycle[:at], first]
            yield claims[first].problem(
                "superseded_by", f"superseded_by forms a cycle: {' -> '.join(ordered)}"
            )


@lru_cache(maxsize=1 << 14)  # a few thousand distinct dates, each compared many times
def first_day(value: PartialDate) -> date:
    return date(value.year, value.month or 1, value.day or 1)


@lru_cache(maxsize=1 << 14)
def last_day(value: PartialDate) -> date:
    month = value.month or 12
    return date(value.year, month, value.day or calendar.monthrange(value.year, month)[1])


def check_dates_of_claims(by_kind: dict[str, list[Located]]) -> Iterator[Problem]:
    """A source cannot report a claim made after it was published: one of the two dates is wrong."""
    published = {
        record_id(r): r.values["published"]
        for r in by_kind["source"]
        if record_id(r) is not None and "published" in r.values
    }
    for citation in by_kind["citation"]:
        claim = citation.parent
        source = citation.values.get("source")
        if claim is None or claim.kind != "claim" or source not in published:
            continue
        claimed_on = claim.values.get("claimed_on")
        if claimed_on and first_day(claimed_on) > last_day(published[source]):
            yield citation.problem(
                "source",
                f"claimed_on {claimed_on} is after source '{source}' was published "
                f"({published[source]}); check both dates",
                "warning",
            )


def check_sources(by_kind: dict[str, list[Located]], unread: _Unread) -> Iterator[Problem]:
    used = {r.values.get("source") for r in by_kind["citation"]}
    used |= {r.values.get("appearance_source") for r in by_kind["review"]}
    for record in by_kind["source"]:
        if "archived" in record.values and "archive_url" not in record.values:
            yield record.problem("archived", "'archived' is set but 'archive_url' is missing")
        rid = record_id(record)
        if rid is not None and rid not in used and not unread.may_define("sheets"):
            yield record.problem("id", f"source '{rid}' is not cited by any claim or review", "warning")
