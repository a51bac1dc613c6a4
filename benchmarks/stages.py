"""The generator's stages, one by one, timed: a child process of the benchmark.

    python benchmarks/stages.py CONTENT_DIR DOCS_DIR [--trace-write] [--list-written]

Calls the same functions as `generator.site.build.generate` (load, validate, index, history, render,
write), with the cyclic garbage collector paused as the command line pauses it (`collector_paused`),
and prints one line of JSON. Its own process, so that the benchmark reads this run's peak RSS.
With --trace-write it then writes all pages again into an empty folder under tracemalloc, to
measure how much memory writing needs on top of the rendered pages (a second copy of the site
would show here as about the site's size).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Last, so that the benchmark's snapshot of the code (on PYTHONPATH) is the one imported.
sys.path.append(str(ROOT))

from generator.content.history import read_history  # noqa: E402
from generator.content.index import build_index  # noqa: E402
from generator.content.load import load_documents  # noqa: E402
from generator.content.parse import USING_LIBYAML  # noqa: E402
from generator.content.validate import validate_documents  # noqa: E402
from generator.errors import has_errors  # noqa: E402
from generator.settings import Settings  # noqa: E402
from generator.site.build import collector_paused, render_all  # noqa: E402
from generator.site.write import write_pages  # noqa: E402


def main() -> int:
    with collector_paused():  # as `factsheet generate` and `factsheet build` run the stages
        return _main()


def _main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--trace-write", action="store_true")
    parser.add_argument("--list-written", action="store_true")
    args = parser.parse_args()

    seconds: dict[str, float] = {}  # wall clock
    cpu: dict[str, float] = {}  # this process's CPU time: what other load on the machine does not change

    def timed(stage, work):
        wall, used = time.perf_counter(), time.process_time()
        value = work()
        seconds[stage] = time.perf_counter() - wall
        cpu[stage] = time.process_time() - used
        return value

    documents, load_problems = timed("load", lambda: load_documents(args.content))
    content, problems = timed("validate", lambda: validate_documents(documents))
    problems = load_problems + problems
    if has_errors(problems):
        for problem in sorted(problems)[:50]:
            print(problem.format(), file=sys.stderr)
        return 1
    index = timed("index", lambda: build_index(content))
    # git log (nothing outside a checkout), as generate() does
    history = timed("history", lambda: read_history(args.content))
    pages = timed("render", lambda: render_all(index, Settings(), history))
    report = timed("write", lambda: write_pages(args.docs, pages))

    result = {
        "seconds": seconds,
        "total_seconds": sum(seconds.values()),
        "cpu_seconds": cpu,
        "total_cpu_seconds": sum(cpu.values()),
        "libyaml": USING_LIBYAML,
        "documents": len(documents),
        "warnings": len(problems),
        "pages": len(pages),
        "pages_bytes": sum(len(t.encode("utf-8")) if isinstance(t, str) else len(t) for t in pages.values()),
        "files_written": len(report.written),
        "files_removed": len(report.removed),
    }
    if args.list_written:
        result["written_paths"] = list(report.written)
    if args.trace_write:
        # Only the write stage is traced (tracing slows everything it covers several times).
        with tempfile.TemporaryDirectory() as empty:
            tracemalloc.start()
            before, _ = tracemalloc.get_traced_memory()
            write_pages(Path(empty), pages)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        result["write_extra_peak_bytes"] = peak - before
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
