"""The validator: typed model from the valid fixture; every rule, located, on small inputs.

The exact wording of every message is pinned by the invalid fixtures (tests/test_cli.py);
these tests check values, positions and the rules' edges.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from generator.content import model
from generator.content.fields import RECORDS
from generator.content.load import Document
from generator.content.model import PartialDate
from generator.content.parse import parse_bytes
from generator.content.records import MODEL_CLASSES
from generator.content.validate import check_content, validate_documents

VALID = Path(__file__).parent / "fixtures" / "valid" / "content"
TODAY = date(2026, 11, 26)

SOURCE = """\
id: s
title: A title
publisher: A publisher
kind: news
url: https://example.org/a
published: 2025-04-30
accessed: 2025-05-01
"""
ACTOR = "id: nis\nname: NIS\nkind: agency\n"
SHEET = """\
id: sheet
title: Sheet
summary: Summary.
updated: 2025-05
metrics:
  - id: killed
    label: Killed
    unit: people
    definition: Dead.
sections:
  - id: one
    title: One
    claims:
      - id: c1
        text: NIS said 600 died.
        kind: figure
        claimant: nis
        claimed_on: 2025-04-30
        status: reported
        figure:
          metric: killed
          value: {value}
          basis: cumulative
        citations:
          - source: s
            quote: NIS said {quoted} died
