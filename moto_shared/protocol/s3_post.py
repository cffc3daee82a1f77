"""S3's browser-based POST upload, read as a PutObject call (a named quirk).

A browser uploads to a bucket with an HTML form: `POST /` on the bucket's host
(or `POST /<bucket>`), a `multipart/form-data` body whose fields carry the key,
the object's headers and a signed policy, and whose `file` part is the object.
No model describes it (it is S3's "RESTObjectPOST", outside the REST API), so
this module:

* reads the form (field names are case-insensitive; `${filename}` in `key` is
  the file part's name) and checks the policy's expiration and conditions,
  as S3 does, without verifying the signature (we never do);
* turns the fields into PutObject params, so `put_object` stores the object
  (versioning, notifications, bucket-policy denies and object lock apply);
* reshapes the PutObject answer: 204 by default, 200 or 201 (a `PostResponse`
  document) per `success_action_status`, or a 303 to `success_action_redirect`.

Any other POST to a bucket's root with no query is S3's `PreconditionFailed`.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Callable, NamedTuple
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

from botocore.model import OperationModel, ServiceModel

from moto_shared.errors import AWSError
from moto_shared.protocol.http import Headers, HttpResponse

if TYPE_CHECKING:
    from moto_shared.protocol.parsers import WireRequest

#: Form fields copied to a PutObject param as they are.
_PARAM_FIELDS = {
    "acl": "ACL",
    "cache-control": "CacheControl",
    "content-disposition": "ContentDisposition",
    "content-encoding": "ContentEncoding",
    "content-language": "ContentLanguage",
    "content-type": "ContentType",
    "x-amz-server-side-encryption": "ServerSideEncryption",
    "x-amz-server-side-encryption-aws-kms-key-id": "SSEKMSKeyId",
    "x-amz-storage-class": "StorageClass",
    "x-amz-website-redirect-location": "WebsiteRedirectLocation",
}

_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)
_DISPOSITION_PARAM = re.compile(r';\s*([\w*-]+)="([^"]*)"|;\s*([\w*-]+)=([^;\s]+)')
_POST_RESPONSE_STATUSES = {"200": 200, "201": 201, "204": 204}


class BrowserPost(NamedTuple):
    """A browser POST read as a PutObject call, and how to reshape its answer."""

    operation_model: OperationModel
    params: dict[str, Any]
    region: str | None
    access_key_id: str | None
    respond: Callable[[HttpResponse], HttpResponse]


def is_bucket_post(wire: "WireRequest") -> bool:
    """A POST to a bucket's root with no query (`?delete`, `?uploads`... are modelled operations).

    WriteGetObjectResponse (`POST /WriteGetObjectResponse`, routed by its
    `x-amz-request-route` header) is the one modelled POST without a query.
    """
    if wire.query_pairs or "x-amz-request-route" in wire.headers:
        return False
    path = wire.path.strip("/")
    return not path if wire.host_prefix else bool(path) and "/" not in path


def parse_browser_post(wire: "WireRequest", service_model: ServiceModel, scheme: str) -> BrowserPost:
    """Read a POST to a bucket's root; raises AWSError for what S3 would refuse."""
    content_type = wire.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise AWSError("PreconditionFailed", "Bucket POST must be of the enclosure-type multipart/form-data", 412,
                       Condition="Bucket POST must be of the enclosure-type multipart/form-data")
    bucket = wire.host_prefix or wire.path.strip("/")
    fields, original_names, filename, body = _read_form(content_type, wire.body_bytes())
    if "key" not in fields:
        raise AWSError("InvalidArgument", "Bucket POST must contain a field named 'key'.  If it is specified, "
                       "please check the order of the fields.", 400, ArgumentName="key", ArgumentValue="")
    key = fields["key"].replace("${filename}", filename or "")
    if "policy" in fields:
        _check_policy(fields["policy"], {**fields, "bucket": bucket, "key": key}, len(body))
    credential = fields.get("x-amz-credential", "").split("/")
    return BrowserPost(
        operation_model=service_model.operation_model("PutObject"),
        params=_put_object_params(bucket, key, body, fields, original_names),
        region=credential[2] if len(credential) >= 4 else None,
        access_key_id=credential[0] or fields.get("awsaccesskeyid"),
        respond=_responder(wire, scheme, bucket, key, fields),
    )


