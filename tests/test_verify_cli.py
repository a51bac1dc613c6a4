"""`factsheet verify` and `factsheet archive` end to end, against a local server (never the internet).

The valid fixture's sources are pointed at pages served on 127.0.0.1: the Gazette's archived
copy holds both its quotes, the ministry's page lacks one of its two. Exit codes, the --json
items, problems at the quote's line, annotations, the job summary, the results kept in
content/checks/ (read back as content), --changed against git, and Save Page Now's answers.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import httpx
import pytest
import yaml

from generator.cli import main
from generator.content.index import build_index
from generator.content.parse import MAX_FILE_BYTES
from generator.content.validate import check_content
from generator.tools import verify_content
from generator.tools.archive import archive_sources, set_archive_fields
from generator.tools.verify.fetch import FetchSettings, user_agent
from tests.factories import VALID
from tests.verify_server import Server, redirect, respond

TODAY = date(2026, 11, 26)
GAZETTE = "example-gazette-2025-03-02-flood-toll"
MINISTRY = "example-ministry-2025-04-10-briefing"
GAZETTE_PAGE = """<!DOCTYPE html><html><head><title>Ministry puts flood toll at about 40, says harbour
closed | The Example Gazette</title></head><body><article><h1>Ministry puts flood toll at about 40, says
harbour closed</h1><p>HARBOUR CITY &mdash; About&nbsp;40 people died, between 35 and 45 by the
ministry&#8217;s
count, officials said on Sunday as the water receded.</p><p>The harbour has been closed since Saturday,
and ships were sent to the outer anchorage while engineers inspected the wall.</p></article></body></html>"""
MINISTRY_PAGE = """<!DOCTYPE html><html><head><title>Flood response: a transcript</title></head>
<body><article>
<h1>Flood response: a transcript</h1><p>The minister said the toll now stands at 52, and that the harbour
would reopen once the wall had been inspected.</p><p>&#8220;We will rebuild the wall before winter,&#8221;
the spokesperson said, adding that the work would be paid for by the national budget.</p></article>
</body></html>"""


@pytest.fixture
def server():
    running = Server().start()
    running.routes.update({
        "/archive/gazette": respond(200, GAZETTE_PAGE),
        "/gazette": respond(200, "<html><body><p>The live page moved.</p></body></html>"),
        "/ministry": redirect("/ministry/transcript"),
        "/ministry/transcript": respond(200, MINISTRY_PAGE),
    })  # fmt: skip
    yield running
    running.stop()


@pytest.fixture
def content(tmp_path, server, monkeypatch) -> Path:
    """The valid fixture with its sources at the local server, no results yet, as cwd's content/."""
    folder = tmp_path / "content"
    shutil.copytree(VALID, folder)
    shutil.rmtree(folder / "checks")
    gazette = folder / "sources" / f"{GAZETTE}.yaml"
    live = "https://example.org/gazette/2025/03/02/flood-toll"
    text = gazette.read_text().replace(live, server.url("/gazette"))
    gazette.write_text(text.replace("https://example.org/archive/20250601/gazette-flood-toll",
                                    server.url("/archive/gazette")))  # fmt: skip
    ministry = folder / "sources" / f"{MINISTRY}.yaml"
    ministry.write_text(ministry.read_text().replace("https://example.org/ministry/briefings/2025-04-10",
                                                     server.url("/ministry")))  # fmt: skip
    settings = FetchSettings(user_agent("https://github.com/example/factsheet"), read_timeout=2.0,
                             host_delay=0.0, trust_env=False)  # fmt: skip
    monkeypatch.setattr(verify_content, "fetch_settings", lambda: settings)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(tmp_path)
    return folder


def verify(*args: str) -> int:
    return main(["verify", "--content", "content", *args])


def test_json_lists_every_quote_with_its_status_and_a_not_found_fails(content, capsys):
    assert verify("--json") == 1
    out, err = capsys.readouterr()
    items = json.loads(out)
    statuses = {(item["source"], item["claim"]): item["status"] for item in items}
    assert statuses == {
        (GAZETTE, "ministry-2025-03-02-deaths"): "verified",
        (GAZETTE, "harbour-closed-2025-03-01"): "verified",
        (MINISTRY, "ministry-2025-04-10-deaths"): "verified",
        (MINISTRY, "sample-2025-04-10-quote"): "not-found",
        (MINISTRY, "viral-post-toll"): "verified",
    }
    missing = next(item for item in items if item["status"] == "not-found")
    assert missing["quote"].startswith('"We will rebuild the wall before the autumn storms,"')
    assert missing["file"] == "content/sheets/harbour-flood.yaml" and missing["line"] == 77
    assert missing["closest"] and 0 < missing["similarity"] < 1
    assert missing["read_url"].endswith("/ministry/transcript")  # after the redirect
    first = items[0]
    assert first["archived_copy"] is True and first["checked"] == date.today().isoformat()
    assert err == ""


