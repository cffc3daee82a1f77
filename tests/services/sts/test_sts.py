"""STS: identities, temporary credentials, and the account they act in."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timezone

import boto3
import pytest
from botocore.exceptions import ClientError

from moto_shared import mock_aws

REGION = "us-east-1"


@pytest.fixture
def sts(aws):
    return boto3.client("sts", region_name=REGION)


def test_get_caller_identity_for_long_term_credentials(sts):
    identity = sts.get_caller_identity()
    assert identity["Account"] == "123456789012"
    assert identity["Arn"] == "arn:aws:sts::123456789012:user/moto"
    assert identity["UserId"] == "AKIAIOSFODNN7EXAMPLE"


def test_assume_role_returns_temporary_credentials(sts):
    before = datetime.now(timezone.utc)
    response = sts.assume_role(
        RoleArn="arn:aws:iam::210987654321:role/path/to/admin", RoleSessionName="session-1", DurationSeconds=900
    )
    credentials = response["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA") and len(credentials["AccessKeyId"]) == 20
    assert len(credentials["SecretAccessKey"]) == 40
    assert 899 <= (credentials["Expiration"] - before).total_seconds() <= 902
    user = response["AssumedRoleUser"]
    assert user["Arn"] == "arn:aws:sts::210987654321:assumed-role/admin/session-1"
    assert user["AssumedRoleId"].startswith("AROA") and user["AssumedRoleId"].endswith(":session-1")


def test_assumed_identity_is_seen_by_get_caller_identity(sts):
    credentials = sts.assume_role(RoleArn="arn:aws:iam::210987654321:role/reader", RoleSessionName="s1")[
        "Credentials"
    ]
    assumed = boto3.client(
        "sts",
        region_name=REGION,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    assert assumed.get_caller_identity()["Arn"] == "arn:aws:sts::210987654321:assumed-role/reader/s1"


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"RoleSessionName": "has space"}, "roleSessionName"),
        ({"RoleSessionName": "ok-name", "DurationSeconds": 43201}, "durationSeconds"),
    ],
)
def test_assume_role_validation(sts, kwargs, fragment):
    with pytest.raises(ClientError) as caught:
        sts.assume_role(RoleArn="arn:aws:iam::210987654321:role/r", **kwargs)
    error = caught.value.response["Error"]
    assert error["Code"] == "ValidationError"
    assert fragment in error["Message"]
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_assume_role_with_web_identity_reads_the_token(sts):
    claims = {"sub": "user-42", "aud": "my-client", "iss": "https://issuer.example.com"}
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    token = f"eyJhbGciOiJub25lIn0.{payload}.sig"
    response = sts.assume_role_with_web_identity(
        RoleArn="arn:aws:iam::210987654321:role/web", RoleSessionName="web", WebIdentityToken=token
    )
    assert response["SubjectFromWebIdentityToken"] == "user-42"
    assert response["Audience"] == "my-client"
    assert response["Provider"] == "https://issuer.example.com"
    assert response["AssumedRoleUser"]["Arn"].endswith(":assumed-role/web/web")


def test_get_session_token_keeps_the_callers_identity(sts):
    credentials = sts.get_session_token(DurationSeconds=1800)["Credentials"]
    session_client = boto3.client(
        "sts",
        region_name=REGION,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    assert session_client.get_caller_identity()["Arn"] == "arn:aws:sts::123456789012:user/moto"


def test_credentials_issued_in_one_mock_are_honoured_by_another_process_view(shared_store_url):
    """Keys live in the store: a second, independent activation on the namespace resolves them."""
    namespace = "sts-shared-keys"
    with mock_aws(store=shared_store_url, namespace=namespace):
        credentials = boto3.client("sts", region_name=REGION).assume_role(
            RoleArn="arn:aws:iam::210987654321:role/r", RoleSessionName="s1"
        )["Credentials"]
    try:
        from moto_shared.core.accounts import identity_of
        from moto_shared.store import open_store

        identity = identity_of(open_store(shared_store_url).namespace(namespace), credentials["AccessKeyId"])
        assert identity["account_id"] == "210987654321"
    finally:
        from moto_shared import wipe_namespace

        wipe_namespace(namespace, store=shared_store_url)


def test_query_protocol_over_requests(aws):
    import requests

    response = requests.post(
        "https://sts.amazonaws.com/",
        data={"Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": "arn:aws:iam::1:role/bad", "RoleSessionName": "s"},
        timeout=5,
    )
    assert response.status_code == 400
    assert "<Code>ValidationError</Code>" in response.text


SAML_RESPONSE = """<?xml version="1.0"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">
  <saml:Issuer>https://idp.example.com/</saml:Issuer>
  <saml:Assertion>
    <saml:Issuer>https://idp.example.com/</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">user-7</saml:NameID>
      <saml:SubjectConfirmation><saml:SubjectConfirmationData Recipient="https://signin.aws.amazon.com/saml"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:AttributeStatement>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration">
        <saml:AttributeValue>900</saml:AttributeValue>
      </saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">
        <saml:AttributeValue>alice</saml:AttributeValue>
      </saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>"""


def test_assume_role_with_saml_reads_the_assertion(sts):
    before = datetime.now(timezone.utc)
    response = sts.assume_role_with_saml(
        RoleArn="arn:aws:iam::210987654321:role/federated",
        PrincipalArn="arn:aws:iam::210987654321:saml-provider/corp",
        SAMLAssertion=base64.b64encode(SAML_RESPONSE.encode()).decode(),
    )
    assert response["AssumedRoleUser"]["Arn"] == "arn:aws:sts::210987654321:assumed-role/federated/alice"
    assert 899 <= (response["Credentials"]["Expiration"] - before).total_seconds() <= 902
    assert (response["Subject"], response["SubjectType"]) == ("user-7", "persistent")
    assert response["Issuer"] == "https://idp.example.com/"
    assert response["Audience"] == "https://signin.aws.amazon.com/saml"
    qualifier = hashlib.sha1(b"https://idp.example.com/210987654321/corp").digest()
    assert response["NameQualifier"] == base64.b64encode(qualifier).decode()


def test_assume_role_with_saml_rejects_what_is_not_saml(sts):
    with pytest.raises(ClientError) as caught:
        sts.assume_role_with_saml(
            RoleArn="arn:aws:iam::210987654321:role/federated",
            PrincipalArn="arn:aws:iam::210987654321:saml-provider/corp",
            SAMLAssertion=base64.b64encode(b"<html/>").decode(),
        )
    assert caught.value.response["Error"]["Code"] == "InvalidIdentityToken"


def test_get_federation_token(sts):
    response = sts.get_federation_token(Name="Bob", DurationSeconds=900)
    assert response["FederatedUser"] == {
        "FederatedUserId": "123456789012:Bob",
        "Arn": "arn:aws:sts::123456789012:federated-user/Bob",
    }
    assert response["Credentials"]["AccessKeyId"].startswith("ASIA")
    assert len(response["Credentials"]["SessionToken"]) == 356


def test_get_federation_token_limits_the_policy_length(sts):
    with pytest.raises(ClientError) as caught:
        sts.get_federation_token(Name="Bob", Policy=json.dumps({"Statement": [], "Pad": "x" * 2048}))
    error = caught.value.response["Error"]
    assert error["Code"] == "ValidationError" and "2048" in error["Message"]


def test_get_access_key_info(sts):
    credentials = sts.assume_role(RoleArn="arn:aws:iam::210987654321:role/r", RoleSessionName="s1")["Credentials"]
    assert sts.get_access_key_info(AccessKeyId=credentials["AccessKeyId"])["Account"] == "210987654321"
    assert sts.get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")["Account"] == "123456789012"
