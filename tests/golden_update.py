"""Regenerate the golden Markdown files: `make golden` (python -m tests.golden_update).

Each fixture content folder is rendered into tests/golden/<name>/, one file per page, exactly
as the generator writes it. Review the diff (`git diff tests/golden`) before committing: a
golden file changes only when the pages readers see change.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

from generator.content.history import History
from generator.content.index import build_index
from generator.content.validate import check_content
from generator.pages.registry import render_pages
from generator.settings import Settings

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
# name -> content folder; the hostile set puts markup, Markdown and YAML syntax in every field.
FIXTURES = {
    "valid": TESTS / "fixtures" / "valid" / "content",
    "hostile": TESTS / "fixtures" / "hostile" / "content",
}
# Fixed, so the files do not depend on the environment or on the day they are rendered.
SETTINGS = Settings(repo_url="https://github.com/example/factsheet")
TODAY = date(2026, 11, 26)


def render_fixture(name: str) -> dict[str, str]:
    """Every Markdown page of one fixture folder, keyed by docs path (no git history: the dates
    written in the YAML)."""
    content, problems = check_content(FIXTURES[name], TODAY)
    if content is None:
        raise SystemExit("\n".join(p.format() for p in problems))
    return render_pages(build_index(content), SETTINGS, History())


def main() -> int:
    for name in FIXTURES:
        folder = GOLDEN / name
        shutil.rmtree(folder, ignore_errors=True)
        for path, text in sorted(render_fixture(name).items()):
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {target.relative_to(TESTS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
