"""The preview (`factsheet serve`, issue 15): after each edit, what it renders again and writes
is exactly what a full run would produce, and it renders only what the edit shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import synth
from generator.content.history import History
from generator.content.index import SiteIndex, build_index
from generator.content.validate import check_content
from generator.errors import ContentError
from generator.settings import Settings
from generator.site.build import render_all
from generator.site.preview import Preview

SHEETS = 24


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    synth.write_content(tmp_path / "content", sheets=SHEETS)
    made = Preview(tmp_path, tmp_path / "content", tmp_path / "build" / "docs", Settings())
    made.start()
    return made


def full_render(content_dir: Path) -> dict[str, str]:
    return render_all(full_index(content_dir), Settings(), History())


def full_index(content_dir: Path) -> SiteIndex:
    content, problems = check_content(content_dir)
    assert content is not None, [p.format() for p in problems]
    return build_index(content)


def docs_files(docs: Path) -> dict[str, str]:
    found = {p.relative_to(docs).as_posix(): p for p in docs.rglob("*") if p.is_file()}
    return {
        name: path.read_text(encoding="utf-8")
        for name, path in found.items()
        if not path.name.startswith(".") and not name.startswith("assets/")
    }


def assert_up_to_date(preview: Preview) -> None:
    assert preview.index == full_index(preview.content_dir)  # built with the cache of each sheet's part
    expected = full_render(preview.content_dir)
    assert preview.pages == expected
    assert docs_files(preview.docs_dir) == expected


def sheet_file(preview: Preview, number: int) -> Path:
    return preview.content_dir / "sheets" / f"{synth.sheet_id(number)}.yaml"


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def first_value(path: Path, key: str) -> str:
    found = re.search(rf"^\s*-?\s*{key}: (.*)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, (path, key)
    return found.group(1)


def edit_claim_text(preview: Preview) -> None:
    synth.edit_claim_text(preview.content_dir, 7, "A reworded claim.")


def move_claim_to_another_month(preview: Preview) -> None:
    path = sheet_file(preview, 9)
    replace_in(path, f"claimed_on: {first_value(path, 'claimed_on')}", "claimed_on: 2019-03-04")


def change_claimant(preview: Preview) -> None:
    path = sheet_file(preview, 11)
    replace_in(path, f"claimant: {first_value(path, 'claimant')}", "claimant: foreign-ministry")


def change_a_citation(preview: Preview) -> None:
    path = sheet_file(preview, 12)
    replace_in(path, f"source: {first_value(path, 'source')}", f"source: {synth.source_id(3, 1)}")


def retitle_sheet(preview: Preview) -> None:
    replace_in(sheet_file(preview, 5), "title: ", "title: Retitled ")


def retag_sheet(preview: Preview) -> None:
    path = sheet_file(preview, 6)
    replace_in(path, f"tags: {first_value(path, 'tags')}", "tags: [topic-39, topic-38]")


def retitle_source(preview: Preview) -> None:
    replace_in(preview.content_dir / "sources" / f"{synth.source_id(4, 0)}.yaml", "title: ", "title: New ")


def rename_actor(preview: Preview) -> None:
    replace_in(preview.content_dir / "actors" / "joint-staff.yaml", "name: Joint Staff", "name: Joint Chiefs")


def delete_sheet(preview: Preview) -> None:
    sheet_file(preview, SHEETS - 1).unlink()


def add_sheet(preview: Preview) -> None:
    old, new = synth.sheet_id(SHEETS - 2), "sheet-extra"
    text = sheet_file(preview, SHEETS - 2).read_text(encoding="utf-8")
    (preview.content_dir / "sheets" / f"{new}.yaml").write_text(text.replace(old, new), encoding="utf-8")


def edit_tags_file(preview: Preview) -> None:
    replace_in(preview.content_dir / "tags.yaml", "label: ", "label: Renamed ")


EDITS = [
    edit_claim_text,
    move_claim_to_another_month,
    change_claimant,
    change_a_citation,
    retitle_sheet,
    retag_sheet,
    retitle_source,
    rename_actor,
    delete_sheet,
    add_sheet,
    edit_tags_file,
]


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_after_an_edit_the_preview_is_what_a_full_run_makes(preview, edit) -> None:
    edit(preview)
    refresh = preview.refresh()
    assert refresh is not None and refresh.files
    preview.refresh_other_files()
    assert_up_to_date(preview)


def test_edits_one_after_another_stay_up_to_date(preview) -> None:
    for edit in EDITS:
        edit(preview)
        assert preview.refresh() is not None
    preview.refresh_other_files()
    assert_up_to_date(preview)


def test_a_claim_edit_renders_only_the_pages_that_show_it(preview) -> None:
    marker = "Only on the pages that show this claim"
    synth.edit_claim_text(preview.content_dir, 7, marker + ".")
    refresh = preview.refresh()
    assert not preview.unknown_kinds  # the incremental renderer knows every page kind
    assert refresh is not None and not refresh.everything
    showing = {name for name, text in preview.pages.items() if marker in text and name.endswith(".md")}
    assert refresh.written == showing
    assert refresh.removed == set()


def test_a_template_change_renders_everything(preview) -> None:
    refresh = preview.refresh(everything=True)
    assert refresh is not None and refresh.everything and refresh.written == set()
    assert_up_to_date(preview)


def test_nothing_changed_nothing_done_and_a_touched_file_is_not_an_edit(preview) -> None:
    assert preview.refresh() is None
    path = sheet_file(preview, 3)
    path.write_bytes(path.read_bytes())  # a new time, the same bytes
    assert preview.refresh() is None


def test_an_error_keeps_the_last_good_pages_until_it_is_fixed(preview) -> None:
    path = sheet_file(preview, 4)
    good = path.read_text(encoding="utf-8")
    before = dict(preview.pages)
    path.write_text(good.replace("kind: figure", "kind: rumour", 1), encoding="utf-8")
    with pytest.raises(ContentError):
        preview.refresh()
    assert preview.pages == before
    path.write_text(good.replace("title: ", "title: Fixed ", 1), encoding="utf-8")
    assert preview.refresh() is not None
    preview.refresh_other_files()
    assert_up_to_date(preview)


def test_a_page_kind_the_preview_does_not_know_means_rendering_everything(tmp_path, monkeypatch) -> None:
    from generator.site import incremental

    synth.write_content(tmp_path / "content", sheets=4)
    monkeypatch.setattr(incremental, "known_pages", lambda index, pages: set(pages) - {"tags/index.md"})
    preview = Preview(tmp_path, tmp_path / "content", tmp_path / "build" / "docs", Settings())
    preview.start()
    assert preview.unknown_kinds
    synth.edit_claim_text(preview.content_dir, 1, "Everything again.")
    refresh = preview.refresh()
    assert refresh is not None and refresh.everything
    preview.refresh_other_files()
    assert_up_to_date(preview)


def test_what_the_preview_prints_from_outside_is_escaped_line_by_line(preview, monkeypatch, capsys) -> None:
    from generator.site import preview as preview_module
    from generator.site.serve import say

    def lost(*args: object) -> None:  # a report that spans lines and quotes an address
        raise RuntimeError("1 published URL would break:\n  https://x.example/\x1b]0;owned\x07gone/")

    monkeypatch.setattr(preview_module, "check_published_urls", lost)
    capsys.readouterr()
    edit_claim_text(preview)
    assert preview.refresh() is not None  # the edit still shows
    assert capsys.readouterr().out == (
        "factsheet serve: warning: 1 published URL would break:\n  https://x.example/\\x1b]0;owned\\x07gone/\n"
    )
    say("content has \x9b2J1 error\nin sheets/\u202ex.yaml")
    assert capsys.readouterr().out == "factsheet serve: content has \\x9b2J1 error\nin sheets/\\u202ex.yaml\n"