def _read_form(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, str], str | None, bytes]:
    """(fields by lower-cased name, their names as sent, the file part's filename, its content)."""
    match = _BOUNDARY.search(content_type)
    if match is None:
        raise AWSError("MalformedPOSTRequest",
                       "The body of your POST request is not well-formed multipart/form-data.", 400)
    delimiter = b"--" + match.group(1).encode("latin-1")
    fields: dict[str, str] = {}
    names: dict[str, str] = {}
    file_part: tuple[str, bytes] | None = None
    for part in body.split(delimiter)[1:]:
        if part.startswith(b"--"):
            break  # the closing delimiter
        head, separator, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not separator:
            raise AWSError("MalformedPOSTRequest",
                           "The body of your POST request is not well-formed multipart/form-data.", 400)
        content = content.removesuffix(b"\r\n")
        params = _disposition_params(head.decode("utf-8", "replace"))
        name = params.get("name", "")
        if name.lower() == "file":
            file_part = (params.get("filename", ""), content)
            break  # S3 ignores every field after the file
        fields[name.lower()] = content.decode("utf-8", "replace")
        names[name.lower()] = name
    if file_part is None:
        raise AWSError("InvalidArgument", "POST requires exactly one file upload per request.", 400,
                       ArgumentName="file", ArgumentValue="0")
    return fields, names, file_part[0], file_part[1]


def _disposition_params(head: str) -> dict[str, str]:
    """The `name` / `filename` parameters of a part's Content-Disposition header."""
    for line in head.split("\r\n"):
        header, _, value = line.partition(":")
        if header.strip().lower() == "content-disposition":
            return {
                (quoted_key or key).lower(): quoted_value if quoted_key else value
                for quoted_key, quoted_value, key, value in _DISPOSITION_PARAM.findall(value)
            }
    return {}


def _check_policy(encoded: str, fields: dict[str, str], size: int) -> None:
    """S3's policy checks: not expired, every condition met (the signature itself isn't checked)."""
    try:
        policy = json.loads(base64.b64decode(encoded, validate=False))
        expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
        conditions = list(policy.get("conditions", []))
    except (binascii.Error, ValueError, KeyError, TypeError, AttributeError):
        raise AWSError("InvalidPolicyDocument", "Invalid Policy: Invalid JSON.", 400) from None
    if expiration.tzinfo is None:
        expiration = expiration.replace(tzinfo=timezone.utc)
    if expiration < datetime.now(timezone.utc):
        raise _denied("Policy expired.")
    for condition in conditions:
        if isinstance(condition, dict):
            for name, expected in condition.items():
                _check_condition(["eq", f"${name}", expected], fields, size)
        elif isinstance(condition, list) and len(condition) == 3:
            _check_condition(condition, fields, size)
        else:
            raise _invalid_condition(condition)


def _check_condition(condition: list, fields: dict[str, str], size: int) -> None:
    operator, subject, expected = condition
    operator = str(operator).lower()
    if operator == "content-length-range":
        try:
            smallest, largest = int(subject), int(expected)
        except (TypeError, ValueError):
            raise _invalid_condition(condition) from None
        if size < smallest:
            raise AWSError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", 400,
                           ProposedSize=str(size), MinSizeAllowed=str(smallest))
        if size > largest:
            raise AWSError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400,
                           ProposedSize=str(size), MaxSizeAllowed=str(largest))
        return
    if operator not in ("eq", "starts-with") or not isinstance(subject, str) or not subject.startswith("$"):
        raise _invalid_condition(condition)
    value = fields.get(subject[1:].lower(), "")
    met = value == str(expected) if operator == "eq" else value.startswith(str(expected))
    if not met:
        raise _denied(f"Policy Condition failed: {json.dumps(condition)}")


