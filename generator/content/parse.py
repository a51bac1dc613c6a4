"""Bytes of one content file -> its position-marked YAML tree, refusing every YAML feature we do
not need.

The tree is built from the parser's event stream instead of letting PyYAML construct Python
objects: scalars stay text (YAML 1.1 would turn `no` into False, `1:20` into 80 and `2025-04-30`
into a date), anchors, aliases and tags are refused, and every node keeps its line and column so
the validator can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from ..errors import Problem, one_line
from .syntax import explain as explain_syntax_error

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 20

# Line breaks to YAML that editors and GitHub do not count: every line number after one would
# disagree with the editor's, so a file holding one raw is refused (at the editor's position).
_LINE_SEPARATORS = {"\x85": "U+0085 (next line)", "\u2028": "U+2028 (line separator)",
                    "\u2029": "U+2029 (paragraph separator)"}  # fmt: skip
_LINE_SEPARATOR = re.compile("[\x85\u2028\u2029]")

# libyaml's parser when PyYAML was built with it (faster: `make bench` measures it); positions are the same
# with both, which the tests check by parsing every fixture both ways.
USING_LIBYAML = hasattr(yaml, "CBaseLoader")

# Plain scalars that YAML 1.1 resolves to something other than a string: such a mapping key
# would be a bool, a number or null in any other YAML tool, so it is refused as a key.
_NON_STRING_KEY = re.compile(
    r"""^(?:~|null|Null|NULL|
    y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|
    [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])*|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|
    [-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|
    [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$""",
    re.VERBOSE,
)


# Not frozen: a frozen dataclass sets each field through object.__setattr__, a cost paid for every
# node of every file. Nothing mutates a node.
@dataclass(slots=True)
class Node:
    """One YAML node with its 1-based position.

    `value` is the text of a scalar, a list of nodes for a sequence, and a dict from key text
    to node for a mapping (keys are always strings; `keys` keeps their own positions).
    `plain` is True for an unquoted, non-block scalar: only those may be read as numbers.
    """

    kind: Literal["scalar", "sequence", "mapping"]
    value: str | list[Node] | dict[str, Node]
    line: int
    column: int
    plain: bool = False
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(slots=True)
class _Open:
    """A sequence or mapping whose end event has not come yet."""

    kind: Literal["sequence", "mapping"]
    value: list[Node] | dict[str, Node]
    line: int
    column: int
    key: str | None = None  # a mapping's key waiting for its value
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)  # where each key was written


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def parse_bytes(data: bytes, shown: str, libyaml: bool = USING_LIBYAML) -> tuple[Node | None, list[Problem]]:
    """Bytes of one file -> its tree, or the located problems that stop it being read."""
    if len(data) > MAX_FILE_BYTES:
        return None, [too_large(shown, len(data))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position_of_byte(data, error.start)
        return None, [
            Problem(
                shown,
                line,
                column,
                f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            )
        ]
    separator = _LINE_SEPARATOR.search(text)
    if separator:
        line, column = _position_in_text(text, separator.start())
        name = _LINE_SEPARATORS[separator.group()]
        return None, [
            Problem(shown, line, column, f"{name} is a line break to YAML but not to editors; remove it")
        ]
    tab = _tab_indentation(text)
    if tab:
        return None, [Problem(shown, tab[0], tab[1], "tab used for indentation; indent with spaces")]
    try:
        root = _compose(text, libyaml)
    except _Refused as refused:
        return None, [Problem(shown, refused.line, refused.column, refused.message)]
    except yaml.MarkedYAMLError as error:  # in plain words, where the editor made the mistake
        explained = explain_syntax_error(text, error, libyaml)
        return None, [Problem(shown, explained.line, explained.column, explained.message)]
    except yaml.reader.ReaderError as error:  # a control character; `position` indexes the text
        line, column = _position_in_text(text, error.position)
        what = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        return None, [Problem(shown, line, column, f"control character {what} is not allowed; remove it")]
    except yaml.YAMLError as error:
        return None, [Problem(shown, 1, 1, f"YAML: {one_line(str(error))}")]
    if root is None:
        return None, [Problem(shown, 1, 1, "file is empty")]
    return root, []


def too_large(shown: str, size: int) -> Problem:
    return Problem(shown, 1, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB): split it")


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


def _position_in_text(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _tab_indentation(text: str) -> tuple[int, int] | None:
    if "\t" not in text:  # the usual case: no need to look at each line
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent] and line.strip():
            return number, line.index("\t") + 1
    return None


def _compose(text: str, libyaml: bool) -> Node | None:
    """Build the tree from parser events; refuse documents, anchors, tags and deep nesting."""
    # yaml.parse wants a Loader class; a parser-only one is enough and avoids constructors.
    loader = yaml.CBaseLoader if libyaml else yaml.BaseLoader  # type: ignore[attr-defined]
    # Typed as Any: PyYAML's stubs give events no attributes and marks as optional.
    events: Any = yaml.parse(text, Loader=loader)
    root: Node | None = None
    stack: list[_Open] = []
    documents = 0
    # Dispatch on the exact event class (the parsers create no subclasses): one `is` test per
    # event instead of a chain of isinstance calls.
    scalar_event, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

    for event in events:
        event_type = type(event)
        if event_type is scalar_event or event_type is mapping_start or event_type is sequence_start:
            mark = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            if event.anchor is not None:
                raise _Refused(
                    line, column, f"anchors (&{event.anchor}) are not allowed; write the value out"
                )
            if event.tag is not None:
                shown_tag = event.tag.replace("tag:yaml.org,2002:", "!!")  # as the editor typed it
                raise _Refused(line, column, f"tags ({shown_tag}) are not allowed; remove it")
            if event_type is not scalar_event:
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(line, column, f"nested deeper than {MAX_DEPTH} levels")
                if event_type is sequence_start:
                    stack.append(_Open("sequence", [], line, column))
                else:
                    stack.append(_Open("mapping", {}, line, column))
                continue
            node = Node("scalar", event.value, line, column, event.style in (None, ""))
        elif event_type in collection_end:
            done = stack.pop()
            node = Node(done.kind, done.value, done.line, done.column, keys=done.keys)
        elif event_type is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                raise _Refused(
                    mark.line + 1,
                    mark.column + 1,
                    "a content file holds one YAML document; remove the second '---'",
                )
            continue
        elif event_type is yaml.AliasEvent:
            mark = event.start_mark
            raise _Refused(
                mark.line + 1,
                mark.column + 1,
                f"aliases (*{event.anchor}) are not allowed; write the value out",
            )
        else:  # stream and document ends
            continue

        # Attach the finished node to the collection that holds it.
        if not stack:
            root = node
            continue
        top = stack[-1]
        if isinstance(top.value, list):
            top.value.append(node)
        elif top.key is None:  # this node is a key
            if node.kind != "scalar":
                raise _Refused(
                    node.line, node.column, "a mapping key must be plain text, not a list or mapping"
                )
            key = str(node.value)
            if node.plain and _NON_STRING_KEY.match(key):
                raise _Refused(
                    node.line,
                    node.column,
                    f"key {key!r} is not a string in YAML 1.1; quote it if it is meant as text",
                )
            if key in top.value:
                first = top.keys[key]
                raise _Refused(
                    node.line,
                    node.column,
                    f"duplicate key {key!r} (first at line {first[0]}, column {first[1]})",
                )
            top.key = key
            top.keys[key] = (node.line, node.column)
        else:
            top.value[top.key] = node
            top.key = None
    return root
