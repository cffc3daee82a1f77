"""STS: who is calling, and temporary credentials that act in another account."""

from moto_shared.services.sts.operations import (
    assume_role,
    assume_role_with_saml,
    assume_role_with_web_identity,
    get_access_key_info,
    get_caller_identity,
    get_federation_token,
    get_session_token,
)

__all__ = [
    "assume_role",
    "assume_role_with_saml",
    "assume_role_with_web_identity",
    "get_access_key_info",
    "get_caller_identity",
    "get_federation_token",
    "get_session_token",
]
