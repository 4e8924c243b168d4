"""The metrics server when TLS is configured: uvicorn (asyncio + h11) with the same routes as agent/httpserver.py.

waitress cannot terminate TLS, and wrapping its sockets ourselves would run each handshake on its one
I/O thread, so a client that connects and sends nothing would stall every scrape and probe. cheroot's
builtin TLS adapter has the same flaw (the handshake runs on its accept thread; cherrypy/cheroot#748).
asyncio performs handshakes without blocking its loop and gives up on one after a timeout, so
uvicorn serves TLS with one event loop for every connection, like waitress does for plaintext.
Handlers stay the synchronous Route functions and run on a bounded thread pool. Only this server
uses it; the http source (localhost sidecar traffic) stays on waitress.
"""

from __future__ import annotations

import asyncio
import io
import logging
import socket
import ssl
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import uvicorn

from agent.certreload import CertReloader
from agent.config import TlsServerConfig
from agent.httpserver import Observer, Request, Response, Route, ServerLimits

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

_VERSIONS = {"TLS12": ssl.TLSVersion.TLSv1_2, "TLS13": ssl.TLSVersion.TLSv1_3}


def ssl_context(tls: TlsServerConfig) -> ssl.SSLContext:
    """The server context: certificate, oldest version, and client certificates when a CA is given.

    Raises OSError / ssl.SSLError with the file at fault, which preflight and `run` report in one line.
    """
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.minimum_version = _VERSIONS[tls.min_version]
    ctx.load_cert_chain(tls.cert_file, tls.key_file)
    if tls.client_ca_file:
        ctx.load_verify_locations(cafile=tls.client_ca_file)
        ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def _bind(host: str, port: int, backlog: int) -> socket.socket:
    # Bound here, not in uvicorn's thread: the port is known (port 0) and "in use" raises in the caller.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


class TlsHttpServer:
    """HttpServer's interface (routes, port, start, stop) over HTTPS."""

    def __init__(
        self,
        host: str,
        port: int,
        routes: dict[tuple[str, str], Route],
        name: str,
        tls: TlsServerConfig,
        limits: ServerLimits | None = None,
        observe: Observer | None = None,
        on_reload: Callable[[bool], None] | None = None,
    ) -> None:
        self.routes = routes
        self.name = name
        self.observe = observe
        lim = limits or ServerLimits()
        self._max_body = lim.max_body_bytes
        # Before binding: a bad certificate fails without holding the port. Renewed files are picked
        # up at the next handshake (agent/certreload.py).
        self.certs = CertReloader(tls, ssl_context, on_reload)
        context = self.certs.context
        self._pool = ThreadPoolExecutor(max_workers=lim.threads, thread_name_prefix=f"{name}-handler")
        self._sock = _bind(host, port, lim.backlog)
        config = uvicorn.Config(
            self._app,
            http="h11",
            interface="asgi3",
            proxy_headers=False,  # the peer address is the client; nobody is trusted to rewrite it
            lifespan="off",
            log_config=None,
            access_log=False,
            server_header=False,
            date_header=False,
            # Beyond this many open connections uvicorn answers 503 at once instead of queueing them.
            limit_concurrency=lim.connection_limit,
            backlog=lim.backlog,
            timeout_keep_alive=lim.idle_timeout_seconds,
            timeout_graceful_shutdown=5,
            ssl_context_factory=lambda _config, _default: context,
        )
        self._server = uvicorn.Server(config)
        # uvicorn logs every request at INFO when its access logger has any handler (the root's
        # count); a scrape every 15 s is not news. Its errors (uvicorn.error) still reach the log.
        logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        try:
            asyncio.run(self._server.serve(sockets=[self._sock]))
        except Exception:
            log.exception("%s server stopped", self.name)

    async def _read_body(self, receive: Receive, declared: int | None) -> bytes | None:
        if declared is not None and declared > self._max_body:
            return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b""  # the client went away; the handler sees an empty body
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self._max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        t0 = time.perf_counter()
        method = str(scope["method"])
        path = str(scope["path"]) or "/"
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        route = self.routes.get((method, path))
        if route is None:
            known = any(p == path for _, p in self.routes)
            resp = Response(405 if known else 404, b"method not allowed\n" if known else b"not found\n")
        else:
            client = scope.get("client")
            req = Request(method, path, headers, client=str(client[0]) if client else "")
            body = await self._read_body(receive, req.content_length())
            if body is None:
                resp = Response(413, b"body too large\n")
            else:
                req.body_stream = io.BytesIO(body)
                resp = await asyncio.get_running_loop().run_in_executor(self._pool, self._call, route, req)
        out = [(b"content-type", resp.content_type.encode()), (b"content-length", str(len(resp.body)).encode())]
        out += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in resp.headers.items()]
        await send({"type": "http.response.start", "status": resp.status, "headers": out})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else resp.body})
        if self.observe is not None:
            self.observe(path if route is not None else None, resp.status, time.perf_counter() - t0)

    def _call(self, route: Route, req: Request) -> Response:
        try:
            return route(req)
        except Exception:  # a handler bug answers 500 and leaves the server up
            log.exception("%s %s failed", req.method, req.path)
            return Response(500, b"internal error\n")

    @property
    def port(self) -> int:
        return int(self._sock.getsockname()[1])

    def start(self) -> TlsHttpServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)  # uvicorn offers no start event; this is start-up, not a test
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._sock.close()
