"""The metrics server's own family: every answer of /metrics, /livez and /readyz by status code."""

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
