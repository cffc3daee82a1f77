"""DynamoDB's expression language: a tokenizer, a recursive-descent parser and evaluators.

Condition, filter and key-condition expressions parse to a small tree of
nodes; update expressions to a list of actions; projections to a list of
document paths. Names (`#n`) and values (`:v`) are substituted while parsing,
so the tree holds only attribute names and attribute values, and the legacy
parameters (`Expected`, `AttributeUpdates`, ...) build the same trees.

Errors carry AWS's exact messages, because tests often assert on them.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from typing import Iterable, Union

from moto_shared.errors import AWSError, validation_error
from moto_shared.services.dynamodb.exceptions import ConstraintError
from moto_shared.services.dynamodb.reserved import RESERVED_WORDS
from moto_shared.services.dynamodb.values import (
    ALL_TYPES,
    SCALAR_TYPES,
    SET_TYPES,
    add_numbers,
    compare,
    normalize_value,
    number,
    type_of,
    value_length,
    values_equal,
)

PathElement = Union[str, int]


# --- tree ------------------------------------------------------------------------


@dataclass(frozen=True)
class Path:
    """A document path: attribute names and list indexes, e.g. a.b[2].c."""

    elements: tuple[PathElement, ...]

    def __str__(self) -> str:
        return "[" + ", ".join(f"[{e}]" if isinstance(e, int) else e for e in self.elements) + "]"


@dataclass(frozen=True)
class Value:
    value: dict


@dataclass(frozen=True)
class Size:
    path: Path


@dataclass(frozen=True)
class Compare:
    op: str
    left: object
    right: object


@dataclass(frozen=True)
class Between:
    operand: object
    low: object
    high: object


@dataclass(frozen=True)
class In:
    operand: object
    choices: tuple


@dataclass(frozen=True)
class And:
    left: object
    right: object


@dataclass(frozen=True)
class Or:
    left: object
    right: object


@dataclass(frozen=True)
class Not:
    operand: object


@dataclass(frozen=True)
class Function:
    """attribute_exists, attribute_not_exists, attribute_type, begins_with, contains."""

    name: str
    args: tuple


@dataclass(frozen=True)
class IfNotExists:
    path: Path
    default: object


@dataclass(frozen=True)
class ListAppend:
    left: object
    right: object


@dataclass(frozen=True)
class Arithmetic:
    op: str
    left: object
    right: object


@dataclass(frozen=True)
class Action:
    """One update action: SET path = value, REMOVE path, ADD path value, DELETE path value."""

    kind: str
    path: Path
    value: object = None


# --- tokenizer -------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<nameref>#[A-Za-z0-9_]+)|(?P<valueref>:[A-Za-z0-9_]+)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<number>\d+)|(?P<punct><>|<=|>=|[=<>(),.\[\]+\-])|(?P<other>\S))"
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


_EOF = "<EOF>"


@functools.lru_cache(maxsize=256)
def tokenize(text: str) -> tuple[Token, ...]:
    """The tokens of an expression; remembered, as clients send the same few expressions again and again."""
    tokens = []
    position = 0
    while True:
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            break
        tokens.append(Token(match.lastgroup, match.group(match.lastgroup), match.start(match.lastgroup), match.end()))
        position = match.end()
    tokens.append(Token("eof", _EOF, len(text), len(text)))
    return tuple(tokens)


KEYWORDS = {"AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"}
CONDITION_FUNCTIONS = {"attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size"}
UPDATE_FUNCTIONS = {"if_not_exists", "list_append"}
COMPARATORS = {"=", "<>", "<", "<=", ">", ">="}
_FUNCTION_ARITY = {
    "attribute_exists": 1,
    "attribute_not_exists": 1,
    "attribute_type": 2,
    "begins_with": 2,
    "contains": 2,
    "size": 1,
    "if_not_exists": 2,
    "list_append": 2,
}
_OPERAND_TYPE_NAMES = {
    "S": "STRING", "N": "NUMBER", "B": "BINARY", "SS": "STRING_SET", "NS": "NUMBER_SET",
    "BS": "BINARY_SET", "M": "MAP", "L": "LIST", "BOOL": "BOOLEAN", "NULL": "NULL",
}  # fmt: skip


# --- parser ----------------------------------------------------------------------


#: A key of ExpressionAttributeNames ("#name") or ExpressionAttributeValues (":value").
_SUBSTITUTION_KEY = re.compile(r"[#:][A-Za-z0-9_]+")


class ExpressionScope:
    """Parses the expressions of one request against its ExpressionAttributeNames/Values.

    Call `finish()` after parsing all of them: AWS rejects names and values that
    no expression used.
    """

    def __init__(self, names: dict | None, values: dict | None) -> None:
        self.used_names: set[str] = set()
        self.used_values: set[str] = set()
        if names is None and values is None:  # most calls: nothing to check
            self.names, self.values = {}, {}
            return
        if names is not None and not names:
            raise validation_error("ExpressionAttributeNames must not be empty")
        if values is not None and not values:
            raise ConstraintError("ExpressionAttributeValues must not be empty")
        for label, keys, sigil in (("ExpressionAttributeNames", names, "#"), ("ExpressionAttributeValues", values, ":")):
            for key in keys or ():
                if not _SUBSTITUTION_KEY.fullmatch(key) or key[0] != sigil:
                    raise validation_error(f'{label} contains invalid key: Syntax error; key: "{key}"')
        self.names = names or {}
        self.values = {}
        for key, value in (values or {}).items():
            try:
                self.values[key] = normalize_value(value)
            except ConstraintError:
                raise
            except AWSError as exc:
                raise validation_error(f"ExpressionAttributeValues contains invalid value: {exc.message} for key {key}")

    def finish(self) -> None:
        # the parser marks only names and values the request defines, so fewer marked ones means some unused
        if len(self.used_names) < len(self.names):
            unused_names = sorted(set(self.names) - self.used_names)
            raise ConstraintError(
                f"Value provided in ExpressionAttributeNames unused in expressions: keys: {{{', '.join(unused_names)}}}"
            )
        if len(self.used_values) < len(self.values):
            unused_values = sorted(set(self.values) - self.used_values)
            raise ConstraintError(
                f"Value provided in ExpressionAttributeValues unused in expressions: keys: {{{', '.join(unused_values)}}}"
            )

    def condition(self, text: str, label: str = "ConditionExpression"):
        return self._parsed(_parse_condition, text, label)

    def update(self, text: str) -> list[Action]:
        parser = _Parser(self, text, "UpdateExpression")
        actions = parser.parse_update()
        parser.expect_end()
        check_no_overlap([action.path for action in actions], "UpdateExpression")
        return actions

    def projection(self, text: str, label: str = "ProjectionExpression") -> list[Path]:
        return list(self._parsed(_parse_projection, text, label))

    def _parsed(self, parse, text: str, label: str):
        """parse(scope, text, label), remembered with the names and values it used (see `_PARSED`)."""
        substitutions = _substitutions_key(self.names, self.values)
        key = None if substitutions is None else (parse, text, label, substitutions)
        found = _PARSED.get(key) if key is not None else None
        if found is None:
            outer_names, outer_values = self.used_names, self.used_values
            self.used_names, self.used_values = set(), set()
            found = (parse(self, text, label), frozenset(self.used_names), frozenset(self.used_values))
            self.used_names, self.used_values = outer_names, outer_values
            if key is not None:
                if len(_PARSED) >= MAX_PARSED:
                    _PARSED.clear()
                _PARSED[key] = found
        tree, used_names, used_values = found
        self.used_names |= used_names
        self.used_values |= used_values
        return tree


#: Parsed conditions and projections by everything that decides them (parser, text, label, names, values):
#: clients send the same expressions with the same values again and again (one partition queried, one
#: condition on every put). The trees are frozen and only read, so one serves every request that matches.
_PARSED: dict[tuple, tuple] = {}
MAX_PARSED = 1024
#: Longer values (summed over a set's members) are not remembered, so the cache stays small.
MAX_REMEMBERED_VALUE = 256


def _substitutions_key(names: dict, values: dict) -> tuple | None:
    """A hashable form of a request's names and (normalized) values; None if a value is a map, a list or long."""
    value_items = []
    for key, value in values.items():
        ((kind, raw),) = value.items()
        if kind in ("BOOL", "NULL"):
            value_items.append((key, kind, raw))
        elif kind in SCALAR_TYPES and len(raw) <= MAX_REMEMBERED_VALUE:
            value_items.append((key, kind, raw))
        elif kind in SET_TYPES and sum(map(len, raw)) <= MAX_REMEMBERED_VALUE:
            value_items.append((key, kind, tuple(raw)))
        else:
            return None
    return tuple(names.items()), tuple(value_items)


