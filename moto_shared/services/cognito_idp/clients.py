"""App clients: their settings, secrets, and the auth flows and token lifetimes they allow."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
from typing import Any

from moto_shared.context import RequestContext
from moto_shared.services.cognito_idp import records
from moto_shared.services.cognito_idp.exceptions import invalid_parameter, not_authorized
from moto_shared.store.base import Txn

#: Members of Create/UpdateUserPoolClient kept as given.
SETTINGS = (
    "ClientName", "RefreshTokenValidity", "AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits",
    "ReadAttributes", "WriteAttributes", "ExplicitAuthFlows", "SupportedIdentityProviders", "CallbackURLs",
    "LogoutURLs", "DefaultRedirectURI", "AllowedOAuthFlows", "AllowedOAuthScopes",
    "AllowedOAuthFlowsUserPoolClient", "AnalyticsConfiguration", "PreventUserExistenceErrors",
    "EnableTokenRevocation", "EnablePropagateAdditionalUserContextData", "AuthSessionValidity",
    "RefreshTokenRotation",
)
DEFAULTS: dict[str, Any] = {
    "RefreshTokenValidity": 30,
    "TokenValidityUnits": {},
    "AllowedOAuthFlowsUserPoolClient": False,
    "EnableTokenRevocation": True,
    "EnablePropagateAdditionalUserContextData": False,
    "AuthSessionValidity": 3,
}
SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
DEFAULT_UNITS = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}
#: (min, max) seconds allowed for each token's validity.
VALIDITY_BOUNDS = {"AccessToken": (300, 86400), "IdToken": (300, 86400), "RefreshToken": (3600, 315360000)}
LEGACY_FLOWS = {"ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"}
#: AuthFlow -> the ExplicitAuthFlows values that allow it (new style, legacy style).
FLOW_PERMISSIONS = {
    "USER_PASSWORD_AUTH": {"ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"},
    "ADMIN_USER_PASSWORD_AUTH": {"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"},
    "ADMIN_NO_SRP_AUTH": {"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"},
    "USER_SRP_AUTH": {"ALLOW_USER_SRP_AUTH"},
    "REFRESH_TOKEN_AUTH": {"ALLOW_REFRESH_TOKEN_AUTH"},
    "REFRESH_TOKEN": {"ALLOW_REFRESH_TOKEN_AUTH"},
}
#: Allowed whatever the list says when it has no ALLOW_ values (legacy lists or none at all).
IMPLICIT_FLOWS = {"USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"}


def token_validity_seconds(client: dict[str, Any], token: str) -> int:
    """How long a client's AccessToken / IdToken / RefreshToken lives."""
    unit = client.get("TokenValidityUnits", {}).get(token, DEFAULT_UNITS[token])
    default = 30 if token == "RefreshToken" else 1
    return client.get(f"{token}Validity", default) * SECONDS[unit]


def _validate(settings: dict[str, Any]) -> None:
    flows = set(settings.get("ExplicitAuthFlows", []))
    if flows & LEGACY_FLOWS and any(f.startswith("ALLOW_") for f in flows):
        raise invalid_parameter("ExplicitAuthFlows can't have both ALLOW_ prefixed and legacy values.")
    for token, (low, high) in VALIDITY_BOUNDS.items():
        if f"{token}Validity" in settings and not low <= token_validity_seconds(settings, token) <= high:
            raise invalid_parameter(
                f"{token}Validity must be between {low // 60} minutes and {high // 60} minutes, "
                "in the units of TokenValidityUnits."
            )
    if not 3 <= settings.get("AuthSessionValidity", 3) <= 15:
        raise invalid_parameter("AuthSessionValidity must be between 3 and 15 minutes.")


def flow_allowed(client: dict[str, Any], auth_flow: str) -> bool:
    """Whether the client's ExplicitAuthFlows let it use auth_flow.

    A client created without ExplicitAuthFlows allows every flow: AWS would
    allow only SRP and refresh, but Moto never enforced the list and suites
    sign in with password flows on such clients (see docs).
    """
    if "ExplicitAuthFlows" not in client:
        return True
    flows = set(client["ExplicitAuthFlows"])
    if auth_flow in IMPLICIT_FLOWS and not any(f.startswith("ALLOW_") for f in flows):
        return True
    return bool(flows & FLOW_PERMISSIONS.get(auth_flow, set()))


