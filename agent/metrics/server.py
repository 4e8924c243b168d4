"""The metrics server's own families: every answer of /metrics, /livez and /readyz by status code, and
TLS certificate reloads when metrics.web_config has a tls_server_config."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter


def metrics_server_observer(registry: CollectorRegistry) -> Callable[[str | None, int, float], None]:
    """Counts every answer; 401 is a scrape refused by basic auth (metrics.web_config)."""
    requests = Counter(
        "biaswatch_metrics_server_requests",
        "Requests to the metrics server by status code (401: wrong or missing basic auth)",
        ["code"],
        registry=registry,
    )
    for code in ("200", "401", "404", "503"):  # present at 0, so a rate() of refusals works from the start
        requests.labels(code)

    def observe(_path: str | None, code: int, _seconds: float) -> None:
        requests.labels(str(code)).inc()

    return observe


def tls_reload_observer(registry: CollectorRegistry) -> Callable[[bool], None]:
    """Counts certificate reloads: `reloaded`, or `rejected` when the changed files do not load."""
    reloads = Counter(
        "biaswatch_metrics_server_tls_reloads",
        "Changed TLS certificate files seen by the metrics server (rejected: they did not load; the previous "
        "certificate is still served)",
        ["result"],
        registry=registry,
    )
    for result in ("reloaded", "rejected"):
        reloads.labels(result)

    def observe(ok: bool) -> None:
        reloads.labels("reloaded" if ok else "rejected").inc()

    return observe
