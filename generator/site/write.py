"""Write generated pages into the docs folder: only what changed, atomically, nothing outside it.

Rewriting only changed files keeps `mkdocs serve` from rebuilding for nothing and keeps file
times meaningful; writing through a temporary file and `os.replace` means a reader (MkDocs,
a browser) never sees half a page. Files the generator no longer produces are removed, so a
deleted sheet does not linger on the site.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import paths
from ..errors import BuildError

ASSETS_DIR = Path(__file__).resolve().parents[2] / "site_templates" / "assets"
# Written into the docs folder so that a later run knows which files it made (and may delete).
MANIFEST_NAME = ".factsheet-manifest"


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]  # docs-relative POSIX paths, sorted
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def write_pages(
    out_dir: Path, pages: Mapping[str, str | bytes], assets_dir: Path | None = ASSETS_DIR
) -> WriteReport:
    """Make out_dir hold exactly `pages` (docs-relative path -> text or bytes) plus the assets.

    Only files written by an earlier run (listed in the manifest) are ever removed.
    """
    out_dir = Path(out_dir)
    files: dict[str, str | bytes] = {}
    for name, data in pages.items():
        # Kept as given and encoded one file at a time below: encoding every page up front
        # would hold a second copy of the whole rendered site in memory.
        files[_checked_path(name)] = data
    if assets_dir is not None and assets_dir.is_dir():
        for path in sorted(p for p in assets_dir.rglob("*") if p.is_file()):
            files.setdefault(paths.asset_file(path.relative_to(assets_dir).as_posix()), path.read_bytes())

    out_dir.mkdir(parents=True, exist_ok=True)
    folders_made: set[Path] = {out_dir}
    chmod = bool(_umask() & 0o644)  # a umask that clears none of 0644's bits needs no fchmod
    written, unchanged = [], []
    for name in sorted(files):
        target = out_dir / name
        given = files[name]
        data = given.encode("utf-8") if isinstance(given, str) else given
        # One lstat per file: a file of another size has changed without reading it; only a
        # regular file of the same size is read and compared.
        try:
            status = os.lstat(target)
        except FileNotFoundError:
            status = None
        if (
            status is not None
            and stat.S_ISREG(status.st_mode)
            and status.st_size == len(data)
            and target.read_bytes() == data
        ):
            unchanged.append(name)
            continue
        if status is not None and (stat.S_ISLNK(status.st_mode) or stat.S_ISDIR(status.st_mode)):
            raise BuildError(f"refusing to replace {target}: it is a symbolic link or a folder")
        if target.parent not in folders_made:  # one mkdir per folder, not per file
            target.parent.mkdir(parents=True, exist_ok=True)
            folders_made.add(target.parent)
        if status is None:
            _write_new(target, data, chmod)
        else:
            _write_atomically(target, data, checked=True)
        written.append(name)

    removed = []
    for name in sorted(_read_manifest(out_dir) - files.keys()):
        target = out_dir / name
        if target.is_file() and not target.is_symlink():
            target.unlink()
            removed.append(name)
            _remove_empty_parents(target.parent, out_dir)
    manifest = "".join(f"{name}\n" for name in sorted(files)).encode("utf-8")
    manifest_path = out_dir / MANIFEST_NAME
    if not manifest_path.is_file() or manifest_path.read_bytes() != manifest:
        _write_atomically(manifest_path, manifest)
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def write_changed(out_dir: Path, changed: Mapping[str, str | bytes], removed: Iterable[str]) -> None:
    """Write these files and remove those (docs-relative paths), as `write_pages` would, and
    keep the manifest: the preview (`factsheet serve`) writes only what an edit changed."""
    out_dir = Path(out_dir)
    names = _read_manifest(out_dir)
    for name in sorted(changed):
        target = out_dir / _checked_path(name)
        given = changed[name]
        _write_atomically(target, given.encode("utf-8") if isinstance(given, str) else given)
        names.add(name)
    for name in sorted(removed):
        target = out_dir / _checked_path(name)
        names.discard(name)
        if target.is_file() and not target.is_symlink():
            target.unlink()
            _remove_empty_parents(target.parent, out_dir)
    _write_atomically(out_dir / MANIFEST_NAME, "".join(f"{name}\n" for name in sorted(names)).encode("utf-8"))


def _checked_path(name: str) -> str:
    """A page path must stay inside the docs folder: relative, no `..`, no backslashes."""
    path = PurePosixPath(name)
    if not name or "\\" in name or path.is_absolute() or ".." in path.parts or path.as_posix() != name:
        raise BuildError(f"refusing to write a page outside the docs folder: {name!r}")
    if name == MANIFEST_NAME:
        raise BuildError(f"{name!r} is reserved for the generator's list of written files")
    return name


def _read_manifest(out_dir: Path) -> set[str]:
    path = out_dir / MANIFEST_NAME
    if not path.is_file():
        return set()
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            names.add(_checked_path(line))
        except BuildError:
            continue  # a tampered manifest may never make us delete outside out_dir
    return names


def _write_atomically(target: Path, data: bytes, checked: bool = False) -> None:
    """Replace target with data. `checked`: the caller has made the folder and refused links and folders."""
    if not checked:
        if target.is_symlink() or target.is_dir():
            raise BuildError(f"refusing to replace {target}: it is a symbolic link or a folder")
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _write_new(target: Path, data: bytes, chmod: bool = True) -> None:
    """Create a file that did not exist, directly (no temporary file and rename).

    A half-written NEW file replaces nothing valid, and MkDocs reads the docs folder only after
    generate() returns (the serve watcher rebuilds again after the last write). Replacing an
    existing file still goes through a temporary file and os.replace: that is what atomicity
    protects. Most of the write stage's kernel time went into the temporary files.
    """
    try:
        # O_EXCL: never follow a link or clobber a file made meanwhile; O_NOFOLLOW for good measure.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        _write_atomically(target, data)
        return
    try:
        if chmod:  # as _write_atomically: 0644 whatever the umask (write_pages: unless it keeps 0644)
            os.fchmod(fd, 0o644)
        # The descriptor written directly: a file object would add a seek, a terminal check and
        # a status call, for each of thousands of files.
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        target.unlink(missing_ok=True)
        raise
    os.close(fd)


def _umask() -> int:
    """The process's umask (read by setting it, so set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_empty_parents(folder: Path, out_dir: Path) -> None:
    out_dir = out_dir.resolve()
    folder = folder.resolve()
    while folder != out_dir and out_dir in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty
        folder = folder.parent
