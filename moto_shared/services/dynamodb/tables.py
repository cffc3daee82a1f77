"""Table operations: create, describe, update, delete, list; tags; time to live.

A table is ACTIVE as soon as it is created (waiters return at once). The
stored record is the table's description minus the live counts, which
DescribeTable reads from the sizes of the scan indexes.
"""

from __future__ import annotations

import re
import uuid

from moto_shared.errors import AWSError, validation_error
from moto_shared.services.dynamodb import storage, streams
from moto_shared.services.dynamodb.exceptions import table_in_use, table_not_found
from moto_shared.services.dynamodb.model import KEY_SEPARATOR, Table, in_view, table_name, view_token

MAX_GSIS = 20
MAX_LSIS = 5
TAGS_PAGE_SIZE = 10
MULTI_ATTRIBUTE_KEYS = 4
ON_DEMAND_WARM_READS = 12000
ON_DEMAND_WARM_WRITES = 4000
_TABLE_NAME = re.compile(r"^[a-zA-Z0-9_.-]+$")
PRIVATE_FIELDS = ("Tags", "TimeToLive", "Streams", "ResourcePolicy", "PointInTimeRecovery")


# --- validation ------------------------------------------------------------------


def _invalid(message: str) -> AWSError:
    return validation_error(f"One or more parameter values were invalid: {message}")


def _check_table_name(name: str) -> None:
    if not 3 <= len(name) <= 255:
        bound = "greater than or equal to 3" if len(name) < 3 else "less than or equal to 255"
        raise validation_error(
            f"1 validation error detected: Value '{name}' at 'tableName' failed to satisfy constraint: "
            f"Member must have length {bound}"
        )
    if not _TABLE_NAME.match(name):
        raise validation_error(
            f"1 validation error detected: Value '{name}' at 'tableName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
        )


