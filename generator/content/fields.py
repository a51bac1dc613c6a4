"""What every content record may hold: one declarative spec per field, and nothing else.

The validator reads these specs to type-check editors' YAML, and `factsheet schema` turns the
same specs into JSON Schema for editors' autocomplete, so the two can never disagree.
Rules that span several fields or files (ids, references, ranges) live in the validator. The
kinds of spec (FieldSpec, RecordSpec, Condition) are in field_specs.py.
"""

from __future__ import annotations

from .countries import COUNTRY_NAMES, COUNTRY_PATTERN
from .field_specs import Condition, FieldSpec, RecordSpec
from .model import (
    ACTOR_KINDS,
    BASES,
    CHECK_STATUSES,
    CLAIM_KINDS,
    CLAIMANT_REQUIRED,
    FOUND_IN,
    PAGE_STATUSES,
    QUALIFIERS,
    RATINGS,
    SOURCE_KINDS,
    STATUSES,
    TITLE_KINDS,
)

LANGUAGE_PATTERN = r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*"


def _id(what: str) -> FieldSpec:
    return FieldSpec("id", "slug", f"{what}; lowercase letters, digits and hyphens, stable forever", True)


_FORMER_IDS = FieldSpec("former_ids", "slug_list", "ids this record had before a rename (kept as redirects)")
_NOTES = FieldSpec("notes", "text", "editorial note")
_TAGS = FieldSpec("tags", "slug_list", "tag ids from content/tags.yaml", refers_to="tag")

TAG = RecordSpec(
    "tag",
    "one tag of the site's tag list",
    (
        _id("tag id, used by sheets and claims"),
        FieldSpec("label", "text", "the tag as readers see it", True),
        FieldSpec("description", "text", "what the tag covers"),
    ),
)

TAGS_FILE = RecordSpec(
    "tags_file",
    "content/tags.yaml: the site's tag list",
    (FieldSpec("tags", "mapping_list", "the tags, each with id and label", True, record="tag"),),
)

SOURCE = RecordSpec(
    "source",
    "a published page or document that is cited (content/sources/<id>.yaml)",
    (
        _id("source id; equals the file name"),
        FieldSpec("title", "text", "the page's headline as the page shows it (or see title_kind)", True),
        FieldSpec(
            "title_kind",
            "enum",
            "headline, or description when the page has no headline and the title describes it",
            choices=TITLE_KINDS,
            default="headline",
        ),
        FieldSpec("publisher", "text", "outlet or issuing body", True),
        FieldSpec("kind", "enum", "what sort of document it is", True, choices=SOURCE_KINDS),
        FieldSpec("url", "url", "where it is published; http or https", True),
        FieldSpec("published", "date", "date of publication", True),
        FieldSpec("accessed", "date", "date the editor read it", True),
        FieldSpec("authors", "text_list", "names of the authors"),
        FieldSpec("agency", "text", "wire agency the page credits (Reuters, AFP, AP, Yonhap)"),
        FieldSpec("archive_url", "url", "a copy in a web archive; http or https"),
        FieldSpec(
            "archived", "date", "when the archive copy was made; needs archive_url", needs=("archive_url",)
        ),
        FieldSpec(
            "language",
            "text",
            "BCP 47 language tag",
            pattern=LANGUAGE_PATTERN,
            default="en",
            pattern_hint="a language tag such as 'en' or 'ko-KR'",
        ),
        _NOTES,
        _FORMER_IDS,
    ),
)

ACTOR = RecordSpec(
    "actor",
    "a person or body that makes a claim or passes it on (content/actors/<id>.yaml)",
    (
        _id("actor id; equals the file name"),
        FieldSpec("name", "text", "name as readers see it", True),
        FieldSpec("kind", "enum", "what sort of actor", True, choices=ACTOR_KINDS),
        FieldSpec(
            "country",
            "text",
            "ISO 3166-1 alpha-2 country code, shown to readers as its name: "
            + ", ".join(COUNTRY_NAMES)
            + " (generator/content/countries.py), or a user-assigned code such as XA",
            pattern=COUNTRY_PATTERN,
            pattern_hint="a country code such as 'KR' (listed in generator/content/countries.py) "
            "or a user-assigned code such as 'XA'",
        ),
        FieldSpec("role", "text", "role that makes the actor relevant"),
        FieldSpec("description", "text", "short description"),
        _FORMER_IDS,
    ),
)

CITATION = RecordSpec(
    "citation",
    "a source that supports a claim or review",
    (
        FieldSpec("source", "slug", "source id", True, refers_to="source"),
        FieldSpec("quote", "text", "short excerpt of the source that supports the claim"),
        FieldSpec("locator", "text", "where in the source: paragraph, page"),
        FieldSpec("note", "text", "note on this citation"),
    ),
)

