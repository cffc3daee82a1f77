"""Every botocore protocol test vector we skip, with the reason. Keyed by "<file>::<case description>"."""

_EMPTY_SENT_AS_NOTHING = (
    "an empty list/map/prefix-header map is sent as nothing at all, so a server reads it as absent, not "
    "empty"
)
_QUERY_MAP_REPEATS_MEMBERS = (
    "the expected params repeat named query members inside the catch-all query map; a server gives each "
    "query parameter to one member (the rest-xml twin of this case expects exactly that)"
)
_MEDIA_TYPE_HEADER = (
    "botocore ignores it too: Smithy mediaType header (base64 of the raw string); botocore treats the "
    "member as a jsonvalue header (base64 of JSON), which is what real clients send"
)
_CLIENT_PRECEDENCE = (
    "client-side precedence rule: the params the client dropped can't be recovered from the request"
)
_SHAPE_LOCATION_NAME = (
    "botocore ignores it too: the member would be named after its target shape's locationName by botocore"
)
_DEFAULT_CONTENT_TYPE = (
    "botocore adds a default Content-Type for blob payloads; the model binds that header to a member"
)

INPUT: dict[str, str] = {
    # Input keys: "<file>::<case id>", or "<file>::<suite description> #<index>" for legacy cases.
    "input/ec2.json::Ec2EmptyQueryLists": _EMPTY_SENT_AS_NOTHING,
    "input/query.json::QueryEmptyQueryMaps": _EMPTY_SENT_AS_NOTHING,
    "input/rest-json.json::RestJsonAllQueryStringTypes": _QUERY_MAP_REPEATS_MEMBERS,
    "input/rest-json.json::RestJsonQueryStringEscaping": _QUERY_MAP_REPEATS_MEMBERS,
    "input/rest-json.json::RestJsonSupportsNaNFloatQueryValues": _QUERY_MAP_REPEATS_MEMBERS,
    "input/rest-json.json::RestJsonSupportsInfinityFloatQueryValues": _QUERY_MAP_REPEATS_MEMBERS,
    "input/rest-json.json::RestJsonSupportsNegativeInfinityFloatQueryValues": _QUERY_MAP_REPEATS_MEMBERS,
    "input/rest-json.json::RestJsonZeroAndFalseQueryValues": _QUERY_MAP_REPEATS_MEMBERS,
    "input/rest-json.json::RestJsonHttpPrefixHeadersAreNotPresent": _EMPTY_SENT_AS_NOTHING,
    "input/rest-json.json::MediaTypeHeaderInputBase64": _MEDIA_TYPE_HEADER,
    "input/rest-json.json::RestJsonOmitsEmptyListQueryValues": _EMPTY_SENT_AS_NOTHING,
    "input/rest-json.json::RestJsonQueryPrecedence": _CLIENT_PRECEDENCE,
    "input/rest-xml.json::BodyWithXmlName": _SHAPE_LOCATION_NAME,
    "input/rest-xml.json::HttpPrefixHeadersAreNotPresent": _EMPTY_SENT_AS_NOTHING,
    "input/rest-xml.json::RestXmlQueryPrecedence": _CLIENT_PRECEDENCE,
    "legacy/input/rest-json.json::Content-Type and JSON body #7": _DEFAULT_CONTENT_TYPE,
    "legacy/input/rest-json.json::List in header #1": _EMPTY_SENT_AS_NOTHING,
    "legacy/input/rest-xml.json::List in header #1": _EMPTY_SENT_AS_NOTHING,
}


OUTPUT: dict[str, str] = {
    # Output keys: "<file>::<case id>", or "<file>::<suite description> #<index>" for legacy cases.
    "output/ec2.json::Ec2XmlLists": "botocore ignores it too: botocore names flattened list items after the "
    "list member's locationName, Smithy after the structure member; we follow botocore",
    "output/query.json::QueryXmlLists": "botocore ignores it too: same flattened-list naming difference as Ec2XmlLists",
    "output/rest-xml.json::XmlLists": "botocore ignores it too: same flattened-list naming difference as Ec2XmlLists",
    "output/rest-json.json::RestJsonHttpPayloadTraitsWithNoBlobBody": "botocore ignores it too: botocore always "
    "returns a blob payload member ('' for an empty body), so an unset blob can't come back absent",
    "output/rest-xml.json::HttpPayloadTraitsWithNoBlobBody": "botocore ignores it too: see RestJsonHttpPayloadTraitsWithNoBlobBody",
    "output/rest-json.json::RestJsonHttpPayloadWithUnsetUnion": "botocore ignores it too: botocore parses an empty "
    "body into an empty union ({}), never an absent one",
    "output/rest-xml.json::RestXmlHttpPayloadWithUnsetUnion": "botocore ignores it too: see RestJsonHttpPayloadWithUnsetUnion",
    "output/rest-json.json::RestJsonInputAndOutputWithQuotedStringHeaders": "botocore ignores it too: botocore "
    "splits header lists on every comma, so quoted items containing commas can't round-trip",
    "output/rest-json.json::RestJsonInputAndOutputWithTimestampHeaders": "botocore ignores it too: HTTP-dates "
    "contain commas, which botocore's header-list splitting cuts apart",
    "output/rest-xml.json::InputAndOutputWithTimestampHeaders": "botocore ignores it too: see RestJsonInputAndOutputWithTimestampHeaders",
    "output/rest-json.json::HttpPrefixHeadersResponse": "a header map with an empty prefix collects every response "
    "header, and a real response always carries Content-Type, Content-Length and the request id",
    "legacy/output/rest-json.json::Supports header maps #0": "see HttpPrefixHeadersResponse: an unprefixed header "
    "map also collects our Content-Type / Content-Length / request-id headers",
    "legacy/output/rest-json.json::Tagged Unions #2": "the expected result is botocore's SDK_UNKNOWN_MEMBER marker "
    "for a member missing from the model; a server only sends modelled members",
    "legacy/output/rest-xml.json::Unions #2": "see Tagged Unions #2 (SDK_UNKNOWN_MEMBER)",
}
