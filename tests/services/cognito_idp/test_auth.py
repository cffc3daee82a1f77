"""Sign-in flows, challenges, tokens checked by an independent JWT library, and sign-out."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import jwt
import pytest
import requests
from botocore.exceptions import ClientError
from cognito_support import ALL_FLOWS, PASSWORD, REGION, error_of, make_user, secret_hash, sign_in
from freezegun import freeze_time
from pycognito.aws_srp import AWSSRP


def verified_claims(pool_id: str, token: str, **options) -> dict:
    """Check a token against the pool's published JWKS, fetched over HTTP as an application does."""
    keys = requests.get(f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}/.well-known/jwks.json").json()["keys"]
    kid = jwt.get_unverified_header(token)["kid"]
    key = jwt.PyJWK(next(k for k in keys if k["kid"] == kid))
    return jwt.decode(token, key, algorithms=["RS256"], issuer=f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}", **options)


def test_tokens_verify_with_the_published_jwks(idp, pool_id, client_id):
    make_user(idp, pool_id, email="alice@example.com", email_verified="true")

    tokens = sign_in(idp, client_id)

    id_claims = verified_claims(pool_id, tokens["IdToken"], audience=client_id)
    access_claims = verified_claims(pool_id, tokens["AccessToken"], options={"verify_aud": False})
    assert tokens["TokenType"] == "Bearer"
    assert tokens["ExpiresIn"] == 3600
    assert id_claims["token_use"] == "id"
    assert id_claims["cognito:username"] == "alice"
    assert id_claims["email"] == "alice@example.com"
    assert id_claims["email_verified"] is True
    assert id_claims["exp"] - id_claims["iat"] == 3600
    assert access_claims["token_use"] == "access"
    assert access_claims["client_id"] == client_id
    assert access_claims["username"] == "alice"
    assert access_claims["scope"] == "aws.cognito.signin.user.admin"
    assert access_claims["sub"] == id_claims["sub"]
    assert access_claims["origin_jti"] == id_claims["origin_jti"]
    assert access_claims["jti"] != id_claims["jti"]


def test_openid_configuration_points_at_the_jwks(idp, pool_id):
    document = requests.get(f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}/.well-known/openid-configuration").json()
    assert document["issuer"] == f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}"
    assert document["jwks_uri"].endswith(f"/{pool_id}/.well-known/jwks.json")


def test_client_token_validity_is_honoured(idp, pool_id):
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="short",
        ExplicitAuthFlows=ALL_FLOWS,
        AccessTokenValidity=15,
        IdTokenValidity=2,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "hours"},
    )["UserPoolClient"]["ClientId"]
    make_user(idp, pool_id)

    tokens = sign_in(idp, client_id)

    access = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})
    identity = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    assert tokens["ExpiresIn"] == 900
    assert access["exp"] - access["iat"] == 900
    assert identity["exp"] - identity["iat"] == 7200


def test_wrong_password_and_unknown_user(idp, pool_id, client_id):
    make_user(idp, pool_id)
    with pytest.raises(ClientError) as wrong:
        sign_in(idp, client_id, password="Wrong-pass1")
    with pytest.raises(ClientError) as unknown:
        sign_in(idp, client_id, username="nobody")
    assert error_of(wrong) == ("NotAuthorizedException", "Incorrect username or password.")
    assert error_of(unknown) == ("UserNotFoundException", "User does not exist.")


def test_prevent_user_existence_errors_hides_unknown_users(idp, pool_id):
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="c", ExplicitAuthFlows=ALL_FLOWS, PreventUserExistenceErrors="ENABLED"
    )["UserPoolClient"]["ClientId"]
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id, username="nobody")
    assert error_of(excinfo) == ("NotAuthorizedException", "Incorrect username or password.")


