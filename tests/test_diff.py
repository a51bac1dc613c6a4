"""`factsheet diff`: the content at two git revisions compared record by record, as inert Markdown."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from generator.tools.diff import WORKING_TREE, diff_revisions
from generator.tools.revisions import RevisionError

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "tests" / "fixtures" / "valid" / "content"
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    shutil.copytree(VALID, tmp_path / "content")
    commit(tmp_path, "base")
    return tmp_path


def change_content(content: Path) -> None:
    sheet = content / "sheets" / "harbour-flood.yaml"
    edit(sheet, "          value: 52\n", "          value: 2000\n")
    figure = "        figure:\n          metric: flood-deaths\n          value: 2000"
    edit(sheet, f"        status: reported\n{figure}", f"        status: disputed\n{figure}")
    edit(sheet, "      - id: sample-2025-04-10-quote\n",
         "      - id: spokesperson-2025-04-10-wall\n        former_ids: [sample-2025-04-10-quote]\n")
    text = sheet.read_text()
    start = text.index("      - id: harbour-closed-2025-03-01")
    end = text.index("      - id: spokesperson-2025-04-10-wall")
    sheet.write_text(text[:start] + text[end:])
    source = content / "sources" / "example-ministry-2025-04-10-briefing.yaml"
    added = content / "sources" / "example-gazette-2025-05-01-update.yaml"
    added.write_text(source.read_text().replace("example-ministry-2025-04-10-briefing",
                                                "example-gazette-2025-05-01-update"))


def test_diff_between_two_commits_names_each_change(repo):
    base = git(repo, "rev-parse", "HEAD")
    change_content(repo / "content")
    head = commit(repo, "edit")
    out = diff_revisions(repo / "content", base, head)
    assert out.startswith(f"## Content changes: {base[:7]}")
    assert out.splitlines()[2].startswith("**2 claims changed; 1 claim removed; 1 source added. ")
    assert "- `ministry-2025-04-10-deaths` on `harbour-flood`\n  - status: reported → disputed\n" \
           "  - figure.value: 52 → 2,000\n" in out
    assert "### Claims removed\n\n- `harbour-closed-2025-03-01`: on `harbour-flood`, 2025-03-01: " in out
    assert "- `spokesperson-2025-04-10-wall` on `harbour-flood`\n" \
           "  - id: `sample-2025-04-10-quote` → `spokesperson-2025-04-10-wall`\n" in out
    assert "### Sources added\n\n- `example-gazette-2025-05-01-update`: " in out
    assert "Claims added" not in out  # the renamed claim is a change, not an addition


def test_head_defaults_to_the_working_tree(repo):
    base = git(repo, "rev-parse", "HEAD")
    sheet = repo / "content" / "sheets" / "harbour-flood.yaml"
    edit(sheet, "          value: 52\n", "          value: 60\n")
    out = diff_revisions(repo / "content", base)
    assert f"→ {WORKING_TREE}" in out.splitlines()[0]
    assert "  - figure.value: 52 → 60\n" in out
    unchanged = diff_revisions(repo / "content", base, base)
    assert unchanged.endswith("No claims, sources, reviews, actors or sheets changed.\n")


def test_a_figure_shows_every_digit_typed_not_scientific_notation(repo):
    base = git(repo, "rev-parse", "HEAD")
    sheet = repo / "content" / "sheets" / "harbour-flood.yaml"
    edit(sheet, "          value: 52\n", "          value: 0.0000000001\n")
    out = diff_revisions(repo / "content", base)
    assert "  - figure.value: 52 → 0.0000000001\n" in out
    assert "E-" not in out


def test_editor_text_is_inert_markdown(repo):
    base = git(repo, "rev-parse", "HEAD")
    edit(repo / "content" / "sheets" / "harbour-flood.yaml",
         "        text: The Ministry of Examples said 52 people had died in the flood.\n",
         "        text: '<img src=x onerror=alert(1)> [click](javascript:alert(1)) *52* `x` | died'\n")
    out = diff_revisions(repo / "content", base)
    assert "&lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1)) " \
           "\\*52\\* \\`x\\` \\| died" in out
    assert "<img" not in out


def test_content_missing_at_base_and_errors_at_head(repo):
    empty = git(repo, "commit-tree", "-m", "empty", git(repo, "mktree"))
    edit(repo / "content" / "actors" / "jane-sample.yaml", "kind: person", "kind: wizard")
    out = diff_revisions(repo / "content", empty)
    assert "### Claims added" in out and "### Sources added" in out
    assert out.splitlines()[2].endswith(f"1 error, 0 warnings at {WORKING_TREE}.**")
    assert f"records with errors at {WORKING_TREE} are left out" in out
    assert f"### Problems at {WORKING_TREE}: 1 error in 1 file" in out
    assert "kind: expected one of agency" in out


def test_bad_revisions_are_refused(repo):
    with pytest.raises(RevisionError, match="unknown revision 'no-such-branch'"):
        diff_revisions(repo / "content", "no-such-branch")
    with pytest.raises(RevisionError, match="is not a revision"):
        diff_revisions(repo / "content", "--output=/tmp/x")


def test_diff_through_the_command_line(repo):
    base = git(repo, "rev-parse", "HEAD")
    sheet = repo / "content" / "sheets" / "harbour-flood.yaml"
    edit(sheet, "          value: 52\n", "          value: 600\n")
    command = [sys.executable, "-m", "generator", "diff", base, "--content", "content"]
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "figure.value: 52 → 600" in result.stdout
    bad = subprocess.run([*command[:4], "nope", "--content", "content"], cwd=repo, capture_output=True,
                         text=True, check=False)
    assert bad.returncode == 2
    assert bad.stderr.startswith("factsheet: error: unknown revision 'nope'")
    assert "Traceback" not in bad.stderr


NEW_CLAIM = """\
      - id: ministry-2025-05-01-deaths
        text: The ministry said about 60 people had died.
        kind: figure
        claimant: example-ministry
        via: [jane-sample, [example-ministry-press, example-gazette-desk]]
        claimed_on: 2025-05-01
        status: disputed
        figure:
          metric: flood-deaths
          value: 60
          qualifier: about
          basis: period
          period: two months
          as_of: 2025-05-01
          low: 55
          high: 65
          scope: in the harbour district
        citations:
          - source: example-gazette-2025-05-01-update
            quote: some 60 people have now died, between 55 and 65 by its count
            locator: paragraph 4
            note: The gazette gives the ministry as its source.
        tags: [flood]
        notes: The mayor disputes the count.
