"""The loader: safe YAML only, positions kept, every hazard refused at its line and column."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator.content.load import (
    Entry,
    NotARegularFile,
    load_documents,
    load_entries,
    read_limited,
    scan_folder,
)
from generator.content.parse import MAX_DEPTH, MAX_FILE_BYTES, USING_LIBYAML, Node, parse_bytes
from generator.errors import FactsheetError
from tests.factories import write

FIXTURES = Path(__file__).parent / "fixtures"
PARSERS = [pytest.param(False, id="pure-python"), pytest.param(True, id="libyaml")]


def refused(data: bytes, libyaml: bool = USING_LIBYAML) -> list[tuple[int, int, str]]:
    root, problems = parse_bytes(data, "f.yaml", libyaml=libyaml)
    assert root is None
    return [(p.line, p.column, p.message) for p in problems]


def parsed(data: bytes, libyaml: bool = USING_LIBYAML) -> Node:
    root, problems = parse_bytes(data, "f.yaml", libyaml=libyaml)
    assert problems == []
    assert root is not None
    return root


def test_libyaml_is_used_in_this_environment():
    # The speed claim of the loader rests on it; the locked PyYAML wheel ships it.
    assert USING_LIBYAML


@pytest.mark.parametrize("libyaml", PARSERS)
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"id: a\nname: b\nid: c\n", (3, 1, "duplicate key 'id' (first at line 1, column 1)")),
        (b"a:\n  b: 1\n  b: 2\n", (3, 3, "duplicate key 'b' (first at line 2, column 3)")),
        (b"id: &x a\n", (1, 5, "anchors (&x) are not allowed; write the value out")),
        (b"list: &l [a]\n", (1, 7, "anchors (&l) are not allowed; write the value out")),
        (b"id: a\nname: *x\n", (2, 7, "aliases (*x) are not allowed; write the value out")),
        (
            b"a: !!python/object/apply:os.system [ls]\n",
            (1, 4, "tags (!!python/object/apply:os.system) are not allowed; remove it"),
        ),
        (
            b"a: !!python/name:os.system\n",
            (1, 4, "tags (!!python/name:os.system) are not allowed; remove it"),
        ),
        (b"a: !secret x\n", (1, 4, "tags (!secret) are not allowed; remove it")),
        (b"a: !!str 600\n", (1, 4, "tags (!!str) are not allowed; remove it")),
        (b"a: !!binary aGk=\n", (1, 4, "tags (!!binary) are not allowed; remove it")),
        (b"a: b\n---\na: c\n", (2, 1, "a content file holds one YAML document; remove the second '---'")),
        (b"", (1, 1, "file is empty")),
        (b"# only a comment\n", (1, 1, "file is empty")),
        (b"a:\n\t- b\n", (2, 1, "tab used for indentation; indent with spaces")),
        (b"a:\n  b:\n  \tc: d\n", (3, 3, "tab used for indentation; indent with spaces")),
        (b"a: [1, 2]: b\n", (1, 4, "the text of 'a' holds ': ', which YAML reads as the start of a field: "
                                  "put the whole text in quotes")),
        (b"? [a]\n: b\n", (1, 3, "a mapping key must be plain text, not a list or mapping")),
        (b"a: b\nc: d\x07e\n", (2, 5, "control character U+0007 is not allowed; remove it")),
        (b"a: b\n\xff\n", (2, 1, "not valid UTF-8 (byte 0xff); save the file as UTF-8")),
        (b"name: Caf\xe9\n", (1, 10, "not valid UTF-8 (byte 0xe9); save the file as UTF-8")),
        (b"name: \xc3\xa9t\xc3\xa9 \xe8\n", (1, 11, "not valid UTF-8 (byte 0xe8); save the file as UTF-8")),
    ],
)
def test_hazard_is_refused_at_its_place(data, expected, libyaml):
    assert refused(data, libyaml) == [expected]


@pytest.mark.parametrize("libyaml", PARSERS)
@pytest.mark.parametrize(
    "key",
    [
        "on",
        "off",
        "yes",
        "no",
        "y",
        "N",
        "true",
        "False",
        "null",
        "~",
        "1",
        "-3",
        "1.5",
        "1:20",
        "0x1f",
        ".inf",
        "2025-04-30",
    ],
)
def test_keys_that_are_not_strings_in_yaml_1_1_are_refused(key, libyaml):
    data = f"id: a\n{key}: x\n".encode()
    assert refused(data, libyaml) == [
        (2, 1, f"key '{key}' is not a string in YAML 1.1; quote it if it is meant as text")
    ]


@pytest.mark.parametrize("libyaml", PARSERS)
def test_quoted_keys_are_text(libyaml):
    root = parsed(b"'on': a\n\"1\": b\nonly: c\n", libyaml)
    assert list(root.value) == ["on", "1", "only"]


@pytest.mark.parametrize("libyaml", PARSERS)
def test_scalars_stay_text_whatever_yaml_1_1_would_make_of_them(libyaml):
    root = parsed(b"a: no\nb: on\nc: 1:20\nd: 1.10\ne: 2025-04-30\nf: 0x10\ng: ~\nh: 1e3\ni: .nan\n", libyaml)
    values = {key: node.value for key, node in root.value.items()}
    assert values == {
        "a": "no",
        "b": "on",
        "c": "1:20",
        "d": "1.10",
        "e": "2025-04-30",
        "f": "0x10",
        "g": "~",
        "h": "1e3",
        "i": ".nan",
    }


@pytest.mark.parametrize("libyaml", PARSERS)
def test_plain_marks_only_unquoted_flow_scalars(libyaml):
    root = parsed(b"a: 600\nb: '600'\nc: \"600\"\nd: |\n  600\ne: >\n  600\n", libyaml)
    assert {key: node.plain for key, node in root.value.items()} == {
        "a": True,
        "b": False,
        "c": False,
        "d": False,
        "e": False,
    }


@pytest.mark.parametrize("libyaml", PARSERS)
def test_positions_of_nodes_and_keys(libyaml):
    root = parsed(b"id: a\nlist:\n  - x\n  - {k: v}\n", libyaml)
    assert (root.line, root.column) == (1, 1)
    assert root.keys == {"id": (1, 1), "list": (2, 1)}
    items = root.value["list"]
    assert (items.kind, items.line, items.column) == ("sequence", 3, 3)
    assert [(n.line, n.column) for n in items.value] == [(3, 5), (4, 5)]
    assert items.value[1].keys == {"k": (4, 6)}
    assert (items.value[1].value["k"].line, items.value[1].value["k"].column) == (4, 9)


@pytest.mark.parametrize("libyaml", PARSERS)
def test_a_byte_order_mark_is_fine_and_does_not_shift_columns(libyaml):
    root = parsed(b"\xef\xbb\xbfid: a\nname: b\n", libyaml)
    assert root.keys == {"id": (1, 1), "name": (2, 1)}
    assert root.value["id"].column == 5


@pytest.mark.parametrize("libyaml", PARSERS)
def test_a_tab_inside_a_value_is_not_indentation(libyaml):
    # (The pure-Python scanner refuses a tab inside a *plain* scalar; libyaml accepts it.)
    root = parsed(b"a: 'x\ty'\nb: \"p\\tq\"\n", libyaml)
    assert [node.value for node in root.value.values()] == ["x\ty", "p\tq"]


@pytest.mark.parametrize("libyaml", PARSERS)
def test_one_explicit_document_start_is_fine(libyaml):
    assert parsed(b"---\na: b\n", libyaml).value["a"].value == "b"


@pytest.mark.parametrize("libyaml", PARSERS)
def test_nesting_is_limited(libyaml):
    deepest_allowed = "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1)
    parsed(f"a: {deepest_allowed}\n".encode(), libyaml)  # the mapping is level 1
    too_deep = "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH
    assert refused(f"a: {too_deep}\n".encode(), libyaml) == [
        (1, 3 + MAX_DEPTH, "nested deeper than 20 levels")
    ]


def test_files_over_one_mebibyte_are_refused_before_parsing():
    exactly = b"a: b\n#" + b"x" * (MAX_FILE_BYTES - 7) + b"\n"
    assert len(exactly) == MAX_FILE_BYTES
    root, problems = parse_bytes(exactly, "f.yaml")
    assert problems == [] and root is not None
    assert refused(exactly + b"\n") == [
        (1, 1, "file is 1,048,577 bytes; the limit is 1,048,576 (1 MiB): split it")
    ]


def every_fixture_file() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*.yaml") if p.is_file())


def test_there_are_fixture_files_to_compare():
    assert len(every_fixture_file()) > 100


@pytest.mark.parametrize("path", every_fixture_file(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_libyaml_and_pure_python_agree_on_every_fixture(path):
    data = path.read_bytes()
    fast_root, fast = parse_bytes(data, "f.yaml", libyaml=True)
    slow_root, slow = parse_bytes(data, "f.yaml", libyaml=False)
    assert fast_root == slow_root  # same tree, same positions, same plain flags
    assert [(p.line, p.column) for p in fast] == [(p.line, p.column) for p in slow]
    # The parsers word syntax errors differently; everything we say ourselves is the same.
    assert [p.message for p in fast if "YAML syntax" not in p.message] == [
        p.message for p in slow if "YAML syntax" not in p.message
    ]


def test_load_documents_reads_every_folder_in_order_and_reports_unreadable_files(tmp_path):
    write(
        tmp_path,
        {
            "content/tags.yaml": "tags: []\n",
            "content/sources/b.yaml": "id: b\n",
            "content/sources/a.yaml": "id: a\n",
            "content/actors/x.yaml": "id: x\n",
            "content/sheets/s.yaml": "id: s\n",
            "content/sheets/broken.yaml": "id: [s\n",
            "content/sheets/old.yml": "id: old\n",
            "content/sources/nested/deeper.yaml": "id: not-read\n",
        },
    )
    content = tmp_path / "content"
    (content / "actors" / "folder.yaml").mkdir()  # a folder that looks like a file
    documents, problems = load_documents(content)
    assert [(d.path, d.folder) for d in documents] == [
        ("content/tags.yaml", ""),
        ("content/sources/a.yaml", "sources"),
        ("content/sources/b.yaml", "sources"),
        ("content/actors/x.yaml", "actors"),
        ("content/sheets/s.yaml", "sheets"),
    ]
    assert [(p.path, p.line, p.column, p.severity, p.message) for p in problems] == [
        ("content/actors/folder.yaml", 1, 1, "error",
         "a folder inside actors/ is not read; move the files it holds into content/actors/"),
        ("content/sheets/broken.yaml", 1, 5, "error", problems[1].message),  # the '[' never closed
        ("content/sheets/old.yml", 1, 1, "error",
         "content files end in '.yaml' (lower case); rename it to 'old.yaml'"),
        ("content/sources/nested", 1, 1, "error",
         "a folder inside sources/ is not read; move the files it holds into content/sources/"),
    ]  # fmt: skip


def test_paths_are_shown_relative_to_the_folder_above_content(tmp_path):
    write(tmp_path, {"site/content/actors/x.yaml": "id: [x\n"})
    _, problems = load_documents(tmp_path / "site" / "content")
    assert [p.path for p in problems] == ["content/actors/x.yaml"]


# --- what is read, and how: never through a link, never a special file, never past the limit ---


def test_read_limited_stops_one_byte_past_the_limit(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * (MAX_FILE_BYTES + 4096))
    assert len(read_limited(big)) == MAX_FILE_BYTES + 1
    assert read_limited(big, limit=10) == b"x" * 11


def test_read_limited_never_follows_a_link_nor_reads_a_device_or_a_pipe(tmp_path):
    target = tmp_path / "target.yaml"
    target.write_text("id: x\n")
    (tmp_path / "link.yaml").symlink_to(target)
    with pytest.raises(OSError) as raised:
        read_limited(tmp_path / "link.yaml")
    assert raised.value.errno == errno.ELOOP
    with pytest.raises(NotARegularFile):
        read_limited(Path("/dev/zero"))
    os.mkfifo(tmp_path / "pipe.yaml")  # opened without blocking, then refused unread
    with pytest.raises(NotARegularFile):
        read_limited(tmp_path / "pipe.yaml")


def test_scan_lists_links_and_folders_without_entering_them(tmp_path):
    write(tmp_path, {"content/sheets/a.yaml": "id: a\n", "content/sheets/sub/b.yaml": "id: b\n",
                     "content/notes/c.yaml": "id: c\n"})  # fmt: skip
    content = tmp_path / "content"
    (content / "sheets" / "loop.yaml").symlink_to("loop.yaml")
    (content / "sources").symlink_to(tmp_path)
    found = {entry.parts: entry.kind for entry in scan_folder(content)}
    assert found == {
        ("notes",): "folder",  # listed, not entered: its files are not content
        ("sheets",): "folder",
        ("sheets", "a.yaml"): "file",
        ("sheets", "loop.yaml"): "link",
        ("sheets", "sub"): "folder",
        ("sources",): "link",
    }


def test_a_content_folder_that_is_a_link_is_refused_as_a_whole(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "content").symlink_to(tmp_path / "real")
    with pytest.raises(FactsheetError, match="is a symbolic link"):
        load_documents(tmp_path / "content")


def test_entries_the_file_system_would_not_give_are_errors_worded_as_such():
    entries = [
        Entry(("sheets",), "folder"),
        Entry(("sheets",), "special", what="cannot be listed: Permission denied"),
        Entry(("actors", "x.yaml"), "special", what="cannot be read: Input/output error"),
        Entry(("sources", "s.yaml"), "special", what="a socket"),
    ]
    documents, problems = load_entries(entries, "content")
    assert documents == []
    assert [(p.path, p.message) for p in problems] == [
        ("content/sheets", "cannot be listed: Permission denied"),
        ("content/actors/x.yaml", "cannot be read: Input/output error"),
        ("content/sources/s.yaml", "is a socket; content/ holds only folders and YAML files"),
    ]
