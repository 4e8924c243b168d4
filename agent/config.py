"""Configuration: YAML into typed models. Unknown keys and bad values are errors naming the key."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from agent.errors import ConfigError

_SECRET_REF = re.compile(r"^\$\{(env|file):([^}]+)\}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileSourceConfig(_Strict):
    """Read JSONL from a file, or from stdin when `path` is "-"."""

    type: Literal["file"] = Field("file", description="selects the JSONL file/stdin source")
    path: str = Field("-", description='JSONL file to read; "-" reads standard input')


class HttpSourceConfig(_Strict):
    """Accept samples on `POST /v1/samples` (the sidecar path)."""

    type: Literal["http"] = Field("http", description="selects the HTTP source")
    host: str = Field("127.0.0.1", description="address to listen on; keep it on localhost in a sidecar")
    port: int = Field(8787, ge=0, le=65535, description="port to listen on (0 picks a free one)")
    max_body_bytes: int = Field(10 * 1024 * 1024, ge=1024, description="larger bodies get 413")
    queue_capacity: int = Field(10_000, ge=1, description="records held before POSTs get 503")
    respond_after: Literal["durable", "enqueued"] = Field(
        "durable",
        description="durable: answer 202 once the records are processed and stored; "
        "enqueued: answer as soon as they are queued in memory",
    )
    ack_timeout_seconds: float = Field(30.0, gt=0, description="longest a durable POST waits")
    auth_token: SecretStr | None = Field(
        None, description="if set, POSTs need `Authorization: Bearer <token>`; use ${env:..} or ${file:..}"
    )
    threads: int = Field(16, ge=1, le=256, description="handler threads (a durable POST holds one until stored)")
    connection_limit: int = Field(512, ge=1, description="open connections before new ones wait in the listen backlog")
    backlog: int = Field(1024, ge=1, description="listen backlog (capped by the kernel's somaxconn)")
    idle_timeout_seconds: int = Field(
        30, ge=1, description="a connection idle (or stalled mid-request) this long is closed (whole seconds)"
    )


class KafkaSecurityConfig(_Strict):
    """How to reach a secured cluster; secrets come from `${env:..}` or `${file:..}` and are never logged."""

    protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="Kafka security protocol"
    )
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = Field(
        None, description="SASL mechanism (with a SASL_* protocol)"
    )
    sasl_username: str | None = Field(None, description="SASL user name")
    sasl_password: SecretStr | None = Field(None, description="SASL password; use ${env:..} or ${file:..}")
    ssl_cafile: str | None = Field(None, description="CA bundle used to verify the brokers")
    ssl_certfile: str | None = Field(None, description="client certificate (mutual TLS)")
    ssl_keyfile: str | None = Field(None, description="client private key (mutual TLS)")
    ssl_password: SecretStr | None = Field(None, description="password of the client key; use ${env:..} or ${file:..}")
    ssl_check_hostname: bool = Field(True, description="verify that the broker certificate names the host")

    @model_validator(mode="after")
    def _sasl_complete(self) -> KafkaSecurityConfig:
        if self.protocol.startswith("SASL_"):
            if self.sasl_mechanism is None or self.sasl_username is None or self.sasl_password is None:
                raise ValueError(f"{self.protocol} needs sasl_mechanism, sasl_username and sasl_password")
        elif self.sasl_mechanism is not None:
            raise ValueError(f"sasl_mechanism needs protocol SASL_PLAINTEXT or SASL_SSL, not {self.protocol}")
        return self


class KafkaSourceConfig(_Strict):
    """Consume samples from Kafka topics in a consumer group; offsets are committed only once flags are durable."""

    type: Literal["kafka"] = Field("kafka", description="selects the Kafka consumer-group source")
    bootstrap_servers: list[str] = Field(min_length=1, description="host:port of one or more brokers")
    topics: list[str] = Field(min_length=1, description="topics to consume")
    group_id: str = Field("biaswatch", min_length=1, description="consumer group; replicas share the partitions")
    group_instance_id_env: str | None = Field(
        "POD_NAME",
        description="environment variable holding a stable member id (static membership, no rebalance on "
        "restart); unset or empty variable: dynamic membership",
    )
    client_id: str = Field("biaswatch", description="client id shown in broker logs and quotas")
    auto_offset_reset: Literal["earliest", "latest"] = Field(
        "earliest", description="where to start when the group has no committed offset (or it vanished)"
    )
    dead_letter_topic: str = Field(
        "biaswatch-dead-letters", min_length=1, description="raw records that can never become samples go here"
    )
    max_in_flight: int = Field(
        5000, ge=1, description="records taken but not yet committed before partitions are paused (backpressure)"
    )
    assignor: Literal["cooperative-sticky", "range", "roundrobin"] = Field(
        "cooperative-sticky",
        description="partition assignment strategy: cooperative-sticky moves only the partitions that must move "
        "(members keep consuming during a rebalance); range and roundrobin revoke everything first (eager). "
        "Every member of a group must name the same one",
    )
    check_crcs: bool = Field(
        False,
        description="verify the CRC-32C of every fetched record batch. Off by default, as in librdkafka: brokers "
        "verify it when records are produced and TCP/TLS protect the wire, and kafka-python computes it in pure "
        "Python (about half the consumer's CPU; docs/kafka.md). Turn it on to detect corruption at rest on the brokers",
    )
    session_timeout_ms: int = Field(45_000, ge=1000, description="group session timeout")
    heartbeat_interval_ms: int = Field(3000, ge=100, description="group heartbeat interval")
    max_poll_interval_ms: int = Field(
        300_000, ge=1000, description="longest gap between polls before the member is removed from the group"
    )
    commit_timeout_seconds: float = Field(
        30.0,
        gt=0,
        description="longest an offset commit may go unanswered before it counts as failed and the newest "
        "durable offsets are sent again; also the bound of the final commit at shutdown",
    )
    security: KafkaSecurityConfig = Field(default_factory=KafkaSecurityConfig)


SourceConfig = Annotated[FileSourceConfig | HttpSourceConfig | KafkaSourceConfig, Field(discriminator="type")]


class FieldMapping(_Strict):
    """Dotted paths from a user's log record to the canonical sample (`choices.0.message.content`)."""

    id: str | None = Field("id", description="path of the sample id; absent ids get a content hash")
    ts: str | None = Field("ts", description="path of the timestamp (ISO 8601 or epoch seconds)")
    model: str | None = Field("model", description="path of the model name")
    prompt: str | None = Field("prompt", description="path of the prompt string")
    messages: str | None = Field("messages", description="path of a chat `messages` list")
    response: str = Field("response", description="path of the response text (required)")
    metadata: str | None = Field("metadata", description="path of a metadata object kept with the sample")


class LimitsConfig(_Strict):
    max_record_bytes: int = Field(64 * 1024, ge=256, description="largest accepted record")
    oversize_policy: Literal["reject", "truncate"] = Field(
        "reject", description="reject: dead-letter oversized records; truncate: cut prompt/response to fit"
    )
    max_depth: int = Field(32, ge=2, le=500, description="deepest JSON nesting accepted")


class PipelineConfig(_Strict):
    batch_size: int = Field(
        256, ge=1, le=4096, description="most records per detector call; larger batches pad less when embedding"
    )
    batch_timeout_seconds: float = Field(0.5, gt=0, description="longest wait to fill a batch")
    liveness_timeout_seconds: float = Field(
        60.0, gt=0, description="/livez fails when the loop has not ticked for this long"
    )
    malloc_arenas: int = Field(
        2,
        ge=0,
        le=64,
        description="glibc malloc arenas (MALLOC_ARENA_MAX); 0: glibc's default (agent/memory.py)",
    )
    malloc_mmap_threshold_bytes: int = Field(
        1024 * 1024,
        ge=0,
        le=32 * 1024 * 1024,
        description="glibc serves allocations this large or larger from mmap, returned on free "
        "(MALLOC_MMAP_THRESHOLD_): keeps the encoder's activations off the heap; 0: glibc's dynamic threshold "
        "(agent/memory.py)",
    )
    malloc_trim_interval_seconds: float = Field(
        5.0, ge=0, description="hand freed heap back to the system at most this often between batches; 0: never"
    )


