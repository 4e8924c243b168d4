"""The HTTP edge shared by /metrics and the http source: waitress behind a small path dispatcher.

waitress (pure Python, no C build) does the parts that are easy to get wrong by hand: one I/O
thread multiplexes every connection, so idle or slow clients cost a socket, not a thread; a request
reaches a handler only once its headers and its whole body (Content-Length or chunked) have
arrived, so a short body is never processed and never desynchronises a kept-alive connection (and
gets a 400 when the client half-closes or the idle timeout ends it); idle connections are closed
after `idle_timeout_seconds`; open connections are capped and the listen
backlog is real. Handlers are plain functions from Request to Response, run on a bounded thread pool.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import IO, Any

from pydantic import SecretStr
from waitress.channel import HTTPChannel
from waitress.server import create_server

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerLimits:
    """How much any set of clients may hold of the server (see docs/configuration.md)."""

    threads: int = 8
    connection_limit: int = 512
    backlog: int = 1024
    idle_timeout_seconds: int = 30  # waitress counts whole seconds
    # waitress refuses (413) bodies beyond this before buffering them; handlers enforce their own
    # smaller limit with a precise message.
    max_body_bytes: int = 1024 * 1024


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
    headers: dict[str, str]  # lower-case names
    body_stream: IO[bytes] | None = None
    client: str = ""  # the peer's address, for log lines

    def content_length(self) -> int | None:
        """The declared body length, or None when the header is not a non-negative integer."""
        raw = self.headers.get("content-length", "0").strip() or "0"
        return int(raw) if raw.isascii() and raw.isdigit() else None

    def read_body(self, limit: int) -> bytes | None:
        """The body, or None when it is larger than `limit`."""
        length = self.content_length() or 0
        if length > limit:
            return None
        if not length or self.body_stream is None:
            return b""
        return self.body_stream.read(length)


Route = Callable[[Request], Response]
# Called after every answered request with the route's path (None: no route), status and seconds.
Observer = Callable[[str | None, int, float], None]

# A client that goes away mid-response (a probe timing out, a scraper restarting) is routine.
CLIENT_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    out = {k[5:].replace("_", "-").lower(): str(v) for k, v in environ.items() if k.startswith("HTTP_")}
    if "CONTENT_TYPE" in environ:
        out["content-type"] = str(environ["CONTENT_TYPE"])
    if "CONTENT_LENGTH" in environ and environ["CONTENT_LENGTH"] != "":
        out["content-length"] = str(environ["CONTENT_LENGTH"])
    return out


def _status(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Unknown"


_INCOMPLETE = b"incomplete request: the connection ended before the body declared by Content-Length arrived\n"
_BAD_REQUEST = (
    b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
    b"Content-Length: %d\r\n\r\n%s" % (len(_INCOMPLETE), _INCOMPLETE)
)


class _Channel(HTTPChannel):
    """waitress's connection, answering 400 to a request it is about to drop half-read.

    waitress closes a connection whose request never completes (the client half-closed it, or it
    sat idle past the timeout) without a word, and never runs the handler. The client is still
    owed an answer: this writes one 400 in the same close path. Nothing was processed either way.
    """

    observe: Observer | None = None

    def handle_close(self) -> None:
        partial = self.request
        if partial is not None and not partial.completed and not self.requests and self.connected:
            # ~150 bytes into an empty send buffer never block; OSError: the client has gone entirely.
            with contextlib.suppress(OSError):
                if self.socket is not None:
                    self.socket.send(_BAD_REQUEST)
            if self.observe is not None:
                self.observe(None, 400, 0.0)
        super().handle_close()


class HttpServer:
    def __init__(
        self,
        host: str,
        port: int,
        routes: dict[tuple[str, str], Route],
        name: str,
        limits: ServerLimits | None = None,
        observe: Observer | None = None,
    ) -> None:
        self.routes = routes  # read per request: routes may be added after start (drift admin)
        self.name = name
        self.observe = observe
        lim = limits or ServerLimits()
        self._server: Any = create_server(
            self._app,
            host=host,
            port=port,
            threads=lim.threads,
            connection_limit=lim.connection_limit,
            backlog=lim.backlog,
            channel_timeout=lim.idle_timeout_seconds,
            # How often idle connections are looked for (whole seconds): they close within
            # idle_timeout_seconds plus this.
            cleanup_interval=max(1, min(lim.idle_timeout_seconds // 4, 5)),
            max_request_body_size=lim.max_body_bytes,
            ident=None,  # no Server header: nothing to fingerprint
            expose_tracebacks=False,
            asyncore_use_poll=True,  # select() stops at 1024 descriptors
            # Short, so stop() (SIGTERM, tests) is quick; the cost is an idle wake-up.
            asyncore_loop_timeout=0.05,
        )
        # A class per server, so the observer reaches the channels waitress creates on accept.
        server: Any = self._server
        server.channel_class = type("Channel", (_Channel,), {"observe": staticmethod(observe) if observe else None})
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        try:
            self._server.run()
        except Exception:  # the I/O loop dying would silently stop the endpoint: say so
            log.exception("%s server stopped", self.name)

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        t0 = time.perf_counter()
        method = str(environ["REQUEST_METHOD"])
        path = str(environ.get("PATH_INFO", "")) or "/"
        route = self.routes.get((method, path))
        if route is None:
            known = any(p == path for _, p in self.routes)
            resp = Response(405 if known else 404, b"method not allowed\n" if known else b"not found\n")
        else:
            req = Request(
                method, path, _headers(environ), environ.get("wsgi.input"), str(environ.get("REMOTE_ADDR", ""))
            )
            try:
                resp = route(req)
            except Exception:  # a handler bug must not kill the worker thread
                log.exception("%s %s failed", method, path)
                resp = Response(500, b"internal error\n")
        headers = [("Content-Type", resp.content_type), ("Content-Length", str(len(resp.body)))]
        headers += list(resp.headers.items())
        start_response(_status(resp.status), headers)
        if self.observe is not None:
            self.observe(path if route is not None else None, resp.status, time.perf_counter() - t0)
        # HEAD: the headers (Content-Length included) without the body; waitress allows the mismatch.
        return [] if method == "HEAD" else [resp.body]

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    def start(self) -> HttpServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        # No new connections, let running handlers finish, then close what is left; the loop ends
        # once it has nothing to watch.
        from waitress import wasyncore

        server = self._server
        # Only the listening socket here: waitress's own close() also closes the trigger that a
        # handler still running pulls when it finishes, which then fails with EBADF.
        wasyncore.dispatcher.close(server)
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        server.trigger.close()
        wasyncore.close_all(server._map)
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def open_connections(self) -> int:
        """Client connections currently open (the listening socket and waitress's trigger excluded)."""
        from waitress.channel import HTTPChannel

        return sum(1 for ch in list(self._server._map.values()) if isinstance(ch, HTTPChannel))


def unauthorized(req: Request, token: SecretStr | None) -> Response | None:
    """The 401 to send when a bearer token is configured and the request lacks it; None lets it through."""
    if token is None:
        return None
    given = req.headers.get("authorization", "")
    # Constant-time, so the token cannot be guessed a byte at a time from response latency.
    if hmac.compare_digest(given.encode(), f"Bearer {token.get_secret_value()}".encode()):
        return None
    return Response.json(401, {"error": "missing or wrong bearer token"})
