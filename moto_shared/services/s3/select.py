"""SelectObjectContent: a small, honest subset of S3 Select's SQL over CSV and JSON objects.

Supported: ``SELECT * | COUNT(*) [AS name] | path [AS name], ...``
``FROM S3Object[[*]][.name|[*]|[n]...] [[AS] alias]``, ``WHERE`` comparisons
(``= != <> < <= > >=``) between paths and literals joined by ``AND`` / ``OR``, and
``LIMIT n``; CSV (``FileHeaderInfo`` NONE / USE / IGNORE) and JSON (DOCUMENT or
LINES) input, plain, GZIP or BZIP2; CSV or JSON output. Anything else is
refused with S3 Select's error codes rather than answered wrongly.

The answer is an event stream: one ``Records`` event with every output record,
an optional ``Progress`` event, ``Stats`` and ``End``.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.services.s3.content import read_blobs
from moto_shared.services.s3.objects import is_archived
from moto_shared.services.s3.policy import check_not_denied
from moto_shared.services.s3.state import find_version, require_bucket_and_object


class _Missing:
    """SQL's MISSING: a path that leads nowhere (distinct from JSON null)."""


MISSING = _Missing()

_TOKEN = re.compile(r"""
    \s*(?:
      (?P<string>'(?:[^']|'')*')
    | (?P<number>-?\d+(?:\.\d+)?)
    | (?P<quoted>"(?:[^"]|"")*")
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<symbol><>|!=|<=|>=|[*,()\[\].=<>])
    )""", re.VERBOSE)
_RESERVED = frozenset({"select", "from", "where", "limit", "and", "or", "as", "count"})
_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<>": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _unsupported(message: str) -> AWSError:
    return AWSError("UnsupportedSyntax", message, 400)


def _unexpected(token: tuple[str, str] | None) -> AWSError:
    text = "end of expression" if token is None else token[1]
    return AWSError("ParseUnexpectedToken", f"Unexpected token found: {text}", 400)


