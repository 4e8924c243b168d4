"""Rate-limit a library's repeated log lines, so an outage reads as a few lines, not thousands.

While a broker is away kafka-python logs the same connection error several times a second, from
several of its modules. Operators need to know that it happened and for how long; `biaswatch_kafka_up`
and our own log lines say that. This filter lets the first line of each kind through, drops the
repeats for `interval` seconds and then says how many it dropped.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable

_NUMBERS = re.compile(r"\d+")


class RepeatFilter(logging.Filter):
    def __init__(self, prefix: str, interval: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.prefix = prefix
        self.interval = interval
        self.clock = clock
        self._seen: dict[tuple[str, int, str], tuple[float, int]] = {}  # kind -> (last shown, dropped since)
        self._lock = threading.Lock()

    def _ours(self, name: str) -> bool:
        return name == self.prefix or name.startswith(self.prefix + ".")

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._ours(record.name):
            return True
        try:
            # Ports, node ids and offsets differ between repeats of the same failure.
            message = record.getMessage()
        except Exception:
            return True  # a malformed call: let the handler report it as logging does without us
        kind = (record.name, record.levelno, _NUMBERS.sub("#", message))
        # kafka-python logs from its IO and sender threads as well as ours.
        with self._lock:
            now = self.clock()
            last = self._seen.get(kind)
            if last is not None and now - last[0] < self.interval:
                self._seen[kind] = (last[0], last[1] + 1)
                return False
            if last is not None and last[1]:
                record.msg = f"{message} [{last[1]} more like it in the last {now - last[0]:.0f} s]"
                record.args = None
            self._seen[kind] = (now, 0)
            if len(self._seen) > 1000:  # bounded however varied the messages are
                self._seen = {k: v for k, v in self._seen.items() if now - v[0] < self.interval}
            return True


def rate_limit(prefix: str, interval: float = 30.0) -> None:
    """Install on every root handler (child loggers' records reach the handlers, not the root's filters).

    Once per handler: the agent can be started more than once in a process (tests, benchmarks).
    """
    f = RepeatFilter(prefix, interval)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(g, RepeatFilter) and g.prefix == prefix for g in handler.filters):
            handler.addFilter(f)
