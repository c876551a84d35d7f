"""Every write of a case goes through `innovations.services`: no other module calls a
write method of the ORM, except the few below, each for a reason of its own."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITES = {
    "save", "delete", "create", "bulk_create", "bulk_update", "update", "update_or_create",
    "get_or_create", "set", "add", "remove", "clear",
}  # fmt: skip
# The modules that may write, and what they write.
ALLOWED = {
    "innovations/services.py": "cases, their tags, countries and logs: the write path",
    "coproduction/parts.py": "the co-production part, called only by the services",
    "innovations/indexing.py": "the change log the workers replay, in the services' transaction",
    "innovations/models/innovation.py": "the slug on save; the catalogue revision row",
    "innovations/models/moderation.py": "the append-only logs refusing edits",
    "innovations/antispam.py": "the form tokens already used",
    "innovations/ratelimit.py": "the rate limits' counters",
    "opsi/accounts/views.py": "the second-factor devices of moderators and staff",
    "opsi/operations/management/commands/restore.py": "the catalogue revision row after a restore",
    "innovations/tasks.py": "mail bookkeeping: addresses asked to confirm, the digest's clock",
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
            if "/migrations/" in name or name in ALLOWED:
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
    return text in plain or (
        text.endswith(("headers", "_lock", "kwargs", "store", "cleaned_data", "texts", "ranks"))
    )


def test_no_case_is_written_outside_the_services():
    assert writes_outside_the_services() == []
