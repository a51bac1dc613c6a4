"""The speed and memory benchmark (`make bench`): synthetic content at N = 100 and 1,000 sheets.

For each N, in one run: each generator stage (load, validate, index, render, write) timed on
its own, the MkDocs build (`mkdocs build --strict`, as `factsheet build` runs it), the Zensical
build, total site bytes, the largest sheet page, peak memory, and regeneration with nothing
changed and with one claim changed. At the largest N it also times edit-to-reload of
`factsheet serve` (`mkdocs serve --dirty`). It prints a table and the ratios issue 6 sets as
targets, and writes JSON to benchmarks/results/ (git-ignored).

Each generator run and each build is a child process, so that its peak RSS (`os.wait4`'s
rusage) is its own and no timing includes this script. Every N gets a project folder of its
own: content/ from benchmarks/synth.py, a byte copy of mkdocs.yml, and links to site_templates/
and generator/ so that the config's relative paths (theme overrides, hook) resolve.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python benchmarks/bench.py` from anywhere

from benchmarks import synth  # noqa: E402
from generator.content import parse  # noqa: E402
from generator.site.engines import build_command  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
TARGETS = {  # issue 6
    "generator_share_of_mkdocs": 0.10,  # generator stages / MkDocs build, at the largest N
    "largest_sheet_growth": 1.25,  # largest sheet page's HTML, largest N / smallest N
    "total_time_growth": 11.0,  # generator + MkDocs build, largest N / smallest N
}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


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


def run_stages(project: Path, *options: str) -> tuple[dict, int]:
    """The generator's stages, timed in a child process: (its report, its peak RSS)."""
    stages = Path(__file__).with_name("stages.py")
    command = [sys.executable, str(stages), str(project / "content"), str(project / "build" / "docs")]
    _, _, rss, output = child([*command, *options], cwd=project)
    return json.loads(output.strip().splitlines()[-1]), rss


