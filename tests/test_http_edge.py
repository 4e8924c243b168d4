"""The hardened HTTP edge (agent/httpserver.py on waitress) against hostile clients, on 127.0.0.1:
short and chunked bodies, bodies larger than the queue, refused tokens counted and rate-limited,
and idle connections that neither delay a normal client nor stay open past the idle timeout."""

from __future__ import annotations

import json
import logging
import socket
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from prometheus_client import CollectorRegistry
from pydantic import SecretStr

from agent.config import FieldMapping, HttpSourceConfig, LimitsConfig
from agent.decode import Decoder
from agent.logfilter import RepeatFilter
from agent.metrics.pipeline import Metrics, ModelLabels, http_observer
from agent.sources.http import AUTH_LOGGER, PATH, HttpSource
from tests.conftest import wait_until

TIMEOUT = 5.0
JSON = {"Content-Type": "application/json"}
NDJSON = {"Content-Type": "application/x-ndjson"}

SourceFactory = Callable[..., HttpSource]


@pytest.fixture
def make_source() -> Iterator[SourceFactory]:
    started: list[HttpSource] = []

    def make(observe: Any = None, rejected: Any = None, **options: Any) -> HttpSource:
        options.setdefault("respond_after", "enqueued")
        config = HttpSourceConfig(port=0, **options)
        source = HttpSource(config, Decoder(FieldMapping(), LimitsConfig()), on_rejected_body=rejected, observe=observe)
        started.append(source)
        return source.start()

    try:
        yield make
    finally:
        for source in started:
            source.close()


def _url(source: HttpSource) -> str:
    return f"http://127.0.0.1:{source.port}{PATH}"


def _record(i: int) -> bytes:
    return json.dumps({"id": f"s{i}", "response": f"response {i}"}).encode()


def _head(length: int, extra: str = "") -> bytes:
    return (
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: {length}\r\n"
        f"{extra}\r\n"
    ).encode()


