"""The site engines: MkDocs (the default) and Zensical, building the same generated Markdown.

Both read the same `mkdocs.yml`. Zensical 0.0.73 (Material's successor) differs in ways this
module absorbs, so that mkdocs.yml stays plain MkDocs:

- it has no `--site-dir` option and refuses a site_dir or docs_dir outside the folder of its
  config file, so it gets a derived copy of mkdocs.yml, written next to it, naming the site_dir;
- it runs no Python hooks (`hooks:` is ignored): the generator must run first, which
  `factsheet build` does for both engines;
- our hook points each page's edit button at the YAML file it comes from; without the hook,
  Zensical would point it at the generated Markdown, which is not in the repository, so the
  derived config drops the `content.action.edit` feature (no edit button rather than a wrong one);
- its default look is its own "modern" variant; `variant: classic` is Material's, so both
  engines build the same-looking site;
- `!ENV` works; of the 1.6 `validation:` options it checks broken links and anchors only;
- it keeps a cache in `.cache/` next to the config; `--clean` empties it, so a build never
  reuses output of an earlier one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from ..errors import BuildError

ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
# Features that need the MkDocs hook to be right (see the module docstring).
HOOK_ONLY_FEATURES = ("content.action.edit", "content.action.view")


def zensical_config(config_file: Path, site_dir: Path, docs_dir: Path | None = None) -> str:
    """mkdocs.yml, adapted for Zensical, building `docs_dir` (default: the config's) into
    `site_dir`; both must be inside the config's folder.

    The YAML is composed, not loaded, so `!ENV` tags survive for Zensical to resolve.
    """
    root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise BuildError(f"{config_file}: expected a mapping at the top")
    _set(root, "site_dir", _str(_inside(config_file, site_dir, "builds only into")))
    if docs_dir is not None:
        _set(root, "docs_dir", _str(_inside(config_file, docs_dir, "reads only Markdown from")))
    _delete(root, "hooks")
    theme = _get(root, "theme")
    if isinstance(theme, yaml.MappingNode):
        _set(theme, "variant", _str("classic"))
        features = _get(theme, "features")
        if isinstance(features, yaml.SequenceNode):
            features.value = [item for item in features.value if item.value not in HOOK_ONLY_FEATURES]
    return yaml.serialize(root)


def _inside(config_file: Path, folder: Path, what: str) -> str:
    project = Path(config_file).parent.resolve()
    try:
        return Path(folder).resolve().relative_to(project).as_posix()
    except ValueError:
        raise BuildError(f"Zensical {what} a folder inside {project}, not {folder}") from None


def _str(text: str) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:str", text)


def _get(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    for name, value in mapping.value:
        if name.value == key:
            return value
    return None


def _set(mapping: yaml.MappingNode, key: str, node: yaml.Node) -> None:
    for n, (name, _) in enumerate(mapping.value):
        if name.value == key:
            mapping.value[n] = (name, node)
            return
    mapping.value.append((yaml.ScalarNode("tag:yaml.org,2002:str", key), node))


def _delete(mapping: yaml.MappingNode, key: str) -> None:
    mapping.value = [(name, value) for name, value in mapping.value if name.value != key]


@contextmanager
def build_command(
    engine: str, config_file: Path, site_dir: Path, strict: bool = True, docs_dir: Path | None = None
) -> Iterator[list[str]]:
    """The command that builds the site with `engine` into `site_dir`: always a full build
    (`--clean`), never a dirty one, since its output may be deployed.

    MkDocs reads docs_dir from the config (our hook overrides it from FACTSHEET_DOCS_DIR);
    Zensical gets it in its derived config.
    """
    config_file = Path(config_file)
    if engine == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-f", str(config_file)]
        yield [*command, *(["--strict"] if strict else []), "-d", str(site_dir)]
        return
    if engine != "zensical":
        raise BuildError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    text = zensical_config(config_file, Path(site_dir), docs_dir)
    # The derived config must sit beside mkdocs.yml: Zensical resolves every path from there.
    handle, name = tempfile.mkstemp(prefix=".zensical-", suffix=".yml", dir=config_file.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        command = [sys.executable, "-m", "zensical", "build", "--clean", "-f", name]
        yield [*command, *(["--strict"] if strict else [])]
    finally:
        Path(name).unlink(missing_ok=True)


def run_engine(
    engine: str, config_file: Path, site_dir: Path, strict: bool = True, docs_dir: Path | None = None
) -> str:
    """Build the site with Zensical or MkDocs; return its output, or raise BuildError with it."""
    with build_command(engine, config_file, site_dir, strict, docs_dir) as command:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
        done = subprocess.run(
            command, cwd=Path(config_file).parent, env=env, capture_output=True, text=True, check=False
        )
    if done.returncode:
        output = (done.stdout + done.stderr).strip()
        raise BuildError(f"{engine} build failed (exit {done.returncode}):\n{_tail(output)}")
    return (done.stdout + done.stderr).strip()


def _tail(text: str, lines: int = 40) -> str:
    """The engine's last messages; Zensical ends a failed strict build with a Python traceback
    of its own command line, which says nothing to an editor, so it is cut off."""
    kept = text.splitlines()
    if "Traceback (most recent call last):" in kept:
        kept = kept[: kept.index("Traceback (most recent call last):")]
    return "\n".join(kept[-lines:])