def test_admin_initiate_auth(idp, pool_id, client_id):
    make_user(idp, pool_id)
    for flow in ("ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"):
        result = idp.admin_initiate_auth(
            UserPoolId=pool_id, ClientId=client_id, AuthFlow=flow, AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD}
        )
        assert "RefreshToken" in result["AuthenticationResult"]
    with pytest.raises(ClientError) as excinfo:
        idp.initiate_auth(
            ClientId=client_id, AuthFlow="ADMIN_NO_SRP_AUTH", AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD}
        )
    assert error_of(excinfo) == ("InvalidParameterException", "Initiate Auth method not supported")


def create_newbie(idp, pool_id):
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username="newbie",
        TemporaryPassword="Temp-pass1",
        UserAttributes=[{"Name": "email", "Value": "newbie@example.com"}],
    )


def new_password_challenge(idp, pool_id, client_id):
    create_newbie(idp, pool_id)
    return idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "newbie", "PASSWORD": "Temp-pass1"}
    )


def test_new_password_required_challenge(idp, pool_id, client_id):
    challenge = new_password_challenge(idp, pool_id, client_id)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert challenge["ChallengeParameters"]["USER_ID_FOR_SRP"] == "newbie"
    assert json.loads(challenge["ChallengeParameters"]["userAttributes"]) == {"email": "newbie@example.com"}

    with pytest.raises(ClientError) as weak:
        idp.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": "newbie", "NEW_PASSWORD": "weak"},
        )
    assert error_of(weak)[0] == "InvalidPasswordException"

    result = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "newbie", "NEW_PASSWORD": "Final-pass1", "userAttributes.given_name": "New"},
    )
    assert "AccessToken" in result["AuthenticationResult"]
    user = idp.admin_get_user(UserPoolId=pool_id, Username="newbie")
    assert user["UserStatus"] == "CONFIRMED"
    assert {a["Name"]: a["Value"] for a in user["UserAttributes"]}["given_name"] == "New"

    with pytest.raises(ClientError) as reused:
        idp.respond_to_auth_challenge(
            ClientId=client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": "newbie", "NEW_PASSWORD": "Other-pass1"},
        )
    assert error_of(reused)[0] == "NotAuthorizedException"


def test_admin_respond_to_auth_challenge(idp, pool_id, client_id):
    create_newbie(idp, pool_id)
    challenge = idp.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "newbie", "PASSWORD": "Temp-pass1"},
    )
    result = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool_id,
        ClientId=client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "newbie", "NEW_PASSWORD": "Final-pass1"},
    )
    assert "IdToken" in result["AuthenticationResult"]


def test_challenge_started_here_is_answered_by_another_process(idp, pool_id, client_id):
    """The Session lives in the store: a plain `python` subprocess finishes the flow."""
    challenge = new_password_challenge(idp, pool_id, client_id)
    script = (
        "import boto3, sys\n"
        f"c = boto3.client('cognito-idp', region_name='{REGION}')\n"
        "r = c.respond_to_auth_challenge(ClientId=sys.argv[1], ChallengeName='NEW_PASSWORD_REQUIRED',"
        " Session=sys.argv[2], ChallengeResponses={'USERNAME': 'newbie', 'NEW_PASSWORD': 'Final-pass1'})\n"
        "print(sorted(r['AuthenticationResult']))\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", script, client_id, challenge["Session"]], capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 0, child.stderr
    assert "AccessToken" in child.stdout
    assert idp.admin_get_user(UserPoolId=pool_id, Username="newbie")["UserStatus"] == "CONFIRMED"


def test_expired_temporary_password(idp, pool_id, client_id):
    with freeze_time(datetime.now(timezone.utc) - timedelta(days=8)):
        idp.admin_create_user(UserPoolId=pool_id, Username="late", TemporaryPassword="Temp-pass1")
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, client_id, "late", "Temp-pass1")
    assert error_of(excinfo) == (
        "NotAuthorizedException",
        "Temporary password has expired and must be reset by an administrator.",
    )


