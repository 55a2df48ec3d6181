"""The package's layers import one way, and no modules import each other in a cycle.

Every import counts, including those inside functions (they hide cycles, not remove
them). The layers, lowest first, and what each may import, are :data:`MAY_IMPORT`;
the README's "Layout" section draws the same picture.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scr_workbench import paths

PACKAGE = paths.PROJ_ROOT / "src" / "scr_workbench"

#: What each part of the package may import from the rest of it (a layer, or one module of it as
#: "layer.module"). A part not named here
#: imports nothing of the package. The top (cli, __main__) may import anything.
BASE = {"paths", "parameters", "cache", "atomic", "main_points_channel"}
MAY_IMPORT: dict[str, set[str]] = {
    "paths": set(),
    # The data-keyed result cache: generic (knows no result), so every layer that computes
    # something expensive from the data may use it; it reads only where the data are.
    "cache": {"paths", "atomic"},
    # Writing a file whole or not at all: the build and the result cache share it.
    "atomic": set(),
    # Main points as data (a custom MIME type) from a notebook to the index.
    "main_points_channel": set(),
    # Reads the declarations beside the notebooks and a curated column for data-defined choices.
    "parameters": {"paths"},
    "stats": set(),
    "viz": set(),
    "data": {"paths", "cache"},
    "checks": {"paths", "data", "stats"},
    "comparisons": {"paths", "data", "stats", "checks", "cache"},
    # The coding's quotes reach Markdown: it escapes them with the one escaping path (no matplotlib).
    "coding": {"paths", "data", "stats", "viz.literal"},
    "analyses": BASE | {"data", "stats", "checks", "comparisons", "coding", "viz"},
    # The build names the board on each page (the kicker) from the dataset definition: a light
    # module (PyYAML only), not the data layer's tables.
    "reporting": BASE | {"data.dataset"},
    # The researcher's bench in JupyterLab (tables, forms, new notebooks); the build never imports it.
    "lab": BASE | {"data", "stats", "checks", "comparisons", "coding", "viz", "analyses"},
    "api": BASE | {"data", "stats", "checks", "comparisons", "coding", "viz", "analyses", "lab"},
    "cli": None,  # the top: anything
    "__main__": None,
    # The package re-exports the public API, loaded on first use (PEP 562 __getattr__).
    "__init__": {"api"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def part_of(module: str) -> str:
    """The layer of a dotted module name: the first component below scr_workbench."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports_of(path: Path) -> set[str]:
    """Every scr_workbench module ``path`` imports, at any depth of its code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("scr_workbench")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if not base.startswith("scr_workbench"):
                continue
            for alias in node.names:  # "from scr_workbench.data import tables" imports a module
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _is_module(candidate) else base)
    found.discard(this)
    return found


def _is_module(dotted: str) -> bool:
    rel = Path(*dotted.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {m for m in imports_of(path) if m != "scr_workbench"} for name, path in MODULES.items()}


def test_the_graph_is_read_from_real_modules():
    # A broken parser would find no edges and pass everything below.
    assert "scr_workbench.comparisons.registry" in MODULES
    assert "scr_workbench.stats.intervals" in GRAPH["scr_workbench.comparisons.registry"]
    assert sum(len(v) for v in GRAPH.values()) > 50


def test_every_part_of_the_package_has_a_place_in_the_layers():
    unknown = sorted({part_of(m) for m in MODULES} - set(MAY_IMPORT))
    assert not unknown, f"add these parts of the package to MAY_IMPORT (and the README's layout): {unknown}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_layers(module):
    allowed = MAY_IMPORT[part_of(module)]
    if allowed is None:
        return
    own = part_of(module)
    upward = sorted(
        m
        for m in GRAPH[module]
        if part_of(m) != own and part_of(m) not in allowed and m.removeprefix("scr_workbench.") not in allowed
    )
    assert not upward, (
        f"{module} ({own} layer) imports {upward}; the {own} layer may import only "
        f"{sorted(allowed) or 'nothing of the package'}"
    )


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first = last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycles():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


#: Modules tested through another module's tests, each with the reason; the README's layout
#: section says the same, so a newcomer knows where to look.
TESTED_ELSEWHERE = {
    "scr_workbench.__main__": "tests/test_cli.py runs `python -m scr_workbench`",
    "scr_workbench.reporting.bench": "it is the benchmark (`make bench`); tests/reporting/ cover the builds it times",
    "scr_workbench.reporting.preprocessors": "tests/reporting/test_render.py runs each preprocessor",
    "scr_workbench.analyses.demographic_comparisons": "tests/analyses/test_demographics.py",
    "scr_workbench.analyses.demographic_figures": "tests/analyses/test_demographics.py",
    "scr_workbench.comparisons.caveats": "tests/comparisons/test_registry.py checks the rows they build",
    "scr_workbench.comparisons.census_rows": "tests/comparisons/test_registry.py checks the rows they build",
    "scr_workbench.comparisons.columns": "tests/comparisons/test_registry.py checks the rows they build",
    "scr_workbench.comparisons.national_rows": "tests/comparisons/test_registry.py checks the rows they build",
    "scr_workbench.comparisons.row_builders": "tests/comparisons/test_registry.py checks the rows they build",
    "scr_workbench.comparisons.sources": "tests/comparisons/test_registry.py checks the rows they build",
    "scr_workbench.comparisons.within_rows": "tests/comparisons/test_registry.py checks the rows they build",
    "scr_workbench.data.schemas": "tests/data/test_tables.py breaks a copy of each table against its schema",
}


def test_every_module_has_a_test_module_mirroring_it():
    missing = []
    for name, path in MODULES.items():
        if path.name == "__init__.py" or name in TESTED_ELSEWHERE:
            continue
        rel = path.relative_to(PACKAGE)
        expected = paths.PROJ_ROOT / "tests" / rel.parent / f"test_{rel.stem}.py"
        if not expected.is_file():
            missing.append(str(expected.relative_to(paths.PROJ_ROOT)))
    assert not missing, f"modules without their test module: {missing}"


def test_modules_tested_elsewhere_are_named_in_the_readme():
    readme = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    for name in TESTED_ELSEWHERE:
        assert f"`{name.removeprefix('scr_workbench.').replace('.', '/')}.py`" in readme, name


#: Underscore names that are public by documentation: namedtuple's ``_asdict``, ``os._exit``, IPython's display
#: protocol ``_repr_html_``.
DOCUMENTED_UNDERSCORE = {"_asdict", "_exit", "_repr_html_"}


def _private_uses(tree: ast.AST) -> list[str]:
    """Private attributes of another object: ``x._name`` or ``getattr(x, "_name")`` with x not self or cls."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            name, base = node.attr, ast.unparse(node.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            name, base = node.args[1].value, ast.unparse(node.args[0])
        else:
            continue
        if name.startswith("_") and not name.startswith("__") and name not in DOCUMENTED_UNDERSCORE:
            if base not in ("self", "cls"):
                found.append(f"line {node.lineno}: {base}.{name}")
    return found


