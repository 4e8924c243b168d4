"""Certificate rotation for the TLS metrics server without a restart.

The Prometheus exporter toolkit re-reads its certificate on every handshake, so a renewed pair
(cert-manager, a Kubernetes secret update, certbot) is served as soon as it is on disk. This does
the same for agent/tlsserver.py: the server's context has an SNI callback, which OpenSSL calls on
every ClientHello (with or without a server name); it compares the identity, size and mtime of the
certificate, key and client CA files with the loaded ones and, when one moved, loads the new set
into a fresh context and hands that to the connection. A set that does not load (key not matching
the certificate, half-written PEM, a file missing) is logged once and counted, and the previous
context keeps serving until the files change again. The callback runs on the server's one event
loop thread, so the state here needs no lock.
"""

from __future__ import annotations

import logging
import os
import ssl
from collections.abc import Callable

from agent.config import TlsServerConfig

log = logging.getLogger(__name__)

# (device, inode, size, mtime) of each file, or None where it cannot be read: os.stat follows
# symlinks, so a Kubernetes secret update (an atomic swap of the `..data` link) changes the inode.
Stamp = tuple[tuple[int, int, int, int] | None, ...]


class CertReloader:
    """Owns the server's SSLContext and swaps in a renewed certificate at the next handshake."""

    def __init__(
        self,
        tls: TlsServerConfig,
        load: Callable[[TlsServerConfig], ssl.SSLContext],
        on_reload: Callable[[bool], None] | None = None,
    ) -> None:
        self.tls = tls
        self._load = load
        self.on_reload = on_reload
        self._paths = [p for p in (tls.cert_file, tls.key_file, tls.client_ca_file) if p]
        # Stamped before loading: a file replaced in between is seen as changed at the first handshake.
        self._stamp = self._stamps()
        self._current = load(tls)  # a bad pair at start raises, as before (a start-up error)
        self._refused: Stamp | None = None
        self.context = self._current
        self.context.sni_callback = self._on_client_hello

    def _stamps(self) -> Stamp:
        out: list[tuple[int, int, int, int] | None] = []
        for path in self._paths:
            try:
                st = os.stat(path)
            except OSError:
                out.append(None)
            else:
                out.append((st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
        return tuple(out)

    def current(self) -> ssl.SSLContext:
        """The context for a new connection: reloaded when the files changed and the new set loads."""
        stamp = self._stamps()
        if stamp == self._stamp or stamp == self._refused:
            return self._current
        try:
            fresh = self._load(self.tls)
        except (OSError, ssl.SSLError, ValueError) as exc:
            # Once per state of the files: a scrape every 15 s must not repeat it, nor retry the load.
            self._refused = stamp
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            log.warning(
                "metrics TLS: the changed certificate files do not load (%s: %s, %s); still serving the previous "
                "certificate",
                reason,
                self.tls.cert_file,
                self.tls.key_file,
            )
            if self.on_reload is not None:
                self.on_reload(False)
            return self._current
        self._stamp, self._refused, self._current = stamp, None, fresh
        log.info("metrics TLS: reloaded %s and %s", self.tls.cert_file, self.tls.key_file)
        if self.on_reload is not None:
            self.on_reload(True)
        return fresh

    def _on_client_hello(self, conn: ssl.SSLObject | ssl.SSLSocket, _name: str | None, _ctx: ssl.SSLContext) -> None:
        try:
            ctx = self.current()
            if ctx is not conn.context:
                # OpenSSL takes the certificate, key and verify store of the new context for this handshake.
                conn.context = ctx
        except Exception:  # an exception here would fail the handshake; serving the old certificate is better
            log.exception("metrics TLS: certificate reload check failed")
