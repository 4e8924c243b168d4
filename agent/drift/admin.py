"""`POST /admin/retraining-boundary` on the metrics server: start a baseline refresh (refresh: retraining).

202 when a refresh starts (each model's reference is rebuilt from its next samples; the file from
before is kept as `*.prev.npz`), 409 while a previous one is still building, 401 without the
configured bearer token. Without a token the route is only served on a loopback address: it
changes what every later alert is compared with.
"""

from __future__ import annotations

import ipaddress
import logging

from pydantic import SecretStr

from agent.drift.runtime import DriftRuntime
from agent.httpserver import Request, Response, Route, unauthorized

log = logging.getLogger(__name__)

PATH = "/admin/retraining-boundary"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def retraining_route(drift: DriftRuntime, host: str) -> Route | None:
    """The route, or None (logged) when it must not be served."""
    cfg = drift.config.baseline
    if cfg.refresh != "retraining":
        return None
    token: SecretStr | None = cfg.admin_token
    if token is None and not _loopback(host):
        log.warning("drift: %s not served: metrics.host %s is not loopback and no admin_token is set", PATH, host)
        return None

    def handle(req: Request) -> Response:
        denied = unauthorized(req, token)
        if denied is not None:
            return denied
        if req.read_body(4096) is None:
            return Response.json(413, {"error": "this endpoint takes no body"})
        if not drift.retraining_boundary():
            pending = sorted(drift.monitor.refreshing)
            return Response.json(409, {"error": "a baseline refresh is already running", "pending": pending})
        log.info("drift: retraining boundary requested over HTTP")
        return Response.json(
            202,
            {
                "status": "refresh started",
                "revision": drift.monitor.baseline.revision,
                "pending": sorted(drift.monitor.refreshing),
            },
        )

    return handle
