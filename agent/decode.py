"""Raw bytes to a Sample, or to an Invalid with a reason from a fixed, bounded set."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from agent.config import FieldMapping, LimitsConfig
from agent.sample import Sample

# The label values of biaswatch_invalid_samples_total; pre-created so the series exist at 0.
REASONS = (
    "empty_record",
    "invalid_utf8",
    "invalid_json",
    "too_deep",
    "not_an_object",
    "oversized",
    "missing_response",
    "invalid_response",
    "empty_response",
    "invalid_prompt",
    "invalid_id",
    "invalid_timestamp",
    "invalid_metadata",
    # Decoded, but a later stage (features, a detector, a sink) raised on it alone: dead-lettered
    # with the stage so one bad record never stops its batch or loops on redelivery.
    "poison",
)

# Where a record turned out to be poison: the label values of biaswatch_poison_records_total.
STAGES = ("decode", "features", "detector", "sink")

# The label values of biaswatch_repaired_samples_total: text that was mended, not refused. A lone
# UTF-16 surrogate (the JSON escape \ud800, which truncated LLM output produces) cannot be encoded
# as UTF-8, so the tokenizer, SQLite, Kafka and every JSON writer downstream would raise on it; NUL
# ends C strings in several of them. Both become U+FFFD once, here; the raw bytes stay on the Record
# for the dead-letter path.
REPAIRS = ("lone_surrogate", "nul")
REPLACEMENT = "\ufffd"
_UNSAFE = re.compile("[\ud800-\udfff\x00]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# Beyond this multiple of the limit even the truncate policy rejects: parsing it is the attack.
_TRUNCATE_HARD_CAP = 16
_MISSING = object()


@dataclass(frozen=True, slots=True)
class Invalid:
    reason: str
    message: str
    stage: str = "decode"


def _compile(path: str | None) -> tuple[str | int, ...] | None:
    if path is None:
        return None
    return tuple(int(p) if p.isdigit() else p for p in path.split("."))


def _get(record: Any, path: tuple[str | int, ...] | None) -> Any:
    if path is None:
        return _MISSING
    cur = record
    for part in path:
        if isinstance(part, int) and isinstance(cur, list):
            if part >= len(cur):
                return _MISSING
            cur = cur[part]
        elif isinstance(cur, dict):
            if str(part) not in cur:
                return _MISSING
            cur = cur[str(part)]
        else:
            return _MISSING
    return cur


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether an object or array sits deeper than `limit` (the top level is depth 1)."""
    if not isinstance(value, dict | list):
        return False
    # Only containers are stacked: most values of a record are strings and numbers.
    stack: list[tuple[dict[Any, Any] | list[Any], int]] = [(value, 1)]
    while stack:
        cur, depth = stack.pop()
        if depth > limit:
            return True
        for v in cur.values() if isinstance(cur, dict) else cur:
            if isinstance(v, dict | list):
                stack.append((v, depth + 1))
    return False


def _repair_str(text: str, found: set[str]) -> str:
    if _UNSAFE.search(text) is None:
        return text
    if "\x00" in text:
        found.add("nul")
    if _SURROGATE.search(text) is not None:
        found.add("lone_surrogate")
    return _UNSAFE.sub(REPLACEMENT, text)


def repair(value: Any, found: set[str]) -> Any:
    """`value` with every string (keys too) made encodable; adds what was mended to `found`.

    Recursion is bounded: callers check the nesting depth first.
    """
    if isinstance(value, str):
        return _repair_str(value, found)
    if isinstance(value, dict):
        return {_repair_str(k, found): repair(v, found) for k, v in value.items()}
    if isinstance(value, list):
        return [repair(v, found) for v in value]
    return value


def safe_text(text: str) -> str:
    """`text` with lone surrogates and NULs replaced: for logs and error messages built from input."""
    return _UNSAFE.sub(REPLACEMENT, text)


def _cut(text: str, max_bytes: int) -> tuple[str, bool]:
    raw = text.encode("utf-8")
    if len(raw) <= max_bytes:
        return text, False
    return raw[:max_bytes].decode("utf-8", errors="ignore"), True