def _parse_condition(scope: ExpressionScope, text: str, label: str):
    parser = _Parser(scope, text, label)
    node = parser.parse_condition()
    parser.expect_end()
    return node


def _parse_projection(scope: ExpressionScope, text: str, label: str) -> tuple[Path, ...]:
    parser = _Parser(scope, text, label)
    paths = [parser.parse_path()]
    while parser.accept(","):
        paths.append(parser.parse_path())
    parser.expect_end()
    check_no_overlap(paths, label)
    return tuple(paths)


def check_no_overlap(paths: list[Path], label: str) -> None:
    """Two paths where one is a prefix of the other (or equal) make AWS refuse the request."""
    for index, first in enumerate(paths):
        for second in paths[index + 1 :]:
            shorter = min(len(first.elements), len(second.elements))
            if first.elements[:shorter] == second.elements[:shorter]:
                raise ConstraintError(
                    f"Invalid {label}: Two document paths overlap with each other; must remove or rewrite one of "
                    f"these paths; path one: {first}, path two: {second}"
                )


class _Parser:
    def __init__(self, scope: ExpressionScope, text: str, label: str) -> None:
        self.scope = scope
        self.text = text
        self.label = label
        if not text.strip():
            raise ConstraintError(f"Invalid {label}: The expression can not be empty;")
        self.tokens = tokenize(text)
        self.position = 0
        # Token span [open, after close) of the parenthesized condition closed last: "((a < b))" is refused.
        self.last_group: tuple[int, int] | None = None

    # -- token helpers

    def error(self, message: str) -> AWSError:
        return validation_error(f"Invalid {self.label}: {message}")

    def syntax_error(self) -> AWSError:
        token = self.tokens[self.position]
        before = self.tokens[self.position - 1] if self.position else token
        after = self.tokens[min(self.position + 1, len(self.tokens) - 1)]
        near = self.text[before.start : max(after.end, token.end)].strip()
        return self.error(f'Syntax error; token: "{token.text}", near: "{near}"')

    @property
    def current(self) -> Token:
        return self.tokens[self.position]

    def is_keyword(self, word: str) -> bool:
        return self.current.kind == "ident" and self.current.text.upper() == word

    def accept(self, text: str) -> bool:
        if self.current.kind == "punct" and self.current.text == text:
            self.position += 1
            return True
        return False

    def accept_keyword(self, word: str) -> bool:
        if self.is_keyword(word):
            self.position += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.accept(text):
            raise self.syntax_error()

    def expect_end(self) -> None:
        if self.current.kind != "eof":
            raise self.syntax_error()

    # -- operands

    def parse_path(self) -> Path:
        elements: list[PathElement] = [self.parse_name()]
        while True:
            if self.accept("."):
                elements.append(self.parse_name())
            elif self.accept("["):
                if self.current.kind != "number":
                    raise self.syntax_error()
                elements.append(int(self.current.text))
                self.position += 1
                self.expect("]")
            else:
                return Path(tuple(elements))

    def parse_name(self) -> str:
        token = self.current
        if token.kind == "nameref":
            if token.text not in self.scope.names:
                raise self.error(
                    f"An expression attribute name used in the document path is not defined; attribute name: {token.text}"
                )
            self.scope.used_names.add(token.text)
            self.position += 1
            return self.scope.names[token.text]
        if token.kind == "ident" and token.text.upper() not in KEYWORDS:
            if token.text.upper() in RESERVED_WORDS:
                raise self.error(f"Attribute name is a reserved keyword; reserved keyword: {token.text}")
            self.position += 1
            return token.text
        raise self.syntax_error()

    def parse_value_ref(self) -> Value:
        token = self.current
        if token.text not in self.scope.values:
            raise self.error(
                f"An expression attribute value used in expression is not defined; attribute value: {token.text}"
            )
        self.scope.used_values.add(token.text)
        self.position += 1
        return Value(self.scope.values[token.text])

    def at_function(self) -> bool:
        if self.current.kind != "ident":
            return False
        following = self.tokens[self.position + 1]
        return following.kind == "punct" and following.text == "("

    def parse_function(self, allowed: set[str]) -> tuple[str, list]:
        name = self.current.text
        if name not in CONDITION_FUNCTIONS | UPDATE_FUNCTIONS:
            raise self.error(f"Invalid function name; function: {name}")
        if name not in allowed:
            raise self.error(f"The function is not allowed to be used this way in an expression; function: {name}")
        self.position += 2
        args = [self.parse_update_operand() if name in UPDATE_FUNCTIONS else self.parse_operand()]
        while self.accept(","):
            args.append(self.parse_update_operand() if name in UPDATE_FUNCTIONS else self.parse_operand())
        self.expect(")")
        if len(args) != _FUNCTION_ARITY[name]:
            raise self.error(
                "Incorrect number of operands for operator or function; "
                f"operator or function: {name}, number of operands: {len(args)}"
            )
        return name, args

    def require_path(self, node, function: str) -> Path:
        if not isinstance(node, Path):
            raise self.error(f"Operator or function requires a document path; operator or function: {function}")
        return node

    def parse_operand(self):
        """A condition operand: a path, a :value or size(path)."""
        if self.current.kind == "valueref":
            return self.parse_value_ref()
        if self.at_function():
            name, args = self.parse_function({"size"})
            return Size(self.require_path(args[0], name))
        return self.parse_path()

    # -- conditions

    def parse_condition(self):
        node = self.parse_and()
        while self.accept_keyword("OR"):
            node = Or(node, self.parse_and())
        return node

    def parse_and(self):
        node = self.parse_not()
        while self.accept_keyword("AND"):
            node = And(node, self.parse_not())
        return node

    def parse_not(self):
        if self.accept_keyword("NOT"):
            return Not(self.parse_not())
        return self.parse_predicate()

    def parse_predicate(self):
        if self.accept("("):
            opened = self.position - 1
            node = self.parse_condition()
            if self.last_group == (opened + 1, self.position):
                raise self.error("The expression has redundant parentheses;")
            self.expect(")")
            self.last_group = (opened, self.position)
            return node
        if self.at_function() and self.current.text != "size":
            name, args = self.parse_function(CONDITION_FUNCTIONS)
            return self.check_function(name, args)
        operand = self.parse_operand()
        token = self.current
        if token.kind == "punct" and token.text in COMPARATORS:
            self.position += 1
            return Compare(token.text, operand, self.parse_operand())
        if self.accept_keyword("BETWEEN"):
            low = self.parse_operand()
            if not self.accept_keyword("AND"):
                raise self.syntax_error()
            high = self.parse_operand()
            self.check_bounds(low, high)
            return Between(operand, low, high)
        if self.accept_keyword("IN"):
            self.expect("(")
            choices = [self.parse_operand()]
            while self.accept(","):
                choices.append(self.parse_operand())
            self.expect(")")
            return In(operand, tuple(choices))
        if isinstance(operand, Size):
            raise self.error("The function is not allowed to be used this way in an expression; function: size")
        raise self.syntax_error()

    def check_function(self, name: str, args: list) -> Function:
        self.require_path(args[0], name)
        if name == "attribute_type":
            kind = args[1].value if isinstance(args[1], Value) else None
            if kind is None or type_of(kind) != "S" or kind["S"] not in ALL_TYPES:
                shown = kind["S"] if kind and type_of(kind) == "S" else kind
                raise self.error(
                    f"Invalid attribute type name found; type: {shown}, valid types: {{B,NULL,SS,BOOL,L,BS,N,NS,S,M}}"
                )
        return Function(name, tuple(args))

    def check_bounds(self, low, high) -> None:
        """BETWEEN orders S, N and B only; AWS refuses other literal bounds before reading any item."""
        for bound in (low, high):
            if isinstance(bound, Value) and type_of(bound.value) not in SCALAR_TYPES:
                raise self.error(
                    "Incorrect operand type for operator or function; operator or function: BETWEEN, "
                    f"operand type: {type_of(bound.value)}"
                )
        if isinstance(low, Value) and isinstance(high, Value):
            order = compare(low.value, high.value)
            if order is not None and order > 0:
                raise self.error(
                    "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                    f"lower bound operand: AttributeValue: {_show(low.value)}, "
                    f"upper bound operand: AttributeValue: {_show(high.value)}"
                )

    # -- updates

    def parse_update(self) -> list[Action]:
        actions: list[Action] = []
        seen: set[str] = set()
        while self.current.kind != "eof":
            clause = self.current.text.upper() if self.current.kind == "ident" else ""
            if clause not in ("SET", "REMOVE", "ADD", "DELETE"):
                raise self.syntax_error()
            if clause in seen:
                raise ConstraintError(f'Invalid UpdateExpression: The "{clause}" section can only be used once in an update expression;')
            seen.add(clause)
            self.position += 1
            actions.append(self.parse_action(clause))
            while self.accept(","):
                actions.append(self.parse_action(clause))
        return actions

    def parse_action(self, clause: str) -> Action:
        path = self.parse_path()
        if clause == "REMOVE":
            return Action(clause, path)
        if clause == "SET":
            self.expect("=")
            value = self.parse_update_operand()
            token = self.current
            if token.kind == "punct" and token.text in "+-":
                self.position += 1
                value = Arithmetic(token.text, value, self.parse_update_operand())
            return Action(clause, path, value)
        if self.current.kind != "valueref":
            raise self.syntax_error()
        value = self.parse_value_ref().value
        allowed = ("N", *SET_TYPES) if clause == "ADD" else tuple(SET_TYPES)
        if type_of(value) not in allowed:
            raise self.error(
                f"Incorrect operand type for operator or function; operator: {clause}, "
                f"operand type: {_OPERAND_TYPE_NAMES[type_of(value)]}, typeSet: ALLOWED_FOR_{clause}_OPERAND"
            )
        return Action(clause, path, Value(value))

    def parse_update_operand(self):
        if self.current.kind == "valueref":
            return self.parse_value_ref()
        if self.at_function():
            name, args = self.parse_function(UPDATE_FUNCTIONS)
            if name == "if_not_exists":
                return IfNotExists(self.require_path(args[0], name), args[1])
            return ListAppend(*args)
        return self.parse_path()


