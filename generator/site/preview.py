"""The generator's side of `factsheet serve`: everything kept in memory, an edit costs what it shows.

`Preview.start` does what `generate` does (load, validate, index, render, write build/docs)
and keeps every file's tree and checked records, the model, the index and every rendered page.
`Preview.refresh` then re-reads only the content files whose size, time or inode changed, checks
them (the checks across files run on the kept records of the others), indexes, and renders
again only the pages that show what changed (`incremental.py`); it writes into build/docs only
the pages whose text differs, and says which. The data files, the feed and the redirects follow
in `refresh_other_files`, which the server runs once the browser has been told to reload.

History (git dates) is read once at the start: an edit is not a commit, so it changes no date
a full build would show either.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import paths
from ..content.history import History, read_history
from ..content.index import IndexCache, SiteIndex, build_index
from ..content.load import CONTENT_FOLDERS, Document, content_files, display_path, parse_bytes, stray_files
from ..content.model import Content
from ..content.records import RecordReader
from ..content.validate import combine_documents, read_document
from ..errors import ContentError, Problem, has_errors
from ..pages.registry import render_pages
from ..settings import Settings
from . import incremental
from .build import render_other_files
from .urls import PUBLISHED_FILE, check_published_urls
from .write import ASSETS_DIR, write_changed, write_pages

Signature = tuple[int, int, int]  # st_mtime_ns, st_size, st_ino


@dataclass
class _File:
    """One content file as last read."""

    signature: Signature
    data: bytes
    document: Document | None
    problems: list[Problem]  # from loading it
    reader: RecordReader | None  # its records, checked on their own


@dataclass
class Refresh:
    """What one refresh did: the content files read, the pages written and removed."""

    files: list[str]
    written: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    everything: bool = False  # every page was rendered (tags.yaml, or a page kind serve does not know)
    seconds: dict[str, float] = field(default_factory=dict)  # CPU seconds by step
    problems: list[Problem] = field(default_factory=list)  # warnings (errors raise ContentError)


class Preview:
    def __init__(
        self, root: Path, content_dir: Path, docs_dir: Path, settings: Settings | None = None
    ) -> None:
        self.root = Path(root).resolve()
        self.content_dir = Path(content_dir).resolve()
        self.docs_dir = Path(docs_dir)
        self.settings = settings or Settings.from_env()
        self.files: dict[str, _File] = {}  # by path (as content_files gives it)
        self._strays: tuple[tuple[int, ...], list[Problem]] = ((), [])
        self._listed: list[tuple[str, str]] | None = None  # the content files of this refresh
        self.history = History()
        self.content = Content()
        self.index: SiteIndex | None = None
        self.index_cache = IndexCache()
        self.pages: dict[str, str] = {}  # every generated file, docs path -> text
        self.unknown_kinds = False  # pages the incremental renderer does not know: render all

    # ------------------------------------------------------------------ the first run

    def start(self) -> list[Problem]:
        """Read, check and render everything, write build/docs; raises ContentError on errors."""
        for path, folder in content_files(self.content_dir):
            self.files[str(path)] = self._read(path, folder)
        content, problems = self._check()
        if has_errors(problems):
            raise ContentError(problems)
        self.history = read_history(self.content_dir)
        index = build_index(content, self.index_cache)
        pages: dict[str, str] = dict(render_pages(index, self.settings, self.history))
        page_names = set(pages)
        pages.update(render_other_files(index, self.settings, self.history))
        check_published_urls(self.content_dir.parent / PUBLISHED_FILE, content, pages)  # type: ignore[arg-type]
        write_pages(self.docs_dir, pages)
        self.content, self.index, self.pages = content, index, pages
        self.unknown_kinds = bool(page_names - incremental.known_pages(index, page_names))
        return [p for p in problems if p.severity != "error"]

    # ------------------------------------------------------------------ after an edit

    def refresh(self, everything: bool = False) -> Refresh | None:
        """Bring build/docs up to date with content/ (pages only); None when nothing changed.
        Raises ContentError, keeping the last good pages, when the content has errors.
        `everything`: render every page (the generator's templates changed)."""
        assert self.index is not None, "start() first"
        clock: dict[str, float] = {}
        mark = time.process_time()

        def lap(step: str) -> None:
            nonlocal mark
            now = time.process_time()
            clock[step] = clock.get(step, 0.0) + now - mark
            mark = now

        read = self._read_changed()
        lap("read")
        if not read and not everything:
            return None
        content, problems = self._check()
        lap("check")
        if has_errors(problems):
            raise ContentError(problems)
        index = build_index(content, self.index_cache) if read else self.index
        lap("index")
        changed = incremental.changed_records(self.content, content)
        plan = incremental.pages_to_render(changed, self.index, index)
        plan.everything |= self.unknown_kinds or everything
        pages, gone = incremental.render_plan(plan, index, self.settings, self.history, self.pages)
        lap("render")
        written = {name: text for name, text in pages.items() if self.pages.get(name) != text}
        try:
            check_published_urls(self.content_dir.parent / PUBLISHED_FILE, content, {**self.pages, **pages})
        except Exception as error:  # a preview still shows the edit; the build will refuse it
            print(f"factsheet serve: warning: {error}", flush=True)
        write_changed(self.docs_dir, written, gone)
        for name in gone:
            self.pages.pop(name, None)
        self.pages.update(written)
        self.content, self.index = content, index
        lap("write")
        warnings = [p for p in problems if p.severity != "error"]
        return Refresh(read, set(written), gone, plan.everything, clock, warnings)

    def refresh_other_files(self) -> tuple[set[str], set[str]]:
        """The data files, the feed and the redirects, brought up to date: (written, removed)."""
        assert self.index is not None
        other = render_other_files(self.index, self.settings, self.history)
        before = {name for name in self.pages if not paths.is_page(name) and not name.startswith("assets/")}
        written = {name: data for name, data in other.items() if self.pages.get(name) != data}
        gone = before - other.keys()
        write_changed(self.docs_dir, written, gone)
        for name in gone:
            self.pages.pop(name, None)
        self.pages.update(written)
        return set(written), gone

    def refresh_assets(self) -> set[str]:
        """Copy the assets (site_templates/assets/) that changed into build/docs; their docs paths."""
        written = {}
        for path in sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file()):
            name = f"assets/{path.relative_to(ASSETS_DIR).as_posix()}"
            data = path.read_bytes()
            target = self.docs_dir / name
            if not target.is_file() or target.read_bytes() != data:
                written[name] = data
        write_changed(self.docs_dir, written, ())
        return set(written)

    # ------------------------------------------------------------------ content files

    def _read(
        self, path: Path, folder: str, data: bytes | None = None, signature: Signature | None = None
    ) -> _File:
        shown = display_path(path, self.root)
        if data is None:
            status = os.stat(path)
            signature = (status.st_mtime_ns, status.st_size, status.st_ino)
            data = path.read_bytes()
        tree, problems = parse_bytes(data, shown)  # as load_file, on the bytes already read
        document = Document(shown, folder, tree) if tree is not None else None
        reader = read_document(document, date.today()) if document is not None else None
        assert signature is not None
        return _File(signature, data, document, problems, reader)

    def _listing(self) -> list[tuple[str, str]]:
        """content_files, faster: (path, folder), in the same order (names sorted per folder)."""

        def yaml_names(folder: Path) -> list[str]:
            try:
                with os.scandir(folder) as entries:
                    return sorted(entry.name for entry in entries if entry.name.endswith(".yaml"))
            except FileNotFoundError:
                return []

        found = [(str(self.content_dir / name), "") for name in yaml_names(self.content_dir)]
        for folder in CONTENT_FOLDERS:
            found += [
                (str(self.content_dir / folder / name), folder)
                for name in yaml_names(self.content_dir / folder)
            ]
        return found

    def _read_changed(self) -> list[str]:
        """Read again the files that changed, were added or were removed; their shown paths."""
        changed: list[str] = []
        seen = set()
        self._listed = self._listing()
        for path, folder in self._listed:
            seen.add(path)
            try:
                status = os.stat(path)
            except OSError:
                continue
            signature = (status.st_mtime_ns, status.st_size, status.st_ino)
            known = self.files.get(path)
            if known is not None and known.signature == signature:
                continue
            data = Path(path).read_bytes()
            if known is not None and known.data == data:
                known.signature = signature  # touched, not changed
                continue
            self.files[path] = self._read(Path(path), folder, data, signature)
            changed.append(display_path(Path(path), self.root))
        for path in set(self.files) - seen:
            del self.files[path]
            changed.append(display_path(Path(path), self.root))
        return changed

    def _check(self) -> tuple[Content, list[Problem]]:
        problems: list[Problem] = []
        read = []
        unreadable = set()
        for path, _ in self._listed if self._listed is not None else self._listing():
            known = self.files.get(path)
            if known is None:
                continue
            problems += known.problems
            if known.document is None or known.reader is None:
                if any(p.severity == "error" for p in known.problems):
                    unreadable.add(display_path(Path(path), self.root))
                continue
            read.append((known.document, known.reader))
        content, found = combine_documents(read, unreadable)
        return content, sorted(problems + found + self._stray_files())

    def _stray_files(self) -> list[Problem]:
        """load.stray_files, looked for again only when a folder of content/ changed."""
        folders = [self.content_dir, *(self.content_dir / name for name in CONTENT_FOLDERS)]
        times = tuple(folder.stat().st_mtime_ns if folder.is_dir() else 0 for folder in folders)
        if times != self._strays[0]:
            self._strays = (times, stray_files(self.content_dir, self.root))
        return self._strays[1]
