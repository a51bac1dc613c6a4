"""The kinds of spec the field table (fields.py) is written in: a field's type, a FieldSpec per
field, a RecordSpec per kind of record, and the conditions between fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldType = Literal[
    "text",  # any scalar, kept as typed (stripped); `no`, `on`, `1.10` stay text
    "slug",  # an id: [a-z0-9]+(-[a-z0-9]+)*
    "slug_list",  # a list of ids
    "hops",  # a list whose items are an id or a list of ids
    "text_list",  # a list of texts
    "date",  # YYYY, YYYY-MM or YYYY-MM-DD, a real date, not in the future
    "url",  # http(s) with a host
    "number",  # an unquoted integer or decimal
    "boolean",  # an unquoted true or false
    "enum",  # one of `choices`
    "mapping",  # one nested record of kind `record`
    "mapping_list",  # a list of nested records of kind `record`
]

SLUG_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"


@dataclass(frozen=True)
class Condition:
    """`field` holds one of `values` (e.g. a claim's kind is figure)."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()  # for enum
    record: str | None = None  # for mapping and mapping_list: the nested record kind
    required_when: Condition | None = None  # required when the condition holds
    allowed_only_when: Condition | None = None  # refused unless the condition holds
    min_items: int = 0  # for lists
    pattern: str | None = None  # extra pattern a text must match (full match)
    pattern_hint: str = ""  # what the pattern asks for, for the error message ("a language tag ...")
    default: str | None = None  # what an absent optional field means, for docs
    needs: tuple[str, ...] = ()  # fields that must be set too when this one is (archived: archive_url)
    # For a list of records: fields every item must set when the condition holds on this record
    # (a figure claim's citations each carry a quote; the message is content/quotes.py's).
    items_need: tuple[str, ...] = ()
    items_need_when: Condition | None = None
    refers_to: str | None = None  # for ids of other records: "actor", "source", "claim", "tag", "metric"


@dataclass(frozen=True)
class RecordSpec:
    kind: str
    description: str
    fields: tuple[FieldSpec, ...]
    one_of: tuple[tuple[str, ...], ...] = ()  # groups of which at least one field is required

    def field(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)
