"""User pools: create/describe/update/delete/list, MFA configuration and domains."""

from __future__ import annotations

import hashlib
import secrets
import string
from typing import Any

from moto_shared.context import RequestContext
from moto_shared.services.cognito_idp import records
from moto_shared.services.cognito_idp.identity_providers import delete_pool_federation
from moto_shared.services.cognito_idp.attributes import add_schema_attribute, build_schema
from moto_shared.services.cognito_idp.exceptions import invalid_parameter
from moto_shared.services.cognito_idp.passwords import DEFAULT_POLICY
from moto_shared.store.base import Txn

ALPHANUMERIC = string.ascii_letters + string.digits
#: UpdateUserPool members that fall back to their default when an update leaves them out, as AWS does.
UPDATABLE = (
    "Policies", "DeletionProtection", "LambdaConfig", "AutoVerifiedAttributes", "SmsVerificationMessage",
    "EmailVerificationMessage", "EmailVerificationSubject", "VerificationMessageTemplate",
    "SmsAuthenticationMessage", "UserAttributeUpdateSettings", "MfaConfiguration", "DeviceConfiguration",
    "EmailConfiguration", "SmsConfiguration", "UserPoolTags", "AdminCreateUserConfig", "UserPoolAddOns",
    "AccountRecoverySetting", "UserPoolTier",
)
#: CreateUserPool members stored as given (the rest are computed or defaulted).
STORED_AS_GIVEN = UPDATABLE + ("AliasAttributes", "UsernameAttributes", "UsernameConfiguration")
DEFAULTS: dict[str, Any] = {
    "Policies": {"PasswordPolicy": DEFAULT_POLICY, "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD"]}},
    "DeletionProtection": "INACTIVE",
    "LambdaConfig": {},
    "MfaConfiguration": "OFF",
    "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": False, "UnusedAccountValidityDays": 7},
    "UserPoolTier": "ESSENTIALS",
}
SIGN_IN_ATTRIBUTES = {"AliasAttributes": ("phone_number", "email", "preferred_username"),
                      "UsernameAttributes": ("phone_number", "email")}


#: VerificationMessageTemplate member -> the legacy pool member AWS keeps in step with it.
TEMPLATE_MIRRORS = {
    "SmsMessage": "SmsVerificationMessage",
    "EmailMessage": "EmailVerificationMessage",
    "EmailSubject": "EmailVerificationSubject",
}


def _configuration(options: dict[str, Any]) -> dict[str, Any]:
    """Given members over their defaults; a partial PasswordPolicy is completed with defaults."""
    config = {**DEFAULTS, **{k: v for k, v in options.items() if k in STORED_AS_GIVEN}}
    template = options.get("VerificationMessageTemplate", {})
    config.update({legacy: template[member] for member, legacy in TEMPLATE_MIRRORS.items() if member in template})
    if "Policies" in options:
        policies = options["Policies"]
        config["Policies"] = {
            **DEFAULTS["Policies"],
            **policies,
            "PasswordPolicy": {**DEFAULT_POLICY, **policies.get("PasswordPolicy", {})},
        }
    return config


def _validate(options: dict[str, Any]) -> None:
    if options.get("AliasAttributes") and options.get("UsernameAttributes"):
        raise invalid_parameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")
    for member, allowed in SIGN_IN_ATTRIBUTES.items():
        for value in options.get(member, []):
            if value not in allowed:
                raise invalid_parameter(f"{member} must be a subset of {list(allowed)}; got {value}.")
    policy = options.get("Policies", {}).get("PasswordPolicy", {})
    if not 6 <= policy.get("MinimumLength", 8) <= 99:
        raise invalid_parameter("Password policy minimum length must be between 6 and 99.")


def pool_type(reader, ctx: RequestContext, pool: dict[str, Any]) -> dict[str, Any]:
    """The UserPoolType DescribeUserPool answers."""
    described = {k: v for k, v in pool.items() if k not in ("Schema", "MfaConfig")}
    described["SchemaAttributes"] = list(pool["Schema"].values())
    described["EstimatedNumberOfUsers"] = reader.index_size(ctx.key("pool-users", pool["Id"]))
    return described


def create_user_pool(ctx: RequestContext, PoolName: str, **options: Any) -> dict[str, Any]:
    _validate(options)
    pool_id = f"{ctx.region}_{records.new_id('MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY', ALPHANUMERIC, 9, PoolName, options)}"
    now = ctx.now()
    pool = {
        "Id": pool_id,
        "Name": PoolName,
        "Arn": f"arn:{ctx.partition}:cognito-idp:{ctx.region}:{ctx.account_id}:userpool/{pool_id}",
        "CreationDate": now,
        "LastModifiedDate": now,
        "Schema": build_schema(options.get("Schema")),
        **_configuration(options),
    }

    def create(txn: Txn) -> None:
        txn.put(ctx.key("pool", pool_id), pool)
        txn.lex_add(ctx.key("pools"), pool_id)

    ctx.store.transact(create)
    return {"UserPool": {**pool_type(ctx.store, ctx, pool), "EstimatedNumberOfUsers": 0}}