"""


def documents(files: dict[str, str]) -> list[Document]:
    found = []
    for path, text in files.items():
        root, problems = parse_bytes(text.encode(), path)
        assert problems == [], problems
        folder = path.split("/")[1] if path.count("/") == 2 else ""
        found.append(Document(path, folder, root))
    return found


def check(files: dict[str, str], today: date = TODAY):
    return validate_documents(documents(files), today)


def site(value: str = "600", sheet: str = SHEET, **more: str) -> dict[str, str]:
    files = {
        "content/sources/s.yaml": SOURCE,
        "content/actors/nis.yaml": ACTOR,
        # The quote gives the value when it is a number, so the figure is found in it.
        "content/sheets/sheet.yaml": sheet.replace("{value}", value).replace(
            "{quoted}", value if re.fullmatch(r"-?[0-9.]+", value) else "600"
        ),
    }
    files.update({path.replace("__", "/").replace("_yaml", ".yaml"): text for path, text in more.items()})
    return files


def messages(problems) -> list[tuple[str, int, int, str, str]]:
    return [(p.path.rsplit("/", 1)[-1], p.line, p.column, p.field_path, p.message) for p in problems]


# --- the specs and the model agree -----------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(MODEL_CLASSES))
def test_every_model_field_has_a_spec_and_every_spec_a_model_field(kind):
    model_fields = {f.name for f in dataclasses.fields(MODEL_CLASSES[kind])} - {"origin"}
    spec_fields = {spec.name for spec in RECORDS[kind].fields}
    assert model_fields == spec_fields


def test_choices_come_from_the_model():
    assert RECORDS["source"].field("kind").choices == model.SOURCE_KINDS
    assert RECORDS["actor"].field("kind").choices == model.ACTOR_KINDS
    assert RECORDS["claim"].field("kind").choices == model.CLAIM_KINDS
    assert RECORDS["claim"].field("status").choices == model.STATUSES
    assert RECORDS["figure"].field("qualifier").choices == model.QUALIFIERS
    assert RECORDS["review"].field("rating").choices == model.RATINGS


def test_every_field_is_described():
    for spec in RECORDS.values():
        for field in spec.fields:
            assert field.description and "\n" not in field.description, (spec.kind, field.name)


# --- the valid fixture ---------------------------------------------------------------------


def test_valid_fixture_becomes_the_typed_model():
    content, problems = check_content(VALID, today=TODAY)
    assert problems == []
    assert content is not None
    assert list(content.sources) == [
        "example-gazette-2025-03-02-flood-toll",
        "example-ministry-2025-04-10-briefing",
    ]
    assert list(content.actors) == ["example-ministry", "jane-sample"]
    assert list(content.tags) == ["flood", "harbour"]  # sorted by id, not file order
    gazette = content.sources["example-gazette-2025-03-02-flood-toll"]
    assert gazette.authors == ("Ada Sample", "Ben Placeholder")
    assert gazette.published == PartialDate(2025, 3, 2)
    assert gazette.origin == model.Origin("content/sources/example-gazette-2025-03-02-flood-toll.yaml", 1, 1)
    assert content.sources["example-ministry-2025-04-10-briefing"].language == "en"  # the default
    (sheet,) = content.sheets
    assert [s.id for s in sheet.sections] == ["toll", "response"]
    assert [c.id for c in sheet.claims] == [
        "ministry-2025-03-02-deaths",
        "ministry-2025-04-10-deaths",
        "harbour-closed-2025-03-01",
        "sample-2025-04-10-quote",
    ]
    old, new, event, quote = sheet.claims
    assert old.figure == model.Figure(
        "flood-deaths", 40, "cumulative", "about", 35, 45, PartialDate(2025, 3), None,
        "in the harbour district",
    )
    assert old.status == "superseded" and old.superseded_by == new.id
    assert old.via == (("jane-sample",),)
    assert new.figure.qualifier == "exact" and isinstance(new.figure.value, int)
    assert event.claimant is None and event.figure is None
    assert quote.quote == model.Quote("We will rebuild the wall before the autumn storms.", "en")
    assert quote.citations == (
        model.Citation(
            "example-ministry-2025-04-10-briefing",
            '"We will rebuild the wall before the autumn storms," the spokesperson said.',
            "page 3",
            "Transcript published by the ministry.",
        ),
    )
    assert old.origin.line == 19 and old.origin.column == 9
    (review,) = sheet.reviews
    assert review.rating == "inaccurate" and review.claimed_on == PartialDate(2025, 3)
    assert sheet.metrics[0].series == ("example-ministry",)


# --- typing: YAML 1.1 must not leak -----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [("KR", True), ("GB", True), ("XA", True), ("QM", True), ("kr", False), ("South Korea", False),
     ("FJ", False), ("KOR", False)],
)  # fmt: skip
def test_country_is_a_known_iso_code_or_a_user_assigned_one(typed, accepted):
    actor = f"id: nis\nname: NIS\nkind: agency\ncountry: {typed}\n"
    content, problems = check(site(content__actors__nis_yaml=actor))
    if accepted:
        assert problems == [] and content.actors["nis"].country == typed
        return
    assert messages(problems) == [
        ("nis.yaml", 4, 10, "country",
         f"expected a country code such as 'KR' (listed in generator/content/countries.py) "
         f"or a user-assigned code such as 'XA', got '{typed}'"),
    ]  # fmt: skip


def test_yaml_1_1_words_arrive_as_the_text_typed():
    sheet = SHEET.replace("title: Sheet", "title: 1.10").replace(
        "text: NIS said 600 died.", "text: 2025-04-30"
    )
    actor = "id: nis\nname: no\nkind: agency\ncountry: NO\nrole: on\ndescription: 1:20\n"
    content, problems = check(site(sheet=sheet, content__actors__nis_yaml=actor))
    assert problems == []
    actor_model = content.actors["nis"]
    assert (actor_model.name, actor_model.country, actor_model.role, actor_model.description) == (
        "no",
        "NO",
        "on",
        "1:20",
    )
    assert content.sheets[0].title == "1.10"
    assert content.sheets[0].claims[0].text == "2025-04-30"


@pytest.mark.parametrize(
    ("typed", "value"),
    [("600", 600), ("0", 0), ("-12", -12), ("1.10", Decimal("1.10")), ("4700.5", Decimal("4700.5"))],
)
def test_plain_numbers_are_numbers(typed, value):
    content, problems = check(site(typed))
    assert problems == []
    figure = content.sheets[0].claims[0].figure
    assert figure.value == value and type(figure.value) is type(value)


@pytest.mark.parametrize(
    "typed",
    [
        "'600'",
        '"600"',
        "4,700",
        "4_700",
        "1:20",
        "007",
        "1.",
        ".5",
        "1e3",
        ".inf",
        ".nan",
        "0x10",
        "on",
        "600 soldiers",
        "[600]",
        "|\n            600",
    ],
)
def test_everything_else_in_a_number_field_is_a_located_error(typed):
    _, problems = check(site(typed))
    assert messages(problems)[0][:4] == ("sheet.yaml", 22, 18, "sections[0].claims[0].figure.value")
    assert problems[0].message.startswith("expected a number")


def test_text_is_stripped_and_blank_optional_text_is_absent():
    source = SOURCE + "notes: '   '\nagency: '  Reuters '\n"
    content, problems = check(site(content__sources__s_yaml=source))
    assert problems == []
    assert content.sources["s"].agency == "Reuters" and content.sources["s"].notes is None


@pytest.mark.parametrize("null", ["~", "null", "Null", "NULL", ""])
def test_null_for_an_optional_field_means_absent(null):
    sheet = SHEET.replace("          value: {value}", f"          value: 600\n          qualifier: {null}")
    content, problems = check(site(sheet=sheet))
    assert problems == []
    assert content.sheets[0].claims[0].figure.qualifier == "exact"


def test_quoted_null_is_text():
    content, problems = check(site(content__actors__nis_yaml="id: nis\nname: 'null'\nkind: agency\n"))
    assert problems == [] and content.actors["nis"].name == "null"


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("2026", True),
        ("2026-11", True),
        ("2026-11-26", True),
        ("2026-11-27", False),
        ("2026-12", False),
        ("2027", False),
        ("2024-02-29", True),
        ("2025-02-29", False),
        ("2025-00", False),
        ("2025-04-31", False),
        ("0000", False),
        ("'2025-04-30'", True),
        ("20250430", False),
        ("2025-4-30", False),
        ("25-04-30", False),
    ],
)
def test_dates_are_real_and_not_after_today(typed, ok):
    source = SOURCE.replace("accessed: 2025-05-01", f"accessed: {typed}")
    _, problems = check(site(content__sources__s_yaml=source))
    assert (problems == []) is ok
    if not ok:
        assert messages(problems) == [("s.yaml", 7, 11, "accessed", problems[0].message)]


# --- rules across records ---------------------------------------------------------------------


def test_every_problem_in_every_file_is_collected():
    source = SOURCE.replace("kind: news", "kind: newz").replace("url: https://example.org/a", "url: ftp://x")
    actor = "id: nis\nname: NIS\nkind: spy\nrank: high\n"
    _, problems = check(site("many", content__sources__s_yaml=source, content__actors__nis_yaml=actor))
    assert [(m[0], m[1], m[2], m[3]) for m in messages(problems)] == [
        ("nis.yaml", 3, 7, "kind"),
        ("nis.yaml", 4, 1, ""),
        ("sheet.yaml", 22, 18, "sections[0].claims[0].figure.value"),
        ("s.yaml", 4, 7, "kind"),
        ("s.yaml", 5, 6, "url"),
    ]


def test_content_is_none_only_when_there_are_errors(tmp_path):
    for path, text in site(content__sources__unused_yaml=SOURCE.replace("id: s", "id: unused")).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    content, problems = check_content(tmp_path / "content", today=TODAY)
    assert [p.severity for p in problems] == ["warning"]
    assert content is not None
    (tmp_path / "content/actors/nis.yaml").write_text("id: nis\n")
    content, problems = check_content(tmp_path / "content", today=TODAY)
    assert content is None


def test_a_chain_of_supersession_is_not_a_cycle():
    claims = SHEET.split("      - id: c1")[1]
    chain = (
        "".join(
            f"      - id: c{n}"
            + claims.replace("status: reported", f"status: superseded\n        superseded_by: c{n + 1}")
            for n in (1, 2)
        )
        + "      - id: c3"
        + claims
    )
    content, problems = check(site(sheet=SHEET.split("      - id: c1")[0] + chain))
    assert problems == []
    assert [c.superseded_by for c in content.sheets[0].claims] == ["c2", "c3", None]


@pytest.mark.parametrize(
    ("claimed_on", "published", "warned"),
    [
        ("2025-04-30", "2025-04-30", False),
        ("2025-04-29", "2025-04-30", False),
        ("2025-05-01", "2025-04-30", True),
        ("2025-04", "2025-04-30", False),
        ("2025-05", "2025-04-30", True),
        ("2025", "2025-04-30", False),
        ("2025-04-30", "2025", False),
        ("2026", "2025", True),
    ],
)
def test_a_claim_made_after_its_source_was_published_is_a_warning(claimed_on, published, warned):
    sheet = SHEET.replace("claimed_on: 2025-04-30", f"claimed_on: {claimed_on}")
    source = SOURCE.replace("published: 2025-04-30", f"published: {published}")
    _, problems = check(site(sheet=sheet, content__sources__s_yaml=source))
    assert [(p.severity, p.line, p.field_path) for p in problems] == (
        [("warning", 25, "sections[0].claims[0].citations[0].source")] if warned else []
    )


def test_a_review_citing_a_source_uses_it():
    sheet = SHEET + (
        "reviews:\n  - id: r\n    statement: x\n    appearance_source: u\n    rating: accurate\n"
        "    finding: y\n    citations:\n      - source: s\n"
    )
    _, problems = check(site(sheet=sheet, content__sources__u_yaml=SOURCE.replace("id: s", "id: u")))
    assert problems == []


def test_a_former_id_used_as_a_reference_names_the_current_id():
    actor = ACTOR + "former_ids: [nis-old]\n"
    sheet = SHEET.replace("claimant: nis", "claimant: nis-old")
    _, problems = check(site(sheet=sheet, content__actors__nis_yaml=actor))
    assert messages(problems) == [
        (
            "sheet.yaml",
            17,
            19,
            "sections[0].claims[0].claimant",
            "'nis-old' is a former id of actor 'nis'; use the current id",
        )
    ]


def test_references_into_an_unreadable_file_are_not_reported_twice(tmp_path):
    for path, text in site().items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    (tmp_path / "content/actors/nis.yaml").write_text("id: nis\nid: nis\n")
    _, problems = check_content(tmp_path / "content", today=TODAY)
    assert [(p.path, p.message) for p in problems] == [
        ("content/actors/nis.yaml", "duplicate key 'id' (first at line 1, column 1)")
    ]
