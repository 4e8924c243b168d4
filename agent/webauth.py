"""Basic auth for /metrics against bcrypt hashes, as the Prometheus exporter toolkit's `basic_auth_users` does.

bcrypt is slow on purpose (tens of milliseconds at cost 10), and Prometheus scrapes with the same
credentials every interval, so a verified (user, password, hash) triple is remembered by its
SHA-256 and later scrapes cost a hash lookup. Unknown users are checked against a fixed hash, so the
answer takes as long whether the user exists or not. Credentials are never logged: failures are
logged (rate-limited by the caller) with the client address and the reason only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import threading
from collections.abc import Callable

import bcrypt

from agent.httpserver import Request, Response, Route

AUTH_LOGGER = "agent.webauth"
log = logging.getLogger(AUTH_LOGGER)

# A fixed hash (cost 10, as htpasswd -B makes), checked for unknown users so timing does not tell
# which users exist; no password matches it that anyone would send.
_DUMMY = b"$2b$10$9bPclTGfVnQKhvgabbI6g.uNT0.VZRE1hvMbsJ.Se42YQ0sDirHMq"
_CACHE_MAX = 64


def _credentials(header: str) -> tuple[str, bytes] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        raw = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    user, sep, password = raw.partition(b":")
    if not sep:
        return None
    return user.decode("utf-8", "replace"), password


class BasicAuth:
    def __init__(self, users: dict[str, str], on_failure: Callable[[], None] | None = None) -> None:
        self.users = {u: h.encode() for u, h in users.items()}
        self.on_failure = on_failure
        self._verified: set[bytes] = set()
        self._lock = threading.Lock()

    def _check(self, user: str, password: bytes) -> bool:
        digest = self.users.get(user)
        key = hashlib.sha256(b"\0".join([user.encode(), password, digest or b""])).digest()
        with self._lock:
            if digest is not None and key in self._verified:
                return True
        ok = bcrypt.checkpw(password, digest or _DUMMY) and digest is not None
        if ok:
            with self._lock:
                if len(self._verified) >= _CACHE_MAX:  # bounded whatever clients send
                    self._verified.clear()
                self._verified.add(key)
        return ok

    def denied(self, req: Request) -> Response | None:
        """The 401 to answer, or None when the request carries a configured user's password."""
        creds = _credentials(req.headers.get("authorization", ""))
        if creds is not None and self._check(*creds):
            return None
        reason = "no basic credentials" if creds is None else "wrong user or password"
        # The client address only: a user name can be a mistyped password.
        log.warning("%s %s refused: %s (from %s)", req.method, req.path, reason, req.client or "?")
        if self.on_failure is not None:
            self.on_failure()
        return Response(401, b"unauthorized\n", headers={"WWW-Authenticate": 'Basic realm="biaswatch"'})

    def guard(self, route: Route) -> Route:
        def guarded(req: Request) -> Response:
            return self.denied(req) or route(req)

        return guarded
