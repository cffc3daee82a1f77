"""Long polling wakes on arrival (from another thread), not on a timer, and honours its limits."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor


def timed_receive(sqs, url, **options) -> tuple[list[dict], float]:
    started = time.monotonic()
    messages = sqs.receive_message(QueueUrl=url, **options).get("Messages", [])
    return messages, time.monotonic() - started


def test_long_poll_returns_as_soon_as_another_thread_sends(sqs, queue_url):
    sent = threading.Event()

    def send_later():
        time.sleep(0.3)
        sqs.send_message(QueueUrl=queue_url, MessageBody="late")
        sent.set()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(send_later)
        messages, elapsed = timed_receive(sqs, queue_url, WaitTimeSeconds=10)
    assert sent.is_set()
    assert [m["Body"] for m in messages] == ["late"]
    assert 0.25 <= elapsed < 5


def test_long_poll_times_out_empty(sqs, queue_url):
    messages, elapsed = timed_receive(sqs, queue_url, WaitTimeSeconds=1)
    assert messages == []
    assert 0.9 <= elapsed < 3


def test_queue_receive_wait_time_is_the_default(sqs):
    url = sqs.create_queue(QueueName="polling", Attributes={"ReceiveMessageWaitTimeSeconds": "1"})["QueueUrl"]
    messages, elapsed = timed_receive(sqs, url)
    assert messages == [] and elapsed >= 0.9
    messages, elapsed = timed_receive(sqs, url, WaitTimeSeconds=0)
    assert messages == [] and elapsed < 0.9


def test_long_poll_wakes_when_a_visibility_timeout_expires(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="again")
    [first] = sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=1)["Messages"]
    messages, elapsed = timed_receive(sqs, queue_url, WaitTimeSeconds=10)
    assert [m["MessageId"] for m in messages] == [first["MessageId"]]
    assert elapsed < 5


def test_long_poll_wakes_when_a_fifo_group_unlocks(sqs, fifo_url):
    sqs.send_message(QueueUrl=fifo_url, MessageBody="m0", MessageGroupId="g")
    sqs.send_message(QueueUrl=fifo_url, MessageBody="m1", MessageGroupId="g")
    [m0] = sqs.receive_message(QueueUrl=fifo_url)["Messages"]

    def delete_later():
        time.sleep(0.3)
        sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=m0["ReceiptHandle"])

    with ThreadPoolExecutor(1) as pool:
        pool.submit(delete_later)
        messages, elapsed = timed_receive(sqs, fifo_url, WaitTimeSeconds=10)
    assert [m["Body"] for m in messages] == ["m1"]
    assert elapsed < 5
