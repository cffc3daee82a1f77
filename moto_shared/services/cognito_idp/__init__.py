"""Amazon Cognito user pools (botocore service "cognito-idp").

Tokens are real RS256 JWTs signed with a per-pool key, USER_SRP_AUTH is a
real SRP-6a exchange, and every bit of state (including sign-ins in
progress) is in the store, so any process can continue what another began.
Confirmation and verification codes are always CONFIRMATION_CODE.
"""

from __future__ import annotations

import re
from typing import Any

from moto_shared.context import RequestContext
from moto_shared.services.cognito_idp import tokens
from moto_shared.services.cognito_idp.account import (
    admin_confirm_sign_up,
    change_password,
    confirm_forgot_password,
    confirm_sign_up,
    delete_user,
    delete_user_attributes,
    forgot_password,
    get_user,
    get_user_attribute_verification_code,
    resend_confirmation_code,
    sign_up,
    update_user_attributes,
    verify_user_attribute,
)
from moto_shared.services.cognito_idp.auth import (
    admin_initiate_auth,
    admin_respond_to_auth_challenge,
    admin_user_global_sign_out,
    global_sign_out,
    initiate_auth,
    respond_to_auth_challenge,
    revoke_token,
)
from moto_shared.services.cognito_idp.clients import (
    create_user_pool_client,
    delete_user_pool_client,
    describe_user_pool_client,
    list_user_pool_clients,
    update_user_pool_client,
)
from moto_shared.services.cognito_idp.groups import (
    admin_add_user_to_group,
    admin_list_groups_for_user,
    admin_remove_user_from_group,
    create_group,
    delete_group,
    get_group,
    list_groups,
    list_users_in_group,
    update_group,
)
from moto_shared.services.cognito_idp.identity_providers import (
    create_identity_provider,
    create_resource_server,
    delete_identity_provider,
    delete_resource_server,
    describe_identity_provider,
    describe_resource_server,
    get_identity_provider_by_identifier,
    list_identity_providers,
    list_resource_servers,
    update_identity_provider,
    update_resource_server,
)
from moto_shared.services.cognito_idp.mfa import (
    admin_set_user_mfa_preference,
    associate_software_token,
    set_user_mfa_preference,
    verify_software_token,
)
from moto_shared.services.cognito_idp.pools import (
    add_custom_attributes,
    create_user_pool,
    create_user_pool_domain,
    delete_user_pool,
    delete_user_pool_domain,
    describe_user_pool,
    describe_user_pool_domain,
    get_user_pool_mfa_config,
    list_user_pools,
    set_user_pool_mfa_config,
    update_user_pool,
    update_user_pool_domain,
)
from moto_shared.services.cognito_idp.users import (
    CONFIRMATION_CODE,
    admin_create_user,
    admin_delete_user,
    admin_delete_user_attributes,
    admin_disable_user,
    admin_enable_user,
    admin_get_user,
    admin_reset_user_password,
    admin_set_user_password,
    admin_update_user_attributes,
    list_users,
)

__all__ = [
    "CONFIRMATION_CODE",
    "add_custom_attributes",
    "admin_add_user_to_group",
    "admin_confirm_sign_up",
    "admin_create_user",
    "admin_delete_user",
    "admin_delete_user_attributes",
    "admin_disable_user",
    "admin_enable_user",
    "admin_get_user",
    "admin_initiate_auth",
    "admin_list_groups_for_user",
    "admin_remove_user_from_group",
    "admin_reset_user_password",
    "admin_respond_to_auth_challenge",
    "admin_set_user_mfa_preference",
    "admin_set_user_password",
    "admin_update_user_attributes",
    "admin_user_global_sign_out",
    "associate_software_token",
    "change_password",
    "confirm_forgot_password",
    "confirm_sign_up",
    "create_group",
    "create_identity_provider",
    "create_resource_server",
    "create_user_pool",
    "create_user_pool_client",
    "create_user_pool_domain",
    "delete_group",
    "delete_identity_provider",
    "delete_resource_server",
    "delete_user",
    "delete_user_attributes",
    "delete_user_pool",
    "delete_user_pool_client",
    "delete_user_pool_domain",
    "describe_identity_provider",
    "describe_resource_server",
    "describe_user_pool",
    "describe_user_pool_client",
    "describe_user_pool_domain",
    "forgot_password",
    "get_group",
    "get_identity_provider_by_identifier",
    "get_user",
    "get_user_attribute_verification_code",
    "get_user_pool_mfa_config",
    "global_sign_out",
    "initiate_auth",
    "list_groups",
    "list_identity_providers",
    "list_resource_servers",
    "list_user_pool_clients",
    "list_user_pools",
    "list_users",
    "list_users_in_group",
    "resend_confirmation_code",
    "respond_to_auth_challenge",
    "revoke_token",
    "set_user_mfa_preference",
    "set_user_pool_mfa_config",
    "sign_up",
    "update_group",
    "update_identity_provider",
    "update_resource_server",
    "update_user_attributes",
    "update_user_pool",
    "update_user_pool_client",
    "update_user_pool_domain",
    "verify_software_token",
    "verify_user_attribute",
]


def jwks_document(ctx: RequestContext, match: re.Match) -> dict[str, Any]:
    """GET /<pool_id>/.well-known/jwks.json: the keys that verify the pool's tokens.

    An unknown pool answers like Cognito's endpoint, with an empty key set
    (we don't mint a key for a pool that doesn't exist).
    """
    pool_id = match["pool_id"]
    if ctx.store.get(ctx.key("pool", pool_id)) is None:
        return {"keys": []}
    return tokens.jwks(ctx, pool_id)


def openid_configuration(ctx: RequestContext, match: re.Match) -> dict[str, Any]:
    """GET /<pool_id>/.well-known/openid-configuration: the discovery document's essentials."""
    issuer = f"https://cognito-idp.{ctx.region}.amazonaws.com/{match['pool_id']}"
    return {
        "issuer": issuer,
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "token"],
        "scopes_supported": ["openid", "email", "phone", "profile"],
        "subject_types_supported": ["public"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    }


_POOL_PATH = r"^/(?P<pool_id>[\w-]+_[0-9A-Za-z]+)/\.well-known/"

#: Plain GET endpoints on the cognito-idp host that aren't API operations (served as JSON).
PUBLIC_ROUTES = [
    ("GET", re.compile(_POOL_PATH + r"jwks\.json$"), jwks_document),
    ("GET", re.compile(_POOL_PATH + r"openid-configuration$"), openid_configuration),
]