def build(project: Path, engine: str) -> dict:
    """A full strict build with one engine, as `factsheet build` runs it (Markdown generated)."""
    site = project / f"site-{engine}"
    # The generator has run (and is timed) already; the hook must not run it again.
    env = {**ENV, "FACTSHEET_SKIP_GENERATE": "1"}
    with build_command(engine, project / "mkdocs.yml", site, strict=True) as command:
        seconds, cpu, rss, _ = child(command, cwd=project, env=env)
    result = {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_bytes": rss, **site_sizes(site)}
    result["sheets_missing_claim_anchors"] = sheets_missing_anchors(site, project / "content")
    if engine == "zensical":  # its cache is what makes a second build faster
        with build_command(engine, project / "mkdocs.yml", site, strict=True) as command:
            cached = [part for part in command if part != "--clean"]
            wall, cpu, _, _ = child(cached, cwd=project, env=env)
            result["cached_rebuild_seconds"], result["cached_rebuild_cpu_seconds"] = wall, cpu
    return result


# ------------------------------------------------------------------------------ measurements


def snapshot_code(work: Path) -> Path:
    """Copy generator/, site_templates/ and mkdocs.yml, and run every child on the copy.

    The work tree may change while the benchmark runs (it takes minutes); one run must measure
    one version of the code, or "nothing changed" would not be true between two generations.
    """
    code = work / "code"
    shutil.copytree(ROOT / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "site_templates", code / "site_templates")
    shutil.copyfile(ROOT / "mkdocs.yml", code / "mkdocs.yml")
    ENV["PYTHONPATH"] = str(code)  # before the editable install of the work tree
    return code


def make_project(work: Path, n: int) -> Path:
    code = work / "code"
    project = work / f"n{n}"
    project.mkdir(parents=True)
    shutil.copyfile(code / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("site_templates", "generator"):
        (project / name).symlink_to(code / name)
    return project


def site_sizes(site: Path) -> dict:
    html = {str(p.relative_to(site)): p.stat().st_size for p in site.rglob("*.html")}
    sheets = {name: size for name, size in html.items() if name.startswith("sheets/sheet-")}
    largest_page = max(html, key=html.__getitem__)
    largest_sheet = max(sheets, key=sheets.__getitem__)
    return {
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "files": sum(1 for p in site.rglob("*") if p.is_file()),
        "html_pages": len(html),
        "largest_sheet": largest_sheet,
        "largest_sheet_html_bytes": sheets[largest_sheet],
        "largest_page": largest_page,
        "largest_page_html_bytes": html[largest_page],
    }


def sheets_missing_anchors(site: Path, content: Path) -> int:
    """Sheets whose built page lacks the page or one of its claim anchors (0 expected)."""
    missing = 0
    for sheet_file in sorted((content / "sheets").glob("*.yaml")):
        claims = [
            line.split(": ", 1)[1]
            for line in sheet_file.read_text(encoding="utf-8").splitlines()
            if line.startswith("      - id: ")
        ]
        page = site / "sheets" / sheet_file.stem / "index.html"
        html = page.read_text(encoding="utf-8") if page.is_file() else ""
        if not html or any(f'id="{claim}"' not in html for claim in claims):
            missing += 1
    return missing


def incremental(project: Path, sheet: int) -> dict:
    """Regenerate with nothing changed, then with one claim's text changed."""
    docs = project / "build" / "docs"
    unchanged, _ = run_stages(project, "--list-written")
    marker = f"Benchmark edit {time.time_ns()} of one claim"
    claim = synth.edit_claim_text(project / "content", sheet, marker + ".")
    changed, _ = run_stages(project, "--list-written")
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
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def serve_reload(project: Path, sheet: int, full: bool, timeout: float = 900) -> dict:
    """`factsheet serve` on a free port: time the first build, then edit one claim's YAML and
    time until the served page shows the new text (the reload an editor waits for)."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("factsheet")), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    if full:
        command.append("--full-rebuilds")
    log_path = project / f"serve-{'full' if full else 'dirty'}.log"
    url = f"http://127.0.0.1:{port}/sheets/{synth.sheet_id(sheet)}/"
    with log_path.open("w") as log:
        start = time.perf_counter()
        server = subprocess.Popen(command, cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT)
        try:
            while fetch(url) is None:
                if server.poll() is not None or time.perf_counter() - start > timeout:
                    raise SystemExit(f"factsheet serve did not come up; see {log_path}")
                time.sleep(0.5)
            first = time.perf_counter() - start
            time.sleep(3)  # let the watcher take its first look at the files
            marker = f"Served edit {time.time_ns()}"
            edited = time.perf_counter()
            synth.edit_claim_text(project / "content", sheet, marker + ".")
            while marker not in (fetch(url) or ""):
                if server.poll() is not None or time.perf_counter() - edited > timeout:
                    raise SystemExit(f"the edit never showed; see {log_path}")
                time.sleep(0.1)
            reload = time.perf_counter() - edited
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return {"full_rebuilds": full, "first_build_seconds": first, "edit_to_reload_seconds": reload}


def measure(work: Path, n: int, engines: tuple[str, ...]) -> dict:
    project = make_project(work, n)
    stats = synth.write_content(project / "content", n)
    result: dict = {"sheets": n, "content": stats.__dict__}
    print(f"N={n}: {stats.claims} claims, {stats.sources} sources, {stats.actors} actors", flush=True)
    generator, rss = run_stages(project, "--trace-write")
    result["generator"] = {**generator, "peak_rss_bytes": rss}
    print(
        f"  generator {generator['total_seconds']:.1f} s, {generator['total_cpu_seconds']:.1f} s CPU",
        flush=True,
    )
    for engine in engines:
        result[engine] = build(project, engine)
        done = result[engine]
        print(f"  {engine} build {done['seconds']:.1f} s, {done['cpu_seconds']:.1f} s CPU", flush=True)
    result["total_build_seconds"] = generator["total_seconds"] + result["mkdocs"]["seconds"]
    result["total_build_cpu_seconds"] = generator["total_cpu_seconds"] + result["mkdocs"]["cpu_seconds"]
    result["incremental"] = incremental(project, sheet=n // 2)
    return result


# ------------------------------------------------------------------------------ report


def mib(n: float) -> str:
    return f"{n / 2**20:.1f} MiB"


def kib(n: float) -> str:
    return f"{n / 1024:.1f} KiB"


def table(results: dict) -> str:
    runs = results["runs"]
    names = [f"N={run['sheets']}" for run in runs]
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


def ratios(results: dict) -> dict:
    """The targets of issue 6, judged on CPU time (see `child`), with the wall-time ratios beside."""
    small, large = results["runs"][0], results["runs"][-1]
    found = {
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
    return {
        name: {"value": cpu, "wall_value": wall, "target": TARGETS[name], "met": cpu <= TARGETS[name]}
        for name, (cpu, wall) in found.items()
    }


def summary(results: dict) -> str:
    small, large = results["runs"][0]["sheets"], results["runs"][-1]["sheets"]
    lines = [f"Targets (issue 6), N={large} against N={small} (CPU time; wall time in brackets):"]
    labels = {
        "generator_share_of_mkdocs": f"generator stages / MkDocs build at N={large}",
        "largest_sheet_growth": f"largest sheet page HTML, N={large} / N={small}",
        "total_time_growth": f"total build time, N={large} / N={small}",
    }
    for name, found in results["ratios"].items():
        share = name == "generator_share_of_mkdocs"
        value = (
            f"{found['value']:.1%} ({found['wall_value']:.1%})"
            if share
            else (f"{found['value']:.2f} ({found['wall_value']:.2f})")
        )
        target = f"{found['target']:.0%}" if share else f"{found['target']:g}"
        lines.append(f"  {labels[name]}: {value}, target <= {target}: {'met' if found['met'] else 'MISSED'}")
    lib = results["libyaml"]
    speedup = lib["parse_seconds"]["python"] / lib["parse_seconds"]["libyaml"]
    lines.append(
        f"  libyaml in use: {'yes' if lib['libyaml_in_use'] else 'NO'} ({speedup:.1f}x faster parsing); "
        f"same trees and error positions without it: "
        f"{lib['files_same_trees_and_error_positions']}/{lib['files_compared']} files"
    )
    largest = results["runs"][-1]
    for serve in results.get("serve", []):
        kind = "full rebuilds" if serve["full_rebuilds"] else "--dirty"
        lines.append(
            f"  factsheet serve ({kind}) at N={large}: "
            f"edit-to-reload {serve['edit_to_reload_seconds']:.1f} s; "
            f"its first build {serve['first_build_seconds']:.1f} s; a full build (generator + mkdocs) "
            f"{largest['total_build_seconds']:.1f} s"
        )
    lines.append(
        f"  memory at N={large}: generator peak RSS {mib(largest['generator']['peak_rss_bytes'])} for "
        f"{mib(largest['generator']['pages_bytes'])} of rendered pages (one copy; writing adds "
        f"{mib(largest['generator']['write_extra_peak_bytes'])}); mkdocs build peak RSS "
        f"{mib(largest['mkdocs']['peak_rss_bytes'])}"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Speed and memory benchmark on synthetic content.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="numbers of sheets")
    parser.add_argument("--no-zensical", action="store_true", help="skip the Zensical builds")
    parser.add_argument("--no-serve", action="store_true", help="skip the edit-to-reload measurement")
    parser.add_argument("--serve-full", action="store_true", help="also time serve without --dirty")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    args = parser.parse_args()

    engines = ("mkdocs",) if args.no_zensical else ("mkdocs", "zensical")
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="factsheet-bench-"))
    try:
        code = snapshot_code(work)
        _, _, _, imported = child(
            [sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=work
        )
        if not imported.strip().startswith(str(code)):
            raise SystemExit(f"children import the work tree, not the snapshot: {imported}")
        results: dict = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "mkdocs": version("mkdocs"),
                "mkdocs-material": version("mkdocs-material"),
                "zensical": version("zensical"),
            },
            "commit": subprocess.run(
                ["git", "describe", "--always", "--dirty"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip(),
            "runs": [measure(work, n, engines) for n in sorted(args.sizes)],
        }
        results["libyaml"] = libyaml_positions(work / f"n{min(args.sizes)}")
        if not args.no_serve:
            largest = work / f"n{max(args.sizes)}"
            sheet = max(args.sizes) // 2 + 1
            results["serve"] = [serve_reload(largest, sheet, full=False)]
            if args.serve_full:
                results["serve"].append(serve_reload(largest, sheet, full=True))
        if len(results["runs"]) > 1:
            results["ratios"] = ratios(results)
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
