"""Guards of the package's structure (issue 9): no import cycles, layers that import only
downwards, no module over 400 lines, no dead code, one clause per template line.

Everything is read from the source files with `ast`; nothing in generator/ is imported here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
TEMPLATES = ROOT / "site_templates"

MAX_MODULE_LINES = 400
MAX_TEMPLATE_LINE = 160

# What each layer must not import; a package stands for every module in it.
_STAGES_ABOVE_CONTENT = ("generator.pages", "generator.data", "generator.site", "generator.tools")
LAYERS = {
    "generator.content": (*_STAGES_ABOVE_CONTENT, "generator.cli"),
    "generator.pages": ("generator.site", "generator.tools", "generator.cli"),
    "generator.data": ("generator.site", "generator.tools", "generator.cli"),
    "generator.paths": _STAGES_ABOVE_CONTENT,
    "generator.formatting": _STAGES_ABOVE_CONTENT,
}

# Where the program starts: nothing in generator/ calls these, yet they run.
ENTRY_POINTS = {
    ("generator.cli", "main"),  # the `factsheet` command (pyproject.toml [project.scripts])
    # Python-Markdown loads an extension named by its module (the hook adds it) and calls this.
    ("generator.site.fast_markdown", "makeExtension"),
}
HOOK_MODULE = "generator.site.mkdocs_hooks"  # mkdocs.yml `hooks:`; MkDocs calls its on_* functions

# The allow-list of dead code: libraries merged ahead of the command that will call them. Their
# public names count as used (their private helpers must still be used by them). Keep it short;
# test_the_allow_list_is_not_stale asks for an entry's removal once the command imports it.
UNWIRED: dict[str, str] = {}


# ------------------------------------------------------------------------------ reading the package


@dataclass
class Module:
    name: str  # generator.pages.sheet
    path: Path
    tree: ast.Module
    is_package: bool
    # local name -> what it stands for: ("module", "generator.x") or ("name", "generator.x", "f")
    imports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    imported_modules: set[str] = field(default_factory=set)  # every generator module it imports


@cache
def modules() -> dict[str, Module]:
    found = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found[name] = Module(name, path, tree, path.name == "__init__.py")
    for module in found.values():
        _read_imports(module, found)
    return found


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _read_imports(module: Module, known: dict[str, Module]) -> None:
    # Every import anywhere in the module: at the top, inside functions, under `if`.
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "generator":
                    module.imported_modules.add(_nearest_module(alias.name, known))
                    local = alias.asname or "generator"
                    module.imports[local] = ("module", alias.name if alias.asname else "generator")
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            if source.split(".")[0] != "generator":
                continue
            for alias in node.names:
                local, submodule = alias.asname or alias.name, f"{source}.{alias.name}"
                if submodule in known:
                    module.imported_modules.add(submodule)
                    module.imports[local] = ("module", submodule)
                else:
                    module.imported_modules.add(_nearest_module(source, known))
                    module.imports[local] = ("name", source, alias.name)


def _nearest_module(name: str, known: dict[str, Module]) -> str:
    while name not in known and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _shown(name: str) -> str:
    return str(modules()[name].path.relative_to(ROOT))


# ------------------------------------------------------------------------------ imports


def import_graph() -> dict[str, set[str]]:
    return {name: module.imported_modules - {name} for name, module in modules().items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph as a list of nodes (the first repeated at the end), or None."""
    state: dict[str, str] = {}  # "open": on the current path; "done"
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_import_graph_sees_every_kind_of_import():
    graph = import_graph()
    assert "generator.formatting" in graph["generator.pages.views"]  # from .. import formatting
    assert "generator.content.model" in graph["generator.formatting"]  # from .content.model import
    assert "generator.content.evidence" in graph["generator.tools.verify.check"]  # absolute
    assert "generator.tools.scaffold" in graph["generator.cli.editor_commands"]  # inside a function


def test_no_import_cycles():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_layers_import_only_downwards():
    wrong = [
        f"{_shown(name)} imports {target}"
        for name, imported in import_graph().items()
        for layer, forbidden in LAYERS.items()
        if _within(name, layer)
        for target in sorted(imported)
        if any(_within(target, f) for f in forbidden)
    ]
    assert not wrong, "\n".join(wrong)


# ------------------------------------------------------------------------------ sizes


