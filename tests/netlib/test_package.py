"""netlib's modules import one another without a cycle, and each one imports on its own."""

import ast
import importlib
from pathlib import Path

import pytest

import netlib

PACKAGE = Path(netlib.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def imported_netlib_modules(module: str) -> set[str]:
    """The netlib modules ``module`` imports, anywhere in the file (``TYPE_CHECKING`` blocks
    and imports inside functions included: they are part of the dependency graph too)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:  # from .x import y, or from . import x
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith("netlib."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("netlib."):
                    found.add(alias.name.split(".")[1])
    return found & set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports(module):
    importlib.import_module(f"netlib.{module}")


def test_the_import_graph_has_no_cycle():
    graph = {m: imported_netlib_modules(m) for m in MODULES}
    done, on_path = set(), []

    def visit(module):
        if module in on_path:
            cycle = on_path[on_path.index(module) :] + [module]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        on_path.append(module)
        for imported in sorted(graph[module]):
            visit(imported)
        on_path.pop()
        done.add(module)

    for module in MODULES:
        visit(module)


def test_the_graph_sees_type_checking_imports():
    # metrics and plot name MLP in type hints only: the graph must still see those edges
    assert "mlp" in imported_netlib_modules("metrics")
    assert {"kernels", "checks"} <= imported_netlib_modules("mlp")
    assert "mlp" not in imported_netlib_modules("training")
