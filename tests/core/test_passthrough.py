"""Non-AWS URLs go to the network; AWS URLs made with `requests` are answered by the mock."""

from __future__ import annotations

import http.server
import threading

import boto3
import pytest
import requests
import responses

from moto_shared import mock_aws, override_responses_real_send


@pytest.fixture
def local_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"from the real local server"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@mock_aws
def test_non_aws_urls_pass_through(local_server):
    assert requests.get(local_server, timeout=5).text == "from the real local server"


@mock_aws
def test_requests_to_aws_urls_are_answered_by_the_mock():
    body = "Action=GetCallerIdentity&Version=2011-06-15"
    response = requests.post(
        "https://sts.amazonaws.com/",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=5,
    )
    assert response.status_code == 200
    assert "<Account>123456789012</Account>" in response.text


def test_users_own_responses_mock_sees_non_aws_requests():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as users_mock:
        users_mock.add(responses.GET, "http://example.invalid/hello", body="mocked by the user")
        override_responses_real_send(users_mock)
        try:
            with mock_aws():
                assert requests.get("http://example.invalid/hello", timeout=5).text == "mocked by the user"
                assert boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"]
        finally:
            override_responses_real_send(None)


def test_config_passthrough_sends_matching_aws_urls_to_the_network():
    """core.passthrough.urls: those AWS URLs are not answered by the mock (here: refused by responses' real send)."""
    sent = []

    with responses.RequestsMock(assert_all_requests_are_fired=False) as network:
        network.add(responses.GET, "https://passthrough-bucket.s3.amazonaws.com/key", body="from the network")
        override_responses_real_send(network)
        try:
            config = {"core": {"passthrough": {"urls": [r"https://passthrough-bucket\.s3\.amazonaws\.com/.*"]}}}
            with mock_aws(config=config):
                sent.append(requests.get("https://passthrough-bucket.s3.amazonaws.com/key", timeout=5).text)
                assert boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"] == "123456789012"
        finally:
            override_responses_real_send(None)
    assert sent == ["from the network"]


def test_config_passthrough_services_skip_the_mock_for_botocore(monkeypatch):
    from botocore.endpoint import Endpoint

    from moto_shared.core import intercept

    network_calls = []
    monkeypatch.setattr(intercept, "_original_send", lambda self, request: network_calls.append(request.url) or 1 / 0)
    with mock_aws(config={"core": {"passthrough": {"services": ["sqs"]}}}):
        assert Endpoint._send is intercept._send_through_mock
        with pytest.raises(Exception):
            boto3.client("sqs", region_name="us-east-1", config=_no_retries()).list_queues()
        assert boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"] == "123456789012"
    assert network_calls == ["https://sqs.us-east-1.amazonaws.com/"]


def _no_retries():
    from botocore.config import Config

    return Config(retries={"max_attempts": 1, "mode": "standard"})
