"""The test suite's own layout: shared fixtures in one conftest, shared helpers in
`tests/factories.py` and `tests/forms.py`, and no test module importing another."""

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def _modules():
    return sorted(TESTS.rglob("*.py"))


def test_no_test_module_imports_another():
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            found += [
                f"{path.relative_to(TESTS)}: {name}"
                for name in names
                if name.startswith("tests.") and name.rsplit(".", 1)[-1].startswith("test_")
            ]
    assert found == []


def test_fixtures_live_in_the_one_conftest():
    conftests = [p.relative_to(TESTS) for p in TESTS.rglob("conftest.py")]
    assert conftests == [Path("conftest.py")]
    defined = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name in ("moderator", "api_catalogue"):
                defined.append(f"{path.relative_to(TESTS)}: {node.name}")
    assert sorted(defined) == ["conftest.py: api_catalogue", "conftest.py: moderator"]


ROOT = TESTS.parent
PRODUCT = ("opsi", "innovations", "coproduction")


def _product_modules() -> dict[str, Path]:
    """Product modules by dotted name (migrations left out: Django writes them)."""
    found = {}
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports_at_load(name: str, path: Path, modules: dict) -> set[str]:
    """The product modules this one imports when it is loaded (its top-level imports;
    imports inside functions run later and make no circle at load)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    imported = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            imported.add(base)
            imported |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in imported if m in modules and m != name}


def test_no_product_module_is_over_400_lines():
    long = {
        name: n
        for name, path in _product_modules().items()
        if (n := len(path.read_text().splitlines())) > 400
    }
    assert long == {}


def test_no_import_circle_between_product_modules():
    modules = _product_modules()
    graph = {name: _imports_at_load(name, path, modules) for name, path in modules.items()}
    circles, state = [], {}

    def visit(name, trail):
        state[name] = "open"
        for other in sorted(graph[name]):
            # A package importing its own submodules is how packages are built.
            if other.startswith(name + "."):
                continue
            if state.get(other) == "open":
                circles.append(" -> ".join([*trail[trail.index(other) :], other]))
            elif other not in state:
                visit(other, [*trail, other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []
