"""Start-up checks that need no network: files present and matching, ports bindable, paths writable.

`check-config` runs them and reports every problem; `run` runs them first so an operator reads one
line per problem and an exit code (2: the configuration is wrong, 1: the machine is), not a
traceback from deep inside model loading. Kafka brokers are not contacted here.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from agent.config import AgentConfig, FileSourceConfig, HttpSourceConfig

Kind = Literal["config", "environment"]


@dataclass(frozen=True)
class Problem:
    kind: Kind  # config: fix the file (exit 2); environment: fix the machine (exit 1)
    message: str


def exit_code(problems: list[Problem]) -> int:
    if not problems:
        return 0
    return 2 if any(p.kind == "config" for p in problems) else 1


def _model_dimension(path: Path) -> int | None:
    """The sentence embedding size a model folder declares, or None when it does not say."""
    for name, key in (("1_Pooling/config.json", "word_embedding_dimension"), ("config.json", "hidden_size")):
        try:
            value = json.loads((path / name).read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(value, int):
            return value
    return None


def _exported_dimension(config: AgentConfig) -> int | None:
    """The embedding size of the exported encoder the agent would load, or None when there is none."""
    from agent.embedder import default_encoder_dir
    from agent.encoder import manifest as mf

    try:
        return mf.load(default_encoder_dir(config.embedding_model)).dimension
    except Exception:  # no artefact, or no way to name it: the source model is checked instead
        return None


def _embedding(config: AgentConfig) -> list[Problem]:
    from detectors.registry import available

    options = config.detector_options()
    specs = available()
    if not any(specs[name].needs_embeddings for name in options):
        return []
    problems: list[Problem] = []
    model_path: Path | None = None
    # A runtime-only install (the image) has the exported encoder and no source model at all.
    exported = _exported_dimension(config) if config.embedding_model.backend == "onnx" else None
    if config.embedding_model.path is not None:
        model_path = Path(config.embedding_model.path)
        if not ((model_path / "modules.json").exists() or (model_path / "config.json").exists()):
            problems.append(
                Problem("config", f"embedding_model.path: {model_path} is not a sentence-transformers model folder")
            )
            model_path = None
    elif exported is None:
        try:
            from agent.embedder import bundled_model_path

            model_path = bundled_model_path()
        except Exception as exc:  # the extra is not installed: say which one
            problems.append(Problem("environment", str(exc)))
    dimension = exported if exported is not None else _model_dimension(model_path) if model_path else None
    embedding = options.get("embedding")
    if embedding is not None:
        from detectors import head as head_module

        head_path = getattr(embedding, "head_path", None)
        try:
            head = head_module.load(head_path)
        except ValueError as exc:
            problems.append(Problem("config", f"detectors.embedding.head_path: {exc}"))
        else:
            if dimension is not None and head.dimension != dimension:
                problems.append(
                    Problem(
                        "config",
                        f"detectors.embedding.head_path: the head expects {head.dimension}-dimensional embeddings "
                        f"but the model gives {dimension}; rebuild it with `biaswatch train-detector`",
                    )
                )
    return problems


def _bindable(key: str, host: str, port: int) -> list[Problem]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return [Problem("config", f"{key}.host: cannot resolve {host!r}: {exc.strerror}")]
    if port == 0:
        return []
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        # As the server binds: a port in TIME_WAIT is not "in use".
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as exc:
            return [Problem("environment", f"{key}.port: cannot listen on {host}:{port}: {exc.strerror}")]
    return []


def _writable_file(key: str, path: Path) -> list[Problem]:
    parent = path.parent if str(path.parent) else Path(".")
    existing = parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent  # the queue creates missing folders: the nearest existing one must be writable
    if path.exists() and not os.access(path, os.W_OK):
        return [Problem("environment", f"{key}: {path} is not writable")]
    if not os.access(existing, os.W_OK | os.X_OK):
        return [Problem("environment", f"{key}: cannot create {path}: {existing} is not writable")]
    return []


def _tls(config: AgentConfig) -> list[Problem]:
    tls = config.metrics.web_config.tls_server_config
    if tls is None:
        return []
    import ssl

    from agent.tlsserver import ssl_context

    try:
        ssl_context(tls)  # loads certificate, key and CA as the server will
    except (OSError, ssl.SSLError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return [Problem("config", f"metrics.web_config.tls_server_config: {reason} ({tls.cert_file}, {tls.key_file})")]
    return []


def check(config: AgentConfig, *, write_queue: bool = True) -> list[Problem]:
    """Every problem found, in the order an operator would fix them."""
    problems: list[Problem] = []
    src = config.source
    if isinstance(src, FileSourceConfig) and src.path != "-":
        p = Path(src.path)
        if not p.is_file():
            problems.append(Problem("config", f"source.path: {p} is not a file"))
        elif not os.access(p, os.R_OK):
            problems.append(Problem("environment", f"source.path: {p} is not readable"))
    if isinstance(src, HttpSourceConfig):
        problems += _bindable("source", src.host, src.port)
    if config.metrics.enabled:
        problems += _bindable("metrics", config.metrics.host, config.metrics.port)
        problems += _tls(config)
    if write_queue:
        problems += _writable_file("queue.sqlite.path", Path(config.queue.sqlite.path))
    problems += _embedding(config)
    return problems
