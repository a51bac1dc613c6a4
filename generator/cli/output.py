"""What the commands print: problems in compiler form (GitHub annotations inside Actions, and the
job summary when GitHub would not annotate them all).
"""

from __future__ import annotations

import os
import sys

from ..errors import Problem, summarize

# GitHub shows at most this many error annotations, and as many warning annotations, of one step.
ANNOTATIONS_SHOWN = 10


def print_problems(problems: list[Problem], out=None) -> None:
    """Problems in compiler form, GitHub annotations inside Actions, then the count line."""
    out = out or sys.stdout
    problems = sorted(problems)
    for problem in problems:
        print(problem.format(), file=out)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.github_annotation(), file=out)
        _beyond_annotations(problems, out)
    print(summarize(problems), file=out)


def _beyond_annotations(problems: list[Problem], out) -> None:
    """More problems than GitHub shows as annotations: say so, and list them all in the job summary."""
    errors = sum(1 for problem in problems if problem.severity == "error")
    if errors <= ANNOTATIONS_SHOWN and len(problems) - errors <= ANNOTATIONS_SHOWN:
        return
    print(f"::notice::GitHub shows the first {ANNOTATIONS_SHOWN} errors and {ANNOTATIONS_SHOWN} warnings "
          f"of a step as annotations; all {len(problems)} problems are in the log above and in the job "
          "summary", file=out)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    from ..tools.inert_markdown import md

    lines = [f"### factsheet check: {summarize(problems)}", "",
             f"GitHub annotates the first {ANNOTATIONS_SHOWN} errors and {ANNOTATIONS_SHOWN} warnings; "
             "here is every problem.", ""]
    lines += [f"- {md(problem.format(), 1000)}" for problem in problems]
    with open(summary, "a", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n\n")