def describe_user_pool(ctx: RequestContext, UserPoolId: str) -> dict[str, Any]:
    return {"UserPool": pool_type(ctx.store, ctx, records.load_pool(ctx.store, ctx, UserPoolId))}


def update_user_pool(ctx: RequestContext, UserPoolId: str, **options: Any) -> dict[str, Any]:
    _validate(options)
    updated = {k: v for k, v in _configuration(options).items() if k in UPDATABLE}

    def update(txn: Txn) -> None:
        pool = records.load_pool(txn, ctx, UserPoolId)
        kept = {k: v for k, v in pool.items() if k not in UPDATABLE}
        name = {"Name": options["PoolName"]} if "PoolName" in options else {}
        txn.put(ctx.key("pool", UserPoolId), {**kept, **updated, **name, "LastModifiedDate": ctx.now()})

    ctx.store.transact(update)
    return {}


def delete_user_pool(ctx: RequestContext, UserPoolId: str) -> dict[str, Any]:
    """Delete the pool with every user, client, group, domain and key it owns, atomically."""

    def delete(txn: Txn) -> None:
        pool = records.load_pool(txn, ctx, UserPoolId)
        if pool["DeletionProtection"] == "ACTIVE":
            raise invalid_parameter(
                "The user pool cannot be deleted because deletion protection is activated. "
                "Deletion protection must be inactivated first."
            )
        user_keys = txn.lex_range(ctx.key("pool-users", UserPoolId))
        users = txn.get_many([records.user_record_key(ctx, UserPoolId, k) for k in user_keys])
        for user_key, user in zip(user_keys, users):
            records.delete_user(txn, ctx, UserPoolId, user_key, user)
        client_ids = txn.lex_range(ctx.key("pool-clients", UserPoolId))
        groups = txn.lex_range(ctx.key("pool-groups", UserPoolId))
        txn.delete(
            *[ctx.key("client", c) for c in client_ids],
            *[ctx.key("group", UserPoolId, g) for g in groups],
            ctx.key("pool", UserPoolId),
            ctx.key("signing-key", UserPoolId),
        )
        if "Domain" in pool:
            txn.delete(ctx.key("domain", pool["Domain"]))
        txn.drop_index(
            ctx.key("pool-users", UserPoolId),
            ctx.key("pool-clients", UserPoolId),
            ctx.key("pool-groups", UserPoolId),
            *[ctx.key("group-members", UserPoolId, g) for g in groups],
        )
        delete_pool_federation(txn, ctx, UserPoolId)
        txn.lex_remove(ctx.key("pools"), UserPoolId)

    ctx.store.transact(delete)
    return {}


def list_user_pools(ctx: RequestContext, MaxResults: int, NextToken: str | None = None) -> dict[str, Any]:
    if not 1 <= MaxResults <= 60:
        raise invalid_parameter("MaxResults must be between 1 and 60.")
    pool_ids, next_token = records.page(ctx.store, ctx.key("pools"), NextToken, MaxResults)
    pools = ctx.store.get_many([ctx.key("pool", p) for p in pool_ids])
    summary = ("Id", "Name", "LambdaConfig", "LastModifiedDate", "CreationDate")
    result: dict[str, Any] = {"UserPools": [{k: p[k] for k in summary} for p in pools if p is not None]}
    if next_token:
        result["NextToken"] = next_token
    return result


MFA_MODES = ("ON", "OFF", "OPTIONAL")
MFA_MEMBERS = ("SmsMfaConfiguration", "SoftwareTokenMfaConfiguration", "EmailMfaConfiguration", "WebAuthnConfiguration")


def set_user_pool_mfa_config(ctx: RequestContext, UserPoolId: str, **options: Any) -> dict[str, Any]:
    """Stored and returned as set (members left out are cleared); sign-in challenges follow the users' own settings."""
    mode = options.get("MfaConfiguration")
    if mode is not None and mode not in MFA_MODES:
        raise invalid_parameter("[MfaConfiguration] must be one of 'ON', 'OFF', or 'OPTIONAL'.")
    if mode == "ON" and "SmsMfaConfiguration" not in options and "SoftwareTokenMfaConfiguration" not in options:
        raise invalid_parameter("At least one of [SmsMfaConfiguration] or [SoftwareTokenMfaConfiguration] must be provided.")
    if "SmsMfaConfiguration" in options and "SmsConfiguration" not in options["SmsMfaConfiguration"]:
        raise invalid_parameter("[SmsConfiguration] is a required member of [SoftwareTokenMfaConfiguration].")
    mfa = {k: options[k] for k in MFA_MEMBERS if k in options}

    def update(txn: Txn) -> dict[str, Any]:
        pool = records.load_pool(txn, ctx, UserPoolId)
        mode_now = mode or pool["MfaConfiguration"]
        txn.put(ctx.key("pool", UserPoolId), {**pool, "MfaConfig": mfa, "MfaConfiguration": mode_now})
        return {**mfa, "MfaConfiguration": mode_now}

    return ctx.store.transact(update)


