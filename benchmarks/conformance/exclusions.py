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
`DEFAULT_REGION_NAME`, documented limits) are values a test may use from
anywhere. Nothing here imports Moto: it reads source files only.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

RULES = ("backends", "settings", "server mode", "moto.core internals", "other Moto internals", "other services")

#: Upper-case names are constants (DEFAULT_ACCOUNT_ID, DEFAULT_REGION_NAME, limits): values, not internals.
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")
MODE_GUARDS = {"TEST_SERVER_MODE", "TEST_DECORATOR_MODE", "is_test_proxy_mode"}
#: Moto's version comparison, used only to branch on the installed botocore's version.
VERSION_GUARD = "moto.utilities.distutils_version."
SERVER_NAMES = {"ThreadedMotoServer", "moto_server"}


def classify(dotted: str) -> str | None:
    """The rule a fully qualified name from Moto breaks, or None if a test may use it."""
    parts = dotted.split(".")
    if parts[0] != "moto" or len(parts) == 1:
        return None
    if parts[1] == "settings":
        return None if len(parts) > 2 and parts[2] in MODE_GUARDS else "settings"
    if parts[-1] == "mock_aws" or CONSTANT.match(parts[-1]) or dotted.startswith(VERSION_GUARD):
        return None
    if parts[-1].endswith(("_backends", "_backend")) or (len(parts) > 2 and parts[2] == "models"):
        return "backends"
    if parts[1] in ("server", "moto_server") or SERVER_NAMES & set(parts):
        return "server mode"
    if parts[1] == "core":
        return "moto.core internals"
    return "other Moto internals"


def _imports(tree: ast.Module) -> dict[str, str]:
    """Local name -> fully qualified name, for every import anywhere in the module."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bound[alias.asname] = alias.name
                else:
                    bound[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
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
        walked = [sub for node in nodes for sub in ast.walk(node)]
        # Only whole attribute chains count: `settings.TEST_SERVER_MODE`, not its inner `settings`.
        inner = {id(sub.value) for sub in walked if isinstance(sub, ast.Attribute)}
        for sub in walked:
            if isinstance(sub, ast.arg):
                references.add(sub.arg)  # a fixture it requests
            elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
                references.add(sub.func.id)  # a helper it calls
            if isinstance(sub, ast.Call):
                if self._calls_other_service(sub):
                    rules.add("other services")
            elif isinstance(sub, (ast.Attribute, ast.Name)) and id(sub) not in inner:
                rule = self._name_rule(sub)
                if rule:
                    rules.add(rule)
        return rules, references

    def _name_rule(self, node: ast.Attribute | ast.Name) -> str | None:
        chain = _dotted(node)
        last = node.attr if isinstance(node, ast.Attribute) else node.id
        if last.endswith(("_backends", "_backend")):
            return "backends"
        origin = self.imports.get(chain[0]) if chain else None
        return classify(".".join([origin, *chain[1:]])) if origin else None

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
        scanner = Scanner(_imports(tree), self.implemented)
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
        direct: dict[str, tuple[set[str], set[str]]] = {}
        for source in [*self._conftests(path), path]:  # the module's own names shadow conftest fixtures
            tree = _parse(source)
            scanner = Scanner(_imports(tree), self.implemented)
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

    def _conftests(self, path: Path) -> list[Path]:
        """conftest.py files from the tests root down to the module's folder."""
        folders = [folder for folder in [path.parent, *path.parent.parents]
                   if folder == self.tests_root or self.tests_root in folder.parents]
        return [folder / "conftest.py" for folder in reversed(folders) if (folder / "conftest.py").exists()]
