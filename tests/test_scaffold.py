"""`factsheet new`: skeletons load, `check` points at exactly their blanks, filled they are valid,
ids are fresh, nothing is overwritten, and a new claim keeps every comment of the sheet."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.content.validate import check_content
from generator.tools.scaffold import ScaffoldError, new_claim, new_sheet, new_source, source_id_for

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "tests" / "fixtures" / "valid" / "content"
TODAY = date.today()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(VALID, tmp_path / "content")
    return tmp_path / "content"


def errors(content_dir: Path) -> list[str]:
    _, problems = check_content(content_dir, today=TODAY)
    return [p.format() for p in problems if p.severity == "error"]


def fill(path: Path, first_line: int, values: dict[str, str]) -> None:
    """Write each value into the first blank `key:` at or after `first_line` (1-based)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for key, value in values.items():
        for index in range(first_line - 1, len(lines)):
            match = re.match(rf"^(\s*(?:- )?){key}:\s*(#.*)?$", lines[index])
            if match:
                lines[index] = f"{match.group(1)}{key}: {value}   {match.group(2) or ''}".rstrip()
                break
        else:
            raise AssertionError(f"no blank {key} in {path}")
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/news/2025/04/30/troops-killed-in-kursk",
         "example-2025-04-30-troops-killed-in-kursk"),
        ("https://www.bbc.co.uk/news/world-europe-12345678", "bbc-world-europe-12345678"),
        ("https://news.example.org/20250430/Seoul-Says-600-Killed.html",
         "example-2025-04-30-seoul-says-600-killed"),
        ("http://example.net/", "example"),
    ],
)
def test_source_id_from_the_url(url, expected):
    assert source_id_for(url) == expected


def test_new_source_leaves_exactly_the_blanks_to_fill(content):
    created = new_source(content, "https://www.example.com/news/2025/04/30/troops-killed-in-kursk", TODAY)
    assert created.path == content / "sources" / "example-2025-04-30-troops-killed-in-kursk.yaml"
    found = errors(content)
    shown = "content/sources/example-2025-04-30-troops-killed-in-kursk.yaml"
    assert found == [
        f"{shown}:3:7: error: title: required field 'title' has no value",
        f"{shown}:4:11: error: publisher: required field 'publisher' has no value",
        f"{shown}:7:11: error: published: required field 'published' has no value",
    ]
    assert [(line, what.split(":")[0]) for line, _, what in created.to_fill] == [
        (3, "title"), (4, "publisher"), (7, "published")]
    fill(created.path, 1, {"title": "Troops killed", "publisher": "Example News", "published": "2025-04-30"})
    assert errors(content) == []
    assert "# archive_url:" in created.path.read_text()


def test_new_source_refuses_a_bad_url_a_known_url_and_a_taken_id(content):
    with pytest.raises(ScaffoldError, match="http:// or https://"):
        new_source(content, "javascript:alert(1)", TODAY)
    known = next(p for p in (content / "sources").glob("*.yaml") if "url:" in p.read_text())
    cited = re.search(r"^url: (.+)$", known.read_text(), re.MULTILINE).group(1).strip().strip('"')
    with pytest.raises(ScaffoldError, match="already cites this URL"):
        new_source(content, cited, TODAY)
    before = known.read_bytes()
    with pytest.raises(ScaffoldError, match="already used"):
        new_source(content, "https://other.example.org/a", TODAY, source_id=known.stem)
    assert known.read_bytes() == before


def test_new_source_ids_stay_unique(content):
    first = new_source(content, "https://www.example.com/2025/01/02/story", TODAY)
    second = new_source(content, "https://example.com/2025/01/02/story?page=2", TODAY)
    assert (first.id, second.id) == ("example-2025-01-02-story", "example-2025-01-02-story-2")


def test_new_sheet_then_claims_fill_to_a_valid_sheet(content):
    sheet = new_sheet(content, TODAY, title='Aid <b>"deliveries"</b>')
    assert sheet.id == "aid-b-deliveries-b"
    assert 'title: "Aid <b>\\"deliveries\\"</b>"' in sheet.path.read_text()
    fill(sheet.path, 1, {"summary": "Who delivered what.", "title": "Deliveries"})
    figure = new_claim(content, sheet.id, "figure", source="example-ministry-2025-04-10-briefing")
    event = new_claim(content, sheet.id, "event")
    assert (figure.id, event.id) == (f"{sheet.id}-claim-1", f"{sheet.id}-claim-2")
    found = errors(content)
    # The blanks: text, claimant, claimed_on, metric, value; text, claimed_on, source.
    assert len(found) == 8, found
    assert all("has no value" in line or "is missing" in line for line in found), found
    assert len(figure.to_fill) == 5 and len(event.to_fill) == 3  # the event's source is blank too
    # The sheet has no metric yet: add one, then fill both claims.
    text = sheet.path.read_text().replace(
        "metrics:   #", "metrics:\n  - id: aid-tonnes\n    label: Aid delivered\n    unit: tonnes\n"
        "    definition: Tonnes delivered.\n#", 1)
    sheet.path.write_text(text)
    fill(sheet.path, 1, {"text": "The ministry said 40 tonnes arrived.", "claimant": "example-ministry",
                         "claimed_on": "2025-04-10", "metric": "aid-tonnes", "value": "40"})
    event_line = next(i for i, line in enumerate(sheet.path.read_text().split("\n"), 1) if event.id in line)
    fill(sheet.path, event_line, {"text": "Aid arrived.", "claimed_on": "2025-04", "source":
                                  "example-ministry-2025-04-10-briefing"})
    assert errors(content) == []


