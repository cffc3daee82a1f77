"""Cognito's errors, with the messages AWS answers them with."""

from __future__ import annotations

from moto_shared.errors import AWSError


def invalid_parameter(message: str) -> AWSError:
    return AWSError("InvalidParameterException", message)


def not_authorized(message: str) -> AWSError:
    return AWSError("NotAuthorizedException", message)


def incorrect_credentials() -> AWSError:
    """Wrong password, or an unknown user when the client hides user existence."""
    return not_authorized("Incorrect username or password.")


def pool_not_found(pool_id: str) -> AWSError:
    return AWSError("ResourceNotFoundException", f"User pool {pool_id} does not exist.")


def client_not_found(client_id: str) -> AWSError:
    return AWSError("ResourceNotFoundException", f"User pool client {client_id} does not exist.")


def group_not_found() -> AWSError:
    return AWSError("ResourceNotFoundException", "Group not found.")


def user_not_found() -> AWSError:
    return AWSError("UserNotFoundException", "User does not exist.")


def username_exists(message: str = "User account already exists.") -> AWSError:
    return AWSError("UsernameExistsException", message)


def invalid_password(reason: str) -> AWSError:
    return AWSError("InvalidPasswordException", f"Password did not conform with policy: {reason}")


def code_mismatch() -> AWSError:
    return AWSError("CodeMismatchException", "Invalid verification code provided, please try again.")


def expired_code() -> AWSError:
    return AWSError("ExpiredCodeException", "Invalid code provided, please request a code again.")


def invalid_session() -> AWSError:
    return not_authorized("Invalid session for the user, session is expired.")