class TlsServerConfig(_Strict):
    """TLS for the metrics server, shaped like the Prometheus exporter toolkit's `tls_server_config`."""

    cert_file: str = Field(..., min_length=1, description="PEM certificate (chain) the metrics server presents")
    key_file: str = Field(..., min_length=1, description="PEM private key of `cert_file`")
    client_ca_file: str | None = Field(
        None, description="PEM CA bundle; when set, scrapers must present a client certificate it signed (mTLS)"
    )
    min_version: Literal["TLS12", "TLS13"] = Field("TLS12", description="oldest TLS version accepted")


class WebConfig(_Strict):
    """TLS and basic auth for /metrics, in the exporter toolkit's web-config shape (docs/configuration.md)."""

    tls_server_config: TlsServerConfig | None = Field(
        None, description="serve /metrics, /livez and /readyz over HTTPS only (plaintext is refused)"
    )
    basic_auth_users: dict[str, str] = Field(
        default_factory=dict,
        description="user: bcrypt hash (`htpasswd -nBC 10 USER`); /metrics then needs one of them; "
        "/livez and /readyz never do (kubelet probes send no credentials)",
    )

    @field_validator("basic_auth_users")
    @classmethod
    def _bcrypt_hashes(cls, users: dict[str, str]) -> dict[str, str]:
        for user, digest in users.items():
            if ":" in user or not user:
                raise ValueError(f"user {user!r}: a basic-auth user name is non-empty and has no ':'")
            # The password itself here would be accepted by nothing and leak through the file.
            if not re.fullmatch(r"\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}", digest):
                raise ValueError(f"user {user!r}: not a bcrypt hash (expected $2y$10$ followed by 53 characters)")
        return users


class MetricsConfig(_Strict):
    enabled: bool = Field(True, description="serve /metrics, /livez and /readyz")
    host: str = Field("0.0.0.0", description="address for /metrics, /livez and /readyz")
    port: int = Field(9464, ge=0, le=65535, description="port for /metrics (0 picks a free one)")
    models: list[str] = Field(default_factory=list, description="model label allow-list; others become `other`")
    max_models: int = Field(20, ge=1, description="without an allow-list, distinct model labels kept before `other`")
    threads: int = Field(4, ge=1, le=64, description="handler threads for /metrics, /livez and /readyz")
    connection_limit: int = Field(64, ge=1, description="open scrape/probe connections before new ones wait")
    idle_timeout_seconds: int = Field(30, ge=1, description="an idle scrape connection is closed after this (seconds)")
    web_config: WebConfig = Field(
        default_factory=WebConfig, description="TLS and basic auth for the metrics server (exporter toolkit style)"
    )


class SqliteQueueConfig(_Strict):
    path: str = Field("biaswatch-queue.sqlite", description="SQLite file for flagged samples and dead letters")
    synchronous: Literal["NORMAL", "FULL"] = Field(
        "FULL", description="FULL survives power loss; NORMAL only process crashes"
    )
    busy_timeout_ms: int = Field(5000, ge=0, description="wait for a lock held by a reviewer tool")


class KafkaSinkConfig(_Strict):
    """Flagged samples to a topic, keyed by sample id (schema: agent/schemas/flagged-sample.schema.json)."""

    enabled: bool = Field(False, description="also write flagged samples to Kafka")
    topic: str = Field("biaswatch-flagged", min_length=1, description="topic for flagged samples")
    bootstrap_servers: list[str] | None = Field(
        None, description="brokers for the flagged topic; default: the Kafka source's brokers"
    )
    client_id: str = Field("biaswatch-producer", description="producer client id")
    delivery_timeout_seconds: float = Field(
        30.0, gt=0, description="longest a batch may wait for acks=all before the write is retried"
    )
    security: KafkaSecurityConfig | None = Field(
        None, description="security for these brokers; default: the Kafka source's security"
    )


class QueueConfig(_Strict):
    sqlite: SqliteQueueConfig = Field(default_factory=SqliteQueueConfig)
    kafka: KafkaSinkConfig = Field(default_factory=KafkaSinkConfig)


