"""What every field of the data files means: printed on the Data page, checked by the tests.

A field added to export.py without a line here fails test_export, so the page never lags.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import paths


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str
    meaning: str


@dataclass(frozen=True)
class RecordDoc:
    name: str
    where: str
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True)
class FileDoc:
    path: str  # relative to the site root
    meaning: str


F = FieldDoc
DATE = "date (YYYY, YYYY-MM or YYYY-MM-DD)"
DATE_OR_NULL = f"{DATE} or null"
TEXT_OR_NULL = "string or null"

FILES = (
    FileDoc(paths.CLAIMS_JSON, "Every claim on the site, sheet by sheet in reading order (key `claims`)."),
    FileDoc(paths.CLAIMS_CSV, "The same claims as one table, for spreadsheets (columns below)."),
    FileDoc(paths.SOURCES_JSON, "Every cited source, by id (key `sources`)."),
    FileDoc(paths.ACTORS_JSON, "Every claimant and intermediary, by id (key `actors`)."),
    FileDoc(paths.SHEET_JSON_PATTERN, "One sheet: metrics, sections, claims and reviews (key `sheet`)."),
    FileDoc(paths.SHEET_CSV_PATTERN, "One sheet's claims as a table, with the columns of claims.csv."),
    FileDoc(
        paths.CHART_CSV_PATTERN,
        "The points of one metric's chart (every estimate but counts over a period), oldest first; "
        "`<id>` is the metric's id (columns below).",
    ),
    FileDoc("feed.xml", "An Atom feed of the newest claims, by the date they were added to the site."),
)

# One table per record, field by field in export.py's order: alike on purpose (they are the
# documentation of records that are alike; test_export keeps each in step with its record).
RECORDS = (
    RecordDoc("file", "the top level of every JSON file", (
        F("schema_version", "integer", "Version of this format; raised when a field changes or goes away."),
        F("generated_at", "date-time (UTC)",
          "When the files were generated: SOURCE_DATE_EPOCH when set, else the time of the last commit "
          "that changed the content, so two builds of one commit are identical."),
        F("license", "object",
          "The licence of the content: `spdx` (its SPDX identifier, CC-BY-4.0), `name` and `url`. Reuse "
          "is free with attribution to the site."),
        F("claims / sources / actors / sheet", "list or object", "The records, described below."),
    )),
    RecordDoc("claim", "items of `claims` in claims.json and of `sections[].claims` in a sheet file", (
        F("id", "string", "Stable id; the anchor of the claim on its sheet."),
        F("sheet", "string", "Id of the sheet the claim is on."),
        F("section", "string", "Id of the section of that sheet."),
        F("path", "string", "Address of the claim relative to the site root (sheets/<sheet>/#<id>)."),
        F("url", TEXT_OR_NULL, "Full address of the claim when the site's address is configured."),
        F("text", "string", "The claim in neutral, attributed words."),
        F("kind", "string", "figure, event, statement, quote or assessment."),
        F("claimant", TEXT_OR_NULL, "Actor id of who asserts it (null for an event)."),
        F("via", "list of strings", "Actor ids that passed the claim on, in order (every hop's actors)."),
        F("hops", "list of lists of strings",
          "Who passed it on, hop by hop: each hop lists the actor ids who passed it on side by side."),
        F("claimed_on", DATE, "When the claimant said it."),
        F("status", "string", "reported, corroborated, disputed, contradicted, retracted or superseded."),
        F("superseded_by", TEXT_OR_NULL, "Id of the newer estimate that replaces this one."),
        F("figure", "object or null", "The number, for a figure claim (below)."),
        F("quote", "object or null", "The words quoted, for a quote claim: `text` and `language` (BCP 47)."),
        F("citations", "list of objects", "The sources supporting the claim (below)."),
        F("tags", "list of strings", "Tag ids."),
        F("notes", TEXT_OR_NULL, "Editorial note, e.g. why the claim is disputed."),
        F("former_ids", "list of strings", "Ids the claim had before; old links to them still work."),
        F("added_on", "date-time (UTC)",
          "When the claim was added to the site (first commit with its id); the claim date when unknown."),
    )),
    RecordDoc("figure", "`figure` of a claim", (
        F("metric", "string", "Id of the metric (the series) the figure belongs to."),
        F("value", "number", "The figure."),
        F("basis", "string",
          "What it counts: cumulative (a running total), period (a count over `period`, ending "
          "`as_of`) or at-date (what there was on `as_of`, else on the claim date)."),
        F("period", TEXT_OR_NULL, "For basis period: the period's length in words, e.g. one week."),
        F("qualifier", "string", "exact, about, at-least, more-than, at-most or up-to."),
        F("low", "number or null", "Lower end of a range, when one was given."),
        F("high", "number or null", "Upper end of a range, when one was given."),
        F("unit", TEXT_OR_NULL, "Unit of the metric, e.g. people."),
        F("as_of", DATE_OR_NULL, "The date the figure counts up to."),
        F("scope", TEXT_OR_NULL, "What the figure covers, e.g. in Kursk."),
    )),
    RecordDoc("quote", "`quote` of a claim", (
        F("text", "string", "The words quoted."),
        F("language", "string", "BCP 47 language tag of the words."),
    )),
    RecordDoc("citation", "items of `citations` of a claim or review", (
        F("source", "string", "Id of the source (see sources.json)."),
        F("quote", TEXT_OR_NULL, "Short excerpt of the source that supports the claim."),
        F("locator", TEXT_OR_NULL, "Where in the source: paragraph, page."),
        F("note", TEXT_OR_NULL, "Note on this citation."),
        F("check", "object or null",
          "The last check of the quote against its page by `factsheet verify` (below); null when "
          "the quote was never checked, or was edited since, or the source has cited another address "
          "since."),
    )),
    RecordDoc("check", "`check` of a citation", (
        F("status", "string",
          "verified (the quote is on the page), not-found (the page was read and the quote is not on "
          "it), unreachable (no answer, or an error such as 404), blocked (the site refused us: 403, "
          "429, a paywall or consent wall) or unsupported (not HTML or text)."),
        F("checked", DATE, "When the page was read."),
        F("archived_copy", "boolean",
          "true when the text read was the archived copy, false for the live page."),
        F("url", "string",
          "The address asked for, before redirects: the source's archive_url for the archived copy, "
          "else its url. A check counts only while the source still cites this address."),
        F("read_url", TEXT_OR_NULL, "The address read, after redirects; null when no page could be read."),
    )),
    RecordDoc("source", "items of `sources` in sources.json", (
        F("id", "string", "Stable id."),
        F("path", "string", "Address of the source's page relative to the site root."),
        F("url_on_site", TEXT_OR_NULL, "Full address of that page when the site's address is configured."),
        F("title", "string", "The page's headline, or a description when `title_kind` says so."),
        F("title_kind", "string", "headline, or description when the page has no headline of its own."),
        F("publisher", "string", "Outlet or issuing body."),
        F("kind", "string",
          "news, wire, official-statement, briefing, social-media, report, dataset or other."),
        F("url", "string", "The published document (http or https)."),
        F("published", DATE, "Date of publication."),
        F("accessed", DATE, "When an editor read it."),
        F("authors", "list of strings", "Authors' names."),
        F("agency", TEXT_OR_NULL, "Wire agency the page credits (Reuters, AFP, AP, Yonhap)."),
        F("archive_url", TEXT_OR_NULL, "A copy in a web archive."),
        F("archived", DATE_OR_NULL, "When that copy was made."),
        F("language", "string", "BCP 47 language tag."),
        F("notes", TEXT_OR_NULL, "Editorial note."),
        F("former_ids", "list of strings", "Ids the source had before."),
        F("cited_by", "list of strings", "Ids of the claims, then the reviews, that cite it."),
    )),
    RecordDoc("actor", "items of `actors` in actors.json", (
        F("id", "string", "Stable id."),
        F("path", "string", "Address of the actor's page relative to the site root."),
        F("url_on_site", TEXT_OR_NULL, "Full address of that page when the site's address is configured."),
        F("name", "string", "Name."),
        F("kind", "string", "agency, person, government, military, organisation or media."),
        F("country", TEXT_OR_NULL, "ISO 3166-1 alpha-2 country code (pages show its name)."),
        F("role", TEXT_OR_NULL, "Office or role."),
        F("description", TEXT_OR_NULL, "Who they are."),
        F("former_ids", "list of strings", "Ids the actor had before."),
        F("claims", "list of strings", "Ids of the claims the actor made."),
        F("passed_on", "list of strings", "Ids of the claims the actor passed on (via)."),
    )),
    RecordDoc("sheet", "`sheet` in data/sheets/<id>.json", (
        F("id", "string", "Stable id."),
        F("path", "string", "Address of the sheet relative to the site root."),
        F("url", TEXT_OR_NULL, "Full address when the site's address is configured."),
        F("title", "string", "Title."),
        F("summary", "string", "Summary."),
        F("updated", DATE, "Date of the last editorial change, as the editors wrote it."),
        F("last_changed", "date (YYYY-MM-DD)", "Last change of the sheet's file in git (else `updated`)."),
        F("tags", "list of strings", "Tag ids."),
        F("former_ids", "list of strings", "Ids the sheet had before."),
        F("metrics", "list of objects", "The figure series the sheet tracks (below)."),
        F("sections", "list of objects", "In reading order: section records (below)."),
        F("reviews", "list of objects", "Checks of statements made elsewhere (below)."),
        F("sources", "list of strings", "Ids of the sources cited on the sheet, in order of first citation."),
    )),
    RecordDoc("metric", "items of `metrics` of a sheet", (
        F("id", "string", "Stable id."),
        F("label", "string", "What is counted."),
        F("unit", "string", "Unit, e.g. people."),
        F("definition", "string", "What counts and what does not."),
        F("series", "list of strings", "Actor ids in the order of the chart's series."),
    )),
    RecordDoc("section", "items of `sections` of a sheet", (
        F("id", "string", "Anchor of the section on the sheet."),
        F("title", "string", "Heading."),
        F("intro", TEXT_OR_NULL, "Introduction."),
        F("claims", "list of objects", "Claim records, in reading order."),
    )),
    RecordDoc("review", "items of `reviews` of a sheet", (
        F("id", "string", "Stable id; the anchor of the review on its sheet."),
        F("statement", "string", "The words reviewed, as they appeared."),
        F("rating", "string", "accurate, partly-accurate, inaccurate, misattributed or unsupported."),
        F("finding", "string", "What the review found."),
        F("appearance", TEXT_OR_NULL, "Where the statement appeared, in words."),
        F("appearance_source", TEXT_OR_NULL, "Where it appeared, as a source id."),
        F("claimed_by", TEXT_OR_NULL, "Who made the statement."),
        F("claimed_on", DATE_OR_NULL, "When."),
        F("reviewed_on", DATE_OR_NULL, "When it was reviewed."),
        F("citations", "list of objects", "Sources supporting the finding (citation records)."),
    )),
)

CHART_CSV_NOTES = (
    "One row per point of the chart, oldest first: `metric`, `claim` (the claim's id), `claimant` (the "
    "actor's id) and `claimant_name`, `claimed_on`, `as_of`, `basis`, `value`, `qualifier`, `low`, "
    "`high`, `unit`, `scope` and `status` as in the claim and figure records, `latest` (yes when it is "
    "the claimant's latest estimate of that basis, else no) and `path` (the claim's address on the site). "
    "Counts over a period are not drawn, so they are not in this file; the sheet's CSV has them."
)

CSV_NOTES = (
    "One row per claim, in the order of claims.json, with a header row. Columns carry the claim "
    "fields of the same name; `via`, `sources` (source ids of the citations) and `tags` join ids "
    "with `;`; `hops` writes each hop's ids joined by `+`, hops joined by ` > `; `metric`, `value`, "
    "`basis`, `period`, `qualifier`, `low`, `high`, `unit`, `as_of` and `scope` come from the "
    "figure, `quote` and `quote_language` from the quote. A text cell that would begin with "
    "`=`, `+`, `-`, `@`, a tab or a carriage return starts with an apostrophe `'` so that "
    "spreadsheets show it instead of running it as a formula."
)

QUOTE_CHECKS_NOTES = (
    "Each citation carries a quote: the words of the cited page that support the claim, copied "
    "exactly by an editor. On every change, `factsheet check` makes sure a figure's number, and "
    "its qualifier such as \"about\" or \"more than\", are in those words. `factsheet verify` then "
    "reads each cited page (its archived copy when there is one, else the live page) and looks "
    "for each quote in the page's text, with quotation marks, dashes and spaces made alike. A "
    "citation says \"Quote found on the page, checked\" with the date and the copy read only when "
    "its quote was found there. A quote that was not found, on a page that could not be read or "
    "was closed to us, or edited since its check, or whose source has cited another address since, "
    "is not shown as checked, and the count at the top of each sheet (\"3 of 12 quotes checked "
    "against their pages\") leaves it out. A check says that the words are on the page; whether the "
    "page is right is what the claim's status and notes discuss. Each citation's check is in the "
    "data files (`check`, above)."
)
