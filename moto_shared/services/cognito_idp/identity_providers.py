"""Federated identity providers (SAML, OIDC, social) and OAuth resource servers of a pool.

Both are configuration only: we store and describe them, nothing signs in
through them.
"""

from __future__ import annotations

from typing import Any

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.services.cognito_idp import records
from moto_shared.services.cognito_idp.exceptions import invalid_parameter
from moto_shared.store.base import Txn

PROVIDER_SETTINGS = ("ProviderDetails", "AttributeMapping", "IdpIdentifiers")


def provider_key(ctx: RequestContext, pool_id: str, name: str) -> str:
    return ctx.key("identity-provider", pool_id, name)


def server_key(ctx: RequestContext, pool_id: str, identifier: str) -> str:
    return ctx.key("resource-server", pool_id, identifier)


def _provider_not_found(name: str) -> AWSError:
    return AWSError("ResourceNotFoundException", f"Identity provider {name} does not exist.")


def _load_provider(reader, ctx: RequestContext, pool_id: str, name: str) -> dict[str, Any]:
    records.load_pool(reader, ctx, pool_id)
    provider = reader.get(provider_key(ctx, pool_id, name))
    if provider is None:
        raise _provider_not_found(name)
    return provider


def _paged(key: str, items: list[dict[str, Any]], next_token: str | None) -> dict[str, Any]:
    return {key: items, "NextToken": next_token} if next_token else {key: items}


def create_identity_provider(
    ctx: RequestContext, UserPoolId: str, ProviderName: str, ProviderType: str, ProviderDetails: dict[str, str],
    **settings: Any,
) -> dict[str, Any]:
    now = ctx.now()
    provider = {
        "UserPoolId": UserPoolId,
        "ProviderName": ProviderName,
        "ProviderType": ProviderType,
        "ProviderDetails": ProviderDetails,
        "AttributeMapping": settings.get("AttributeMapping", {}),
        "IdpIdentifiers": settings.get("IdpIdentifiers", []),
        "LastModifiedDate": now,
        "CreationDate": now,
    }

    def create(txn: Txn) -> None:
        records.load_pool(txn, ctx, UserPoolId)
        if txn.get(provider_key(ctx, UserPoolId, ProviderName)) is not None:
            raise AWSError("DuplicateProviderException", f"A provider with the name {ProviderName} already exists in this user pool.")
        txn.put(provider_key(ctx, UserPoolId, ProviderName), provider)
        txn.lex_add(ctx.key("pool-identity-providers", UserPoolId), ProviderName)

    ctx.store.transact(create)
    return {"IdentityProvider": provider}


def describe_identity_provider(ctx: RequestContext, UserPoolId: str, ProviderName: str) -> dict[str, Any]:
    return {"IdentityProvider": _load_provider(ctx.store, ctx, UserPoolId, ProviderName)}


def update_identity_provider(ctx: RequestContext, UserPoolId: str, ProviderName: str, **settings: Any) -> dict[str, Any]:
    """Given settings replace the stored ones; the rest stay."""

    def update(txn: Txn) -> dict[str, Any]:
        provider = _load_provider(txn, ctx, UserPoolId, ProviderName)
        changed = {k: settings[k] for k in PROVIDER_SETTINGS if k in settings}
        updated = {**provider, **changed, "LastModifiedDate": ctx.now()}
        txn.put(provider_key(ctx, UserPoolId, ProviderName), updated)
        return updated

    return {"IdentityProvider": ctx.store.transact(update)}


def delete_identity_provider(ctx: RequestContext, UserPoolId: str, ProviderName: str) -> dict[str, Any]:
    def delete(txn: Txn) -> None:
        _load_provider(txn, ctx, UserPoolId, ProviderName)
        txn.delete(provider_key(ctx, UserPoolId, ProviderName))
        txn.lex_remove(ctx.key("pool-identity-providers", UserPoolId), ProviderName)

    ctx.store.transact(delete)
    return {}


def list_identity_providers(
    ctx: RequestContext, UserPoolId: str, MaxResults: int = 60, NextToken: str | None = None
) -> dict[str, Any]:
    records.load_pool(ctx.store, ctx, UserPoolId)
    names, next_token = records.page(ctx.store, ctx.key("pool-identity-providers", UserPoolId), NextToken, MaxResults)
    providers = ctx.store.get_many([provider_key(ctx, UserPoolId, n) for n in names])
    summary = ("ProviderName", "ProviderType", "LastModifiedDate", "CreationDate")
    return _paged("Providers", [{k: p[k] for k in summary} for p in providers if p], next_token)


