"""Which of Moto's tests reach into Moto's internals, decided by rules on the test's source (AST).

A test is excluded when its body, its decorators, the module-level helpers it
calls (transitively) or the fixtures it requests (from its module or a
conftest.py) use one of:

* backends: `moto.<service>.models`, any `*_backends` / `*_backend` name;
* settings: `moto.settings` other than the run-mode guards
  (`TEST_SERVER_MODE`, `TEST_DECORATOR_MODE`, `is_test_proxy_mode`), which
  only skip a test in Moto's server mode and are false here (likewise
  `moto.utilities.distutils_version`, which only compares botocore versions);
* server mode: `moto.server`, `ThreadedMotoServer`, `moto.moto_server`;
* moto.core internals: anything from `moto.core` but `mock_aws`;
* other Moto internals: any other `moto.*` module (`moto.s3.responses`,
  `moto.moto_api`, `moto.utilities`, parsers...);
* other services: a boto3 client or resource of a service moto-shared does
  not implement (CloudFormation, Lambda, ...), which can only fail here.

Rules are checked in that order; a test counts once, under the first rule it
breaks. `mock_aws` and upper-case constants (`DEFAULT_ACCOUNT_ID`,
`DEFAULT_REGION_NAME`, documented limits) are values a test may READ from
anywhere; assigning to one (`s3model.S3_UPLOAD_PART_MIN_SIZE = 256`) or naming
it as a patch target (`patch("moto.s3.models.FakeBucket...")`) changes Moto
and breaks the rule of the module it lives in. Helpers are followed whether
called, used bare as a decorator, or imported from another of Moto's test
modules; branches that only run in Moto's server or proxy mode are skipped.
Nothing here imports Moto: it reads source files only.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

RULES = ("backends", "settings", "server mode", "moto.core internals", "other Moto internals", "other services")

#: Upper-case names are constants (DEFAULT_ACCOUNT_ID, DEFAULT_REGION_NAME, limits): values, not internals.
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")
#: Run-mode guards -> their value here (decorator mode: never Moto's server or proxy).
MODE_GUARDS = {"TEST_SERVER_MODE": False, "TEST_DECORATOR_MODE": True, "is_test_proxy_mode": False}
#: Moto's version comparison, used only to branch on the installed botocore's version.
VERSION_GUARD = "moto.utilities.distutils_version."
SERVER_NAMES = {"ThreadedMotoServer", "moto_server"}
#: Calls whose first argument names what they replace: `patch("moto.x.Y")`, `monkeypatch.setattr("moto.x.Y", v)`.
PATCHERS = {"patch", "setattr", "delattr"}
#: A dotted Python name inside Moto, as patch targets spell it.
MOTO_TARGET = re.compile(r"^moto(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def classify(dotted: str, written: bool = False) -> str | None:
    """The rule a fully qualified name from Moto breaks, or None if a test may use it.

    `written`: the test assigns or patches it, so even a constant or a guard counts.
    """
    parts = dotted.split(".")
    if parts[0] != "moto" or len(parts) == 1:
        return None
    if not written and _readable(dotted, parts):
        return None
    if parts[1] == "settings":
        return "settings"
    if parts[-1].endswith(("_backends", "_backend")) or (len(parts) > 2 and parts[2] == "models"):
        return "backends"
    if parts[1] in ("server", "moto_server") or SERVER_NAMES & set(parts):
        return "server mode"
    if parts[1] == "core":
        return "moto.core internals"
    return "other Moto internals"


def _readable(dotted: str, parts: list[str]) -> bool:
    """Names a test may read: run-mode guards, `mock_aws`, constants, Moto's version comparison."""
    if parts[1] == "settings":
        return len(parts) > 2 and parts[2] in MODE_GUARDS
    return parts[-1] == "mock_aws" or bool(CONSTANT.match(parts[-1])) or dotted.startswith(VERSION_GUARD)