def _show(value: dict) -> str:
    kind = type_of(value)
    return f"{{{kind}:{value[kind]}}}"


# --- evaluation ------------------------------------------------------------------


def resolve(item: dict | None, path: Path) -> dict | None:
    """The value at a document path, or None if any step is missing."""
    if item is None:
        return None
    first, *rest = path.elements
    current = item.get(first) if isinstance(first, str) else None
    for element in rest:
        if current is None:
            return None
        if isinstance(element, int):
            members = current.get("L")
            current = members[element] if members is not None and element < len(members) else None
        else:
            members = current.get("M")
            current = members.get(element) if members is not None else None
    return current


def _operand(item: dict | None, node) -> dict | None:
    if isinstance(node, Value):
        return node.value
    if isinstance(node, Path):
        return resolve(item, node)
    value = resolve(item, node.path)
    length = value_length(value) if value is not None else None
    return number(length) if length is not None else None


def _compare(op: str, left: dict | None, right: dict | None) -> bool:
    if op == "=":
        return values_equal(left, right)
    if op == "<>":
        return not values_equal(left, right)
    order = compare(left, right)
    if order is None:
        return False
    return {"<": order < 0, "<=": order <= 0, ">": order > 0, ">=": order >= 0}[op]


def _contains(container: dict | None, member: dict | None) -> bool:
    if container is None or member is None:
        return False
    kind = type_of(container)
    if kind == "S" and type_of(member) == "S":
        return member["S"] in container["S"]
    if kind == "B" and type_of(member) == "B":
        return member["B"] in container["B"]
    if kind in SET_TYPES and type_of(member) == SET_TYPES[kind]:
        return member[SET_TYPES[kind]] in container[kind]
    if kind == "L":
        return any(values_equal(element, member) for element in container["L"])
    return False


