"""Every field of every view a template gets is used by a template (as Datasette's
test_template_context.py does for its context).

The real content and the valid and hostile fixtures are rendered through the page registry
with each template's context wrapped in a recording proxy: every dataclass reached from it,
in fields, tuples and dicts, records the fields the templates read. A field no template reads
is dead: remove it, and the code that fills it.
"""

from __future__ import annotations

import dataclasses
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks import synth
from generator.content.history import Commit, FileChange, History, read_history
from generator.content.index import build_index
from generator.content.validate import check_content
from generator.pages import actors, environment, home, sources, tags
from generator.pages.changes import SHEET_LOG_LIMIT, SITE_LOG_LIMIT
from generator.pages.registry import render_pages
from generator.settings import Settings
from tests.factories import FIXTURES, ROOT

CONTENT = {
    "real": ROOT / "content",
    "valid": FIXTURES / "valid" / "content",
    "hostile": FIXTURES / "hostile" / "content",
}
SETTINGS = Settings(repo_url="https://github.com/example/factsheet", site_url="https://example.org/facts/")


class Recorder:
    """Wraps a template's context; remembers which fields of which view classes were read."""

    def __init__(self) -> None:
        self.reached: set[type] = set()
        self.read: dict[type, set[str]] = defaultdict(set)
        self.templates: set[str] = set()

    def wrap(self, value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            self.reached.add(type(value))
            return _Recording(value, self)
        if type(value) is tuple:
            return tuple(self.wrap(item) for item in value)
        if type(value) is list:
            return [self.wrap(item) for item in value]
        if type(value) is dict:
            return {key: self.wrap(item) for key, item in value.items()}
        return value  # text, numbers, None, Markup: as they are

    def unread(self) -> dict[str, list[str]]:
        return {
            cls.__name__: missing
            for cls in sorted(self.reached, key=lambda c: c.__name__)
            if (missing := [f.name for f in dataclasses.fields(cls) if f.name not in self.read[cls]])
        }


class _Recording:
    """A dataclass instance as a template sees it; a read of a field is recorded."""

    __slots__ = ("_recorder", "_target")

    def __init__(self, target: Any, recorder: Recorder) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_recorder", recorder)

    def __getattr__(self, name: str) -> Any:
        target = object.__getattribute__(self, "_target")
        recorder = object.__getattribute__(self, "_recorder")
        value = getattr(target, name)  # AttributeError for what the view does not have
        if name in {f.name for f in dataclasses.fields(target)}:
            recorder.read[type(target)].add(name)
            return recorder.wrap(value)
        return value  # a method or property: not a field


def _render_recorded(monkeypatch: pytest.MonkeyPatch, content_dir: Path, history: History) -> Recorder:
    content, problems = check_content(content_dir)  # today: the content is checked as `factsheet check` does
    assert content is not None, [p.format() for p in problems]
    recorder = Recorder()
    original = environment.render_page

    def render_page(template: str, context: Any, *args: Any, **kwargs: Any) -> str:
        recorder.templates.add(template)
        return original(template, recorder.wrap(context), *args, **kwargs)

    # Each page module bound render_page by name when it was imported.
    bound = [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("generator.") and getattr(module, "render_page", None) is original
    ]
    assert len(bound) >= 5, bound
    for module in bound:
        monkeypatch.setattr(module, "render_page", render_page)
    render_pages(build_index(content), SETTINGS, history)
    return recorder


def long_history() -> History:
    """More commits of the valid fixture's sheet than a sheet or the site's log lists (older ones show)."""
    start = datetime(2025, 6, 1, tzinfo=UTC)
    commits = tuple(
        Commit(f"{n:040x}", start - timedelta(days=n), f"Edit {n}",
               (FileChange("sheets/harbour-flood.yaml", lines_added=1, lines_removed=1),))
        for n in range(max(SHEET_LOG_LIMIT, SITE_LOG_LIMIT) + 3)
    )  # fmt: skip
    return History(changed={"sheets/harbour-flood.yaml": start}, latest=start, commits=commits, known=True)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Recorder]:
    histories = {"real": lambda folder: read_history(folder), "valid": lambda folder: long_history()}
    with pytest.MonkeyPatch.context() as monkeypatch:
        found = {
            name: _render_recorded(monkeypatch, folder, histories.get(name, lambda folder: History())(folder))
            for name, folder in CONTENT.items()
        }
        # Synthetic content with pages so short that every list is split into several.
        for module, name in SHORT_PAGES:
            monkeypatch.setattr(module, name, 1)
        paged = tmp_path_factory.mktemp("paged") / "content"
        synth.write_content(paged, 3)
        found["paged"] = _render_recorded(monkeypatch, paged, History())
        return found


SHORT_PAGES = [
    (home, "SHEETS_PER_PAGE"),
    (sources, "SOURCES_PER_PAGE"),
    (actors, "ACTORS_PER_PAGE"),
    (actors, "ACTOR_PAGE_LINES"),
    (tags, "TAG_ITEMS_PER_PAGE"),
]


def test_every_page_template_is_rendered(recorded):
    pages = {p.name for p in (ROOT / "site_templates").glob("*.md.j2") if not p.name.startswith("_")}
    rendered = set().union(*(r.templates for r in recorded.values()))
    assert pages <= rendered, f"not rendered by any content: {sorted(pages - rendered)}"


def test_templates_get_views_not_the_content_model(recorded):
    reached = set().union(*(r.reached for r in recorded.values()))
    model = sorted(cls.__qualname__ for cls in reached if cls.__module__.startswith("generator.content"))
    assert not model, f"templates get model or index objects: {model}"


def test_every_field_of_every_view_is_used_by_a_template(recorded):
    combined = Recorder()
    for recorder in recorded.values():
        combined.reached |= recorder.reached
        for cls, names in recorder.read.items():
            combined.read[cls] |= names
    assert len(combined.reached) >= 20, sorted(c.__qualname__ for c in combined.reached)
    unread = combined.unread()
    assert not unread, f"fields no template reads (remove them and what fills them): {unread}"


def test_the_recorder_sees_reads_inside_tuples_and_dicts():
    @dataclasses.dataclass(frozen=True)
    class Inner:
        used: str
        unused: str

    @dataclasses.dataclass(frozen=True)
    class Outer:
        items: tuple[Inner, ...]
        by_key: dict[str, Inner]

    recorder = Recorder()
    outer = recorder.wrap(Outer((Inner("a", "b"),), {"k": Inner("c", "d")}))
    assert [item.used for item in outer.items] == ["a"]
    assert outer.by_key["k"].used == "c"
    assert recorder.unread() == {"Inner": ["unused"]}