def _read_all(s: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (a reset is a close too)."""
    out = b""
    try:
        while chunk := s.recv(65536):
            out += chunk
    except ConnectionResetError:
        pass
    return out


def test_a_short_body_is_never_processed(make_source: SourceFactory) -> None:
    codes: list[int] = []
    source = make_source(observe=lambda _path, code, _seconds: codes.append(code))
    body = b"\n".join(_record(i) for i in range(50))
    with socket.create_connection(("127.0.0.1", source.port), timeout=TIMEOUT) as s:
        s.sendall(_head(len(body) + 5000) + body)
        s.shutdown(socket.SHUT_WR)  # the client gives up: the body will never be complete
        answer = _read_all(s)
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:80]
    assert b"incomplete request" in answer
    assert source.poll(100, 0.2) == []
    assert codes == [400]  # counted in biaswatch_http_requests_total{code="400"}


def test_a_stalled_request_is_closed_after_the_idle_timeout_and_not_processed(make_source: SourceFactory) -> None:
    source = make_source(idle_timeout_seconds=1)
    body = _record(1)
    with socket.create_connection(("127.0.0.1", source.port), timeout=TIMEOUT) as s:
        s.sendall(_head(len(body) + 100) + body)
        t0 = time.monotonic()
        answer = _read_all(s)  # returns when the server closes the connection
        waited = time.monotonic() - t0
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:80]
    assert 0.9 < waited < TIMEOUT
    assert source.poll(10, 0.1) == []


def test_a_chunked_body_is_accepted_whole(make_source: SourceFactory) -> None:
    source = make_source()
    body = b"\n".join(_record(i) for i in range(3))
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (body[:10], body[10:]))
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", source.port), timeout=TIMEOUT) as s:
        s.sendall(head.encode() + chunks + b"0\r\n\r\n")
        answer = s.recv(65536)
    assert answer.startswith(b"HTTP/1.1 202"), answer[:80]
    assert len(source.poll(10, 1.0)) == 3


def test_a_body_larger_than_the_queue_is_refused_whole(make_source: SourceFactory) -> None:
    rejected: list[str] = []
    source = make_source(queue_capacity=10, rejected=rejected.append)
    with httpx.Client(timeout=TIMEOUT) as client:
        r = client.post(_url(source), content=b"\n".join(_record(i) for i in range(11)), headers=NDJSON)
        assert r.status_code == 413 and "queue_capacity is 10" in r.json()["error"]
        assert rejected == ["too_many_records"]
        assert (
            client.post(_url(source), content=b"\n".join(_record(i) for i in range(7)), headers=NDJSON).status_code
            == 202
        )
        # 7 queued: 4 more do not fit now. 503 with Retry-After, and none of the 4 is taken.
        r = client.post(_url(source), content=b"\n".join(_record(i) for i in range(4)), headers=NDJSON)
        assert r.status_code == 503 and r.headers["Retry-After"] == "1"
        assert len(source.poll(100, 0.5)) == 7
        assert source.poll(100, 0.1) == []


def _metrics(registry: CollectorRegistry) -> Metrics:
    return Metrics(
        registry,
        detectors=[],
        categories=[],
        group_axis={},
        sources=["http"],
        models=ModelLabels([], 5),
        config_hash="t",
        detector_versions={},
    )


def test_refused_tokens_are_counted_and_logged_without_the_token(
    make_source: SourceFactory, caplog: pytest.LogCaptureFixture
) -> None:
    registry = CollectorRegistry()
    metrics = _metrics(registry)
    source = make_source(auth_token=SecretStr("letmein"), observe=http_observer(metrics))
    caplog.set_level(logging.INFO)
    with httpx.Client(timeout=TIMEOUT) as client:
        for _ in range(5):
            bad = {**NDJSON, "Authorization": "Bearer not-the-token-xyz"}
            assert client.post(_url(source), content=_record(1), headers=bad).status_code == 401
        ok = {**NDJSON, "Authorization": "Bearer letmein"}
        assert client.post(_url(source), content=_record(1), headers=ok).status_code == 202
    assert registry.get_sample_value("biaswatch_http_requests_total", {"code": "401"}) == 5
    assert registry.get_sample_value("biaswatch_http_requests_total", {"code": "202"}) == 1
    assert registry.get_sample_value("biaswatch_http_request_duration_seconds_count") == 6
    refused = [r for r in caplog.records if r.name == AUTH_LOGGER]
    assert len(refused) == 5 and all(r.levelno == logging.WARNING for r in refused)
    assert not any("not-the-token-xyz" in r.getMessage() or "letmein" in r.getMessage() for r in caplog.records)
    # Installed as the agent installs it, the filter lets one line of each kind through per interval.
    f = RepeatFilter(AUTH_LOGGER, interval=60.0)
    assert [f.filter(r) for r in refused] == [True, False, False, False, False]


def _post_seconds(url: str, n: int) -> list[float]:
    out = []
    with httpx.Client(timeout=TIMEOUT) as client:
        for i in range(n):
            t0 = time.perf_counter()
            r = client.post(url, content=_record(i), headers=NDJSON)
            out.append(time.perf_counter() - t0)
            assert r.status_code == 202
    return out


def test_idle_connections_do_not_delay_a_normal_client_and_are_closed(make_source: SourceFactory) -> None:
    source = make_source(idle_timeout_seconds=3, threads=4)
    url = _url(source)
    baseline = statistics.median(_post_seconds(url, 15))
    idle = [socket.create_connection(("127.0.0.1", source.port), timeout=TIMEOUT) for _ in range(200)]
    try:
        # Half of them sent a partial request head, half nothing at all.
        for s in idle[::2]:
            s.sendall(b"POST /v1/samples HTTP/1.1\r\nHost: x\r\n")
        wait_until(lambda: source.server.open_connections() >= 200, timeout=TIMEOUT)
        loaded = statistics.median(_post_seconds(url, 15))
        assert loaded - baseline < 0.1, (baseline, loaded)
        # The idle ones are closed by the server once the idle timeout passes.
        wait_until(lambda: source.server.open_connections() == 0, timeout=15)
        for s in idle[:6]:
            assert b" 202 " not in _read_all(s)  # closed (recv returns), nothing accepted
    finally:
        for s in idle:
            s.close()
    assert len(source.poll(100, 0.5)) == 30
