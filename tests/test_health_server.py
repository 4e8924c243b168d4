"""Tests for agent.service.metrics_server: /metrics, /livez and /readyz on a real port."""

from __future__ import annotations

import logging
import socket
import struct
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client import CollectorRegistry, Counter
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from agent.analyse import Analyser
from agent.config import AgentConfig, FieldMapping, LimitsConfig, MetricsConfig, PipelineConfig
from agent.decode import Decoder
from agent.httpserver import HttpServer, Request, Response
from agent.pipeline import Pipeline
from agent.service import Health, metrics_server
from detectors.taxonomy import Taxonomy
from tests.conftest import wait_until

TIMEOUT = 5.0


@pytest.fixture
def registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    counter = Counter("biaswatch_test_things", "Things counted by the test.", registry=registry)
    counter.inc(3)
    return registry


@pytest.fixture
def health() -> Health:
    return Health()


@pytest.fixture
def base_url(registry: CollectorRegistry, health: Health) -> Iterator[str]:
    config = AgentConfig(metrics=MetricsConfig(host="127.0.0.1", port=0))
    server = metrics_server(config, registry, health).start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=TIMEOUT) as c:
        yield c


def test_metrics_serves_the_registry_as_prometheus_text(base_url: str, client: httpx.Client) -> None:
    r = client.get(f"{base_url}/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"] == CONTENT_TYPE_LATEST
    assert r.headers["content-type"].startswith("text/plain")
    assert "# TYPE biaswatch_test_things" in r.text
    assert "biaswatch_test_things_total 3.0" in r.text


def test_metrics_reflect_the_registry_at_scrape_time(
    base_url: str, client: httpx.Client, registry: CollectorRegistry
) -> None:
    Counter("biaswatch_test_later", "Registered after the server started.", registry=registry).inc()
    r = client.get(f"{base_url}/metrics")
    assert "biaswatch_test_later_total 1.0" in r.text


def test_metrics_ignores_a_query_string(base_url: str, client: httpx.Client) -> None:
    r = client.get(f"{base_url}/metrics?name[]=biaswatch_test_things")
    assert r.status_code == 200
    assert "biaswatch_test_things_total" in r.text


def test_livez_is_ok_without_a_pipeline(base_url: str, client: httpx.Client) -> None:
    r = client.get(f"{base_url}/livez")
    assert r.status_code == 200
    assert r.text == "ok\n"


def test_livez_fails_when_the_loop_stalls(base_url: str, client: httpx.Client, health: Health) -> None:
    analyser = Analyser(Decoder(FieldMapping(), LimitsConfig()), Taxonomy.default(), [])
    pipeline = Pipeline(analyser, PipelineConfig(liveness_timeout_seconds=30.0))
    health.pipeline = pipeline
    assert client.get(f"{base_url}/livez").status_code == 200
    pipeline.last_tick = time.monotonic() - 60.0  # the loop has not ticked for twice the timeout
    r = client.get(f"{base_url}/livez")
    assert r.status_code == 503
    assert "stalled" in r.text
    pipeline.tick()
    assert client.get(f"{base_url}/livez").status_code == 200


def test_readyz_is_503_until_ready(base_url: str, client: httpx.Client, health: Health) -> None:
    r = client.get(f"{base_url}/readyz")
    assert r.status_code == 503
    assert r.text == "starting\n"
    health.ready = True
    r = client.get(f"{base_url}/readyz")
    assert r.status_code == 200
    assert r.text == "ok\n"


def test_readiness_does_not_affect_liveness(base_url: str, client: httpx.Client, health: Health) -> None:
    assert health.ready is False
    assert client.get(f"{base_url}/livez").status_code == 200


@pytest.mark.parametrize("path", ["/", "/metrics/", "/health", "/readyz/x", "/v1/samples"])
def test_unknown_paths_are_404(base_url: str, client: httpx.Client, path: str) -> None:
    assert client.get(f"{base_url}{path}").status_code == 404


@pytest.mark.parametrize("path", ["/metrics", "/livez", "/readyz"])
def test_post_to_a_known_path_is_405(base_url: str, path: str) -> None:
    # Connection: close, since the server answers without reading the body.
    r = httpx.post(f"{base_url}{path}", content=b"x=1", headers={"Connection": "close"}, timeout=TIMEOUT)
    assert r.status_code == 405


def test_head_answers_with_headers_only(base_url: str, client: httpx.Client, health: Health) -> None:
    health.ready = True
    r = client.head(f"{base_url}/readyz")
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["content-length"] == "3"
    r = client.head(f"{base_url}/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"] == CONTENT_TYPE_LATEST
    # The connection is still usable afterwards.
    assert client.get(f"{base_url}/livez").text == "ok\n"


def test_a_client_that_hangs_up_mid_response_is_logged_at_debug_only(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    client_gone = threading.Event()

    def slow(_: Request) -> Response:
        client_gone.wait(TIMEOUT)
        return Response(200, b"x" * 8_000_000)  # far more than socket buffers hold: the write must fail

    server = HttpServer("127.0.0.1", 0, {("GET", "/slow"): slow, ("GET", "/ok"): lambda _: Response(200)}, "t")
    server.start()
    caplog.set_level(logging.DEBUG)
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as s:
            s.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            wait_until(lambda: server.open_connections() == 1, timeout=TIMEOUT)
            # Abortive close (RST): the server's next writes fail with a reset or a broken pipe.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client_gone.set()
        # The server noticed and let the connection go; it still serves everyone else.
        wait_until(lambda: server.open_connections() == 0, timeout=TIMEOUT)
        assert httpx.get(f"http://127.0.0.1:{server.port}/ok", timeout=TIMEOUT).status_code == 200
    finally:
        server.stop()
    # waitress.queue warns whenever a request waits for a busy worker ("Task queue depth is 1"):
    # under load the /ok request can arrive while the worker is still failing its write to the
    # gone client. That is thread saturation, not the hang-up this test is about.
    ours = [
        r for r in caplog.records if r.name.startswith(("agent.httpserver", "waitress")) and r.name != "waitress.queue"
    ]
    assert not [r for r in ours if r.levelno >= logging.WARNING], [r.getMessage() for r in ours]
    assert "Traceback" not in capfd.readouterr().err  # socketserver's default handler prints one
