"""The speed and memory benchmark (`make bench`): synthetic content at N = 100 and 1,000 sheets.

For each N, in one run: each generator stage (load, validate, index, render, write) timed on
its own, the MkDocs build (`mkdocs build --strict`, as `factsheet build` runs it), optionally the
Zensical build, site and page sizes (the largest HTML page of every kind), peak memory,
regeneration with nothing changed and with one claim changed, and the preview: `factsheet
serve`'s edit-to-reload (a claim's YAML edited, the served page polled until it shows the edit).

`--baseline REV` measures another revision the same way in the same run (its own generator,
templates, mkdocs.yml and synthetic content, from `git archive REV`), and prints the ratios of
this revision to it: the targets of issue 15 are ratios to commit 3eea627.

Each generator run and each build is a child process, so that its peak RSS and CPU time
(`os.wait4`'s rusage) are its own and no timing includes this script. Every revision and N gets a
project folder of its own: content/ from that revision's benchmarks/synth.py, a byte copy of its
mkdocs.yml, and links to its site_templates/ and generator/ so that the config's relative paths
(theme overrides, hook) resolve. Results: a table, the targets, JSON in benchmarks/results/.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/bench.py` from anywhere

from generator.content import parse  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
TARGETS = {
    # issue 6
    "generator_share_of_mkdocs": 0.10,  # generator stages / MkDocs build, at the largest N
    "largest_sheet_growth": 1.25,  # largest sheet page's HTML, largest N / smallest N
    "total_time_growth": 11.0,  # generator + MkDocs build, largest N / smallest N
    # issue 15 (at the largest N; the build ratio against --baseline, in the same run)
    "serve_edit_to_reload_seconds": 2.0,
    "serve_share_of_full_build": 0.02,  # edit-to-reload / a full build's wall time
    "build_cpu_vs_baseline": 0.60,  # total build CPU (generator + MkDocs) / the baseline's
    "generator_share_of_mkdocs_15": 0.05,
    "page_kind_growth": 1.25,  # largest HTML page of each kind, largest N / smallest N
    "largest_page_bytes": 200 * 1024,  # any HTML page, any N
}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
# What the serve process says about each rebuild (generator/site/serve.py); kept in the JSON.
SERVE_LOG_LINE = re.compile(r"^.*factsheet serve: .*$", re.MULTILINE)


@dataclass(frozen=True)
class Revision:
    """One version of the code: this work tree (snapshot) or a baseline (git archive)."""

    name: str  # "current" or "baseline"
    commit: str
    code: Path  # generator/, site_templates/, mkdocs.yml and benchmarks/ of this revision
    synth: ModuleType  # its own benchmarks/synth.py: the content format changes between revisions

    @property
    def env(self) -> dict[str, str]:
        return {**ENV, "PYTHONPATH": str(self.code)}  # before the editable install of the work tree


# ------------------------------------------------------------------------------ processes


def child(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, int, str]:
    """Run a command to its end: (wall seconds, CPU seconds, peak RSS in bytes, its output).

    CPU time (user + system, of this child alone) is what the load of other processes on a
    shared machine does not change; the ratios are judged on it, with wall time beside.
    Exits on failure."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)  # the rusage of this child alone
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output[-4000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss * 1024, output  # ru_maxrss is in KiB on Linux


def run_stages(project: Path, rev: Revision, *options: str) -> tuple[dict, int]:
    """The generator's stages, timed in a child process: (its report, its peak RSS)."""
    stages = rev.code / "benchmarks" / "stages.py"
    command = [sys.executable, str(stages), str(project / "content"), str(project / "build" / "docs")]
    _, _, rss, output = child([*command, *options], cwd=project, env=rev.env)
    return json.loads(output.strip().splitlines()[-1]), rss


def build_command(engine: str, project: Path, site: Path) -> list[str]:
    """A full strict build, as `factsheet build` runs it (generator/site/engines.py)."""
    if engine == "mkdocs":
        return [sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-f", "mkdocs.yml", "--strict",
                "-d", str(site)]  # fmt: skip
    # Zensical needs a derived config; only the current revision's engines module makes it.
    from generator.site.engines import zensical_config

    derived = project / ".zensical-bench.yml"
    derived.write_text(zensical_config(project / "mkdocs.yml", site), encoding="utf-8")
    return [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(derived), "--strict"]


def build(project: Path, engine: str, rev: Revision) -> dict:
    """A full strict build with one engine (the Markdown is generated already)."""
    site = project / f"site-{engine}"
    # The generator has run (and is timed) already; the hook must not run it again.
    env = {**rev.env, "FACTSHEET_SKIP_GENERATE": "1"}
    command = build_command(engine, project, site)
    seconds, cpu, rss, _ = child(command, cwd=project, env=env)
    result = {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_bytes": rss, **site_sizes(site)}
    result["sheets_missing_claim_anchors"] = sheets_missing_anchors(site, project / "content")
    if engine == "mkdocs":
        result["sheets_missing_from_search"] = sheets_missing_from_search(site, project / "content")
    if engine == "zensical":  # its cache is what makes a second build faster
        cached = [part for part in command if part != "--clean"]
        wall, cpu, _, _ = child(cached, cwd=project, env=env)
        result["cached_rebuild_seconds"], result["cached_rebuild_cpu_seconds"] = wall, cpu
    return result


# ------------------------------------------------------------------------------ measurements


def snapshot_code(work: Path) -> Revision:
    """Copy generator/, site_templates/, mkdocs.yml and benchmarks/; every child runs the copy.

    The work tree may change while the benchmark runs (it takes minutes); one run must measure
    one version of the code, or "nothing changed" would not be true between two generations.
    """
    code = work / "code"
    skip = shutil.ignore_patterns("__pycache__", "results")
    shutil.copytree(ROOT / "generator", code / "generator", ignore=skip)
    shutil.copytree(ROOT / "site_templates", code / "site_templates")
    shutil.copytree(ROOT / "benchmarks", code / "benchmarks", ignore=skip)
    shutil.copyfile(ROOT / "mkdocs.yml", code / "mkdocs.yml")
    commit = git("describe", "--always", "--dirty")
    return Revision("current", commit, code, load_synth(code, "current"))


def archive_revision(work: Path, rev: str) -> Revision:
    """The same four of another revision, from `git archive` (no work tree is touched)."""
    code = work / "baseline-code"
    code.mkdir()
    data = subprocess.run(
        ["git", "archive", "--format=tar", rev, "generator", "site_templates", "benchmarks", "mkdocs.yml"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(code, filter="data")
    commit = git("rev-parse", "--short", rev)
    return Revision("baseline", commit, code, load_synth(code, "baseline"))


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def load_synth(code: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"synth_{name}", code / "benchmarks" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def make_project(work: Path, n: int, rev: Revision) -> Path:
    project = work / rev.name / f"n{n}"
    project.mkdir(parents=True)
    shutil.copyfile(rev.code / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("site_templates", "generator"):
        (project / name).symlink_to(rev.code / name)
    return project


def page_kind(relative: str) -> str:
    """The kind of an HTML page of the built site, from its path (works for every layout so far).

    sheets/x/ is a sheet, sheets/ and sheets/page/2/ the list of sheets; actors/x/page/2/ is the
    second page of actor x; timeline/2025-04/ a timeline period; tags/x/ one tag's page.
    """
    parts = relative.split("/")
    if len(parts) == 1:
        return "home" if parts[0] == "index.html" else parts[0].removesuffix(".html")
    folder, rest = parts[0], parts[1]
    lists = {"sheets": "sheets list", "sources": "sources list", "actors": "actors list"}
    if rest == "index.html" or rest == "page":
        return lists.get(folder, folder)
    singular = {"sheets": "sheet", "sources": "source", "actors": "actor", "timeline": "timeline period",
                "tags": "tag"}  # fmt: skip
    return singular.get(folder, f"{folder} page")


def site_sizes(site: Path) -> dict:
    html = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    sheets = {name: size for name, size in html.items() if page_kind(name) == "sheet"}
    largest_page = max(html, key=html.__getitem__)
    largest_sheet = max(sheets, key=sheets.__getitem__)
    by_kind: dict[str, tuple[int, str]] = {}
    for name, size in html.items():
        kind = page_kind(name)
        if size > by_kind.get(kind, (-1, ""))[0]:
            by_kind[kind] = (size, name)
    return {
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "files": sum(1 for p in site.rglob("*") if p.is_file()),
        "html_pages": len(html),
        "largest_sheet": largest_sheet,
        "largest_sheet_html_bytes": sheets[largest_sheet],
        "largest_page": largest_page,
        "largest_page_html_bytes": html[largest_page],
        "largest_by_kind": {kind: size for kind, (size, _) in sorted(by_kind.items())},
        "largest_by_kind_page": {kind: name for kind, (_, name) in sorted(by_kind.items())},
        "pages_by_kind": {kind: sum(1 for n in html if page_kind(n) == kind) for kind in sorted(by_kind)},
    }


def sheet_claims(content: Path) -> dict[str, list[str]]:
    """Sheet id -> its claim ids, read from the synthetic YAML (its fixed layout)."""
    found = {}
    for sheet_file in sorted((content / "sheets").glob("*.yaml")):
        found[sheet_file.stem] = [
            line.split(": ", 1)[1]
            for line in sheet_file.read_text(encoding="utf-8").splitlines()
            if line.startswith("      - id: ")
        ]
    return found


def sheets_missing_anchors(site: Path, content: Path) -> int:
    """Sheets whose built page lacks the page or one of its claim anchors (0 expected)."""
    missing = 0
    for sheet, claims in sheet_claims(content).items():
        page = site / "sheets" / sheet / "index.html"
        html = page.read_text(encoding="utf-8") if page.is_file() else ""
        if not html or any(f'id="{claim}"' not in html for claim in claims):
            missing += 1
    return missing


def sheets_missing_from_search(site: Path, content: Path) -> int:
    """Sheets with no entry in Material's search index (0 expected: every sheet is searchable)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    located = {entry["location"].split("#")[0] for entry in index["docs"]}
    return sum(1 for sheet in sheet_claims(content) if f"sheets/{sheet}/" not in located)


def incremental(project: Path, rev: Revision, sheet: int) -> dict:
    """Regenerate with nothing changed, then with one claim's text changed."""
    docs = project / "build" / "docs"
    unchanged, _ = run_stages(project, rev, "--list-written")
    marker = f"Benchmark edit {time.time_ns()} of one claim"
    claim = rev.synth.edit_claim_text(project / "content", sheet, marker + ".")
    changed, _ = run_stages(project, rev, "--list-written")
    showing = sorted(
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*")
        if p.is_file() and marker in p.read_text(encoding="utf-8", errors="replace")
    )
    return {
        "unchanged_files_written": unchanged["files_written"],
        "unchanged_written_paths": unchanged["written_paths"],
        "unchanged_seconds": unchanged["total_seconds"],
        "edited_claim": claim,
        "edit_files_written": changed["files_written"],
        "edit_seconds": changed["total_seconds"],
        "edit_written_paths": changed["written_paths"],
        "pages_showing_claim": showing,
        "written_exactly_pages_showing_claim": changed["written_paths"] == showing,
    }


def libyaml_positions(project: Path) -> dict:
    """libyaml in use, and the same trees and error positions from both parsers."""
    files = sorted((project / "content").rglob("*.yaml"))[:300]
    files += sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))
    same = same_words = 0
    seconds = {"libyaml": 0.0, "python": 0.0}
    for path in files:
        data = path.read_bytes()
        results = {}
        for parser, flag in (("libyaml", True), ("python", False)):
            start = time.perf_counter()
            results[parser] = parse.parse_bytes(data, path.name, libyaml=flag)
            seconds[parser] += time.perf_counter() - start
        (tree, problems), (python_tree, python_problems) = results["libyaml"], results["python"]
        # The two parsers word some syntax errors differently; where they point must agree.
        same += tree == python_tree and [(p.line, p.column) for p in problems] == [
            (p.line, p.column) for p in python_problems
        ]
        same_words += problems == python_problems
    return {
        "libyaml_in_use": parse.USING_LIBYAML,
        "files_compared": len(files),
        "files_same_trees_and_error_positions": same,
        "files_same_error_messages": same_words,
        "parse_seconds": seconds,
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def serve_reload(project: Path, rev: Revision, sheets: list[int], timeout: float = 900) -> dict:
    """`factsheet serve` on a free port: time the first build, then, one after the other, edit
    one claim's YAML on each of `sheets` and time until the served page shows the new text (the
    reload an editor waits for). The page is polled every 50 ms."""
    port = free_port()
    command = [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    log_path = project / "serve.log"
    reloads, said = [], []
    with log_path.open("w") as log:
        start = time.perf_counter()
        server = subprocess.Popen(command, cwd=project, env=rev.env, stdout=log, stderr=subprocess.STDOUT)
        try:
            first_url = f"http://127.0.0.1:{port}/sheets/{rev.synth.sheet_id(sheets[0])}/"
            while fetch(first_url) is None:
                if server.poll() is not None or time.perf_counter() - start > timeout:
                    raise SystemExit(f"factsheet serve did not come up; see {log_path}")
                time.sleep(0.5)
            first = time.perf_counter() - start
            time.sleep(3)  # let the watcher take its first look at the files
            for sheet in sheets:
                url = f"http://127.0.0.1:{port}/sheets/{rev.synth.sheet_id(sheet)}/"
                log.flush()
                before = log_path.read_text(encoding="utf-8", errors="replace")
                marker = f"Served edit {time.time_ns()}"
                edited = time.perf_counter()
                rev.synth.edit_claim_text(project / "content", sheet, marker + ".")
                while marker not in (fetch(url) or ""):
                    if server.poll() is not None or time.perf_counter() - edited > timeout:
                        raise SystemExit(f"the edit never showed; see {log_path}")
                    time.sleep(0.05)
                reloads.append(time.perf_counter() - edited)
                time.sleep(2)  # let the rebuild's log lines and any work after the reload finish
                after = log_path.read_text(encoding="utf-8", errors="replace")[len(before) :]
                said.append(SERVE_LOG_LINE.findall(after))
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return {
        "first_build_seconds": first,
        "edit_to_reload_seconds": statistics.median(reloads),
        "edit_to_reload_each_seconds": reloads,
        "serve_log_after_each_edit": said,
    }


def measure(work: Path, n: int, rev: Revision, engines: tuple[str, ...], serve_edits: int) -> dict:
    project = make_project(work, n, rev)
    stats = rev.synth.write_content(project / "content", n)
    result: dict = {"sheets": n, "content": stats.__dict__}
    print(f"{rev.name} {rev.commit}, N={n}: {stats.claims} claims, {stats.sources} sources, "
          f"{stats.actors} actors", flush=True)  # fmt: skip
    generator, rss = run_stages(project, rev, *(["--trace-write"] if rev.name == "current" else []))
    result["generator"] = {**generator, "peak_rss_bytes": rss}
    print(f"  generator {generator['total_seconds']:.1f} s, {generator['total_cpu_seconds']:.1f} s CPU",
          flush=True)  # fmt: skip
    for engine in engines:
        result[engine] = build(project, engine, rev)
        done = result[engine]
        print(f"  {engine} build {done['seconds']:.1f} s, {done['cpu_seconds']:.1f} s CPU", flush=True)
    result["pages"] = {"largest_by_kind": result["mkdocs"]["largest_by_kind"]}
    result["total_build_seconds"] = generator["total_seconds"] + result["mkdocs"]["seconds"]
    result["total_build_cpu_seconds"] = generator["total_cpu_seconds"] + result["mkdocs"]["cpu_seconds"]
    if rev.name == "current":
        result["incremental"] = incremental(project, rev, sheet=n // 2)
    if serve_edits:
        # Sheets in the middle of the archive, each edited once (the first is the one above).
        sheets = [n // 2 + 1 + k * (n // (2 * serve_edits) or 1) for k in range(serve_edits)]
        result["serve"] = serve_reload(project, rev, sheets)
        serve = result["serve"]
        print(
            f"  serve: first build {serve['first_build_seconds']:.1f} s, edit-to-reload "
            + ", ".join(f"{s:.2f}" for s in serve["edit_to_reload_each_seconds"])
            + " s",
            flush=True,
        )
    return result


# ------------------------------------------------------------------------------ report


def mib(n: float) -> str:
    return f"{n / 2**20:.1f} MiB"


def kib(n: float) -> str:
    return f"{n / 1024:.1f} KiB"


def table(results: dict) -> str:
    runs = list(results["runs"])
    names = [f"N={run['sheets']}" for run in runs]
    for run in results.get("baseline", {}).get("runs", []):
        runs.append(run)
        names.append(f"base N={run['sheets']}")
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, get, fmt=str) -> None:
        values = []
        for run in runs:
            try:
                values.append(fmt(get(run)))
            except (KeyError, TypeError):
                values.append("-")
        rows.append((label, values))

    def both(wall: float, cpu: float) -> str:
        return f"{wall:.2f} s / {cpu:.2f} s"

    generator = "generator"
    row("claims / sources / actors", lambda r: "{claims} / {sources} / {actors}".format(**r["content"]))
    row("time: wall / CPU", lambda r: "")
    for stage in ("load", "validate", "index", "history", "render", "write"):
        row(f"  {stage}", lambda r, s=stage: both(r[generator]["seconds"][s], r[generator]["cpu_seconds"][s]))
    row(
        "  generator stages total",
        lambda r: both(r[generator]["total_seconds"], r[generator]["total_cpu_seconds"]),
    )
    for engine in ("mkdocs", "zensical"):
        row(f"  {engine} build (strict)", lambda r, e=engine: both(r[e]["seconds"], r[e]["cpu_seconds"]))
    row(
        "  zensical rebuild, cache warm",
        lambda r: both(r["zensical"]["cached_rebuild_seconds"], r["zensical"]["cached_rebuild_cpu_seconds"]),
    )
    row(
        "  total build: generator + mkdocs",
        lambda r: both(r["total_build_seconds"], r["total_build_cpu_seconds"]),
    )
    row("serve: first build", lambda r: f"{r['serve']['first_build_seconds']:.1f} s")
    row("serve: edit-to-reload (median)", lambda r: f"{r['serve']['edit_to_reload_seconds']:.2f} s")
    row("generated files", lambda r: r[generator]["pages"])
    row("generated Markdown + data", lambda r: r[generator]["pages_bytes"], mib)
    for engine in ("mkdocs", "zensical"):
        row(f"site bytes ({engine})", lambda r, e=engine: r[e]["site_bytes"], mib)
        row(f"HTML pages ({engine})", lambda r, e=engine: r[e]["html_pages"])
        row(f"largest sheet HTML ({engine})", lambda r, e=engine: r[e]["largest_sheet_html_bytes"], kib)
        row(
            f"largest page ({engine})",
            lambda r, e=engine: f"{kib(r[e]['largest_page_html_bytes'])} {r[e]['largest_page']}",
        )
        row(
            f"sheets missing claim anchors ({engine})",
            lambda r, e=engine: r[e]["sheets_missing_claim_anchors"],
        )
    row("sheets missing from search (mkdocs)", lambda r: r["mkdocs"]["sheets_missing_from_search"])
    kinds = sorted({kind for run in runs for kind in run["mkdocs"]["largest_by_kind"]})
    row("largest HTML page by kind (mkdocs)", lambda r: "")
    for kind in kinds:
        row(f"  {kind}", lambda r, k=kind: r["mkdocs"]["largest_by_kind"][k], kib)
    row("peak RSS generator", lambda r: r[generator]["peak_rss_bytes"], mib)
    row("  write's own peak (tracemalloc)", lambda r: r[generator]["write_extra_peak_bytes"], mib)
    row("peak RSS mkdocs build", lambda r: r["mkdocs"]["peak_rss_bytes"], mib)
    row("peak RSS zensical build", lambda r: r["zensical"]["peak_rss_bytes"], mib)
    row("rerun, nothing changed: files written", lambda r: r["incremental"]["unchanged_files_written"])
    row("rerun, one claim edited: files written", lambda r: r["incremental"]["edit_files_written"])
    row("  = exactly the pages showing it", lambda r: r["incremental"]["written_exactly_pages_showing_claim"])
    row("  rerun time", lambda r: r["incremental"]["edit_seconds"], lambda v: f"{v:.2f} s")

    width = max(len(label) for label, _ in rows)
    columns = [max(len(name), *(len(values[i]) for _, values in rows)) for i, name in enumerate(names)]
    lines = [" " * width + "  " + "  ".join(name.rjust(w) for name, w in zip(names, columns, strict=True))]
    for label, values in rows:
        cells = "  ".join(value.rjust(w) for value, w in zip(values, columns, strict=True))
        lines.append(f"{label.ljust(width)}  {cells}")
    return "\n".join(lines)


def versus_baseline(results: dict) -> dict:
    """For each N: this revision's figures divided by the baseline's (CPU; wall beside)."""
    found = {}
    for run, base in zip(results["runs"], results["baseline"]["runs"], strict=True):
        ratios = {
            "generator_cpu": run["generator"]["total_cpu_seconds"] / base["generator"]["total_cpu_seconds"],
            "mkdocs_cpu": run["mkdocs"]["cpu_seconds"] / base["mkdocs"]["cpu_seconds"],
            "total_build_cpu": run["total_build_cpu_seconds"] / base["total_build_cpu_seconds"],
            "total_build_wall": run["total_build_seconds"] / base["total_build_seconds"],
        }
        if "serve" in run and "serve" in base:
            ratios["serve_edit_to_reload"] = (
                run["serve"]["edit_to_reload_seconds"] / base["serve"]["edit_to_reload_seconds"]
            )
        found[str(run["sheets"])] = ratios
    return found


def ratios(results: dict) -> dict:
    """The targets of issues 6 and 15, judged on CPU time (see `child`), wall-time ratios beside."""
    small, large = results["runs"][0], results["runs"][-1]
    found: dict[str, tuple] = {
        "generator_share_of_mkdocs": (
            large["generator"]["total_cpu_seconds"] / large["mkdocs"]["cpu_seconds"],
            large["generator"]["total_seconds"] / large["mkdocs"]["seconds"],
        ),
        "largest_sheet_growth": (
            large["mkdocs"]["largest_sheet_html_bytes"] / small["mkdocs"]["largest_sheet_html_bytes"],
        )
        * 2,
        "total_time_growth": (
            large["total_build_cpu_seconds"] / small["total_build_cpu_seconds"],
            large["total_build_seconds"] / small["total_build_seconds"],
        ),
    }
    found["generator_share_of_mkdocs_15"] = found["generator_share_of_mkdocs"]
    if "serve" in large:
        reload = large["serve"]["edit_to_reload_seconds"]
        found["serve_edit_to_reload_seconds"] = (reload, reload)
        found["serve_share_of_full_build"] = (reload / large["total_build_seconds"],) * 2
    if "baseline" in results:
        base = results["baseline"]["runs"][-1]
        found["build_cpu_vs_baseline"] = (
            large["total_build_cpu_seconds"] / base["total_build_cpu_seconds"],
            large["total_build_seconds"] / base["total_build_seconds"],
        )
    small_kinds, large_kinds = small["mkdocs"]["largest_by_kind"], large["mkdocs"]["largest_by_kind"]
    growth = {kind: size / small_kinds[kind] for kind, size in large_kinds.items() if kind in small_kinds}
    worst = max(growth, key=growth.__getitem__)
    found["page_kind_growth"] = (growth[worst],) * 2
    largest = max(large["mkdocs"]["largest_page_html_bytes"], small["mkdocs"]["largest_page_html_bytes"])
    found["largest_page_bytes"] = (largest,) * 2
    judged = {
        name: {"value": cpu, "wall_value": wall, "target": TARGETS[name], "met": cpu <= TARGETS[name]}
        for name, (cpu, wall) in found.items()
    }
    judged["page_kind_growth"]["worst_kind"] = worst
    judged["page_kind_growth"]["by_kind"] = growth
    return judged


def summary(results: dict) -> str:
    small, large = results["runs"][0]["sheets"], results["runs"][-1]["sheets"]
    lines = [f"Targets, N={large} against N={small} (CPU time; wall time in brackets):"]
    labels = {
        "generator_share_of_mkdocs": f"(6) generator stages / MkDocs build at N={large}",
        "largest_sheet_growth": f"(6) largest sheet page HTML, N={large} / N={small}",
        "total_time_growth": f"(6) total build time, N={large} / N={small}",
        "serve_edit_to_reload_seconds": f"(15) serve: edit-to-reload at N={large}, seconds",
        "serve_share_of_full_build": f"(15) serve: edit-to-reload / full build (wall) at N={large}",
        "build_cpu_vs_baseline": f"(15) total build CPU / baseline's at N={large}",
        "generator_share_of_mkdocs_15": f"(15) generator stages / MkDocs build at N={large}",
        "page_kind_growth": f"(15) largest HTML page of a kind, N={large} / N={small}",
        "largest_page_bytes": "(15) largest HTML page, KiB",
    }
    shares = ("generator_share_of_mkdocs", "generator_share_of_mkdocs_15", "serve_share_of_full_build")
    for name, found in results["ratios"].items():
        if name in shares:
            value = f"{found['value']:.1%} ({found['wall_value']:.1%})"
            target = f"{found['target']:.0%}"
        elif name == "largest_page_bytes":
            value, target = f"{found['value'] / 1024:.1f}", f"{found['target'] / 1024:g}"
        elif name == "page_kind_growth":
            value, target = f"{found['value']:.2f} ({found['worst_kind']})", f"{found['target']:g}"
        else:
            value = f"{found['value']:.2f} ({found['wall_value']:.2f})"
            target = f"{found['target']:g}"
        lines.append(f"  {labels[name]}: {value}, target <= {target}: {'met' if found['met'] else 'MISSED'}")
    lib = results.get("libyaml")
    if lib:
        speedup = lib["parse_seconds"]["python"] / lib["parse_seconds"]["libyaml"]
        lines.append(
            f"  libyaml in use: {'yes' if lib['libyaml_in_use'] else 'NO'} ({speedup:.1f}x faster parsing); "
            f"same trees and error positions without it: "
            f"{lib['files_same_trees_and_error_positions']}/{lib['files_compared']} files"
        )
    if "versus_baseline" in results:
        base = results["baseline"]["commit"]
        lines.append(f"This revision / baseline {base} (CPU unless wall):")
        for n, found in results["versus_baseline"].items():
            parts = ", ".join(f"{name} {value:.2f}" for name, value in found.items())
            lines.append(f"  N={n}: {parts}")
    largest = results["runs"][-1]
    lines.append(
        f"  memory at N={large}: generator peak RSS {mib(largest['generator']['peak_rss_bytes'])} for "
        f"{mib(largest['generator']['pages_bytes'])} of rendered pages (one copy; writing adds "
        f"{mib(largest['generator'].get('write_extra_peak_bytes', 0))}); mkdocs build peak RSS "
        f"{mib(largest['mkdocs']['peak_rss_bytes'])}"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Speed and memory benchmark on synthetic content.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="numbers of sheets")
    parser.add_argument("--baseline", metavar="REV", help="also measure this git revision, in the same run")
    parser.add_argument("--zensical", action="store_true", help="also time the Zensical builds")
    parser.add_argument("--no-zensical", action="store_true", help=argparse.SUPPRESS)  # the old default
    parser.add_argument("--no-serve", action="store_true", help="skip the edit-to-reload measurement")
    parser.add_argument("--serve-edits", type=int, default=3, help="edits timed in serve, per N (median)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    args = parser.parse_args()

    engines = ("mkdocs", "zensical") if args.zensical and not args.no_zensical else ("mkdocs",)
    serve_edits = 0 if args.no_serve else args.serve_edits
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="factsheet-bench-"))
    try:
        current = snapshot_code(work)
        baseline = archive_revision(work, args.baseline) if args.baseline else None
        _, _, _, imported = child(
            [sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=work, env=current.env
        )
        if not imported.strip().startswith(str(current.code)):
            raise SystemExit(f"children import the work tree, not the snapshot: {imported}")
        results: dict = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "mkdocs": version("mkdocs"),
                "mkdocs-material": version("mkdocs-material"),
                "markdown": version("markdown"),
                "zensical": version("zensical"),
            },
            "commit": current.commit,
            "runs": [],
        }
        if baseline:
            results["baseline"] = {"commit": baseline.commit, "runs": []}
        # Each N for both revisions before the next N: the machine's load drifts over minutes.
        for n in sorted(args.sizes):
            results["runs"].append(measure(work, n, current, engines, serve_edits))
            if baseline:
                results["baseline"]["runs"].append(measure(work, n, baseline, ("mkdocs",), serve_edits))
        results["libyaml"] = libyaml_positions(work / "current" / f"n{min(args.sizes)}")
        if len(results["runs"]) > 1:
            results["ratios"] = ratios(results)
        if baseline:
            results["versus_baseline"] = versus_baseline(results)
        results["bench_seconds"] = time.perf_counter() - started
    finally:
        if args.keep:
            print(f"projects kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(table(results))
    print()
    if "ratios" in results:
        print(summary(results))
    RESULTS.mkdir(exist_ok=True)
    stamp = results["when"].replace(":", "").replace("-", "")[:15]
    for path in (RESULTS / f"bench-{stamp}.json", RESULTS / "latest.json"):
        path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {RESULTS / 'latest.json'} (benchmark took {results['bench_seconds']:.0f} s)")
    return 0 if all(r["met"] for r in results.get("ratios", {}).values()) else 1


if __name__ == "__main__":
    sys.exit(main())