def _check_key_schema(key_schema: list[dict], path: str = "keySchema", per_kind: int = 1) -> None:
    """Shape of one key schema; `path` is where AWS's request validator says the problem is.

    Global indexes take up to `MULTI_ATTRIBUTE_KEYS` partition-key and as many sort-key attributes
    (multi-attribute keys), partition keys first; tables and local indexes one of each.
    """
    if not key_schema or len(key_schema) > 2 * per_kind:
        elements = ", ".join(f"KeySchemaElement(attributeName={k['AttributeName']}, keyType={k['KeyType']})" for k in key_schema)
        raise validation_error(
            f"1 validation error detected: Value '[{elements}]' at '{path}' failed to satisfy constraint: "
            f"Member must have length less than or equal to {2 * per_kind}"
        )
    for position, element in enumerate(key_schema, start=1):
        if element["KeyType"] not in ("HASH", "RANGE"):
            raise validation_error(
                f"1 validation error detected: Value '{element['KeyType']}' at '{path}.{position}.member.keyType' "
                "failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"
            )
    kinds = [k["KeyType"] for k in key_schema]
    if kinds[0] != "HASH":
        raise validation_error("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    leading_hashes = kinds.index("RANGE") if "RANGE" in kinds else len(kinds)
    if kinds.count("HASH") > min(leading_hashes, per_kind):
        raise validation_error("Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key")
    if kinds.count("RANGE") > per_kind:
        raise validation_error(f"Too many range keys specified: an index key has at most {per_kind}")
    names = [k["AttributeName"] for k in key_schema]
    if len(set(names)) != len(names):
        raise validation_error("Invalid KeySchema: Some index key attribute have no definition")


def _check_attribute_definitions(defined: list[str], used: list[str], with_indexes: bool) -> None:
    """Every defined attribute must be a key of the table or an index, and every key defined.

    AWS words the error by which side has more names and whether indexes are involved.
    """
    defined_names, used_names = set(defined), set(used)
    if defined_names == used_names:
        return

    def shown(names) -> str:
        return f"[{', '.join(names)}]"

    if len(defined_names) > len(used_names):
        if with_indexes:
            raise _invalid(
                f"Some AttributeDefinitions are not used. AttributeDefinitions: {shown(sorted(defined_names))}, "
                f"keys used: {shown(sorted(used_names))}"
            )
        raise _invalid(
            "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"
        )
    if len(defined_names) < len(used_names) and not with_indexes:
        raise validation_error("Invalid KeySchema: Some index key attribute have no definition")
    keys = sorted(used_names - defined_names) if with_indexes else list(dict.fromkeys(used))
    raise _invalid(
        "Some index key attributes are not defined in AttributeDefinitions. "
        f"Keys: {shown(keys)}, AttributeDefinitions: {shown(sorted(defined_names))}"
    )


def _check_projection(index: dict) -> None:
    projection = index.get("Projection") or {}
    kind = projection.get("ProjectionType")
    if kind is None:
        raise _invalid(f"Unknown ProjectionType: null for index: {index['IndexName']}")
    if kind == "INCLUDE" and not projection.get("NonKeyAttributes"):
        raise _invalid("NonKeyAttributes must not be empty when ProjectionType is INCLUDE")
    if kind != "INCLUDE" and projection.get("NonKeyAttributes"):
        raise _invalid(f"ProjectionType is {kind}, but NonKeyAttributes is specified")


def _check_throughput(billing_mode: str, throughput: dict | None, what: str = "") -> dict:
    if billing_mode == "PAY_PER_REQUEST":
        if throughput:
            raise _invalid(
                f"Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST{what}"
            )
        return {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0, "NumberOfDecreasesToday": 0}
    if not throughput:
        raise _invalid(f"ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED{what}")
    for name in ("ReadCapacityUnits", "WriteCapacityUnits"):
        if throughput.get(name, 0) < 1:
            raise validation_error(
                f"1 validation error detected: Value '{throughput.get(name)}' at 'provisionedThroughput.{name[0].lower()}{name[1:]}' "
                "failed to satisfy constraint: Member must have value greater than or equal to 1"
            )
    return {**throughput, "NumberOfDecreasesToday": 0}


def _check_stream_spec(spec: dict | None) -> None:
    if spec and spec.get("StreamEnabled") and not spec.get("StreamViewType"):
        raise validation_error("StreamViewType is required when StreamEnabled is true")


def _warm_throughput(billing_mode: str, throughput: dict, requested: dict | None, owner: str) -> dict:
    """WarmThroughput: at least what the table (or index) can already serve; that is the default too.

    On-demand tables start warm at 12000 reads and 4000 writes per second.
    """
    if billing_mode == "PAY_PER_REQUEST":
        floors = {"Read": ON_DEMAND_WARM_READS, "Write": ON_DEMAND_WARM_WRITES}
        reason = "initial throughput for OnDemand"
    else:
        floors = {"Read": throughput["ReadCapacityUnits"], "Write": throughput["WriteCapacityUnits"]}
        reason = "{}CapacityUnits of ProvisionedThroughput"
    warm = {}
    for kind, floor in floors.items():
        value = (requested or {}).get(f"{kind}UnitsPerSecond", floor)
        if value < floor:
            raise _invalid(
                f"Requested {kind}UnitsPerSecond for WarmThroughput for {owner} is lower than {reason.format(kind)}"
            )
        warm[f"{kind}UnitsPerSecond"] = value
    return {**warm, "Status": "ACTIVE"}


def _index_record(table_arn: str, index: dict, billing_mode: str, is_global: bool) -> dict:
    _check_projection(index)
    record = {
        "IndexName": index["IndexName"],
        "KeySchema": index["KeySchema"],
        "Projection": index["Projection"],
        "IndexArn": f"{table_arn}/index/{index['IndexName']}",
    }
    if is_global:
        record["IndexStatus"] = "ACTIVE"
        if billing_mode == "PROVISIONED" and not index.get("ProvisionedThroughput"):
            raise _invalid(f"ProvisionedThroughput is not specified for index: {index['IndexName']}")
        record["ProvisionedThroughput"] = _check_throughput(
            billing_mode, index.get("ProvisionedThroughput"), f" (for index {index['IndexName']})"
        )
        record["WarmThroughput"] = _warm_throughput(
            billing_mode, record["ProvisionedThroughput"], index.get("WarmThroughput"), f"index {index['IndexName']}"
        )
    return record


def _sse_description(ctx, spec: dict) -> dict:
    """Encryption with a customer key, or with the account's AWS-managed key for DynamoDB."""
    default_key = f"arn:{ctx.partition}:kms:{ctx.region}:{ctx.account_id}:key/aws/dynamodb"
    return {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": spec.get("KMSMasterKeyId") or default_key}


def table_arn(ctx, name: str) -> str:
    return f"arn:{ctx.partition}:dynamodb:{ctx.region}:{ctx.account_id}:table/{name}"


# --- descriptions ----------------------------------------------------------------


def describe(ctx, table: Table, reads=None) -> dict:
    """The TableDescription AWS returns, counts included."""
    reads = reads or ctx.store
    record = table.record
    description = {k: v for k, v in record.items() if k not in PRIVATE_FIELDS}
    description["ItemCount"] = reads.index_size(storage.scan_index(ctx, table.name, table.base))
    description["TableSizeBytes"] = 0
    for field, is_global in (("GlobalSecondaryIndexes", True), ("LocalSecondaryIndexes", False)):
        if field in record:
            description[field] = [
                {
                    **index,
                    "ItemCount": reads.index_size(storage.scan_index(ctx, table.name, table.view(index["IndexName"]))),
                    "IndexSizeBytes": 0,
                }
                for index in record[field]
            ]
    return description


def _stream_fields(stream: dict) -> dict:
    return {"LatestStreamLabel": stream["StreamLabel"], "LatestStreamArn": stream["StreamArn"]}


# --- operations ------------------------------------------------------------------


def create_table(ctx, TableName: str, **params) -> dict:
    record = new_table_record(ctx, TableName, **params)
    created = ctx.store.transact(lambda txn: add_table(ctx, txn, record, table_in_use(f"Table already exists: {TableName}")))
    return {"TableDescription": {**describe(ctx, Table(created)), "TableStatus": "ACTIVE"}}


def new_table_record(
    ctx,
    TableName: str,
    AttributeDefinitions: list,
    KeySchema: list,
    LocalSecondaryIndexes: list | None = None,
    GlobalSecondaryIndexes: list | None = None,
    BillingMode: str = "PROVISIONED",
    ProvisionedThroughput: dict | None = None,
    StreamSpecification: dict | None = None,
    Tags: list | None = None,
    DeletionProtectionEnabled: bool = False,
    TableClass: str = "STANDARD",
    SSESpecification: dict | None = None,
    WarmThroughput: dict | None = None,
    **_ignored,
) -> dict:
    """A validated table record, not yet stored: what CreateTable and ImportTable (its TableCreationParameters) build."""
    _check_table_name(TableName)
    _check_key_schema(KeySchema)
    for field, indexes in (("GlobalSecondaryIndexes", GlobalSecondaryIndexes), ("LocalSecondaryIndexes", LocalSecondaryIndexes)):
        if indexes == []:
            raise _invalid(f"List of {field} is empty")
    gsis, lsis = GlobalSecondaryIndexes or [], LocalSecondaryIndexes or []
    if len(gsis) > MAX_GSIS:
        raise _invalid(f"GlobalSecondaryIndex count exceeds the per-table limit of {MAX_GSIS}")
    if len(lsis) > MAX_LSIS:
        raise _invalid(f"LocalSecondaryIndex count exceeds the per-table limit of {MAX_LSIS}")
    index_names = [i["IndexName"] for i in gsis + lsis]
    for name in index_names:
        if index_names.count(name) > 1:
            raise _invalid(f"Duplicate index name: {name}")
    used = [k["AttributeName"] for k in KeySchema]
    for field, indexes in (("globalSecondaryIndexes", gsis), ("localSecondaryIndexes", lsis)):
        for position, index in enumerate(indexes, start=1):
            _check_key_schema(
                index["KeySchema"], f"{field}.{position}.member.keySchema",
                MULTI_ATTRIBUTE_KEYS if field == "globalSecondaryIndexes" else 1,
            )
            used += [k["AttributeName"] for k in index["KeySchema"]]
    _check_attribute_definitions([a["AttributeName"] for a in AttributeDefinitions], used, bool(gsis or lsis))
    if lsis:
        table_hash = KeySchema[0]["AttributeName"]
        if len(KeySchema) < 2:
            raise _invalid("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex")
        for index in lsis:
            if index["KeySchema"][0]["AttributeName"] != table_hash or len(index["KeySchema"]) != 2:
                raise _invalid(f"Index KeySchema does not have a range key for index: {index['IndexName']}"
                               if len(index["KeySchema"]) != 2
                               else "Table KeySchema and LocalSecondaryIndex KeySchema must have the same hash key")
    throughput = _check_throughput(BillingMode, ProvisionedThroughput)
    warm_throughput = _warm_throughput(BillingMode, throughput, WarmThroughput, "table")
    _check_stream_spec(StreamSpecification)
    arn = table_arn(ctx, TableName)
    now = ctx.now()
    record = {
        "TableName": TableName,
        "TableArn": arn,
        "TableId": str(uuid.uuid4()),
        "TableStatus": "ACTIVE",
        "CreationDateTime": now,
        "KeySchema": KeySchema,
        "AttributeDefinitions": AttributeDefinitions,
        "ProvisionedThroughput": throughput,
        "BillingModeSummary": {"BillingMode": BillingMode},
        "DeletionProtectionEnabled": DeletionProtectionEnabled,
        "TableClassSummary": {"TableClass": TableClass},
        "WarmThroughput": warm_throughput,
        "Tags": Tags or [],
        "TimeToLive": {"TimeToLiveStatus": "DISABLED"},
        "Streams": [],
    }
    if gsis:
        record["GlobalSecondaryIndexes"] = [_index_record(arn, i, BillingMode, True) for i in gsis]
    if lsis:
        record["LocalSecondaryIndexes"] = [_index_record(arn, i, BillingMode, False) for i in lsis]
    if StreamSpecification:
        record["StreamSpecification"] = StreamSpecification
    if SSESpecification and SSESpecification.get("Enabled"):
        record["SSEDescription"] = _sse_description(ctx, SSESpecification)
    return record


def add_table(ctx, txn, record: dict, exists_error: AWSError) -> dict:
    """Store a new table's record (starting its stream if it has one); CreateTable and the restores share it."""
    name = record["TableName"]
    key = storage.table_key(ctx, name)
    existing, counter = txn.get_many([key, streams.counter_key(ctx, name)])
    if existing is not None:
        raise exists_error
    spec = record.get("StreamSpecification") or {}
    if spec.get("StreamEnabled"):
        stream = streams.new_stream(ctx, record, spec["StreamViewType"], (counter or 0) + 1)
        record["Streams"] = [stream]
        record.update(_stream_fields(stream))
    storage.put_table(ctx, txn, record)
    txn.lex_add(storage.tables_index(ctx), name)
    return record


def describe_table(ctx, TableName: str) -> dict:
    record = ctx.store.get(storage.table_key(ctx, TableName))
    if record is None:
        raise table_not_found(TableName)
    return {"Table": describe(ctx, Table(record))}


def delete_table(ctx, TableName: str) -> dict:
    name = table_name(TableName)

    def delete(txn):
        table = storage.load_table(ctx, txn, name)
        if table.record.get("DeletionProtectionEnabled"):
            raise validation_error(
                "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first."
            )
        description = describe(ctx, table, txn)
        members = txn.lex_range(storage.scan_index(ctx, name, table.base))
        txn.delete(*storage.item_keys_from_scan(ctx, table, table.base, members))
        for view in table.views:
            txn.drop_index(*storage.view_indexes(ctx, table, view, txn))
        first = min((s["StartSequence"] for s in table.record.get("Streams", ())), default=None)
        last = txn.get(streams.counter_key(ctx, name)) or 0
        if first is not None:
            txn.delete(*(streams.record_key(ctx, name, s) for s in range(first, last + 1)))
        storage.delete_table(ctx, txn, name)
        txn.delete(streams.counter_key(ctx, name))
        txn.lex_remove(storage.tables_index(ctx), name)
        return description

    description = ctx.store.transact(delete)
    return {"TableDescription": {**description, "TableStatus": "DELETING"}}


def list_tables(ctx, ExclusiveStartTableName: str | None = None, Limit: int = 100) -> dict:
    if not 1 <= Limit <= 100:
        raise validation_error(
            f"1 validation error detected: Value '{Limit}' at 'limit' failed to satisfy constraint: "
            "Member must have value less than or equal to 100"
        )
    names = ctx.store.lex_range(
        storage.tables_index(ctx), ExclusiveStartTableName, None, start_inclusive=False, limit=Limit + 1
    )
    result = {"TableNames": names[:Limit]}
    if len(names) > Limit:
        result["LastEvaluatedTableName"] = names[Limit - 1]
    return result


def update_table(
    ctx,
    TableName: str,
    AttributeDefinitions: list | None = None,
    BillingMode: str | None = None,
    ProvisionedThroughput: dict | None = None,
    GlobalSecondaryIndexUpdates: list | None = None,
    StreamSpecification: dict | None = None,
    DeletionProtectionEnabled: bool | None = None,
    TableClass: str | None = None,
    WarmThroughput: dict | None = None,
    **_ignored,
) -> dict:
    name = table_name(TableName)
    _check_stream_spec(StreamSpecification)

    def update(txn):
        table = storage.load_table(ctx, txn, name)
        record = table.record
        defined = {a["AttributeName"]: a["AttributeType"] for a in record["AttributeDefinitions"]}
        for attribute in AttributeDefinitions or ():
            defined[attribute["AttributeName"]] = attribute["AttributeType"]
        billing = BillingMode or record["BillingModeSummary"]["BillingMode"]
        if BillingMode and BillingMode != record["BillingModeSummary"]["BillingMode"]:
            record["BillingModeSummary"] = {"BillingMode": BillingMode}
            if BillingMode == "PAY_PER_REQUEST":
                record["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"] = ctx.now()
            record["ProvisionedThroughput"] = _check_throughput(BillingMode, ProvisionedThroughput)
        elif ProvisionedThroughput:
            record["ProvisionedThroughput"] = _check_throughput(billing, ProvisionedThroughput)
        if DeletionProtectionEnabled is not None:
            record["DeletionProtectionEnabled"] = DeletionProtectionEnabled
        if TableClass:
            record["TableClassSummary"] = {"TableClass": TableClass}
        if WarmThroughput or BillingMode or ProvisionedThroughput:
            # Warm throughput never decreases, and never falls below what the table now serves.
            floors = _warm_throughput(billing, record["ProvisionedThroughput"], None, "table")
            kept = {k: max(v, floors[k]) for k, v in record["WarmThroughput"].items() if k != "Status"}
            record["WarmThroughput"] = _warm_throughput(billing, record["ProvisionedThroughput"],
                                                        {**kept, **(WarmThroughput or {})}, "table")
        new_indexes = []
        for change in GlobalSecondaryIndexUpdates or ():
            new_indexes += _apply_index_update(ctx, txn, table, record, defined, billing, change)
        used = {k["AttributeName"] for k in record["KeySchema"]}
        for index in record.get("GlobalSecondaryIndexes", []) + record.get("LocalSecondaryIndexes", []):
            used |= {k["AttributeName"] for k in index["KeySchema"]}
        record["AttributeDefinitions"] = [{"AttributeName": n, "AttributeType": t} for n, t in defined.items() if n in used]
        if StreamSpecification is not None:
            _apply_stream_update(ctx, txn, record, StreamSpecification)
        updated = Table(record)
        if new_indexes:
            _backfill(ctx, txn, updated, new_indexes)
        storage.put_table(ctx, txn, record)
        return record

    record = ctx.store.transact(update)
    return {"TableDescription": describe(ctx, Table(record))}


def _apply_index_update(ctx, txn, table: Table, record: dict, defined: dict, billing: str, change: dict) -> list[str]:
    gsis = record.setdefault("GlobalSecondaryIndexes", [])
    names = [i["IndexName"] for i in gsis]
    if "Create" in change:
        index = change["Create"]
        if index["IndexName"] in names:
            raise _invalid(f"Duplicate index name: {index['IndexName']}")
        if len(gsis) >= MAX_GSIS:
            raise _invalid(f"GlobalSecondaryIndex count exceeds the per-table limit of {MAX_GSIS}")
        _check_key_schema(index["KeySchema"], per_kind=MULTI_ATTRIBUTE_KEYS)
        missing = [k["AttributeName"] for k in index["KeySchema"] if k["AttributeName"] not in defined]
        if missing:
            raise _invalid(
                "Some index key attributes are not defined in AttributeDefinitions. "
                f"Keys: [{', '.join(missing)}], AttributeDefinitions: [{', '.join(sorted(defined))}]"
            )
        gsis.append(_index_record(record["TableArn"], index, billing, True))
        return [index["IndexName"]]
    operation = "Update" if "Update" in change else "Delete"
    index_name = change[operation]["IndexName"]
    if index_name not in names:
        raise AWSError("ResourceNotFoundException", f"Requested resource not found: Index: {index_name} not found")
    if operation == "Update":
        gsis[names.index(index_name)]["ProvisionedThroughput"] = _check_throughput(
            billing, change["Update"].get("ProvisionedThroughput")
        )
    else:
        txn.drop_index(*storage.view_indexes(ctx, table, table.view(index_name), txn))
        del gsis[names.index(index_name)]
    if not gsis:
        del record["GlobalSecondaryIndexes"]
    return []


def _backfill(ctx, txn, table: Table, index_names: list[str]) -> None:
    """A new index starts out holding every existing item that has its keys."""
    members = txn.lex_range(storage.scan_index(ctx, table.name, table.base))
    records = txn.get_many(storage.item_keys_from_scan(ctx, table, table.base, members))
    items = [item for item in storage.items_of(records) if item]
    for view in map(table.view, index_names):
        for item in filter(lambda i: in_view(view, i), items):
            hash_part = view_token(view, item).split(KEY_SEPARATOR, 1)[0]
            partition = storage.partition_index(ctx, table.name, view, hash_part)
            txn.lex_add(partition, storage.partition_member(table, view, item))
            txn.lex_add(storage.scan_index(ctx, table.name, view), storage.scan_member(table, view, item))


def _apply_stream_update(ctx, txn, record: dict, spec: dict) -> None:
    current = record.get("StreamSpecification") or {}
    enabled = bool(current.get("StreamEnabled"))
    if spec.get("StreamEnabled") and enabled:
        raise validation_error(f"Table already has an enabled stream: {record['TableName']}")
    if not spec.get("StreamEnabled") and not enabled:
        raise validation_error("Table already has no stream enabled")
    counter = txn.get(streams.counter_key(ctx, record["TableName"])) or 0
    if spec.get("StreamEnabled"):
        stream = streams.new_stream(ctx, record, spec["StreamViewType"], counter + 1)
        record.setdefault("Streams", []).append(stream)
        record.update(_stream_fields(stream))
        record["StreamSpecification"] = spec
    else:
        record["Streams"][-1]["EndSequence"] = counter + 1
        record["StreamSpecification"] = {"StreamEnabled": False}


# --- tags and time to live -------------------------------------------------------


def _table_of_arn(ctx, arn: str) -> str:
    if ":table/" not in arn:
        raise AWSError("ResourceNotFoundException", f"Requested resource not found: ResourcArn: {arn} not found")
    return table_name(arn)


def modify_table(ctx, name: str, change) -> dict:
    """Read-modify-write of a table's record in one transaction."""

    def modify(txn):
        record = storage.load_table(ctx, txn, name).record
        change(record)
        storage.put_table(ctx, txn, record)
        return record

    return ctx.store.transact(modify)


def tag_resource(ctx, ResourceArn: str, Tags: list) -> dict:
    def add_tags(record):
        tags = {t["Key"]: t["Value"] for t in record["Tags"]}
        tags.update({t["Key"]: t["Value"] for t in Tags})
        if len(tags) > 50:
            raise validation_error("The number of tags exceeds the limit of 50.")
        record["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]

    modify_table(ctx, _table_of_arn(ctx, ResourceArn), add_tags)
    return {}


def untag_resource(ctx, ResourceArn: str, TagKeys: list) -> dict:
    def remove_tags(record):
        record["Tags"] = [t for t in record["Tags"] if t["Key"] not in TagKeys]

    modify_table(ctx, _table_of_arn(ctx, ResourceArn), remove_tags)
    return {}


def list_tags_of_resource(ctx, ResourceArn: str, NextToken: str | None = None) -> dict:
    """Tags a page at a time; the token is the offset of the next page."""
    tags = storage.load_table(ctx, ctx.store, _table_of_arn(ctx, ResourceArn)).record["Tags"]
    start = int(NextToken) if NextToken and NextToken.isdigit() else 0
    end = start + TAGS_PAGE_SIZE
    return {"Tags": tags[start:end], **({"NextToken": str(end)} if end < len(tags) else {})}


def update_time_to_live(ctx, TableName: str, TimeToLiveSpecification: dict) -> dict:
    enabled = TimeToLiveSpecification["Enabled"]

    def set_ttl(record):
        current = record["TimeToLive"]["TimeToLiveStatus"] == "ENABLED"
        if current == enabled:
            raise validation_error(f"TimeToLive is already {'enabled' if enabled else 'disabled'}")
        record["TimeToLive"] = (
            {"TimeToLiveStatus": "ENABLED", "AttributeName": TimeToLiveSpecification["AttributeName"]}
            if enabled
            else {"TimeToLiveStatus": "DISABLED"}
        )

    modify_table(ctx, table_name(TableName), set_ttl)
    return {"TimeToLiveSpecification": TimeToLiveSpecification}


def describe_time_to_live(ctx, TableName: str) -> dict:
    table = storage.load_table(ctx, ctx.store, table_name(TableName))
    return {"TimeToLiveDescription": table.record["TimeToLive"]}


def describe_limits(ctx) -> dict:
    return {
        "AccountMaxReadCapacityUnits": 80000,
        "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 40000,
        "TableMaxWriteCapacityUnits": 40000,
    }


def describe_endpoints(ctx) -> dict:
    return {"Endpoints": [{"Address": f"dynamodb.{ctx.region}.amazonaws.com", "CachePeriodInMinutes": 1440}]}

