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
from generator.tools.new_ids import source_id_for
from generator.tools.scaffold import ScaffoldError, new_sheet, new_source
from generator.tools.scaffold_claim import new_claim
from tests.factories import fill

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
    # The blanks: text, claimant, claimed_on, metric, value, basis, the figure's quote; text,
    # claimed_on, source.
    assert len(found) == 10, found
    blank = ("has no value", "is missing", "is empty")
    assert all(any(word in line for word in blank) for line in found), found
    assert sum("the quote is empty" in line for line in found) == 1, found
    assert len(figure.to_fill) == 6 and len(event.to_fill) == 3  # the event's source is blank too
    # The sheet has no metric yet: add one, then fill both claims.
    text = sheet.path.read_text().replace(
        "metrics:   #", "metrics:\n  - id: aid-tonnes\n    label: Aid delivered\n    unit: tonnes\n"
        "    definition: Tonnes delivered.\n#", 1)
    sheet.path.write_text(text)
    fill(sheet.path, 1, {"text": "The ministry said 40 tonnes arrived.", "claimant": "example-ministry",
                         "claimed_on": "2025-04-10", "metric": "aid-tonnes", "value": "40",
                         "basis": "cumulative", "quote": "some 40 tonnes arrived"})
    event_line = next(i for i, line in enumerate(sheet.path.read_text().split("\n"), 1) if event.id in line)
    fill(sheet.path, event_line, {"text": "Aid arrived.", "claimed_on": "2025-04", "source":
                                  "example-ministry-2025-04-10-briefing"})
    assert errors(content) == []


def test_new_claim_keeps_the_sheet_text_and_goes_into_the_section_asked_for(content):
    path = content / "sheets" / "harbour-flood.yaml"
    original = path.read_text().replace("  - id: response\n", "  # Response: what the authorities did.\n"
                                        "  - id: response\n", 1)
    original = original.replace("reviews:", "# Reviews check statements made elsewhere.\nreviews:", 1)
    path.write_text(original)
    created = new_claim(content, "harbour-flood", "statement", section="response")
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
    created = new_claim(content, "harbour-flood", "event", section="response")
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


def test_new_claim_keeps_the_sheet_file_mode(content):
    sheet = content / "sheets" / "harbour-flood.yaml"
    sheet.chmod(0o664)
    new_claim(content, "harbour-flood")
    assert sheet.stat().st_mode & 0o777 == 0o664  # was 0600, the temporary file's


def test_new_claim_refuses_an_inline_claims_list_and_changes_nothing(content):
    path = content / "sheets" / "harbour-flood.yaml"
    text = path.read_text()
    start, end = text.index("  - id: response"), text.index("\nreviews:")
    path.write_text(text[:start] + "  - id: response\n    title: Response\n    claims: []\n" + text[end:])
    before = path.read_bytes()
    with pytest.raises(ScaffoldError, match="inline"):
        new_claim(content, "harbour-flood", section="response")
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


def _section_of(path: Path, claim_id: str) -> str:
    """The id of the section whose claims list the claim (by reading the sheet as the site does)."""
    from generator.content.parse import parse_bytes

    root, _ = parse_bytes(path.read_bytes(), str(path))
    for section in root.value["sections"].value:
        claims = section.value.get("claims")
        if claims is not None and isinstance(claims.value, list) and any(
                claim.value["id"].value == claim_id for claim in claims.value):
            return section.value["id"].value
    raise AssertionError(f"{claim_id} is in no section")


def test_new_claim_through_the_command_line_goes_into_the_section_given(content):
    path = content / "sheets" / "harbour-flood.yaml"

    def new_claim_command(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "generator", "new", "claim", "harbour-flood", *args]
        command += ["--content", str(content)]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    result = new_claim_command("--kind", "event", "--id", "harbour-reopened", "--section", "response")
    assert result.returncode == 0, result.stderr
    assert _section_of(path, "harbour-reopened") == "response"  # unasked, an event goes to `toll`
    assert "added claim 'harbour-reopened'" in result.stdout and "in section 'response'" in result.stdout
    unknown = new_claim_command("--kind", "event", "--section", "respons")
    assert unknown.returncode == 1 and "no section 'respons' (did you mean 'response'?)" in unknown.stderr


def test_a_figure_goes_where_the_latest_claim_of_its_metric_is(content):
    path = content / "sheets" / "harbour-flood.yaml"
    first = new_claim(content, "harbour-flood", "figure")
    assert _section_of(path, first.id) == "toll"  # the only section with flood-deaths figures
    assert "latest claim of metric 'flood-deaths'" in first.note
    # A later flood-deaths figure in `response` makes `response` the place for the next one.
    text = path.read_text().replace("    claims:\n      - id: harbour-closed-2025-03-01", """    claims:
      - id: ministry-2025-05-01-deaths
        text: The ministry said 60 people had died.
        kind: figure
        claimant: example-ministry
        claimed_on: 2025-05-01
        status: reported
        figure:
          metric: flood-deaths
          value: 60
          basis: cumulative
        citations:
          - source: example-ministry-2025-04-10-briefing
      - id: harbour-closed-2025-03-01""", 1)
    path.write_text(text)
    assert _section_of(path, new_claim(content, "harbour-flood", "figure").id) == "response"


def test_other_kinds_go_to_the_first_section_with_claims_never_one_without(content):
    path = content / "sheets" / "harbour-flood.yaml"
    text = path.read_text().replace("sections:\n", "sections:\n  - id: summary\n    title: Summary\n", 1)
    text = text.replace("reviews:", "  - id: the-post\n    title: A post that went round\nreviews:", 1)
    path.write_text(text)
    created = new_claim(content, "harbour-flood", "event")
    assert _section_of(path, created.id) == "toll"
    assert "first section with claims" in created.note


def test_unknown_sections_and_metrics_are_refused_with_the_ones_there_are(content):
    expected = r"no section 'respons' \(did you mean 'response'\?\); its sections: toll, response"
    with pytest.raises(ScaffoldError, match=expected):
        new_claim(content, "harbour-flood", section="respons")
    with pytest.raises(ScaffoldError, match=r"no metric 'deaths'.*its metrics: flood-deaths"):
        new_claim(content, "harbour-flood", metric="deaths")


def test_on_the_real_sheet_a_claim_never_lands_in_the_section_of_the_reviews(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    content = tmp_path / "content"
    path = content / "sheets" / "dprk-troops-russia.yaml"
    killed = new_claim(content, "dprk-troops-russia", "figure", metric="dprk-troops-killed")
    assert _section_of(path, killed.id) == "casualties"
    event = new_claim(content, "dprk-troops-russia", "event")
    assert _section_of(path, event.id) == "deployment"
    chosen = new_claim(content, "dprk-troops-russia", "statement", section="prisoners")
    assert _section_of(path, chosen.id) == "prisoners"
    assert "seed-article" not in {_section_of(path, c.id) for c in (killed, event, chosen)}
    found = errors(content)
    blank = ("has no value", "is missing", "the quote is empty")
    assert found and all(any(words in line for words in blank) for line in found), found


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