def test_new_claim_keeps_the_sheet_text_and_goes_into_the_last_section(content):
    path = content / "sheets" / "harbour-flood.yaml"
    original = path.read_text().replace("  - id: response\n", "  # Response: what the authorities did.\n"
                                        "  - id: response\n", 1)
    original = original.replace("reviews:", "# Reviews check statements made elsewhere.\nreviews:", 1)
    path.write_text(original)
    created = new_claim(content, "harbour-flood", "statement")
    updated = path.read_text()
    added = [line for line in updated.split("\n") if line not in original.split("\n")]
    assert "\n".join(line for line in updated.split("\n") if line not in added) == original
    assert added[0] == f"      - id: {created.id}   # unique on the site; the anchor #{created.id}: " \
        "rename it before it is published"
    assert updated.index(created.id) < updated.index("# Reviews check") < updated.index("reviews:")
    assert updated.index("  - id: response") < updated.index(created.id)
    assert created.to_fill[0][0] == updated.split("\n").index(added[1]) + 1  # the text: line, 1-based


def test_new_claim_adds_a_claims_key_and_keeps_crlf(content):
    path = content / "sheets" / "harbour-flood.yaml"
    text = path.read_text()
    start = text.index("  - id: response")
    end = text.index("\nreviews:")
    text = text[:start] + "  - id: response\r\n    title: Response\r\n" + text[end:]
    path.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode())
    created = new_claim(content, "harbour-flood", "event")
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"    title: Response\r\n    claims:\r\n      - id: " + created.id.encode() in data
    assert not any("sections[1].title" in e for e in errors(content))


def test_claim_ids_are_unique_across_the_site(content):
    (content / "sources" / "harbour-flood-claim-1.yaml").write_text(
        (content / "sources" / "example-ministry-2025-04-10-briefing.yaml").read_text()
        .replace("id: example-ministry-2025-04-10-briefing", "id: harbour-flood-claim-1"))
    assert new_claim(content, "harbour-flood").id == "harbour-flood-claim-2"
    with pytest.raises(ScaffoldError, match="already used"):
        new_claim(content, "harbour-flood", claim_id="ministry-2025-04-10-deaths")
    with pytest.raises(ScaffoldError, match="no sheet 'nope'"):
        new_claim(content, "nope")


def test_new_claim_refuses_an_inline_claims_list_and_changes_nothing(content):
    path = content / "sheets" / "harbour-flood.yaml"
    text = path.read_text()
    start, end = text.index("  - id: response"), text.index("\nreviews:")
    path.write_text(text[:start] + "  - id: response\n    title: Response\n    claims: []\n" + text[end:])
    before = path.read_bytes()
    with pytest.raises(ScaffoldError, match="inline"):
        new_claim(content, "harbour-flood")
    assert path.read_bytes() == before


def test_new_through_the_command_line(content):
    command = [sys.executable, "-m", "generator", "new", "source", "https://example.org/2025/05/01/a-report",
               "--content", str(content)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "example-2025-05-01-a-report.yaml" in result.stdout and "fill in:" in result.stdout
    assert re.search(r"example-2025-05-01-a-report\.yaml:3:1: title", result.stdout)
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.returncode == 1
    assert "already cites this URL" in again.stderr and "Traceback" not in again.stderr


def test_new_refuses_reserved_long_and_path_like_ids_and_never_writes_through_a_link(content, tmp_path):
    with pytest.raises(ScaffoldError, match="a name the site uses for its own pages"):
        new_sheet(content, TODAY, "index")
    with pytest.raises(ScaffoldError, match="a name the site uses for its own pages"):
        new_source(content, "https://example.org/a", TODAY, source_id="data")
    with pytest.raises(ScaffoldError, match="at most 100 characters; this one has 101"):
        new_sheet(content, TODAY, "x" * 101)
    assert new_sheet(content, TODAY, title="Index").id == "index-2"  # a derived id steers clear
    with pytest.raises(ScaffoldError, match="is not a sheet id"):
        new_claim(content, "../../outside")
    outside = tmp_path / "outside.yaml"
    outside.write_bytes((content / "sheets" / "harbour-flood.yaml").read_bytes())
    (content / "sheets" / "linked.yaml").symlink_to(outside)
    before = outside.read_bytes()
    with pytest.raises(ScaffoldError, match=r"linked\.yaml: it is a symbolic link"):
        new_claim(content, "linked")
    assert outside.read_bytes() == before
