"""Source `http`: `POST /v1/samples` on localhost, so a co-located model server can hand over samples.

A POST is answered 202 only once its records are durable (or queued, if so configured); when the
agent is saturated it answers 503 with Retry-After, so the caller keeps the samples and retries.
A body's records are counted against `queue_capacity` before any is accepted: all or nothing.
"""

from __future__ import annotations

import itertools
import json
import logging
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.config import HttpSourceConfig
from agent.decode import Decoder, Invalid
from agent.httpserver import HttpServer, Observer, Request, Response, ServerLimits, unauthorized
from agent.sources.base import Record, drain

PATH = "/v1/samples"
_JSON_TYPES = ("application/json",)
_NDJSON_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-lines", "application/ndjson")
_MAX_ERRORS_REPORTED = 20
# Its own logger so refused tokens can be rate-limited (agent/logfilter.py) without muting the rest.
AUTH_LOGGER = "agent.sources.http.auth"
auth_log = logging.getLogger(AUTH_LOGGER)


@dataclass
class _Ticket:
    remaining: int
    done: threading.Event = field(default_factory=threading.Event)


_FULL = _Ticket(remaining=0)  # sentinel: the body does not fit in the queue now


class HttpSource:
    name = "http"

    def __init__(
        self,
        config: HttpSourceConfig,
        decoder: Decoder,
        on_rejected_body: Any = None,
        observe: Observer | None = None,
    ) -> None:
        self.config = config
        self.decoder = decoder
        self._queue: queue.Queue[tuple[Record, _Ticket]] = queue.Queue()
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self._tickets: dict[str, _Ticket] = {}
        self._closed = False
        # Bodies refused before they could become records (413) are reported here to be counted.
        self.on_rejected_body = on_rejected_body
        limits = ServerLimits(
            threads=config.threads,
            connection_limit=config.connection_limit,
            backlog=config.backlog,
            idle_timeout_seconds=config.idle_timeout_seconds,
            # The server refuses far larger bodies before buffering them; below that the handler
            # answers 413 itself with the limit in the message, and counts it.
            max_body_bytes=2 * config.max_body_bytes,
        )
        self.server = HttpServer(
            config.host, config.port, {("POST", PATH): self._handle}, "http-source", limits, observe
        )

    def start(self) -> HttpSource:
        self.server.start()
        return self

    @property
    def port(self) -> int:
        return self.server.port

    # --- the HTTP side -------------------------------------------------------------------
    def _handle(self, req: Request) -> Response:
        if self._closed:
            return Response.json(503, {"error": "agent is shutting down"}, {"Retry-After": "1"})
        denied = unauthorized(req, self.config.auth_token)
        if denied is not None:
            # Never the token given: it may be a real token for something else.
            given = "wrong" if req.headers.get("authorization") else "no"
            auth_log.warning("refused a POST to %s: %s bearer token", PATH, given)
            return denied
        ctype = req.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if ctype not in _JSON_TYPES + _NDJSON_TYPES:
            hint = "use application/json or application/x-ndjson"
            return Response.json(415, {"error": f"unsupported Content-Type {ctype or '(none)'!r}; {hint}"})
        if "content-length" not in req.headers:
            return Response.json(411, {"error": "Content-Length is required"})
        if req.content_length() is None:
            return Response.json(400, {"error": "Content-Length must be a non-negative integer"})
        body = req.read_body(self.config.max_body_bytes)
        if body is None:
            if self.on_rejected_body is not None:
                self.on_rejected_body("body_too_large")
            return Response.json(
                413, {"error": f"body exceeds max_body_bytes ({self.config.max_body_bytes} bytes); split it"}
            )
        if len(body) < (req.content_length() or 0):
            # The client ended its side early: a partial body is never processed.
            return Response.json(400, {"error": "body is shorter than its Content-Length"})
        items, body_error = self._split(body, ctype)
        capacity = self.config.queue_capacity
        if len(items) > capacity:
            if self.on_rejected_body is not None:
                self.on_rejected_body("too_many_records")
            # Retrying cannot help: say so with 413, not 503.
            return Response.json(
                413, {"error": f"body holds {len(items)} records; queue_capacity is {capacity}; split it"}
            )
        now = time.time()
        errors: list[dict[str, Any]] = []
        n_invalid = 0
        if body_error is None:
            for index, payload in enumerate(items):
                result = self.decoder.decode(payload, now)
                if isinstance(result, Invalid):
                    n_invalid += 1
                    if len(errors) < _MAX_ERRORS_REPORTED:
                        errors.append({"index": index, "reason": result.reason, "message": result.message})
        ticket = self._enqueue(items, now)
        if ticket is None:
            return Response.json(503, {"error": "agent is shutting down"}, {"Retry-After": "1"})
        if ticket is _FULL:
            return Response.json(503, {"error": "agent is saturated; retry"}, {"Retry-After": "1"})
        if body_error is not None:
            # The raw body is queued anyway so it is dead-lettered and counted, not lost.
            return Response.json(400, {"error": body_error, "accepted": 0})
        if self.config.respond_after == "durable" and not ticket.done.wait(self.config.ack_timeout_seconds):
            return Response.json(
                503, {"error": "records queued but not yet durable; retry (ids deduplicate)"}, {"Retry-After": "1"}
            )
        accepted = len(items) - n_invalid
        if accepted == 0:
            return Response.json(400, {"error": "no valid samples in the body", "accepted": 0, "invalid": errors})
        answer: dict[str, Any] = {"accepted": accepted}
        if errors:
            answer["invalid"] = errors
            answer["invalid_count"] = n_invalid
        return Response.json(202, answer)

    def _split(self, body: bytes, ctype: str) -> tuple[list[bytes], str | None]:
        if ctype in _NDJSON_TYPES:
            lines = [ln.rstrip(b"\r") for ln in body.split(b"\n")]
            items = [ln for ln in lines if ln.strip()]
            if not items:
                return [body], "the body holds no records"
            return items, None
        try:
            parsed = json.loads(body)
        except RecursionError:
            return [body], "JSON nesting is too deep"
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return [body], f"body is not valid JSON: {exc}"
        if isinstance(parsed, list):
            if not parsed:
                return [body], "the JSON array is empty"
            return [json.dumps(item).encode() for item in parsed], None
        return [body], None

    def _enqueue(self, items: list[bytes], now: float) -> _Ticket | None:
        """Queue a body's records, or None once stop() has run: nothing may slip in after it.

        _FULL when they do not all fit in `queue_capacity` beside what is queued: checked and
        reserved under one lock, so concurrent POSTs cannot overfill it together.
        """
        ticket = _Ticket(remaining=len(items))
        with self._lock:
            if self._closed:
                return None
            if self._queue.qsize() + len(items) > self.config.queue_capacity:
                return _FULL
            for payload in items:
                pos = f"http:{next(self._seq)}"
                self._tickets[pos] = ticket
                self._queue.put((Record(payload, pos, self.name, now), ticket))
        return ticket

    # --- the pipeline side ---------------------------------------------------------------
    def poll(self, max_records: int, timeout: float) -> list[Record]:
        return [record for record, _ in drain(self._queue, max_records, timeout)]

    def commit(self, records: Sequence[Record]) -> None:
        with self._lock:
            for r in records:
                ticket = self._tickets.pop(r.position, None)
                if ticket is None:
                    continue
                ticket.remaining -= 1
                if ticket.remaining == 0:
                    ticket.done.set()

    @property
    def exhausted(self) -> bool:
        return self._closed and self._queue.empty()

    def stop(self) -> None:
        """Refuse new POSTs (503); records already queued still drain through poll()."""
        with self._lock:
            self._closed = True

    def close(self) -> None:
        self.stop()
        self.server.stop()
