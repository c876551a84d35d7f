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
