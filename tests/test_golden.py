"""The rendered Markdown of the fixture content, byte for byte, against tests/golden/.

When a change to the pages is intended, run `make golden` and review `git diff tests/golden`.
"""

from __future__ import annotations

import difflib

import pytest

from tests.golden_update import FIXTURES, GOLDEN, render_fixture

HINT = "run `make golden` (python -m tests.golden_update) and review `git diff tests/golden`"


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_rendered_pages_match_the_golden_files(name):
    pages = render_fixture(name)
    folder = GOLDEN / name
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))
    assert on_disk == sorted(pages), f"the set of pages changed; {HINT}"
    for path, text in sorted(pages.items()):
        expected = (folder / path).read_bytes().decode("utf-8")
        if text != expected:
            diff = difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"tests/golden/{name}/{path}",
                tofile="rendered now",
            )
            pytest.fail(f"{path} differs from its golden file; {HINT}\n{''.join(diff)}", pytrace=False)


def test_the_golden_files_are_markdown_with_front_matter():
    # Guards the guard: an empty or truncated golden folder must not pass by accident.
    for name in FIXTURES:
        sheets = list((GOLDEN / name / "sheets").glob("*.md"))
        assert len(sheets) >= 2, name  # the list and at least one sheet
        for sheet in sheets:
            assert sheet.read_text(encoding="utf-8").startswith("---\ntitle: ")