def secret_hash(secret: str, username: str, client_id: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def check_secret_hash(client: dict[str, Any], given: str | None, *usernames: str) -> None:
    """A client with a secret must prove it with SECRET_HASH (computed over any of the user's names)."""
    secret = client.get("ClientSecret")
    if secret is None:
        return
    client_id = client["ClientId"]
    if given is None:
        raise not_authorized(f"Client {client_id} is configured with secret but SECRET_HASH was not received")
    if not any(hmac.compare_digest(secret_hash(secret, name, client_id), given) for name in usernames):
        raise not_authorized(f"Unable to verify secret hash for client {client_id}")


def _describe(client: dict[str, Any]) -> dict[str, Any]:
    return {"UserPoolClient": client}


def create_user_pool_client(
    ctx: RequestContext, UserPoolId: str, ClientName: str, GenerateSecret: bool = False, **options: Any
) -> dict[str, Any]:
    settings = {**DEFAULTS, **{k: v for k, v in options.items() if k in SETTINGS}, "ClientName": ClientName}
    _validate(settings)
    client_id = records.new_id(
        "MOTO_COGNITO_IDP_USER_POOL_CLIENT_ID_STRATEGY", string.ascii_lowercase + string.digits, 26,
        UserPoolId, settings, GenerateSecret,
    )
    now = ctx.now()
    client = {"UserPoolId": UserPoolId, "ClientId": client_id, "CreationDate": now, "LastModifiedDate": now, **settings}
    if GenerateSecret:
        client["ClientSecret"] = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(51))

    def create(txn: Txn) -> None:
        records.load_pool(txn, ctx, UserPoolId)
        txn.put(ctx.key("client", client_id), client)
        txn.lex_add(ctx.key("pool-clients", UserPoolId), client_id)

    ctx.store.transact(create)
    return _describe(client)


def describe_user_pool_client(ctx: RequestContext, UserPoolId: str, ClientId: str) -> dict[str, Any]:
    records.load_pool(ctx.store, ctx, UserPoolId)
    return _describe(records.load_client(ctx.store, ctx, ClientId, UserPoolId))


def update_user_pool_client(ctx: RequestContext, UserPoolId: str, ClientId: str, **options: Any) -> dict[str, Any]:
    """Settings left out fall back to their defaults, as in AWS; id, secret and dates stay."""

    def update(txn: Txn) -> dict[str, Any]:
        client = records.load_client(txn, ctx, ClientId, UserPoolId)
        kept = {k: v for k, v in client.items() if k not in SETTINGS or k == "ClientName"}
        settings = {**DEFAULTS, **{k: v for k, v in options.items() if k in SETTINGS}}
        _validate(settings)
        updated = {**kept, **settings, "LastModifiedDate": ctx.now()}
        txn.put(ctx.key("client", ClientId), updated)
        return updated

    return _describe(ctx.store.transact(update))


def delete_user_pool_client(ctx: RequestContext, UserPoolId: str, ClientId: str) -> dict[str, Any]:
    def delete(txn: Txn) -> None:
        records.load_pool(txn, ctx, UserPoolId)
        records.load_client(txn, ctx, ClientId, UserPoolId)
        txn.delete(ctx.key("client", ClientId))
        txn.lex_remove(ctx.key("pool-clients", UserPoolId), ClientId)

    ctx.store.transact(delete)
    return {}


def list_user_pool_clients(
    ctx: RequestContext, UserPoolId: str, MaxResults: int = 60, NextToken: str | None = None
) -> dict[str, Any]:
    records.load_pool(ctx.store, ctx, UserPoolId)
    client_ids, next_token = records.page(ctx.store, ctx.key("pool-clients", UserPoolId), NextToken, MaxResults)
    clients = ctx.store.get_many([ctx.key("client", c) for c in client_ids])
    result: dict[str, Any] = {
        "UserPoolClients": [{k: c[k] for k in ("ClientId", "UserPoolId", "ClientName")} for c in clients if c]
    }
    if next_token:
        result["NextToken"] = next_token
    return result
