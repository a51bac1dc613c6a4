"""The committed JSON Schemas are the generated ones, and they agree with the validator.

Content is read the way editors' tools read it (YAML 1.2 core types) and checked with the
`jsonschema` package; a mutation the validator refuses must be refused by the schema too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.content.load import load_documents
from generator.content.parse import parse_bytes
from generator.content.validate import check_content
from generator.tools.schema import SCHEMA_DIR, render_schemas, stale_schemas
from tests.factories import schema_for_document, yaml12_value

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 26)

TAGS = """\
tags:
  - id: north-korea
    label: North Korea
"""
SOURCE = """\
id: example-2025-04-30-report
title: "Example: 600 killed"
publisher: Example Daily
kind: news
url: https://news.example.org/2025/04/30/report
published: 2025-04-30
accessed: 2026-11-26
authors: [A. Writer]
archive_url: https://archive.example.org/2025/report
archived: 2025
notes:
"""
ACTOR = """\
id: nis
name: National Intelligence Service
kind: agency
country: KR
"""
SHEET = """\
id: troops
title: Troops
summary: Who says what.
updated: 2026-11
tags: [north-korea]
metrics:
  - id: troops-killed
    label: Troops killed
    unit: people
    definition: Reported dead.
sections:
  - id: casualties
    title: Casualties
    claims:
      - id: nis-killed
        text: The NIS estimated about 600 killed.
        kind: figure
        claimant: nis
        claimed_on: 2025-04-30
        status: reported
        figure:
          metric: troops-killed
          value: 600
          basis: cumulative
          qualifier: about
          low: 500
          high: 700.5
        citations:
          - source: example-2025-04-30-report
            quote: some 600 deaths, between 500 and 700.5 by another count
            locator: 3
      - id: nis-event
        text: Troops were seen.
        kind: event
        claimed_on: 2025
        status: corroborated
        quote:
        citations:
          - source: example-2025-04-30-report
reviews:
  - id: seed-review
    statement: a briefing by a lawmaker
    appearance: An article of unknown publisher
    rating: misattributed
    finding: Someone else gave the briefing.
    citations:
      - source: example-2025-04-30-report
