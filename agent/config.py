"""Configuration: YAML into typed models. Unknown keys and bad values are errors naming the key."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

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


SourceConfig = Annotated[FileSourceConfig | HttpSourceConfig, Field(discriminator="type")]


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


class MetricsConfig(_Strict):
    enabled: bool = Field(True, description="serve /metrics, /livez and /readyz")
    host: str = Field("0.0.0.0", description="address for /metrics, /livez and /readyz")
    port: int = Field(9464, ge=0, le=65535, description="port for /metrics (0 picks a free one)")
    models: list[str] = Field(default_factory=list, description="model label allow-list; others become `other`")
    max_models: int = Field(20, ge=1, description="without an allow-list, distinct model labels kept before `other`")


class SqliteQueueConfig(_Strict):
    path: str = Field("biaswatch-queue.sqlite", description="SQLite file for flagged samples and dead letters")
    synchronous: Literal["NORMAL", "FULL"] = Field(
        "FULL", description="FULL survives power loss; NORMAL only process crashes"
    )
    busy_timeout_ms: int = Field(5000, ge=0, description="wait for a lock held by a reviewer tool")


class QueueConfig(_Strict):
    sqlite: SqliteQueueConfig = Field(default_factory=SqliteQueueConfig)


class EmbeddingModelConfig(_Strict):
    path: str | None = Field(
        None, description="sentence-transformers model folder; default: the bundled all-MiniLM-L6-v2"
    )
    batch_size: int = Field(
        16, ge=1, le=1024, description="texts per forward pass; small passes of length-sorted texts pad least"
    )
    max_seq_length: int = Field(256, ge=16, le=512, description="tokens kept per response")
    threads: int | None = Field(None, ge=1, description="torch threads; default: all cores")


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

    @field_validator("refusal_patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"not a regular expression ({exc}): {p!r}") from None
        return patterns


def _default_detectors() -> dict[str, dict[str, Any] | None]:
    return {"groups": {}, "harm_lexicon": {}, "embedding": {}}


class AgentConfig(_Strict):
    source: SourceConfig = Field(default_factory=FileSourceConfig)
    mapping: FieldMapping = Field(default_factory=FieldMapping)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    pipeline: PipelineConfig = Field(default_factory=PipelineConfig)
    metrics: MetricsConfig = Field(default_factory=MetricsConfig)
    queue: QueueConfig = Field(default_factory=QueueConfig)
    embedding_model: EmbeddingModelConfig = Field(default_factory=EmbeddingModelConfig)
    disparity: DisparityConfig = Field(default_factory=DisparityConfig)
    detectors: dict[str, dict[str, Any] | None] = Field(
        default_factory=_default_detectors,
        description="detector name -> options; a detector absent here is off",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="log verbosity (stderr)")

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
        if len(loc) > 2 and loc[0] == "source" and loc[1] in ("file", "http"):
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
