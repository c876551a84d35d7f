"""The services are a package of use cases: small modules, every public name re-exported,
and no import circle with the tasks that mail for them."""

import ast
from pathlib import Path

from innovations import services

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGE = ROOT / "innovations" / "services"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
            found.update(f"{'.' * node.level}{node.module or ''}.{a.name}" for a in node.names)
    return found


def test_every_module_of_the_services_and_models_is_under_400_lines():
    modules = [*PACKAGE.glob("*.py"), *(ROOT / "innovations" / "models").glob("*.py")]
    assert {p.name: len(p.read_text().splitlines()) for p in modules if
            len(p.read_text().splitlines()) >= 400} == {}  # fmt: skip


def test_the_tasks_do_not_import_the_services():
    assert not {name for name in _imports(ROOT / "innovations" / "tasks.py") if "services" in name}


def test_every_service_is_reexported_and_runs_with_the_write_path_open():
    for path in PACKAGE.glob("*.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and any(
                ast.unparse(d) == "service" for d in node.decorator_list
            ):
                assert getattr(services, node.name) is not None, node.name
                assert node.name in services.__all__, node.name
