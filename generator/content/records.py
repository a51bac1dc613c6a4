"""Reading one record by its field specs: typed values, the model object, every problem located.

`RecordReader` walks a file's tree with the specs of `fields.py`; each record it reads becomes a
`Located` (located.py: its values, its node, its model object when valid), which the cross-file
checks of `crosscheck.py` read too.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from .. import paths
from ..errors import Problem
from . import model
from .field_specs import SLUG_PATTERN, FieldSpec, RecordSpec
from .fields import RECORDS
from .located import Located, describe, fields_of, is_null, items_of, join, suggest
from .parse import Node
from .scalars import read_date, read_number, show, text_problem, url_problem

MODEL_CLASSES: dict[str, type] = {
    "tag": model.Tag,
    "source": model.Source,
    "actor": model.Actor,
    "sheet": model.Sheet,
    "metric": model.Metric,
    "section": model.Section,
    "claim": model.Claim,
    "figure": model.Figure,
    "quote": model.Quote,
    "citation": model.Citation,
    "review": model.Review,
    "source_check": model.SourceCheck,
    "quote_check": model.QuoteCheck,
}
_WITH_ORIGIN = {"source", "actor", "sheet", "metric", "section", "claim", "review", "source_check"}
# Records whose origin is one of their fields (the record itself when the field is absent): where a
# citation's quote is written, for verify's report; where a check names its address, for its warning.
_ORIGIN_AT = {"citation": "quote", "source_check": "url"}

_SLUG = re.compile(SLUG_PATTERN)
_ABSENT = object()  # a field that is not there (or null); distinct from an invalid one
_INVALID = object()


def _filled(node: Node | None) -> bool:
    """A field that holds something: not absent, null or blank text."""
    return node is not None and not (node.kind == "scalar" and (is_null(node) or not str(node.value).strip()))


@cache
def _field_names(kind: str) -> frozenset[str]:
    # A set per record kind: spec.field() searches the specs one by one, and every key of every
    # record is checked.
    return frozenset(spec.name for spec in RECORDS[kind].fields)


class RecordReader:
    """Reads records of one file by their specs, collecting problems and every record read."""

    def __init__(self, path: str, today: date):
        self.path = path
        self.today = today
        self.problems: list[Problem] = []
        # References that are not even ids ("NIS"): (index in problems, text, kind of record), so
        # that the checks across files can suggest the id by name once every record is read.
        self.bad_references: list[tuple[int, str, str]] = []
        self.records: list[Located] = []

    def error(self, node: Node | tuple[int, int], field_path: str, message: str) -> None:
        line, column = (node.line, node.column) if isinstance(node, Node) else node
        self.problems.append(Problem(self.path, line, column, message, field_path))

    def read(
        self, node: Node, kind: str, field_path: str = "", parent: Located | None = None
    ) -> Located | None:
        spec = RECORDS[kind]
        if node.kind != "mapping":
            what = "at the top of the file" if not field_path else ""
            self.error(
                node,
                field_path,
                f"expected a mapping of fields{' ' + what if what else ''}, got {describe(node)}",
            )
            return None
        fields = fields_of(node)
        record = Located(kind, {}, node, self.path, field_path, parent)
        self.records.append(record)
        if parent is not None:
            parent.children.append(record)
        valid = True
        known = _field_names(kind)
        for key in fields:
            if key not in known:
                valid = False
                self.error(
                    node.keys.get(key, (node.line, node.column)),
                    field_path,
                    f"unknown field {show(key)}{suggest(key, [f.name for f in spec.fields])}",
                )
        for field_spec in spec.fields:
            if field_spec.name not in fields and not field_spec.required and field_spec.required_when is None:
                continue  # absent and optional: nothing to read or report (most specs, most records)
            value = self.read_field(record, spec, field_spec)
            if value is _INVALID:
                valid = False
            elif value is not _ABSENT:
                record.values[field_spec.name] = value
        for group in spec.one_of:
            # A blank field does not count; one with a wrong value was reported already.
            if not any(name in record.values or _filled(fields.get(name)) for name in group):
                valid = False
                listed = " or ".join(f"'{name}'" for name in group)
                self.error(node, field_path, f"one of {listed} is required")
        for field_spec in spec.fields:
            for need in field_spec.needs:
                present = need in record.values or _filled(fields.get(need))
                if field_spec.name in record.values and not present:
                    valid = False
                    line, column, at = record.where(field_spec.name)
                    self.error((line, column), at, f"'{field_spec.name}' is set but '{need}' is missing")
        if (parent is None and kind in paths.RECORD_FOLDERS) or kind == "tag":
            self.check_reserved(record)  # a tag's page is tags/<id>/, beside tags/index
        if valid:
            record.obj = self.build(record)
        return record

    def check_reserved(self, record: Located) -> None:
        """A sheet's, source's, actor's or tag's id (or former id) names a page: not one the site uses."""
        reserved = _reserved()
        rid = record.values.get("id")
        if rid in reserved:
            line, column, field_path = record.where("id")
            self.error((line, column), field_path, _reserved_message(rid))
        items = items_of(fields_of(record.node).get("former_ids") or Node("sequence", [], 0, 0))
        for index, old in enumerate(record.values.get("former_ids", ())):
            if old in reserved:
                self.error(items[index], f"former_ids[{index}]", _reserved_message(old))

    def read_field(self, record: Located, spec: RecordSpec, field_spec: FieldSpec) -> Any:
        fields = fields_of(record.node)
        name = field_spec.name
        node = fields.get(name)
        if node is not None and is_null(node):
            if field_spec.required:
                self.error(node, join(record.field_path, name), f"required field '{name}' has no value")
                return _INVALID
            node = None
        condition = field_spec.allowed_only_when
        if (
            node is not None
            and condition
            and condition.field in record.values
            and record.values[condition.field] not in condition.values
        ):
            key_at = record.node.keys.get(name, (node.line, node.column))
            allowed = " or ".join(condition.values)
            self.error(
                key_at,
                record.field_path,
                f"field '{name}' is only allowed when {condition.field} is {allowed}",
            )
            return _INVALID
        if node is None:
            return self.missing(record, field_spec)
        value = self.convert(node, field_spec, join(record.field_path, name), record)
        if value is _ABSENT:
            return self.missing(record, field_spec)
        return value

    def missing(self, record: Located, field_spec: FieldSpec) -> Any:
        name = field_spec.name
        if field_spec.required:
            self.error(record.node, record.field_path, f"required field '{name}' is missing")
            return _INVALID
        condition = field_spec.required_when
        if condition and record.values.get(condition.field) in condition.values:
            self.error(
                record.node,
                record.field_path,
                f"required field '{name}' is missing "
                f"({condition.field} {record.values[condition.field]} needs it)",
            )
            return _INVALID
        return _ABSENT

    def convert(self, node: Node, spec: FieldSpec, field_path: str, record: Located | None) -> Any:
        """One value by its type: the typed value, _ABSENT for blank optional text, or _INVALID."""
        if spec.type == "mapping":
            assert spec.record is not None
            nested = self.read(node, spec.record, field_path, record)
            return nested.obj if nested is not None and nested.obj is not None else _INVALID
        if spec.type == "mapping_list":
            return self.convert_records(node, spec, field_path, record)
        if spec.type in ("slug_list", "text_list"):
            return self.convert_list(node, spec, field_path)
        if spec.type == "hops":
            return self.convert_hops(node, spec, field_path)
        if node.kind != "scalar":
            self.error(node, field_path, f"expected {_EXPECTED[spec.type]}, got {describe(node)}")
            return _INVALID
        text = str(node.value).strip()
        if not text:
            if spec.required:
                self.error(node, field_path, f"required field '{spec.name}' is empty")
                return _INVALID
            return _ABSENT
        return self.convert_scalar(node, text, spec, field_path)

    def convert_scalar(self, node: Node, text: str, spec: FieldSpec, field_path: str) -> Any:
        kind = spec.type
        message: str | None = None
        value: Any = text
        if kind == "number":
            value, message = read_number(text, node.plain)
        elif kind == "slug":
            if len(text) > paths.MAX_ID_LENGTH:
                message = f"an id has at most {paths.MAX_ID_LENGTH} characters; this one has {len(text):,}"
            elif not _SLUG.fullmatch(text):
                what = f"{'an' if spec.refers_to[0] in 'aeiou' else 'a'} {spec.refers_to} id" \
                    if spec.refers_to else "an id"
                message = (
                    f"expected {what} (lowercase letters, digits and single hyphens, "
                    f"like 'north-korea'), got {show(text)}"
                )
                if spec.refers_to:
                    self.bad_references.append((len(self.problems), text, spec.refers_to))
        elif kind == "enum":
            if text not in spec.choices:
                message = (
                    f"expected one of {', '.join(spec.choices)}; got {show(text)}"
                    f"{suggest(text, spec.choices)}"
                )
        elif kind == "date":
            value, message = read_date(text, self.today)
        elif kind == "url":
            message = url_problem(text)
        elif kind == "boolean":
            value = {"true": True, "false": False}.get(text) if node.plain else None
            if value is None:
                message = f"expected true or false, got {show(text)}"
        elif kind == "text" and (refused := text_problem(text)):
            message = refused
        elif spec.pattern and not re.fullmatch(spec.pattern, text):
            message = f"expected {spec.pattern_hint or 'text matching ' + spec.pattern}, got {show(text)}"
        if message:
            self.error(node, field_path, message)
            return _INVALID
        return value

    def convert_list(self, node: Node, spec: FieldSpec, field_path: str) -> Any:
        if self._not_a_list(node, field_path, "a list"):
            return _INVALID
        item_spec = FieldSpec(
            spec.name, "slug" if spec.type == "slug_list" else "text", spec.description, True,
            refers_to=spec.refers_to,
        )
        items: list[Any] = []
        seen: dict[str, str] | None = {} if spec.type == "slug_list" else None  # ids are listed once
        valid = True
        for index, item in enumerate(items_of(node)):
            value = self._list_entry(item, item_spec, f"{field_path}[{index}]", seen, f"[{index}]")
            if value is _INVALID:
                valid = False
            else:
                items.append(value)
        return tuple(items) if valid else _INVALID

    def _not_a_list(self, node: Node, field_path: str, expected: str) -> bool:
        """A list field that holds something else is an error; a lone value is shown in brackets."""
        if node.kind == "sequence":
            return False
        hint = f"; write it as [{node.value}]" if node.kind == "scalar" else ""
        self.error(node, field_path, f"expected {expected}, got {describe(node)}{hint}")
        return True

    def _list_entry(
        self, item: Node, spec: FieldSpec, path: str, seen: dict[str, str] | None, at: str
    ) -> Any:
        """One entry of a list (or of a hop): an empty, invalid or (with `seen`) repeated entry is
        an error and _INVALID; `at` names the entry in the repeat's message."""
        if is_null(item) or (item.kind == "scalar" and not str(item.value).strip()):
            self.error(item, path, "empty list entry; remove it or fill it in")
            return _INVALID
        value = self.convert(item, spec, path, None)
        if value is _INVALID or value is _ABSENT:
            return _INVALID
        if seen is not None:
            if value in seen:
                self.error(item, path, f"{show(value)} is listed twice (first at {seen[value]})")
                return _INVALID
            seen[value] = at
        return value

    def convert_hops(self, node: Node, spec: FieldSpec, field_path: str) -> Any:
        """Hops of a chain: `[a, [b, c]]` is a, then b and c side by side -> ((a,), (b, c))."""
        if self._not_a_list(node, field_path, "a list of actor ids"):
            return _INVALID
        slug = FieldSpec(spec.name, "slug", spec.description, True, refers_to=spec.refers_to)
        hops: list[tuple[str, ...]] = []
        seen: dict[str, str] = {}
        valid = True
        for index, item in enumerate(items_of(node)):
            item_path = f"{field_path}[{index}]"
            if item.kind == "mapping":
                self.error(item, item_path, "expected an actor id or a list of actor ids, got a mapping")
                valid = False
                continue
            members = items_of(item) if item.kind == "sequence" else [item]
            if item.kind == "sequence" and len(members) < 2:
                message = "a hop of several actors lists at least two; write one actor without brackets"
                self.error(item, item_path, message)
                valid = False
                continue
            hop = []
            for number, member in enumerate(members):
                member_path = f"{item_path}[{number}]" if item.kind == "sequence" else item_path
                if member.kind != "scalar":
                    self.error(member, member_path, f"expected an actor id, got {describe(member)}")
                    valid = False
                    continue
                at = member_path.removeprefix(field_path)
                value = self._list_entry(member, slug, member_path, seen, at)
                if value is _INVALID:
                    valid = False
                else:
                    hop.append(value)
            hops.append(tuple(hop))
        return tuple(hops) if valid else _INVALID

    def convert_records(self, node: Node, spec: FieldSpec, field_path: str, record: Located | None) -> Any:
        if node.kind != "sequence":
            self.error(node, field_path, f"expected a list of mappings, got {describe(node)}")
            return _INVALID
        assert spec.record is not None
        items = []
        for index, item in enumerate(items_of(node)):
            nested = self.read(item, spec.record, f"{field_path}[{index}]", record)
            if nested is not None and nested.obj is not None:
                items.append(nested.obj)
        if len(items_of(node)) < spec.min_items:
            self.error(node, field_path, "at least one entry is required")
            return _INVALID
        return tuple(items)

    def build(self, record: Located) -> Any:
        cls = MODEL_CLASSES.get(record.kind)
        if cls is None:  # the tags file is a container, not a model object
            return dict(record.values)
        kwargs = dict(record.values)
        if record.kind in _WITH_ORIGIN or record.kind in _ORIGIN_AT:
            name = _ORIGIN_AT.get(record.kind)
            at = (fields_of(record.node).get(name) if name else None) or record.node
            kwargs["origin"] = model.Origin(self.path, at.line, at.column)
        return cls(**kwargs)


@cache
def _reserved() -> frozenset[str]:
    return paths.reserved_ids()


def _reserved_message(name: str) -> str:
    return (
        f"'{name}' is a name the site uses for its own pages and folders (the reserved ids are "
        "listed in CONTRIBUTING.md); choose another id"
    )


_EXPECTED = {
    "text": "text",
    "slug": "an id",
    "date": "a date",
    "url": "a URL",
    "number": "a number",
    "enum": "one word from the list",
    "boolean": "true or false",
}
