"""Synthetic content of realistic shape, for the benchmark and the scale tests.

`write_content(dest, sheets=N)` writes a `content/` tree (tags.yaml, sources/, actors/, sheets/)
that passes `factsheet check` with no problem: N sheets of 10 claims each, sources shared
between neighbouring sheets, actors shared by groups of sheets plus a few national agencies
quoted everywhere, one metric per sheet (every third sheet tracks a metric with 10 estimates),
superseded chains per claimant, disputed and retracted estimates, quotes, reviews and tags.

Everything about sheet i is drawn from a random generator seeded with (seed, i), never from
N: the first 100 sheets of the 1,000-sheet corpus are the 100-sheet corpus, so page sizes can
be compared across N. The invented URLs are on example.org (reserved for examples); nothing
here may be mistaken for a real source.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

CLAIMS_PER_SHEET = 10
SOURCES_PER_SHEET = 3
SOURCE_WINDOW = 4  # a claim may cite the sources of the 4 sheets before its own
SHEETS_PER_ACTOR_GROUP = 10  # sheets i..i+9 share their 5 local actors
LOCAL_ACTORS = 5
TAG_COUNT = 40
BASE_DATE = date(2012, 1, 2)
ACCESSED = "2026-11-20"

NATIONAL_AGENCIES = (  # quoted across the whole archive, like a national intelligence service
    ("national-intelligence-agency", "National Intelligence Agency", "agency"),
    ("defence-ministry", "Ministry of Defence", "government"),
    ("joint-staff", "Joint Staff", "military"),
    ("foreign-ministry", "Foreign Ministry", "government"),
    ("state-news-agency", "State News Agency", "media"),
)
PLACES = (
    "Northern Province",
    "the river valley",
    "the border district",
    "the coastal region",
    "the capital",
    "the eastern front",
    "the mountain passes",
    "the southern ports",
    "the industrial belt",
    "the island chain",
    "the western oblast",
    "the delta",
)
SUBJECTS = (
    "troops",
    "refugees",
    "prisoners",
    "artillery shells",
    "drones",
    "workers",
    "armoured vehicles",
    "detainees",
    "volunteers",
    "civilians",
    "ships",
    "aircraft",
)
VERBS = ("deployed", "killed", "wounded", "returned", "captured", "evacuated", "delivered", "sent")
PUBLISHERS = (
    ("Example Daily", "news"),
    ("Example Wire", "wire"),
    ("Example Herald", "news"),
    ("Ministry Press Office", "official-statement"),
    ("Example Broadcasting", "news"),
    ("Example Institute", "report"),
    ("Example Statistics Office", "dataset"),
    ("Example Times", "news"),
    ("Example Post", "social-media"),
    ("Briefing Room", "briefing"),
)
AGENCIES = ("Reuters", "AFP", "AP", "Yonhap")
FIRST_NAMES = ("Kim", "Lee", "Park", "Olena", "Taras", "Maria", "John", "Amal", "Chen", "Sofia")
LAST_NAMES = ("Min-ho", "Seo-yeon", "Kovalenko", "Petrenko", "Garcia", "Smith", "Haddad", "Wei", "Rossi")
ROLES = (
    "member of the parliamentary intelligence committee",
    "defence ministry spokesperson",
    "commander of the regional forces",
    "correspondent",
    "head of the monitoring mission",
    "deputy foreign minister",
)
FILLER = (
    "according to officials familiar with the matter",
    "citing a closed-door briefing",
    "in a statement to reporters",
    "in a televised address",
    "without giving details",
    "in a report published on its website",
    "based on intercepted communications",
    "after a visit to the area",
    "in an interview with a broadcaster",
)
STATUS_OF_OTHER = ("reported", "reported", "reported", "corroborated", "disputed")
RATINGS = ("accurate", "partly-accurate", "inaccurate", "misattributed", "unsupported")


@dataclass(frozen=True)
class Stats:
    sheets: int
    claims: int
    figure_claims: int
    sources: int
    actors: int
    reviews: int
    tags: int
    files: int
    bytes: int


def yaml_text(text: str) -> str:
    """A YAML scalar that reads back as exactly this text: plain when safe, else double-quoted."""
    if (
        re.fullmatch(r"[A-Z][A-Za-z0-9 ,.'()\-]*[A-Za-z0-9.)]", text)
        and ": " not in text
        and " #" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def day(offset: int) -> date:
    return BASE_DATE + timedelta(days=offset)


def sheet_id(i: int) -> str:
    return f"sheet-{i:05d}"


def source_id(i: int, k: int) -> str:
    return f"src-{i:05d}-{k}"


def source_published(i: int, k: int) -> date:
    # Sheet i covers about a month starting 3*i days after the base date (wrapping, so that
    # no date is ever in the future however many sheets are asked for).
    return day(3 * (i % 1500) + 9 * k)


def local_actor_ids(i: int) -> list[str]:
    group = i // SHEETS_PER_ACTOR_GROUP
    return [f"actor-{group:04d}-{k}" for k in range(LOCAL_ACTORS)]


def sentence(rng: random.Random, words: int) -> str:
    bank = PLACES + SUBJECTS + VERBS + FILLER
    parts = [rng.choice(bank) for _ in range(words)]
    return (" ".join(parts)).capitalize() + "."


def write_content(dest: Path, sheets: int, seed: int = 1) -> Stats:
    """Write `dest` (the content folder) with `sheets` sheets of 10 claims; return what was written."""
    (dest / "sources").mkdir(parents=True, exist_ok=True)
    (dest / "actors").mkdir(exist_ok=True)
    (dest / "sheets").mkdir(exist_ok=True)
    total_bytes = 0

    def put(relative: str, text: str) -> None:
        nonlocal total_bytes
        data = text.encode("utf-8")
        total_bytes += len(data)
        (dest / relative).write_bytes(data)

    tags = [f"topic-{k:02d}" for k in range(TAG_COUNT)]
    lines = ["tags:"]
    for k, tag in enumerate(tags):
        lines += [
            f"  - id: {tag}",
            f"    label: Topic {k:02d}",
            f"    description: Claims about topic {k:02d}.",
        ]
    put("tags.yaml", "\n".join(lines) + "\n")

    actors = [agency[0] for agency in NATIONAL_AGENCIES]
    for actor, name, kind in NATIONAL_AGENCIES:
        put(f"actors/{actor}.yaml", f"id: {actor}\nname: {name}\nkind: {kind}\ncountry: XA\n")
    for group in range((sheets + SHEETS_PER_ACTOR_GROUP - 1) // SHEETS_PER_ACTOR_GROUP):
        rng = random.Random(f"{seed}-actors-{group}")
        for actor in local_actor_ids(group * SHEETS_PER_ACTOR_GROUP):
            person = rng.random() < 0.6
            name = (
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {actor[-6:]}"
                if person
                else (f"Regional Command {actor[-6:]}")
            )
            text = f"id: {actor}\nname: {yaml_text(name)}\nkind: {'person' if person else 'military'}\n"
            if person:
                text += f"role: {yaml_text(rng.choice(ROLES).capitalize())}\n"
            text += f"description: {yaml_text(sentence(rng, 8))}\n"
            put(f"actors/{actor}.yaml", text)
            actors.append(actor)

    source_count = claims = figures = reviews = 0
    for i in range(sheets):
        rng = random.Random(f"{seed}-sources-{i}")
        for k in range(SOURCES_PER_SHEET):
            put(f"sources/{source_id(i, k)}.yaml", _source_yaml(rng, i, k))
            source_count += 1
        text, made, figured, reviewed = _sheet_yaml(random.Random(f"{seed}-sheet-{i}"), i, tags)
        put(f"sheets/{sheet_id(i)}.yaml", text)
        claims, figures, reviews = claims + made, figures + figured, reviews + reviewed

    files = 1 + len(actors) + source_count + sheets
    return Stats(sheets, claims, figures, source_count, len(actors), reviews, len(tags), files, total_bytes)


def _source_yaml(rng: random.Random, i: int, k: int) -> str:
    publisher, kind = rng.choice(PUBLISHERS)
    sid = source_id(i, k)
    published = source_published(i, k)
    title = (
        f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} in {rng.choice(PLACES)}, {sentence(rng, 4)}"
    )
    lines = [
        f"id: {sid}",
        f"title: {yaml_text(title)}",
        f"publisher: {yaml_text(publisher)}",
        f"kind: {kind}",
        f"url: https://example.org/{published.year}/{published.month:02d}/{sid}",
        f"published: {published.isoformat()}",
        f"accessed: {ACCESSED}",
    ]
    if rng.random() < 0.5:
        lines.append(f"authors: [{yaml_text(rng.choice(FIRST_NAMES) + ' ' + rng.choice(LAST_NAMES))}]")
    if kind in ("news", "wire") and rng.random() < 0.5:
        lines.append(f"agency: {rng.choice(AGENCIES)}")
    if rng.random() < 0.4:
        lines.append(f"archive_url: https://web.archive.example.org/{published:%Y%m%d}/{sid}")
        lines.append(f"archived: {ACCESSED}")
    return "\n".join(lines) + "\n"


def _cited_sources(rng: random.Random, i: int, j: int) -> list[tuple[str, date]]:
    """Claim j of sheet i cites one of its own sheet's sources (every source is used) and,
    often, one of the sources of the sheets just before it (sources shared between sheets)."""
    own = j % SOURCES_PER_SHEET
    cited = [(source_id(i, own), source_published(i, own))]
    if i > 0 and rng.random() < 0.5:
        other = rng.randrange(max(0, i - SOURCE_WINDOW), i)
        k = rng.randrange(SOURCES_PER_SHEET)
        cited.append((source_id(other, k), source_published(other, k)))
    return cited


QUALIFIER_WORDS = {
    "exact": "", "about": "about ", "at-least": "at least ", "more-than": "more than ", "up-to": "up to ",
}  # fmt: skip


def _citations_yaml(
    rng: random.Random, cited: list[tuple[str, date]], indent: str, support: str = ""
) -> list[str]:
    """`support`: the words each quote begins with, so that it holds the claim's figure or words
    (factsheet check looks for them); drawn from nothing, so the random stream stays the same."""
    lines = [f"{indent}citations:"]
    for source, _published in cited:
        lines.append(f"{indent}  - source: {source}")
        lines.append(f"{indent}    quote: {yaml_text((support + ' ' + sentence(rng, 5)).strip())}")
        if rng.random() < 0.5:
            lines.append(f"{indent}    locator: paragraph {rng.randint(1, 12)}")
    return lines


def _sheet_yaml(rng: random.Random, i: int, tags: list[str]) -> tuple[str, int, int, int]:
    sid = sheet_id(i)
    subject = SUBJECTS[i % len(SUBJECTS)]
    place = PLACES[(i // len(SUBJECTS)) % len(PLACES)]
    tracker = i % 3 == 0  # every third sheet tracks one metric through all of its claims
    metric = f"{sid}-{subject.replace(' ', '-')}"
    claimants = rng.sample(local_actor_ids(i), 3)
    if rng.random() < 0.4:  # two sheets in five also quote a national agency (~10% of claims)
        claimants.append(rng.choice(NATIONAL_AGENCIES)[0])
    sheet_tags = rng.sample(tags, rng.randint(1, 3))

    # Claim plans: (kind, claimant, cited sources, claimed_on).
    figure_count = CLAIMS_PER_SHEET if tracker else rng.randint(4, 6)
    plans = []
    for j in range(CLAIMS_PER_SHEET):
        cited = _cited_sources(rng, i, j)
        # A source reports what was said up to its publication: claimed on or before it.
        claimed_on = min(published for _, published in cited) - timedelta(days=rng.randint(0, 3))
        kind = "figure" if j < figure_count else rng.choice(("event", "statement", "quote", "assessment"))
        plans.append([kind, rng.choice(claimants), cited, claimed_on])
    plans.sort(key=lambda plan: plan[3])  # estimates in date order, so a chain points forward

    # Superseded chains: each claimant's figure estimates, the older ones pointing to the newer.
    claim_ids = [f"{sid}-c{j:02d}" for j in range(CLAIMS_PER_SHEET)]
    newer: dict[int, int] = {}
    last_of: dict[str, int] = {}
    for j, (kind, claimant, _, _) in enumerate(plans):
        if kind == "figure":
            if claimant in last_of:
                newer[last_of[claimant]] = j
            last_of[claimant] = j

    title = f"{subject.capitalize()} {rng.choice(VERBS)} in {place} (case {i})"
    lines = [
        f"id: {sid}",
        f"title: {yaml_text(title)}",
        f"summary: {yaml_text(sentence(rng, 14))}",
        f"updated: {max(plan[3] for plan in plans).isoformat()}",
        f"tags: [{', '.join(sheet_tags)}]",
        "",
        "metrics:",
        f"  - id: {metric}",
        f"    label: {yaml_text(subject.capitalize() + ' ' + rng.choice(VERBS))}",
        f"    unit: {'people' if subject in ('troops', 'refugees', 'prisoners', 'workers') else 'items'}",
        f"    definition: {yaml_text(sentence(rng, 10))}",
        f"    series: [{', '.join(dict.fromkeys(c for k, c, _, _ in plans if k == 'figure'))}]",
        "",
        "sections:",
    ]
    value = rng.randint(100, 2000)
    figures = 0
    section_breaks = {0: "overview", CLAIMS_PER_SHEET // 2: "details"}
    for j, (kind, claimant, cited, claimed_on) in enumerate(plans):
        support = ""
        if j in section_breaks:
            name = section_breaks[j]
            lines += [f"  - id: {name}", f"    title: {name.capitalize()}"]
            if rng.random() < 0.5:
                lines.append(f"    intro: {yaml_text(sentence(rng, 12))}")
            lines.append("    claims:")
        cid = claim_ids[j]
        status = "superseded" if j in newer else rng.choice(STATUS_OF_OTHER)
        text = f"{sentence(rng, 3)[:-1]}: {sentence(rng, 12)}"
        lines += [
            f"      - id: {cid}",
            f"        text: {yaml_text(text)}",
            f"        kind: {kind}",
        ]
        if kind != "event":
            lines.append(f"        claimant: {claimant}")
        if rng.random() < 0.3:
            passed_on_by = [actor for actor in local_actor_ids(i) if actor != claimant]
            lines.append(f"        via: [{rng.choice(passed_on_by)}]")
        lines += [f"        claimed_on: {claimed_on.isoformat()}", f"        status: {status}"]
        if j in newer:
            lines.append(f"        superseded_by: {claim_ids[newer[j]]}")
        if kind == "figure":
            figures += 1
            value += rng.randint(0, 400)
            lines += ["        figure:", f"          metric: {metric}", f"          value: {value}"]
            basis = _basis_lines(random.Random(f"{i}-{j}-basis"), claimed_on)
            lines += basis
            qualifier = rng.choice(("exact", "about", "about", "at-least", "more-than", "up-to"))
            if qualifier != "exact":
                lines.append(f"          qualifier: {qualifier}")
            support = f"{QUALIFIER_WORDS[qualifier]}{value:,}"
            if rng.random() < 0.3:
                low, high = value - rng.randint(1, 90), value + rng.randint(1, 90)
                lines += [f"          low: {low}", f"          high: {high}"]
                support += f" (between {low:,} and {high:,})"
            if rng.random() < 0.5 and len(basis) == 1:  # a period count has its own as_of
                lines.append(f"          as_of: {claimed_on:%Y-%m}")
            if rng.random() < 0.3:
                lines.append(f"          scope: in {rng.choice(PLACES)}")
        if kind == "quote":
            words = sentence(rng, 10)
            lines += ["        quote:", f"          text: {yaml_text(words)}", "          language: en"]
            support = f'"{words}" they said.'
        lines += _citations_yaml(rng, cited, "        ", support)
        if rng.random() < 0.3:
            lines.append(f"        tags: [{rng.choice(sheet_tags)}]")
        if status in ("disputed", "retracted") or rng.random() < 0.1:
            lines.append(f"        notes: {yaml_text(sentence(rng, 12))}")
    review_count = 0
    if i % 5 == 0:  # one sheet in five checks a statement that circulates
        review_count = 1
        cited = _cited_sources(rng, i, 0)
        lines += [
            "",
            "reviews:",
            f"  - id: {sid}-review",
            f"    statement: {yaml_text(sentence(rng, 10))}",
            f"    appearance: {yaml_text('An article of unknown publisher, ' + sentence(rng, 4))}",
            f"    claimed_on: {plans[0][3].isoformat()}",
            f"    reviewed_on: {max(plan[3] for plan in plans).isoformat()}",
            f"    rating: {rng.choice(RATINGS)}",
            f"    finding: {yaml_text(sentence(rng, 16))}",
        ]
        lines += _citations_yaml(rng, cited, "    ")
    return "\n".join(lines) + "\n", len(plans), figures, review_count


def edit_claim_text(content_dir: Path, sheet: int, new_text: str) -> str:
    """Replace the text of the first claim of sheet `sheet`; return that claim's id."""
    path = content_dir / "sheets" / f"{sheet_id(sheet)}.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines):
        if line.startswith("      - id: "):
            claim = line.split(": ", 1)[1]
            assert lines[n + 1].startswith("        text: ")
            lines[n + 1] = f"        text: {yaml_text(new_text)}"
            path.write_text("\n".join(lines), encoding="utf-8")
            return claim
    raise ValueError(f"{path} has no claim")


def _basis_lines(rng: random.Random, claimed_on) -> list[str]:
    """Mostly running totals; some counts on a date and over a week. Its own random stream, so
    the rest of the corpus is the same with or without it."""
    roll = rng.random()
    if roll < 0.8:
        return ["          basis: cumulative"]
    if roll < 0.9:
        return ["          basis: at-date"]
    period = ["          basis: period", "          period: one week"]
    return [*period, f"          as_of: {claimed_on.isoformat()}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="content folder to write (created)")
    parser.add_argument("--sheets", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(write_content(args.dest, args.sheets, args.seed))


if __name__ == "__main__":
    main()
