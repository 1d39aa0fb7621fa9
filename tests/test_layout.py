"""The layout of the code, read from its imports (docs/architecture.md): layers point one way, each domain
app is one package per module whose imports point downward, and nothing reaches into another module's private
helpers. These tests read the source; they import nothing of it."""

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "zhenxing"
LAYERS = {"core": 0, "orgs": 1, "people": 2}  # below every domain app, in this order
DOMAIN_APPS = ("homestead", "governance", "points", "mechanisms")
MODULES_AT_LEAST = {"mechanisms": 1}  # 建机制 is built a module at a time (issue 15): 任务清单 first
# Above the domain apps:
TOP = {"api", "urls", "cli", "settings", "wsgi", "datadir", "demo", "testing", "stats", "ops", "workspace"}
NOT_MODULES = {"tests", "migrations", "management", "templatetags", "templates", "static", "__pycache__"}
AGGREGATORS = {"__init__", "apps", "models", "urls", "api"}  # an app's files that gather its modules
# Files longer than this need a reason here (DESIGN.md: files small enough to read in one sitting).
MAX_LINES = 420
LONG_FILES = {
    "testing/factories.py": "one factory per register, for every app's tests; each function stands alone",
    "demo/homestead.py": "the demo district's parcels, houses and farmland, made village by village",
}


@dataclass(frozen=True)
class Import:
    source: str  # dotted name of the importing file
    target: str  # dotted module imported from
    name: str  # the name imported ("" for `import x.y`)
    line: int


def dotted(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_test(path: Path) -> bool:
    return "tests" in path.relative_to(SRC).parts or path.name == "conftest.py"


@cache
def sources() -> tuple[Path, ...]:
    return tuple(p for p in sorted(SRC.rglob("*.py")) if "migrations" not in p.parts)


@cache
def imports_of(path: Path) -> tuple[Import, ...]:
    """Every zhenxing import of a file, at module level or inside a function, and each attribute read from
    an imported zhenxing module (`selectors._helper`) as an import of that name."""
    tree = ast.parse(path.read_text(), str(path))
    source = dotted(path)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    found, aliases = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + [base]).strip(".")
            if not base.startswith("zhenxing"):
                continue
            for alias in node.names:
                found.append(Import(source, base, alias.name, node.lineno))
                if (SRC.parent / f"{base}.{alias.name}".replace(".", "/")).exists() or \
                        (SRC.parent / f"{base}.{alias.name}".replace(".", "/")).with_suffix(".py").exists():
                    aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("zhenxing"):
                    found.append(Import(source, alias.name, "", node.lineno))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            found.append(Import(source, aliases[node.value.id], node.attr, node.lineno))
    return tuple(found)


def app_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_of(name: str) -> str | None:
    """The module package of a dotted name inside a domain app (`zhenxing.homestead.fees.views` -> fees)."""
    parts = name.split(".")
    if len(parts) > 2 and parts[1] in DOMAIN_APPS and (SRC / parts[1] / parts[2]).is_dir() \
            and parts[2] not in NOT_MODULES:
        return parts[2]
    return None


def module_packages(app: str) -> list[str]:
    return sorted(p.name for p in (SRC / app).iterdir()
                  if p.is_dir() and p.name not in NOT_MODULES and (p / "__init__.py").exists())


def code_imports():
    for path in sources():
        if not is_test(path):
            yield from imports_of(path)


