"""Records of two sides matched by id (a renamed record by its `former_ids`) and compared field
by field: each record added, removed or changed, as a Markdown list item for `factsheet diff`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from ..content import model
from .inert_markdown import md_code, show_value


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """A record as `field.path -> scalar`; positions (origin) and nested claims are left out."""
    out: dict[str, Any] = {}
    if is_dataclass(value) and not isinstance(value, model.PartialDate):
        for spec in fields(value):
            if spec.name in ("origin", "sections", "reviews"):
                continue
            out.update(flatten(getattr(value, spec.name), f"{prefix}{spec.name}."))
        return out
    key = prefix.rstrip(".")
    if isinstance(value, tuple) and any(is_dataclass(item) for item in value):
        for index, item in enumerate(value):
            out.update(flatten(item, f"{key}[{index}]."))
        return out
    if value not in (None, ()):
        out[key] = value
    return out


def field_changes(old: Any, new: Any) -> list[tuple[str, Any, Any]]:
    before, after = flatten(old), flatten(new)
    return [(key, before.get(key), after.get(key)) for key in _ordered_keys(before, after)
            if before.get(key) != after.get(key)]


def _ordered_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    keys = list(before)
    keys += [key for key in after if key not in before]
    return keys


@dataclass(frozen=True)
class Placed:
    """A claim or review with the sheet (and section) it is on."""

    record: Any
    sheet: str
    section: str = ""


def claims_of(content: model.Content) -> dict[str, Placed]:
    return {claim.id: Placed(claim, sheet.id, section.id)
            for sheet in content.sheets for section in sheet.sections for claim in section.claims}


def reviews_of(content: model.Content) -> dict[str, Placed]:
    return {review.id: Placed(review, sheet.id) for sheet in content.sheets for review in sheet.reviews}


@dataclass
class KindDiff:
    name: str  # "claims"
    added: list[str]
    removed: list[str]
    changed: list[str]
    added_ids: list[str] = field(default_factory=list)  # the ids of `added`, in the same order

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def compare(name: str, old: dict[str, Any], new: dict[str, Any], describe) -> KindDiff:
    """Added, removed and changed records of one kind, as Markdown list items."""
    result = KindDiff(name, [], [], [])
    renamed: dict[str, str] = {}  # old id -> new id
    for new_id in new.keys() - old.keys():
        for former in getattr(_record(new[new_id]), "former_ids", ()):
            if former in old and former not in new:
                renamed[former] = new_id
    for record_id in sorted(new.keys() - old.keys() - set(renamed.values())):
        result.added.append(f"{md_code(record_id)}: {describe(new[record_id])}")
        result.added_ids.append(record_id)
    for record_id in sorted(old.keys() - new.keys() - renamed.keys()):
        result.removed.append(f"{md_code(record_id)}: {describe(old[record_id])}")
    pairs = [(record_id, record_id) for record_id in sorted(old.keys() & new.keys())]
    for old_id, new_id in sorted(pairs + list(renamed.items())):
        lines = [f"id: {md_code(old_id)} → {md_code(new_id)}"] if old_id != new_id else []
        lines += _placement_changes(old[old_id], new[new_id])
        lines += [f"{key}: {show_value(before)} → {show_value(after)}"
                  for key, before, after in field_changes(_record(old[old_id]), _record(new[new_id]))
                  if key != "id" and not (old_id != new_id and key == "former_ids")]
        if lines:
            where = f" on {md_code(new[new_id].sheet)}" if isinstance(new[new_id], Placed) else ""
            result.changed.append(f"{md_code(new_id)}{where}\n" + "\n".join(f"  - {line}" for line in lines))
    return result


def _record(value: Any) -> Any:
    return value.record if isinstance(value, Placed) else value


def _placement_changes(old: Any, new: Any) -> list[str]:
    if not isinstance(old, Placed) or not isinstance(new, Placed):
        return []
    lines = []
    if old.sheet != new.sheet:
        lines.append(f"sheet: {md_code(old.sheet)} → {md_code(new.sheet)}")
    if old.section != new.section:
        lines.append(f"section: {md_code(old.section)} → {md_code(new.section)}")
    return lines
