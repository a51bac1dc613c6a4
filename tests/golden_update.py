"""Regenerate the golden files: `make golden` (python -m tests.golden_update).

The expected output of `factsheet check` for each invalid fixture (tests/fixtures/invalid/*/expected.txt)
and the rendered Markdown of the valid and hostile fixtures (tests/golden/).

Each valid or hostile fixture folder is rendered into tests/golden/<name>/, one file per page,
exactly as the generator writes it. Review the diff (`git diff tests`) before committing: a golden
file changes only when what editors or readers see changes.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from generator import cli
from generator.content.history import History
from generator.content.index import build_index
from generator.content.validate import check_content
from generator.pages.registry import render_pages
from generator.settings import Settings
from tests.cases import prepare
from tests.factories import INVALID

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


def check_output(name: str) -> str:
    """What the invalid fixture `name` prints (its expected.txt): `factsheet check`, or the
    command its setup.txt names, run as tests/test_cli.py runs it."""
    saved_cwd, saved_env = os.getcwd(), dict(os.environ)
    with tempfile.TemporaryDirectory() as folder:
        case = prepare(INVALID / name, Path(folder))
        out = io.StringIO()
        os.environ.pop("GITHUB_ACTIONS", None)  # no annotations in the expected output
        os.environ.update(case.env)
        try:
            os.chdir(folder)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                cli.main(case.command)
        finally:
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)
        return out.getvalue()


def main() -> int:
    for case in sorted(path.name for path in INVALID.iterdir() if path.is_dir()):
        expected = INVALID / case / "expected.txt"
        text = check_output(case)
        if not expected.exists() or expected.read_text(encoding="utf-8") != text:
            expected.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {expected.relative_to(TESTS.parent)}")
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