def _cut_messages(messages: list[Any], max_bytes: int) -> tuple[list[Any], bool]:
    share = max(max_bytes // len(messages), 1)
    out, cut_any = [], False
    for m in messages:
        content = m.get("content")
        if isinstance(content, str):
            content, cut = _cut(content, share)
            cut_any = cut_any or cut
            m = {**m, "content": content}
        out.append(m)
    return out, cut_any


def _parse_ts(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        ts = float(value)
        if not math.isfinite(ts) or ts < 0:
            return None
        return ts / 1000.0 if ts > 1e12 else ts  # epoch milliseconds are common in gateways
    if isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return dt.timestamp()
    return None


def content_id(model: str, prompt: Any, messages: Any, response: str, ts: Any) -> str:
    """Stable id for records without one: the same content always hashes the same."""
    blob = json.dumps([model, prompt, messages, response, ts], sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


class Decoder:
    def __init__(self, mapping: FieldMapping, limits: LimitsConfig) -> None:
        self.limits = limits
        self._id = _compile(mapping.id)
        self._ts = _compile(mapping.ts)
        self._model = _compile(mapping.model)
        self._prompt = _compile(mapping.prompt)
        self._messages = _compile(mapping.messages)
        self._response = _compile(mapping.response)
        self._metadata = _compile(mapping.metadata)
        self.response_path = mapping.response

    def decode(self, payload: bytes, received_at: float) -> Sample | Invalid:
        limit = self.limits.max_record_bytes
        truncate = False
        if len(payload) > limit:
            if self.limits.oversize_policy == "reject" or len(payload) > limit * _TRUNCATE_HARD_CAP:
                return Invalid("oversized", f"record is {len(payload)} bytes; the limit is {limit}")
            truncate = True
        if not payload.strip():
            return Invalid("empty_record", "the record is empty")
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Invalid("invalid_utf8", f"record is not UTF-8 (byte {exc.start})")
        try:
            record = json.loads(text)
        except RecursionError:
            return Invalid("too_deep", f"JSON nesting exceeds {self.limits.max_depth} levels")
        except json.JSONDecodeError as exc:
            return Invalid("invalid_json", f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        # Valid UTF-8 cannot carry a surrogate or a raw NUL into a JSON string: only a \u escape can.
        # Each array or object opens with a bracket of the text, so a text with no more brackets
        # than the depth limit cannot nest deeper (almost every record: no walk over its values).
        return self.from_object(
            record,
            received_at,
            truncate,
            repair_text="\\u" in text,
            check_depth=text.count("{") + text.count("[") > self.limits.max_depth,
        )

    def from_object(
        self,
        record: Any,
        received_at: float,
        truncate: bool = False,
        repair_text: bool = True,
        check_depth: bool = True,
    ) -> Sample | Invalid:
        """`check_depth=False` only when the record cannot nest deeper than the limit (`decode`)."""
        if not isinstance(record, dict):
            return Invalid("not_an_object", f"expected a JSON object, got {type(record).__name__}")
        # The whole record, unmapped fields included: metadata is stored and re-serialised whole.
        if check_depth and _depth_exceeds(record, self.limits.max_depth):
            return Invalid("too_deep", f"JSON nesting exceeds {self.limits.max_depth} levels")
        repairs: set[str] = set()
        if repair_text:
            record = repair(record, repairs)
        response = _get(record, self._response)
        if response is _MISSING or response is None:
            return Invalid("missing_response", f"no response at {self.response_path!r}")
        if not isinstance(response, str):
            return Invalid("invalid_response", f"response must be a string, got {type(response).__name__}")
        if not response.strip():
            return Invalid("empty_response", "response is empty")
        prompt = _get(record, self._prompt)
        messages = _get(record, self._messages)
        if prompt is _MISSING or prompt is None:
            prompt = None
        elif isinstance(prompt, list):
            messages, prompt = prompt, None  # a chat list under `prompt` is still a chat prompt
        elif not isinstance(prompt, str):
            return Invalid("invalid_prompt", f"prompt must be a string or a messages list, got {type(prompt).__name__}")
        if messages is _MISSING or messages is None:
            messages = None
        elif not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
            return Invalid("invalid_prompt", "messages must be a list of objects")
        metadata = _get(record, self._metadata)
        if metadata is _MISSING or metadata is None:
            metadata = {}
        elif not isinstance(metadata, dict):
            return Invalid("invalid_metadata", f"metadata must be an object, got {type(metadata).__name__}")
        model_raw = _get(record, self._model)
        model = "unknown" if model_raw is _MISSING or model_raw is None else str(model_raw)
        ts_raw = _get(record, self._ts)
        if ts_raw is _MISSING or ts_raw is None:
            ts = received_at
        else:
            parsed = _parse_ts(ts_raw)
            if parsed is None:
                return Invalid("invalid_timestamp", f"cannot read timestamp {str(ts_raw)[:40]!r}")
            ts = parsed
        truncated = False
        if truncate:
            half = self.limits.max_record_bytes // 2
            response, cut_r = _cut(response, half)
            cut_p = False
            if prompt is not None:
                prompt, cut_p = _cut(prompt, half)
            if messages:
                messages, cut_p = _cut_messages(messages, half)
            truncated = cut_r or cut_p
        id_raw = _get(record, self._id)
        if id_raw is _MISSING or id_raw is None:
            sample_id = content_id(model, prompt, messages, response, ts_raw if ts_raw is not _MISSING else None)
        elif isinstance(id_raw, str | int) and not isinstance(id_raw, bool) and str(id_raw).strip():
            sample_id = str(id_raw)
            if len(sample_id) > 256:
                return Invalid("invalid_id", "id is longer than 256 characters")
        else:
            return Invalid("invalid_id", f"id must be a non-empty string or integer, got {type(id_raw).__name__}")
        return Sample(
            id=sample_id,
            ts=ts,
            model=model,
            response=response,
            prompt=prompt,
            messages=messages,
            metadata=metadata,
            truncated=truncated,
            repairs=tuple(sorted(repairs)),
        )
