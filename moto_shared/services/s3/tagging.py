"""Tag validation shared by bucket and object tagging (and x-amz-tagging on writes)."""

from __future__ import annotations

from urllib.parse import parse_qsl

from moto_shared.errors import AWSError

MAX_OBJECT_TAGS = 10
MAX_BUCKET_TAGS = 50


def _invalid_tag(message: str) -> AWSError:
    return AWSError("InvalidTag", message, 400)


def validate_tag_set(tag_set: list[dict], limit: int,
                     reserved_message: str = "System tags cannot be added/updated by requester") -> dict[str, str]:
    """A TagSet as a dict, with S3's checks on count, lengths, duplicates and reserved keys."""
    if len(tag_set) > limit:
        if limit == MAX_OBJECT_TAGS:
            raise AWSError("BadRequest", "Object tags cannot be greater than 10", 400)
        raise _invalid_tag(f"Bucket tag count cannot be greater than {limit}")
    tags: dict[str, str] = {}
    for tag in tag_set:
        key, value = tag.get("Key", ""), tag.get("Value", "")
        if key in tags:
            raise _invalid_tag("Cannot provide multiple Tags with the same key")
        if key.startswith("aws:"):
            raise _invalid_tag(reserved_message)
        if not 1 <= len(key) <= 128:
            raise _invalid_tag("The TagKey you have provided is invalid")
        if len(value) > 256:
            raise _invalid_tag("The TagValue you have provided is invalid")
        tags[key] = value
    return tags


def parse_tagging_header(tagging: str | None) -> dict[str, str]:
    """x-amz-tagging ("k1=v1&k2=v2", URL-encoded) as a validated dict."""
    if not tagging:
        return {}
    pairs = parse_qsl(tagging, keep_blank_values=True)
    return validate_tag_set([{"Key": key, "Value": value} for key, value in pairs], MAX_OBJECT_TAGS,
                            reserved_message="Your TagKey cannot be prefixed with aws:")


def tag_set(tags: dict[str, str]) -> list[dict]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]
