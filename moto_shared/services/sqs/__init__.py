"""Amazon SQS: standard and FIFO queues whose state lives in the shared store.

Operations are the functions below (see docs/services/sqs.md for coverage);
`deliver` is the entry point other services use to send to a queue by ARN.
"""

from moto_shared.services.sqs.handles import (
    change_message_visibility,
    change_message_visibility_batch,
    delete_message,
    delete_message_batch,
)
from moto_shared.services.sqs.queues import (
    add_permission,
    create_queue,
    delete_queue,
    get_queue_attributes,
    get_queue_url,
    list_dead_letter_source_queues,
    list_queue_tags,
    list_queues,
    purge_queue,
    remove_permission,
    set_queue_attributes,
    tag_queue,
    untag_queue,
)
from moto_shared.services.sqs.receiving import receive_message
from moto_shared.services.sqs.sending import deliver, send_message, send_message_batch

__all__ = [
    "add_permission",
    "change_message_visibility",
    "change_message_visibility_batch",
    "create_queue",
    "delete_message",
    "delete_message_batch",
    "delete_queue",
    "deliver",
    "get_queue_attributes",
    "get_queue_url",
    "list_dead_letter_source_queues",
    "list_queue_tags",
    "list_queues",
    "purge_queue",
    "receive_message",
    "remove_permission",
    "send_message",
    "send_message_batch",
    "set_queue_attributes",
    "tag_queue",
    "untag_queue",
]
