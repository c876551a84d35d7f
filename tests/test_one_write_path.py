"""Every write of a case goes through `innovations.services`.

The write guard (`innovations.services.guard`, tested in
`tests/innovations/test_write_guard.py`) refuses at run time any write of a case made
elsewhere, whatever the door. This scan is a second line of defence that needs no test
to reach the code: no other module calls a write method of the ORM (except the few
below, each for a reason of its own), and no product module outside the services opens
the guard's allowance."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITES = {
    "save", "delete", "create", "bulk_create", "bulk_update", "update", "update_or_create",
    "get_or_create", "set", "add", "remove", "clear",
}  # fmt: skip
# The write path: cases, their tags, countries, parts and logs.
SERVICES = "innovations/services/"
# The other modules that may write, and what they write.
ALLOWED = {
    "coproduction/parts.py": "the co-production part, called only by the services",
    "innovations/derived.py": "the change log the workers replay and the versions of the cases "
    "that show a changed one, in the services' transaction; the revision row after a restore",
    "innovations/models/innovation.py": "the slug on save",
    "innovations/models/revision.py": "the catalogue revision row",
    "innovations/models/moderation.py": "the append-only logs refusing edits",
    "innovations/antispam.py": "the form tokens already used",
    "innovations/ratelimit.py": "the rate limits' counters",
    "opsi/accounts/views.py": "the second-factor devices of moderators and staff",
    "opsi/operations/management/commands/restore.py": "the catalogue revision row after a restore",
    "innovations/tasks.py": "mail bookkeeping: addresses asked to confirm, the digest's clock",
    "opsi/operations/tasks_reaper.py": "task rows left RUNNING by a dead db_worker, made READY",
    "innovations/contributor_services.py": "sign-in links, confirmed addresses, saved searches",
    "innovations/contributor_tasks.py": "the saved searches' watermark (when they last looked)",
    "innovations/media_services.py": "a case's media and their files, while the case is editable",
    "innovations/uploads.py": "none: Pillow's Image.save re-encodes an upload in memory",
}


def writes_outside_the_services() -> list[str]:
    found = []
    for package in ("innovations", "coproduction", "opsi"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "/migrations/" in name or name in ALLOWED or name.startswith(SERVICES):
                continue
            for node in ast.walk(ast.parse(path.read_text(), name)):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in WRITES
                    and not _harmless(node)
                ):
                    found.append(f"{name}:{node.lineno} .{node.func.attr}()")
    return found


def _harmless(node: ast.Call) -> bool:
    """Calls named like writes that write nothing: caches, dicts, sets, headers."""
    owner = node.func.value
    text = ast.unparse(owner)
    plain = {"cache", "found", "self.data", "self.labels", "response.headers", "data", "_built"}
    plain |= {"_origin"}  # a context variable (innovations/siteurl.py)
    # A search's words (search/).
    plain |= {"concept", "concept.partial", "concept.translations", "terms", "selective"}
    plain |= {"blocks"}  # the search index's packed postings, derived data (search/store.py)
    return text in plain or (
        text.endswith(("headers", "_lock", "kwargs", "store", "cleaned_data", "texts", "ranks"))
    )


def test_no_case_is_written_outside_the_services():
    assert writes_outside_the_services() == []


def _opens_the_write_path(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute | ast.Name | ast.alias):
        word = getattr(node, "attr", None) or getattr(node, "id", None) or node.name
        if word in {"writing", "_writing"}:
            return word
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        for decorator in node.decorator_list:
            if ast.unparse(decorator).endswith("service"):
                return "@service"
    if isinstance(node, ast.ImportFrom) and (
        "guard" in (node.module or "") or "guard" in {a.name for a in node.names}
    ):
        return "imports the guard"
    return ""


def test_only_the_services_open_the_write_path():
    """`writing()` and `@service` are the services' own; no other product module uses them
    (apps.py only installs the guard; tests may open it, naming why)."""
    found = []
    for package in ("innovations", "coproduction", "opsi"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name.startswith(SERVICES):
                continue
            for node in ast.walk(ast.parse(path.read_text(), name)):
                what = _opens_the_write_path(node)
                if what and not (name == "innovations/apps.py" and what == "imports the guard"):
                    found.append(f"{name}:{node.lineno} {what}")
    assert found == []
