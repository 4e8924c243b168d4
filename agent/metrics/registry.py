"""Builds the one CollectorRegistry a run exports: `_created` samples off (nobody reads them and they
were about a quarter of all series), so every caller that builds a registry for the agent goes
through `new_registry()`."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, disable_created_metrics


def new_registry() -> CollectorRegistry:
    # A process-wide switch in prometheus_client: it must be set before the first counter is declared.
    disable_created_metrics()  # type: ignore[no-untyped-call]  # untyped in prometheus_client 0.26
    return CollectorRegistry()
