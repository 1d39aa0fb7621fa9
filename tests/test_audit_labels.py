"""Every audit action the code can record has a Chinese name on the audit log (core.audit_labels), and so has
every object type: the auditor reads 吹哨报到：办结, not governance.case.resolve.

The actions are read from the source, not from a run: each `audit.record(action=…)` (a text, either text of
`a if b else c`, a constant of the file, a parameter of a helper filled by its callers in the same file),
each workflow's steps (the f-string `{workflow.key}.{step.name}` of core.workflow) and each import
(`import.{spec.kind}` of core.imports). The names are looked up in a fresh process that only starts
Django, so a declaration that no app's ready() loads fails here too."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "zhenxing"
RECORDERS = {"audit.record"}
# The f-strings that make action codes, and what fills them in.
WORKFLOW_STEP = "f'{workflow.key}.{step.name}'"
IMPORT_KIND = "f'import.{spec.kind}'"


def sources():
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "tests" not in parts and "migrations" not in parts and path.name != "conftest.py":
            yield path


def _texts(node) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _texts(node.body), _texts(node.orelse)
        return a + b if a is not None and b is not None else None
    return None


def _enclosing(tree, call):
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) and any(n is call for n in ast.walk(fn)):
            return fn
    return None


def _constant(tree, name: str) -> list[str] | None:
    """The text a module-level NAME = "…" of the file holds."""
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and [ast.unparse(t) for t in stmt.targets] == [name]:
            return _texts(stmt.value)
    return None


def _filled_by_callers(tree, fn, param: str) -> list[str] | None:
    """The texts a helper's parameter gets from the calls to the helper in the same file."""
    names = [a.arg for a in fn.args.args]
    index = names.index(param) if param in names else None
    found = []
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == fn.name):
            continue
        given = next((k.value for k in call.keywords if k.arg == param), None)
        if given is None and index is not None and index < len(call.args):
            given = call.args[index]
        texts = _texts(given) if given is not None else None
        if texts is None:
            return None
        found += texts
    return found or None


def recorded_actions() -> tuple[set[str], set[str], list[str]]:
    """(action codes, f-strings, places whose action this test cannot read) over the whole source."""
    codes, patterns, unread = set(), set(), []
    for path in sources():
        tree = ast.parse(path.read_text(), str(path))
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and ast.unparse(call.func) in RECORDERS):
                continue
            where = f"{path.relative_to(SRC)}:{call.lineno}"
            action = next((k.value for k in call.keywords if k.arg == "action"), None)
            texts = _texts(action) if action is not None else None
            if texts is None and isinstance(action, ast.JoinedStr):
                patterns.add(ast.unparse(action))
                continue
            if texts is None and isinstance(action, ast.Name):
                fn = _enclosing(tree, call)
                params = [a.arg for a in fn.args.args + fn.args.kwonlyargs] if fn else []
                texts = (_filled_by_callers(tree, fn, action.id) if action.id in params
                         else _constant(tree, action.id))
            if texts is None:
                unread.append(where)
            else:
                codes.update(texts)
    return codes, patterns, unread


def workflow_steps() -> set[str]:
    """`<key>.<transition>` of every Workflow(...) declared in the source."""
    found = set()
    for path in sources():
        tree = ast.parse(path.read_text(), str(path))
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and ast.unparse(call.func) == "Workflow":
                key = next((k.value.value for k in call.keywords if k.arg == "key"), None)
                steps = [t.args[0].value for t in ast.walk(call)
                         if isinstance(t, ast.Call) and ast.unparse(t.func) == "Transition"]
                assert key and steps, f"{path}:{call.lineno}: a workflow whose key or steps are not texts"
                found.update(f"{key}.{s}" for s in steps)
    return found


def import_kinds() -> set[str]:
    """`import.<kind>` of every import spec class in the source (a class body saying kind = "…")."""
    found = set()
    for path in sources():
        for cls in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(cls, ast.ClassDef) and any("ImportSpec" in ast.unparse(b) for b in cls.bases):
                for stmt in cls.body:
                    if isinstance(stmt, ast.Assign) and ast.unparse(stmt.targets[0]) == "kind":
                        found.add(f"import.{stmt.value.value}")
    return found


LOOK_UP = """
import json, sys
import django
django.setup()
from django.apps import apps
from zhenxing.core import audit_labels
codes = json.load(sys.stdin)
models = [m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("zhenxing")]
print(json.dumps({
    "actions": {c: audit_labels.action_label(c) for c in codes},
    "objects": {t: audit_labels.object_label(t) for t in models + ["auth.user", "import", "orgs.export"]},
}))
"""


@pytest.fixture(scope="module")
def named():
    codes, patterns, unread = recorded_actions()
    assert not unread, f"audit actions this test cannot read (write them as texts): {unread}"
    expanders = {WORKFLOW_STEP: workflow_steps, IMPORT_KIND: import_kinds}
    unknown = patterns - set(expanders)
    assert not unknown, f"f-string audit actions this test cannot expand (add an expander): {unknown}"
    for pattern in patterns:
        codes |= expanders[pattern]()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zhenxing.settings", "PYTHONPATH": str(SRC.parent)}
    done = subprocess.run([sys.executable, "-c", LOOK_UP], input=json.dumps(sorted(codes)), env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_source_is_read_whole():
    """The reading itself: the kinds of action it must find are there (it cannot pass by finding none)."""
    codes, patterns, _ = recorded_actions()
    assert {"person.reveal", "login", "password.change", "security.unlock", "points.rules.item.add",
            "points.rules.item.change", "governance.case.report", "audit.verify"} <= codes
    assert patterns == {WORKFLOW_STEP, IMPORT_KIND}
    assert {"governance.case.resolve", "homestead.application.submit"} <= workflow_steps()
    assert {"import.persons", "import.parcels", "import.hotline_cases"} <= import_kinds()


def test_every_recorded_action_has_a_chinese_name(named):
    missing = sorted(code for code, label in named["actions"].items() if not chinese(label))
    assert not missing, ("audit actions without a Chinese name — declare them with core.audit_labels.declare "
                         f"in the module that records them: {missing}")
    assert named["actions"]["governance.case.resolve"] == "吹哨报到：办结"
    assert named["actions"]["person.reveal"] == "查看身份证号和电话"


def test_every_object_type_has_a_chinese_name(named):
    missing = sorted(t for t, label in named["objects"].items() if not chinese(label))
    assert not missing, f"object types without a Chinese name (verbose_name, or declare one): {missing}"


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text or "")
