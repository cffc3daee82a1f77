"""PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction (SELECT, INSERT, UPDATE, DELETE).

Statements are tokenized and parsed into the same trees as expressions
(conditions, update actions, projections), then run by the same engines:
a SELECT whose WHERE fixes the partition key is a Query, any other a Scan;
writes go through `items.write_item`, so they are atomic like PutItem.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field

from moto_shared.errors import AWSError, validation_error
from moto_shared.services.dynamodb import storage
from moto_shared.services.dynamodb.expressions import (
    Action,
    And,
    Arithmetic,
    Between,
    Compare,
    Function,
    In,
    Not,
    Or,
    Path,
    Value,
    apply_update,
    evaluate,
    project,
)
from moto_shared.services.dynamodb.items import check_new_item, reject_key_updates, write_item
from moto_shared.services.dynamodb.model import Table
from moto_shared.services.dynamodb.query import run_query, run_scan, start_key_of
from moto_shared.services.dynamodb.transactions import (
    MAX_TRANSACTION_ITEMS,
    WriteStep,
    digest_of,
    run_write_transaction,
)
from moto_shared.services.dynamodb.values import normalize_item, normalize_value
from moto_shared.store import codec

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<quoted>\"(?:[^\"]|\"\")*\")|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct><<|>>|<>|!=|<=|>=|[=<>(),.\[\]{}:?*+\-]))"
)
_COMPARATORS = {"=", "<>", "!=", "<", "<=", ">", ">="}
# The rest of an unquoted table name that holds hyphens (see `table_name`).
_TABLE_NAME_TAIL = re.compile(r"[A-Za-z0-9_.-]*")


def _malformed(detail: str) -> AWSError:
    return validation_error(f"Statement wasn't well formed, can't be processed: {detail}")


@dataclass
class Statement:
    kind: str
    table: str
    index: str | None = None
    where: object = None
    projection: list[Path] | None = None
    item: dict | None = None
    actions: list[Action] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str, parameters: list[dict]) -> None:
        self.tokens: list[tuple[str, str]] = []
        self.token_ends: list[int] = []
        position = 0
        text = text.rstrip().rstrip(";")
        self.text = text
        while position < len(text):
            match = _TOKEN.match(text, position)
            if not match or match.end() == position:
                if text[position:].strip():
                    raise _malformed(f"unexpected character {text[position:].strip()[0]!r}")
                break
            self.tokens.append((match.lastgroup, match.group(match.lastgroup)))
            position = match.end()
            self.token_ends.append(position)
        self.tokens.append(("eof", ""))
        self.token_ends.append(len(text))
        self.position = 0
        self.parameters = [normalize_value(p) for p in parameters]
        self.next_parameter = 0

    # -- helpers

    @property
    def current(self) -> tuple[str, str]:
        return self.tokens[self.position]

    def is_word(self, *words: str) -> bool:
        kind, text = self.current
        return kind == "word" and text.upper() in words

    def accept_word(self, word: str) -> bool:
        if self.is_word(word):
            self.position += 1
            return True
        return False

    def expect_word(self, word: str) -> None:
        if not self.accept_word(word):
            raise _malformed(f"expected {word} near {self.current[1] or 'end of statement'!r}")

    def accept(self, punct: str) -> bool:
        if self.current == ("punct", punct):
            self.position += 1
            return True
        return False

    def expect(self, punct: str) -> None:
        if not self.accept(punct):
            raise _malformed(f"expected {punct!r} near {self.current[1] or 'end of statement'!r}")

    def name(self) -> str:
        kind, text = self.current
        if kind == "quoted":
            self.position += 1
            return text[1:-1].replace('""', '"')
        if kind == "word":
            self.position += 1
            return text
        raise _malformed(f"expected a name near {text or 'end of statement'!r}")

    def table_name(self) -> str:
        """A table name; unquoted ones may hold hyphens ("from my-table"), as Moto accepts and users rely on.

        `.` still separates an index (`my-table.my-index`), so a dotted table name must be quoted.
        """
        if self.current[0] != "word":
            return self.name()
        start = self.token_ends[self.position] - len(self.current[1])
        end = start + len(_TABLE_NAME_TAIL.match(self.text, start).group().split(".")[0])
        while self.current[0] != "eof" and self.token_ends[self.position] <= end:
            self.position += 1
        return self.text[start:end]

    # -- statements

    def statement(self) -> Statement:
        if self.accept_word("SELECT"):
            result = self.select()
        elif self.accept_word("INSERT"):
            self.expect_word("INTO")
            result = Statement("INSERT", self.table_name())
            self.expect_word("VALUE")
            value = self.value()
            if "M" not in value:
                raise _malformed("INSERT needs a tuple value {...}")
            result.item = value["M"]
        elif self.accept_word("UPDATE"):
            result = Statement("UPDATE", self.table_name())
            while self.is_word("SET", "REMOVE"):
                clause = self.current[1].upper()
                self.position += 1
                result.actions.append(self.update_action(clause))
                while self.accept(","):
                    result.actions.append(self.update_action(clause))
            if not result.actions:
                raise _malformed("UPDATE needs SET or REMOVE")
            self.expect_word("WHERE")
            result.where = self.condition()
        elif self.accept_word("DELETE"):
            self.expect_word("FROM")
            result = Statement("DELETE", self.table_name())
            self.expect_word("WHERE")
            result.where = self.condition()
        else:
            raise _malformed(f"unsupported statement near {self.current[1]!r}")
        if self.current[0] != "eof":
            raise _malformed(f"unexpected {self.current[1]!r}")
        if self.next_parameter != len(self.parameters):
            raise validation_error("Number of parameters in request and statement don't match.")
        return result

    def select(self) -> Statement:
        projection = None
        if not self.accept("*"):
            projection = [self.path()]
            while self.accept(","):
                projection.append(self.path())
        self.expect_word("FROM")
        result = Statement("SELECT", self.table_name(), projection=projection)
        if self.accept("."):
            result.index = self.table_name()
        if self.accept_word("WHERE"):
            result.where = self.condition()
        return result

    def update_action(self, clause: str) -> Action:
        path = self.path()
        if clause == "REMOVE":
            return Action("REMOVE", path)
        self.expect("=")
        value = self.operand()
        if self.current in (("punct", "+"), ("punct", "-")):
            op = self.current[1]
            self.position += 1
            value = Arithmetic(op, value, self.operand())
        return Action("SET", path, value)

    # -- conditions

    def condition(self):
        node = self.conjunction()
        while self.accept_word("OR"):
            node = Or(node, self.conjunction())
        return node

    def conjunction(self):
        node = self.negation()
        while self.accept_word("AND"):
            node = And(node, self.negation())
        return node

    def negation(self):
        if self.accept_word("NOT"):
            return Not(self.negation())
        return self.predicate()

    def predicate(self):
        if self.accept("("):
            node = self.condition()
            self.expect(")")
            return node
        is_call = self.tokens[self.position + 1] == ("punct", "(")
        if is_call and self.is_word("BEGINS_WITH", "CONTAINS", "ATTRIBUTE_TYPE"):
            function = self.current[1].lower()
            self.position += 2
            path = self.path()
            self.expect(",")
            argument = self.operand()
            self.expect(")")
            return Function(function, (path, argument))
        left = self.operand()
        kind, text = self.current
        if kind == "punct" and text in _COMPARATORS:
            self.position += 1
            return Compare("<>" if text == "!=" else text, left, self.operand())
        if self.accept_word("BETWEEN"):
            low = self.operand()
            self.expect_word("AND")
            return Between(left, low, self.operand())
        if self.accept_word("IN"):
            closing = "]" if self.accept("[") else (self.expect("(") or ")")
            choices = [self.operand()]
            while self.accept(","):
                choices.append(self.operand())
            self.expect(closing)
            return In(left, tuple(choices))
        if self.accept_word("IS"):
            negated = self.accept_word("NOT")
            self.expect_word("MISSING")
            return Function("attribute_exists" if negated else "attribute_not_exists", (left,))
        raise _malformed(f"unexpected {text or 'end of statement'!r}")

    def operand(self):
        kind, _ = self.current
        if kind in ("word", "quoted") and not self.is_word("TRUE", "FALSE", "NULL"):
            return self.path()
        return Value(self.value())

    def path(self) -> Path:
        elements = [self.name()]
        while True:
            if self.accept("."):
                elements.append(self.name())
            elif self.accept("["):
                kind, text = self.current
                self.position += 1
                elements.append(int(text) if kind == "number" else text[1:-1].replace("''", "'"))
                self.expect("]")
            else:
                return Path(tuple(elements))

    # -- values

    def value(self) -> dict:
        kind, text = self.current
        self.position += 1
        if kind == "string":
            return {"S": text[1:-1].replace("''", "'")}
        if kind == "number":
            return normalize_value({"N": text})
        if (kind, text) == ("punct", "?"):
            if self.next_parameter >= len(self.parameters):
                raise validation_error("Number of parameters in request and statement don't match.")
            self.next_parameter += 1
            return self.parameters[self.next_parameter - 1]
        if kind == "word" and text.upper() in ("TRUE", "FALSE"):
            return {"BOOL": text.upper() == "TRUE"}
        if kind == "word" and text.upper() == "NULL":
            return {"NULL": True}
        if (kind, text) == ("punct", "{"):
            members = {}
            while not self.accept("}"):
                key_kind, key = self.current
                if key_kind not in ("string", "quoted"):
                    raise _malformed(f"expected a quoted attribute name near {key!r}")
                self.position += 1
                self.expect(":")
                members[key[1:-1]] = self.value()
                if not self.accept(","):
                    self.expect("}")
                    break
            return {"M": members}
        if (kind, text) in (("punct", "["), ("punct", "<<")):
            closing = "]" if text == "[" else ">>"
            elements = []
            while not self.accept(closing):
                elements.append(self.value())
                if not self.accept(","):
                    self.expect(closing)
                    break
            return {"L": elements} if closing == "]" else _as_set(elements)
        raise _malformed(f"unexpected {text or 'end of statement'!r}")


def _as_set(elements: list[dict]) -> dict:
    kinds = {next(iter(e)) for e in elements}
    if len(kinds) != 1 or not kinds <= {"S", "N", "B"}:
        raise _malformed("a set holds strings, numbers or binaries of one type")
    kind = kinds.pop()
    return normalize_value({f"{kind}S": [e[kind] for e in elements]})


def _conjuncts(node) -> list:
    if isinstance(node, And):
        return _conjuncts(node.left) + _conjuncts(node.right)
    return [node]


def _key_equality(node, names) -> tuple[str, dict] | None:
    if isinstance(node, Compare) and node.op == "=" and isinstance(node.left, Path) and isinstance(node.right, Value):
        if len(node.left.elements) == 1 and node.left.elements[0] in names:
            return node.left.elements[0], node.right.value
    return None


def _combine(nodes: list):
    node = None
    for term in nodes:
        node = term if node is None else And(node, term)
    return node


_NO_FULL_KEY = "Where clause does not contain a mandatory equality on all key attributes"
#: BatchExecuteStatement reads one item per SELECT, so AWS wants the whole key there, and says so differently.
_BATCH_SELECT_NO_FULL_KEY = "Select statements within BatchExecuteStatement must specify the primary key in the where clause."


def _split_key(where, table, missing_message: str = _NO_FULL_KEY) -> tuple[dict, object]:
    """A WHERE that must name one item: equalities on every key attribute, plus an optional condition."""
    key, rest = {}, []
    for term in _conjuncts(where):
        found = _key_equality(term, table.key_names)
        if found and found[0] not in key:
            key[found[0]] = found[1]
        else:
            rest.append(term)
    if set(key) != set(table.key_names):
        raise validation_error(missing_message)
    return table.parse_key(key), _combine(rest)


def _encode_token(key: dict) -> str:
    return base64.urlsafe_b64encode(codec.encode(key)).decode()


def _decode_token(token: str) -> dict:
    try:
        return codec.decode(base64.urlsafe_b64decode(token.encode()))
    except Exception:
        raise validation_error("Invalid NextToken")


def _select(ctx, statement: Statement, limit: int | None, next_token: str | None) -> dict:
    table = storage.load_table(ctx, ctx.store, statement.table)
    if statement.index is not None and statement.index not in {index.name for index in table.indexes}:
        raise validation_error("The table does not have the specified index")  # PartiQL's message names no index
    view = table.view(statement.index)
    start_key = start_key_of(table, view, _decode_token(next_token)) if next_token else None
    terms = _conjuncts(statement.where) if statement.where is not None else []
    hash_values = dict(found for term in terms if (found := _key_equality(term, view.hash_keys)))
    if len(hash_values) == len(view.hash_keys):
        key_condition = _combine([Compare("=", Path((name,)), Value(hash_values[name])) for name in view.hash_keys])
        result, _ = run_query(ctx, table, view, key_condition, statement.where, statement.projection,
                              limit=limit, start_key=start_key)
    else:
        result, _ = run_scan(ctx, table, view, statement.where, statement.projection, limit=limit, start_key=start_key)
    response = {"Items": result["Items"]}
    if "LastEvaluatedKey" in result:
        response["NextToken"] = _encode_token(result["LastEvaluatedKey"])
        response["LastEvaluatedKey"] = result["LastEvaluatedKey"]
    return response


def _write_step(ctx, statement: Statement, return_on_failure: str | None) -> WriteStep:
    """An INSERT, UPDATE or DELETE as a conditional write of one item."""
    table = storage.load_table(ctx, ctx.store, statement.table)
    if statement.kind == "INSERT":
        item = normalize_item(statement.item)
        check_new_item(table, item)
        absent = Function("attribute_not_exists", (Path((table.hash_key,)),))
        return WriteStep(table.name, table.key_of(item), absent, lambda old, _table: item, failure_code="DuplicateItem")
    key, condition = _split_key(statement.where, table)
    if statement.kind == "DELETE":
        return WriteStep(table.name, key, condition, lambda old, _table: None, return_on_failure)
    reject_key_updates(table, statement.actions)
    must_exist = Function("attribute_exists", (Path((table.hash_key,)),))
    guard = must_exist if condition is None else And(must_exist, condition)
    return WriteStep(table.name, key, guard, lambda old, _table: apply_update(old, statement.actions), return_on_failure)


def _write(ctx, statement: Statement, return_on_failure: str | None) -> None:
    step = _write_step(ctx, statement, return_on_failure)

    def checked_new(old: dict | None, table: Table) -> tuple[dict | None, int | None]:
        new = step.make_new(old, table)
        return new, check_new_item(table, new)

    try:
        write_item(ctx, step.table_name, lambda table: step.key, step.condition, checked_new, step.return_on_failure)
    except AWSError as exc:
        if exc.code == "ConditionalCheckFailedException" and step.failure_code == "DuplicateItem":
            raise AWSError("DuplicateItemException", "Duplicate primary key exists in table")
        raise


def execute_statement(ctx, Statement: str, Parameters: list | None = None, ConsistentRead: bool = False,
                      NextToken: str | None = None, ReturnConsumedCapacity: str | None = None, Limit: int | None = None,
                      ReturnValuesOnConditionCheckFailure: str | None = None) -> dict:
    statement = _Parser(Statement, Parameters or []).statement()
    if statement.kind == "SELECT":
        return _select(ctx, statement, Limit, NextToken)
    _write(ctx, statement, ReturnValuesOnConditionCheckFailure)
    return {"Items": []}  # AWS answers a write with an empty item list


#: BatchStatementError codes for the errors a statement can raise.
_BATCH_CODES = {
    "ConditionalCheckFailedException": "ConditionalCheckFailed",
    "ValidationException": "ValidationError",
    "ResourceNotFoundException": "ResourceNotFound",
    "DuplicateItemException": "DuplicateItem",
}


def batch_execute_statement(ctx, Statements: list, ReturnConsumedCapacity: str | None = None) -> dict:
    if not 1 <= len(Statements) <= 25:
        raise validation_error(
            "1 validation error detected: Value at 'statements' failed to satisfy constraint: "
            "Member must have length less than or equal to 25"
        )
    responses = []
    for request in Statements:
        statement = None
        try:
            statement = _Parser(request["Statement"], request.get("Parameters") or []).statement()
            response = {"TableName": statement.table}
            if statement.kind == "SELECT":
                response.update(_read_one(ctx, statement, _BATCH_SELECT_NO_FULL_KEY))
            else:
                _write(ctx, statement, request.get("ReturnValuesOnConditionCheckFailure"))
        except AWSError as exc:
            error = {"Code": _BATCH_CODES.get(exc.code, exc.code), "Message": exc.message}
            if "Item" in exc.fields:
                error["Item"] = exc.fields["Item"]
            response = {"Error": error}
            if statement is not None and exc.code != "ResourceNotFoundException":
                response["TableName"] = statement.table  # AWS names the table of a statement it could resolve
        responses.append(response)
    return {"Responses": responses}


def execute_transaction(ctx, TransactStatements: list, ClientRequestToken: str | None = None,
                        ReturnConsumedCapacity: str | None = None) -> dict:
    """All reads (each a SELECT of one item by its full key) or all writes, atomically."""
    if not 1 <= len(TransactStatements) <= MAX_TRANSACTION_ITEMS:
        raise validation_error(
            "1 validation error detected: Value at 'transactStatements' failed to satisfy constraint: "
            f"Member must have length less than or equal to {MAX_TRANSACTION_ITEMS}"
        )
    statements = [_Parser(s["Statement"], s.get("Parameters") or []).statement() for s in TransactStatements]
    reads = [statement.kind == "SELECT" for statement in statements]
    if any(reads) and not all(reads):
        raise validation_error("Transaction must contain either only reads or only writes")
    if all(reads):
        return {"Responses": [_read_one(ctx, statement) for statement in statements]}
    steps = [
        _write_step(ctx, statement, request.get("ReturnValuesOnConditionCheckFailure"))
        for statement, request in zip(statements, TransactStatements)
    ]
    run_write_transaction(ctx, steps, ClientRequestToken, digest_of(TransactStatements))
    return {}


def _read_one(ctx, statement: Statement, missing_key_message: str = _NO_FULL_KEY) -> dict:
    table = storage.load_table(ctx, ctx.store, statement.table)
    key, rest = _split_key(statement.where, table, missing_key_message)
    item = storage.item_of(ctx.store.get(storage.item_key(ctx, table.name, key)))
    if item is None or (rest is not None and not evaluate(rest, item)):
        return {}
    return {"Item": project(item, statement.projection) if statement.projection else item}