"""
FILES = {
    "tags.yaml": TAGS,
    "sources/example-2025-04-30-report.yaml": SOURCE,
    "actors/nis.yaml": ACTOR,
    "sheets/troops.yaml": SHEET,
}

# (file, text to replace, replacement): each makes the content invalid for the validator.
MUTATIONS = {
    "unknown field": ("actors/nis.yaml", "country: KR", "contry: KR"),
    "enum": ("sources/example-2025-04-30-report.yaml", "kind: news", "kind: newspaper"),
    "quoted number": ("sheets/troops.yaml", "value: 600", 'value: "600"'),
    "number with words": ("sheets/troops.yaml", "value: 600", "value: 600 soldiers"),
    "javascript url": ("sources/example-2025-04-30-report.yaml", "url: https://news.example.org/2025/04/30/report",
                       "url: javascript:alert(1)"),
    "bad date": ("sources/example-2025-04-30-report.yaml", "published: 2025-04-30", "published: 30.04.2025"),
    "month 13": ("sources/example-2025-04-30-report.yaml", "published: 2025-04-30", "published: 2025-13"),
    "id not a slug": ("actors/nis.yaml", "id: nis", "id: NIS"),
    "missing required": ("actors/nis.yaml", "kind: agency\n", ""),
    "figure on an event": ("sheets/troops.yaml", "        quote:\n",
                           "        figure: {metric: troops-killed, value: 1, basis: cumulative}\n"),
    "claimant missing": ("sheets/troops.yaml", "        claimant: nis\n", ""),
    "no citations": ("sheets/troops.yaml",
                     "        citations:\n          - source: example-2025-04-30-report\nreviews",
                     "        citations: []\nreviews"),
    "review without appearance": ("sheets/troops.yaml",
                                  "    appearance: An article of unknown publisher\n", ""),
    "tag list not a list": ("sheets/troops.yaml", "tags: [north-korea]", "tags: north-korea"),
    "language tag": ("sources/example-2025-04-30-report.yaml", "notes:\n", "language: english\n"),
    # Issue 13: what the schema let through before it was generated rule for rule.
    "blank required text": ("sheets/troops.yaml", "title: Troops", 'title: "  "'),
    "archived without archive_url": ("sources/example-2025-04-30-report.yaml",
                                     "archive_url: https://archive.example.org/2025/report\n", ""),
    "archived with a blank archive_url": ("sources/example-2025-04-30-report.yaml",
                                          "archive_url: https://archive.example.org/2025/report\n",
                                          "archive_url:\n"),
    "year 0000": ("sources/example-2025-04-30-report.yaml", "published: 2025-04-30", "published: 0000-04-30"),
    "30 February": ("sources/example-2025-04-30-report.yaml", "published: 2025-04-30",
                    "published: 2024-02-30"),
    "a year of two digits": ("sources/example-2025-04-30-report.yaml", "published: 2025-04-30",
                             "published: 25"),
    "superseded without superseded_by": ("sheets/troops.yaml", "        status: corroborated",
                                         "        status: superseded"),
    "superseded_by without superseded": ("sheets/troops.yaml", "        status: corroborated",
                                         "        status: corroborated\n        superseded_by: nis-killed"),
    "a fresh scaffold's blank claimant": ("sheets/troops.yaml", "        claimant: nis\n",
                                          "        claimant:\n"),
    "period on a cumulative figure": ("sheets/troops.yaml", "          basis: cumulative",
                                      "          basis: cumulative\n          period: one week"),
    "a URL with a user name": ("sources/example-2025-04-30-report.yaml",
                               "url: https://news.example.org/2025/04/30/report",
                               "url: https://user@news.example.org/2025/04/30/report"),
    "a blank appearance": ("sheets/troops.yaml", "    appearance: An article of unknown publisher\n",
                           "    appearance:\n"),
}

# Each is valid content: the schema must accept it too (it was stricter than the rules before).
ACCEPTED = {
    "an id written as a number": ("sheets/troops.yaml", "      - id: nis-event", "      - id: 600"),
    "text that YAML 1.2 reads as a boolean": ("actors/nis.yaml", "name: National Intelligence Service",
                                              "name: true"),
    "an enum in quotes with spaces": ("sources/example-2025-04-30-report.yaml", "kind: news",
                                      'kind: " news "'),
    "blank optional fields": ("sources/example-2025-04-30-report.yaml", "notes:\n",
                              'notes: ""\nagency: "  "\nlanguage:\n'),
    "a blank optional number": ("sheets/troops.yaml", "          low: 500", '          low: ""'),
    "29 February of a leap year": ("sources/example-2025-04-30-report.yaml", "published: 2025-04-30",
                                   "published: 2024-02-29"),
}


def write_content(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder / "content"


def validators() -> dict[str, Draft202012Validator]:
    return {name: Draft202012Validator(json.loads(text)) for name, text in render_schemas().items()}


def schema_errors(content_dir: Path) -> list[str]:
    """Every schema error in a content folder, read as a YAML 1.2 tool reads it."""
    found = []
    checkers = validators()
    documents, problems = load_documents(content_dir)
    assert not problems, [p.format() for p in problems]
    for document in documents:
        name = schema_for_document(document.path, document.folder)
        assert name, document.path
        for error in checkers[name].iter_errors(yaml12_value(document.root)):
            found.append(f"{document.path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    return found


def test_committed_schemas_are_the_generated_ones():
    assert stale_schemas(ROOT) == [], "run `factsheet schema` and commit schemas/"
    committed = sorted(p.name for p in (ROOT / SCHEMA_DIR).glob("*.schema.json"))
    assert committed == sorted(render_schemas())


def test_schema_check_command_fails_on_a_stale_schema(tmp_path):
    (tmp_path / SCHEMA_DIR).mkdir()
    for name, text in render_schemas().items():
        (tmp_path / SCHEMA_DIR / name).write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "generator", "schema", "--check", "--root", str(tmp_path)]
    assert subprocess.run(command, capture_output=True, text=True, check=False).returncode == 0
    (tmp_path / SCHEMA_DIR / "actor.schema.json").write_text("{}\n", encoding="utf-8")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "schemas/actor.schema.json: differs from generator/content/fields.py" in result.stdout


def test_schemas_are_valid_draft_2020_12():
    for name, text in render_schemas().items():
        schema = json.loads(text)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", name
        Draft202012Validator.check_schema(schema)


def test_schemas_carry_descriptions_and_enums():
    sheet = json.loads(render_schemas()["sheet.schema.json"])
    claim = sheet["$defs"]["claim"]
    assert claim["properties"]["status"]["anyOf"][0]["enum"][:2] == ["reported", "corroborated"]
    assert "figure" in claim["properties"]["kind"]["description"]
    for name, text in render_schemas().items():
        schema = json.loads(text)
        for record in [schema, *schema.get("$defs", {}).values()]:
            for field, spec in record["properties"].items():
                assert spec.get("description"), f"{name}: {field} has no description"


def test_the_sample_is_valid_for_both_the_validator_and_the_schemas(tmp_path):
    content_dir = write_content(tmp_path, FILES)
    content, problems = check_content(content_dir, today=TODAY)
    assert [p.format() for p in problems if p.severity == "error"] == []
    assert content is not None
    assert schema_errors(content_dir) == []


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_the_schemas_refuse_what_the_validator_refuses(tmp_path, mutation):
    name, old, new = MUTATIONS[mutation]
    files = dict(FILES)
    assert old in files[name], mutation
    files[name] = files[name].replace(old, new)
    content_dir = write_content(tmp_path, files)
    _, problems = check_content(content_dir, today=TODAY)
    assert any(p.severity == "error" for p in problems), f"the validator accepts: {mutation}"
    assert schema_errors(content_dir), f"the schema accepts: {mutation}"


@pytest.mark.parametrize("mutation", sorted(ACCEPTED))
def test_the_schemas_accept_what_the_validator_accepts(tmp_path, mutation):
    name, old, new = ACCEPTED[mutation]
    files = dict(FILES)
    assert old in files[name], mutation
    files[name] = files[name].replace(old, new)
    content_dir = write_content(tmp_path, files)
    _, problems = check_content(content_dir, today=TODAY)
    assert [p.format() for p in problems if p.severity == "error"] == [], mutation
    assert schema_errors(content_dir) == [], mutation


def test_real_content_is_valid_against_the_schemas():
    content_dir = ROOT / "content"
    documents, _ = load_documents(content_dir)
    assert documents, "content/ holds no files"
    assert schema_errors(content_dir) == []


def test_valid_fixtures_are_valid_against_the_schemas():
    folders = sorted(p for p in (ROOT / "tests" / "fixtures").glob("**/content") if "invalid" not in p.parts
                     and not any(part.startswith("invalid") for part in p.relative_to(ROOT).parts))
    assert folders, "no valid fixture folder (tests/fixtures/**/content) found"
    for folder in folders:
        assert schema_errors(folder) == [], folder


def test_yaml12_reading_matches_editors_tools():
    def read(text: str):
        root, problems = parse_bytes(text.encode(), "x.yaml")
        assert not problems
        return yaml12_value(root)

    assert read("a: 2025\nb: 2025-04\nc: 2025-04-30\nd: yes\ne: true\nf: ~\ng: 1.5\nh: '600'\ni: 0x1f\n") == {
        "a": 2025, "b": "2025-04", "c": "2025-04-30", "d": "yes", "e": True, "f": None, "g": 1.5, "h": "600",
        "i": 31,
    }