class SamplingConfig(_Strict):
    """Which samples are analysed, and how the embedding detectors shed load when the source lags."""

    rate: float = Field(
        1.0, gt=0.0, le=1.0, description="share of samples analysed, chosen by a hash of the sample id (deterministic)"
    )
    shed_when_lag_above: int | None = Field(
        None, ge=0, description="records of source lag above which embedding detectors see only `shed_ratio`"
    )
    shed_ratio: float = Field(
        0.25, ge=0.0, le=1.0, description="share of samples the embedding detectors see while shedding"
    )


class EmbeddingModelConfig(_Strict):
    path: str | None = Field(
        None, description="sentence-transformers model folder; default: the bundled all-MiniLM-L6-v2"
    )
    backend: Literal["onnx", "torch"] = Field(
        "onnx",
        description="onnx: the exported int8 encoder on onnxruntime (no torch); torch: sentence-transformers "
        "(needs the [train] extra)",
    )
    onnx_path: str | None = Field(
        None,
        description="exported encoder folder (`biaswatch export-encoder`); default: $BIASWATCH_ENCODER_DIR, "
        "else the user cache, exported there on first use when the [train] extra is installed",
    )
    batch_size: int = Field(
        64,
        ge=1,
        le=1024,
        description="torch backend: most texts per forward pass (passes are also bounded by `max_batch_tokens`); "
        "the onnx backend encodes each text in a pass of its own, so its int8 activation scales, and the score, "
        "do not depend on what else is in the batch",
    )
    max_batch_tokens: int = Field(
        4096,
        ge=256,
        le=262_144,
        description="torch backend: most padded tokens per forward pass (texts x longest length): bounds the "
        "encoder's memory whatever the text lengths (the onnx backend's passes hold one text)",
    )
    max_seq_length: int = Field(256, ge=16, le=512, description="tokens kept per response")
    threads: int | None = Field(
        None,
        ge=1,
        description="encoder threads: the onnx backend runs this many texts' passes at once, one thread each; torch "
        "splits each pass across them; default: onnx, the cores the process may use (its CPU affinity, bounded by "
        "a cgroup v2 CPU quota), torch, all cores",
    )
    finetuned: bool = Field(
        True,
        description="apply the bundled fine-tuned encoder layers (detectors/data/encoder_delta.safetensors, when "
        "present) to the bundled model; the result has its own model id (`+ft.<delta>`) and ONNX export; ignored "
        "with `path`, which names a complete model",
    )


# --- drift (agent/drift/) -------------------------------------------------------------------------

DriftTest = Literal["mmd", "ks", "tail", "flag_rate", "cusum", "group_disparity", "classifier"]
# `classifier` is opt-in: five model fits per evaluation, and it needs scikit-learn.
DRIFT_TESTS: tuple[DriftTest, ...] = ("mmd", "ks", "tail", "flag_rate", "cusum", "group_disparity")


class BaselineConfig(_Strict):
    path: str | None = Field(
        None,
        description="baseline .npz to load (from `biaswatch baseline build`); when absent it is built from the "
        "first `reference_size` samples of the stream and written here",
    )
    reference_size: int = Field(
        1000, ge=50, le=20_000, description="samples per model kept as reference (embedding and score subsample)"
    )
    refresh: Literal["manual", "scheduled", "retraining"] = Field(
        "manual",
        description="manual: only `biaswatch baseline build` replaces it; scheduled: rebuilt from recent traffic "
        "every `refresh_interval_seconds`; retraining: rebuilt from the first samples after a retraining boundary",
    )
    refresh_interval_seconds: float = Field(
        7 * 86400.0, gt=0, description="period of the scheduled refresh (refresh: scheduled)"
    )
    admin_token: SecretStr | None = Field(
        None,
        description="bearer token for `POST /admin/retraining-boundary` on the metrics port (refresh: retraining); "
        "without it the route is served only when `metrics.host` is a loopback address",
    )


