"""yamllint, configured in .yamllint.yaml to agree with the loader, passes on content/ and
fails where the loader fails (a duplicate key, an alias)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.content.load import load_file

ROOT = Path(__file__).resolve().parent.parent
YAMLLINT = Path(sys.executable).parent / "yamllint"  # beside the Python running the tests
FIXTURES = ROOT / "tests" / "fixtures" / "yamllint"


def yamllint(*paths: Path) -> subprocess.CompletedProcess[str]:
    if not YAMLLINT.exists():
        pytest.fail("yamllint is not installed: run `make test` (it installs requirements.lock into .venv)")
    config = str(ROOT / ".yamllint.yaml")
    command = [str(YAMLLINT), "--config-file", config, "--format", "parsable", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)


def test_yamllint_passes_on_the_content_and_the_valid_fixture():
    assert any((ROOT / "content").rglob("*.yaml")), "content/ holds no files"
    result = yamllint(ROOT / "content", ROOT / "tests" / "fixtures" / "valid")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[error]" not in result.stdout


LOADER_REFUSES = [("duplicate-key.yaml", "key-duplicates"), ("alias.yaml", "anchors")]


@pytest.mark.parametrize(("name", "rule"), LOADER_REFUSES)
def test_yamllint_fails_where_the_loader_fails(name, rule):
    path = FIXTURES / name
    result = yamllint(path)
    assert result.returncode == 1, result.stdout
    assert "[error]" in result.stdout and f"({rule})" in result.stdout, result.stdout
    document, problems = load_file(path, name)
    assert document is None and problems, "the loader should refuse it too"
    assert problems[0].line == int(result.stdout.split(":")[1]), (problems, result.stdout)