def test_srp_login_with_an_independent_client(idp, pool_id, client_id):
    make_user(idp, pool_id)

    tokens = AWSSRP(username="alice", password=PASSWORD, pool_id=pool_id, client_id=client_id, client=idp).authenticate_user()

    claims = verified_claims(pool_id, tokens["AuthenticationResult"]["IdToken"], audience=client_id)
    assert claims["cognito:username"] == "alice"


def test_srp_login_with_client_secret(idp, pool_id):
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="secret", GenerateSecret=True, ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"]
    )["UserPoolClient"]
    make_user(idp, pool_id)
    srp = AWSSRP(
        username="alice", password=PASSWORD, pool_id=pool_id, client_id=client["ClientId"],
        client=idp, client_secret=client["ClientSecret"],
    )
    assert "AccessToken" in srp.authenticate_user()["AuthenticationResult"]


def test_srp_wrong_password(idp, pool_id, client_id):
    make_user(idp, pool_id)
    srp = AWSSRP(username="alice", password="Wrong-pass1", pool_id=pool_id, client_id=client_id, client=idp)
    with pytest.raises(ClientError) as excinfo:
        srp.authenticate_user()
    assert error_of(excinfo) == ("NotAuthorizedException", "Incorrect username or password.")


def test_srp_unknown_user(idp, pool_id, client_id):
    srp = AWSSRP(username="nobody", password=PASSWORD, pool_id=pool_id, client_id=client_id, client=idp)
    with pytest.raises(ClientError) as excinfo:
        srp.authenticate_user()
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.")


def test_srp_user_with_temporary_password_gets_new_password_challenge(idp, pool_id, client_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="newbie", TemporaryPassword="Temp-pass1")
    srp = AWSSRP(username="newbie", password="Temp-pass1", pool_id=pool_id, client_id=client_id, client=idp)
    parameters = srp.get_auth_params()
    challenge = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=parameters)
    result = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.process_challenge(challenge["ChallengeParameters"], parameters),
    )
    assert result["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert result["Session"]


def test_refresh_token_flow(idp, pool_id, client_id):
    make_user(idp, pool_id)
    first = sign_in(idp, client_id)

    for flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        refreshed = idp.initiate_auth(
            ClientId=client_id, AuthFlow=flow, AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]}
        )["AuthenticationResult"]
        assert "RefreshToken" not in refreshed
        claims = verified_claims(pool_id, refreshed["AccessToken"], options={"verify_aud": False})
        assert claims["origin_jti"] == jwt.decode(first["AccessToken"], options={"verify_signature": False})["origin_jti"]

    with pytest.raises(ClientError) as invalid:
        idp.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": "garbage"})
    assert error_of(invalid) == ("NotAuthorizedException", "Invalid Refresh Token")


def test_refresh_with_client_secret(idp, pool_id):
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="s", GenerateSecret=True, ExplicitAuthFlows=ALL_FLOWS
    )["UserPoolClient"]
    client_id, secret = client["ClientId"], client["ClientSecret"]
    make_user(idp, pool_id)
    tokens = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD, "SECRET_HASH": secret_hash(secret, "alice", client_id)},
    )["AuthenticationResult"]
    refreshed = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"], "SECRET_HASH": secret_hash(secret, "alice", client_id)},
    )
    assert "AccessToken" in refreshed["AuthenticationResult"]


def test_global_sign_out_revokes_access_and_refresh_tokens(idp, pool_id, client_id):
    make_user(idp, pool_id)
    tokens = sign_in(idp, client_id)
    other_session = sign_in(idp, client_id)

    idp.global_sign_out(AccessToken=tokens["AccessToken"])

    for access_token in (tokens["AccessToken"], other_session["AccessToken"]):
        with pytest.raises(ClientError) as excinfo:
            idp.get_user(AccessToken=access_token)
        assert error_of(excinfo) == ("NotAuthorizedException", "Access Token has been revoked")
    with pytest.raises(ClientError) as refresh:
        idp.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    assert error_of(refresh) == ("NotAuthorizedException", "Refresh Token has been revoked")
    assert idp.get_user(AccessToken=sign_in(idp, client_id)["AccessToken"])["Username"] == "alice"