class DriftConfig(_Strict):
    enabled: bool = Field(False, description="run drift tests against a reference baseline")
    by_model: bool = Field(True, description="one window and baseline per model label; false pools all models")
    by_axis: bool = Field(
        False,
        description="also run MMD per identity axis (rows whose prompt or response names a group of the axis), "
        "as test `mmd_by_axis`; Bonferroni over the axes tested",
    )
    min_axis_samples: int = Field(
        30, ge=5, description="an axis enters `mmd_by_axis` once window and reference each hold this many of its rows"
    )
    tests: list[DriftTest] = Field(
        default_factory=lambda: list(DRIFT_TESTS),
        description="tests to run; `mmd` needs an embedding detector (it reads the shared embeddings)",
    )
    window_size: int = Field(500, ge=20, le=20_000, description="samples per evaluated window (non-overlapping)")
    alpha: float = Field(0.01, gt=0, lt=0.5, description="false-alarm rate per test and evaluation")
    consecutive: int = Field(
        1, ge=1, le=10, description="windows in a row that must show drift before `drift_alert` is raised"
    )
    permutations: int = Field(500, ge=50, le=10_000, description="permutations of the MMD test")
    tail_quantiles: list[float] = Field(
        default_factory=lambda: [0.9, 0.99],
        min_length=1,
        description="reference score quantiles whose exceedances the `tail` test counts (Bonferroni over them)",
    )
    min_group_samples: int = Field(
        5,
        ge=1,
        description="a group is tested for disparity drift once its window holds this many samples "
        "(the per-group test is exact, so small counts are valid, only less powerful)",
    )
    cusum_shift: float = Field(
        2.0, gt=1.0, le=10.0, description="flag-rate multiple the CUSUM is tuned to catch quickly"
    )
    cadence_seconds: float = Field(
        60.0, gt=0, description="how often `run` checks for full windows (replay uses the record index instead)"
    )
    seed: int = Field(0, description="seed of permutations and simulations, for reproducible p-values")
    baseline: BaselineConfig = Field(default_factory=BaselineConfig)

    @field_validator("tail_quantiles")
    @classmethod
    def _quantiles(cls, qs: list[float]) -> list[float]:
        bad = [q for q in qs if not 0.5 <= q < 1.0]
        if bad:
            raise ValueError(f"tail quantiles must be in [0.5, 1): {bad}")
        return qs


class DisparityConfig(_Strict):
    """Per-group outcome disparity over a rolling window (agent/disparity.py)."""

    enabled: bool = Field(True, description="track per-group response outcomes and export disparity gauges")
    window_seconds: float = Field(3600.0, gt=0, description="rolling window the per-group rates cover")
    buckets: int = Field(60, ge=1, le=3600, description="time buckets in the window (older ones expire whole)")
    min_samples: int = Field(
        30, ge=1, description="a group with fewer samples in the window reports insufficient data (NaN)"
    )
    refusal_patterns: list[str] = Field(
        default_factory=list, description="extra refusal regular expressions, added to the bundled ones"
    )
    sentiment_sample_rate: float = Field(
        0.2,
        gt=0.0,
        le=1.0,
        description="share of samples (by hash of id) whose sentiment is scored; VADER costs ~0.7 ms a "
        "response, so 1.0 caps lexicon-only throughput near 2,500 samples/s on 2 cores",
    )

    @field_validator("refusal_patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"not a regular expression ({exc}): {p!r}") from None
        return patterns


RedactionType = Literal["EMAIL", "PHONE", "CARD", "IBAN", "IP", "URL", "SECRET"]
REDACTION_TYPES: tuple[RedactionType, ...] = ("EMAIL", "PHONE", "CARD", "IBAN", "IP", "URL", "SECRET")


class CustomPattern(_Strict):
    name: str = Field(pattern=r"^[A-Z][A-Z0-9_]{0,31}$", description="placeholder name: matches become `<NAME>`")
    pattern: str = Field(min_length=1, description="Python regular expression")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, p: str) -> str:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"not a regular expression ({exc}): {p!r}") from None
        return p


