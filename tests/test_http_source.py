"""Tests for agent/sources/http.py against a real server on 127.0.0.1 and a real HTTP client."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from agent.config import FieldMapping, HttpSourceConfig, LimitsConfig
from agent.decode import Decoder
from agent.sources.base import Record
from agent.sources.http import PATH, HttpSource

JSON = {"Content-Type": "application/json"}
NDJSON = {"Content-Type": "application/x-ndjson"}
# For requests the server refuses without reading the body: keep the refused body from being read as the
# next request on a kept-alive connection (that bug has its own test below).
CLOSE = {"Connection": "close"}
TIMEOUT = 5.0

SourceFactory = Callable[..., HttpSource]


@pytest.fixture
def make_source() -> Iterator[SourceFactory]:
    started: list[HttpSource] = []

    def make(on_rejected_body: Any = None, **options: Any) -> HttpSource:
        options.setdefault("respond_after", "enqueued")
        config = HttpSourceConfig(port=0, **options)
        source = HttpSource(config, Decoder(FieldMapping(), LimitsConfig()), on_rejected_body=on_rejected_body)
        started.append(source)
        return source.start()

    try:
        yield make
    finally:
        for source in started:
            source.close()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=TIMEOUT) as c:
        yield c


def _url(source: HttpSource, path: str = PATH) -> str:
    return f"http://127.0.0.1:{source.port}{path}"


def _poll_n(source: HttpSource, n: int) -> list[Record]:
    """Poll until `n` records arrived or the deadline passed."""
    out: list[Record] = []
    deadline = time.monotonic() + TIMEOUT
    while len(out) < n and time.monotonic() < deadline:
        out.extend(source.poll(n - len(out), 0.1))
    return out


def _sample(i: int) -> dict[str, Any]:
    return {"id": f"s{i}", "response": f"response {i}"}


def test_single_object_is_accepted_and_polled(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source()
    body = json.dumps(_sample(1)).encode()
    r = client.post(_url(source), content=body, headers=JSON)
    assert r.status_code == 202
    assert r.json() == {"accepted": 1}
    records = _poll_n(source, 1)
    assert len(records) == 1
    assert records[0].payload == body
    assert records[0].source == "http"
    assert records[0].position.startswith("http:")
    assert source.poll(10, 0.0) == []


def test_json_array_is_split_into_records(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source()
    r = client.post(_url(source), json=[_sample(i) for i in range(3)])
    assert r.status_code == 202
    assert r.json() == {"accepted": 3}
    records = _poll_n(source, 3)
    assert [json.loads(rec.payload)["id"] for rec in records] == ["s0", "s1", "s2"]
    assert len({rec.position for rec in records}) == 3


def test_ndjson_body_is_split_into_lines(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source()
    body = b'{"id": "a", "response": "one"}\r\n\n{"id": "b", "response": "two"}\n'
    r = client.post(_url(source), content=body, headers=NDJSON)
    assert r.status_code == 202
    assert r.json() == {"accepted": 2}
    records = _poll_n(source, 2)
    assert [rec.payload for rec in records] == [b'{"id": "a", "response": "one"}', b'{"id": "b", "response": "two"}']


def test_content_type_parameters_are_ignored(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source()
    r = client.post(
        _url(source), content=json.dumps(_sample(1)), headers={"Content-Type": "Application/JSON; charset=utf-8"}
    )
    assert r.status_code == 202


def test_invalid_element_is_reported_and_the_rest_accepted(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source()
    items = [_sample(0), {"id": "bad", "prompt": "no response here"}, _sample(2), _sample(3)]
    r = client.post(_url(source), json=items)
    assert r.status_code == 202
    answer = r.json()
    assert answer["accepted"] == 3
    assert answer["invalid_count"] == 1
    assert len(answer["invalid"]) == 1
    assert answer["invalid"][0]["index"] == 1
    assert answer["invalid"][0]["reason"] == "missing_response"
    assert answer["invalid"][0]["message"]
    # Every element, the invalid one too, goes to the pipeline (to be dead-lettered).
    assert len(_poll_n(source, 4)) == 4


def test_all_invalid_elements_get_400(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source()
    r = client.post(_url(source), json=[{"response": 1}, {"response": " "}])
    assert r.status_code == 400
    answer = r.json()
    assert answer["accepted"] == 0
    assert [e["reason"] for e in answer["invalid"]] == ["invalid_response", "empty_response"]
    assert len(_poll_n(source, 2)) == 2


def test_invalid_json_body_is_400_and_still_queued(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source()
    body = b'{"response": "unterminated'
    r = client.post(_url(source), content=body, headers=JSON)
    assert r.status_code == 400
    assert "not valid JSON" in r.json()["error"]
    assert r.json()["accepted"] == 0
    records = _poll_n(source, 1)
    assert [rec.payload for rec in records] == [body]


@pytest.mark.parametrize(
    ("body", "headers", "error"),
    [
        (b"[]", JSON, "empty"),
        (b"\n\n  \n", NDJSON, "no records"),
    ],
)
def test_empty_collections_are_400_and_queued(
    make_source: SourceFactory, client: httpx.Client, body: bytes, headers: dict[str, str], error: str
) -> None:
    source = make_source()
    r = client.post(_url(source), content=body, headers=headers)
    assert r.status_code == 400
    assert error in r.json()["error"]
    assert [rec.payload for rec in _poll_n(source, 1)] == [body]


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", None])
def test_wrong_content_type_is_415(make_source: SourceFactory, client: httpx.Client, ctype: str | None) -> None:
    source = make_source()
    headers = {**CLOSE, "Content-Type": ctype} if ctype else dict(CLOSE)
    r = client.post(_url(source), content=json.dumps(_sample(1)).encode(), headers=headers)
    assert r.status_code == 415
    assert "Content-Type" in r.json()["error"]
    assert source.poll(10, 0.0) == []


def test_body_over_max_body_bytes_is_413(make_source: SourceFactory, client: httpx.Client) -> None:
    rejected: list[str] = []
    source = make_source(on_rejected_body=rejected.append, max_body_bytes=2048)
    body = json.dumps({"response": "x" * 3000}).encode()
    r = client.post(_url(source), content=body, headers=JSON)
    assert r.status_code == 413
    assert "2048" in r.json()["error"]
    assert rejected == ["body_too_large"]
    assert source.poll(10, 0.0) == []
    # A body just under the limit is accepted.
    small = json.dumps({"response": "y" * 1900}).encode()
    assert len(small) <= 2048
    assert client.post(_url(source), content=small, headers=JSON).status_code == 202


def test_bearer_token_is_required_when_set(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source(auth_token=SecretStr("letmein"))
    body = json.dumps(_sample(1)).encode()
    for auth in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "letmein"}):
        r = client.post(_url(source), content=body, headers={**JSON, **CLOSE, **auth})
        assert r.status_code == 401
    assert source.poll(10, 0.0) == []
    r = client.post(_url(source), content=body, headers={**JSON, "Authorization": "Bearer letmein"})
    assert r.status_code == 202
    assert len(_poll_n(source, 1)) == 1


def test_refused_post_does_not_desync_a_keep_alive_connection(make_source: SourceFactory, client: httpx.Client) -> None:
    """A response sent without reading the body must not leave that body to be parsed as the next request."""
    source = make_source(auth_token=SecretStr("letmein"))
    body = json.dumps(_sample(1)).encode()
    assert client.post(_url(source), content=body, headers=JSON).status_code == 401
    r = client.post(_url(source), content=body, headers={**JSON, "Authorization": "Bearer letmein"})
    assert r.status_code == 202
    wrong_type = {"Content-Type": "text/plain", "Authorization": "Bearer letmein"}
    assert client.post(_url(source), content=body, headers=wrong_type).status_code == 415
    r = client.post(_url(source), content=body, headers={**JSON, "Authorization": "Bearer letmein"})
    assert r.status_code == 202


def test_wrong_method_is_405_and_unknown_path_404(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source()
    assert client.get(_url(source)).status_code == 405
    assert client.put(_url(source), content=b"{}", headers={**JSON, **CLOSE}).status_code == 405
    assert client.get(_url(source, "/nope")).status_code == 404
    assert client.post(_url(source, "/v1/sample"), content=b"{}", headers={**JSON, **CLOSE}).status_code == 404
    assert source.poll(10, 0.0) == []


def _raw_request(port: int, head: bytes, body: bytes) -> bytes:
    """Send a hand-written request, end our side of the connection, and return the answer's first bytes.

    Half-closing means a server that (wrongly) reads until end-of-stream still answers at once,
    so no handler thread is left behind writing to a closed socket.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
        s.sendall(head + b"\r\n\r\n" + body)
        s.shutdown(socket.SHUT_WR)
        return s.recv(65536)