_IS_PERIOD = Condition("basis", ("period",))

FIGURE = RecordSpec(
    "figure",
    "the number a figure claim states",
    (
        FieldSpec("metric", "slug", "id of a metric of the same sheet", True, refers_to="metric"),
        FieldSpec("value", "number", "the number, written plain (600, 4700, 1.5)", True),
        FieldSpec(
            "basis",
            "enum",
            "what the number counts: cumulative (a running total since the start), period (a count "
            "over a stated period) or at-date (what there was on a date)",
            True,
            choices=BASES,
        ),
        FieldSpec("qualifier", "enum", "how exact the number is", choices=QUALIFIERS, default="exact"),
        FieldSpec("low", "number", "lower end of a stated range; low <= value"),
        FieldSpec("high", "number", "upper end of a stated range; value <= high"),
        FieldSpec(
            "as_of",
            "date",
            "the date the figure counts up to (the end of the period, for basis period)",
            required_when=_IS_PERIOD,
        ),
        FieldSpec(
            "period",
            "text",
            "for basis period: how long the period is, in words ('one week'); it ends on as_of",
            required_when=_IS_PERIOD,
            allowed_only_when=_IS_PERIOD,
        ),
        FieldSpec("scope", "text", "what the figure covers, e.g. 'in Kursk'"),
    ),
)

QUOTE = RecordSpec(
    "quote",
    "the words a quote claim quotes",
    (
        FieldSpec("text", "text", "the words quoted", True),
        FieldSpec(
            "language", "text", "BCP 47 language tag of the words", pattern=LANGUAGE_PATTERN, default="en"
        ),
    ),
)

_IS_FIGURE = Condition("kind", ("figure",))
_IS_QUOTE = Condition("kind", ("quote",))
_IS_ASSERTED = Condition("kind", CLAIMANT_REQUIRED)
_IS_SUPERSEDED = Condition("status", ("superseded",))
_CITATIONS = FieldSpec(
    "citations", "mapping_list", "sources that support it; at least one", True, record="citation", min_items=1
)

_CLAIM_CITATIONS = FieldSpec(
    "citations",
    "mapping_list",
    "sources that support it; at least one, each with the quote that gives the number for a figure",
    True,
    record="citation",
    min_items=1,
    items_need=("quote",),
    items_need_when=_IS_FIGURE,
)

CLAIM = RecordSpec(
    "claim",
    "one attributed statement, with citations",
    (
        _id("claim id, unique on the site; the anchor #id"),
        FieldSpec("text", "text", "the claim in neutral, attributed words", True),
        FieldSpec("kind", "enum", "what sort of claim", True, choices=CLAIM_KINDS),
        FieldSpec(
            "claimant",
            "slug",
            "actor id of who asserts it; required except for events",
            required_when=_IS_ASSERTED,
            refers_to="actor",
        ),
        FieldSpec(
            "via",
            "hops",
            "who passed the claim on, in order: each hop an actor id, or a list of actor ids who "
            "passed it on side by side",
            refers_to="actor",
        ),
        FieldSpec("claimed_on", "date", "date the claimant said it", True),
        FieldSpec("status", "enum", "where the claim stands", True, choices=STATUSES),
        FieldSpec(
            "superseded_by",
            "slug",
            "id of the newer claim; required when status is superseded, refused otherwise",
            required_when=_IS_SUPERSEDED,
            allowed_only_when=_IS_SUPERSEDED,
            refers_to="claim",
        ),
        FieldSpec(
            "figure",
            "mapping",
            "the number; required for kind figure, refused otherwise",
            record="figure",
            required_when=_IS_FIGURE,
            allowed_only_when=_IS_FIGURE,
        ),
        FieldSpec(
            "quote",
            "mapping",
            "the quoted words; required for kind quote, refused otherwise",
            record="quote",
            required_when=_IS_QUOTE,
            allowed_only_when=_IS_QUOTE,
        ),
        _CLAIM_CITATIONS,
        _TAGS,
        _NOTES,
        _FORMER_IDS,
    ),
)

METRIC = RecordSpec(
    "metric",
    "a figure that is estimated again and again; its figure claims form a tracker",
    (
        _id("metric id, unique on the site"),
        FieldSpec("label", "text", "what is counted, as readers see it", True),
        FieldSpec("unit", "text", "unit of the values, e.g. people", True),
        FieldSpec("definition", "text", "what counts and what does not", True),
        FieldSpec(
            "series",
            "slug_list",
            "actor ids: the order of claimants in the chart and table",
            refers_to="actor",
        ),
    ),
)

