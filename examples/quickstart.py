"""One SQS queue, seen by threads and by child processes, with nothing configured.

Producers in a thread pool send 200 jobs; consumers in two spawned processes
and two threads drain the queue. Each job is received exactly once, because
every process answers from the same store (the embedded default here).
"""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import boto3

from moto_shared import mock_aws

JOBS = 200


def drain(queue_url: str) -> list[str]:
    """Receive and delete until the queue is empty; return the bodies this worker got."""
    sqs = boto3.client("sqs", region_name="us-east-1")
    bodies = []
    while True:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return bodies
        for message in messages:
            bodies.append(message["Body"])
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])


@mock_aws
def main() -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    queue_url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    with ThreadPoolExecutor(4) as threads:
        list(threads.map(lambda i: sqs.send_message(QueueUrl=queue_url, MessageBody=f"job-{i}"), range(JOBS)))

    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=spawn) as processes, ThreadPoolExecutor(2) as threads:
        workers = [processes.submit(drain, queue_url) for _ in range(2)]
        workers += [threads.submit(drain, queue_url) for _ in range(2)]
        received = [body for worker in workers for body in worker.result()]

    assert sorted(received) == sorted(f"job-{i}" for i in range(JOBS)), "lost or duplicated jobs"
    print(f"{len(received)} jobs sent by 4 threads, received exactly once by 2 processes and 2 threads")
    print("identity:", boto3.client("sts", region_name="us-east-1").get_caller_identity()["Arn"])


if __name__ == "__main__":
    main()
