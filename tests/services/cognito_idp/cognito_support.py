"""Helpers shared by the Cognito tests (a module with a unique name, so spawn children can import it too)."""

from __future__ import annotations

import base64
import hashlib
import hmac

import boto3

REGION = "us-east-1"
PASSWORD = "Correct-horse1"
ALL_FLOWS = [
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
]


def secret_hash(secret: str, username: str, client_id: str) -> str:
    """SECRET_HASH as a Cognito client computes it (written here independently of the service)."""
    return base64.b64encode(hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()).decode()


def make_user(idp, pool_id: str, username: str = "alice", password: str = PASSWORD, **attributes: str) -> str:
    """A CONFIRMED user with a permanent password and the given attributes."""
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=username,
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": k.replace("__", ":"), "Value": v} for k, v in attributes.items()],
    )
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password, Permanent=True)
    return username


def sign_in(idp, client_id: str, username: str = "alice", password: str = PASSWORD) -> dict:
    return idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": username, "PASSWORD": password}
    )["AuthenticationResult"]


def error_of(excinfo) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]


def create_users(pool_id: str, usernames: list[str]) -> int:
    """Run in threads and child processes: the mock they inherit decides where the users go."""
    idp = boto3.client("cognito-idp", region_name=REGION)
    for username in usernames:
        idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
    return len(usernames)


def create_users_into(results, pool_id: str, usernames: list[str]) -> None:
    """multiprocessing.Process target: report the count (or the error) through a queue."""
    try:
        results.put(("ok", create_users(pool_id, usernames)))
    except Exception as exc:  # reported to the parent, which asserts on it
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def race_to_create(results, barrier, pool_id: str, username: str) -> None:
    """One contender: wait for the others, then create the same user; report the outcome."""
    idp = boto3.client("cognito-idp", region_name=REGION)
    barrier.wait(timeout=60)
    try:
        idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
        results.put("created")
    except Exception as exc:
        results.put(getattr(exc, "response", {}).get("Error", {}).get("Code", repr(exc)))
