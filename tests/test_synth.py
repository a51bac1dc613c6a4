"""The benchmark's synthetic content: valid, deterministic, and of the shape the benchmark claims."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from benchmarks import synth
from generator.content.validate import check_content

ROOT = Path(__file__).resolve().parent.parent


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synthetic_content_passes_the_checker_without_a_single_problem(tmp_path):
    stats = synth.write_content(tmp_path / "content", sheets=13)
    content, problems = check_content(tmp_path / "content")
    assert [p.format() for p in problems] == []
    assert content is not None
    assert len(content.sheets) == stats.sheets == 13
    assert sum(len(sheet.claims) for sheet in content.sheets) == stats.claims == 130
    assert len(content.sources) == stats.sources == 39
    assert len(content.actors) == stats.actors
    assert stats.files == len(files_of(tmp_path / "content"))


def test_shape_shared_sources_long_metrics_chains_reviews(tmp_path):
    synth.write_content(tmp_path / "content", sheets=13)
    content, _ = check_content(tmp_path / "content")
    assert content is not None
    sheets_citing: dict[str, set[str]] = {}
    estimates: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for sheet in content.sheets:
        for claim in sheet.claims:
            kinds[claim.kind] += 1
            statuses[claim.status] += 1
            for citation in claim.citations:
                sheets_citing.setdefault(citation.source, set()).add(sheet.id)
            if claim.figure:
                estimates[claim.figure.metric] += 1
    # Sources are shared between sheets, but never by many (no source page lists the archive).
    shared = [source for source, sheets in sheets_citing.items() if len(sheets) > 1]
    assert len(shared) >= 5
    assert max(len(sheets) for sheets in sheets_citing.values()) <= synth.SOURCE_WINDOW + 1
    assert set(sheets_citing) == set(content.sources)  # every source is cited
    assert max(estimates.values()) >= 10  # tracker metrics: every claim of the sheet an estimate
    assert statuses["superseded"] >= 10 and statuses["disputed"] >= 1
    assert set(kinds) == {"figure", "event", "statement", "quote", "assessment"}
    assert sum(len(sheet.reviews) for sheet in content.sheets) == 3  # sheets 0, 5 and 10
    assert all(sheet.tags for sheet in content.sheets)
    assert all(s.url.startswith("https://example.org/") for s in content.sources.values())


def test_deterministic_and_sheet_i_does_not_depend_on_n(tmp_path):
    synth.write_content(tmp_path / "a", sheets=12)
    synth.write_content(tmp_path / "b", sheets=12)
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
    synth.write_content(tmp_path / "small", sheets=5)
    small, large = files_of(tmp_path / "small"), files_of(tmp_path / "a")
    # The smaller corpus is a prefix of the larger one: sheet pages can be compared across N.
    assert all(large[name] == data for name, data in small.items())
    assert set(small) < set(large)
    synth.write_content(tmp_path / "seeded", sheets=5, seed=2)
    assert files_of(tmp_path / "seeded") != small


def test_edit_claim_text_changes_one_claim_and_keeps_content_valid(tmp_path):
    content_dir = tmp_path / "content"
    synth.write_content(content_dir, sheets=4)
    before, _ = check_content(content_dir)
    claim_id = synth.edit_claim_text(content_dir, 2, "Edited: a <b>new</b> text # with | marks.")
    after, problems = check_content(content_dir)
    assert problems == [] and before is not None and after is not None
    old = {c.id: c.text for s in before.sheets for c in s.claims}
    new = {c.id: c.text for s in after.sheets for c in s.claims}
    assert {cid for cid in old if old[cid] != new[cid]} == {claim_id}
    assert new[claim_id] == "Edited: a <b>new</b> text # with | marks."
    assert claim_id.startswith(synth.sheet_id(2))