def _tokens(expression: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    expression = expression.strip().rstrip(";").rstrip()
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if not match or match.end() == position:
            raise AWSError("ParseUnexpectedToken", f"Unexpected token found at column {position + 1}", 400)
        kind = match.lastgroup
        tokens.append((kind, match[kind]))
        position = match.end()
    return tokens


@dataclass
class Path:
    """A column reference: steps are names (str, matched case-insensitively unless quoted) or indexes."""

    steps: list[Any]
    quoted: list[bool]

    @property
    def output_name(self) -> str:
        names = [step for step in self.steps if isinstance(step, str)]
        return names[-1] if names else "_1"


@dataclass
class Comparison:
    left: Path | Any
    operator: str
    right: Path | Any


@dataclass
class Query:
    count_name: str | None = None  # set for SELECT COUNT(*)
    columns: list[tuple[Path, str]] | None = None  # None: SELECT *
    source_steps: list[Any] = field(default_factory=list)
    alias: str | None = None
    where: list[list[Comparison]] | None = None  # OR of ANDs
    limit: int | None = None


class _Parser:
    def __init__(self, expression: str) -> None:
        self.tokens = _tokens(expression)
        self.position = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def next(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise _unexpected(None)
        self.position += 1
        return token

    def accept(self, text: str) -> bool:
        token = self.peek()
        if token is not None and token[1].lower() == text:
            self.position += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.accept(text):
            raise _unexpected(self.peek())

    def parse(self) -> Query:
        query = Query()
        self.expect("select")
        if self.accept("*"):
            pass
        elif self.accept("count"):
            self.expect("(")
            self.expect("*")
            self.expect(")")
            query.count_name = self.output_alias() or "_1"
        else:
            query.columns = []
            while True:
                path = self.path()
                query.columns.append((path, self.output_alias() or path.output_name))
                if not self.accept(","):
                    break
        self.expect("from")
        kind, text = self.next()
        if kind != "name" or text.lower() != "s3object":
            raise _unexpected((kind, text))
        query.source_steps = self.steps()
        if query.source_steps[:1] == ["*"]:
            query.source_steps = query.source_steps[1:]  # S3Object[*]: each record, as S3Object alone
        query.alias = self.output_alias()
        if self.accept("where"):
            query.where = self.condition()
        if self.accept("limit"):
            kind, text = self.next()
            if kind != "number" or not text.isdigit():
                raise _unexpected((kind, text))
            query.limit = int(text)
        if self.peek() is not None:
            raise _unexpected(self.peek())
        return query

    def output_alias(self) -> str | None:
        explicit = self.accept("as")
        token = self.peek()
        if token and token[0] in ("name", "quoted") and (explicit or token[1].lower() not in _RESERVED):
            self.position += 1
            return _identifier(token)[0]
        if explicit:
            raise _unexpected(token)
        return None

    def steps(self) -> list[Any]:
        steps: list[Any] = []
        while True:
            if self.accept("."):
                token = self.next()
                if token[0] not in ("name", "quoted"):
                    raise _unexpected(token)
                steps.append(_identifier(token))
            elif self.accept("["):
                kind, text = self.next()
                if text == "*":
                    steps.append("*")
                elif kind == "number" and text.isdigit():
                    steps.append(int(text))
                else:
                    raise _unexpected((kind, text))
                self.expect("]")
            else:
                return steps

    def path(self) -> Path:
        token = self.next()
        if token[0] not in ("name", "quoted") or token[1].lower() in _RESERVED:
            raise _unexpected(token)
        first = [_identifier(token)]
        steps = first + self.steps()
        if "*" in steps:
            raise _unsupported("Wildcards are only supported in the FROM clause here.")
        return Path([s[0] if isinstance(s, tuple) else s for s in steps],
                    [isinstance(s, tuple) and s[1] for s in steps])

    def condition(self) -> list[list[Comparison]]:
        alternatives = [[self.comparison()]]
        while True:
            if self.accept("and"):
                alternatives[-1].append(self.comparison())
            elif self.accept("or"):
                alternatives.append([self.comparison()])
            else:
                return alternatives

    def comparison(self) -> Comparison:
        left = self.operand()
        token = self.next()
        if token[1] not in _COMPARISONS:
            raise _unexpected(token)
        return Comparison(left, token[1], self.operand())

    def operand(self) -> Path | Any:
        kind, text = self.peek() or (None, None)
        if kind == "string":
            self.position += 1
            return text[1:-1].replace("''", "'")
        if kind == "number":
            self.position += 1
            return float(text) if "." in text else int(text)
        if kind == "name" and text.lower() in ("true", "false", "null"):
            self.position += 1
            return {"true": True, "false": False, "null": None}[text.lower()]
        return self.path()


def _identifier(token: tuple[str, str]) -> tuple[str, bool]:
    """(name, quoted): double-quoted identifiers are case-sensitive, others are not."""
    kind, text = token
    if kind == "quoted":
        return text[1:-1].replace('""', '"'), True
    return text, False


def parse_query(expression: str) -> Query:
    query = _Parser(expression).parse()
    query.source_steps = [s[0] if isinstance(s, tuple) else s for s in query.source_steps]
    return query


def _lookup(value: Any, name: str, quoted: bool) -> Any:
    if not isinstance(value, dict):
        return MISSING
    if name in value:
        return value[name]
    if not quoted:
        for key, item in value.items():
            if key.lower() == name.lower():
                return item
    return MISSING


def _navigate(values: list[Any], steps: list[Any]) -> list[Any]:
    """Apply FROM-clause steps to records; `[*]` fans a list out into one value per element."""
    for step in steps:
        following = []
        for value in values:
            if step == "*":
                following.extend(value if isinstance(value, list) else [MISSING])
            elif isinstance(step, int):
                following.append(value[step] if isinstance(value, list) and step < len(value) else MISSING)
            else:
                following.append(_lookup(value, step, False))
        values = following
    return values


def _resolve(path: Path, row: Any, alias: str | None) -> Any:
    steps, quoted = path.steps, path.quoted
    if len(steps) > 1 and isinstance(steps[0], str) and steps[0].lower() in {(alias or "").lower(), "s3object"}:
        steps, quoted = steps[1:], quoted[1:]
    value = row
    for step, is_quoted in zip(steps, quoted):
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and step < len(value) else MISSING
        else:
            value = _lookup(value, step, is_quoted)
    return value


def _operand_value(operand: Path | Any, row: Any, alias: str | None) -> Any:
    return _resolve(operand, row, alias) if isinstance(operand, Path) else operand


def _compare(comparison: Comparison, row: Any, alias: str | None) -> bool:
    left = _operand_value(comparison.left, row, alias)
    right = _operand_value(comparison.right, row, alias)
    if left is MISSING or right is MISSING or left is None or right is None:
        return False
    if isinstance(left, str) != isinstance(right, str):
        # CSV fields are text: compared with a number, they are read as one.
        try:
            left, right = (float(left), right) if isinstance(left, str) else (left, float(right))
        except ValueError:
            return False
    try:
        return _COMPARISONS[comparison.operator](left, right)
    except TypeError:
        return False


def _matches(query: Query, row: Any) -> bool:
    if query.where is None:
        return True
    return any(all(_compare(c, row, query.alias) for c in alternative) for alternative in query.where)


def _decompress(data: bytes, compression: str) -> bytes:
    try:
        if compression == "GZIP":
            return gzip.decompress(data)
        if compression == "BZIP2":
            return bz2.decompress(data)
    except (OSError, ValueError, EOFError):
        raise AWSError("InvalidCompressionFormat", "The file is not in a supported compression format. "
                       "Only GZIP and BZIP2 are supported.", 400) from None
    return data


def _json_records(text: str) -> Iterator[Any]:
    """Every top-level JSON value: a DOCUMENT may hold several in a row, LINES holds one per line."""
    decoder, position = json.JSONDecoder(), 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            raise AWSError("JSONParsingError", "Error parsing JSON file. Please check the file and try again.",
                           400) from None
        yield value


class CsvRow(dict):
    """A CSV record: columns by position (`_1`, `_2`...) and, with FileHeaderInfo USE, by header name.

    `names` and `fields` keep the row's own order for SELECT *.
    """

    def __init__(self, fields: list[str], header: list[str] | None) -> None:
        positional = {f"_{n}": value for n, value in enumerate(fields, 1)}
        super().__init__({**dict(zip(header, fields)), **positional} if header else positional)
        self.fields = fields
        self.names = header[: len(fields)] + list(positional)[len(header):] if header else list(positional)


def _csv_records(text: str, options: dict) -> Iterator[CsvRow]:
    delimiter = options.get("RecordDelimiter") or "\n"
    lines = text.splitlines() if delimiter in ("\n", "\r\n") else text.split(delimiter)
    comment = options.get("Comments")
    if comment:
        lines = [line for line in lines if not line.startswith(comment)]
    reader = csv.reader(lines, delimiter=options.get("FieldDelimiter") or ",",
                        quotechar=options.get("QuoteCharacter") or '"',
                        escapechar=options.get("QuoteEscapeCharacter"))
    header_info = (options.get("FileHeaderInfo") or "NONE").upper()
    header: list[str] | None = None
    for fields in reader:
        if not fields:
            continue
        if header_info in ("USE", "IGNORE") and header is None:
            header = fields
            continue
        yield CsvRow(fields, header if header_info == "USE" else None)


class _Writer:
    """Output records in the requested serialization."""

    def __init__(self, output: dict) -> None:
        if "CSV" in output:
            options = output["CSV"] or {}
            self.json = False
            self.record_delimiter = options.get("RecordDelimiter") or "\n"
            self.field_delimiter = options.get("FieldDelimiter") or ","
            self.quote = options.get("QuoteCharacter") or '"'
            self.always_quote = options.get("QuoteFields") == "ALWAYS"
        else:
            self.json = True
            self.record_delimiter = (output.get("JSON") or {}).get("RecordDelimiter") or "\n"

    def write(self, names: list[str], values: list[Any]) -> str:
        if self.json:
            record = {name: value for name, value in zip(names, values) if value is not MISSING}
            return json.dumps(record, separators=(",", ":"), ensure_ascii=False) + self.record_delimiter
        return self.field_delimiter.join(self._csv_field(value) for value in values) + self.record_delimiter

    def _csv_field(self, value: Any) -> str:
        if value is MISSING or value is None:
            text = ""
        elif isinstance(value, (dict, list)):
            text = json.dumps(value, separators=(",", ":"))
        elif isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = str(value)
        special = (self.field_delimiter, self.quote, "\n", "\r", self.record_delimiter)
        if self.always_quote or any(mark in text for mark in special):
            return self.quote + text.replace(self.quote, self.quote * 2) + self.quote
        return text


def _records(query: Query, data: str, input_serialization: dict) -> list[Any]:
    """The FROM clause's rows."""
    if "CSV" in input_serialization:
        return _navigate(list(_csv_records(data, input_serialization["CSV"] or {})), query.source_steps)
    if "JSON" in input_serialization:
        json_type = ((input_serialization["JSON"] or {}).get("Type") or "DOCUMENT").upper()
        if json_type not in ("DOCUMENT", "LINES"):
            raise AWSError("InvalidJsonType", "The JsonType is invalid. Only DOCUMENT and LINES are supported.", 400)
        return _navigate(list(_json_records(data)), query.source_steps)
    raise AWSError("NotImplemented", "moto-shared's S3 Select reads CSV and JSON objects only, not Parquet.", 501)


def run_query(query: Query, data: str, input_serialization: dict, output_serialization: dict) -> str:
    rows = _records(query, data, input_serialization)
    writer = _Writer(output_serialization)
    selected = [row for row in rows if _matches(query, row)]
    if query.limit is not None:
        selected = selected[: query.limit]
    if query.count_name is not None:
        return writer.write([query.count_name], [len(selected)])
    out = []
    for row in selected:
        if query.columns is not None:
            names = [name for _, name in query.columns]
            values = [_resolve(path, row, query.alias) for path, _ in query.columns]
        elif isinstance(row, CsvRow):
            names, values = row.names, row.fields
        elif isinstance(row, dict):
            names, values = list(row), list(row.values())
        elif row is MISSING:
            names, values = [], []
        else:
            names, values = ["_1"], [row]  # a scalar or a list is wrapped, as S3 does
        out.append(writer.write(names, values))
    return "".join(out)


def _stats(scanned: int, processed: int, returned: int) -> dict:
    return {"Details": {"BytesScanned": scanned, "BytesProcessed": processed, "BytesReturned": returned}}


def select_object_content(ctx: RequestContext, Bucket: str, Key: str, Expression: str, ExpressionType: str,
                          InputSerialization: dict, OutputSerialization: dict, RequestProgress: dict | None = None,
                          ScanRange: dict | None = None, **_: Any) -> dict:
    if ExpressionType != "SQL":
        raise AWSError("InvalidExpressionType", "The ExpressionType is invalid. Only SQL expressions are supported.",
                       400)
    if ScanRange:
        raise AWSError("NotImplemented", "moto-shared's S3 Select does not support ScanRange.", 501)
    query = parse_query(Expression)
    bucket, record = require_bucket_and_object(ctx.store, Bucket, Key)
    check_not_denied(ctx, bucket, "s3:GetObject", Key)
    version = find_version(record, Key, None)
    if is_archived(version, ctx.now()):
        raise AWSError("InvalidObjectState", "The operation is not valid for the object's storage class", 403,
                       StorageClass=version["sc"])
    stored = b"".join(read_blobs(ctx.store, version["blobs"], 0, version["size"]))
    data = _decompress(stored, (InputSerialization.get("CompressionType") or "NONE").upper())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise AWSError("InvalidTextEncoding", "UTF-8 encoding is required.", 400) from None
    output = run_query(query, text, InputSerialization, OutputSerialization).encode("utf-8")
    events = [{"Records": {"Payload": output}}] if output else []
    if (RequestProgress or {}).get("Enabled"):
        events.append({"Progress": _stats(len(stored), len(data), len(output))})
    events.append({"Stats": _stats(len(stored), len(data), len(output))})
    events.append({"End": {}})
    return {"Payload": events}