class RedactionConfig(_Strict):
    """PII and secrets replaced by typed placeholders before any sink, log line or export (agent/retraining/)."""

    enabled: bool = Field(
        True, description="redact stored text; turning it off is recorded in every queued row and Kafka message"
    )
    types: list[RedactionType] = Field(
        default_factory=lambda: list(REDACTION_TYPES), description="built-in types to redact"
    )
    phone_regions: list[str] = Field(
        default_factory=lambda: ["US", "GB", "DE", "FR", "IN", "BR", "AU", "JP", "ES", "IT", "NL", "CA", "MX"],
        description="regions whose national phone formats are recognised (numbers written with + are always)",
    )
    entropy_min_length: int = Field(24, ge=12, description="shortest token judged as a possible high-entropy secret")
    entropy_bits_per_char: float = Field(
        3.6, gt=0, le=8, description="Shannon entropy above which such a token is a secret"
    )
    custom: list[CustomPattern] = Field(default_factory=list, description="extra patterns and their placeholder names")
    redact_logs: bool = Field(True, description="also redact the agent's own log lines")


class CycleConfig(_Strict):
    close_cron: str | None = Field(
        None,
        description="crontab expression (5 fields, APScheduler) on which `run` closes the open retraining cycle; "
        "null: only `biaswatch cycle close` does",
    )
    timezone: str = Field("UTC", description="time zone of `close_cron`")

    @field_validator("close_cron")
    @classmethod
    def _cron(cls, expr: str | None) -> str | None:
        if expr is None:
            return None
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(expr)
        except ValueError as exc:
            raise ValueError(f"not a crontab expression ({exc}): {expr!r}") from None
        return expr


class RetentionConfig(_Strict):
    pending_ttl_days: float | None = Field(
        90.0, gt=0, description="pending (unreviewed) flags older than this are evicted; reviewed ones are kept"
    )
    max_rows: int | None = Field(
        200_000, ge=1, description="size cap on flagged rows: the oldest pending rows go first; reviewed ones stay"
    )
    dead_letter_ttl_days: float | None = Field(30.0, gt=0, description="dead letters older than this are deleted")
    interval_seconds: float = Field(3600.0, gt=0, description="how often `run` applies retention")


class HarvestConfig(_Strict):
    near_duplicate_cosine: float = Field(
        0.95, gt=0, le=1, description="embedding cosine at or above which two prompts are near-duplicates"
    )
    near_duplicate_jaccard: float = Field(
        0.8,
        gt=0,
        le=1,
        description="without embeddings: word-trigram Jaccard at or above which two prompts are near-duplicates",
    )
    max_group_share: float = Field(
        0.25, gt=0, le=1, description="most of the harvest any one identity group may take (after augmentation)"
    )
    counterfactuals_per_sample: int = Field(
        3, ge=0, le=20, description="counterfactual variants per harvested prompt (group terms swapped)"
    )
    matched_benign: int = Field(
        0, ge=0, description="benign samples added per group from rejected flags (what to keep), 0: none"
    )
    seed: int = Field(13, description="seed for augmentation and balancing choices (reproducible harvests)")


class RetrainingConfig(_Strict):
    """Retraining cycles, queue retention and the harvest (docs/retraining.md)."""

    cycle: CycleConfig = Field(default_factory=CycleConfig)
    retention: RetentionConfig = Field(default_factory=RetentionConfig)
    harvest: HarvestConfig = Field(default_factory=HarvestConfig)


def _default_detectors() -> dict[str, dict[str, Any] | None]:
    return {"groups": {}, "harm_lexicon": {}, "answer_choice": {}, "embedding": {}}