SECTION = RecordSpec(
    "section",
    "a part of a sheet, in reading order",
    (
        _id("section id, unique within the sheet; the section's anchor"),
        FieldSpec("title", "text", "section heading", True),
        FieldSpec("intro", "text", "text before the claims"),
        FieldSpec("claims", "mapping_list", "the claims, in reading order", record="claim"),
    ),
)

REVIEW = RecordSpec(
    "review",
    "a check of a statement made elsewhere",
    (
        _id("review id, unique on the site; the anchor #id"),
        FieldSpec("statement", "text", "the words that were said, quoted", True),
        FieldSpec("appearance", "text", "where it appeared, when that page is not a source"),
        FieldSpec(
            "appearance_source", "slug", "source id of the page where it appeared", refers_to="source"
        ),
        FieldSpec("claimed_by", "text", "who made the statement"),
        FieldSpec("claimed_on", "date", "when the statement was made"),
        FieldSpec("reviewed_on", "date", "date of the review"),
        FieldSpec("rating", "enum", "the verdict", True, choices=RATINGS),
        FieldSpec("finding", "text", "what the check found, in plain words", True),
        _CITATIONS,
    ),
    one_of=(("appearance", "appearance_source"),),
)

SHEET = RecordSpec(
    "sheet",
    "one fact sheet page (content/sheets/<id>.yaml)",
    (
        _id("sheet id; equals the file name"),
        FieldSpec("title", "text", "page title", True),
        FieldSpec("summary", "text", "short summary under the title", True),
        FieldSpec("updated", "date", "date of the last editorial change", True),
        _TAGS,
        _FORMER_IDS,
        FieldSpec("metrics", "mapping_list", "figure series this sheet tracks", record="metric"),
        FieldSpec("sections", "mapping_list", "the sections, in reading order", record="section"),
        FieldSpec("reviews", "mapping_list", "checks of statements made elsewhere", record="review"),
    ),
)

QUOTE_CHECK = RecordSpec(
    "quote_check",
    "one quote looked up on the page",
    (
        FieldSpec("claim", "slug", "id of the claim or review that cites the quote", True),
        FieldSpec("quote", "text", "the citation's quote, normalised", True),
        FieldSpec("status", "enum", "what the check found", True, choices=CHECK_STATUSES),
        FieldSpec("found_in", "enum", "for verified: the article's text or elsewhere on the page",
                  choices=FOUND_IN),
        FieldSpec("closest", "text", "for not-found: the page's passage most like the quote"),
        FieldSpec("similarity", "number", "for not-found: how alike that passage is, 0 to 1"),
    ),
)

SOURCE_CHECK = RecordSpec(
    "source_check",
    "the last check of a source's page by `factsheet verify` (content/checks/<source-id>.yaml); "
    "written by the tool: run it again rather than editing",
    (
        FieldSpec("source", "slug", "the source id; equals the file name", True),
        FieldSpec("checked", "date", "when the page was read", True),
        FieldSpec("url", "url", "the address asked for, before redirects: the source's archive_url for "
                  "the archived copy, else its url; the check counts only while the source still cites it"),
        FieldSpec("read_url", "url", "the address whose text was read, after redirects"),
        FieldSpec("archived_copy", "boolean", "whether that was the source's archive_url", True),
        FieldSpec("page_status", "enum", "what reading the page gave", True, choices=PAGE_STATUSES),
        FieldSpec("reason", "text", "why the page status is not ok"),
        FieldSpec("text_sha256", "text", "SHA-256 of the text read", pattern="[0-9a-f]{64}",
                  pattern_hint="64 lowercase hexadecimal digits"),
        FieldSpec("changed", "boolean", "whether the text changed since the previous check", True),
        FieldSpec("page_title", "text", "the title the page states"),
        FieldSpec("page_date", "text", "the date the page states", pattern="[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?",
                  pattern_hint="an ISO date such as 2025-04-30"),
        FieldSpec("quotes", "mapping_list", "each quote cited from the source, as found", True,
                  record="quote_check"),
    ),
)

RECORDS: dict[str, RecordSpec] = {
    spec.kind: spec
    for spec in (
        TAGS_FILE,
        TAG,
        SOURCE,
        ACTOR,
        SHEET,
        METRIC,
        SECTION,
        CLAIM,
        FIGURE,
        QUOTE,
        CITATION,
        REVIEW,
        SOURCE_CHECK,
        QUOTE_CHECK,
    )
}

# Which record a content file holds: by folder, and the one top-level file.
FOLDER_RECORDS = {"sources": "source", "actors": "actor", "sheets": "sheet", "checks": "source_check"}
TOP_LEVEL_FILES = {"tags.yaml": "tags_file"}