def test_no_module_over_400_lines():
    long = {
        _shown(name): count
        for name, module in modules().items()
        if (count := len(module.path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split by what the parts do): {long}"


def test_one_clause_per_template_line():
    # Lines of template logic (a tag): a line of prose is one Markdown paragraph, however long, even with
    # a value or a link in it.
    long = [
        f"{path.relative_to(ROOT)}:{number}: {len(line)} characters"
        for path in sorted(TEMPLATES.rglob("*.j2"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > MAX_TEMPLATE_LINE and "{%" in line
    ]
    assert not long, f"template lines over {MAX_TEMPLATE_LINE} characters:\n" + "\n".join(long)


# ------------------------------------------------------------------------------ dead code

Node = tuple[str, str]  # (module, name of a module-level definition); name "" for the module itself


@cache
def definitions(module_name: str) -> dict[str, list[ast.stmt]]:
    """Every module-level function, class and constant, with the statements that define it."""
    found: dict[str, list[ast.stmt]] = {}

    def scan(body: list[ast.stmt]) -> None:
        for node in body:
            names: list[str] = []
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [leaf.id for t in node.targets for leaf in ast.walk(t) if isinstance(leaf, ast.Name)]
            elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            elif isinstance(node, ast.If | ast.Try):  # if TYPE_CHECKING:, try: import ... except
                for part in (node.body, node.orelse, *(h.body for h in getattr(node, "handlers", ()))):
                    scan(part)
            for name in names:
                if not (name.startswith("__") and name.endswith("__")):
                    found.setdefault(name, []).append(node)

    scan(modules()[module_name].tree.body)
    return found


def resolve(module: str, name: str, seen: frozenset[Node] = frozenset()) -> Node | None:
    """What `name` stands for in `module`: a definition, a module (name ""), or None (not ours)."""
    found = modules()
    if (module, name) in seen or module not in found:
        return None
    if name in definitions(module):
        return (module, name)
    target = found[module].imports.get(name)
    if target is None:
        return (f"{module}.{name}", "") if f"{module}.{name}" in found else None
    if target[0] == "module":
        return (target[1], "")
    return resolve(target[1], target[2], seen | {(module, name)})


def references(module: str, code: ast.AST) -> Iterator[Node]:
    """The definitions in generator/ that code names: `f`, `module.f`, `package.module.f`."""
    for node in ast.walk(code):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store):
            if (target := resolve(module, node.id)) is not None:
                yield target
        elif isinstance(node, ast.Attribute):
            chain = []
            base: ast.AST = node
            while isinstance(base, ast.Attribute):
                chain.append(base.attr)
                base = base.value
            target = resolve(module, base.id) if isinstance(base, ast.Name) else None
            for attr in reversed(chain):
                if target is None or target[1]:  # not a module: its attributes are no definitions
                    break
                target = resolve(target[0], attr)
                if target is not None:
                    yield target


def template_names() -> set[str]:
    """Names a template may take from Python: filters (`|md`, `map("md")`) and calls."""
    names: set[str] = set()
    for path in TEMPLATES.rglob("*.j2"):
        for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", path.read_text(encoding="utf-8"), re.DOTALL):
            for match in re.findall(r"\|\s*([A-Za-z_]\w*)|\"(\w+)\"|([A-Za-z_]\w*)\s*\(", tag):
                names.update(name for name in match if name)
    return names


def _all_names(module: Module) -> list[str]:
    for node in module.tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            return [e.value for e in getattr(node.value, "elts", ()) if isinstance(e, ast.Constant)]
    return []


def _is_root(module: str, name: str, from_templates: set[str]) -> bool:
    return (
        (module, name) in ENTRY_POINTS
        or name in from_templates
        or (module == HOOK_MODULE and name.startswith("on_"))
        or (any(_within(module, m) for m in UNWIRED) and not name.startswith("_"))
    )


def used_definitions() -> set[Node]:
    """Every definition reachable from the entry points, MkDocs' hooks, the templates, `__all__`,
    the allow-list and the module-level code that runs on import. Uses in tests do not count,
    nor do uses by code that is itself unused."""
    from_templates = template_names()
    roots: set[Node] = set()
    edges: dict[Node, set[Node]] = {}
    for name, module in modules().items():
        defined = definitions(name)
        for local, statements in defined.items():
            if _is_root(name, local, from_templates):
                roots.add((name, local))
            edges[name, local] = {t for s in statements for t in references(name, s)} - {(name, local)}
        roots.update((name, local) for local in _all_names(module))
        own = {id(s) for statements in defined.values() for s in statements}
        roots.update(t for s in module.tree.body if id(s) not in own for t in references(name, s))
    seen: set[Node] = set()
    todo = list(roots)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return seen


def unused_definitions() -> list[str]:
    used = used_definitions()
    return sorted(
        f"{_shown(name)}:{statements[0].lineno}: {local}"
        for name in modules()
        for local, statements in definitions(name).items()
        if (name, local) not in used
    )


def test_the_dead_code_finder_follows_names_attributes_and_imports():
    used = used_definitions()
    assert ("generator.paths", "period_page") in used  # paths.period_page(*period)
    assert ("generator.formatting", "figure_words") in used  # from ..formatting import ...
    assert ("generator.pages.filters", "md_cell") in used  # FILTERS = {"md_cell": md_cell}
    assert ("generator.pages.filters", "_markdown_text") in used  # private, through md()
    assert ("generator.site.mkdocs_hooks", "on_config") in used  # MkDocs calls it
    assert ("generator.cli", "main") in used


def test_no_dead_code():
    dead = unused_definitions()
    assert not dead, (
        "defined in generator/ but used nowhere there (uses in tests do not count); delete it, "
        "or add it to UNWIRED with the reason:\n" + "\n".join(dead)
    )


def test_the_allow_list_is_not_stale():
    for prefix in UNWIRED:
        assert any(_within(name, prefix) for name in modules()), f"UNWIRED names {prefix}, which is gone"
        callers = [
            _shown(name)
            for name, imported in import_graph().items()
            if not any(_within(name, p) for p in UNWIRED)
            and any(_within(target, prefix) for target in imported)
        ]
        assert not callers, f"{prefix} is imported by {callers}: take it off UNWIRED"


# ------------------------------------------------------------------------------ one home for a helper

ONE_LINE_HOME = GENERATOR / "errors.py"  # errors.one_line: the lowest layer, every package may import it
# `" ".join(<anything, with nested brackets>.split())`, either quote, over line breaks.
_INLINE_ONE_LINE = re.compile(r"""(["']) \1\.join\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\.split\(\)\s*\)""")


def test_the_inline_one_line_finder_finds_every_spelling():
    found = [
        'html.escape(" ".join(text.split()))',
        "f\"YAML: {' '.join(str(error).split())}\"",
        'printable(" ".join(str(text).split()))',
        '" ".join(\n    found.group(1).split()\n)',
    ]
    assert all(_INLINE_ONE_LINE.search(code) for code in found)
    kept = ['" ".join(words)', '", ".join(text.split())', '" ".join(parts) + text.split()', "one_line(text)"]
    assert not any(_INLINE_ONE_LINE.search(code) for code in kept)


def test_whitespace_is_made_one_line_only_by_errors_one_line():
    inline = []
    for name, module in modules().items():
        if module.path == ONE_LINE_HOME:
            continue
        source = module.path.read_text(encoding="utf-8")
        for match in _INLINE_ONE_LINE.finditer(source):
            inline.append(f"{_shown(name)}:{source.count(chr(10), 0, match.start()) + 1}")
    assert not inline, "use generator.errors.one_line instead of spelling it again:\n" + "\n".join(inline)


# A clone on GitHub has nothing beside it: no code, test, script or workflow names a place outside
# the repository (the research notes the project started from lived in a folder beside it).
_OUTSIDE = re.compile(r"\.\./shared|/work/shared|parent\.parent\.parent")


def _project_files() -> Iterator[Path]:
    for folder in ("generator", "tests", "benchmarks", "tools", ".github", ".ci"):
        for path in sorted((ROOT / folder).rglob("*")):
            text_file = path.suffix in (".py", ".yml", ".yaml", ".sh", "")
            if path.is_file() and text_file and "fixtures" not in path.parts:
                yield path
    yield ROOT / "Makefile"


def test_nothing_reads_outside_the_repository():
    this_file = Path(__file__).resolve()
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _project_files()
        if path.resolve() != this_file
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if _OUTSIDE.search(line)
    ]
    assert not found, "code that reads outside the repository:\n" + "\n".join(found)
    beside = "../" + "shared/research/sources.md"  # spelled in two parts, so this file passes
    assert _OUTSIDE.search(f'Path("{beside}")')  # the guard sees what it looks for