def _begins_with(value: dict | None, prefix: dict | None) -> bool:
    if value is None or prefix is None or type_of(value) != type_of(prefix) or type_of(value) not in ("S", "B"):
        return False
    kind = type_of(value)
    return value[kind].startswith(prefix[kind])


def evaluate(node, item: dict | None) -> bool:
    """Whether a condition holds for an item (None: the item doesn't exist)."""
    if isinstance(node, And):
        return evaluate(node.left, item) and evaluate(node.right, item)
    if isinstance(node, Or):
        return evaluate(node.left, item) or evaluate(node.right, item)
    if isinstance(node, Not):
        return not evaluate(node.operand, item)
    if isinstance(node, Compare):
        return _compare(node.op, _operand(item, node.left), _operand(item, node.right))
    if isinstance(node, Between):
        value = _operand(item, node.operand)
        low, high = compare(value, _operand(item, node.low)), compare(value, _operand(item, node.high))
        return low is not None and high is not None and low >= 0 and high <= 0
    if isinstance(node, In):
        value = _operand(item, node.operand)
        return any(values_equal(value, _operand(item, choice)) for choice in node.choices)
    args = [_operand(item, arg) for arg in node.args]
    if node.name == "attribute_exists":
        return args[0] is not None
    if node.name == "attribute_not_exists":
        return args[0] is None
    if node.name == "attribute_type":
        return args[0] is not None and type_of(args[0]) == args[1]["S"]
    if node.name == "begins_with":
        return _begins_with(args[0], args[1])
    return _contains(args[0], args[1])


