"""Running the agent: the metrics/health server, a source, the pipeline, clean shutdown."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from prometheus_client import CollectorRegistry, ProcessCollector, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from agent.assemble import KNOWN_CATEGORIES, Components, build, build_metrics, open_queue
from agent.config import AgentConfig, FileSourceConfig, HttpSourceConfig, KafkaSourceConfig
from agent.disparity import build_disparity
from agent.httpserver import HttpServer, Request, Response, Route, ServerLimits
from agent.logfilter import rate_limit
from agent.memory import Trimmer, bound_arenas, fix_mmap_threshold, release_load_garbage
from agent.metrics.pipeline import Metrics, http_observer
from agent.metrics.registry import new_registry
from agent.metrics.retraining import RetrainingMetrics
from agent.metrics.sampling import SamplingMetrics
from agent.metrics.server import metrics_server_observer, tls_reload_observer
from agent.pipeline import Observer, Pipeline
from agent.retraining.redact import Redactor
from agent.retraining.scheduler import RetrainingJobs
from agent.retraining.scrub import Scrubber, install_log_filter
from agent.sinks.base import FlagsOnly, Sink
from agent.sources.base import Source
from agent.sources.file import FileSource
from agent.sources.http import AUTH_LOGGER, HttpSource

if TYPE_CHECKING:
    from agent.drift.runtime import DriftRuntime
    from agent.tlsserver import TlsHttpServer

log = logging.getLogger(__name__)


@dataclass
class Health:
    """What /livez and /readyz answer. Never tied to a broker: the sidecar's readiness is the Pod's."""

    ready: bool = False
    pipeline: Pipeline | None = None

    def live(self) -> bool:
        return self.pipeline is None or self.pipeline.alive()


@dataclass
class RunOptions:
    serve_metrics: bool = True
    write_queue: bool = True
    observers: list[Observer] = field(default_factory=list)
    on_ready: Callable[[dict[str, int]], None] | None = None
    on_batch: Callable[[int], None] | None = None
    # Called after the stream ends while /metrics is still served (the demo scrapes itself here).
    before_stop: Callable[[dict[str, int]], None] | None = None
    # Drift windows close on a wall-clock schedule in `run`, on the record index in `replay`.
    drift_clock: Literal["scheduler", "records"] = "scheduler"
    on_drift: Callable[[DriftRuntime], None] | None = None


def metrics_server(config: AgentConfig, registry: CollectorRegistry, health: Health) -> HttpServer | TlsHttpServer:
    def metrics(_: Request) -> Response:
        return Response(200, generate_latest(registry), CONTENT_TYPE_LATEST)

    def livez(_: Request) -> Response:
        return Response(200, b"ok\n") if health.live() else Response(503, b"processing loop stalled\n")

    def readyz(_: Request) -> Response:
        return Response(200, b"ok\n") if health.ready else Response(503, b"starting\n")

    m = config.metrics
    web = m.web_config
    scrape: Route = metrics
    if web.basic_auth_users:
        # bcrypt loads only when basic auth is configured.
        from agent.webauth import AUTH_LOGGER as WEB_AUTH_LOGGER
        from agent.webauth import BasicAuth

        # A scraper retrying a wrong password would otherwise write a line per scrape.
        rate_limit(WEB_AUTH_LOGGER, 60.0)
        # Probes stay open: the kubelet sends no credentials, and liveness reveals nothing.
        scrape = BasicAuth(web.basic_auth_users).guard(metrics)
        if web.tls_server_config is None:
            log.warning("metrics.web_config: basic auth without tls_server_config sends passwords in clear text")
    routes: dict[tuple[str, str], Route] = {
        ("GET", "/metrics"): scrape,
        ("GET", "/livez"): livez,
        ("GET", "/readyz"): readyz,
    }
    routes.update({("HEAD", p): r for (_, p), r in list(routes.items())})
    limits = ServerLimits(
        threads=m.threads,
        connection_limit=m.connection_limit,
        idle_timeout_seconds=m.idle_timeout_seconds,
        max_body_bytes=64 * 1024,  # the drift admin's POST is the only body this server takes
    )

    observe = metrics_server_observer(registry)
    if web.tls_server_config is not None:
        from agent.tlsserver import TlsHttpServer  # uvicorn loads only when TLS is configured

        reloads = tls_reload_observer(registry)
        return TlsHttpServer(m.host, m.port, routes, "metrics", web.tls_server_config, limits, observe, reloads)
    return HttpServer(m.host, m.port, routes, "metrics", limits, observe)


def open_source(config: AgentConfig, c: Components, metrics: Metrics, kafka_source: Source | None) -> Source:
    src = config.source
    if kafka_source is not None:
        return kafka_source
    if isinstance(src, FileSourceConfig):
        return FileSource(src.path)
    assert isinstance(src, HttpSourceConfig)
    # A client retrying a wrong token would otherwise write a line per request.
    rate_limit(AUTH_LOGGER, 60.0)
    http = HttpSource(
        src,
        c.analyser.decoder,
        on_rejected_body=lambda r: metrics.http_rejected.labels(r).inc(),
        observe=http_observer(metrics),
    )
    return http.start()


def _attach_drift(
    config: AgentConfig, c: Components, metrics: Metrics, pipeline: Pipeline, opts: RunOptions
) -> DriftRuntime | None:
    if not config.drift.enabled:
        return None
    from agent.drift.runtime import DriftRuntime

    drift = DriftRuntime(config.drift, c, metrics, opts.drift_clock)
    pipeline.observers.append(drift.observe)
    if opts.on_drift is not None:
        opts.on_drift(drift)
    return drift


def _trimmer(config: AgentConfig) -> list[Observer]:
    interval = config.pipeline.malloc_trim_interval_seconds
    return [Trimmer(interval)] if interval > 0 else []


def build_scrubber(config: AgentConfig, registry: CollectorRegistry) -> tuple[Scrubber, RetrainingMetrics]:
    """Redaction before every sink, its metrics, and the filter that keeps PII out of log lines."""
    redactor = Redactor(config.redaction)
    metrics = RetrainingMetrics(registry, redactor.all_types, redactor.enabled)
    install_log_filter(redactor)
    if not redactor.enabled:
        log.warning("redaction is off (redaction.enabled: false): stored samples keep PII; every row records this")
    return Scrubber(redactor, metrics.count_redactions), metrics


def run(config: AgentConfig, stop: threading.Event, options: RunOptions | None = None) -> Pipeline:
    opts = options or RunOptions()
    registry = new_registry()
    # process_* (RSS, CPU seconds, open fds): what dashboards and sizing in docs/deploy.md read.
    ProcessCollector(registry=registry)
    health = Health()
    server = None
    ports: dict[str, int] = {}
    if opts.serve_metrics and config.metrics.enabled:
        # Started before the model loads: the startup probe only needs the server to answer.
        server = metrics_server(config, registry, health).start()
        ports["metrics"] = server.port
        scheme = "https" if config.metrics.web_config.tls_server_config is not None else "http"
        log.info("metrics on %s://%s:%d/metrics", scheme, config.metrics.host, server.port)
    if config.pipeline.malloc_arenas:
        # Before the model loads: torch's threads take their arenas then.
        bound_arenas(config.pipeline.malloc_arenas)
    if config.pipeline.malloc_mmap_threshold_bytes:
        fix_mmap_threshold(config.pipeline.malloc_mmap_threshold_bytes)
    try:
        c = build(config)
        metrics = build_metrics(c, registry, [config.source.type])
        queue = open_queue(c) if opts.write_queue else None
        if queue is not None:
            metrics.watch_queue(queue.depth)
        kafka = None
        sinks: list[Sink] = []
        if isinstance(config.source, KafkaSourceConfig) or config.queue.kafka.enabled:
            from agent.kafka.assemble import build_kafka  # kafka-python loads only when configured

            kafka = build_kafka(config, c, registry, opts.write_queue)
        if queue is not None:
            # Kafka records that cannot become samples go raw to the dead-letter topic instead.
            sinks.append(FlagsOnly(queue) if kafka is not None and kafka.source is not None else queue)
        if kafka is not None:
            from agent.sinks.kafka import KafkaFlagSink
            from agent.sinks.outbox import PublishOnce

            # With the SQLite queue on, it also records what the flagged topic acknowledged, so a
            # redelivered batch is not published twice (agent/sinks/outbox.py).
            sinks.extend(
                PublishOnce(s, queue) if queue is not None and isinstance(s, KafkaFlagSink) else s for s in kafka.sinks
            )
        scrubber, retraining_metrics = build_scrubber(config, registry)
        # Cycle closing and retention run beside the pipeline on their own connections to the queue.
        jobs = RetrainingJobs(config, retraining_metrics) if queue is not None else None
        # Per-group outcome disparity (agent/disparity.py): an observer exporting on the same registry.
        disparity = build_disparity(config.disparity, c.taxonomy.group_axis, registry)
        pipeline = Pipeline(
            c.analyser,
            config.pipeline,
            sinks=sinks,
            metrics=metrics,
            sampling_metrics=SamplingMetrics(registry, config.sampling.rate),
            observers=[*opts.observers, *disparity, *_trimmer(config)],
            known_categories=KNOWN_CATEGORIES,
            scrubber=scrubber,
        )
        health.pipeline = pipeline
        drift = _attach_drift(config, c, metrics, pipeline, opts)
        if drift is not None and server is not None:
            from agent.drift.admin import PATH, retraining_route

            if (route := retraining_route(drift, config.metrics.host)) is not None:
                server.routes[("POST", PATH)] = route  # the server's dispatcher reads `routes` per request
        source = open_source(config, c, metrics, kafka.source if kafka is not None else None)
        if isinstance(source, HttpSource):
            ports["http"] = source.port
            log.info("accepting samples on http://%s:%d/v1/samples", config.source.host, source.port)  # type: ignore[union-attr]
        release_load_garbage()
        health.ready = True
        if opts.on_ready is not None:
            opts.on_ready(ports)
        try:
            if drift is not None:
                drift.start()
            if jobs is not None:
                jobs.start()
            pipeline.run(source, stop, opts.on_batch)
            if opts.before_stop is not None:
                opts.before_stop(ports)
        finally:
            if jobs is not None:
                jobs.stop()
            if drift is not None:
                drift.stop()
            source.close()
            if kafka is not None:
                kafka.close()
            if queue is not None:
                queue.close()
        return pipeline
    finally:
        if server is not None:
            server.stop()
