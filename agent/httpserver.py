"""A small threaded HTTP server with a path dispatcher, shared by /metrics and the http source."""

from __future__ import annotations

import hmac
import json
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import SecretStr

log = logging.getLogger(__name__)


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
        return cls(status, json.dumps(payload).encode(), "application/json", headers or {})


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    handler: BaseHTTPRequestHandler

    body_read: bool = False

    def content_length(self) -> int | None:
        """The declared body length, or None when the header is not a non-negative integer."""
        raw = self.headers.get("content-length", "0").strip() or "0"
        return int(raw) if raw.isascii() and raw.isdigit() else None

    def read_body(self, limit: int) -> bytes | None:
        """The body, or None when it is larger than `limit` (the connection is then closed)."""
        length = self.content_length() or 0
        if length > limit:
            return None
        self.body_read = True
        return self.handler.rfile.read(length) if length else b""


Route = Callable[[Request], Response]

# A client that goes away mid-response (a probe timing out, a scraper restarting) is routine.
CLIENT_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # socketserver's default prints a traceback to stderr for every error, disconnects included.
        error = sys.exc_info()[1]
        if isinstance(error, CLIENT_GONE):
            log.debug("client %s disconnected: %s", client_address[0], error)
        else:
            log.exception("error serving %s", client_address[0])


class HttpServer:
    def __init__(self, host: str, port: int, routes: dict[tuple[str, str], Route], name: str) -> None:
        self.routes = routes
        server_self = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _dispatch(self) -> None:
                path = self.path.split("?", 1)[0]
                route = server_self.routes.get((self.command, path))
                if route is None and self.headers.get("Content-Length", "0") not in ("", "0"):
                    self.close_connection = True
                if route is None:
                    known = any(p == path for _, p in server_self.routes)
                    resp = Response(405 if known else 404, b"method not allowed\n" if known else b"not found\n")
                else:
                    req = Request(self.command, path, {k.lower(): v for k, v in self.headers.items()}, self)
                    try:
                        resp = route(req)
                    except Exception:  # a handler bug must not kill the server thread
                        log.exception("%s %s failed", self.command, path)
                        resp = Response(500, b"internal error\n")
                    if not req.body_read and (req.content_length() or 0) > 0:
                        # An unread body would be parsed as the next request on this connection.
                        self.close_connection = True
                self.send_response(resp.status)
                self.send_header("Content-Type", resp.content_type)
                self.send_header("Content-Length", str(len(resp.body)))
                for k, v in resp.headers.items():
                    self.send_header(k, v)
                if self.close_connection:
                    self.send_header("Connection", "close")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(resp.body)

            do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _dispatch  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                log.debug("%s " + format, self.address_string(), *args)

        self._server = _Server((host, port), Handler)
        self._server.daemon_threads = True
        # A short poll interval keeps shutdown (SIGTERM, tests) quick; the cost is an idle wake-up.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> HttpServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def unauthorized(req: Request, token: SecretStr | None) -> Response | None:
    """The 401 to send when a bearer token is configured and the request lacks it; None lets it through."""
    if token is None:
        return None
    given = req.headers.get("authorization", "")
    # Constant-time, so the token cannot be guessed a byte at a time from response latency.
    if hmac.compare_digest(given.encode(), f"Bearer {token.get_secret_value()}".encode()):
        return None
    return Response.json(401, {"error": "missing or wrong bearer token"})
