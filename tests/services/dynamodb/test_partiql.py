"""PartiQL: ExecuteStatement (SELECT/INSERT/UPDATE/DELETE with ? parameters) and BatchExecuteStatement."""

from __future__ import annotations

import pytest

from ddb_support import error_of


def _run(ddb, statement, *parameters, **kwargs):
    if parameters:
        kwargs["Parameters"] = list(parameters)
    return ddb.execute_statement(Statement=statement, **kwargs)


def test_insert_select_update_delete(ddb, table):
    _run(ddb, f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': 1, 'tags': <<'x', 'y'>>, 'doc': {{'n': [1, 2]}}}}")
    _run(ddb, f"INSERT INTO {table} VALUE {{'pk': ?, 'sk': ?, 'n': 5}}", {"S": "a"}, {"N": "2"})
    code, message = error_of(_run, ddb, f"INSERT INTO {table} VALUE {{'pk': 'a', 'sk': 1}}")
    assert (code, message) == ("DuplicateItemException", "Duplicate primary key exists in table")
    items = _run(ddb, f"SELECT * FROM {table} WHERE pk = ? AND sk >= 1", {"S": "a"})["Items"]
    assert [i["sk"]["N"] for i in items] == ["1", "2"]
    assert sorted(items[0]["tags"]["SS"]) == ["x", "y"]
    assert items[0]["doc"] == {"M": {"n": {"L": [{"N": "1"}, {"N": "2"}]}}}
    _run(ddb, f"UPDATE {table} SET n = n + 1 SET label = 'hi' REMOVE tags WHERE pk = 'a' AND sk = 2")
    assert _run(ddb, f"SELECT n, label FROM {table} WHERE pk = 'a' AND sk = 2")["Items"] == [
        {"n": {"N": "6"}, "label": {"S": "hi"}}
    ]
    code, _ = error_of(_run, ddb, f"UPDATE {table} SET n = 1 WHERE pk = 'a' AND sk = 2 AND n = 99")
    assert code == "ConditionalCheckFailedException"
    _run(ddb, f"DELETE FROM {table} WHERE pk = 'a' AND sk = 1")
    scanned = _run(ddb, f"SELECT sk FROM {table} WHERE n > 3")["Items"]
    assert scanned == [{"sk": {"N": "2"}}]


def test_errors_and_pagination(ddb, table):
    assert error_of(_run, ddb, f"DELETE FROM {table} WHERE pk = 'a'")[1] == (
        "Where clause does not contain a mandatory equality on all key attributes"
    )
    assert error_of(_run, ddb, "DROP TABLE x")[0] == "ValidationException"
    assert error_of(_run, ddb, f'SELECT * FROM "{table}"."no-such-index"') == (
        "ValidationException", "The table does not have the specified index")
    assert error_of(_run, ddb, f"SELECT * FROM {table} WHERE pk = ?")[1] == (
        "Number of parameters in request and statement don't match."
    )
    for i in range(5):
        _run(ddb, f"INSERT INTO {table} VALUE {{'pk': 'p', 'sk': {i}}}")
    seen, token = [], None
    while True:
        page = _run(ddb, f"SELECT sk FROM {table} WHERE pk = 'p'", Limit=2, **({"NextToken": token} if token else {}))
        seen += [i["sk"]["N"] for i in page["Items"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == ["0", "1", "2", "3", "4"]


def test_batch_execute_statement(ddb, table):
    _run(ddb, f"INSERT INTO {table} VALUE {{'pk': 'a', 'sk': 1}}")
    responses = ddb.batch_execute_statement(Statements=[
        {"Statement": f"SELECT * FROM {table} WHERE pk = 'a' AND sk = 1"},
        {"Statement": f"INSERT INTO {table} VALUE {{'pk': 'a', 'sk': 1}}"},
        {"Statement": f"INSERT INTO {table} VALUE {{'pk': 'b', 'sk': 1}}"},
    ])["Responses"]
    assert responses[0]["Item"] == {"pk": {"S": "a"}, "sk": {"N": "1"}}
    assert responses[1]["Error"]["Code"] == "DuplicateItem"
    assert responses[1]["TableName"] == table
    assert "Error" not in responses[2]
    assert ddb.scan(TableName=table)["Count"] == 2


def test_batch_select_needs_the_whole_key(ddb, table):
    """Each SELECT of a batch reads one item, so AWS wants equalities on every key attribute."""
    _run(ddb, f"INSERT INTO {table} VALUE {{'pk': 'a', 'sk': 1}}")
    responses = ddb.batch_execute_statement(Statements=[
        {"Statement": f"SELECT * FROM {table} WHERE pk = 'a'"},
        {"Statement": f"SELECT * FROM {table} WHERE pk = 'a' AND sk = 2"},
        {"Statement": "SELECT * FROM missing WHERE pk = 'a'"},
    ])["Responses"]
    assert responses[0] == {"TableName": table, "Error": {
        "Code": "ValidationError",
        "Message": "Select statements within BatchExecuteStatement must specify the primary key in the where clause."}}
    assert responses[1] == {"TableName": table}
    assert responses[2] == {"Error": {"Code": "ResourceNotFound", "Message": "Requested resource not found"}}


def test_execute_transaction_is_all_or_nothing(ddb, table):
    _run(ddb, f"INSERT INTO {table} VALUE {{'pk': 'a', 'sk': 1, 'n': 1}}")
    _run(ddb, f"INSERT INTO {table} VALUE {{'pk': 'c', 'sk': 1}}")
    with_duplicate = [
        {"Statement": f"UPDATE {table} SET n = 2 WHERE pk = 'a' AND sk = 1"},
        {"Statement": f"INSERT INTO {table} VALUE {{'pk': 'c', 'sk': 1}}"},
    ]
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as caught:
        ddb.execute_transaction(TransactStatements=with_duplicate)
    assert [r["Code"] for r in caught.value.response["CancellationReasons"]] == ["None", "DuplicateItem"]
    assert _run(ddb, f"SELECT n FROM {table} WHERE pk = 'a' AND sk = 1")["Items"] == [{"n": {"N": "1"}}]
    ddb.execute_transaction(TransactStatements=[
        {"Statement": f"UPDATE {table} SET n = 3 WHERE pk = 'a' AND sk = 1"},
        {"Statement": f"INSERT INTO {table} VALUE {{'pk': 'b', 'sk': ?}}", "Parameters": [{"N": "2"}]},
    ])
    responses = ddb.execute_transaction(TransactStatements=[
        {"Statement": f"SELECT n FROM {table} WHERE pk = 'a' AND sk = 1"},
        {"Statement": f"SELECT * FROM {table} WHERE pk = 'zzz' AND sk = 1"},
    ])["Responses"]
    assert responses == [{"Item": {"n": {"N": "3"}}}, {}]


def test_unquoted_table_names_may_hold_hyphens(ddb):
    from ddb_support import create_table

    name = create_table(ddb, "orders-2024-x1e5", attributes={"g": "S"}, GlobalSecondaryIndexes=[
        {"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
         "Projection": {"ProjectionType": "ALL"}},
    ])
    assert _run(ddb, f"INSERT INTO {name} VALUE {{'pk': 'a', 'g': 'x', 'n': 1}}")["Items"] == []
    _run(ddb, f"UPDATE {name} SET n = n - 1 WHERE pk = 'a'")
    assert _run(ddb, f"SELECT n FROM {name} WHERE pk = 'a'")["Items"] == [{"n": {"N": "0"}}]
    assert _run(ddb, f"SELECT pk FROM {name}.by-g WHERE g = 'x'")["Items"] == [{"pk": {"S": "a"}}]
    _run(ddb, f"DELETE FROM {name} WHERE pk = 'a'")
    assert _run(ddb, f'SELECT * FROM "{name}"')["Items"] == []