def test_no_private_attribute_of_another_object():
    """No module reaches into another package's private attributes (the issue: ``_executor._processes``,
    jupyter_client's ``_handle_kernel_info_reply``): each can break on a dependency's minor release."""
    offenders = {
        str(f.relative_to(PACKAGE)): uses
        for f in sorted(PACKAGE.rglob("*.py"))
        if (uses := _private_uses(ast.parse(f.read_text(encoding="utf-8"))))
    }
    assert offenders == {}
    # and the check itself sees both spellings
    assert set(_private_uses(ast.parse('getattr(pool._executor, "_processes")'))) == {
        "line 1: pool._executor",
        "line 1: pool._executor._processes",
    }


#: Packages of the extras, and the only parts of the package that may import them.
EXTRA_PACKAGES = {
    "jupyterlab": ("lab",),
    "itables": ("lab",),
    "ipywidgets": ("lab",),
    "playwright": ("reporting.pdf",),
    "pypdf": ("reporting.pdf",),
}


def test_only_the_lab_and_the_pdf_import_the_extras():
    """The scheduled build runs on the core dependencies: the lab's and the PDF's packages are imported only there."""
    offenders = []
    for f in sorted(PACKAGE.rglob("*.py")):
        part = ".".join(f.relative_to(PACKAGE).with_suffix("").parts)
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            for name in names:
                allowed = EXTRA_PACKAGES.get(name.split(".")[0])
                if allowed is not None and not any(part == a or part.startswith(a + ".") for a in allowed):
                    offenders.append(f"{part}: {name}")
    assert offenders == []