def _imports(tree: ast.Module, package: str) -> dict[str, str]:
    """Local name -> fully qualified name, for every import anywhere in the module.

    `package` (the module's own package, dotted) resolves relative imports such as `from .test_s3 import x`.
    """
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    bound[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            module = node.module
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if package else []
                module = ".".join([*base, *([node.module] if node.module else [])])
            if module:
                for alias in node.names:
                    bound[alias.asname or alias.name] = f"{module}.{alias.name}"
    return bound


def _dotted(node: ast.AST) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"], or None if it isn't a plain attribute chain."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    names.append(node.id)
    return names[::-1]


class Scanner:
    """Rules broken by one function (or class) node, given its module's imports."""

    def __init__(self, imports: dict[str, str], implemented_services: set[str]) -> None:
        self.imports = imports
        self.implemented = implemented_services

    def findings(self, *nodes: ast.AST) -> tuple[set[str], set[str]]:
        """(rules broken directly, names of module-level functions or fixtures referred to)."""
        rules: set[str] = set()
        references: set[str] = set()
        walked = [sub for node in nodes for sub in self._live(node)]
        # Only whole attribute chains count: `settings.TEST_SERVER_MODE`, not its inner `settings`.
        inner = {id(sub.value) for sub in walked if isinstance(sub, ast.Attribute)}
        for sub in walked:
            if isinstance(sub, ast.arg):
                references.add(sub.arg)  # a fixture it requests
            elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
                references.add(sub.func.id)  # a helper it calls
            elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                # a helper used bare as a decorator: `@reduced_min_part_size`
                references.update(decorator.id for decorator in sub.decorator_list if isinstance(decorator, ast.Name))
            if isinstance(sub, ast.Call):
                rule = "other services" if self._calls_other_service(sub) else self._patch_target_rule(sub)
                if rule:
                    rules.add(rule)
            elif isinstance(sub, (ast.Attribute, ast.Name)) and id(sub) not in inner:
                rule = self._name_rule(sub)
                if rule:
                    rules.add(rule)
        return rules, references

    def _live(self, node: ast.AST):
        """`ast.walk`, minus the branches of `if` statements that a run-mode guard makes dead here."""
        pending = [node]
        while pending:
            current = pending.pop()
            yield current
            guard = self._guard_value(current.test) if isinstance(current, ast.If) else None
            if guard is None:
                pending.extend(ast.iter_child_nodes(current))
            else:
                pending.extend([current.test, *(current.body if guard else current.orelse)])

    def _guard_value(self, test: ast.expr) -> bool | None:
        """The value of `settings.TEST_SERVER_MODE`, `not settings.is_test_proxy_mode()`... here; None if not a guard."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            value = self._guard_value(test.operand)
            return None if value is None else not value
        chain = _dotted(test.func if isinstance(test, ast.Call) else test)
        origin = self.imports.get(chain[0]) if chain else None
        parts = ".".join([origin, *chain[1:]]).split(".") if origin else []
        if parts[:2] == ["moto", "settings"] and len(parts) == 3:
            return MODE_GUARDS.get(parts[2])
        return None

    def _name_rule(self, node: ast.Attribute | ast.Name) -> str | None:
        chain = _dotted(node)
        last = node.attr if isinstance(node, ast.Attribute) else node.id
        if last.endswith(("_backends", "_backend")):
            return "backends"
        origin = self.imports.get(chain[0]) if chain else None
        # Assigning an attribute of a Moto module changes Moto: `s3model.S3_UPLOAD_PART_MIN_SIZE = 256`.
        written = isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del))
        return classify(".".join([origin, *chain[1:]]), written) if origin else None

    @staticmethod
    def _patch_target_rule(call: ast.Call) -> str | None:
        """`patch("moto.s3.models.FakeBucket.x")`, `mock.patch(...)`, `monkeypatch.setattr("moto...", v)`."""
        chain = _dotted(call.func) or []
        target = call.args[0] if call.args else None
        if not (PATCHERS & set(chain) and isinstance(target, ast.Constant) and isinstance(target.value, str)):
            return None
        return classify(target.value, written=True) if MOTO_TARGET.match(target.value) else None

    def _calls_other_service(self, call: ast.Call) -> bool:
        """`boto3.client("cloudformation")`, `session.resource("lambda")`...: a service we don't emulate."""
        if not (isinstance(call.func, ast.Attribute) and call.func.attr in ("client", "resource")):
            return False
        first = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "service_name"), None)
        return isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value not in self.implemented