def _invalid_condition(condition: Any) -> AWSError:
    return AWSError("InvalidPolicyDocument", f"Invalid Policy: Invalid Condition: {json.dumps(condition)}", 400)


def _denied(reason: str) -> AWSError:
    return AWSError("AccessDenied", f"Invalid according to Policy: {reason}", 403)


def _put_object_params(bucket: str, key: str, body: bytes, fields: dict[str, str],
                       names: dict[str, str]) -> dict[str, Any]:
    params: dict[str, Any] = {"Bucket": bucket, "Key": key, "Body": body}
    for field, param in _PARAM_FIELDS.items():
        if field in fields:
            params[param] = fields[field]
    metadata = {names[field][len("x-amz-meta-"):]: value
                for field, value in fields.items() if field.startswith("x-amz-meta-")}
    if metadata:
        params["Metadata"] = metadata
    if "tagging" in fields:
        params["Tagging"] = _tagging_query(fields["tagging"])
    if "expires" in fields:
        try:
            params["Expires"] = parsedate_to_datetime(fields["expires"])
        except (TypeError, ValueError):
            raise AWSError("InvalidArgument", "Invalid Expires field.", 400,
                           ArgumentName="Expires", ArgumentValue=fields["expires"]) from None
    if "x-amz-server-side-encryption-bucket-key-enabled" in fields:
        params["BucketKeyEnabled"] = fields["x-amz-server-side-encryption-bucket-key-enabled"].lower() == "true"
    return params


def _tagging_query(document: str) -> str:
    """The form's `<Tagging>` XML as the `k=v&...` string PutObject's Tagging param takes."""
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError:
        raise AWSError("MalformedXML", "The XML you provided was not well-formed or did not validate against "
                       "our published schema", 400) from None
    pairs = [
        (tag.findtext("{*}Key") or "", tag.findtext("{*}Value") or "")
        for tag in root.iter()
        if tag.tag.rpartition("}")[2] == "Tag"
    ]
    return urlencode(pairs)


def _responder(wire: "WireRequest", scheme: str, bucket: str, key: str, fields: dict[str, str]):
    """The reshaping S3 applies to a successful upload's answer (errors go out as PutObject's)."""
    base = f"{scheme}://{wire.host}" if wire.host_prefix else f"{scheme}://{wire.host}/{quote(bucket)}"
    location = f"{base}/{quote(key)}"
    redirect = fields.get("success_action_redirect") or fields.get("redirect")
    status = _POST_RESPONSE_STATUSES.get(fields.get("success_action_status", ""), 204)

    def respond(response: HttpResponse) -> HttpResponse:
        headers = {name: value for name, value in response.headers.items()
                   if name.lower() not in ("content-length", "content-type")}
        etag = Headers(response.headers).get("etag", "")
        headers["Location"] = location
        if redirect:
            query = urlencode({"bucket": bucket, "key": key, "etag": etag})
            headers["Location"] = f"{redirect}{'&' if '?' in redirect else '?'}{query}"
            return HttpResponse(303, {**headers, "Content-Length": "0"}, b"")
        if status != 201:
            return HttpResponse(status, {**headers, "Content-Length": "0"}, b"")
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse>'
            f"<Location>{_escape(location)}</Location><Bucket>{_escape(bucket)}</Bucket>"
            f"<Key>{_escape(key)}</Key><ETag>{_escape(etag)}</ETag></PostResponse>"
        ).encode()
        return HttpResponse(201, {**headers, "Content-Type": "application/xml", "Content-Length": str(len(body))},
                            body)

    return respond


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