def get_identity_provider_by_identifier(ctx: RequestContext, UserPoolId: str, IdpIdentifier: str) -> dict[str, Any]:
    records.load_pool(ctx.store, ctx, UserPoolId)
    names = ctx.store.lex_range(ctx.key("pool-identity-providers", UserPoolId))
    for provider in ctx.store.get_many([provider_key(ctx, UserPoolId, n) for n in names]):
        if provider and IdpIdentifier in provider["IdpIdentifiers"]:
            return {"IdentityProvider": provider}
    raise AWSError("ResourceNotFoundException", f"Identity provider with identifier {IdpIdentifier} does not exist.")


# --- resource servers --------------------------------------------------------


def _load_server(reader, ctx: RequestContext, pool_id: str, identifier: str) -> dict[str, Any]:
    records.load_pool(reader, ctx, pool_id)
    server = reader.get(server_key(ctx, pool_id, identifier))
    if server is None:
        raise AWSError("ResourceNotFoundException", f"Resource server {identifier} does not exist.")
    return server


def _server_type(pool_id: str, identifier: str, name: str, scopes: list[dict[str, str]] | None) -> dict[str, Any]:
    """A ResourceServerType; AWS leaves Scopes out when there are none."""
    return {"UserPoolId": pool_id, "Identifier": identifier, "Name": name, **({"Scopes": scopes} if scopes else {})}


def create_resource_server(
    ctx: RequestContext, UserPoolId: str, Identifier: str, Name: str, Scopes: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    server = _server_type(UserPoolId, Identifier, Name, Scopes)

    def create(txn: Txn) -> None:
        records.load_pool(txn, ctx, UserPoolId)
        if txn.get(server_key(ctx, UserPoolId, Identifier)) is not None:
            raise invalid_parameter(f"{Identifier} already exists in user pool {UserPoolId}.")
        txn.put(server_key(ctx, UserPoolId, Identifier), server)
        records.append_in_order(txn, ctx.key("pool-resource-servers", UserPoolId), Identifier)

    ctx.store.transact(create)
    return {"ResourceServer": server}


def describe_resource_server(ctx: RequestContext, UserPoolId: str, Identifier: str) -> dict[str, Any]:
    return {"ResourceServer": _load_server(ctx.store, ctx, UserPoolId, Identifier)}


def update_resource_server(
    ctx: RequestContext, UserPoolId: str, Identifier: str, Name: str, Scopes: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    server = _server_type(UserPoolId, Identifier, Name, Scopes)

    def update(txn: Txn) -> dict[str, Any]:
        _load_server(txn, ctx, UserPoolId, Identifier)
        txn.put(server_key(ctx, UserPoolId, Identifier), server)
        return server

    return {"ResourceServer": ctx.store.transact(update)}


def delete_resource_server(ctx: RequestContext, UserPoolId: str, Identifier: str) -> dict[str, Any]:
    def delete(txn: Txn) -> None:
        _load_server(txn, ctx, UserPoolId, Identifier)
        txn.delete(server_key(ctx, UserPoolId, Identifier))
        txn.score_remove(ctx.key("pool-resource-servers", UserPoolId), Identifier)

    ctx.store.transact(delete)
    return {}


def list_resource_servers(
    ctx: RequestContext, UserPoolId: str, MaxResults: int, NextToken: str | None = None
) -> dict[str, Any]:
    records.load_pool(ctx.store, ctx, UserPoolId)
    identifiers, next_token = records.ordered_page(
        ctx.store, ctx.key("pool-resource-servers", UserPoolId), NextToken, MaxResults
    )
    servers = ctx.store.get_many([server_key(ctx, UserPoolId, i) for i in identifiers])
    return _paged("ResourceServers", [s for s in servers if s], next_token)


def delete_pool_federation(txn: Txn, ctx: RequestContext, pool_id: str) -> None:
    """Part of DeleteUserPool: the pool's providers and resource servers go with it."""
    providers, servers = ctx.key("pool-identity-providers", pool_id), ctx.key("pool-resource-servers", pool_id)
    txn.delete(
        *[provider_key(ctx, pool_id, n) for n in txn.lex_range(providers)],
        *[server_key(ctx, pool_id, i) for i, _ in txn.score_range(servers)],
    )
    txn.drop_index(providers, servers)
