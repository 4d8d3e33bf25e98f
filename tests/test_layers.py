"""The import graph of surveysem: data flows one way through its layers, and no import cycle is held apart by a
function-level import (issue 11, item 4 and the import-cycle list).

Layers, lowest first (docs/DEVELOPERS.md): base (errors, io, format, options, textfile, results, and the kinds
registry, which imports no other surveysem module) → data → model →
stats → pls → assess → the other analyses (regression, sessions, coding, cbsem, simulate; siblings that never
import each other) → report → config → cli (``surveysem.cli`` and every command module ``surveysem.*.cli``). A module
may import its own layer and the layers below it, never one above.

Three checks, each able to fail:

* every subpackage is imported alone in a fresh interpreter, in dependency order, and the surveysem modules that
  this loads (``sys.modules``) all belong to its layer or lower ones;
* every ``import`` statement of every module, at module level *and inside functions* (read with ``ast``; those under
  ``if TYPE_CHECKING:`` are for the type checker and never run), points to the same or a lower layer;
* the graph of those statements over the whole package has no cycle — so no function-level import is left that only
  breaks one — and the library (every layer but cli) has no function-level import of a surveysem module at all.

The one exception is the root package's ``__getattr__`` (``surveysem.pls(...)`` without importing the engine
when ``import surveysem`` runs): a lazy facade above every layer, not an import of the modules that import it.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "surveysem"

#: layer name -> rank; layers of equal rank are siblings and may not import each other
RANK = {"base": 0, "data": 1, "model": 2, "stats": 3, "describe": 4, "pls": 4, "assess": 5, "groups": 5,
        "regression": 6, "sessions": 6, "coding": 6, "cbsem": 6, "simulate": 6, "power": 7,
        "report": 7, "scaffold": 7, "config": 8, "cli": 9}
#: the lowest layer: helpers with no surveysem imports but each other, and the study-kind registry (a leaf: it imports
#: no other surveysem module; the report objects it names by dotted path are imported on use, ``kinds.resolve``)
BASE = {"errors", "io", "format", "options", "textfile", "results", "kinds", "i18n"}
ORDER = ["base", "data", "model", "stats", "describe", "pls", "assess", "groups", "regression", "sessions", "coding", "cbsem", "simulate",
         "power", "report", "scaffold", "config", "cli"]


def layer_of(module: str) -> str:
    """The layer of a module name ``surveysem....``; an unknown top-level name fails the test with a hint."""
    parts = module.split(".")
    if parts == ["surveysem"]:
        return "base"
    if parts[-1] in ("cli", "__main__"):
        return "cli"
    top = parts[1]
    if top in BASE:
        return "base"
    if top in RANK:
        return top
    raise AssertionError(f"{module}: assign its package {top!r} a layer in tests/test_layers.py (RANK)")


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, (ast.Name, ast.Attribute)) and \
                (getattr(node.test, "id", None) or getattr(node.test, "attr", None)) == "TYPE_CHECKING":
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skip


def _facade_nodes(tree: ast.AST, module: str) -> set[int]:
    if module != "surveysem":
        return set()
    return {id(n) for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name == "__getattr__"
            for n in ast.walk(node)}


def imports_of(module: str) -> list[tuple[str, int, bool]]:
    """``(imported surveysem module, line, inside a function)`` for every import statement that can run."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree) | _facade_nodes(tree, module)
    in_function = {id(n) for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                   for n in ast.walk(node)}
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, module, path.name == "__init__.py")
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for t in targets:
            if t == "surveysem" or t.startswith("surveysem."):
                while t not in MODULES:  # ``import surveysem.pls.estimate as e`` or a name: the module that holds it
                    t = t.rsplit(".", 1)[0]
                out.append((t, node.lineno, id(node) in in_function))
    return out


def _violation(src: str, dst: str) -> str | None:
    a, b = layer_of(src), layer_of(dst)
    if RANK[b] > RANK[a]:
        return f"{src} ({a}) imports {dst} ({b}), a higher layer"
    if RANK[b] == RANK[a] and a != b:
        return f"{src} ({a}) imports {dst} ({b}), a sibling layer"
    return None


def test_every_module_has_a_layer():
    for module in MODULES:
        assert layer_of(module) in RANK


def test_no_import_statement_points_to_a_higher_or_sibling_layer():
    bad = []
    for module in MODULES:
        for target, line, _ in imports_of(module):
            why = _violation(module, target)
            if why:
                bad.append(f"{MODULES[module].relative_to(SRC.parent)}:{line}: {why}")
    assert bad == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module, or a module importing itself (Tarjan 1972)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in graph.get(v, ()):
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_cycle_finder_finds_a_cycle_closed_by_a_function_level_import():
    # the check below must be able to fail: estimate -> bootstrap at module level, bootstrap -> estimate in a function
    graph = {"pls.estimate": {"pls.bootstrap"}, "pls.bootstrap": {"pls.estimate", "stats"}, "stats": set()}
    assert _cycles(graph) == [["pls.bootstrap", "pls.estimate"]]


def test_the_import_graph_has_no_cycle_even_counting_function_level_imports():
    # the whole package, command modules included (their function-level imports of the study modules keep
    # `surveysem <other command>` from loading them; none of them closes a cycle)
    graph = {m: {t for t, _, _ in imports_of(m) if t != m} for m in MODULES}
    assert _cycles(graph) == []


def test_no_library_module_imports_a_surveysem_module_inside_a_function():
    # such an import hides an edge of the graph from a reader (a cycle held apart, or a layer crossed at run time);
    # function-level imports left in the library are of optional heavy libraries only (matplotlib, semopy,
    # pyreadstat, statsmodels), which keep `import surveysem.<package>` fast
    found = sorted({f"{MODULES[m].relative_to(SRC.parent)}:{line}: {t}" for m in MODULES if layer_of(m) != "cli"
                    for t, line, inside in imports_of(m) if inside})
    assert found == []


_PROBE = """
import importlib, json, pkgutil, sys
import surveysem
names = sys.argv[1:]
for name in names:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m == "surveysem" or m.startswith("surveysem."))))
"""


@pytest.mark.parametrize("layer", ORDER)
def test_importing_a_layer_alone_loads_only_its_own_and_lower_layers(layer):
    names = [m for m in MODULES if layer_of(m) == layer and not m.endswith("__main__")]
    assert names, layer
    proc = subprocess.run([sys.executable, "-c", _PROBE, *names], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(names) <= set(loaded)
    above = [m for m in loaded if RANK[layer_of(m)] > RANK[layer]
             or (RANK[layer_of(m)] == RANK[layer] and layer_of(m) != layer)]
    assert above == [], f"importing the {layer} layer loads {above}"
