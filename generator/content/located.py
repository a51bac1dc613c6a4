"""One record as read (`Located`: its values, its node, its place, its model object when valid),
and the small readers of YAML nodes that the record reader and the checks across files share.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, Severity
from .parse import Node
from .scalars import show

_NULLS = ("", "~", "null", "Null", "NULL")


@dataclass(eq=False)
class Located:
    """One record as read: its checked values, its model object (None if invalid), its place."""

    kind: str
    values: dict[str, Any]
    node: Node
    path: str  # the file
    field_path: str  # e.g. "sections[0].claims[2]"
    parent: Located | None = None
    obj: Any = None
    children: list[Located] = field(default_factory=list)

    def where(self, name: str | None = None) -> tuple[int, int, str]:
        """Line, column and field path of a field's value, or of the record when it is absent."""
        node = fields_of(self.node).get(name) if name else None
        if node is None or name is None:
            return self.node.line, self.node.column, self.field_path
        return node.line, node.column, join(self.field_path, name)

    def problem(self, name: str | None, message: str, severity: Severity = "error") -> Problem:
        line, column, field_path = self.where(name)
        return Problem(self.path, line, column, message, field_path, severity)


def record_id(record: Located) -> str | None:
    return record.values.get("id")


def ids_of(records: list[Located]) -> Iterator[tuple[str, Located]]:
    """(id, record) for every record whose id was readable."""
    for record in records:
        rid = record.values.get("id")
        if rid is not None:
            yield rid, record


def fields_of(node: Node) -> dict[str, Node]:
    return node.value if isinstance(node.value, dict) else {}


def items_of(node: Node) -> list[Node]:
    return node.value if isinstance(node.value, list) else []


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def suggest(word: str, candidates: list[str] | tuple[str, ...] | set[str]) -> str:
    """' (did you mean 'x'?)' when a close candidate exists, else ''."""
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def describe(node: Node) -> str:
    if node.kind == "mapping":
        return "a mapping"
    if node.kind == "sequence":
        return "a list"
    return show(str(node.value))


def is_null(node: Node) -> bool:
    return node.kind == "scalar" and node.plain and node.value in _NULLS