def test_the_layers_point_one_way():
    """core -> nothing above it; orgs -> core; people -> orgs, core; a domain app -> people, orgs, core, and
    another domain app only through its selectors or services."""
    wrong = []
    for imp in code_imports():
        src, dst = app_of(imp.source), app_of(imp.target)
        if src == dst or src in TOP or not dst:
            continue
        if src in LAYERS:
            if dst not in LAYERS or LAYERS[dst] > LAYERS[src]:
                wrong.append(imp)
        elif src in DOMAIN_APPS:
            through_reads = imp.target.rsplit(".", 1)[-1] in ("selectors", "services") or imp.name in (
                "selectors", "services")
            if dst in TOP or (dst in DOMAIN_APPS and not through_reads):
                wrong.append(imp)
    assert not wrong, "\n".join(f"{i.source}:{i.line} imports {i.target} {i.name}" for i in wrong)


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_an_apps_modules_import_each_other_without_a_cycle(app):
    edges: dict[str, set[str]] = {m: set() for m in module_packages(app)}
    for imp in code_imports():
        src, dst = module_of(imp.source), module_of(f"{imp.target}.{imp.name}" if imp.name else imp.target)
        if app_of(imp.source) == app == app_of(imp.target) and src and dst and src != dst:
            edges[src].add(dst)
    order, state = [], {}

    def visit(m, trail):
        if state.get(m) == "done":
            return
        cycle = " -> ".join(trail + [m])
        assert state.get(m) != "open", f"{app}: modules import each other in a cycle: {cycle}"
        state[m] = "open"
        for n in sorted(edges[m]):
            visit(n, trail + [m])
        state[m] = "done"
        order.append(m)

    for m in sorted(edges):
        visit(m, [])
    assert len(order) >= MODULES_AT_LEAST.get(app, 4)  # the app is split into its modules at all


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_an_apps_shared_helpers_import_none_of_its_modules(app):
    """Files at an app's top level other than its gatherers (models, urls, api, apps) are shared by the
    modules: they sit below every module."""
    wrong = [
        imp for path in sorted((SRC / app).glob("*.py")) if path.stem not in AGGREGATORS
        for imp in imports_of(path)
        if app_of(imp.target) == app and module_of(f"{imp.target}.{imp.name}" if imp.name else imp.target)
    ]
    assert not wrong, "\n".join(f"{i.source}:{i.line} imports {i.target} {i.name}" for i in wrong)


def test_nothing_reaches_into_another_modules_private_names():
    """A name with a leading underscore in a domain app's module is that module's own: another module, app,
    the demo or a test of another module uses what the module makes public."""
    wrong = []
    for path in sources():
        for imp in imports_of(path):
            private = imp.name.startswith("_") and not imp.name.startswith("__")
            owner = module_of(imp.target) or (imp.target if app_of(imp.target) in DOMAIN_APPS else None)
            mine = module_of(imp.source) or imp.source
            if private and owner and owner != mine:
                wrong.append(imp)
    assert not wrong, "\n".join(f"{i.source}:{i.line} uses {i.target}.{i.name}" for i in wrong)


def test_a_model_is_imported_from_its_module_not_from_the_apps_gatherer():
    wrong = [imp for path in sources() for imp in imports_of(path)
             if app_of(imp.target) in DOMAIN_APPS and imp.target == f"zhenxing.{app_of(imp.target)}.models"]
    assert not wrong, "\n".join(f"{i.source}:{i.line} imports {i.target}.{i.name}" for i in wrong)


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_every_module_says_what_it_is_in_chinese(app):
    """grep for the Chinese name (流转, 吹哨报到 …) finds the package: its docstring starts with it."""
    for module in module_packages(app):
        doc = ast.get_docstring(ast.parse((SRC / app / module / "__init__.py").read_text())) or ""
        assert re.match(r"^[\u4e00-\u9fff、“”《》]+[（(]?[^:：]*[:：] ", doc), f"{app}.{module}: {doc[:60]!r}"


def test_files_are_small_enough_to_read_in_one_sitting():
    long = {}
    for path in sources():
        if is_test(path):
            continue
        key = str(path.relative_to(SRC))
        lines = len(path.read_text().splitlines())
        if lines > MAX_LINES and key not in LONG_FILES:
            long[key] = lines
    assert not long, f"over {MAX_LINES} lines without a reason in LONG_FILES: {long}"
    assert all((SRC / key).exists() for key in LONG_FILES), "a file named in LONG_FILES is gone"