class AgentConfig(_Strict):
    source: SourceConfig = Field(default_factory=FileSourceConfig)
    mapping: FieldMapping = Field(default_factory=FieldMapping)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    pipeline: PipelineConfig = Field(default_factory=PipelineConfig)
    metrics: MetricsConfig = Field(default_factory=MetricsConfig)
    queue: QueueConfig = Field(default_factory=QueueConfig)
    embedding_model: EmbeddingModelConfig = Field(default_factory=EmbeddingModelConfig)
    sampling: SamplingConfig = Field(default_factory=SamplingConfig)
    disparity: DisparityConfig = Field(default_factory=DisparityConfig)
    detectors: dict[str, dict[str, Any] | None] = Field(
        default_factory=_default_detectors,
        description="detector name -> options; a detector absent here is off",
    )
    drift: DriftConfig = Field(default_factory=DriftConfig)
    redaction: RedactionConfig = Field(default_factory=RedactionConfig)
    retraining: RetrainingConfig = Field(default_factory=RetrainingConfig)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="log verbosity (stderr)")

    @model_validator(mode="after")
    def _kafka_sink_has_brokers(self) -> AgentConfig:
        sink = self.queue.kafka
        if sink.enabled and sink.bootstrap_servers is None and not isinstance(self.source, KafkaSourceConfig):
            raise ValueError("queue.kafka.bootstrap_servers is required unless the source is kafka")
        return self

    def digest(self) -> str:
        """Stable hash of the effective configuration, recorded with every flag; secrets masked."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]

    def detector_options(self) -> dict[str, BaseModel]:
        """Validated options per enabled detector (validated again here; cheap)."""
        return _validate_detectors(self.detectors, lines={})


def _validate_detectors(raw: dict[str, Any], lines: dict[tuple[Any, ...], int]) -> dict[str, BaseModel]:
    from detectors.registry import available

    specs = available()
    out: dict[str, BaseModel] = {}
    for name, opts in raw.items():
        where = _where(("detectors", name), lines)
        if name not in specs:
            known = ", ".join(sorted(specs))
            raise ConfigError(f"detectors.{name}{where}: unknown detector (known: {known})")
        if opts is None:
            opts = {}
        if not isinstance(opts, dict):
            raise ConfigError(f"detectors.{name}{where}: expected a mapping of options")
        try:
            model = specs[name].options.model_validate(opts)
        except ValidationError as exc:
            raise ConfigError(_format(exc, ("detectors", name), lines)) from None
        if getattr(model, "enabled", True):
            out[name] = model
    return out


def _where(path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> str:
    for n in range(len(path), 0, -1):
        if path[:n] in lines:
            return f" (line {lines[path[:n]]})"
    return ""


def _format(exc: ValidationError, prefix: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> str:
    msgs = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        if len(loc) > 2 and loc[0] == "source" and loc[1] in ("file", "http", "kafka"):
            # Discriminated unions add the tag to the location; drop it so the key reads as written.
            loc = loc[:1] + loc[2:]
        path = prefix + loc
        key = ".".join(str(p) for p in path) or "<root>"
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        msgs.append(f"{key}{_where(path, lines)}: {msg}")
    return "invalid configuration: " + "; ".join(msgs)


def _line_map(
    node: yaml.Node, path: tuple[Any, ...] = (), out: dict[tuple[Any, ...], int] | None = None
) -> dict[tuple[Any, ...], int]:
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            p = (*path, key_node.value)
            out[p] = key_node.start_mark.line + 1
            _line_map(value_node, p, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            p = (*path, i)
            out[p] = item.start_mark.line + 1
            _line_map(item, p, out)
    return out


def _resolve_secrets(value: Any, path: tuple[Any, ...]) -> Any:
    if isinstance(value, dict):
        return {k: _resolve_secrets(v, (*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve_secrets(v, (*path, i)) for i, v in enumerate(value)]
    if isinstance(value, str):
        m = _SECRET_REF.match(value)
        if m:
            key = ".".join(str(p) for p in path)
            kind, ref = m.groups()
            if kind == "env":
                if ref not in os.environ:
                    raise ConfigError(f"{key}: environment variable {ref} is not set")
                return os.environ[ref]
            try:
                return Path(ref).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"{key}: cannot read secret file {ref}: {exc.strerror}") from None
    return value


def parse_config(text: str, origin: str = "<config>") -> AgentConfig:
    try:
        node = yaml.compose(text)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin}: not valid YAML: {exc}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: the top level must be a mapping")
    lines = _line_map(node) if node is not None else {}
    raw = _resolve_secrets(raw, ())
    try:
        config = AgentConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{origin}: " + _format(exc, (), lines)) from None
    try:
        _validate_detectors(config.detectors, lines)
    except ConfigError as exc:
        raise ConfigError(f"{origin}: {exc}") from None
    return config


def load_config(path: str | Path) -> AgentConfig:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read configuration: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{p}: configuration is not UTF-8") from None
    return parse_config(text, str(p))