@lru_cache(maxsize=None)
def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _top_level_callables(tree: ast.Module) -> dict[str, ast.AST]:
    """Module-level functions and classes (fixtures and helpers are looked up here by name)."""
    return {
        node.name: node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    }


class ExclusionIndex:
    """Answers `rule_for(path, qualname)` for test functions under a tests root, caching per module."""

    def __init__(self, tests_root: Path, implemented_services: set[str]) -> None:
        self.tests_root = tests_root
        self.implemented = implemented_services
        self._module_rules: dict[Path, dict[str, set[str]]] = {}

    def rule_for(self, path: Path, qualname: str) -> str | None:
        """The first rule the test breaks, or None if it applies to moto-shared."""
        tree = _parse(path)
        node: ast.AST | None = tree
        for part in qualname.split("."):
            node = next((child for child in getattr(node, "body", ())
                         if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                         and child.name == part), None)
            if node is None:
                return None
        scanner = Scanner(_imports(tree, self._package(path)), self.implemented)
        rules, references = scanner.findings(node)
        # The class around a method: its decorators, setUp and helpers (not its other tests) apply too.
        owner = _top_level_callables(tree).get(qualname.split(".")[0]) if "." in qualname else None
        if isinstance(owner, ast.ClassDef):
            shared = [child for child in owner.body
                      if not (isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and child.name.startswith("test"))]
            owner_rules, owner_references = scanner.findings(*owner.decorator_list, *owner.bases, *shared)
            rules |= owner_rules
            references |= owner_references
        callables = self._callable_rules(path)
        for name in references:
            rules |= callables.get(name, set())
        return next((rule for rule in RULES if rule in rules), None)

    def _callable_rules(self, path: Path) -> dict[str, set[str]]:
        """Rules broken by each helper or fixture visible from a test module, following their calls."""
        cached = self._module_rules.get(path)
        if cached is not None:
            return cached
        self._module_rules[path] = {}  # test modules importing each other: an import cycle sees no rules yet
        direct: dict[str, tuple[set[str], set[str]]] = {}
        for source in [*self._conftests(path), path]:  # the module's own names shadow conftest fixtures
            tree = _parse(source)
            imports = _imports(tree, self._package(source))
            for name, dotted in imports.items():  # helpers imported from other test modules
                module, _, imported_name = dotted.rpartition(".")
                module_path = self._module_path(module)
                if module_path is not None and module_path != path:
                    direct[name] = (set(self._callable_rules(module_path).get(imported_name, ())), set())
            scanner = Scanner(imports, self.implemented)
            for name, node in _top_level_callables(tree).items():
                direct[name] = scanner.findings(node)
        resolved = {name: set(rules) for name, (rules, _) in direct.items()}
        changed = True
        while changed:  # propagate through helpers calling helpers until nothing changes
            changed = False
            for name, (_, references) in direct.items():
                for reference in references & resolved.keys():
                    if reference != name and not resolved[reference] <= resolved[name]:
                        resolved[name] |= resolved[reference]
                        changed = True
        self._module_rules[path] = resolved
        return resolved

    def _package(self, path: Path) -> str:
        """The dotted package of a module under the tests root (`tests.test_s3`), for relative imports."""
        return ".".join(path.parent.relative_to(self.tests_root.parent).parts) if self._inside(path) else ""

    def _module_path(self, module: str) -> Path | None:
        """The file of a module under the tests root (`tests.test_s3.test_s3` -> tests/test_s3/test_s3.py)."""
        if not module:
            return None
        base = self.tests_root.parent.joinpath(*module.split("."))
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if self._inside(candidate) and candidate.is_file():
                return candidate
        return None

    def _inside(self, path: Path) -> bool:
        return self.tests_root in path.parents

    def _conftests(self, path: Path) -> list[Path]:
        """conftest.py files from the tests root down to the module's folder."""
        folders = [folder for folder in [path.parent, *path.parent.parents]
                   if folder == self.tests_root or self.tests_root in folder.parents]
        return [folder / "conftest.py" for folder in reversed(folders) if (folder / "conftest.py").exists()]
