"""The real content in content/ obeys the integrity rules that hold for every sheet.

These run on the committed content, not on fixtures: a pull request that adds a claim without
a citation or a source nobody cites fails here. They read nothing outside the repository.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.content.model import Claim, Content, Review, Sheet
from generator.content.validate import check_content

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"


@pytest.fixture(scope="module")
def checked():
    return check_content(CONTENT)


@pytest.fixture(scope="module")
def content(checked) -> Content:
    found, problems = checked
    assert found is not None, "content/ has errors:\n" + "\n".join(p.format() for p in problems)
    return found


def all_claims(content: Content) -> Iterator[tuple[Sheet, Claim]]:
    for sheet in content.sheets:
        for claim in sheet.claims:
            yield sheet, claim


def all_reviews(content: Content) -> Iterator[tuple[Sheet, Review]]:
    for sheet in content.sheets:
        for review in sheet.reviews:
            yield sheet, review


def test_content_has_no_errors_and_no_warnings(checked):
    _, problems = checked
    assert [p.format() for p in problems] == []


def test_there_is_content_to_check(content):
    # Guards every rule below against passing on an empty folder.
    assert content.sheets and content.sources and content.actors
    assert any(True for _ in all_claims(content))


def test_every_claim_and_review_cites_an_existing_source(content):
    for sheet, item in [*all_claims(content), *all_reviews(content)]:
        assert item.citations, f"{sheet.id}#{item.id} has no citation"
        for citation in item.citations:
            assert citation.source in content.sources, (
                f"{sheet.id}#{item.id} cites unknown source {citation.source!r}"
            )


def test_every_figure_claim_counts_a_metric_of_its_own_sheet(content):
    for sheet, claim in all_claims(content):
        if claim.kind != "figure":
            assert claim.figure is None, f"{claim.id} is a {claim.kind} claim with a figure"
            continue
        metrics = {metric.id for metric in sheet.metrics}
        assert claim.figure is not None, f"{claim.id} is a figure claim without a figure"
        assert claim.figure.metric in metrics, (
            f"{claim.id} counts {claim.figure.metric!r}, not a metric of {sheet.id}"
        )


def test_every_source_is_cited(content):
    cited = {c.source for _, item in [*all_claims(content), *all_reviews(content)] for c in item.citations}
    cited |= {r.appearance_source for _, r in all_reviews(content) if r.appearance_source}
    assert sorted(set(content.sources) - cited) == []


def test_every_claimant_and_intermediary_is_an_actor(content):
    for _, claim in all_claims(content):
        passed_on = [actor for hop in claim.via for actor in hop]
        named = ([claim.claimant] if claim.claimant else []) + passed_on
        unknown = [actor for actor in named if actor not in content.actors]
        assert unknown == [], f"{claim.id} names unknown actors {unknown}"
        assert claim.claimant not in passed_on, f"{claim.id} lists its claimant among those who passed it on"


def test_every_actor_makes_or_passes_on_a_claim(content):
    # An actor page with no claims would be an empty page in the site.
    named = {
        actor
        for _, claim in all_claims(content)
        for actor in (claim.claimant, *(a for hop in claim.via for a in hop))
        if actor
    }
    assert sorted(set(content.actors) - named) == []


def test_a_superseded_claim_points_to_a_newer_claim_of_the_same_claimant_and_metric(content):
    claims = {claim.id: claim for _, claim in all_claims(content)}
    superseded = [claim for claim in claims.values() if claim.status == "superseded"]
    for old in superseded:
        new = claims.get(old.superseded_by or "")
        assert new is not None, f"{old.id} is superseded by unknown claim {old.superseded_by!r}"
        assert new.status != "retracted", f"{old.id} is superseded by the retracted {new.id}"
        assert new.claimant == old.claimant, (
            f"{old.id} ({old.claimant}) is superseded by {new.id} ({new.claimant})"
        )
        assert new.claimed_on > old.claimed_on, f"{new.id} is not newer than {old.id}"
        if old.figure is not None:
            assert new.figure is not None and new.figure.metric == old.figure.metric, (
                f"{old.id} is superseded by {new.id}, which does not count {old.figure.metric}"
            )
    for claim in claims.values():
        if claim.status != "superseded":
            assert claim.superseded_by is None, f"{claim.id} names superseded_by but is {claim.status}"


def test_a_disputed_contradicted_or_retracted_claim_says_why(content):
    for _, claim in all_claims(content):
        if claim.status in ("disputed", "contradicted", "retracted"):
            assert claim.notes and claim.notes.strip(), (
                f"{claim.id} is {claim.status} without notes saying why"
            )


def test_every_url_is_http_or_https_with_a_host(content):
    urls = [(s.id, s.url) for s in content.sources.values()]
    urls += [(s.id, s.archive_url) for s in content.sources.values() if s.archive_url]
    for source_id, url in urls:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and parts.hostname, f"{source_id}: {url!r}"