@pytest.mark.parametrize("length", [b"-1", b"abc", b"1e3", b"\xb2"])
def test_malformed_content_length_is_400(make_source: SourceFactory, length: bytes) -> None:
    source = make_source()
    body = b'{"response": "x"}'
    head = b"POST /v1/samples HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + length
    answer = _raw_request(source.port, head, body)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:80]
    assert source.poll(10, 0.0) == []


def test_missing_content_length_is_411(make_source: SourceFactory) -> None:
    source = make_source()
    answer = _raw_request(
        source.port, b"POST /v1/samples HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close", b""
    )
    assert answer.startswith(b"HTTP/1.1 411")


def test_queue_capacity_gives_503(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source(queue_capacity=2)
    assert client.post(_url(source), json=[_sample(0), _sample(1)]).status_code == 202
    r = client.post(_url(source), json=_sample(2))
    assert r.status_code == 503
    assert r.headers["Retry-After"] == "1"
    assert len(_poll_n(source, 2)) == 2
    assert source.poll(10, 0.0) == []  # the refused one was not queued
    assert client.post(_url(source), json=_sample(2)).status_code == 202


def test_durable_post_returns_only_after_commit(make_source: SourceFactory) -> None:
    source = make_source(respond_after="durable")
    done = threading.Event()
    result: dict[str, Any] = {}

    def post() -> None:
        try:
            with httpx.Client(timeout=TIMEOUT) as c:
                r = c.post(_url(source), json=[_sample(0), _sample(1)])
                result["status"] = r.status_code
                result["body"] = r.json()
        finally:
            done.set()

    thread = threading.Thread(target=post, daemon=True)
    thread.start()
    records = _poll_n(source, 2)
    assert len(records) == 2
    assert not done.wait(0.2), "the POST was answered before its records were committed"
    source.commit(records[:1])
    assert not done.wait(0.2), "the POST was answered before all of its records were committed"
    source.commit(records[1:])
    assert done.wait(TIMEOUT)
    thread.join(TIMEOUT)
    assert result == {"status": 202, "body": {"accepted": 2}}


def test_durable_post_times_out_with_503(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source(respond_after="durable", ack_timeout_seconds=0.2)
    r = client.post(_url(source), json=_sample(0))
    assert r.status_code == 503
    assert r.headers["Retry-After"] == "1"
    # The records stay queued: they will be processed, and a retry deduplicates by id.
    assert len(_poll_n(source, 1)) == 1


def test_commit_of_unknown_records_is_harmless(make_source: SourceFactory) -> None:
    source = make_source()
    source.commit([Record(b"{}", "http:999", "http", 0.0)])
    assert source.poll(1, 0.0) == []


def test_stop_refuses_new_posts_and_drains(make_source: SourceFactory, client: httpx.Client) -> None:
    source = make_source()
    assert client.post(_url(source), json=_sample(0)).status_code == 202
    assert source.exhausted is False
    source.stop()
    r = client.post(_url(source), json=_sample(1), headers=CLOSE)
    assert r.status_code == 503
    assert r.headers["Retry-After"] == "1"
    assert source.exhausted is False  # one record still queued
    records = _poll_n(source, 1)
    assert [json.loads(rec.payload)["id"] for rec in records] == ["s0"]
    assert source.exhausted is True
    assert source.poll(10, 0.0) == []
