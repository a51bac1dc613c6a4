"""generator/tools/verify/store.py: results as YAML, deterministic, loaded back, linted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.tools.verify.check import QuoteResult, SourceResult
from generator.tools.verify.store import (
    HEADER,
    StoreError,
    dump_results,
    dumps_results,
    from_data,
    load_results,
    results_path,
    to_data,
)

ROOT = Path(__file__).resolve().parent.parent

RESULT = SourceResult(
    source="example-2025-04-30-casualties",
    checked="2026-11-27",
    url="https://web.archive.org/web/2025/https://example.org/a",
    read_url="https://web.archive.org/web/20250430/https://example.org/a",
    archived_copy=True,
    page_status="ok",
    reason=None,
    text_sha256="a" * 64,
    changed=False,
    page_title="North Korean casualties estimated at 4,700, NIS says: “yes”",
    page_date="2025-04-30",
    quotes=(
        QuoteResult("z-claim", "some 600 deaths", "verified", found_in="main"),
        QuoteResult("a-claim", "casualties are estimated at about 4,700", "not-found",
                    closest="casualties are estimated at around 4,700", similarity=0.92),
        QuoteResult("a-claim", "Soldiers march in Pyongyang", "verified", found_in="full"),
        QuoteResult("m-claim", "yes", "verified", found_in="main"),
        QuoteResult("m-claim", "600", "verified", found_in="main"),
    ),
    warnings=("not stored",),
)  # fmt: skip

EXPECTED = """\
# Written by `factsheet verify`: do not edit, run it again.
source: example-2025-04-30-casualties
checked: '2026-11-27'
url: https://web.archive.org/web/2025/https://example.org/a
read_url: https://web.archive.org/web/20250430/https://example.org/a
archived_copy: true
page_status: ok
reason: null
text_sha256: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
changed: false
page_title: 'North Korean casualties estimated at 4,700, NIS says: “yes”'
page_date: '2025-04-30'
quotes:
- claim: a-claim
  quote: Soldiers march in Pyongyang
  status: verified
  found_in: full
- claim: a-claim
  quote: casualties are estimated at about 4,700
  status: not-found
  closest: casualties are estimated at around 4,700
  similarity: 0.92
- claim: m-claim
  quote: '600'
  status: verified
  found_in: main
- claim: m-claim
  quote: 'yes'
  status: verified
  found_in: main
- claim: z-claim
  quote: some 600 deaths
  status: verified
  found_in: main
"""


def test_the_file_is_exactly_the_documented_format():
    assert dumps_results(RESULT) == EXPECTED
    assert dumps_results(RESULT).startswith(HEADER)


def test_results_live_in_content_checks():
    assert results_path(Path("content"), "abc") == Path("content/checks/abc.yaml")


def test_dump_and_load_round_trip(tmp_path):
    path = results_path(tmp_path / "content", RESULT.source)
    assert dump_results(RESULT, path) is True
    loaded = load_results(path)
    assert loaded is not None
    assert to_data(loaded) == to_data(RESULT)
    assert loaded.quotes[0] == QuoteResult("a-claim", "Soldiers march in Pyongyang", "verified", "full")
    assert dumps_results(loaded) == path.read_text(encoding="utf-8")


def test_the_same_results_leave_the_file_untouched(tmp_path):
    path = tmp_path / "checks" / "x.yaml"
    assert dump_results(RESULT, path) is True
    before = path.stat().st_mtime_ns
    shuffled = SourceResult(**{**RESULT.__dict__, "quotes": tuple(reversed(RESULT.quotes))})
    assert dump_results(shuffled, path) is False  # same content, whatever the order found
    assert path.stat().st_mtime_ns == before
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_a_failed_check_is_stored_with_nulls(tmp_path):
    failed = SourceResult(
        "s", "2026-11-27", None, False, "unreachable", "page: HTTP 404 (not found)", None, False, None, None,
        (QuoteResult("c", "one", "unreachable"),),
    )  # fmt: skip
    path = tmp_path / "s.yaml"
    dump_results(failed, path)
    assert yaml.safe_load(path.read_text())["read_url"] is None
    assert load_results(path) == failed


def test_a_file_written_before_the_address_was_recorded_loads_with_no_address(tmp_path):
    data = to_data(RESULT)
    del data["url"]
    path = tmp_path / "x.yaml"
    path.write_text(HEADER + yaml.safe_dump(data, sort_keys=False))
    loaded = load_results(path)
    assert loaded is not None and loaded.url is None and set(loaded.quotes) == set(RESULT.quotes)
    assert "url: null\n" in dumps_results(loaded)  # written again, it says so


def test_a_missing_file_means_never_checked(tmp_path):
    assert load_results(tmp_path / "nothing.yaml") is None


def test_a_hand_written_unquoted_date_is_read_as_text():
    data = to_data(RESULT) | {"checked": yaml.safe_load("2026-11-27")}
    assert from_data(data).checked == "2026-11-27"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source": None}, "'source' has the wrong kind of value: None"),
        ({"archived_copy": "yes"}, "'archived_copy' has the wrong kind of value: 'yes'"),
        ({"url": ["https://example.org/a"]}, "'url' has the wrong kind of value: ['https://example.org/a']"),
        ({"page_status": "fine"}, "unknown page_status 'fine'"),
        ({"quotes": [{"claim": "c"}]}, "quotes[0]: expected claim and quote"),
        ({"quotes": [{"claim": "c", "quote": "q", "status": "ok"}]}, "quotes[0]: unknown status 'ok'"),
        (
            {"quotes": [{"claim": "c", "quote": "q", "status": "not-found", "similarity": 2}]},
            "quotes[0]: similarity must be a number from 0 to 1",
        ),
    ],
)
def test_a_bad_file_is_refused_by_name(change, message):
    with pytest.raises(StoreError) as error:
        from_data(to_data(RESULT) | change, "content/checks/x.yaml")
    assert str(error.value) == f"content/checks/x.yaml: {message}"


def test_a_missing_key_is_refused(tmp_path):
    data = to_data(RESULT)
    del data["changed"]
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(StoreError, match="'changed' is missing"):
        load_results(path)
    path.write_text("quotes: [")
    with pytest.raises(StoreError, match="not YAML"):
        load_results(path)
    path.write_text("- a list")
    with pytest.raises(StoreError, match="expected a mapping"):
        load_results(path)


def test_yamllint_accepts_the_files(tmp_path):
    path = tmp_path / "checks" / "x.yaml"
    dump_results(RESULT, path)
    yamllint = Path(sys.executable).parent / "yamllint"
    command = [str(yamllint), "--strict", "--config-file", str(ROOT / ".yamllint.yaml"), str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