def test_a_source_whose_quotes_are_on_the_page_passes(content, capsys):
    assert verify(GAZETTE) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "2 quotes on 1 page: 2 verified"


def test_problems_point_at_the_quote_line_with_annotations_in_actions(content, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert verify(MINISTRY) == 1
    lines = capsys.readouterr().out.splitlines()
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 1
    assert errors[0].startswith(
        "content/sheets/harbour-flood.yaml:77:20: error: quote of sample-2025-04-10-quote not found; "
        "closest passage: "
    )
    annotation = "::error file=content/sheets/harbour-flood.yaml,line=77,col=20::"
    assert any(line.startswith(annotation) for line in lines)
    # The page's title is not the source's: a warning at the source's title line.
    assert any(line.startswith(f"content/sources/{MINISTRY}.yaml:2:8: warning: title: the page's title")
               for line in lines)  # fmt: skip
    assert lines[-1].startswith("3 quotes on 1 page: 1 not-found, 2 verified; 1 error and 1 warning")


def test_results_are_kept_as_content_and_shown_on_the_site(content, capsys):
    verify()
    assert sorted(p.name for p in (content / "checks").iterdir()) == [f"{GAZETTE}.yaml", f"{MINISTRY}.yaml"]
    found, problems = check_content(content)  # checked today
    assert problems == [] and found is not None
    index = build_index(found)
    citations = [c for sheet in found.sheets for claim in sheet.claims for c in claim.citations]
    checks = {c.quote: index.check_of(c) for c in citations}
    assert checks["the toll now stands at 52"].verified
    assert checks["the toll now stands at 52"].read_url.endswith("/ministry/transcript")
    assert checks["the harbour has been closed since Saturday"].archived_copy
    # A second run that finds the same leaves the files as they were.
    before = {p.name: p.read_bytes() for p in (content / "checks").iterdir()}
    verify()
    assert {p.name: p.read_bytes() for p in (content / "checks").iterdir()} == before


def test_a_new_address_makes_the_old_check_stale_until_verify_runs_again(content, server, capsys):
    assert verify(MINISTRY) == 1
    stored = yaml.safe_load((content / "checks" / f"{MINISTRY}.yaml").read_text())
    # The address asked for (the source's url) and the one read after the redirect.
    old, new = server.url("/ministry"), server.url("/ministry/transcript")
    assert (stored["url"], stored["read_url"]) == (old, new)
    source = content / "sources" / f"{MINISTRY}.yaml"
    source.write_text(source.read_text().replace(old, new))
    capsys.readouterr()

    def checked() -> dict[str, str | None]:
        found, _ = check_content(content)
        assert found is not None
        index = build_index(found)
        cited = [c for sheet in found.sheets for claim in sheet.claims for c in claim.citations]
        return {c.quote: (check.status if (check := index.check_of(c)) else None) for c in cited
                if c.source == MINISTRY}  # fmt: skip

    assert set(checked().values()) == {None}
    assert main(["check", "--content", "content"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"content/checks/{MINISTRY}.yaml:4:6: warning: url: this check was made for {old}; "
        f"the source now cites {new}: run `factsheet verify {MINISTRY}` again "
        "(until then its quotes count as not checked)",
        "1 warning in 1 file",
    ]
    assert verify(MINISTRY) == 1  # the spokesperson's words are still not on the page
    assert sorted(checked().values(), key=str) == ["not-found", "verified"]
    capsys.readouterr()
    assert main(["check", "--content", "content"]) == 0
    assert capsys.readouterr().out == "no problems found\n"


def test_an_unreachable_page_is_a_warning_and_the_quotes_stay_unchecked(content, server, capsys):
    server.routes["/ministry/transcript"] = respond(404, "gone")
    assert verify(MINISTRY, "--json") == 0
    items = json.loads(capsys.readouterr().out)
    assert {item["status"] for item in items} == {"unreachable"}
    assert verify(MINISTRY) == 0
    assert ": warning: quote of " in capsys.readouterr().out


def test_summary_lists_every_status_as_markdown(content, tmp_path, capsys):
    summary = tmp_path / "summary.md"
    summary.write_text("before\n")
    verify("--summary", str(summary))
    text = summary.read_text()
    assert text.startswith("before\n## Quotes checked against their pages\n\n5 quotes on 2 pages: ")
    rows = [line for line in text.splitlines() if line.startswith("| ")][2:]
    assert len(rows) == 5 and rows[0].startswith("| not-found | example-ministry-2025-04-10-briefing |")


def test_an_unknown_source_is_a_usage_error(content, capsys):
    assert verify("no-such-source") == 2
    assert "no source 'no-such-source'" in capsys.readouterr().err


def test_content_errors_stop_before_anything_is_fetched(content, server, capsys):
    (content / "actors" / "jane-sample.yaml").write_text("id: jane-sample\n")
    assert verify() == 1
    assert "error" in capsys.readouterr().out and server.log == []


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd,
                   check=True, capture_output=True)  # fmt: skip


def test_changed_checks_only_quotes_added_or_changed_since_base(content, capsys):
    git(content.parent, "init", "-q")
    git(content.parent, "add", "content")
    git(content.parent, "commit", "-q", "-m", "base")
    assert verify("--changed", "HEAD", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    sheet = content / "sheets" / "harbour-flood.yaml"
    sheet.write_text(sheet.read_text().replace("quote: the toll now stands at 52\n",
                                               "quote: the minister said the toll now stands at 52\n", 1))
    assert verify("--changed", "HEAD", "--json") == 0
    items = json.loads(capsys.readouterr().out)
    assert [(item["claim"], item["status"]) for item in items] == [("ministry-2025-04-10-deaths", "verified")]
    # The whole page was read: every quote of the source is kept in its results.
    stored = (content / "checks" / f"{MINISTRY}.yaml").read_text()
    assert "sample-2025-04-10-quote" in stored and "viral-post-toll" in stored
    assert verify("--changed", "no-such-revision") == 2


def commit_base(content: Path) -> None:
    git(content.parent, "init", "-q")
    git(content.parent, "add", "content")
    git(content.parent, "commit", "-q", "-m", "base")


def line_of(path: Path, text: str) -> int:
    return path.read_text().splitlines().index(text) + 1


FORGED_RESULT = re.compile(r"  status: not-found\n  closest: .*\n  similarity: .*\n")


def test_changed_looks_up_again_a_check_file_edited_to_say_verified(content, server, capsys, tmp_path,
                                                                   monkeypatch):  # fmt: skip
    assert verify() == 1  # the spokesperson's words are not on the ministry's page
    commit_base(content)
    results = content / "checks" / f"{MINISTRY}.yaml"
    results.write_text(FORGED_RESULT.sub("  status: verified\n  found_in: main\n", results.read_text()))
    line = line_of(results, "- claim: sample-2025-04-10-quote") + 2
    assert results.read_text().splitlines()[line - 1] == "  status: verified"
    found, _ = check_content(content)  # what the site would say: 4 of 4 on the page
    assert found is not None and all(q.status == "verified" for q in found.checks[MINISTRY].quotes)
    capsys.readouterr()
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert verify("--changed", "HEAD", "--summary", str(summary)) == 1
    out, err = capsys.readouterr()
    message = (
        "status: this file says the quote of sample-2025-04-10-quote is verified; looked up again on the "
        f"page ({server.url('/ministry/transcript')}), it is not found; closest passage: "
    )
    assert f"content/checks/{MINISTRY}.yaml:{line}:11: error: {message}" in out
    assert f"::error file=content/checks/{MINISTRY}.yaml,line={line},col=11::{message}" in out
    assert "commit the file it writes, never edit it" in out
    # Every quote of the source is reported, the one the file lied about too, at its line in the sheet.
    assert "content/sheets/harbour-flood.yaml:77:20: error: quote of sample-2025-04-10-quote not found" in out
    assert out.splitlines()[-1].startswith("3 quotes on 1 page: 1 not-found, 2 verified; 2 errors")
    assert (f"factsheet verify: content/checks/{MINISTRY}.yaml was changed since HEAD: its source's page is "
            "read again and compared with it") in err  # fmt: skip
    text = summary.read_text()
    assert "### Check files looked up again" in text
    assert f"| content/checks/{MINISTRY}.yaml | changed since HEAD | disagrees on 1 quote |" in text
    # The file now says what the page says.
    assert "status: not-found" in results.read_text()


def test_changed_looks_up_an_added_check_file_and_passes_when_it_agrees(content, capsys, tmp_path):
    commit_base(content)  # no checks/ folder at the base
    assert verify(GAZETTE) == 0
    gone = (content / "checks" / f"{GAZETTE}.yaml").read_text().replace(f"source: {GAZETTE}", "source: gone")
    (content / "checks" / "gone.yaml").write_text(gone)  # results of a source that is not there
    summary = tmp_path / "summary.md"
    capsys.readouterr()
    assert verify("--changed", "HEAD", "--summary", str(summary)) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["2 quotes on 1 page: 2 verified"]
    assert f"content/checks/{GAZETTE}.yaml was added since HEAD" in err
    assert "content/checks/gone.yaml was added since HEAD, but there is no source 'gone' to look up" in err
    (content / "checks" / "gone.yaml").unlink()
    assert f"| content/checks/{GAZETTE}.yaml | added since HEAD | agrees on all 2 quotes it gives |" in \
        summary.read_text()
    git(content.parent, "add", "content")
    git(content.parent, "commit", "-q", "-m", "checked")
    capsys.readouterr()
    assert verify("--changed", "HEAD", "--json") == 0  # committed and unchanged: nothing to look up
    assert json.loads(capsys.readouterr().out) == []


def test_a_result_for_a_quote_no_one_cites_is_a_warning_and_an_unconfirmed_one_fails(content, server,
                                                                                    capsys):  # fmt: skip
    assert verify(GAZETTE) == 0
    commit_base(content)
    results = content / "checks" / f"{GAZETTE}.yaml"
    extra = "- claim: no-such-claim\n  quote: the harbour reopened\n  status: verified\n"
    results.write_text(results.read_text() + extra)
    status_line = line_of(results, "- claim: no-such-claim") + 2
    capsys.readouterr()
    # The page reads as it did: the file agrees on the two quotes cited; the third is never shown.
    assert verify("--changed", "HEAD") == 0
    warning = (f"content/checks/{GAZETTE}.yaml:{status_line}:11: warning: status: this file gives a result "
               f"for a quote no claim or review cites from {GAZETTE} ('the harbour reopened')")  # fmt: skip
    assert warning in capsys.readouterr().out
    # Neither address answers now: the file's "verified" cannot be confirmed, and fails.
    results.write_text(results.read_text() + extra)
    server.routes["/archive/gazette"] = respond(404, "gone")
    server.routes["/gazette"] = respond(503, "down")
    assert verify("--changed", "HEAD", "--json") == 1
    out, err = capsys.readouterr()
    assert {item["status"] for item in json.loads(out)} == {"unreachable"}
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == 2 and all("what the file says cannot be confirmed" in line for line in errors)
    unread = "looked up again now: page unreachable (archive: HTTP 404 (not found); page: HTTP 503"
    assert f"is verified; {unread}" in errors[0]


def test_a_check_file_too_large_to_read_at_the_base_counts_as_changed(content, capsys):
    results = content / "checks" / f"{GAZETTE}.yaml"
    results.parent.mkdir()
    results.write_text("#" * (MAX_FILE_BYTES + 10))  # git stores it; the loader never reads it
    commit_base(content)
    results.unlink()
    assert verify(GAZETTE) == 0
    capsys.readouterr()
    assert verify("--changed", "HEAD", GAZETTE) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["2 quotes on 1 page: 2 verified"]
    assert f"content/checks/{GAZETTE}.yaml was changed since HEAD" in err


# --- archive -------------------------------------------------------------------------------


SOURCE = """\
# A comment stays.
id: x
title: T
url: https://example.org/a   # the page
published: 2025-04-30
# archive_url:   # recommended: the address of a copy in a web archive
# archived: 2026-01-01   # with archive_url: the date the copy was made
notes: n
"""


def test_archive_fields_are_filled_in_place_and_comments_stay():
    copy = "https://web.archive.org/web/20261126000000/https://example.org/a"
    text = set_archive_fields(SOURCE, copy, TODAY)
    assert text == SOURCE.replace("# archive_url:   #", f"archive_url: {copy}   #").replace(
        "# archived: 2026-01-01   #", "archived: 2026-11-26   #"
    )
    bare = "id: x\nurl: https://example.org/a\nnotes: n\n"
    assert set_archive_fields(bare, "https://a.example/b c", TODAY) == (
        'id: x\nurl: https://example.org/a\narchive_url: "https://a.example/b c"\n'
        "archived: 2026-11-26\nnotes: n\n"
    )


@pytest.fixture
def archive_content(tmp_path, server) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(VALID, folder)
    return folder


def save(folder: Path, server: Server, *sources: str, force: bool = False) -> int:
    with httpx.Client(follow_redirects=False, trust_env=False) as http:
        return archive_sources(folder, list(sources), endpoint=server.url("/save/"), today=TODAY,
                               force=force, http=http)  # fmt: skip


def test_archive_writes_the_copy_save_page_now_names(archive_content, server, capsys):
    copy = "/web/20261126101010/https://example.org/ministry/briefings/2025-04-10"
    server.routes["/save/https://example.org/ministry/briefings/2025-04-10"] = redirect(copy)
    assert save(archive_content, server, MINISTRY) == 0
    text = (archive_content / "sources" / f"{MINISTRY}.yaml").read_text()
    assert f"archive_url: {server.url(copy)}\narchived: 2026-11-26\n" in text
    assert text.startswith("id: example-ministry-2025-04-10-briefing\ntitle: 'Briefing transcript")
    found, problems = check_content(archive_content, TODAY)
    assert problems == [] and found.sources[MINISTRY].archive_url == server.url(copy)
    assert "then run `factsheet verify" in capsys.readouterr().out


def test_archive_says_plainly_when_refused_or_rate_limited(archive_content, server, capsys):
    path = archive_content / "sources" / f"{MINISTRY}.yaml"
    before = path.read_bytes()
    route = "/save/https://example.org/ministry/briefings/2025-04-10"
    server.routes[route] = respond(429, "slow down", headers={"Retry-After": "60"})
    assert save(archive_content, server, MINISTRY) == 1
    limited = "limiting requests (HTTP 429); run factsheet archive again after 60 seconds"
    assert limited in capsys.readouterr().err
    server.routes[route] = respond(
        403, "<title>Sorry</title><h2>This URL has been excluded from the Wayback Machine.</h2>"
    )
    assert save(archive_content, server, MINISTRY) == 1
    err = capsys.readouterr().err
    assert "refused to save https://example.org/ministry/briefings/2025-04-10 (HTTP 403: " in err
    assert "excluded from the Wayback Machine" in err
    server.routes[route] = respond(200, "<html>done?</html>")
    assert save(archive_content, server, MINISTRY) == 1
    assert "named no copy" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_archive_prints_the_archive_s_words_and_address_without_running_their_escapes(
    archive_content, server, capsys
):
    route = "/save/https://example.org/ministry/briefings/2025-04-10"
    # A heading that would retitle the terminal window and clear the screen, were it printed raw.
    server.routes[route] = respond(403, "<h2>\x1b]0;owned\x07Excluded\x1b[2J now</h2>")
    assert save(archive_content, server, MINISTRY) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "(HTTP 403: \\x1b]0;owned\\x07Excluded\\x1b[2J now)" in err
    assert len(err.splitlines()) == 1
    # An address holding a C1 control (CSI, a byte a header may carry) is shown escaped too.
    copy = "/web/20261126101010/https://example.org/a\x9b2J"
    server.routes[route] = respond(200, "ok", headers={"Content-Location": copy})
    assert save(archive_content, server, MINISTRY) == 0
    out = capsys.readouterr().out
    assert "\x9b" not in out and "https://example.org/a\\x9b2J (archived 2026-11-26)" in out


def test_archive_keeps_an_existing_copy_unless_forced(archive_content, server, capsys):
    copy = "/web/20261126101010/https://example.org/gazette/2025/03/02/flood-toll"
    server.routes["/save/https://example.org/gazette/2025/03/02/flood-toll"] = respond(
        200, "ok", headers={"Content-Location": copy}
    )
    assert save(archive_content, server, GAZETTE) == 1
    assert "already has archive_url" in capsys.readouterr().err
    assert save(archive_content, server, GAZETTE, force=True) == 0
    written = (archive_content / "sources" / f"{GAZETTE}.yaml").read_text()
    assert f"archive_url: {server.url(copy)}\n" in written


def test_archive_command_line(archive_content, server, capsys, monkeypatch):
    monkeypatch.chdir(archive_content.parent)
    assert main(["archive", "nope"]) == 2
    assert "no source 'nope'" in capsys.readouterr().err
    server.routes["/save/https://example.org/ministry/briefings/2025-04-10"] = respond(503, "busy")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert main(["archive", MINISTRY, "--endpoint", server.url("/save/")]) == 1
    assert "could not save" in capsys.readouterr().err
