"""Groups and membership; a user's groups also go into its tokens (cognito:groups)."""

from __future__ import annotations

from typing import Any

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.services.cognito_idp import records
from moto_shared.services.cognito_idp.exceptions import group_not_found, invalid_parameter
from moto_shared.store.base import Reads, Txn

GROUP_SETTINGS = ("Description", "RoleArn", "Precedence")


def _load_group(reader: Reads, ctx: RequestContext, pool_id: str, group_name: str) -> dict[str, Any]:
    group = reader.get(ctx.key("group", pool_id, group_name))
    if group is None:
        raise group_not_found()
    return group


def _limit(limit: int | None) -> int:
    if limit is not None and not 0 <= limit <= 60:
        raise invalid_parameter("Limit must be between 0 and 60.")
    return limit or 60


def _paged(result: dict[str, Any], next_token: str | None) -> dict[str, Any]:
    return {**result, "NextToken": next_token} if next_token else result


def groups_of(reader: Reads, ctx: RequestContext, pool_id: str, user_key: str) -> list[dict[str, Any]]:
    """The user's groups, lowest Precedence first (Cognito's order in tokens)."""
    names = reader.lex_range(ctx.key("user-groups", pool_id, user_key))
    groups = [g for g in reader.get_many([ctx.key("group", pool_id, n) for n in names]) if g]
    return sorted(groups, key=lambda g: (g.get("Precedence") is None, g.get("Precedence") or 0, g["GroupName"]))


def create_group(ctx: RequestContext, GroupName: str, UserPoolId: str, **settings: Any) -> dict[str, Any]:
    now = ctx.now()
    group = {
        "GroupName": GroupName,
        "UserPoolId": UserPoolId,
        **{k: settings[k] for k in GROUP_SETTINGS if k in settings},
        "LastModifiedDate": now,
        "CreationDate": now,
    }

    def create(txn: Txn) -> None:
        records.load_pool(txn, ctx, UserPoolId)
        if txn.get(ctx.key("group", UserPoolId, GroupName)) is not None:
            raise AWSError("GroupExistsException", f"A group with the name {GroupName} already exists.")
        txn.put(ctx.key("group", UserPoolId, GroupName), group)
        txn.lex_add(ctx.key("pool-groups", UserPoolId), GroupName)

    ctx.store.transact(create)
    return {"Group": group}


def get_group(ctx: RequestContext, GroupName: str, UserPoolId: str) -> dict[str, Any]:
    records.load_pool(ctx.store, ctx, UserPoolId)
    return {"Group": _load_group(ctx.store, ctx, UserPoolId, GroupName)}


def update_group(ctx: RequestContext, GroupName: str, UserPoolId: str, **settings: Any) -> dict[str, Any]:
    def update(txn: Txn) -> dict[str, Any]:
        records.load_pool(txn, ctx, UserPoolId)
        group = _load_group(txn, ctx, UserPoolId, GroupName)
        updated = {**group, **{k: settings[k] for k in GROUP_SETTINGS if k in settings}, "LastModifiedDate": ctx.now()}
        txn.put(ctx.key("group", UserPoolId, GroupName), updated)
        return updated

    return {"Group": ctx.store.transact(update)}


def list_groups(ctx: RequestContext, UserPoolId: str, Limit: int | None = None, NextToken: str | None = None) -> dict[str, Any]:
    records.load_pool(ctx.store, ctx, UserPoolId)
    names, next_token = records.page(ctx.store, ctx.key("pool-groups", UserPoolId), NextToken, _limit(Limit))
    groups = ctx.store.get_many([ctx.key("group", UserPoolId, n) for n in names])
    return _paged({"Groups": [g for g in groups if g]}, next_token)


def delete_group(ctx: RequestContext, GroupName: str, UserPoolId: str) -> dict[str, Any]:
    def delete(txn: Txn) -> None:
        records.load_pool(txn, ctx, UserPoolId)
        _load_group(txn, ctx, UserPoolId, GroupName)
        members_index = ctx.key("group-members", UserPoolId, GroupName)
        for user_key in txn.lex_range(members_index):
            txn.lex_remove(ctx.key("user-groups", UserPoolId, user_key), GroupName)
        txn.drop_index(members_index)
        txn.delete(ctx.key("group", UserPoolId, GroupName))
        txn.lex_remove(ctx.key("pool-groups", UserPoolId), GroupName)

    ctx.store.transact(delete)
    return {}


def _change_membership(ctx: RequestContext, pool_id: str, username: str, group_name: str, *, add: bool) -> None:
    def change(txn: Txn) -> None:
        pool = records.load_pool(txn, ctx, pool_id)
        _load_group(txn, ctx, pool_id, group_name)
        user_key, _ = records.require_user(txn, ctx, pool, username)
        members, memberships = ctx.key("group-members", pool_id, group_name), ctx.key("user-groups", pool_id, user_key)
        if add:
            txn.lex_add(members, user_key)
            txn.lex_add(memberships, group_name)
        else:
            txn.lex_remove(members, user_key)
            txn.lex_remove(memberships, group_name)

    ctx.store.transact(change)


def admin_add_user_to_group(ctx: RequestContext, UserPoolId: str, Username: str, GroupName: str) -> dict[str, Any]:
    _change_membership(ctx, UserPoolId, Username, GroupName, add=True)
    return {}


def admin_remove_user_from_group(ctx: RequestContext, UserPoolId: str, Username: str, GroupName: str) -> dict[str, Any]:
    _change_membership(ctx, UserPoolId, Username, GroupName, add=False)
    return {}


def admin_list_groups_for_user(
    ctx: RequestContext, Username: str, UserPoolId: str, Limit: int | None = None, NextToken: str | None = None
) -> dict[str, Any]:
    pool = records.load_pool(ctx.store, ctx, UserPoolId)
    user_key, _ = records.require_user(ctx.store, ctx, pool, Username)
    index = ctx.key("user-groups", UserPoolId, user_key)
    names, next_token = records.page(ctx.store, index, NextToken, _limit(Limit))
    groups = ctx.store.get_many([ctx.key("group", UserPoolId, n) for n in names])
    return _paged({"Groups": [g for g in groups if g]}, next_token)


def list_users_in_group(
    ctx: RequestContext, UserPoolId: str, GroupName: str, Limit: int | None = None, NextToken: str | None = None
) -> dict[str, Any]:
    records.load_pool(ctx.store, ctx, UserPoolId)
    _load_group(ctx.store, ctx, UserPoolId, GroupName)
    index = ctx.key("group-members", UserPoolId, GroupName)
    user_keys, next_token = records.page(ctx.store, index, NextToken, _limit(Limit))
    users = ctx.store.get_many([records.user_record_key(ctx, UserPoolId, k) for k in user_keys])
    return _paged({"Users": [records.user_type(u) for u in users if u]}, next_token)
