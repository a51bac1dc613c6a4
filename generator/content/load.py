"""Find and read the files of content/, and parse each into a Document (content/parse.py).

Entries come from the file system or, for `factsheet diff`, from a git tree: links are never
followed, special files never opened, and no file is read beyond its size limit. What content/
may not hold is reported where it is, and the rest is read.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import FactsheetError, Problem, Severity
from .parse import MAX_FILE_BYTES, Node, parse_bytes, too_large

CONTENT_FOLDERS = ("sources", "actors", "sheets", "checks")  # checks/: written by `factsheet verify`


@dataclass(frozen=True)
class Document:
    """One content file: its path as shown to editors (relative, POSIX) and its tree."""

    path: str
    folder: str  # "sources", "actors", "sheets" or "" for a top-level file such as tags.yaml
    root: Node


# --- finding the files: the file system or a git tree, never following a link -----------------

EntryKind = Literal["file", "folder", "link", "special"]


@dataclass(frozen=True)
class Entry:
    """One thing under content/, found in the file system or in a git tree, not yet read.

    `parts` is its path below content/ (("sheets", "x.yaml")); names may hold any character.
    A file has its size and `read`, which returns its bytes, never more than MAX_FILE_BYTES + 1
    of them. A special entry (a named pipe, a device, a git submodule, a folder that cannot be
    listed) says what it is in `what`.
    """

    parts: tuple[str, ...]
    kind: EntryKind
    size: int = 0
    read: Callable[[], bytes] | None = None
    what: str = ""
    # A file's (mtime in ns, size, inode) when listed from the file system: `factsheet serve`
    # reads again only the files whose stamp changed.
    stamp: tuple[int, int, int] | None = None


class NotARegularFile(OSError):
    """A path that was a regular file when listed is something else when opened."""


def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most limit + 1 of them; never through a symbolic link.

    O_NOFOLLOW refuses a link put in place after the listing, O_NONBLOCK keeps a named pipe
    from blocking the open, and the open file is checked to be a regular file before reading:
    `/dev/zero` or a pipe is never read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file")
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


_SPECIAL = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def scan_folder(content_dir: Path) -> list[Entry]:
    """Every entry of content/ and of its record folders, links and special files included.

    Nothing is followed or opened: a link or a folder inside a record folder is listed, not
    entered. Raises FactsheetError when content/ itself is a symbolic link.
    """
    if content_dir.is_symlink():
        raise FactsheetError(
            f"the content folder '{content_dir}' is a symbolic link; links are not followed "
            "(one could lead outside the repository)"
        )
    entries: list[Entry] = []

    def listing(folder: Path, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as found:
                items = sorted(found, key=lambda item: item.name)
        except OSError as error:
            if not parts:
                why = error.strerror or str(error)
                raise FactsheetError(f"cannot list the content folder '{content_dir}': {why}") from None
            entries.append(Entry(parts, "special", what=f"cannot be listed: {error.strerror}"))
            return
        for item in items:
            here = (*parts, item.name)
            try:
                mode = item.stat(follow_symlinks=False).st_mode
            except OSError as error:
                entries.append(Entry(here, "special", what=f"cannot be read: {error.strerror}"))
                continue
            if stat.S_ISLNK(mode):
                entries.append(Entry(here, "link"))
            elif stat.S_ISDIR(mode):
                entries.append(Entry(here, "folder"))
                if not parts and item.name in CONTENT_FOLDERS:
                    listing(Path(item.path), here)
            elif stat.S_ISREG(mode):
                status = item.stat(follow_symlinks=False)
                stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
                read = functools.partial(read_limited, Path(item.path))
                entries.append(Entry(here, "file", status.st_size, read, stamp=stamp))
            else:
                what = _SPECIAL.get(stat.S_IFMT(mode), "not a regular file")
                entries.append(Entry(here, "special", what=what))

    listing(content_dir, ())
    return entries


def load_documents(content_dir: Path, root: Path | None = None) -> tuple[list[Document], list[Problem]]:
    """Load every file of content/; what cannot be read adds its problems and is left out.

    Paths are shown relative to `root` (default: the folder above content/).
    """
    return load_entries(scan_folder(content_dir), shown_prefix(content_dir, root))


def shown_prefix(content_dir: Path, root: Path | None = None) -> str:
    """How content/ is named in problems: relative to `root` (default: the folder above it)."""
    root = (root or content_dir.parent).resolve()
    resolved = content_dir.resolve() if not content_dir.is_symlink() else content_dir
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return content_dir.as_posix()


def shown_path(entry: Entry, prefix: str) -> str:
    return "/".join((prefix, *entry.parts)) if prefix else "/".join(entry.parts)


def load_entries(entries: Iterable[Entry], prefix: str = "content") -> tuple[list[Document], list[Problem]]:
    """Read and parse the content files among `entries`; every other entry is reported.

    What content/ may hold: `*.yaml` files at the top (tags.yaml; the validator names any
    other), and the folders sources/, actors/ and sheets/ holding `<id>.yaml` files. Refused,
    as errors: symbolic links, special files, folders anywhere else, `.yml` or upper-case
    `.YAML` names, files over 1 MiB and `.gitattributes` (it changes what git and GitHub show
    of the files beside it). Any other file is a warning: it is not read.
    """
    loaded: list[tuple[tuple[int, str], Document]] = []
    problems: list[Problem] = []
    for entry in entries:
        document, found = load_entry(entry, shown_path(entry, prefix))
        problems.extend(found)
        if document is not None:
            loaded.append((reading_order(entry), document))
    loaded.sort(key=lambda item: item[0])
    return [document for _, document in loaded], problems


def load_entry(entry: Entry, shown: str) -> tuple[Document | None, list[Problem]]:
    """One entry: its Document when it is a content file that parses, and its problems."""
    folder, problem = _triage(entry)
    if problem is not None:
        return None, [Problem(shown, 1, 1, problem[0], severity=problem[1])]
    if folder is None:
        return None, []
    return _load_entry(entry, shown, folder)


def reading_order(entry: Entry) -> tuple[int, str]:
    """Documents are validated top-level files first, then folder by folder, names sorted: the
    first of two records with one id is the one kept, whatever order the listing gave."""
    folder = entry.parts[0] if len(entry.parts) > 1 else ""
    return (CONTENT_FOLDERS.index(folder) + 1 if folder in CONTENT_FOLDERS else 0), entry.parts[-1]


def _triage(entry: Entry) -> tuple[str | None, tuple[str, Severity] | None]:
    """(the record folder to load the entry as, None), (None, (message, severity)) or (None, None)."""
    name = entry.parts[-1]
    top = len(entry.parts) == 1
    inside = "content/" if top else f"{entry.parts[0]}/"
    if entry.kind == "link":
        return None, (
            "is a symbolic link, and links are never followed (one could lead outside content/); "
            "put the file or folder itself here",
            "error",
        )
    if entry.kind == "special":
        if entry.what.startswith("cannot "):  # a folder or file the file system would not give us
            return None, (entry.what, "error")
        return None, (f"is {entry.what}; content/ holds only folders and YAML files", "error")
    if top and name in CONTENT_FOLDERS:
        if entry.kind == "folder":
            return None, None  # its files are entries of their own
        return None, (f"'{name}' must be a folder of {name[:-1]} files", "error")
    if entry.kind == "folder":
        if top:
            return None, (
                f"'{name}/' is not a content folder, and nothing in it is read: records go in "
                f"{', '.join(f + '/' for f in CONTENT_FOLDERS)}",
                "error",
            )
        return None, (
            f"a folder inside {inside} is not read; move the files it holds into content/{inside}",
            "error",
        )
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix == "yaml" and stem:
        return (entry.parts[0] if not top else ""), None
    if dot and suffix.lower() in ("yaml", "yml") and stem:
        return None, (f"content files end in '.yaml' (lower case); rename it to '{stem}.yaml'", "error")
    if name == ".gitattributes":
        return None, (
            "a .gitattributes file may not be in content/: it changes what git and GitHub show "
            "of the files beside it; remove it",
            "error",
        )
    return None, (f"not a content file ({inside} holds <id>.yaml files); it is not read", "warning")


def _load_entry(entry: Entry, shown: str, folder: str) -> tuple[Document | None, list[Problem]]:
    # Known from the listing, so an endless file (a device, a growing file) is never read.
    if entry.size > MAX_FILE_BYTES:
        return None, [too_large(shown, entry.size)]
    assert entry.read is not None
    try:
        data = entry.read()
    except OSError as error:
        return None, [Problem(shown, 1, 1, f"cannot read the file: {error.strerror or error}")]
    root, problems = parse_bytes(data, shown)
    if root is None:
        return None, problems
    return Document(shown, folder, root), problems


def load_file(path: Path, shown: str, folder: str = "") -> tuple[Document | None, list[Problem]]:
    """One file by its path (not a link, not a special file), as the loader reads content files."""
    try:
        data = read_limited(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, [Problem(shown, 1, 1, "is a symbolic link, and links are never followed")]
        return None, [Problem(shown, 1, 1, f"cannot read the file: {error.strerror or error}")]
    root, problems = parse_bytes(data, shown)
    if root is None:
        return None, problems
    return Document(shown, folder, root), problems
