"""write_pages: only changed bytes are written, stale generated files go, nothing outside out_dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.site.write import MANIFEST_NAME, write_pages


def _assets(tmp_path: Path) -> Path:
    assets = tmp_path / "assets-src"
    (assets / "fonts").mkdir(parents=True)
    (assets / "extra.css").write_text("body { color: red; }\n", encoding="utf-8")
    (assets / "fonts" / "note.txt").write_text("nested\n", encoding="utf-8")
    return assets


def test_first_run_writes_pages_and_copies_assets(tmp_path):
    out = tmp_path / "docs"
    report = write_pages(out, {"index.md": "# Home\n", "sheets/a.md": "A\n"}, _assets(tmp_path))
    assert report.written == ("assets/extra.css", "assets/fonts/note.txt", "index.md", "sheets/a.md")
    assert report.unchanged == report.removed == ()
    assert (out / "sheets" / "a.md").read_text(encoding="utf-8") == "A\n"
    assert (out / "assets" / "fonts" / "note.txt").read_text(encoding="utf-8") == "nested\n"


def test_second_run_with_same_pages_writes_nothing(tmp_path):
    out = tmp_path / "docs"
    pages = {"index.md": "# Home\n", "sheets/a.md": "A\n", "data/x.json": b"{}\n"}
    write_pages(out, pages, _assets(tmp_path))
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    os.utime(out / "index.md", ns=(1, 1))  # an unchanged file must keep even an odd mtime

    report = write_pages(out, pages, tmp_path / "assets-src")

    assert report.written == ()
    assert report.removed == ()
    assert len(report.unchanged) == 5
    assert (out / "index.md").stat().st_mtime_ns == 1
    for path, before in times.items():
        if path.name != "index.md":
            assert path.stat().st_mtime_ns == before, path


def test_only_the_changed_file_is_rewritten(tmp_path):
    out = tmp_path / "docs"
    write_pages(out, {"a.md": "one\n", "b.md": "two\n"}, None)
    report = write_pages(out, {"a.md": "one\n", "b.md": "TWO\n"}, None)
    assert report.written == ("b.md",)
    assert report.unchanged == ("a.md",)
    assert (out / "b.md").read_text(encoding="utf-8") == "TWO\n"


def test_files_no_longer_produced_are_removed_with_empty_folders(tmp_path):
    out = tmp_path / "docs"
    write_pages(
        out, {"index.md": "i\n", "sheets/old.md": "o\n", "sheets/keep.md": "k\n", "gone/x.md": "x\n"}, None
    )

    report = write_pages(out, {"index.md": "i\n", "sheets/keep.md": "k\n"}, None)

    assert report.removed == ("gone/x.md", "sheets/old.md")
    assert not (out / "sheets" / "old.md").exists()
    assert not (out / "gone").exists()
    assert (out / "sheets" / "keep.md").exists()


def test_files_the_generator_did_not_write_are_left_alone(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "mine.txt").write_text("hand-made\n", encoding="utf-8")
    outside = tmp_path / "outside.md"
    outside.write_text("keep\n", encoding="utf-8")
    write_pages(out, {"index.md": "i\n"}, None)
    # A manifest edited to point outside the folder must not make the writer delete there.
    with (out / MANIFEST_NAME).open("a", encoding="utf-8") as manifest:
        manifest.write("../outside.md\n/etc/hostname\n")

    report = write_pages(out, {}, None)

    assert report.removed == ("index.md",)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "hand-made\n"
    assert outside.read_text(encoding="utf-8") == "keep\n"


@pytest.mark.parametrize(
    "name", ["../escape.md", "/abs.md", "a/../../b.md", "a\\b.md", "", "./x.md", MANIFEST_NAME]
)
def test_page_paths_outside_the_folder_are_refused_before_anything_is_written(tmp_path, name):
    out = tmp_path / "docs"
    with pytest.raises(BuildError):
        write_pages(out, {"index.md": "i\n", name: "x\n"}, None)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_write_replaces_atomically_and_leaves_no_temporary_files(tmp_path):
    out = tmp_path / "docs"
    write_pages(out, {"a.md": "old\n"}, None)
    inode_before = (out / "a.md").stat().st_ino
    write_pages(out, {"a.md": "new\n"}, None)
    # os.replace swaps in a new file: a reader holding the old one never sees half of the new.
    assert (out / "a.md").stat().st_ino != inode_before
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "a.md"]


def test_a_symlink_in_the_docs_folder_is_not_followed(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    target = tmp_path / "target.md"
    target.write_text("outside\n", encoding="utf-8")
    (out / "a.md").symlink_to(target)
    with pytest.raises(BuildError, match="symbolic link"):
        write_pages(out, {"a.md": "new\n"}, None)
    assert target.read_text(encoding="utf-8") == "outside\n"


def test_new_files_are_created_whole_and_readable_whatever_the_umask(tmp_path):
    # New files are written directly (no temporary file): they must still be complete and 0644.
    out = tmp_path / "docs"
    old_umask = os.umask(0o077)
    try:
        report = write_pages(out, {"a.md": "first\n", "sub/b.md": "x" * 100_000}, None)
    finally:
        os.umask(old_umask)
    assert report.written == ("a.md", "sub/b.md")
    assert (out / "a.md").read_text(encoding="utf-8") == "first\n"
    assert (out / "sub" / "b.md").read_text(encoding="utf-8") == "x" * 100_000
    for path in (out / "a.md", out / "sub" / "b.md"):
        assert path.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "a.md", "sub"]


def test_a_file_that_appears_before_the_direct_write_is_replaced_atomically(tmp_path):
    from generator.site.write import _write_new

    target = tmp_path / "a.md"
    target.write_text("made meanwhile\n", encoding="utf-8")
    inode_before = target.stat().st_ino
    _write_new(target, b"ours\n")
    assert target.read_bytes() == b"ours\n"
    assert target.stat().st_ino != inode_before  # went through temp file + os.replace
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]