"""
NEW_SOURCE = """\
id: example-gazette-2025-05-01-update
title: Flood toll rises to 60
title_kind: headline
publisher: The Example Gazette
kind: news
url: https://gazette.example.org/2025/05/01/flood_toll?page=2
published: 2025-05-01
accessed: 2025-06-01
authors: [A. Writer, B. Writer]
agency: Reuters
archive_url: https://archive.example.org/2025/gazette-update
archived: 2025-05-02
language: en
notes: Updated twice on the day.
"""
ACTOR = "id: {id}\nname: {name}\nkind: media\n"


def add_claim_and_source(content: Path) -> None:
    anchor = ("          - source: example-ministry-2025-04-10-briefing\n"
              "            quote: the toll now stands at 52\n")
    edit(content / "sheets" / "harbour-flood.yaml", anchor, anchor + NEW_CLAIM)
    (content / "sources" / "example-gazette-2025-05-01-update.yaml").write_text(NEW_SOURCE)
    for actor_id, name in (("example-ministry-press", "Ministry press office"),
                           ("example-gazette-desk", "Gazette news desk")):
        (content / "actors" / f"{actor_id}.yaml").write_text(ACTOR.format(id=actor_id, name=name))


def test_an_added_claim_shows_every_field_a_reviewer_approves_from(repo):
    base = git(repo, "rev-parse", "HEAD")
    add_claim_and_source(repo / "content")
    out = diff_revisions(repo / "content", base)
    assert out.splitlines()[2] == ("**1 claim added; 1 source added; 2 actors added. 0 errors, 0 warnings at "
                                   "working tree.**")
    start = out.index("- `ministry-2025-05-01-deaths`")
    claim = out[start:out.index("###", start)]
    for line in [
        "  - section: `toll` (Toll)",
        "  - text: The ministry said about 60 people had died.",
        "  - kind: figure · status: disputed · claimed on: 2025-05-01",
        "  - claimant: `example-ministry` (Ministry of Examples)",
        "  - via: `jane-sample` (Jane Sample) → `example-ministry-press` (Ministry press office) and "
        "`example-gazette-desk` (Gazette news desk)",
        "  - figure: about 60 of metric `flood-deaths` (People killed by the flood, people)",
        "    - basis: period (two months to 2025-05-01)",
        "    - range: 55 to 65",
        "    - as of: 2025-05-01",
        "    - scope: in the harbour district",
        "  - citation 1: `example-gazette-2025-05-01-update`: “Flood toll rises to 60”, The Example Gazette, "
        "2025-05-01; <https://gazette.example.org/2025/05/01/flood_toll?page=2>; archive: "
        "<https://archive.example.org/2025/gazette-update> (2025-05-02)",
        "    - quote: “some 60 people have now died, between 55 and 65 by its count”",
        "    - locator: paragraph 4",
        "    - note: The gazette gives the ministry as its source.",
        "    - verification: not checked yet (`factsheet verify`)",
        "  - tags: flood",
        "  - notes: The mayor disputes the count.",
    ]:
        assert line + "\n" in claim, line


def test_an_added_source_shows_every_field(repo):
    base = git(repo, "rev-parse", "HEAD")
    add_claim_and_source(repo / "content")
    out = diff_revisions(repo / "content", base)
    start = out.index("- `example-gazette-2025-05-01-update`")
    source = out[start:out.index("###", start)]
    for field, value in [("title", "Flood toll rises to 60"), ("publisher", "The Example Gazette"),
                         ("kind", "news"), ("url", "<https://gazette.example.org/2025/05/01/flood_toll?page=2>"),
                         ("published", "2025-05-01"), ("accessed", "2025-06-01"),
                         ("authors", "A. Writer, B. Writer"), ("agency", "Reuters"),
                         ("archive_url", "<https://archive.example.org/2025/gazette-update>"),
                         ("archived", "2025-05-02"), ("language", "en"),
                         ("notes", "Updated twice on the day."),
                         ("title_kind", "headline")]:
        assert f"  - {field}: {value}\n" in source, field


def test_a_citation_shows_what_factsheet_verify_found(repo):
    from generator.content.evidence import normalise
    from generator.tools.verify.check import QuoteResult, SourceResult
    from generator.tools.verify.store import dump_results, results_path

    base = git(repo, "rev-parse", "HEAD")
    add_claim_and_source(repo / "content")
    result = SourceResult(
        source="example-gazette-2025-05-01-update", checked="2025-06-02", read_url="https://gazette.example.org/",
        url="https://gazette.example.org/2025/05/01/flood_toll?page=2",
        archived_copy=False, page_status="ok", reason=None, text_sha256=None, changed=False, page_title=None,
        page_date=None,
        quotes=(QuoteResult("ministry-2025-05-01-deaths",
                            normalise("some 60 people have now died, between 55 and 65 by its count"),
                            "not-found", closest="some 50 people have now died", similarity=0.93),),
    )
    dump_results(result, results_path(repo / "content", result.source))
    out = diff_revisions(repo / "content", base)
    assert "    - verification: not found; closest passage: 'some 50 people have now died' (93 % alike) " \
           "(checked 2025-06-02)\n" in out
    assert "  - page checked 2025-06-02: ok\n" in out
    # Results made for another address than the source's are not shown as its quote's check.
    dump_results(replace(result, url="https://gazette.example.org/2025/05/01/flood_toll"),
                 results_path(repo / "content", result.source))  # fmt: skip
    out = diff_revisions(repo / "content", base)
    assert "    - verification: not checked: the results of 2025-06-02 are for " \
           "<https://gazette.example.org/2025/05/01/flood_toll>, not for the address the source cites now " \
           "(`factsheet verify`)\n" in out
    assert "  - page checked 2025-06-02: ok; made for <https://gazette.example.org/2025/05/01/flood_toll>, " \
           "not the address the source cites now\n" in out


def test_every_problem_is_listed_beyond_what_annotations_show(repo):
    base = git(repo, "rev-parse", "HEAD")
    for number in range(12):  # twelve sources no claim cites: twelve warnings
        (repo / "content" / "sources" / f"spare-{number}.yaml").write_text(
            NEW_SOURCE.replace("example-gazette-2025-05-01-update", f"spare-{number}"))
    out = diff_revisions(repo / "content", base)
    assert "0 errors, 12 warnings at working tree.**" in out.splitlines()[2]
    assert f"### Problems at {WORKING_TREE}: 12 warnings in 12 files" in out
    for number in range(12):
        shown = f"content/sources/spare-{number}.yaml:1:5: warning: id: source 'spare-{number}' is not cited"
        assert f"- {shown}" in out


def test_check_lists_every_problem_in_the_job_summary_when_annotations_run_out(tmp_path):
    shutil.copytree(VALID, tmp_path / "content")
    for number in range(12):
        (tmp_path / "content" / "sources" / f"spare-{number}.yaml").write_text(
            NEW_SOURCE.replace("example-gazette-2025-05-01-update", f"spare-{number}"))
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    command = [sys.executable, "-m", "generator", "check", "--content", "content"]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "::notice::GitHub shows the first 10 errors and 10 warnings" in result.stdout
    written = summary.read_text()
    assert written.startswith("### factsheet check: 12 warnings in 12 files\n")
    assert all(f"content/sources/spare-{n}.yaml:1:5: warning:" in written for n in range(12))
    summary.unlink()
    (tmp_path / "content" / "sources" / "spare-0.yaml").unlink()
    for number in range(2, 12):
        (tmp_path / "content" / "sources" / f"spare-{number}.yaml").unlink()
    quiet = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert "::notice::" not in quiet.stdout and not summary.exists()  # one warning: annotations show it


# --- reading a revision: git's objects as stored, whatever they hold --------------------------


def test_a_revision_is_read_from_git_objects_without_attributes_links_or_filters(repo):
    from generator.content.load import load_entries
    from generator.content.parse import MAX_FILE_BYTES
    from generator.tools.revisions import resolve_commit, revision_entries

    content = repo / "content"
    (content / ".gitattributes").write_text("* export-ignore -diff filter=evil\n")
    (content / "sources" / "huge.yaml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    (content / "sources" / "up.yaml").symlink_to("../../../outside.yaml")
    commit(repo, "hostile")
    blob = git(repo, "hash-object", "-w", "--stdin")  # an empty blob, under names a checkout refuses
    head = git(repo, "rev-parse", "HEAD")
    for mode, name in (("100644", "content/sources/a\nb.yaml"), ("160000", "content/sheets/sub.yaml"),
                       ("100644", "content/sheets/deep/x.yaml")):  # fmt: skip
        target = head if mode == "160000" else blob  # a gitlink names a commit
        git(repo, "update-index", "--add", "--cacheinfo", f"{mode},{target},{name}")
    git(repo, "commit", "-q", "-m", "odd tree")
    entries = revision_entries(repo, resolve_commit(repo, "HEAD"), "content")
    documents, problems = load_entries(entries, "content")
    assert {d.path for d in documents} >= {"content/sheets/harbour-flood.yaml", "content/tags.yaml"}
    assert sorted((p.path, p.message.split(";")[0]) for p in problems) == [
        ("content/.gitattributes", "a .gitattributes file may not be in content/: it changes what git "
                                   "and GitHub show of the files beside it"),
        ("content/sheets/deep", "a folder inside sheets/ is not read"),
        ("content/sheets/sub.yaml", "is a git submodule"),
        ("content/sources/a\nb.yaml", "file is empty"),
        ("content/sources/huge.yaml", f"file is {MAX_FILE_BYTES + 1:,} bytes"),
        ("content/sources/up.yaml", "is a symbolic link, and links are never followed (one could lead "
                                    "outside content/)"),
    ]  # fmt: skip
    shown = diff_revisions(repo / "content", "HEAD~2", "HEAD")
    assert "content/sources/a\\\\nb.yaml" in shown and "\nb.yaml" not in shown


def test_a_content_folder_that_is_a_link_at_a_revision_is_refused(repo):
    git(repo, "mv", "content", "real")
    (repo / "content").symlink_to("real")
    head = commit(repo, "content is a link")
    with pytest.raises(RevisionError, match=r"'content' is a symbolic link at [0-9a-f]{12}"):
        diff_revisions(repo / "content", "HEAD~1", head)


def test_a_content_folder_outside_the_repository_is_a_clear_error(repo, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    shutil.copytree(VALID, elsewhere / "content")
    with pytest.raises(RevisionError, match="is not inside a git repository"):
        diff_revisions(repo / "content" / ".." / ".." / elsewhere.name / "content", "HEAD")
