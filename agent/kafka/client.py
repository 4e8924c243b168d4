"""Configuration to kafka-python keyword arguments, shared by the consumer and the producer."""

from __future__ import annotations

import os
from typing import Any

from agent.config import KafkaSecurityConfig, KafkaSourceConfig


def security_options(sec: KafkaSecurityConfig) -> dict[str, Any]:
    """Only the keys the protocol needs; secrets are revealed here and nowhere else (never logged)."""
    out: dict[str, Any] = {"security_protocol": sec.protocol}
    if sec.protocol.startswith("SASL_"):
        assert sec.sasl_password is not None  # the config validator guarantees the SASL triple
        out.update(
            sasl_mechanism=sec.sasl_mechanism,
            sasl_plain_username=sec.sasl_username,
            sasl_plain_password=sec.sasl_password.get_secret_value(),
        )
    if sec.protocol.endswith("SSL"):
        out.update(
            ssl_cafile=sec.ssl_cafile,
            ssl_certfile=sec.ssl_certfile,
            ssl_keyfile=sec.ssl_keyfile,
            ssl_password=sec.ssl_password.get_secret_value() if sec.ssl_password else None,
            ssl_check_hostname=sec.ssl_check_hostname,
        )
    return out


def group_instance_id(cfg: KafkaSourceConfig) -> str | None:
    """The static member id from the pod's environment, or None for dynamic membership."""
    if cfg.group_instance_id_env is None:
        return None
    return os.environ.get(cfg.group_instance_id_env) or None