def get_user_pool_mfa_config(ctx: RequestContext, UserPoolId: str) -> dict[str, Any]:
    pool = records.load_pool(ctx.store, ctx, UserPoolId)
    return {**pool.get("MfaConfig", {}), "MfaConfiguration": pool["MfaConfiguration"]}


def _cloudfront_distribution(custom_domain: dict[str, str] | None) -> str:
    """The distribution a domain is served from; a custom domain's is named after its certificate.

    Deriving it from the certificate keeps it the same in every process and
    across UpdateUserPoolDomain calls that keep the certificate.
    """
    if custom_domain and "CertificateArn" in custom_domain:
        return f"{hashlib.md5(custom_domain['CertificateArn'].encode()).hexdigest()[:16]}.cloudfront.net"
    return f"{secrets.token_hex(7)}.cloudfront.net"


def create_user_pool_domain(ctx: RequestContext, Domain: str, UserPoolId: str, **options: Any) -> dict[str, Any]:
    version = options.get("ManagedLoginVersion", 1)
    custom = options.get("CustomDomainConfig")
    description = {
        "UserPoolId": UserPoolId,
        "AWSAccountId": ctx.account_id,
        "Domain": Domain,
        "S3Bucket": "aws-cognito-prod-pdx-assets",
        "CloudFrontDistribution": _cloudfront_distribution(custom),
        "Version": "20130630",
        "Status": "ACTIVE",
        "ManagedLoginVersion": version,
        **({"CustomDomainConfig": custom} if custom else {}),
    }

    def create(txn: Txn) -> None:
        pool = records.load_pool(txn, ctx, UserPoolId)
        if txn.get(ctx.key("domain", Domain)) is not None:
            raise invalid_parameter("Domain already associated with another user pool.")
        if "Domain" in pool:
            raise invalid_parameter(f"User pool {UserPoolId} already has a domain configured.")
        txn.put(ctx.key("domain", Domain), description)
        txn.put(ctx.key("pool", UserPoolId), {**pool, "Domain": Domain})

    ctx.store.transact(create)
    return {"ManagedLoginVersion": version, "CloudFrontDomain": description["CloudFrontDistribution"]}


def describe_user_pool_domain(ctx: RequestContext, Domain: str) -> dict[str, Any]:
    """AWS answers an unknown domain with an empty description, not an error."""
    return {"DomainDescription": ctx.store.get(ctx.key("domain", Domain)) or {}}


def update_user_pool_domain(ctx: RequestContext, Domain: str, UserPoolId: str, **options: Any) -> dict[str, Any]:
    """A new CustomDomainConfig moves the domain to its certificate's distribution; other settings stay."""

    def update(txn: Txn) -> dict[str, Any]:
        pool = records.load_pool(txn, ctx, UserPoolId)
        description = txn.get(ctx.key("domain", Domain))
        if pool.get("Domain") != Domain or description is None:
            raise invalid_parameter("No such domain or user pool exists.")
        custom = options.get("CustomDomainConfig")
        if custom:
            description = {**description, "CustomDomainConfig": custom}
            description["CloudFrontDistribution"] = _cloudfront_distribution(custom)
        if "ManagedLoginVersion" in options:
            description = {**description, "ManagedLoginVersion": options["ManagedLoginVersion"]}
        txn.put(ctx.key("domain", Domain), description)
        return description

    description = ctx.store.transact(update)
    return {"ManagedLoginVersion": description["ManagedLoginVersion"], "CloudFrontDomain": description["CloudFrontDistribution"]}


def delete_user_pool_domain(ctx: RequestContext, Domain: str, UserPoolId: str) -> dict[str, Any]:
    def delete(txn: Txn) -> None:
        pool = records.load_pool(txn, ctx, UserPoolId)
        if pool.get("Domain") != Domain:
            raise invalid_parameter("No such domain or user pool exists.")
        txn.delete(ctx.key("domain", Domain))
        txn.put(ctx.key("pool", UserPoolId), {k: v for k, v in pool.items() if k != "Domain"})

    ctx.store.transact(delete)
    return {}


def add_custom_attributes(ctx: RequestContext, UserPoolId: str, CustomAttributes: list[dict[str, Any]]) -> dict[str, Any]:
    def add(txn: Txn) -> None:
        pool = records.load_pool(txn, ctx, UserPoolId)
        schema = dict(pool["Schema"])
        for attribute in CustomAttributes:
            add_schema_attribute(schema, attribute, standard_allowed=False)
        txn.put(ctx.key("pool", UserPoolId), {**pool, "Schema": schema, "LastModifiedDate": ctx.now()})

    ctx.store.transact(add)
    return {}
