"""The repeat filter: first line through, repeats dropped for the interval, then counted."""

from __future__ import annotations

import logging

from agent.logfilter import RepeatFilter


def _record(name: str, msg: str, *args: object, level: int = logging.ERROR) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


def test_repeats_are_dropped_then_counted_and_other_loggers_pass() -> None:
    now = [0.0]
    f = RepeatFilter("kafka", interval=30, clock=lambda: now[0])
    assert f.filter(_record("kafka.net.manager", "Connection failed: %s", "ECONNREFUSED port 4001"))
    for i in range(5):
        now[0] += 1
        # The same failure with another port is the same kind of line.
        assert not f.filter(_record("kafka.net.manager", "Connection failed: %s", f"ECONNREFUSED port {4002 + i}"))
    assert f.filter(_record("kafka.net.manager", "Metadata refresh failed"))  # another kind
    assert f.filter(_record("kafkaesque", "Connection failed: x"))  # not the library's logger
    assert f.filter(_record("agent.sources.kafka", "kafka: reconnected"))
    now[0] = 31.0
    later = _record("kafka.net.manager", "Connection failed: %s", "ECONNREFUSED port 4010")
    assert f.filter(later)
    assert later.getMessage() == "Connection failed: ECONNREFUSED port 4010 [5 more like it in the last 31 s]"
    now[0] = 62.0
    quiet = _record("kafka.net.manager", "Connection failed: %s", "ECONNREFUSED port 4011")
    assert f.filter(quiet) and quiet.getMessage().endswith("port 4011")  # nothing dropped since: no count


def test_a_malformed_log_call_passes_to_the_handler_unfiltered() -> None:
    f = RepeatFilter("kafka")
    assert f.filter(_record("kafka.conn", "%d nodes", "not a number"))  # logging reports it, as without us


def test_installing_twice_leaves_one_filter_per_handler() -> None:
    from agent.logfilter import rate_limit

    handler = logging.StreamHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        rate_limit("kafka")
        rate_limit("kafka")  # a second agent started in the same process
        assert sum(isinstance(f, RepeatFilter) for f in handler.filters) == 1
    finally:
        root.removeHandler(handler)
