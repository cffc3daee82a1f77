"""Reading a SAML 2.0 response the way AssumeRoleWithSAML needs it.

The mock trusts every identity provider, so the signature is not checked:
only the subject, the issuer and AWS's own attributes (session name and
duration) are read. Elements are matched by local name, so any namespace
prefix (or none) works, as it does for AWS.
"""

from __future__ import annotations

import base64
import binascii
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from moto_shared.errors import AWSError

AWS_ATTRIBUTE_PREFIX = "https://aws.amazon.com/SAML/Attributes/"
NAME_ID_FORMAT_PREFIX = "urn:oasis:names:tc:SAML:2.0:nameid-format:"
#: Where IdPs post SAML responses for AWS, and so the usual audience.
SIGN_IN_URL = "https://signin.aws.amazon.com/saml"


@dataclass(frozen=True)
class SamlAssertion:
    issuer: str
    audience: str
    subject: str
    subject_type: str
    session_name: str | None
    session_duration: int | None


def invalid_assertion(reason: str) -> AWSError:
    return AWSError("InvalidIdentityToken", f"Invalid SAML assertion: {reason}")


def parse_assertion(encoded: str) -> SamlAssertion:
    """The parts of a base64-encoded SAML response that STS uses; InvalidIdentityToken if unreadable."""
    try:
        root = ElementTree.fromstring(base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError, ElementTree.ParseError):
        raise invalid_assertion("not a base64-encoded XML document") from None
    assertion = _first(root, "Assertion") if _local_name(root.tag) != "Assertion" else root
    if assertion is None:
        raise invalid_assertion("no Assertion element")
    issuer = _first(assertion, "Issuer")
    if issuer is None:
        issuer = _first(root, "Issuer")
    name_id = _first(assertion, "NameID")
    if name_id is None:
        raise invalid_assertion("no Subject NameID")
    attributes = _aws_attributes(assertion)
    duration = attributes.get("SessionDuration")
    name_format = name_id.get("Format", "")
    confirmation = _first(assertion, "SubjectConfirmationData")
    return SamlAssertion(
        issuer=(issuer.text or "").strip() if issuer is not None else "",
        audience=confirmation.get("Recipient", SIGN_IN_URL) if confirmation is not None else SIGN_IN_URL,
        subject=(name_id.text or "").strip(),
        subject_type=name_format.removeprefix(NAME_ID_FORMAT_PREFIX) if name_format else "transient",
        session_name=attributes.get("RoleSessionName"),
        session_duration=int(duration) if duration and duration.isdigit() else None,
    )


def _aws_attributes(assertion: ElementTree.Element) -> dict[str, str]:
    """First value of each https://aws.amazon.com/SAML/Attributes/* attribute, by its short name."""
    values = {}
    for element in assertion.iter():
        name = element.get("Name", "")
        if _local_name(element.tag) != "Attribute" or not name.startswith(AWS_ATTRIBUTE_PREFIX):
            continue
        value = _first(element, "AttributeValue")
        if value is not None and value.text:
            values[name.removeprefix(AWS_ATTRIBUTE_PREFIX)] = value.text.strip()
    return values


def _first(element: ElementTree.Element, local_name: str) -> ElementTree.Element | None:
    return next((child for child in element.iter() if _local_name(child.tag) == local_name), None)


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
