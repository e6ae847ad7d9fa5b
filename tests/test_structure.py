"""The package's structure, read from its source with ``ast`` (DESIGN §3).

- the import graph between mdcoverage's modules (function-level imports included) has
  no cycle;
- no module imports another module's private name (``from .x import _y``, ``x._y``);
- no module is over 700 lines; no function over 60 lines unless a comment in it says why
  (a line containing ``long-function:``);
- function-level imports are deliberate: each carries a comment (``# lazy: ...``) on its
  line or the line before;
- the core never imports plotting, the CLI or matplotlib/cartopy.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "mdcoverage"
MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 60
#: modules that may draw (everything else is the core or an output that does not draw)
DRAWING = ("plotting", "cli", "classroom", "handout", "html", "site")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(["mdcoverage", *parts])] = path
    return out


MODULES = _modules()


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rsplit(".", 1)[0]


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = _package_of(module, path).split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _target_module(name: str) -> str | None:
    """The mdcoverage module a dotted name refers to (longest known prefix)."""
    parts = name.split(".")
    for k in range(len(parts), 0, -1):
        cand = ".".join(parts[:k])
        if cand in MODULES:
            return cand
    return None


def _imports(module: str, path: Path):
    """(target module, imported name or None, node, inside a function, local name) of
    every import of an mdcoverage module or name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node

    def in_function(node: ast.AST) -> bool:
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return True
        return False

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _target_module(alias.name)
                if target:
                    local = alias.asname or alias.name.split(".")[0]
                    yield target, None, node, in_function(node), local
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path, node)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                local = alias.asname or alias.name
                if full in MODULES:  # `from . import geodesy`: a module
                    yield full, None, node, in_function(node), local
                elif _target_module(base):
                    yield _target_module(base), alias.name, node, in_function(node), local


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for target, *_ in _imports(module, path):
            if target != module:
                graph[module].add(target)
    return graph


def _is_parent_package(module: str, target: str) -> bool:
    # a module importing its own package's __init__ (e.g. for __version__) is no cycle of
    # design; such imports are still listed when they close a loop with another module
    return module.startswith(target + ".")


def test_import_graph_has_no_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if _is_parent_package(m, t):
                continue
            if state.get(t) == 1:
                cycles.append(" -> ".join([*stack[stack.index(t) :], t]))
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_no_module_imports_private_names_of_another():
    bad = []
    for module, path in MODULES.items():
        aliases = {}
        for target, name, node, _, local in _imports(module, path):
            if target != module and name and name.startswith("_") and name != "__version__":
                bad.append(f"{module}:{node.lineno} imports {target}.{name}")
            if name is None:
                aliases[local] = target
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and aliases[node.value.id] != module
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                bad.append(f"{module}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
    assert not bad, "\n".join(sorted(set(bad)))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_size(module):
    n = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_MODULE_LINES, f"{module} has {n} lines (at most {MAX_MODULE_LINES})"


def test_no_long_functions_without_a_reason():
    long = []
    for module, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            n = node.end_lineno - node.lineno + 1
            body = "\n".join(lines[node.lineno - 1 : node.end_lineno])
            if n > MAX_FUNCTION_LINES and "long-function:" not in body:
                long.append(f"{module}.{node.name}: {n} lines")
    assert not long, "functions over 60 lines without a 'long-function:' comment:\n" + "\n".join(
        long
    )


def test_function_level_imports_say_why():
    bare = []
    for module, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    near = lines[sub.lineno - 2 : sub.lineno]
                    if not any("lazy" in ln for ln in near):
                        bare.append(f"{module}:{sub.lineno}: {lines[sub.lineno - 1].strip()}")
    assert not bare, "function-level imports without a '# lazy: why' comment:\n" + "\n".join(
        sorted(set(bare))
    )


def test_core_does_not_draw():
    bad = []
    for module, path in MODULES.items():
        short = module.split(".")[1] if "." in module else ""
        if short in DRAWING or module == "mdcoverage":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for n in names:
                if n.split(".")[0] in ("matplotlib", "cartopy"):
                    bad.append(f"{module}:{node.lineno} imports {n}")
        for target, _, node, *_ in _imports(module, path):
            if target.split(".")[1:2] in (["plotting"], ["cli"]):
                bad.append(f"{module}:{node.lineno} imports {target}")
    assert not bad, "\n".join(bad)