def condition_paths(node) -> Iterable[Path]:
    """Every document path a condition reads (to validate key conditions)."""
    if isinstance(node, (And, Or)):
        yield from condition_paths(node.left)
        yield from condition_paths(node.right)
    elif isinstance(node, Not):
        yield from condition_paths(node.operand)
    elif isinstance(node, Path):
        yield node
    elif isinstance(node, Size):
        yield node.path
    elif isinstance(node, (Compare, Between, In, Function)):
        for child in vars(node).values():
            for member in child if isinstance(child, tuple) else (child,):
                yield from condition_paths(member)


# --- updates ---------------------------------------------------------------------

_BAD_OPERAND = "An operand in the update expression has an incorrect data type"
_INVALID_PATH = "The document path provided in the update expression is invalid for update"


def _update_value(item: dict, node) -> dict:
    if isinstance(node, Value):
        return node.value
    if isinstance(node, Path):
        value = resolve(item, node)
        if value is None:
            raise validation_error("The provided expression refers to an attribute that does not exist in the item")
        return value
    if isinstance(node, IfNotExists):
        existing = resolve(item, node.path)
        return existing if existing is not None else _update_value(item, node.default)
    if isinstance(node, ListAppend):
        left, right = _update_value(item, node.left), _update_value(item, node.right)
        if type_of(left) != "L" or type_of(right) != "L":
            raise validation_error(_BAD_OPERAND)
        return {"L": left["L"] + right["L"]}
    left, right = _update_value(item, node.left), _update_value(item, node.right)
    if type_of(left) != "N" or type_of(right) != "N":
        raise validation_error(_BAD_OPERAND)
    return {"N": add_numbers(left["N"], right["N"], subtract=node.op == "-")}


