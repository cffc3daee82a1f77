"""Where Cognito keeps its state in the store, and the reads and writes every operation shares.

Records (ctx.key(kind, ...)):
    pool|<pool_id>                  the pool (UserPoolType members, Schema as a dict)
    client|<client_id>              an app client (UserPoolClientType members)
    user|<pool_id>|<user_key>       a user; user_key is the username, lower-cased
                                    when the pool's usernames are case-insensitive
    group|<pool_id>|<group>         a group (GroupType members)
    domain|<domain>                 the pool a domain belongs to
    signing-key|<pool_id>           the pool's RSA key (see tokens.py)
    signin|<origin_jti>             one authentication: user, client, refresh token, revoked?
    refresh|<token>                 refresh token -> origin_jti
    challenge|<session>             a pending auth challenge (Session or SRP SECRET_BLOCK)
    identity-provider|<pool_id>|<name>      an IdentityProviderType
    resource-server|<pool_id>|<identifier>  a ResourceServerType
User records hold, besides UserType members: Password (see passwords.py),
SoftwareToken ({"Secret", "Verified"} once AssociateSoftwareToken ran),
MfaSettings (enabled factors, SMS_MFA / SOFTWARE_TOKEN_MFA) and PreferredMfa.
Lex indexes:
    pools                           pool ids
    pool-clients|<pool_id>          client ids
    pool-users|<pool_id>            user keys
    users-by|<pool_id>|<attr>       "<value>\\0<user_key>" for ListUsers filters and aliases
    pool-groups|<pool_id>           group names
    group-members|<pool_id>|<group> user keys
    user-groups|<pool_id>|<user_key> group names
    user-signins|<pool_id>|<user_key> origin_jti of the user's authentications
    pool-identity-providers|<pool_id> provider names
Score indexes (members in creation order, scored by a per-index sequence):
    pool-resource-servers|<pool_id> resource server identifiers
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from typing import Any

from moto_shared.context import RequestContext
from moto_shared.services.cognito_idp.attributes import FILTERABLE
from moto_shared.services.cognito_idp.exceptions import (
    client_not_found,
    invalid_parameter,
    pool_not_found,
    user_not_found,
)
from moto_shared.store.base import Reads, Txn

SEPARATOR = "\x00"
#: Above every code point a value can hold: the end of a prefix range.
LEX_MAX = "\U0010ffff"
#: Attributes other than the username a user can sign in with, in the order Cognito tries them.
SIGN_IN_ALIASES = ("email", "phone_number", "preferred_username")


def load_pool(reader: Reads, ctx: RequestContext, pool_id: str) -> dict[str, Any]:
    pool = reader.get(ctx.key("pool", pool_id))
    if pool is None:
        raise pool_not_found(pool_id)
    return pool


def load_client(reader: Reads, ctx: RequestContext, client_id: str, pool_id: str | None = None) -> dict[str, Any]:
    """The client; with pool_id, also insist it belongs to that pool (the Admin* operations)."""
    client = reader.get(ctx.key("client", client_id))
    if client is None or (pool_id is not None and client["UserPoolId"] != pool_id):
        raise client_not_found(client_id)
    return client


def user_key_of(pool: dict[str, Any], username: str) -> str:
    case_sensitive = pool.get("UsernameConfiguration", {}).get("CaseSensitive", True)
    return username if case_sensitive else username.lower()


def user_record_key(ctx: RequestContext, pool_id: str, user_key: str) -> str:
    return ctx.key("user", pool_id, user_key)


def find_user(reader: Reads, ctx: RequestContext, pool: dict[str, Any], name: str) -> tuple[str, dict[str, Any]] | None:
    """(user_key, user) for a username or, where the pool allows it, an email/phone/preferred username."""
    user_key = user_key_of(pool, name)
    user = reader.get(user_record_key(ctx, pool["Id"], user_key))
    if user is not None:
        return user_key, user
    username_attributes = pool.get("UsernameAttributes", [])
    aliases = [a for a in SIGN_IN_ALIASES if a in username_attributes or a in pool.get("AliasAttributes", [])]
    for attribute in aliases:
        for member in reader.lex_range(by_attribute_index(ctx, pool["Id"], attribute), name + SEPARATOR, name + "\x01"):
            candidate_key = member.split(SEPARATOR, 1)[1]
            candidate = reader.get(user_record_key(ctx, pool["Id"], candidate_key))
            if candidate is None:
                continue
            verified = candidate["Attributes"].get(f"{attribute}_verified") == "true"
            if attribute in username_attributes or attribute == "preferred_username" or verified:
                return candidate_key, candidate
    return None


def require_user(reader: Reads, ctx: RequestContext, pool: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    found = find_user(reader, ctx, pool, name)
    if found is None:
        raise user_not_found()
    return found


def by_attribute_index(ctx: RequestContext, pool_id: str, attribute: str) -> str:
    return ctx.key("users-by", pool_id, attribute)


def _indexed_values(user: dict[str, Any] | None) -> dict[str, str]:
    if user is None:
        return {}
    values = {name: user["Attributes"][name] for name in FILTERABLE if name in user["Attributes"]}
    values["cognito:user_status"] = user["UserStatus"]
    values["status"] = "Enabled" if user["Enabled"] else "Disabled"
    return values


def write_user(
    txn: Txn, ctx: RequestContext, pool_id: str, user_key: str, before: dict[str, Any] | None, after: dict[str, Any]
) -> None:
    """Store a new or changed user and keep its filter/alias index entries in step."""
    txn.put(user_record_key(ctx, pool_id, user_key), after)
    if before is None:
        txn.lex_add(ctx.key("pool-users", pool_id), user_key)
    old, new = _indexed_values(before), _indexed_values(after)
    for attribute in old.keys() | new.keys():
        if old.get(attribute) == new.get(attribute):
            continue
        index = by_attribute_index(ctx, pool_id, attribute)
        if attribute in old:
            txn.lex_remove(index, old[attribute] + SEPARATOR + user_key)
        if attribute in new:
            txn.lex_add(index, new[attribute] + SEPARATOR + user_key)


def delete_user(txn: Txn, ctx: RequestContext, pool_id: str, user_key: str, user: dict[str, Any]) -> None:
    """Remove a user with its index entries, group memberships and sign-in sessions."""
    txn.delete(user_record_key(ctx, pool_id, user_key))
    txn.lex_remove(ctx.key("pool-users", pool_id), user_key)
    for attribute, value in _indexed_values(user).items():
        txn.lex_remove(by_attribute_index(ctx, pool_id, attribute), value + SEPARATOR + user_key)
    groups_index = ctx.key("user-groups", pool_id, user_key)
    for group in txn.lex_range(groups_index):
        txn.lex_remove(ctx.key("group-members", pool_id, group), user_key)
    signins_index = ctx.key("user-signins", pool_id, user_key)
    origin_jtis = txn.lex_range(signins_index)
    signins = txn.get_many([ctx.key("signin", jti) for jti in origin_jtis])
    txn.delete(*[ctx.key("signin", jti) for jti in origin_jtis])
    txn.delete(*[ctx.key("refresh", s["RefreshToken"]) for s in signins if s and s.get("RefreshToken")])
    txn.drop_index(groups_index, signins_index)


def user_attributes(user: dict[str, Any], names: list[str] | None = None) -> list[dict[str, str]]:
    return [{"Name": k, "Value": v} for k, v in user["Attributes"].items() if names is None or k in names]


def user_type(user: dict[str, Any], attribute_names: list[str] | None = None) -> dict[str, Any]:
    """A UserType as ListUsers and AdminCreateUser return it."""
    return {
        "Username": user["Username"],
        "Attributes": user_attributes(user, attribute_names),
        "UserCreateDate": user["UserCreateDate"],
        "UserLastModifiedDate": user["UserLastModifiedDate"],
        "Enabled": user["Enabled"],
        "UserStatus": user["UserStatus"],
    }


def mfa_description(user: dict[str, Any]) -> dict[str, Any]:
    """The UserMFASettingList / PreferredMfaSetting members of AdminGetUser and GetUser."""
    return {"UserMFASettingList": list(user.get("MfaSettings", [])), "PreferredMfaSetting": user.get("PreferredMfa") or ""}


def second_factor(user: dict[str, Any]) -> str | None:
    """The factor sign-in challenges the user with: the preferred one, else any enabled."""
    enabled = user.get("MfaSettings", [])
    if user.get("PreferredMfa") in enabled:
        return user["PreferredMfa"]
    return enabled[0] if enabled else None


def new_id(strategy_variable: str, alphabet: str, length: int, *identity: Any) -> str:
    """A random id or, when the Moto setting strategy_variable is HASH, one derived from identity.

    Moto users set MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY / ..._CLIENT_ID_STRATEGY
    to HASH to get the same id for the same creation arguments across runs.
    """
    if os.environ.get(strategy_variable, "").upper() != "HASH":
        return "".join(secrets.choice(alphabet) for _ in range(length))
    digest = int.from_bytes(hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).digest(), "big")
    chars = []
    for _ in range(length):
        digest, index = divmod(digest, len(alphabet))
        chars.append(alphabet[index])
    return "".join(chars)


def page_token(member: str) -> str:
    """An opaque NextToken naming the last index member returned."""
    return base64.urlsafe_b64encode(member.encode()).decode()


def after_token(token: str | None) -> str | None:
    """The index member a NextToken names (None for the first page)."""
    if token is None:
        return None
    try:
        return base64.urlsafe_b64decode(token.encode()).decode()
    except ValueError:
        raise invalid_parameter("Invalid pagination token.") from None


def page(reader: Reads, index: str, token: str | None, limit: int, stop: str | None = None, start: str | None = None):
    """(members, next_token) of one page of a lex index, resuming after the token's member."""
    after = after_token(token)
    members = reader.lex_range(
        index,
        after if after is not None else start,
        stop,
        start_inclusive=after is None,
        limit=limit + 1,
    )
    if len(members) > limit:
        return members[:limit], page_token(members[limit - 1])
    return members, None


def append_in_order(txn: Txn, index: str, member: str) -> None:
    """Add a member after the index's last one, for lists AWS returns in creation order."""
    last = txn.score_range(index, reverse=True, limit=1)
    txn.score_add(index, {member: last[0][1] + 1 if last else 1})


def ordered_page(reader: Reads, index: str, token: str | None, limit: int):
    """(members, next_token) of one page of a creation-ordered score index; the token names the last score."""
    after = after_token(token)
    try:
        first = int(after) + 1 if after is not None else 1
    except ValueError:
        raise invalid_parameter("Invalid pagination token.") from None
    pairs = reader.score_range(index, first, limit=limit + 1)
    if len(pairs) > limit:
        return [m for m, _ in pairs[:limit]], page_token(str(int(pairs[limit - 1][1])))
    return [m for m, _ in pairs], None