def test_admin_user_global_sign_out(idp, pool_id, client_id):
    make_user(idp, pool_id)
    tokens = sign_in(idp, client_id)
    idp.admin_user_global_sign_out(UserPoolId=pool_id, Username="alice")
    with pytest.raises(ClientError) as excinfo:
        idp.get_user(AccessToken=tokens["AccessToken"])
    assert error_of(excinfo) == ("NotAuthorizedException", "Access Token has been revoked")


def test_revoke_token_revokes_one_sign_in(idp, pool_id, client_id):
    make_user(idp, pool_id)
    revoked, kept = sign_in(idp, client_id), sign_in(idp, client_id)

    idp.revoke_token(Token=revoked["RefreshToken"], ClientId=client_id)

    with pytest.raises(ClientError) as excinfo:
        idp.get_user(AccessToken=revoked["AccessToken"])
    assert error_of(excinfo) == ("NotAuthorizedException", "Access Token has been revoked")
    assert idp.get_user(AccessToken=kept["AccessToken"])["Username"] == "alice"
    with pytest.raises(ClientError) as access_token:
        idp.revoke_token(Token=kept["AccessToken"], ClientId=client_id)
    assert error_of(access_token)[0] == "UnsupportedTokenTypeException"


def test_expired_access_token(idp, pool_id, client_id):
    make_user(idp, pool_id)
    with freeze_time(datetime.now(timezone.utc) - timedelta(hours=2)):
        token = sign_in(idp, client_id)["AccessToken"]
    with pytest.raises(ClientError) as excinfo:
        idp.get_user(AccessToken=token)
    assert error_of(excinfo) == ("NotAuthorizedException", "Access Token has expired")


def test_forged_and_malformed_access_tokens(idp, pool_id, client_id):
    make_user(idp, pool_id)
    token = sign_in(idp, client_id)["AccessToken"]
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    forged_payload = jwt.utils.base64url_encode(json.dumps({**claims, "username": "mallory"}).encode()).decode()

    for bad in (f"{header}.{forged_payload}.{signature}", "not-a-token"):
        with pytest.raises(ClientError) as excinfo:
            idp.get_user(AccessToken=bad)
        assert error_of(excinfo) == ("NotAuthorizedException", "Invalid Access Token")


def test_unemulated_flow_is_not_implemented(idp, pool_id, client_id):
    with pytest.raises(ClientError) as excinfo:
        idp.initiate_auth(ClientId=client_id, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "alice"})
    assert error_of(excinfo)[0] == "NotImplemented"


def test_full_sign_in_cycle_on_every_store(aws, shared_idp_client):
    """Sign-in, refresh and sign-out write several records and indexes per call: check each store."""
    idp = shared_idp_client
    pool_id = idp.create_user_pool(PoolName="stores")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c", ExplicitAuthFlows=ALL_FLOWS)[
        "UserPoolClient"
    ]["ClientId"]
    make_user(idp, pool_id)

    srp_tokens = AWSSRP(username="alice", password=PASSWORD, pool_id=pool_id, client_id=client_id, client=idp).authenticate_user()
    tokens = srp_tokens["AuthenticationResult"]
    refreshed = idp.initiate_auth(
        ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]}
    )["AuthenticationResult"]
    assert idp.get_user(AccessToken=refreshed["AccessToken"])["Username"] == "alice"

    idp.global_sign_out(AccessToken=refreshed["AccessToken"])
    with pytest.raises(ClientError) as excinfo:
        idp.get_user(AccessToken=tokens["AccessToken"])
    assert error_of(excinfo) == ("NotAuthorizedException", "Access Token has been revoked")
