"""The package's shape, held by tests: no import cycles, only the public interfaces of
MkDocs, Material and Python-Markdown, and modules and classes small enough to read.

Imports are read from the source (``ast``), wherever they stand: at the top, inside a
function or under ``TYPE_CHECKING``. An import put inside a function still makes a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "erfaringsbase"

#: The modules of MkDocs, Material and Python-Markdown we may import from: the ones their
#: documentation presents to plugin authors (events, config, files, pages, navigation,
#: the table of contents, exceptions, the template context, the livereload server that
#: ``on_serve`` hands us). Nothing else, and no underscored name from any of them.
PUBLIC: frozenset[str] = frozenset(
    {
        "mkdocs.config",
        "mkdocs.config.base",
        "mkdocs.config.config_options",
        "mkdocs.config.defaults",
        "mkdocs.exceptions",
        "mkdocs.livereload",
        "mkdocs.plugins",
        "mkdocs.structure.files",
        "mkdocs.structure.nav",
        "mkdocs.structure.pages",
        "mkdocs.structure.toc",
        "mkdocs.utils.templates",
        "mkdocs.commands.build",  # scripts and tests build a site the documented way
        "markdown",
        # Python-Markdown's extension API ("Writing Extensions for Python-Markdown"): a
        # block processor, the extension that registers it, text marked as final.
        "markdown.blockprocessors",
        "markdown.extensions",
        "markdown.util",
    }
)
FOREIGN: tuple[str, ...] = ("mkdocs", "material", "markdown")

MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 300


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line, module, names) of every import in the module, relative ones resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, *([module] if module else [])])
            yield node.lineno, module, [alias.name for alias in node.names]


def graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports (``from . import x`` imports ``x``)."""
    known = modules()
    edges: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for _, module, names in imports(name, path):
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in known]
            if not targets and module in known:
                targets = [module]
            edges[name].update(t for t in targets if t != name)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_the_core_never_imports_mkdocs() -> None:
    """Only ``erfaringsbase.mkdocs`` may import MkDocs or Material."""
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line}: {module}"
        for name, path in modules().items()
        if not name.startswith("erfaringsbase.mkdocs")
        for line, module, _ in imports(name, path)
        if module.split(".")[0] in ("mkdocs", "material")
    ]
    assert wrong == []


def foreign_uses(name: str, path: Path) -> list[str]:
    wrong = []
    for line, module, names in imports(name, path):
        if module.split(".")[0] not in FOREIGN:
            continue
        where = f"{path.relative_to(PACKAGE)}:{line}"
        if module not in PUBLIC or any(part.startswith("_") for part in module.split(".")):
            wrong.append(f"{where}: {module} is not a documented module")
        wrong += [f"{where}: {module}.{n}" for n in names if n.startswith("_")]
    return wrong


#: Underscored names that are documented public functions.
DOCUMENTED: frozenset[str] = frozenset({"os._exit"})


def private_attributes(path: Path) -> list[str]:
    """``x._name`` on anything but ``self`` or ``cls``: another object's private parts."""
    wrong = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            and not (
                isinstance(node.value, ast.Name) and f"{node.value.id}.{node.attr}" in DOCUMENTED
            )
        ):
            wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: .{node.attr}")
    return wrong


def test_only_public_interfaces_of_mkdocs_material_and_markdown() -> None:
    wrong = [w for name, path in modules().items() for w in foreign_uses(name, path)]
    wrong += [w for path in modules().values() for w in private_attributes(path)]
    assert wrong == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from mkdocs.utils.meta import YAML_RE\n", "not a documented module"),
        ("from mkdocs.structure.files import _set_exclusions\n", "._set_exclusions"),
        ("import material.plugins.search.plugin\n", "not a documented module"),
        ("from markdown.extensions.toc import slugify\n", "not a documented module"),
    ],
)
def test_the_interface_check_catches(tmp_path: Path, source: str, expected: str) -> None:
    module = tmp_path / "erfaringsbase" / "m.py"
    module.parent.mkdir()
    module.write_text(source)
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path / "erfaringsbase"
    try:
        found = foreign_uses("erfaringsbase.m", module)
    finally:
        PACKAGE = saved
    assert len(found) == 1 and expected in found[0]


def test_the_cycle_check_catches() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]


def test_private_attributes_are_caught(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("server._rebuild_cond.notify()\nself._mine = 1\n")
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path
    try:
        assert private_attributes(module) == ["m.py:1: ._rebuild_cond"]
    finally:
        PACKAGE = saved


def test_modules_and_classes_stay_small() -> None:
    large = []
    for path in modules().values():
        text = path.read_text("utf-8")
        lines = text.count("\n") + 1
        if lines > MAX_MODULE_LINES:
            large.append(f"{path.relative_to(PACKAGE)}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_CLASS_LINES:
                    large.append(f"{path.relative_to(PACKAGE)}: class {node.name}: {size} lines")
    assert large == []


def test_the_design_section_of_the_readme_reads_in_short_paragraphs() -> None:
    """A diagram, then a paragraph per folder: none over 120 words (issue 21)."""
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    design = readme[readme.index("## Design") : readme.index("### How to add a field")]
    prose = [p for p in design.split("\n\n") if not p.lstrip().startswith(("```", "#"))]
    long = {p[:40]: len(p.split()) for p in prose if len(p.split()) > 120}
    assert not long, long
