"""S3's errors, with the messages and extra members S3 puts in them.

S3 models only a handful of its errors, so each helper gives the HTTP status
explicitly rather than relying on the error shape.
"""

from __future__ import annotations

from moto_shared.errors import AWSError


def no_such_bucket(bucket: str) -> AWSError:
    return AWSError("NoSuchBucket", "The specified bucket does not exist", 404, BucketName=bucket)


def no_such_key(key: str) -> AWSError:
    return AWSError("NoSuchKey", "The specified key does not exist.", 404, Key=key)


def no_such_version(key: str, version_id: str) -> AWSError:
    return AWSError(
        "NoSuchVersion",
        "The specified version does not exist.",
        404,
        Key=key,
        VersionId=version_id,
    )


def no_such_upload(upload_id: str) -> AWSError:
    return AWSError(
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, "
        "or the upload may have been aborted or completed.",
        404,
        UploadId=upload_id,
    )


def invalid_argument(message: str, name: str | None = None, value: str | None = None) -> AWSError:
    fields = {} if name is None else {"ArgumentName": name, "ArgumentValue": value}
    return AWSError("InvalidArgument", message, 400, **fields)


def invalid_request(message: str) -> AWSError:
    return AWSError("InvalidRequest", message, 400)


def precondition_failed(condition: str) -> AWSError:
    return AWSError(
        "PreconditionFailed",
        "At least one of the pre-conditions you specified did not hold",
        412,
        Condition=condition,
    )


def not_modified(etag: str) -> AWSError:
    """304s carry the object's ETag, so clients can tell which version they already hold."""
    return AWSError("NotModified", "Not Modified", 304, headers={"ETag": etag})


def invalid_range(requested: str, size: int) -> AWSError:
    return AWSError(
        "InvalidRange",
        "The requested range is not satisfiable",
        416,
        RangeRequested=requested,
        ActualObjectSize=str(size),
    )


def bad_digest(message: str = "The Content-MD5 you specified did not match what we received.") -> AWSError:
    return AWSError("BadDigest", message, 400)


def checksum_mismatch(algorithm: str) -> AWSError:
    return AWSError(
        "BadDigest",
        f"The {algorithm} you specified did not match the calculated checksum.",
        400,
    )


def malformed_xml() -> AWSError:
    return AWSError(
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema",
        400,
    )


def malformed_acl() -> AWSError:
    return AWSError(
        "MalformedACLError",
        "The XML you provided was not well-formed or did not validate against our published schema",
        400,
    )


def no_such_configuration(code: str, message: str, bucket: str) -> AWSError:
    return AWSError(code, message, 404, BucketName=bucket)


def method_not_allowed(headers: dict[str, str], method: str = "GET") -> AWSError:
    return AWSError(
        "MethodNotAllowed",
        "The specified method is not allowed against this resource.",
        405,
        headers=headers,
        Method=method,
        ResourceType="DeleteMarker",
    )


def access_denied(message: str = "Access Denied") -> AWSError:
    return AWSError("AccessDenied", message, 403)