def _parent(item: dict, path: Path, create: bool = False) -> dict | list | None:
    """The container (attribute map, map or list) holding the path's last element."""
    container: dict | list = item
    for element in path.elements[:-1]:
        if isinstance(container, dict):
            child = container.get(element) if isinstance(element, str) else None
        else:
            child = container[element] if isinstance(element, int) and element < len(container) else None
        if child is None:
            return None
        if "M" in child:
            container = child["M"]
        elif "L" in child:
            container = child["L"]
        else:
            return None
    return container


def _set(item: dict, path: Path, value: dict) -> None:
    container = _parent(item, path)
    last = path.elements[-1]
    if isinstance(container, dict) and isinstance(last, str):
        container[last] = value
    elif isinstance(container, list) and isinstance(last, int):
        if last < len(container):
            container[last] = value
        else:
            container.append(value)
    else:
        raise validation_error(_INVALID_PATH)


def _remove(item: dict, path: Path) -> None:
    container = _parent(item, path)
    last = path.elements[-1]
    if isinstance(container, dict) and isinstance(last, str):
        container.pop(last, None)
    elif isinstance(container, list) and isinstance(last, int):
        if last < len(container):
            del container[last]
    elif container is not None:
        raise validation_error(_INVALID_PATH)


def _merge_set(existing: dict | None, change: dict, kind: str) -> dict | None:
    if existing is None:
        return change if kind == "ADD" else None
    existing_type, change_type = type_of(existing), type_of(change)
    if kind == "ADD" and existing_type == "N" and change_type == "N":
        return {"N": add_numbers(existing["N"], change["N"])}
    if existing_type != change_type or existing_type not in SET_TYPES:
        raise validation_error(_BAD_OPERAND)
    # Set members are canonical (numbers normalized on input), so plain equality is DynamoDB's.
    members, changes = existing[existing_type], change[change_type]
    if kind == "ADD":
        return {existing_type: members + [m for m in changes if m not in members]}
    kept = [m for m in members if m not in changes]
    return {existing_type: kept} if kept else None


