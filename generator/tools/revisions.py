"""The content folder at a git revision, read from git's objects as they are stored, and validated.

Trees are listed and blobs read raw, never through `git archive` (whose output the revision's
own .gitattributes shape): `factsheet diff` compares two such sides, and `factsheet verify
--changed` reads the quotes its base cited.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..content import model
from ..content.load import CONTENT_FOLDERS, Entry, load_entries
from ..content.parse import MAX_FILE_BYTES
from ..content.validate import validate_documents
from ..errors import FactsheetError, Problem


class RevisionError(FactsheetError):
    """A revision or the repository cannot be read."""


@dataclass(frozen=True)
class Side:
    """The content at a revision (or in the working tree), validated, with every problem found."""

    label: str
    content: model.Content
    problems: list[Problem]


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False, timeout=120)
    except FileNotFoundError:
        raise RevisionError("git is not installed") from None


def repository_root(start: Path) -> Path:
    result = _git(start, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise RevisionError(f"'{start}' is not inside a git repository")
    return Path(result.stdout.decode().strip())


def resolve_commit(repo: Path, revision: str) -> str:
    """The commit a revision names, as its full object id (never read as an option)."""
    if revision.startswith("-") or not revision.strip():
        raise RevisionError(f"'{revision}' is not a revision")
    result = _git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if result.returncode != 0:
        raise RevisionError(f"unknown revision '{revision}' (fetch the history: git fetch --unshallow)")
    return result.stdout.decode("ascii", errors="replace").strip()


_BLOB_MODES = ("100644", "100755")


@dataclass(frozen=True)
class _TreeItem:
    mode: str
    oid: str
    size: int
    name: str


def _tree(repo: Path, treeish: str) -> list[_TreeItem]:
    """One tree's entries, names as stored (any bytes), sizes of blobs; [] when it is no tree."""
    result = _git(repo, "ls-tree", "-z", "-l", "--full-tree", treeish)
    if result.returncode != 0:
        return []
    items = []
    for record in result.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, _, oid, size = meta.decode("ascii", errors="replace").split(maxsplit=3)
        items.append(_TreeItem(mode, oid, int(size) if size.isdigit() else 0,
                               name.decode("utf-8", errors="surrogateescape")))  # fmt: skip
    return items


def _entry(parts: tuple[str, ...], item: _TreeItem, blobs: dict[str, bytes]) -> Entry:
    if item.mode == "040000":
        return Entry(parts, "folder")
    if item.mode in _BLOB_MODES:
        return Entry(parts, "file", item.size, lambda: blobs[item.oid])
    if item.mode == "120000":
        return Entry(parts, "link")
    return Entry(parts, "special", what="a git submodule" if item.mode == "160000" else "not a regular file")


def _read_blobs(repo: Path, oids: list[str]) -> dict[str, bytes]:
    """The raw bytes of blobs, in one `git cat-file --batch` (no attributes, filters or textconv)."""
    if not oids:
        return {}
    try:
        result = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch"], capture_output=True,
                                input="".join(f"{oid}\n" for oid in oids).encode("ascii"), check=False,
                                timeout=120)  # fmt: skip
    except FileNotFoundError:
        raise RevisionError("git is not installed") from None
    blobs: dict[str, bytes] = {}
    data, position = result.stdout, 0
    for oid in oids:
        end = data.find(b"\n", position)
        header = data[position:end].split()
        if end < 0 or len(header) != 3 or header[1] != b"blob":
            raise RevisionError(f"git cat-file could not read the object {oid}")
        size = int(header[2])
        blobs[oid] = data[end + 1 : end + 1 + size]
        position = end + 1 + size + 1
    return blobs


def revision_entries(repo: Path, commit: str, content_path: str) -> list[Entry]:
    """What the content folder holds at `commit`, read from git's objects as they are stored.

    Never `git archive`, which obeys the revision's own .gitattributes (export-ignore dropped a
    sheet from the summary) and writes links to disk: trees are listed and blobs read raw, and
    the loader refuses links, submodules and stray folders as it does in the working tree.
    An absent folder is empty.
    """
    parent, _, name = content_path.rpartition("/")
    found = next((item for item in _tree(repo, f"{commit}:{parent}" if parent else commit)
                  if item.name == name), None)  # fmt: skip
    if found is None:
        return []
    if found.mode != "040000":
        what = "a symbolic link" if found.mode == "120000" else "not a folder"
        raise RevisionError(
            f"'{content_path}' is {what} at {commit[:12]}; the content folder must be a folder"
        )
    listed: list[tuple[tuple[str, ...], _TreeItem]] = []
    for item in _tree(repo, found.oid):
        listed.append(((item.name,), item))
        if item.mode == "040000" and item.name in CONTENT_FOLDERS:
            listed += [((item.name, inner.name), inner) for inner in _tree(repo, item.oid)]
    wanted = [item.oid for _, item in listed if item.mode in _BLOB_MODES and item.size <= MAX_FILE_BYTES]
    blobs = _read_blobs(repo, list(dict.fromkeys(wanted)))  # a larger file is refused by its size
    return [_entry(parts, item, blobs) for parts, item in listed]


def read_side(label: str, entries: list[Entry], prefix: str) -> Side:
    documents, problems = load_entries(entries, prefix)
    content, found = validate_documents(documents)
    return Side(label, content, sorted(problems + found))


def short_name(repo: Path, revision: str) -> str:
    result = _git(repo, "rev-parse", "--short", revision)
    short = result.stdout.decode().strip()
    return short if result.returncode == 0 and short and short != revision else revision
