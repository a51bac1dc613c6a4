"""Rules of a claim against its figure, the claims it supersedes and the sources it cites.

Ranges (low <= value <= high), supersession (same claimant and metric, newer, no cycles) and
dates (a claim is not made after the page reporting it was published).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from ..errors import Problem
from .located import Located, ids_of, record_id
from .model import PartialDate


def check_claims(by_kind: dict[str, list[Located]]) -> list[Problem]:
    problems = list(check_figures(by_kind["figure"]))
    problems += check_supersession(by_kind)
    problems += check_dates_of_claims(by_kind)
    return problems


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
        # That superseded_by goes with status superseded is a rule of the field table (fields.py).
        newer = record.values.get("superseded_by")
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