def _removal_order(path: Path):
    return [(0, element) if isinstance(element, int) else (1, element) for element in path.elements]


def apply_update(item: dict, actions: list[Action]) -> dict:
    """The item after the actions; every value is computed against the item before them."""
    new_item = copy.deepcopy(item)
    set_values = [(action.path, _update_value(item, action.value)) for action in actions if action.kind == "SET"]
    merges = [
        (action, _merge_set(resolve(item, action.path), action.value.value, action.kind))
        for action in actions
        if action.kind in ("ADD", "DELETE")
    ]
    for path, value in set_values:
        _set(new_item, path, value)
    removals = sorted((a.path for a in actions if a.kind == "REMOVE"), key=_removal_order, reverse=True)
    for path in removals:
        _remove(new_item, path)
    for action, merged in merges:
        if merged is None:
            _remove(new_item, action.path)
        else:
            _set(new_item, action.path, merged)
    return new_item


# --- projection ------------------------------------------------------------------


def project(item: dict, paths: list[Path]) -> dict:
    """The parts of an item that the paths name (list elements keep their order, compacted)."""
    tree: dict = {}
    for path in paths:
        if resolve(item, path) is None:
            continue
        node = tree
        for element in path.elements[:-1]:
            node = node.setdefault(element, {})
        node[path.elements[-1]] = None
    return {name: _build(item[name], subtree) for name, subtree in tree.items()}


def _build(value: dict, subtree: dict | None) -> dict:
    if subtree is None:
        return value
    if "M" in value:
        return {"M": {key: _build(value["M"][key], child) for key, child in subtree.items()}}
    return {"L": [_build(value["L"][index], subtree[index]) for index in sorted(subtree)]}
